"""Every event to the webhook receivers subscribed to it that may hear of it.

A commission subscription (organization_id None) hears every event; an organisation's only
events about itself or one of its units (auth/visibility.py's subtree): an enterprise's
receiver never learns of another enterprise's findings, and events about no single
enterprise (round.notified, organization_id None) reach the commission's receivers alone.
The body carries the event's kind, time, object and the ids and values of its payload,
which kit/events.py keeps to what the event's organisation may read.
"""

from datetime import UTC
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.visibility import enterprise_of
from uplift.deliveries.service import queue
from uplift.kit import events
from uplift.models import DeliveryChannel, DomainEvent, Organization, WebhookSubscription


async def _lineage(session: AsyncSession, organization_id: int | None) -> dict[int, str]:
    """The event's organisation and those above it, id → code: whose receivers may hear it."""
    if organization_id is None:
        return {}
    rows = await session.execute(
        select(Organization.id, Organization.code).where(
            Organization.id.in_(enterprise_of(organization_id))
        )
    )
    return {row.id: row.code for row in rows}


def body_of(event: DomainEvent, organization: str | None) -> dict[str, Any]:
    """The JSON a receiver gets (Standard Webhooks' type / timestamp / data)."""
    return {
        "type": event.kind,
        "timestamp": event.occurred_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "data": {
            **event.payload,
            "event_id": event.id,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "organization": organization,
        },
    }


@events.handler
async def deliver_to_webhooks(session: AsyncSession, event: DomainEvent) -> None:
    """A delivery per subscription that wants and may see the event; once, by its key."""
    lineage = await _lineage(session, event.organization_id)
    audience: ColumnElement[bool] = WebhookSubscription.organization_id.is_(None)
    if lineage:
        audience = or_(audience, WebhookSubscription.organization_id.in_(list(lineage)))
    subscriptions = await session.scalars(
        select(WebhookSubscription)
        .where(WebhookSubscription.is_active, audience)
        .order_by(WebhookSubscription.id)
    )
    body = body_of(event, lineage.get(event.organization_id) if event.organization_id else None)
    for subscription in subscriptions:
        if event.kind not in subscription.events:
            continue
        await queue(
            session,
            key=f"event:{event.id}:webhook:{subscription.id}",
            channel=DeliveryChannel.webhook,
            kind=event.kind,
            recipient=subscription.url,
            content=body,
            organization_id=subscription.organization_id,
            event_id=event.id,
            subscription_id=subscription.id,
        )
