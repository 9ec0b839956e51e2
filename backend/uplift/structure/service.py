"""Dimensions and strategies: the frame a plan's measures hang in."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.audit import service as audit
from uplift.auth.subject import Subject
from uplift.kit.errors import ConflictError
from uplift.kit.if_match import IfMatch
from uplift.kit.ordering import close_gap, place
from uplift.models import Dimension, Measure, Strategy
from uplift.plans.service import ensure_editable, lock_plan
from uplift.structure.queries import (
    dimension_schema,
    get_dimension,
    get_strategy,
    strategy_schema,
)
from uplift.structure.schemas import DimensionCreate, DimensionUpdate, StrategyCreate


async def locked_dimension(
    session: AsyncSession, subject: Subject, dimension_id: int, if_match: IfMatch
) -> Dimension:
    """For a write, in the one order: the dimension (404 if not readable), its plan locked
    and found editable (409), If-Match checked against it as it now stands (428, 412)."""
    dimension = await get_dimension(session, subject, dimension_id)
    ensure_editable(await lock_plan(session, dimension.plan_id))
    await session.refresh(dimension)
    if_match.check(dimension_schema(dimension))
    return dimension


async def locked_strategy(
    session: AsyncSession, subject: Subject, strategy_id: int, if_match: IfMatch
) -> tuple[Strategy, Dimension]:
    """As locked_dimension, for a strategy."""
    strategy, dimension = await get_strategy(session, subject, strategy_id)
    ensure_editable(await lock_plan(session, dimension.plan_id))
    await session.refresh(strategy)
    if_match.check(strategy_schema(strategy, dimension))
    return strategy, dimension


async def _dimensions(session: AsyncSession, plan_id: int) -> list[Dimension]:
    rows = await session.scalars(
        select(Dimension).where(Dimension.plan_id == plan_id).order_by(Dimension.position)
    )
    return list(rows.all())


async def _strategies(session: AsyncSession, dimension_id: int) -> list[Strategy]:
    rows = await session.scalars(
        select(Strategy).where(Strategy.dimension_id == dimension_id).order_by(Strategy.position)
    )
    return list(rows.all())


async def create_dimension(
    session: AsyncSession, subject: Subject, plan_id: int, data: DimensionCreate
) -> Dimension:
    ensure_editable(await lock_plan(session, plan_id))
    dimension = Dimension(plan_id=plan_id, code=data.code, name=data.name, position=0)
    session.add(dimension)
    place(await _dimensions(session, plan_id), dimension, data.position)
    await session.flush()
    after = dimension_schema(dimension)
    await audit.record(session, subject, "create", "dimension", dimension.id, after=after)
    return dimension


async def update_dimension(
    session: AsyncSession, subject: Subject, dimension: Dimension, data: DimensionUpdate
) -> None:
    before = dimension_schema(dimension)
    changes = data.changes()
    if "position" in changes:
        place(await _dimensions(session, dimension.plan_id), dimension, changes.pop("position"))
    for name, value in changes.items():
        setattr(dimension, name, value)
    await session.flush()
    after = dimension_schema(dimension)
    await audit.record(
        session, subject, "update", "dimension", dimension.id, before=before, after=after
    )


async def delete_dimension(session: AsyncSession, subject: Subject, dimension: Dimension) -> None:
    if await session.scalar(select(Strategy.id).where(Strategy.dimension_id == dimension.id)):
        raise ConflictError(
            "Remove or move its strategies first", "請先刪除或移走此面向下的執行策略"
        )
    before = dimension_schema(dimension)
    close_gap(await _dimensions(session, dimension.plan_id), dimension)
    await session.delete(dimension)
    await session.flush()
    await audit.record(session, subject, "delete", "dimension", dimension.id, before=before)


async def create_strategy(
    session: AsyncSession, subject: Subject, dimension: Dimension, data: StrategyCreate
) -> Strategy:
    ensure_editable(await lock_plan(session, dimension.plan_id))
    strategy = Strategy(dimension_id=dimension.id, code=data.code, name=data.name, position=0)
    session.add(strategy)
    place(await _strategies(session, dimension.id), strategy, data.position)
    await session.flush()
    after = strategy_schema(strategy, dimension)
    await audit.record(session, subject, "create", "strategy", strategy.id, after=after)
    return strategy


async def update_strategy(
    session: AsyncSession,
    subject: Subject,
    strategy: Strategy,
    dimension: Dimension,
    data: DimensionUpdate,
) -> None:
    before = strategy_schema(strategy, dimension)
    changes = data.changes()
    if "position" in changes:
        place(await _strategies(session, dimension.id), strategy, changes.pop("position"))
    for name, value in changes.items():
        setattr(strategy, name, value)
    await session.flush()
    after = strategy_schema(strategy, dimension)
    await audit.record(
        session, subject, "update", "strategy", strategy.id, before=before, after=after
    )


async def delete_strategy(
    session: AsyncSession, subject: Subject, strategy: Strategy, dimension: Dimension
) -> None:
    if await session.scalar(select(Measure.id).where(Measure.strategy_id == strategy.id)):
        raise ConflictError(
            "Remove or move its measures first", "請先刪除或移走此策略下的具體推動作法"
        )
    before = strategy_schema(strategy, dimension)
    close_gap(await _strategies(session, dimension.id), strategy)
    await session.delete(strategy)
    await session.flush()
    await audit.record(session, subject, "delete", "strategy", strategy.id, before=before)
