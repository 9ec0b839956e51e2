"""Who reads and manages which webhook subscription, beyond the Policy: administrators every
one (the commission's own included); an enterprise's reporters and tokens those of their
organisation and its units. Deliveries are administrators' alone (the Policy says so)."""

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject
from uplift.auth.visibility import reaches_organizations, subtree_ids
from uplift.kit.errors import InvalidParameter
from uplift.models import Organization, Role, WebhookSubscription


def readable_webhooks(subject: Subject) -> ColumnElement[bool]:
    return reaches_organizations(subject, WebhookSubscription.organization_id)


async def owner_for(
    session: AsyncSession, subject: Subject, code: str | None
) -> Organization | None:
    """The organisation a new subscription belongs to (None: the commission's)."""
    if code is None:
        if subject.role == Role.administrator:
            return None
        if subject.organization_id is not None:
            return await session.get(Organization, subject.organization_id)
    organization = (
        await session.scalar(select(Organization).where(Organization.code == code))
        if code is not None
        else None
    )
    allowed = organization is not None and (
        subject.role == Role.administrator
        or (
            subject.organization_id is not None
            and organization.id in await subtree_ids(session, subject.organization_id)
        )
    )
    if organization is None or not allowed:
        raise InvalidParameter(
            "organization",
            "body",
            f"You cannot subscribe for {code!r}",
            f"您不能為「{code}」訂閱",
        )
    return organization
