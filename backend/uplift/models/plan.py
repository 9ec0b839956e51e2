from datetime import date
from enum import StrEnum

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uplift.kit.db import Base, TimestampMixin, str_enum
from uplift.models.organization import Organization
from uplift.models.structure import Dimension


class PlanStatus(StrEnum):
    draft = "draft"
    published = "published"
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
    principles: Mapped[list[str]] = mapped_column(JSON, default=list)
    report_due_date: Mapped[date | None] = mapped_column(Date)

    issuer: Mapped[Organization] = relationship(lazy="raise")
    bases: Mapped[list["PlanBasis"]] = relationship(
        lazy="raise", order_by="PlanBasis.position", cascade="all, delete-orphan"
    )
    target_categories: Mapped[list["TargetCategory"]] = relationship(
        lazy="raise", order_by="TargetCategory.position", cascade="all, delete-orphan"
    )
    sections: Mapped[list["PlanSection"]] = relationship(
        lazy="raise", order_by="PlanSection.position", cascade="all, delete-orphan"
    )
    review_rounds: Mapped[list["ReviewRound"]] = relationship(
        lazy="raise", order_by="ReviewRound.position", cascade="all, delete-orphan"
    )
    dimensions: Mapped[list[Dimension]] = relationship(
        lazy="raise", order_by="Dimension.position", cascade="all, delete-orphan"
    )


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

    members: Mapped[list["TargetCategoryMember"]] = relationship(
        lazy="raise", order_by="TargetCategoryMember.position", cascade="all, delete-orphan"
    )


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
    title: Mapped[str] = mapped_column(String(200))
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
