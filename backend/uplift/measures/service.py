from collections.abc import Sequence
from typing import Any, Literal

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad  # the type loader options share

from uplift.kit.errors import InvalidParameter, ResourceNotFound
from uplift.kit.pagination import PageParams, count
from uplift.kit.search import search_key
from uplift.models import Dimension, Measure, MeasureOwner, Plan, Strategy
from uplift.organizations.service import by_code

MeasureSort = Literal["document", "-document", "id", "-id"]


def measure_node_options() -> tuple[_AbstractLoad, ...]:
    """Everything a measure shows (owners, indicators, sub-items), in a fixed number of queries."""
    return (
        selectinload(Measure.owners).joinedload(MeasureOwner.organization),
        selectinload(Measure.indicators),
        selectinload(Measure.sub_items).selectinload(Measure.indicators),
    )


def _with_place() -> Select[Measure]:
    """Top-level measures joined to their strategy and dimension, loaded from the join."""
    return (
        select(Measure)
        .join(Measure.strategy)
        .join(Strategy.dimension)
        .where(Measure.parent_id.is_(None))
        .options(
            contains_eager(Measure.strategy).contains_eager(Strategy.dimension),
            *measure_node_options(),
        )
    )


async def _ensure_exists(
    session: AsyncSession, model: Any, identifier: int, parameter: str, zh: str
) -> None:
    if await session.get(model, identifier) is None:
        raise InvalidParameter(
            parameter,
            "query",
            f"There is no {model.__name__.lower()} {identifier}",
            f"沒有編號為 {identifier} 的{zh}",
        )


async def list_measures(
    session: AsyncSession,
    page: PageParams,
    *,
    plan_id: int | None = None,
    organization: str | None = None,
    dimension: int | None = None,
    strategy: int | None = None,
    q: str | None = None,
    sort: MeasureSort = "document",
) -> tuple[Sequence[Measure], int]:
    statement = _with_place()
    if plan_id is not None:
        await _ensure_exists(session, Plan, plan_id, "plan_id", "計畫")
        statement = statement.where(Dimension.plan_id == plan_id)
    if organization is not None:
        owner = await by_code(session, organization, parameter="organization")
        statement = statement.where(Measure.owners.any(MeasureOwner.organization_id == owner.id))
    if dimension is not None:
        await _ensure_exists(session, Dimension, dimension, "dimension", "面向")
        statement = statement.where(Strategy.dimension_id == dimension)
    if strategy is not None:
        await _ensure_exists(session, Strategy, strategy, "strategy", "執行策略")
        statement = statement.where(Measure.strategy_id == strategy)
    key = search_key(q or "")
    if key:
        # A measure matches when its own text or any of its sub-items' text does.
        statement = statement.where(
            or_(
                Measure.search_text.contains(key, autoescape=True),
                Measure.sub_items.any(Measure.search_text.contains(key, autoescape=True)),
            )
        )
    total = await count(session, statement)
    rows = await session.scalars(
        statement.order_by(*_ordering(sort)).offset(page.offset).limit(page.page_size)
    )
    return rows.unique().all(), total


def _ordering(sort: MeasureSort) -> tuple[Any, ...]:
    if sort == "id":
        return (Measure.id,)
    if sort == "-id":
        return (Measure.id.desc(),)
    document = (Dimension.plan_id, Dimension.position, Strategy.position, Measure.position)
    if sort == "-document":
        return (*(column.desc() for column in document), Measure.id.desc())
    return (*document, Measure.id)


async def get_measure(session: AsyncSession, measure_id: int) -> Measure:
    measure = await session.scalar(_with_place().where(Measure.id == measure_id))
    if measure is None:
        raise ResourceNotFound("Measure", "具體推動作法", measure_id)
    return measure
