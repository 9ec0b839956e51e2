"""Reading dimensions and strategies, and their representations: what a GET shows and what
If-Match compares against."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject
from uplift.auth.visibility import readable_plans
from uplift.kit.errors import ResourceNotFound
from uplift.models import Dimension, Plan, Strategy
from uplift.structure import schemas


async def get_dimension(session: AsyncSession, subject: Subject, dimension_id: int) -> Dimension:
    dimension = await session.scalar(
        select(Dimension)
        .join(Plan, Plan.id == Dimension.plan_id)
        .where(Dimension.id == dimension_id, readable_plans(subject))
    )
    if dimension is None:
        raise ResourceNotFound("Dimension", "面向", dimension_id)
    return dimension


async def get_strategy(
    session: AsyncSession, subject: Subject, strategy_id: int
) -> tuple[Strategy, Dimension]:
    row = (
        await session.execute(
            select(Strategy, Dimension)
            .join(Dimension, Dimension.id == Strategy.dimension_id)
            .join(Plan, Plan.id == Dimension.plan_id)
            .where(Strategy.id == strategy_id, readable_plans(subject))
        )
    ).one_or_none()
    if row is None:
        raise ResourceNotFound("Strategy", "執行策略", strategy_id)
    return row[0], row[1]


def dimension_schema(dimension: Dimension) -> schemas.Dimension:
    return schemas.Dimension.model_validate(dimension)


def strategy_schema(strategy: Strategy, dimension: Dimension) -> schemas.Strategy:
    return schemas.Strategy(
        id=strategy.id,
        key=strategy.key,
        dimension_id=dimension.id,
        plan_id=dimension.plan_id,
        code=strategy.code,
        name=strategy.name,
        position=strategy.position,
    )
