"""Who reads and manages which webhook subscription, beyond the Policy: administrators every
one (the commission's own included); an enterprise's reporters and tokens those of their
organisation and its units. Deliveries are administrators' alone (the Policy says so)."""

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject
from uplift.auth.visibility import reaches_organizations
from uplift.models import Organization, WebhookSubscription
from uplift.tokens.auth import organization_for


def readable_webhooks(subject: Subject) -> ColumnElement[bool]:
    return reaches_organizations(subject, WebhookSubscription.organization_id)


async def owner_for(
    session: AsyncSession, subject: Subject, code: str | None
) -> Organization | None:
    """The organisation a new subscription belongs to (None: the commission's)."""
    return await organization_for(session, subject, code, ("subscribe", "訂閱"))
