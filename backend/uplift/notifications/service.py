"""Writing contacts, a user's notification settings and marking notifications read; flushed,
never committed. Contacts and settings are audited."""

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.audit import service as audit
from uplift.auth.subject import Subject
from uplift.kit.db import utcnow
from uplift.kit.errors import ConflictError, InvalidParameter
from uplift.models import Contact, DigestFrequency, Notification, Organization, Role, User
from uplift.notifications.schemas import Contact as ContactSchema
from uplift.notifications.schemas import (
    ContactCreate,
    ContactUpdate,
    NotificationSettings,
    NotificationSettingsUpdate,
)


async def _unique_email(
    session: AsyncSession, organization_id: int, email: str, contact_id: int | None = None
) -> None:
    statement = select(Contact.id).where(
        Contact.organization_id == organization_id, Contact.email == email
    )
    if contact_id is not None:
        statement = statement.where(Contact.id != contact_id)
    if await session.scalar(statement) is not None:
        raise ConflictError(
            f"{email} is already a contact of this organisation",
            f"{email} 已是本機關的聯絡窗口",
        )


async def create_contact(
    session: AsyncSession, subject: Subject, organization: Organization, data: ContactCreate
) -> Contact:
    await _unique_email(session, organization.id, data.email)
    contact = Contact(organization_id=organization.id, **data.model_dump())
    session.add(contact)
    await session.flush()
    await session.refresh(contact)
    await audit.record(
        session,
        subject,
        "create",
        "contact",
        contact.id,
        after=ContactSchema.model_validate(contact),
    )
    return contact


async def update_contact(
    session: AsyncSession, subject: Subject, contact: Contact, data: ContactUpdate
) -> Contact:
    before = ContactSchema.model_validate(contact)
    changes = data.changes()
    if "email" in changes:
        await _unique_email(session, contact.organization_id, changes["email"], contact.id)
    for name, value in changes.items():
        setattr(contact, name, value)
    contact.updated_at = utcnow()
    await session.flush()
    after = ContactSchema.model_validate(contact)
    await audit.record(
        session, subject, "update", "contact", contact.id, before=before, after=after
    )
    return contact


async def delete_contact(session: AsyncSession, subject: Subject, contact: Contact) -> None:
    before = ContactSchema.model_validate(contact)
    await session.delete(contact)
    await session.flush()
    await audit.record(session, subject, "delete", "contact", before.id, before=before)


def settings_of(user: User) -> NotificationSettings:
    return NotificationSettings(
        email=user.email,
        digest_frequency=user.digest_frequency,
        receives_digest=user.role == Role.reviewer
        and user.email is not None
        and user.digest_frequency != DigestFrequency.off,
    )


async def update_settings(
    session: AsyncSession, subject: Subject, user: User, data: NotificationSettingsUpdate
) -> User:
    changes = data.changes()
    if "digest_frequency" in changes and user.role != Role.reviewer:
        raise InvalidParameter(
            "digest_frequency",
            "body",
            "Only reviewers are sent a digest of what awaits their decision",
            "僅審查人員會收到待審核事項摘要",
        )
    before = settings_of(user)
    for name, value in changes.items():
        setattr(user, name, value)
    user.updated_at = utcnow()
    await session.flush()
    after = settings_of(user)
    await audit.record(
        session, subject, "update", "notification_settings", user.id, before=before, after=after
    )
    return user


async def mark_read(session: AsyncSession, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = utcnow()
        await session.flush()
    return notification


async def mark_all_read(session: AsyncSession, subject: Subject) -> int:
    result = await session.execute(
        update(Notification)
        .where(Notification.user_id == (subject.user_id or 0), Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
