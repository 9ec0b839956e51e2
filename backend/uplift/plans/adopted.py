"""What everyone but the commission's staff reads while an amendment (捌) is open.

An amendment's edits go straight into the plan's rows, which the public must not read until
the amendment is adopted. When it opens, those rows are exactly the last adopted revision, so
the plan and its tree are kept then, with their ids, on the amendment's row; public reads of
the plan, its tree, its measures and its export serve that copy until adoption. Reviewers and
administrators keep reading the rows as they are being amended.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject
from uplift.kit.errors import ResourceNotFound
from uplift.models import Plan, PlanRevision, PlanStatus
from uplift.plans.document import PlanRecord
from uplift.plans.schemas import Plan as PlanSchema
from uplift.plans.schemas import PlanSummary, PlanTree


def reads_adopted(subject: Subject, plan: Plan) -> bool:
    """Whether this subject reads the plan's last adopted revision instead of its rows."""
    return plan.status == PlanStatus.amending and not subject.is_staff


def keep(detail: PlanSchema, tree: PlanTree) -> dict[str, Any]:
    """The view an amendment keeps when it opens."""
    return {"plan": detail.model_dump(mode="json"), "tree": tree.model_dump(mode="json")}


async def _view(session: AsyncSession, plan: Plan) -> dict[str, Any]:
    view: dict[str, Any] | None = await session.scalar(
        select(PlanRevision.adopted_view).where(
            PlanRevision.plan_id == plan.id, PlanRevision.number == plan.revision + 1
        )
    )
    if view is None:
        raise ResourceNotFound("Plan", "計畫", plan.id)
    return view


async def plan_detail(session: AsyncSession, plan: Plan) -> PlanSchema:
    return PlanSchema.model_validate((await _view(session, plan))["plan"])


async def tree_data(session: AsyncSession, plan: Plan) -> dict[str, Any]:
    """The kept tree as plain data (PlanTree's shape, as it was written)."""
    tree: dict[str, Any] = (await _view(session, plan))["tree"]
    return tree


async def summaries(
    session: AsyncSession, subject: Subject, plans: Sequence[Plan]
) -> list[PlanSummary]:
    """Plans for a list: those under amendment as last adopted, for whoever reads them so."""
    amending = [plan.id for plan in plans if reads_adopted(subject, plan)]
    views: dict[int, dict[str, Any]] = {}
    if amending:
        rows = await session.execute(
            select(PlanRevision.plan_id, PlanRevision.adopted_view).where(
                PlanRevision.plan_id.in_(amending), PlanRevision.adopted_at.is_(None)
            )
        )
        views = {plan_id: view for plan_id, view in rows if view is not None}
    return [
        PlanSummary.model_validate(views[plan.id]["plan"])
        if plan.id in views
        else PlanSummary.model_validate(plan)
        for plan in plans
    ]


async def plan_record(session: AsyncSession, plan: Plan) -> PlanRecord:
    """The last adopted revision as exported."""
    snapshot = await session.scalar(
        select(PlanRevision.snapshot).where(
            PlanRevision.plan_id == plan.id, PlanRevision.number == plan.revision
        )
    )
    if snapshot is None:
        raise ResourceNotFound("Plan", "計畫", plan.id)
    return PlanRecord.model_validate(snapshot)
