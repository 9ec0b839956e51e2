"""The audit log: every write appends what happened, in the same transaction as the write."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject
from uplift.kit.pagination import PageParams, count
from uplift.models import AuditEvent

Snapshot = BaseModel | dict[str, Any] | None


def _plain(value: Snapshot) -> dict[str, Any] | None:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return value


async def record(
    session: AsyncSession,
    subject: Subject,
    action: str,
    object_type: str,
    object_id: object | None,
    *,
    before: Snapshot = None,
    after: Snapshot = None,
) -> None:
    """Append one event; `before`/`after` are the object's representation around the write."""
    session.add(
        AuditEvent(
            actor_type=subject.kind,
            actor_user_id=subject.user_id if subject.kind == "user" else None,
            actor_token_id=subject.token_id,
            actor_label=subject.label,
            action=action,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id),
            before=_plain(before),
            after=_plain(after),
            address=subject.address,
        )
    )
    await session.flush()


async def list_events(
    session: AsyncSession,
    page: PageParams,
    *,
    actor_user_id: int | None = None,
    actor_token_id: int | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> tuple[Sequence[AuditEvent], int]:
    statement: Select[AuditEvent] = select(AuditEvent)
    filters = {
        AuditEvent.actor_user_id: actor_user_id,
        AuditEvent.actor_token_id: actor_token_id,
        AuditEvent.object_type: object_type,
        AuditEvent.object_id: object_id,
        AuditEvent.action: action,
    }
    for column, value in filters.items():
        if value is not None:
            statement = statement.where(column == value)
    if since is not None:
        statement = statement.where(AuditEvent.occurred_at >= since)
    if until is not None:
        statement = statement.where(AuditEvent.occurred_at < until)
    total = await count(session, statement)
    rows = await session.scalars(
        statement.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .offset(page.offset)
        .limit(page.page_size)
    )
    return rows.all(), total
