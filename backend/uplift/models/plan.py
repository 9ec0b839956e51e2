from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uplift.kit.db import Base, TimestampMixin, UtcDateTime, owned_children, str_enum, utcnow
from uplift.kit.versions import new_version
from uplift.models.organization import Organization
from uplift.models.structure import Dimension


class PlanStatus(StrEnum):
    draft = "draft"  # being written: edits are free
    published = "published"  # changes only by amendment (捌)
    amending = "amending"  # an amendment is open: edits go into the next revision
    archived = "archived"


class ReviewRoundKind(StrEnum):
    mid_year = "mid_year"
    year_end = "year_end"


class Plan(TimestampMixin, Base):
    """A year's service-efficiency improvement plan (e.g. the commission's plan for 107)."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("issuer_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)  # Gregorian; the ROC year is derived
    issuer_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[PlanStatus] = mapped_column(str_enum(PlanStatus), default=PlanStatus.draft)
    objectives: Mapped[str] = mapped_column(Text, default="")
    # 貳 計畫目標's 核心精神 (公平共享、參與合作、開放透明): part of the objectives
    core_values: Mapped[list[str]] = mapped_column(JSON, default=list)
    report_due_date: Mapped[date | None] = mapped_column(Date)
    # The revision in force: 0 until publication, then 1, 2 … with each adopted amendment.
    revision: Mapped[int] = mapped_column(default=0)
    # The plan this one was carried over from (the year before), if any.
    previous_plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("plans.id", ondelete="SET NULL"), index=True
    )
    # Changes on every write to what the plan shows (drafts included; see
    # models/content_version.py), so a read can be served from plan_snapshots by it.
    content_version: Mapped[str] = mapped_column(String(32), default=new_version)

    issuer: Mapped[Organization] = relationship(lazy="raise")
    bases: Mapped[list["PlanBasis"]] = owned_children("PlanBasis.position")
    target_categories: Mapped[list["TargetCategory"]] = owned_children("TargetCategory.position")
    sections: Mapped[list["PlanSection"]] = owned_children("PlanSection.position")
    review_rounds: Mapped[list["ReviewRound"]] = owned_children("ReviewRound.position")
    dimensions: Mapped[list[Dimension]] = owned_children("Dimension.position")


class PlanBasis(Base):
    """A legal basis of the plan (壹、計畫依據): who issued what, when, under which number."""

    __tablename__ = "plan_bases"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    issuer: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date | None] = mapped_column(Date)
    document_number: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")


class TargetCategory(Base):
    """An implementation target category (參、實施對象), e.g. 整體服務類, with its members."""

    __tablename__ = "target_categories"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    position: Mapped[int]
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))

    members: Mapped[list["TargetCategoryMember"]] = owned_children("TargetCategoryMember.position")


class TargetCategoryMember(Base):
    __tablename__ = "target_category_members"
    __table_args__ = (UniqueConstraint("category_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(
        ForeignKey("target_categories.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int]
    # Which part of the organisation is meant, e.g. 各區營業處; empty for the whole.
    scope: Mapped[str | None] = mapped_column(String(200))

    organization: Mapped[Organization] = relationship(lazy="raise")


class PlanSection(Base):
    """A prose section of the plan: implementation steps, assessment, rewards, amendment."""

    __tablename__ = "plan_sections"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    position: Mapped[int]
    heading: Mapped[str] = mapped_column(String(32))
    # None where the source gives the heading alone (捌、本計畫如有未盡事宜…)
    title: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)


class ReviewRound(Base):
    """A verification round the plan's assessment rules call for (期中查證, 期末查證)."""

    __tablename__ = "review_rounds"
    __table_args__ = (UniqueConstraint("plan_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReviewRoundKind] = mapped_column(str_enum(ReviewRoundKind))
    position: Mapped[int]
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")


class PlanRevision(Base):
    """A revision of a published plan: 1 at publication, then one per amendment (捌).

    An open amendment is a revision without `adopted_at`; adopting it stores the snapshot, so
    every earlier revision stays readable exactly as it was.
    """

    __tablename__ = "plan_revisions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    amended_on: Mapped[date] = mapped_column(Date)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    adopted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    adopted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # While this amendment is open, what everyone but the commission's staff reads: the plan
    # and its tree (with ids) as the last adopted revision left them, kept when it opened.
    adopted_view: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class PlanSnapshot(Base):
    """A built, encoded read of a plan (its detail or tree) for one view, kept for as long
    as the plan's content version is the one it was built from.

    In the database rather than in a worker's memory, so every worker serves what any one
    built; one row per plan and view, replaced when a newer version is built.
    """

    __tablename__ = "plan_snapshots"
    __table_args__ = (UniqueConstraint("plan_id", "view"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    view: Mapped[str] = mapped_column(String(32))  # e.g. tree:live, detail:adopted
    version: Mapped[str] = mapped_column(String(32))
    etag: Mapped[str] = mapped_column(String(80))
    body: Mapped[bytes] = mapped_column(LargeBinary)
