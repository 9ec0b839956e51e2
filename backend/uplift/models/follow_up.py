"""Follow-ups (管考, plan 陸 二): every issued recommendation is tracked (列管) until the
commission releases it (解除列管). The enterprise answers with its handling (辦理情形) by a
deadline counted in working days on the office calendar (kit/clock.py); the reviewer
releases it (as implemented, or as not implemented) or keeps tracking it (繼續列管) with a
new deadline. Each answer, decision, deadline and extension is its own row, so the history
reads round by round; an answer is locked once decided.

Stored is only what happened: `state` says whose move it is. Due soon and overdue are
computed from the current deadline and today's Asia/Taipei date, never stored.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uplift.kit.db import Base, UtcDateTime, str_enum, utcnow
from uplift.models.reviewed import Written


class FollowUpState(StrEnum):
    tracking = "tracking"  # 列管中: the enterprise's move
    awaiting_decision = "awaiting_decision"  # answered: the reviewer's move
    released = "released"  # 解除列管


class Release(StrEnum):
    implemented = "implemented"  # 已完成改善
    not_implemented = "not_implemented"  # 未能辦理, with the reason


class DecisionOutcome(StrEnum):
    release_implemented = "release_implemented"  # evidence required
    release_not_implemented = "release_not_implemented"  # reason required
    continue_tracking = "continue_tracking"  # 繼續列管: reason and a new deadline


class DeadlineCause(StrEnum):
    opened = "opened"  # set when the recommendation was issued
    continued = "continued"  # a 繼續列管 decision's new deadline
    extended = "extended"  # an approved extension


class ExtensionState(StrEnum):
    pending = "pending"
    approved = "approved"
    refused = "refused"


class FollowUp(Base):
    __tablename__ = "follow_ups"
    # The board's question: an enterprise's open follow-ups by deadline
    __table_args__ = (
        Index("ix_follow_ups_board", "organization_id", "state", "due_on"),
        Index("ix_follow_ups_due", "state", "due_on"),
        Index("ix_follow_ups_order", "due_on", "id"),  # the list's one order
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("findings.id", ondelete="RESTRICT"), unique=True
    )
    round_id: Mapped[int] = mapped_column(
        ForeignKey("verification_rounds.id", ondelete="RESTRICT"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    state: Mapped[FollowUpState] = mapped_column(
        str_enum(FollowUpState), default=FollowUpState.tracking
    )
    # The deadline in force (the last FollowUpDeadline's), kept here for the board's query
    due_on: Mapped[date] = mapped_column(Date)
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    release: Mapped[Release | None] = mapped_column(str_enum(Release))
    released_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    opened_on: Mapped[date] = mapped_column(Date)  # the recommendation's issue date
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    deadlines: Mapped[list["FollowUpDeadline"]] = relationship(
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="FollowUpDeadline.number",
    )
    answers: Mapped[list["FollowUpAnswer"]] = relationship(
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="FollowUpAnswer.number",
    )


class FollowUpDeadline(Base):
    """Every deadline the follow-up has had, the first (on issue) included."""

    __tablename__ = "follow_up_deadlines"
    __table_args__ = (UniqueConstraint("follow_up_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    due_on: Mapped[date] = mapped_column(Date)
    # Counted over a year no office calendar is loaded for: the day may still move
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set as N working days (None when the reviewer gave a date)
    working_days: Mapped[int | None]
    cause: Mapped[DeadlineCause] = mapped_column(str_enum(DeadlineCause))
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class FollowUpAnswer(Written, Base):
    """An answer the commission receives (辦理情形): the enterprise's handling, how far it
    is, its evidence, and whether it asks for release (要求解列). Editable by the
    enterprise until decided; locked after."""

    __tablename__ = "follow_up_answers"
    __table_args__ = (UniqueConstraint("follow_up_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    progress_percent: Mapped[int]
    asks_release: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Answered after the deadline then in force: late reporting is itself tracked
    late: Mapped[bool] = mapped_column(Boolean, default=False)

    evidence: Mapped[list["FollowUpEvidence"]] = relationship(
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="FollowUpEvidence.position",
    )
    decision: Mapped["FollowUpDecision | None"] = relationship(lazy="raise", uselist=False)


class FollowUpEvidence(Base):
    """Evidence of an answer: an uploaded file (kit/storage.py) or a link, each with a
    title and the date it took effect."""

    __tablename__ = "follow_up_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("follow_up_answers.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    effective_on: Mapped[date | None] = mapped_column(Date)
    file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="RESTRICT"), index=True
    )
    url: Mapped[str | None] = mapped_column(String(2000))


class FollowUpDecision(Base):
    """The reviewer's decision on one answer; final."""

    __tablename__ = "follow_up_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("follow_up_answers.id", ondelete="CASCADE"), unique=True
    )
    outcome: Mapped[DecisionOutcome] = mapped_column(str_enum(DecisionOutcome))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class FollowUpExtension(Base):
    """An enterprise's request for more time, with its reason, and the reviewer's answer.
    An approved one adds a deadline; the earlier ones stay in the history."""

    __tablename__ = "follow_up_extensions"
    __table_args__ = (UniqueConstraint("follow_up_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    requested_due_on: Mapped[date] = mapped_column(Date)
    requested_by: Mapped[str] = mapped_column(String(200))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    state: Mapped[ExtensionState] = mapped_column(
        str_enum(ExtensionState), default=ExtensionState.pending
    )
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class UnitHandling(Written, Base):
    """督導所屬: a head office hands a recommendation to one of its units, which says how it
    handled its part; the head office reads it and consolidates the one answer the
    commission receives."""

    __tablename__ = "follow_up_unit_handlings"
    __table_args__ = (UniqueConstraint("follow_up_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(  # the unit
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    request: Mapped[str] = mapped_column(Text, default="")  # what the head office asks
    assigned_by: Mapped[str] = mapped_column(String(200))
    assigned_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    text: Mapped[str | None] = mapped_column(Text)  # the unit's handling, once it answers
    progress_percent: Mapped[int | None]
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
