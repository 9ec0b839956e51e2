"""Whose contacts a subject reads and manages, beyond the Policy.

Administrators any organisation's; reviewers read any (they see whom the reminders reach);
an enterprise's reporters (and their tokens) read and manage their own organisation's and
its units' — so a unit's reporter manages the unit's own contacts, not its head office's.
Anyone else's contacts answer 404, as if they did not exist."""

from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject
from uplift.auth.visibility import subtree_ids
from uplift.kit.errors import ResourceNotFound
from uplift.models import Organization, Role


async def reaches(
    session: AsyncSession, subject: Subject, organization: Organization, *, write: bool
) -> bool:
    if subject.role == Role.administrator or (subject.role == Role.reviewer and not write):
        return True
    if subject.role != Role.enterprise_reporter or subject.organization_id is None:
        return False
    return organization.id in await subtree_ids(session, subject.organization_id)


async def check(
    session: AsyncSession, subject: Subject, organization: Organization, *, write: bool
) -> None:
    if not await reaches(session, subject, organization, write=write):
        raise ResourceNotFound("Organisation", "機關", organization.code)
