"""A plan's life, told through the services with one session and no HTTP: draft, publish,
amend, adopt, copy into the next year, archive. The pattern for the next domains' state
machines (see tests/fixtures/factories.py)."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures import factories
from uplift.auth.subject import Subject, user_subject
from uplift.kit.errors import ConflictError
from uplift.kit.if_match import IfMatch
from uplift.models import AuditEvent, Plan, PlanStatus, Role
from uplift.plans import service
from uplift.plans.schemas import AmendmentCreate, PlanCopy, PlanUpdate
from uplift.plans.transfer.export import export_plan

# The services take a plan the write has locked and checked (service.locked_for_write, the
# route's first three steps); "*" stands for a client that read the plan as it is.
ANY_VERSION = IfMatch("*")


async def reviewer(session: AsyncSession) -> Subject:
    return user_subject(await factories.user(session, role=Role.reviewer), "127.0.0.1")


async def measure_keys(session: AsyncSession, plan: Plan) -> list[str | None]:
    record = await export_plan(session, plan.id)
    return [m.key for d in record.dimensions for s in d.strategies for m in s.measures]


async def actions_on(session: AsyncSession, plan: Plan) -> list[str]:
    audited = select(AuditEvent.action).where(
        AuditEvent.object_type == "plan", AuditEvent.object_id == str(plan.id)
    )
    return list(await session.scalars(audited.order_by(AuditEvent.id)))


async def test_a_plan_from_draft_to_archive(session: AsyncSession) -> None:
    staff = await reviewer(session)
    owner = await factories.organization(session)
    plan = await factories.plan(session, owner=owner, dimensions=1, strategies=2, year=2031)

    await service.publish_plan(session, staff, plan)
    assert (plan.status, plan.revision) == (PlanStatus.published, 1)
    with pytest.raises(ConflictError):  # a published plan changes only by amendment
        await service.locked_for_write(session, staff, plan.id, ANY_VERSION)

    amendment = await service.open_amendment(
        session, staff, plan, AmendmentCreate(reason="期中檢討", amended_on=date(2031, 6, 30))
    )
    assert (amendment.number, plan.status) == (2, PlanStatus.amending)
    locked = await service.locked_for_write(session, staff, plan.id, ANY_VERSION)
    await service.update_plan(session, staff, locked, PlanUpdate(title="修正後的計畫"))
    await service.adopt_amendment(session, staff, plan, amendment.number)
    assert (plan.status, plan.revision, plan.title) == (PlanStatus.published, 2, "修正後的計畫")
    changed = await service.revision_changes(session, staff, plan.id, 2, since=1)
    assert [(c.entity, c.change) for c in changed] == [("plan", "changed")]

    next_year = await service.copy_plan(session, staff, plan, PlanCopy(year=2032))
    assert (next_year.year, next_year.status) == (2032, PlanStatus.draft)
    assert next_year.previous_plan_id == plan.id
    assert await measure_keys(session, next_year) == await measure_keys(session, plan)

    await service.archive_plan(session, staff, plan)
    assert plan.status == PlanStatus.archived
    with pytest.raises(ConflictError):  # an archived plan takes no amendment
        await service.open_amendment(
            session, staff, plan, AmendmentCreate(reason="太遲", amended_on=date(2032, 1, 2))
        )
    assert await actions_on(session, plan) == [
        "publish",
        "open_amendment",
        "update",
        "adopt_amendment",
        "archive",
    ]
    assert await actions_on(session, next_year) == ["copy"]


async def test_a_draft_with_an_unowned_measure_is_not_published(session: AsyncSession) -> None:
    plan = await factories.plan(session, owner=None, dimensions=1, strategies=1, measures=1)
    with pytest.raises(service.PlanNotPublishableError) as refused:
        await service.publish_plan(session, await reviewer(session), plan)
    assert [p.field for p in refused.value.problems] == [
        "dimensions.0.strategies.0.measures.0.organizations"
    ]
    assert plan.status == PlanStatus.draft
