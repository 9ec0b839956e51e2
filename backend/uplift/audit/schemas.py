from datetime import datetime
from typing import Any

from uplift.kit.pagination import KeysetPage
from uplift.kit.schema import Schema


class AuditEvent(Schema):
    """One recorded write."""

    id: int
    occurred_at: datetime
    actor_type: str
    actor_user_id: int | None
    actor_token_id: int | None
    actor_label: str
    action: str
    object_type: str
    object_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    address: str | None


class AuditEventPage(KeysetPage[AuditEvent]):
    pass
