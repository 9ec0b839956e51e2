"""A published plan of 2030 whose measures an enterprise (with units) reports on: one
measure with a bimonthly % indicator and a yearly 次 indicator, one with none, one of
another enterprise; reporters for each, and a reviewer."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures import factories
from uplift.auth.subject import Subject, user_subject
from uplift.models import (
    Comparison,
    Dimension,
    Frequency,
    Indicator,
    Measure,
    MeasureOwner,
    Organization,
    Plan,
    PlanStatus,
    Role,
    Strategy,
)

YEAR = 2030


@dataclass
class World:
    plan: Plan
    enterprise: Organization
    unit: Organization
    other: Organization
    measure: Measure  # bimonthly % and yearly 次
    free: Measure  # no indicators: any period of the year
    foreign: Measure  # the other enterprise's
    percent: Indicator
    times: Indicator
    reporter: Subject
    unit_reporter: Subject
    other_reporter: Subject
    reviewer: Subject


async def _subject(session: AsyncSession, role: Role, organization: Organization | None) -> Subject:
    user = await factories.user(
        session, role=role, organization_id=organization.id if organization else None
    )
    return user_subject(user, "127.0.0.1")


@pytest.fixture
async def world(session: AsyncSession) -> World:
    tree = await factories.enterprise_with_units(session, units=1, sub_units=0)
    other = await factories.organization(session)
    plan = await factories.plan(
        session, owner=tree.enterprise, dimensions=1, strategies=1, measures=3, year=YEAR
    )
    measures = list(
        await session.scalars(
            select(Measure)
            .join(Strategy, Strategy.id == Measure.strategy_id)
            .join(Dimension, Dimension.id == Strategy.dimension_id)
            .where(Dimension.plan_id == plan.id)
            .order_by(Measure.position)
        )
    )
    measure, free, foreign = measures
    owner = await session.scalar(select(MeasureOwner).where(MeasureOwner.measure_id == foreign.id))
    assert owner is not None
    owner.organization_id = other.id
    percent = Indicator(
        measure_id=measure.id, position=0, name="測試成功率", unit="%", target=Decimal(95),
        comparison=Comparison.at_least, frequency=Frequency.bimonthly,
    )  # fmt: skip
    times = Indicator(
        measure_id=measure.id, position=1, name="辦理次數", unit="次", target=Decimal(1),
        comparison=Comparison.at_least, frequency=Frequency.yearly,
    )  # fmt: skip
    session.add_all([percent, times])
    plan.status = PlanStatus.published
    await session.flush()
    return World(
        plan=plan,
        enterprise=tree.enterprise,
        unit=tree.units[0],
        other=other,
        measure=measure,
        free=free,
        foreign=foreign,
        percent=percent,
        times=times,
        reporter=await _subject(session, Role.enterprise_reporter, tree.enterprise),
        unit_reporter=await _subject(session, Role.enterprise_reporter, tree.units[0]),
        other_reporter=await _subject(session, Role.enterprise_reporter, other),
        reviewer=await _subject(session, Role.reviewer, None),
    )


def item(world: World, **fields: object) -> dict[str, object]:
    """A good report body for the world's measure, changed by `fields`."""
    body: dict[str, object] = {
        "plan_year": YEAR,
        "measure_key": world.measure.key,
        "organization": world.enterprise.code,
        "period": f"{YEAR}-B1",
        "status": "on_track",
        "narrative": "一月至二月測試 6 次，成功率 97%。",
        "values": [{"indicator_id": world.percent.id, "value": "97.5", "unit": "%"}],
    }
    body.update(fields)
    return body
