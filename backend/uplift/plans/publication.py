"""Publishing a plan: revision 1 is the plan as first published, kept as a snapshot."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.db import utcnow
from uplift.models import Plan, PlanRevision, PlanStatus
from uplift.plans.transfer import export_plan
from uplift.seed.schema import PlanRecord

TAIPEI = ZoneInfo("Asia/Taipei")


def today_in_taipei() -> date:
    return datetime.now(TAIPEI).date()


async def snapshot(session: AsyncSession, plan_id: int) -> PlanRecord:
    return await export_plan(session, plan_id)


async def record_publication(
    session: AsyncSession, plan: Plan, user_id: int | None, reason: str = "公布"
) -> None:
    """Revision 1: the plan as first published."""
    plan.status = PlanStatus.published
    plan.revision = 1
    await session.flush()
    session.add(
        PlanRevision(
            plan_id=plan.id,
            number=1,
            reason=reason,
            amended_on=today_in_taipei(),
            opened_by_id=user_id,
            adopted_at=utcnow(),
            adopted_by_id=user_id,
            snapshot=(await snapshot(session, plan.id)).model_dump(mode="json"),
        )
    )
    await session.flush()
