"""Reading contacts and a user's own notifications."""

from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject
from uplift.kit.errors import ResourceNotFound
from uplift.kit.pagination import PageParams, capped_count, count
from uplift.models import Contact, Notification, Organization
from uplift.notifications import auth


async def list_contacts(
    session: AsyncSession, organization: Organization, page: PageParams
) -> tuple[Sequence[Contact], int]:
    statement = select(Contact).where(Contact.organization_id == organization.id)
    total = await count(session, statement)
    rows = await session.scalars(
        statement.order_by(Contact.name, Contact.id).offset(page.offset).limit(page.page_size)
    )
    return rows.all(), total


async def get_contact(
    session: AsyncSession,
    subject: Subject,
    contact_id: int,
    *,
    write: bool = False,
) -> Contact:
    """A contact this subject may read (or manage); 404 otherwise."""
    statement = select(Contact).where(Contact.id == contact_id)
    if write:
        statement = statement.with_for_update()
    contact = await session.scalar(statement)
    organization = (
        None if contact is None else await session.get(Organization, contact.organization_id)
    )
    if (
        contact is None
        or organization is None
        or not await auth.reaches(session, subject, organization, write=write)
    ):
        raise ResourceNotFound("Contact", "聯絡窗口", contact_id)
    return contact


def _inbox(user_id: int | None, unread: bool | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Notification.user_id == (user_id or 0)]
    if unread is True:
        conditions.append(Notification.read_at.is_(None))
    elif unread is False:
        conditions.append(Notification.read_at.is_not(None))
    return conditions


async def inbox(
    session: AsyncSession,
    subject: Subject,
    page: PageParams,
    *,
    unread: bool | None,
    before_id: int | None,
) -> tuple[Sequence[Notification], int, bool]:
    """The subject's own notifications, newest first (by id: the inbox index)."""
    conditions = _inbox(subject.user_id, unread)
    statement = select(Notification).where(*conditions)
    total, capped = await capped_count(session, statement)
    if before_id is not None:
        statement = statement.where(Notification.id < before_id)
    else:
        statement = statement.offset(page.offset)
    rows = await session.scalars(statement.order_by(Notification.id.desc()).limit(page.page_size))
    return rows.all(), total, capped


async def unread_count(session: AsyncSession, subject: Subject) -> int:
    conditions = _inbox(subject.user_id, True)
    found = await session.scalar(select(func.count(Notification.id)).where(*conditions))
    return int(found or 0)


async def own(
    session: AsyncSession, subject: Subject, notification_id: int, *, lock: bool = False
) -> Notification:
    """One of the subject's own notifications; anyone else's is 404."""
    statement = select(Notification).where(
        Notification.id == notification_id, Notification.user_id == (subject.user_id or 0)
    )
    found = await session.scalar(statement.with_for_update() if lock else statement)
    if found is None:
        raise ResourceNotFound("Notification", "通知", notification_id)
    return found
