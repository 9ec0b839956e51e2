from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.models import Indicator, Measure, MeasureOwner, Organization, Plan
from uplift.seed.loader import BUILT_IN, load, read_seed_file


async def _totals(session: AsyncSession) -> tuple[int, ...]:
    counted = [Organization, Plan, Measure, MeasureOwner, Indicator]
    return tuple([await session.scalar(select(func.count()).select_from(m)) or 0 for m in counted])


async def test_the_built_in_plan_is_in_the_database(session: AsyncSession) -> None:
    top_level = select(func.count()).select_from(Measure).where(Measure.parent_id.is_(None))
    sub_items = select(func.count()).select_from(Measure).where(Measure.parent_id.is_not(None))
    assert await session.scalar(top_level) == 177
    assert await session.scalar(sub_items) == 11
    assert await session.scalar(select(func.count()).select_from(MeasureOwner)) == 179


async def test_loading_the_built_in_plan_again_changes_nothing(session: AsyncSession) -> None:
    before = await _totals(session)
    report = await load(session, read_seed_file(BUILT_IN))
    assert report.organizations_created == report.organizations_updated == 0
    assert report.plans_created == []
    assert report.plans_skipped == ["MOEACA 2018"]
    assert await _totals(session) == before


async def test_measure_search_text_is_kept_normalised(session: AsyncSession) -> None:
    measure = await session.scalar(select(Measure).where(Measure.text.contains("iTaiwan")))
    assert measure is not None
    assert " " not in measure.search_text
    assert "wifi或itaiwan" in measure.search_text
