"""Who may write which finding, beyond the route's Policy: a reviewer any enterprise the
round covers; a panel member only an enterprise the round assigns them (a declared
conflict removed that assignment). Builds on auth/visibility.py."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import NotPermittedError, Subject
from uplift.auth.visibility import panel_assignments
from uplift.models import Organization, Role


async def check_may_draft(
    session: AsyncSession, subject: Subject, round_id: int, enterprise: Organization
) -> None:
    """403 naming the rule when a panel member is not assigned to the enterprise."""
    if subject.role == Role.reviewer:
        return
    seats = panel_assignments(subject).subquery()
    found = await session.scalar(
        select(seats.c.round_id).where(
            seats.c.round_id == round_id, seats.c.organization_id == enterprise.id
        )
    )
    if found is None:
        raise NotPermittedError(
            f"A panel member drafts findings only for the enterprises the round assigns them; "
            f"this round does not assign you {enterprise.code}",
            f"查證委員僅能為本次查證分派的事業撰寫查證意見；本次查證未分派您查證"
            f"{enterprise.short_name_zh}",
        )
