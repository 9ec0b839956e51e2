"""Domain events: what happened in the loop that someone outside the request may need to
hear of (a finding issued or published, a follow-up answered or decided, a deadline passed).

Written in the same transaction as the change (kit/events.py), never sent from here:
reminders, e-mail, webhooks and in-app notifications (the next issue) read them, each
delivery once, filtered by what the receiving organisation may see: `organization_id` is
the enterprise the event concerns (None: the commission's own business).
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from uplift.kit.db import Base, UtcDateTime, utcnow


class DomainEvent(Base):
    __tablename__ = "domain_events"
    __table_args__ = (Index("ix_domain_events_kind", "kind", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)  # the order events happened in
    kind: Mapped[str] = mapped_column(String(64))  # e.g. finding.issued (kit/events.py)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[int]
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
