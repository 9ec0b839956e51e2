"""Webhook deliveries to a real HTTP receiver on loopback: signed per Standard Webhooks, the
same message id on every try, retried with backoff, given up, replayed; a receiver that
hangs costs one timeout, never the worker."""

import asyncio
import socket
import time
from datetime import timedelta
from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.deliveries.conftest import HANG, Receiver, run_jobs
from uplift.config import get_settings
from uplift.deliveries import queries, service
from uplift.deliveries.webhooks import new_secret
from uplift.kit import outbox
from uplift.kit.db import utcnow
from uplift.models import (
    Delivery,
    DeliveryAttempt,
    DeliveryChannel,
    DeliveryStatus,
    WebhookSubscription,
)

Maker = async_sessionmaker[AsyncSession]
BODY = {"type": "finding.issued", "timestamp": "2026-11-27T00:00:00Z", "data": {"id": 7}}


async def subscription(session: AsyncSession, url: str) -> WebhookSubscription:
    row = WebhookSubscription(url=url, events=["finding.issued"], secret=new_secret())
    session.add(row)
    await session.flush()
    return row


async def queued(session: AsyncSession, to: WebhookSubscription, key: str = "t") -> Delivery:
    delivery = await service.queue(
        session,
        key=f"test:{key}:{to.id}",
        channel=DeliveryChannel.webhook,
        kind="finding.issued",
        recipient=to.url,
        content=BODY,
        subscription_id=to.id,
    )
    assert delivery is not None
    return delivery


async def fresh(
    session: AsyncSession, delivery: Delivery
) -> tuple[Delivery, list[DeliveryAttempt]]:
    row = await session.get_one(Delivery, delivery.id, populate_existing=True)
    return row, list(await queries.attempts_of(session, delivery.id))


async def test_a_delivery_is_signed_and_delivered_once(
    session: AsyncSession, worker_sessions: Maker, receivers: object
) -> None:
    receiver: Receiver = await receivers()  # type: ignore[operator]
    to = await subscription(session, receiver.url)
    delivery = await queued(session, to)

    assert await run_jobs(worker_sessions) == 1
    assert await run_jobs(worker_sessions, later=timedelta(hours=1)) == 0  # nothing twice
    [request] = receiver.received
    assert request.headers["webhook-id"] == delivery.message_id
    assert Webhook(to.secret).verify(request.body, request.headers) == BODY
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(request.body, request.headers)  # another secret fails
    row, [attempt] = await fresh(session, delivery)
    assert (row.status, row.attempts, row.delivered_at is not None) == (
        DeliveryStatus.delivered,
        1,
        True,
    )
    assert (attempt.ok, attempt.status_code, attempt.number, attempt.replay) == (
        True,
        200,
        1,
        False,
    )


async def test_a_500_is_retried_with_backoff_under_the_same_message_id(
    session: AsyncSession, worker_sessions: Maker, receivers: object
) -> None:
    receiver: Receiver = await receivers(500, 200)  # type: ignore[operator]
    to = await subscription(session, receiver.url)
    delivery = await queued(session, to)

    before = utcnow()
    assert await run_jobs(worker_sessions) == 1
    row, [first] = await fresh(session, delivery)
    assert (row.status, first.ok, first.status_code) == (DeliveryStatus.pending, False, 500)
    assert row.last_error == "HTTP 500: nope"
    assert row.next_attempt_at is not None
    assert row.next_attempt_at >= before + timedelta(seconds=1)  # the backoff
    assert await run_jobs(worker_sessions) == 0  # not due yet

    assert await run_jobs(worker_sessions, later=timedelta(minutes=1)) == 1
    row, attempts = await fresh(session, delivery)
    assert row.status == DeliveryStatus.delivered
    assert [(a.number, a.ok, a.status_code) for a in attempts] == [(1, False, 500), (2, True, 200)]
    ids = {request.headers["webhook-id"] for request in receiver.received}
    assert ids == {delivery.message_id}
    for request in receiver.received:
        Webhook(to.secret).verify(request.body, request.headers)


async def test_a_hanging_receiver_times_out_and_the_worker_goes_on(
    session: AsyncSession, worker_sessions: Maker, receivers: object
) -> None:
    hanging: Receiver = await receivers(HANG)  # type: ignore[operator]
    healthy: Receiver = await receivers()  # type: ignore[operator]
    stuck = await queued(session, await subscription(session, hanging.url))
    fine = await queued(session, await subscription(session, healthy.url))

    started = time.monotonic()
    assert await run_jobs(worker_sessions) == 2
    assert time.monotonic() - started < 3  # the timeout is 0.5 s
    row, [attempt] = await fresh(session, stuck)
    assert (row.status, attempt.ok, attempt.status_code) == (DeliveryStatus.pending, False, None)
    assert attempt.error == "no answer within 0.5 s"
    assert (await fresh(session, fine))[0].status == DeliveryStatus.delivered
    assert len(healthy.received) == 1


async def test_a_redirect_is_not_followed(
    session: AsyncSession, worker_sessions: Maker, receivers: object
) -> None:
    receiver: Receiver = await receivers(307)  # type: ignore[operator]
    delivery = await queued(session, await subscription(session, receiver.url))
    await run_jobs(worker_sessions)
    row, [attempt] = await fresh(session, delivery)
    assert (row.status, attempt.status_code, len(receiver.received)) == (
        DeliveryStatus.pending,
        307,
        1,
    )


