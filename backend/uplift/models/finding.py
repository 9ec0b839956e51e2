"""Findings (查證結果, plan 陸 二): what a round says of an enterprise, as strengths (優點)
and recommendations (建議事項). 不予評分: there is no score, grade or rank, here or anywhere.

Life cycle: draft (the panel, for its enterprises) → approved (a reviewer) → issued to the
enterprise (date and 發文字號; the text is frozen from then on) → published. A change after
issue is a correction with its reason (FindingCorrection); the issued text stays readable.
Issuing a recommendation opens its follow-up (models/follow_up.py).
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uplift.kit.db import Base, UtcDateTime, str_enum, utcnow
from uplift.models.organization import Organization


class FindingKind(StrEnum):
    strength = "strength"  # 優點
    recommendation = "recommendation"  # 建議事項


class FindingStatus(StrEnum):
    draft = "draft"
    approved = "approved"
    issued = "issued"
    published = "published"


class Finding(Base):
    __tablename__ = "findings"
    # The feed's order and its `updated_since`: (updated_at, id)
    __table_args__ = (
        Index("ix_findings_updated", "updated_at", "id"),
        Index("ix_findings_round_organization", "round_id", "organization_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("verification_rounds.id", ondelete="RESTRICT"))
    organization_id: Mapped[int] = mapped_column(  # the enterprise
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    unit_id: Mapped[int | None] = mapped_column(  # one of its units, when it concerns one
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[FindingKind] = mapped_column(str_enum(FindingKind))
    status: Mapped[FindingStatus] = mapped_column(
        str_enum(FindingStatus), default=FindingStatus.draft
    )
    # Its number among the round's findings of its kind for the enterprise (建議事項 3)
    number: Mapped[int]
    text_zh: Mapped[str] = mapped_column(Text)  # the current text (after any correction)
    text_en: Mapped[str | None] = mapped_column(Text)
    # The text as issued, kept when a correction changes text_zh / text_en
    issued_text_zh: Mapped[str | None] = mapped_column(Text)
    issued_text_en: Mapped[str | None] = mapped_column(Text)

    drafted_by: Mapped[str] = mapped_column(String(200))
    drafted_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    approved_by: Mapped[str | None] = mapped_column(String(200))
    issued_on: Mapped[date | None] = mapped_column(Date)  # the letter's date
    issue_number: Mapped[str | None] = mapped_column(String(100))  # its 發文字號
    issued_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    organization: Mapped[Organization] = relationship(lazy="raise", foreign_keys=[organization_id])
    measures: Mapped[list["FindingMeasure"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )
    corrections: Mapped[list["FindingCorrection"]] = relationship(
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="FindingCorrection.number",
    )


class FindingMeasure(Base):
    """A measure the finding concerns, by the measure's stable key (its row changes with
    amendments; the key does not)."""

    __tablename__ = "finding_measures"
    __table_args__ = (UniqueConstraint("finding_id", "measure_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), index=True
    )
    measure_key: Mapped[str] = mapped_column(String(36), index=True)


class FindingCorrection(Base):
    """A change to an issued finding: the text before and after, and why."""

    __tablename__ = "finding_corrections"
    __table_args__ = (UniqueConstraint("finding_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    text_zh_before: Mapped[str] = mapped_column(Text)
    text_zh: Mapped[str] = mapped_column(Text)
    text_en_before: Mapped[str | None] = mapped_column(Text)
    text_en: Mapped[str | None] = mapped_column(Text)
    corrected_by: Mapped[str] = mapped_column(String(200))
    corrected_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
