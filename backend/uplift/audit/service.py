"""The audit log: every write appends what happened, in the same transaction as the write."""

from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject
from uplift.models import AuditEvent

Snapshot = BaseModel | dict[str, Any] | None


def _plain(value: Snapshot) -> dict[str, Any] | None:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return value


def event(
    subject: Subject,
    action: str,
    object_type: str,
    object_id: object | None,
    *,
    before: Snapshot = None,
    after: Snapshot = None,
) -> AuditEvent:
    """One event, not yet added: for a write of many objects, which adds its events together
    (one flush for all) in the same transaction."""
    return AuditEvent(
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
    session.add(event(subject, action, object_type, object_id, before=before, after=after))
    await session.flush()
