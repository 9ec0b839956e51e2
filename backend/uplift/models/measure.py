from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from uplift.kit.db import Base, StableKeyMixin, owned_children, str_enum
from uplift.kit.search import search_key
from uplift.models.organization import Organization

if TYPE_CHECKING:
    from uplift.models.structure import Strategy


class Comparison(StrEnum):
    at_least = "at_least"
    at_most = "at_most"
    exactly = "exactly"  # 每年辦理1次: once, not at least once
    by_date = "by_date"
    # 提升/提高 …: the target is the change over `baseline` (either may be unknown)
    increase_over_baseline = "increase_over_baseline"
    # 於期限內處理完成: every case done, i.e. 100 % (target 100, unit '%')
    completion = "completion"
    report_only = "report_only"


class Frequency(StrEnum):
    per_case = "per_case"
    monthly = "monthly"
    bimonthly = "bimonthly"
    quarterly = "quarterly"
    half_yearly = "half_yearly"
    yearly = "yearly"
    once = "once"
    unspecified = "unspecified"  # the source says nothing of how often


class Measure(StableKeyMixin, Base):
    """A concrete measure (具體推動作法); a sub-item (甲 乙 丙) is a measure with a parent."""

    __tablename__ = "measures"
    # A plan's top-level measures are found by strategy without touching other plans' rows.
    __table_args__ = (Index("ix_measures_strategy_id_parent_id", "strategy_id", "parent_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(
        ForeignKey("strategies.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str | None] = mapped_column(String(16))  # (1), 甲 …; None when unnumbered
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text)

    strategy: Mapped["Strategy"] = relationship(lazy="raise")
    owners: Mapped[list["MeasureOwner"]] = owned_children("MeasureOwner.position")
    sub_items: Mapped[list["Measure"]] = owned_children("Measure.position")
    indicators: Mapped[list["Indicator"]] = owned_children("Indicator.position")

    @validates("text")
    def _index_text(self, _key: str, text: str) -> str:
        self.search_text = search_key(text)
        return text


class MeasureOwner(Base):
    """An organisation responsible for a measure; a shared measure has several."""

    __tablename__ = "measure_owners"
    __table_args__ = (UniqueConstraint("measure_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int]

    organization: Mapped[Organization] = relationship(lazy="raise")


class Indicator(StableKeyMixin, Base):
    """A checkable target of a measure: 每2個月至少測試1次 is at least 1 次, bimonthly."""

    __tablename__ = "indicators"
    # A value the transcription inferred rather than read says why.
    __table_args__ = (
        CheckConstraint(
            "inferred = false OR length(trim(coalesce(inferred_reason, ''))) > 0",
            name="inferred_has_reason",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    search_text: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(32))
    target: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    comparison: Mapped[Comparison] = mapped_column(str_enum(Comparison))
    frequency: Mapped[Frequency] = mapped_column(str_enum(Frequency))
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    source_phrase: Mapped[str | None] = mapped_column(Text)
    # increase_over_baseline: the value the change is measured from, when the source gives it
    baseline: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    # True when a value (target, unit, comparison, frequency or date) is not read from the
    # source phrase but supplied by whoever transcribed it; the reason says which and why.
    inferred: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    inferred_reason: Mapped[str | None] = mapped_column(Text)

    @validates("name")
    def _index_name(self, _key: str, name: str) -> str:
        self.search_text = search_key(name)
        return name
