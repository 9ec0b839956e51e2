"""The natural key and the external id are unique in the database itself, not only by the
service's checks: two requests that pass the checks together cannot both store."""

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures import factories
from uplift.models import ProgressReport, ProgressVersion, WorkStatus


async def _report(session: AsyncSession, **fields: object) -> ProgressReport:
    report = ProgressReport(**fields)
    session.add(report)
    await session.flush()
    return report


async def test_one_thread_per_measure_organisation_and_period(session: AsyncSession) -> None:
    enterprise = await factories.organization(session)
    plan = await factories.plan(session, owner=enterprise, measures=1)
    key = {"plan_id": plan.id, "measure_key": "k-1", "organization_id": enterprise.id}
    await _report(session, **key, period="2030-Q1")
    await _report(session, **key, period="2030-Q2")
    with pytest.raises(IntegrityError):
        async with session.begin_nested():
            await _report(session, **key, period="2030-Q1")


async def test_an_external_id_is_unique_per_organisation(session: AsyncSession) -> None:
    first = await factories.organization(session)
    second = await factories.organization(session)
    plan = await factories.plan(session, owner=first, measures=1)
    await _report(
        session, plan_id=plan.id, measure_key="k", organization_id=first.id, period="2030",
        external_id="ERP-1",
    )  # fmt: skip
    await _report(
        session, plan_id=plan.id, measure_key="k", organization_id=second.id, period="2030",
        external_id="ERP-1",
    )  # fmt: skip
    with pytest.raises(IntegrityError):
        async with session.begin_nested():
            await _report(
                session, plan_id=plan.id, measure_key="k2", organization_id=first.id,
                period="2030", external_id="ERP-1",
            )  # fmt: skip


async def test_version_numbers_are_unique_within_a_report(session: AsyncSession) -> None:
    enterprise = await factories.organization(session)
    plan = await factories.plan(session, owner=enterprise, measures=1)
    report = await _report(
        session, plan_id=plan.id, measure_key="k", organization_id=enterprise.id, period="2030"
    )
    version = {"report_id": report.id, "work_status": WorkStatus.on_track, "written_by": "t"}
    session.add(ProgressVersion(number=1, **version))
    await session.flush()
    with pytest.raises(IntegrityError):
        async with session.begin_nested():
            session.add(ProgressVersion(number=1, **version))
            await session.flush()
