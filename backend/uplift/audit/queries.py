"""Reading the audit log: newest first, filtered by who, what and when.

The log only grows, so its pages go by keyset (after the last event seen, by time and id)
and its total is counted up to a cap: a deep page costs what the first one does.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.errors import InvalidParameter
from uplift.kit.pagination import PageParams, capped_count
from uplift.models import AuditEvent

NEWEST_FIRST = "newest"


@dataclass(frozen=True)
class EventFilter:
    actor_user_id: int | None = None
    actor_token_id: int | None = None
    object_type: str | None = None
    object_id: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def applied(self, statement: Select[AuditEvent]) -> Select[AuditEvent]:
        equal = {
            AuditEvent.actor_user_id: self.actor_user_id,
            AuditEvent.actor_token_id: self.actor_token_id,
            AuditEvent.object_type: self.object_type,
            AuditEvent.object_id: self.object_id,
            AuditEvent.action: self.action,
        }
        for column, value in equal.items():
            if value is not None:
                statement = statement.where(column == value)
        if self.since is not None:
            statement = statement.where(AuditEvent.occurred_at >= self.since)
        if self.until is not None:
            statement = statement.where(AuditEvent.occurred_at < self.until)
        return statement


@dataclass(frozen=True)
class EventPage:
    items: Sequence[AuditEvent]
    total: int
    total_capped: bool
    next_key: tuple[str, int] | None  # the last event's (time, id) when more follow


def after_key(key: tuple[object, ...]) -> tuple[datetime, int]:
    """A cursor's (time, id), or 422 when it does not hold one."""
    occurred, event_id = key
    try:
        if not isinstance(occurred, str) or not isinstance(event_id, int):
            raise ValueError
        return datetime.fromisoformat(occurred), event_id
    except ValueError:
        raise InvalidParameter(
            "cursor",
            "query",
            "Not a cursor this list gave: start again from the first page",
            "不是本列表提供的游標，請從第一頁重新開始",
        ) from None


async def list_events(
    session: AsyncSession,
    page: PageParams,
    wanted: EventFilter,
    after: tuple[datetime, int] | None = None,
) -> EventPage:
    statement = wanted.applied(select(AuditEvent))
    total, capped = await capped_count(session, statement)
    if after is None:
        statement = statement.offset(page.offset)
    else:
        occurred, event_id = after
        statement = statement.where(
            or_(
                AuditEvent.occurred_at < occurred,
                and_(AuditEvent.occurred_at == occurred, AuditEvent.id < event_id),
            )
        )
    rows = (
        await session.scalars(
            statement.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()).limit(
                page.page_size + 1
            )
        )
    ).all()
    items = rows[: page.page_size]
    more = len(rows) > page.page_size
    last = items[-1] if more and items else None
    return EventPage(
        items,
        total,
        capped,
        None if last is None else (last.occurred_at.isoformat(), last.id),
    )
