"""The worker's side: send one delivery, record the try, retry later or give up.

A try is made outside any transaction: the delivery is claimed (its attempt counted and a
lease set) and committed first, so no database lock is held while a receiver is slow (on
SQLite the in-process runner shares the database with the requests). A worker that dies
mid-try leaves the job to be run again; the next try carries the same message id, so a
receiver that got the first can drop the second.
"""

import os
import socket
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.config import Settings, get_settings
from uplift.deliveries.email import send_email
from uplift.deliveries.errors import DeliveryFailed
from uplift.deliveries.service import SEND
from uplift.deliveries.webhooks import send_webhook
from uplift.kit import outbox
from uplift.kit.db import utcnow
from uplift.models import (
    Delivery,
    DeliveryAttempt,
    DeliveryChannel,
    DeliveryStatus,
    WebhookSubscription,
)

# A sender gets the delivery, the settings and its subscription's signing secret (None for
# e-mail, or a webhook whose subscription is gone), and answers the receiver's reply code.
Sender = Callable[[Delivery, Settings, str | None], Awaitable[int]]
SENDERS: dict[DeliveryChannel, Sender] = {
    DeliveryChannel.email: send_email,
    DeliveryChannel.webhook: send_webhook,
}
WORKER = f"{socket.gethostname()}:{os.getpid()}"


def backoff(settings: Settings, attempts: int) -> timedelta:
    """backoff, 2×, 4× … after the 1st, 2nd, 3rd failed try; capped at a day."""
    return timedelta(seconds=min(settings.delivery_backoff_seconds * 2 ** (attempts - 1), 86_400))


@outbox.task(SEND)
async def send(session: AsyncSession, payload: dict[str, Any]) -> None:
    settings = get_settings()
    statement = select(Delivery).where(Delivery.id == payload["delivery_id"])
    delivery = await session.scalar(statement.with_for_update())
    if delivery is None or delivery.status != DeliveryStatus.pending:
        return  # delivered (or given up) already: this job ran before
    secret = None
    if delivery.subscription_id is not None:  # read now: the try runs outside a transaction
        secret = await session.scalar(
            select(WebhookSubscription.secret).where(
                WebhookSubscription.id == delivery.subscription_id
            )
        )
    delivery.attempts += 1
    # The lease: a second job for this delivery before then finds it in flight.
    delivery.next_attempt_at = utcnow() + timedelta(seconds=settings.delivery_timeout_seconds * 3)
    await session.commit()

    started, clock = utcnow(), time.monotonic()
    code: int | None
    error: str | None = None
    try:
        code = await SENDERS[delivery.channel](delivery, settings, secret)
    except DeliveryFailed as failure:
        code, error = failure.code, str(failure)[:4000]
    attempt = DeliveryAttempt(
        delivery_id=delivery.id,
        number=delivery.attempts,
        started_at=started,
        duration_ms=round((time.monotonic() - clock) * 1000),
        ok=error is None,
        status_code=code,
        error=error,
        worker=WORKER,
        replay=bool(payload.get("replay")),
    )
    session.add(attempt)
    delivery.last_error = error
    if error is None:
        delivery.status = DeliveryStatus.delivered
        delivery.delivered_at = utcnow()
        delivery.next_attempt_at = None
    elif delivery.attempts >= settings.delivery_max_attempts:
        delivery.status = DeliveryStatus.dead
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = utcnow() + backoff(settings, delivery.attempts)
        await outbox.enqueue(
            session, SEND, run_after=delivery.next_attempt_at, delivery_id=delivery.id
        )
    await session.flush()
