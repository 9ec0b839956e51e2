"""Writing deliveries, in the caller's transaction; sending is tasks.py's, after commit.

A delivery is keyed by its cause and recipient (`event:41:webhook:3`,
`reminder:7:2026-12-01:due:contact:5`): asking for one that exists returns None and writes
nothing, so a handler or a sweep run twice sends nothing twice.
"""

import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit import outbox
from uplift.models import Delivery, DeliveryChannel

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
