"""Reading plans: the list, the featured plan, one plan's detail and its tree.

Writes (plans/service.py) call these too, to audit and to compute the ETag a write
checks If-Match against; GET routes serve the detail and the tree through
plans/snapshots.py, which keeps the encoded bodies by content version.
"""

from typing import Any

from sqlalchemy import ScalarSelect, Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from uplift.auth.subject import Subject
from uplift.auth.visibility import readable_plans
from uplift.kit.errors import ResourceNotFound, UpliftError
from uplift.kit.pagination import PageParams, count
from uplift.kit.responses import json_response
from uplift.models import (
    Dimension,
    Indicator,
    Measure,
    MeasureOwner,
    Organization,
    Plan,
    PlanStatus,
    Strategy,
)
from uplift.plans import adopted, tree
from uplift.plans.loading import plan_content
from uplift.plans.schemas import (
    OrganizationMeasureCount,
    PlanContent,
    PlanCounts,
    PlanSummary,
    PlanTree,
)
from uplift.plans.schemas import Plan as PlanSchema


async def list_plans(
    session: AsyncSession,
    subject: Subject,
    page: PageParams,
    *,
    year: int | None = None,
    status: PlanStatus | None = None,
) -> tuple[list[PlanSummary], int]:
    statement: Select[Plan] = select(Plan).where(readable_plans(subject))
    if year is not None:
        statement = statement.where(Plan.year == year)
    if status is not None:
        statement = statement.where(Plan.status == status)
    total = await count(session, statement)
    rows = await session.scalars(
        statement.options(joinedload(Plan.issuer))
        .order_by(_archived_last, Plan.year.desc(), Plan.id)
        .offset(page.offset)
        .limit(page.page_size)
    )
    return await adopted.summaries(session, subject, rows.all()), total


# Archived plans stay listed, after every other: they are no longer the ones offered first.
_archived_last = case((Plan.status == PlanStatus.archived, 1), else_=0)


class NoPublishedPlanError(UpliftError):
    status = 404
    slug = "not-found"


FEATURED_STATUSES = (PlanStatus.published, PlanStatus.amending)


async def featured_plan_id(session: AsyncSession) -> int:
    """The plan the public sees first: the newest published one that is not archived.

    Chosen by this rule rather than by whatever the plan list puts first, so a draft or an
    archived plan never takes the home page.
    """
    plan_id = await session.scalar(
        select(Plan.id)
        .where(Plan.status.in_(FEATURED_STATUSES))
        .order_by(Plan.year.desc(), Plan.id.desc())
        .limit(1)
    )
    if plan_id is None:
        raise NoPublishedPlanError("No plan is published yet", "尚無已公布的計畫")
    return plan_id


async def featured_plan(session: AsyncSession, subject: Subject) -> PlanSchema:
    return await plan_detail(session, subject, await featured_plan_id(session))


async def readable_plan(session: AsyncSession, subject: Subject, plan_id: int) -> Plan:
    """The plan's own row (not its content), or 404 when the subject may not read it."""
    plan = await session.scalar(select(Plan).where(Plan.id == plan_id, readable_plans(subject)))
    if plan is None:
        raise ResourceNotFound("Plan", "計畫", plan_id)
    return plan


async def get_plan(session: AsyncSession, subject: Subject, plan_id: int) -> Plan:
    plan = await session.scalar(
        select(Plan).where(Plan.id == plan_id, readable_plans(subject)).options(*plan_content())
    )
    if plan is None:
        raise ResourceNotFound("Plan", "計畫", plan_id)
    return plan


async def plan_detail(session: AsyncSession, subject: Subject, plan_id: int) -> PlanSchema:
    """The plan as GET /plans/{id} shows it (and as its ETag is computed)."""
    plan = await get_plan(session, subject, plan_id)
    if adopted.reads_adopted(subject, plan):
        return await adopted.plan_detail(session, plan)
    counts = await plan_counts(session, plan_id)
    return PlanSchema(**dict(PlanContent.model_validate(plan)), counts=counts)


async def plan_detail_body(session: AsyncSession, subject: Subject, plan_id: int) -> bytes:
    """The detail's bytes, exactly as a write's ETag check encodes them."""
    return bytes(json_response(await plan_detail(session, subject, plan_id)).body)


async def plan_tree(session: AsyncSession, subject: Subject, plan_id: int) -> dict[str, Any]:
    """The whole plan, dimensions to sub-items, as plain data (PlanTree's shape), in a fixed
    number of queries however large it or the database grows."""
    plan = await session.scalar(
        select(Plan)
        .where(Plan.id == plan_id, readable_plans(subject))
        .options(joinedload(Plan.issuer))
    )
    if plan is None:
        raise ResourceNotFound("Plan", "計畫", plan_id)
    if adopted.reads_adopted(subject, plan):
        return await adopted.tree_data(session, plan)
    return await tree.plan_tree(session, plan)


async def plan_tree_body(session: AsyncSession, subject: Subject, plan_id: int) -> bytes:
    return tree.encode(await plan_tree(session, subject, plan_id))


async def get_plan_tree(session: AsyncSession, subject: Subject, plan_id: int) -> PlanTree:
    """The tree as a schema, for the rules that check it (publication) and keep it."""
    return PlanTree.model_validate(await plan_tree(session, subject, plan_id))


async def plan_counts(session: AsyncSession, plan_id: int) -> PlanCounts:
    in_plan = select(Strategy.id).join(Strategy.dimension).where(Dimension.plan_id == plan_id)
    measures = select(Measure.id).where(Measure.strategy_id.in_(in_plan))

    def how_many(statement: Select[int]) -> ScalarSelect[int]:
        return select(func.count()).select_from(statement.subquery()).scalar_subquery()

    totals = (
        await session.execute(
            select(
                how_many(select(Dimension.id).where(Dimension.plan_id == plan_id)),
                how_many(in_plan),
                how_many(measures.where(Measure.parent_id.is_(None))),
                how_many(select(MeasureOwner.id).where(MeasureOwner.measure_id.in_(measures))),
                how_many(measures.where(Measure.parent_id.is_not(None))),
                how_many(select(Indicator.id).where(Indicator.measure_id.in_(measures))),
            )
        )
    ).one()
    per_owner = await session.execute(
        select(Organization, func.count(MeasureOwner.id))
        .join(MeasureOwner, MeasureOwner.organization_id == Organization.id)
        .where(MeasureOwner.measure_id.in_(measures))
        .group_by(Organization.id)
        .order_by(Organization.position, Organization.id)
    )
    return PlanCounts.model_validate(
        {
            "dimensions": totals[0],
            "strategies": totals[1],
            "measures": totals[2],
            "measure_assignments": totals[3],
            "sub_items": totals[4],
            "indicators": totals[5],
            "by_organization": [
                OrganizationMeasureCount.model_validate(
                    {"organization": organization, "measures": number}
                )
                for organization, number in per_owner.all()
            ],
        }
    )
