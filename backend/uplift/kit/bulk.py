"""Bulk writes from machines: every item is checked, all are applied or none are.

A batch of a hundred progress reports with two bad ones is refused whole, with both named:
one RFC 9457 problem whose `errors[]` has a JSON pointer per fault (`/items/3/value`), so
the sender fixes everything in one round. `?dry_run=true` runs the same checks and the
writes inside a savepoint that is rolled back: the answer is what would happen, and nothing
is written (nor audited, nor queued).

A route takes `items` as `BulkItems` (raw JSON, bounded in number) rather than a list of
models, so that one malformed item is reported with the others instead of alone.
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field, TypeAdapter
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.errors import ProblemFieldError, UpliftError
from uplift.kit.errors import _field_error as field_error  # one wording for every 422
from uplift.kit.i18n import Language

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

MAX_BULK_ITEMS = 500  # a month's reports of the largest enterprise fit in one batch

BulkItems = Annotated[
    list[Any],
    Field(
        min_length=1,
        max_length=MAX_BULK_ITEMS,
        description=f"1–{MAX_BULK_ITEMS} items, applied all or none.",
    ),
]
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


async def validate_all(
    raw_items: Sequence[Any],
    model: type[Item],
    check: Callable[[Item], Awaitable[list[ItemProblem]]] | None = None,
    *,
    field: str = "items",
) -> list[Item]:
    """Every item parsed as `model` and passed through `check`; BulkRejectedError with every
    problem of every item when any has one."""
    adapter = TypeAdapter(model)
    problems: list[tuple[str, dict[str, Any] | ItemProblem]] = []
    items: list[Item] = []
    for index, raw in enumerate(raw_items):
        try:
            item = adapter.validate_python(raw)
        except PydanticValidationError as invalid:
            for error in invalid.errors():
                where = pointer_to(field, index, *error["loc"])
                problems.append((where, {**error, "loc": ("body", *error["loc"])}))
            continue
        for problem in await check(item) if check else []:
            problems.append((pointer_to(field, index) + problem.pointer, problem))
        items.append(item)
    if problems:
        raise BulkRejectedError(problems)
    return items


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
