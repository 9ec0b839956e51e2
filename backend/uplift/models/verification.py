"""Verification rounds (查證, plan 陸 一): twice a year the commission verifies each
enterprise. A round follows the plan's own review round of its kind (期中查證, 期末查證) and
carries what the plan leaves to the commission: the verification plan (查證計畫: items,
dates, place, agenda), the enterprises it covers, its panel and, per enterprise, the visits.

Nothing here scores anyone: a round yields findings (models/finding.py), never a grade.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uplift.kit.db import Base, TimestampMixin, UtcDateTime, str_enum, utcnow
from uplift.models.organization import Organization
from uplift.models.plan import ReviewRoundKind


class RoundStatus(StrEnum):
    planned = "planned"
    notified = "notified"  # the enterprises are told: notified_on and notice_number
    in_progress = "in_progress"
    drafting = "drafting"  # the panel drafts findings
    signed_off = "signed_off"  # the commission signs the findings off
    issued = "issued"  # findings issued to the enterprises (通知各事業)
    published = "published"  # findings published (公布於本會網頁)


ROUND_ORDER = list(RoundStatus)


class VerificationRound(TimestampMixin, Base):
    __tablename__ = "verification_rounds"
    __table_args__ = (UniqueConstraint("plan_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[ReviewRoundKind] = mapped_column(str_enum(ReviewRoundKind))
    status: Mapped[RoundStatus] = mapped_column(str_enum(RoundStatus), default=RoundStatus.planned)
    # 查證計畫: what the commission decides; empty until it does (the plan says none of it)
    items: Mapped[list[str]] = mapped_column(JSON, default=list)  # 查證項目
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")  # 期中: at the commission
    agenda: Mapped[str] = mapped_column(Text, default="")
    participants: Mapped[str] = mapped_column(Text, default="")  # who takes part, in words
    # The notice to the enterprises (date and 發文字號), recorded on `notify`
    notified_on: Mapped[date | None] = mapped_column(Date)
    notice_number: Mapped[str | None] = mapped_column(String(100))
    # The default follow-up deadline: this many working days after a recommendation's issue
    follow_up_working_days: Mapped[int | None]
    # When each status was reached: {"notified": "2018-06-01T…", …}
    status_history: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)

    enterprises: Mapped[list["RoundEnterprise"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )


class RoundEnterprise(Base):
    """An enterprise the round covers."""

    __tablename__ = "round_enterprises"
    __table_args__ = (UniqueConstraint("round_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("verification_rounds.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )

    organization: Mapped[Organization] = relationship(lazy="raise")


class PanelMemberKind(StrEnum):
    commission = "commission"  # 本會同仁
    expert = "expert"  # invited outside expert
    delegate = "delegate"  # staff an enterprise delegated (各事業遴派人員)


class PanelMember(Base):
    """Someone on a round's panel. A member who signs in is a user (role panel_member or
    reviewer); an expert without an account is a name only. A delegate names the enterprise
    that delegated them and may never be assigned to it."""

    __tablename__ = "panel_members"
    __table_args__ = (UniqueConstraint("round_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("verification_rounds.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[PanelMemberKind] = mapped_column(str_enum(PanelMemberKind))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(100))
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    delegated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class PanelAssignment(Base):
    """A member assigned to verify an enterprise in the round: what the member may see."""

    __tablename__ = "panel_assignments"
    __table_args__ = (UniqueConstraint("member_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("panel_members.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    assigned_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class PanelConflict(Base):
    """A declared conflict of interest (迴避, 行政程序法 §32–33): the member steps aside from
    the enterprise (the assignment is removed, and cannot be made again) and the
    declaration stays on record."""

    __tablename__ = "panel_conflicts"
    __table_args__ = (UniqueConstraint("member_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("panel_members.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    reason: Mapped[str] = mapped_column(Text)
    declared_by: Mapped[str] = mapped_column(String(200))  # the subject's label
    declared_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Visit(TimestampMixin, Base):
    """A visit to an enterprise in the round (期末查證 is on site): its day, place and the
    units visited."""

    __tablename__ = "round_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("verification_rounds.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    visit_date: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    units: Mapped[list["VisitUnit"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )


class VisitUnit(Base):
    """A unit of the enterprise the visit went to."""

    __tablename__ = "round_visit_units"
    __table_args__ = (UniqueConstraint("visit_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(
        ForeignKey("round_visits.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
