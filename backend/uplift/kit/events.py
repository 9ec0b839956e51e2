"""Recording domain events (models/event.py), in the caller's transaction.

A service calls `await events.record(session, EventKind.finding_issued, finding.id,
organization_id=finding.organization_id, payload={...})` beside its audit entry: the audit
log says who did what, for the record; an event says what others should hear of, for the
e-mail, webhooks and in-app notifications that read them. The payload holds ids and values
a receiver needs, never text the receiver's organisation may not read.

Recording an event also enqueues its dispatch (kit/outbox.py) in the same transaction: after
commit a worker runs every registered `handler` on it (webhook deliveries, notifications,
e-mail to contacts), each in the worker's one transaction. A handler must be safe to run
again after a crash: it writes its rows under unique keys and skips those already there.
"""

from collections.abc import Awaitable, Callable, Sequence
from enum import StrEnum
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit import outbox
from uplift.models.event import DomainEvent

Handler = Callable[[AsyncSession, DomainEvent], Awaitable[None]]
HANDLERS: list[Handler] = []


class EventKind(StrEnum):
    """Stable names (stored, and sent to webhook receivers): never rename one."""

    round_notified = "round.notified"
    finding_issued = "finding.issued"
    finding_published = "finding.published"
    finding_corrected = "finding.corrected"
    follow_up_opened = "follow_up.opened"
    follow_up_answered = "follow_up.answered"
    follow_up_decided = "follow_up.decided"
    follow_up_extension_requested = "follow_up.extension_requested"
    follow_up_extension_decided = "follow_up.extension_decided"
    follow_up_deadline_passed = "follow_up.deadline_passed"


def _object_type(kind: EventKind) -> str:
    return kind.value.split(".")[0]


async def record(
    session: AsyncSession,
    kind: EventKind,
    object_id: int,
    *,
    organization_id: int | None,
    payload: dict[str, Any] | None = None,
) -> DomainEvent:
    """One event, flushed (never committed) with the change that causes it."""
    event = DomainEvent(
        kind=kind.value,
        organization_id=organization_id,
        object_type=_object_type(kind),
        object_id=object_id,
        payload=payload or {},
    )
    session.add(event)
    await session.flush()
    await outbox.enqueue(session, DISPATCH, event_id=event.id)
    return event


async def record_many(
    session: AsyncSession,
    kind: EventKind,
    happened: Sequence[tuple[int, int | None, dict[str, Any]]],
) -> list[int]:
    """Many events of one kind, each (object id, organization id, payload), in one insert
    and dispatched by one job per DISPATCH_CHUNK of them: a sweep that finds thousands of
    deadlines passed writes them in a few statements. Their ids, in the order given."""
    if not happened:
        return []
    rows = [
        {
            "kind": kind.value,
            "organization_id": organization_id,
            "object_type": _object_type(kind),
            "object_id": object_id,
            "payload": payload,
        }
        for object_id, organization_id, payload in happened
    ]
    statement = insert(DomainEvent).returning(DomainEvent.id, sort_by_parameter_order=True)
    ids = list((await session.scalars(statement, rows)).all())
    for start in range(0, len(ids), DISPATCH_CHUNK):
        await outbox.enqueue(session, DISPATCH_MANY, event_ids=ids[start : start + DISPATCH_CHUNK])
    return ids


def handler(function: Handler) -> Handler:
    """Register a function every recorded event is handed to, after commit, by a worker."""
    if function not in HANDLERS:
        HANDLERS.append(function)
    return function


DISPATCH = "events.dispatch"
DISPATCH_MANY = "events.dispatch_many"
DISPATCH_CHUNK = 200


@outbox.task(DISPATCH)
async def dispatch(session: AsyncSession, payload: dict[str, Any]) -> None:
    """Hand one event to every handler, in the worker's transaction."""
    event = await session.get(DomainEvent, payload["event_id"])
    if event is None:  # gone with its organisation
        return
    for handle in HANDLERS:
        await handle(session, event)


@outbox.task(DISPATCH_MANY)
async def dispatch_many(session: AsyncSession, payload: dict[str, Any]) -> None:
    """Hand each of many events to every handler, in the worker's one transaction (handlers
    are idempotent, so a retry after a failure part-way writes nothing twice)."""
    for event_id in payload["event_ids"]:
        await dispatch(session, {"event_id": event_id})
