"""Bulk writes from machines: every item is checked, all are applied or none are.

A batch of a hundred progress reports with two bad ones is refused whole, with both named:
one RFC 9457 problem whose `errors[]` has a JSON pointer per fault (`/items/3/value`), so
the sender fixes everything in one round. `?dry_run=true` runs the same checks and the
writes inside a savepoint that is rolled back: the answer is what would happen, and nothing
is written (nor audited, nor queued).

A route takes `items` as `BulkItems` (raw JSON, bounded in number) rather than a list of
models, so that one malformed item is reported with the others instead of alone; a route
with another limit bounds its own with `bulk_field(limit, …)`.

Per item, where a batch's items are independent (drafts an enterprise system saves): each
item is checked on its own (`validate_each`), the good ones are applied and each bad one is
answered with a problem of its own (`item_problem`), its pointers naming item and field.
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field, TypeAdapter
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.errors import Problem, ProblemFieldError, UpliftError, title_for
from uplift.kit.errors import _field_error as field_error  # one wording for every 422
from uplift.kit.i18n import Language

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

MAX_BULK_ITEMS = 500  # a month's reports of the largest enterprise fit in one batch


def bulk_field(limit: int, how: str = "applied all or none") -> Any:
    """The bounds of a batch's `items` (raw JSON, checked per item): 1 to `limit`."""
    return Field(min_length=1, max_length=limit, description=f"1–{limit:,} items, {how}.")


BulkItems = Annotated[list[Any], bulk_field(MAX_BULK_ITEMS)]
DryRun = Annotated[
    bool,
    Query(description="Check everything and answer what would happen, without writing."),
]


@dataclass(frozen=True)
class ItemProblem:
    """One thing wrong with one item, found by a domain check (not by the schema)."""

    pointer: str  # within the item, e.g. "/value"; "" for the item as a whole
    type: str
    en: str
    zh: str
    status: int = 422  # as the item would be answered alone: 404 for what it may not see


class BulkRejectedError(UpliftError):
    status = 422
    slug = "bulk-rejected"

    def __init__(self, problems: list[tuple[str, dict[str, Any] | ItemProblem]]) -> None:
        count = len({pointer.split("/")[2] for pointer, _ in problems})
        super().__init__(
            f"{count} of the items have problems; nothing was written",
            f"有 {count} 筆資料有誤，全部未寫入",
        )
        self.problems = problems

    def field_errors(self, language: Language) -> list[ProblemFieldError]:
        return [_rendered(pointer, problem, language) for pointer, problem in self.problems]


def _rendered(
    pointer: str, problem: dict[str, Any] | ItemProblem, language: Language
) -> ProblemFieldError:
    if isinstance(problem, ItemProblem):
        message = problem.zh if language == "zh-TW" else problem.en
        return ProblemFieldError(field=pointer, location="body", type=problem.type, message=message)
    rendered = field_error(problem, language)
    return rendered.model_copy(update={"field": pointer, "location": "body"})


def pointer_to(*parts: str | int) -> str:
    """An RFC 6901 JSON pointer: `/items/3/value`."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


Pointed = tuple[str, dict[str, Any] | ItemProblem]  # a problem and its pointer in the body


@dataclass
class Checked(Generic[Item]):
    """One item of a batch: parsed (`item`), or not, and what is wrong with it."""

    index: int
    item: Item | None
    problems: list[Pointed]


async def validate_each(
    raw_items: Sequence[Any],
    model: type[Item],
    check: Callable[[Item], Awaitable[list[ItemProblem]]] | None = None,
    *,
    field: str = "items",
) -> list[Checked[Item]]:
    """Every item parsed as `model` and, when it parses, passed through `check`; each with
    its own problems, pointed from the body's root (`/items/3/value`)."""
    adapter = TypeAdapter(model)
    checked: list[Checked[Item]] = []
    for index, raw in enumerate(raw_items):
        try:
            item = adapter.validate_python(raw)
        except PydanticValidationError as invalid:
            problems: list[Pointed] = [
                (pointer_to(field, index, *error["loc"]), {**error, "loc": ("body", *error["loc"])})
                for error in invalid.errors()
            ]
            checked.append(Checked(index, None, problems))
            continue
        found = await check(item) if check else []
        pointed: list[Pointed] = [(pointer_to(field, index) + p.pointer, p) for p in found]
        checked.append(Checked(index, item, pointed))
    return checked


async def validate_all(
    raw_items: Sequence[Any],
    model: type[Item],
    check: Callable[[Item], Awaitable[list[ItemProblem]]] | None = None,
    *,
    field: str = "items",
) -> list[Item]:
    """Every item parsed as `model` and passed through `check`; BulkRejectedError with every
    problem of every item when any has one."""
    checked = await validate_each(raw_items, model, check, field=field)
    problems = [problem for one in checked for problem in one.problems]
    if problems:
        raise BulkRejectedError(problems)
    return [one.item for one in checked if one.item is not None]


def item_problem(problems: Sequence[Pointed], language: Language) -> Problem:
    """The RFC 9457 problem of one rejected item, as it would be answered alone: the status
    of its gravest fault (404 before 409 before 422), every fault in `errors[]`."""
    statuses = [p.status if isinstance(p, ItemProblem) else 422 for _, p in problems]
    status = next((s for s in (404, 409) if s in statuses), 422)
    errors = [_rendered(pointer, problem, language) for pointer, problem in problems]
    fields = ", ".join(error.field for error in errors)
    return Problem(
        type=f"urn:uplift:problem:{_ITEM_SLUGS[status]}",
        title=title_for(status, language),
        status=status,
        detail=f"請修正：{fields}" if language == "zh-TW" else f"Please correct: {fields}",
        errors=errors,
    )


_ITEM_SLUGS = {404: "not-found", 409: "conflict", 422: "validation"}


class BulkResult(BaseModel, Generic[Outcome]):
    dry_run: bool = Field(description="True when nothing was written.")
    count: int
    items: list[Outcome] = Field(description="What each item did, or would do, in order.")


async def apply_all(
    session: AsyncSession,
    items: Sequence[Item],
    apply: Callable[[Item], Awaitable[Outcome]],
    *,
    dry_run: bool,
) -> BulkResult[Outcome]:
    """Apply every item in the request's transaction; in a dry run, inside a savepoint that
    is rolled back, so the answer is exactly what would happen and nothing stays."""
    if not dry_run:
        outcomes = [await apply(item) for item in items]
        return BulkResult[Outcome](dry_run=False, count=len(outcomes), items=outcomes)
    savepoint = await session.begin_nested()
    try:
        outcomes = [await apply(item) for item in items]
        await session.flush()
    finally:
        await savepoint.rollback()
    return BulkResult[Outcome](dry_run=True, count=len(outcomes), items=outcomes)
