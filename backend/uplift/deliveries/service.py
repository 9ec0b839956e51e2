"""Writing deliveries, in the caller's transaction; sending is tasks.py's, after commit.

A delivery is keyed by its cause and recipient (`event:41:webhook:3`,
`reminder:7:2026-12-01:due:contact:5`): asking for one that exists returns None and writes
nothing, so a handler or a sweep run twice sends nothing twice.
"""

import secrets
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.audit import service as audit
from uplift.auth.subject import Subject
from uplift.config import Settings
from uplift.deliveries import queries
from uplift.deliveries.auth import owner_for
from uplift.deliveries.schemas import Webhook, WebhookCreate, WebhookPatch
from uplift.deliveries.webhooks import check_url, new_secret
from uplift.kit import outbox
from uplift.kit.db import utcnow
from uplift.kit.errors import ConflictError, InvalidParameter
from uplift.kit.events import EventKind
from uplift.models import Delivery, DeliveryChannel, DeliveryStatus, WebhookSubscription

SEND = "deliveries.send"


def new_message_id() -> str:
    """A Standard Webhooks message id (also the e-mail's Message-ID local part)."""
    return f"msg_{secrets.token_hex(12)}"


async def queue(
    session: AsyncSession,
    *,
    key: str,
    channel: DeliveryChannel,
    kind: str,
    recipient: str,
    content: dict[str, Any],
    **refs: int | None,
) -> Delivery | None:
    """A delivery and the job that sends it; None when `key` was queued before.
    `refs`: organization_id, event_id, subscription_id, contact_id, user_id."""
    if await session.scalar(select(Delivery.id).where(Delivery.key == key)) is not None:
        return None
    delivery = Delivery(
        key=key,
        message_id=new_message_id(),
        channel=channel,
        kind=kind,
        recipient=recipient,
        content=content,
        **refs,
    )
    session.add(delivery)
    await session.flush()
    await outbox.enqueue(session, SEND, delivery_id=delivery.id)
    return delivery


async def queue_email(
    session: AsyncSession,
    *,
    key: str,
    kind: str,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    **refs: int | None,
) -> Delivery | None:
    """An e-mail (a plain-text part always; an HTML part when given)."""
    content = {"subject": subject, "text": text, "html": html}
    return await queue(
        session,
        key=key,
        channel=DeliveryChannel.email,
        kind=kind,
        recipient=to,
        content=content,
        **refs,
    )


# Webhook subscriptions and replays: the API's writes, audited.

OBJECT = "webhook_subscription"


async def create_webhook(
    session: AsyncSession, subject: Subject, data: WebhookCreate, settings: Settings
) -> tuple[WebhookSubscription, str]:
    """A subscription and its signing secret (the answer's only sight of it)."""
    owner = await owner_for(session, subject, data.organization)
    row = WebhookSubscription(
        organization_id=owner.id if owner is not None else None,
        url=check_url(data.url, settings),
        events=_events(data.events),
        secret=new_secret(),
        description=data.description,
        created_by_id=subject.user_id,
    )
    session.add(row)
    await session.flush()
    after = await queries.webhook_of(session, row)
    await audit.record(session, subject, "create", OBJECT, row.id, after=after)
    return row, row.secret


async def update_webhook(
    session: AsyncSession,
    subject: Subject,
    row: WebhookSubscription,
    data: WebhookPatch,
    settings: Settings,
) -> Webhook:
    before = await queries.webhook_of(session, row)
    changes = data.changes()
    if "url" in changes:
        row.url = check_url(changes["url"], settings)
    if "events" in changes:
        row.events = _events(changes["events"])
    if "description" in changes:
        row.description = changes["description"]
    if "is_active" in changes:
        row.is_active = changes["is_active"]
    row.updated_at = utcnow()
    await session.flush()
    after = await queries.webhook_of(session, row)
    await audit.record(session, subject, "update", OBJECT, row.id, before=before, after=after)
    return after


async def rotate_secret(
    session: AsyncSession, subject: Subject, row: WebhookSubscription
) -> tuple[WebhookSubscription, str]:
    """A new secret at once: tries from now on (retries of earlier events too) sign with it."""
    row.secret = new_secret()
    row.updated_at = utcnow()
    await session.flush()
    after = await queries.webhook_of(session, row)
    await audit.record(session, subject, "rotate_secret", OBJECT, row.id, after=after)
    return row, row.secret


async def delete_webhook(session: AsyncSession, subject: Subject, row: WebhookSubscription) -> None:
    """Gone, with its pending deliveries given up (dead, saying why); the deliveries and their
    attempts stay for administrators."""
    before = await queries.webhook_of(session, row)
    await session.execute(
        update(Delivery)
        .where(Delivery.subscription_id == row.id, Delivery.status == DeliveryStatus.pending)
        .values(
            status=DeliveryStatus.dead,
            next_attempt_at=None,
            last_error="the subscription was deleted",
            updated_at=utcnow(),
        )
    )
    await session.delete(row)
    await session.flush()
    await audit.record(session, subject, "delete", OBJECT, before.id, before=before)


def _events(kinds: list[EventKind]) -> list[str]:
    if len(set(kinds)) != len(kinds):
        raise InvalidParameter("events", "body", "Name each event kind once", "每種事件只能列一次")
    return [kind.value for kind in EventKind if kind in kinds]  # in a stable order


async def replay(session: AsyncSession, subject: Subject, delivery: Delivery) -> Delivery:
    """A dead delivery back to pending with a new job: one more try, with the same message
    id (a receiver that had it drops it), its attempt marked as a replay. Only a dead one:
    a pending delivery will be tried anyway, a delivered one was received (409)."""
    if delivery.status != DeliveryStatus.dead:
        raise ConflictError(
            f"Only a dead delivery can be replayed; this one is {delivery.status.value}",
            f"只有已放棄的發送可以重新發送；此筆狀態為 {delivery.status.value}",
        )
    before = {"status": delivery.status.value, "attempts": delivery.attempts}
    delivery.status = DeliveryStatus.pending
    delivery.next_attempt_at = utcnow()
    delivery.updated_at = utcnow()
    await session.flush()
    await outbox.enqueue(session, SEND, delivery_id=delivery.id, replay=True)
    after = {"status": delivery.status.value, "attempts": delivery.attempts}
    await audit.record(
        session, subject, "replay", "delivery", delivery.id, before=before, after=after
    )
    return delivery
