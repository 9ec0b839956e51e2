"""Reading the audit log: newest first, filtered by who, what and when."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.pagination import PageParams, count
from uplift.models import AuditEvent


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
