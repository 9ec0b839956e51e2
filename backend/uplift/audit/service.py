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