async def test_dead_after_max_attempts_then_replayed_by_an_administrator(
    session: AsyncSession,
    worker_sessions: Maker,
    receivers: object,
    client: AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    receiver: Receiver = await receivers(500, 503, 500, 200)  # type: ignore[operator]
    to = await subscription(session, receiver.url)
    delivery = await queued(session, to)

    assert await run_jobs(worker_sessions, later=timedelta(hours=1)) == 3
    row, attempts = await fresh(session, delivery)
    assert (row.status, row.attempts, row.next_attempt_at) == (DeliveryStatus.dead, 3, None)
    assert [a.status_code for a in attempts] == [500, 503, 500]
    shown = await client.get(f"/api/v1/deliveries/{delivery.id}", headers=admin_headers)
    assert shown.status_code == 200
    assert [a["status_code"] for a in shown.json()["attempt_list"]] == [500, 503, 500]

    replayed = await client.post(f"/api/v1/deliveries/{delivery.id}/replay", headers=admin_headers)
    assert replayed.status_code == 202, replayed.text
    assert replayed.json()["status"] == "pending"
    again = await client.post(f"/api/v1/deliveries/{delivery.id}/replay", headers=admin_headers)
    assert again.status_code == 409  # pending: it will be tried anyway

    assert await run_jobs(worker_sessions) == 1
    row, attempts = await fresh(session, delivery)
    assert row.status == DeliveryStatus.delivered
    assert [(a.number, a.ok, a.replay) for a in attempts][-1] == (4, True, True)
    assert {r.headers["webhook-id"] for r in receiver.received} == {delivery.message_id}
    delivered = await client.post(f"/api/v1/deliveries/{delivery.id}/replay", headers=admin_headers)
    assert delivered.status_code == 409


async def test_a_deleted_subscription_gives_up_its_pending_deliveries(
    session: AsyncSession,
    worker_sessions: Maker,
    receivers: object,
    client: AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    receiver: Receiver = await receivers()  # type: ignore[operator]
    to = await subscription(session, receiver.url)
    delivery = await queued(session, to)
    gone = await client.delete(f"/api/v1/webhooks/{to.id}", headers=admin_headers)
    assert gone.status_code == 204
    await run_jobs(worker_sessions)
    row, attempts = await fresh(session, delivery)
    assert (row.status, row.last_error, attempts, receiver.received) == (
        DeliveryStatus.dead,
        "the subscription was deleted",
        [],
        [],
    )


async def test_a_worker_killed_mid_delivery_leaves_it_to_the_next_under_the_same_id(
    session: AsyncSession,
    worker_sessions: Maker,
    receivers: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("UPLIFT_DELIVERY_TIMEOUT_SECONDS", "30")
    get_settings.cache_clear()
    receiver: Receiver = await receivers(HANG, 200)  # type: ignore[operator]
    to = await subscription(session, receiver.url)
    delivery = await queued(session, to)

    worker = asyncio.create_task(run_jobs(worker_sessions))
    await asyncio.wait_for(receiver.arrived.wait(), 5)  # the first try reached the receiver …
    worker.cancel()  # … and the worker dies before it hears back
    with pytest.raises(asyncio.CancelledError):
        await worker
    row, attempts = await fresh(session, delivery)
    assert (row.status, row.attempts, attempts) == (DeliveryStatus.pending, 1, [])

    assert await run_jobs(worker_sessions) == 0  # the dead worker's lease still holds
    assert await run_jobs(worker_sessions, later=outbox.LEASE + timedelta(minutes=1)) == 1
    row, attempts = await fresh(session, delivery)
    assert row.status == DeliveryStatus.delivered
    assert [(a.number, a.ok) for a in attempts] == [(2, True)]
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery.message_id


async def test_in_production_a_name_that_leads_to_this_machine_is_refused(
    session: AsyncSession,
    worker_sessions: Maker,
    receivers: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("UPLIFT_ENVIRONMENT", "production")
    monkeypatch.setenv("UPLIFT_SECRET_KEY", "x" * 40)
    get_settings.cache_clear()
    receiver: Receiver = await receivers()  # type: ignore[operator]
    # Subscribed as a name (check_url passes names); it resolves to loopback.
    to = await subscription(session, receiver.url.replace("127.0.0.1", "localhost"))
    delivery = await queued(session, to)
    await run_jobs(worker_sessions)
    row, [attempt] = await fresh(session, delivery)
    assert (row.status, attempt.ok, receiver.received) == (DeliveryStatus.pending, False, [])
    assert attempt.error is not None
    assert attempt.error.startswith("refused: localhost resolves to ")


async def test_in_production_the_address_checked_is_the_address_connected_to(
    session: AsyncSession,
    worker_sessions: Maker,
    receivers: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DNS rebinding: a name that answers a public address to the check and this machine to
    the connection. The name is resolved once and the connection goes where the check saw.
    (The resolver is the one stand-in here: a name server that changes its answer cannot run
    on this machine without taking over its resolver.)"""
    monkeypatch.setenv("UPLIFT_ENVIRONMENT", "production")
    monkeypatch.setenv("UPLIFT_SECRET_KEY", "x" * 40)
    get_settings.cache_clear()
    receiver: Receiver = await receivers()  # type: ignore[operator]
    asked: list[str] = []
    resolve = socket.getaddrinfo

    def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host  # anyio asks in bytes
        if name != "rebind.example":
            return resolve(host, port, *args, **kwargs)
        asked.append(name)
        # First a public address (1.1.1.1: TEST-NET ones are not global), then loopback.
        answer = "1.1.1.1" if len(asked) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    to = await subscription(session, receiver.url.replace("127.0.0.1", "rebind.example"))
    delivery = await queued(session, to)
    await run_jobs(worker_sessions)
    row, [attempt] = await fresh(session, delivery)
    assert (row.status, attempt.ok, receiver.received) == (DeliveryStatus.pending, False, [])
    assert asked == ["rebind.example"]
