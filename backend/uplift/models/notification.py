"""Telling people and systems what happened in the loop: in-app notifications, e-mail to an
enterprise's contacts, webhooks to other ministry systems, and the reminders and digests
derived from the follow-ups' state.

Every message is a `Delivery` row written in the transaction that causes it, under a
`key` that makes it unique (the same event, subscription or reminder stage never makes two
deliveries), and sent by the workers (deliveries/). Every try is a `DeliveryAttempt`.
A webhook's `message_id` is the same on every try, so a receiver can drop a duplicate.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from uplift.kit.db import Base, TimestampMixin, UtcDateTime, str_enum, utcnow


class Language(StrEnum):
    zh_tw = "zh-TW"
    en = "en"


class DigestFrequency(StrEnum):
    """How often a reviewer hears of what awaits their decision (users.digest_frequency)."""

    daily = "daily"
    weekly = "weekly"
    off = "off"


class Contact(TimestampMixin, Base):
    """An enterprise's contact (聯絡窗口): who hears of its follow-ups, in which language."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("organization_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))  # stored case-folded
    language: Mapped[Language] = mapped_column(str_enum(Language), default=Language.zh_tw)
    receives_reminders: Mapped[bool] = mapped_column(Boolean, default=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class Notification(Base):
    """An in-app notification for one user; `key` makes it once per user and cause."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "key"),
        Index("ix_notifications_inbox", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))  # e.g. event:41, reminder:7:2026-12-01:due
    kind: Mapped[str] = mapped_column(String(64))  # an EventKind value or reminder.<stage>
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("domain_events.id", ondelete="SET NULL")
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[int]
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class WebhookSubscription(TimestampMixin, Base):
    """Another system's receiver: an organisation's (None: the commission's), for some event
    kinds, signed with its own secret (Standard Webhooks)."""

    __tablename__ = "webhook_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[str]] = mapped_column(JSON)  # EventKind values
    secret: Mapped[str] = mapped_column(String(100))  # whsec_…, shown to its owner
    description: Mapped[str] = mapped_column(String(200), default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class DeliveryChannel(StrEnum):
    email = "email"
    webhook = "webhook"


class DeliveryStatus(StrEnum):
    pending = "pending"  # waiting for a worker (first try or a retry at next_attempt_at)
    delivered = "delivered"
    dead = "dead"  # failed every try: an administrator may replay it


class Delivery(Base):
    """One message to one recipient, sent by a worker; retried with backoff until it is
    delivered or dead. `key` makes it once per cause and recipient."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_board", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    message_id: Mapped[str] = mapped_column(String(64), unique=True)  # msg_…, every try
    channel: Mapped[DeliveryChannel] = mapped_column(str_enum(DeliveryChannel))
    status: Mapped[DeliveryStatus] = mapped_column(
        str_enum(DeliveryStatus), default=DeliveryStatus.pending
    )
    kind: Mapped[str] = mapped_column(String(64))  # an EventKind value, reminder.…, digest
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("domain_events.id", ondelete="SET NULL")
    )
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="SET NULL"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recipient: Mapped[str] = mapped_column(String(2000))  # an address or a URL
    # E-mail: {"subject", "text", "html"}; webhook: the JSON body sent.
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class DeliveryAttempt(Base):
    """One try at a delivery, kept for administrators whatever its outcome."""

    __tablename__ = "delivery_attempts"
    __table_args__ = (UniqueConstraint("delivery_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id", ondelete="CASCADE"))
    number: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    duration_ms: Mapped[int] = mapped_column(default=0)
    ok: Mapped[bool] = mapped_column(Boolean)
    status_code: Mapped[int | None]  # the receiver's HTTP status or SMTP reply code
    error: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str] = mapped_column(String(100), default="")  # host:pid
    replay: Mapped[bool] = mapped_column(Boolean, default=False)  # an administrator's replay


class ReminderMark(Base):
    """A reminder stage a follow-up has reached, once per deadline (a new deadline arms the
    stages again). `sent` False: the stage was passed over because a later one was due."""

    __tablename__ = "reminder_marks"
    __table_args__ = (UniqueConstraint("follow_up_id", "due_on", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_ups.id", ondelete="CASCADE"))
    due_on: Mapped[date] = mapped_column(Date)
    stage: Mapped[str] = mapped_column(String(32))  # before-5, due, overdue, overdue-week-2
    reached_on: Mapped[date] = mapped_column(Date)  # the sweep's Asia/Taipei date
    sent: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class DigestMark(Base):
    """A reviewer's digest for one period (2026-11-27, or 2026-W48), sent once."""

    __tablename__ = "digest_marks"
    __table_args__ = (UniqueConstraint("user_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
