"""The year-end results report (執行績效與成果報告, plan 陸 一 2): what each enterprise submits
on its year before the final round (期末查證), with the due date the commission sets.

One report per (plan, enterprise), reviewed like a progress report (kit/review.py); its
content lives in versions, every one kept: a summary per dimension of the plan (what was
achieved, 執行績效; the results, 成果; optionally key figures).
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uplift.kit.db import Base, UtcDateTime, owned_children, utcnow
from uplift.models.organization import Organization
from uplift.models.reviewed import Reviewed, Written
from uplift.models.stored_file import StoredFile


class ResultsDueDate(Base):
    """The day a plan's results reports are due. The plan gives none: the commission sets
    it (and may clear it); until then there is no row, or a row without a day."""

    __tablename__ = "results_due_dates"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True
    )
    due_date: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ResultsReport(Reviewed, Base):
    __tablename__ = "results_reports"
    __table_args__ = (UniqueConstraint("plan_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="RESTRICT"), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    # The first submission is what the due date judges: a return asks for more, it does not
    # make a report that came in time late.
    first_submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    organization: Mapped[Organization] = relationship(lazy="raise")
    versions: Mapped[list["ResultsVersion"]] = owned_children("ResultsVersion.number")


class ResultsVersion(Written, Base):
    """One version of a results report's content; immutable once a later one exists."""

    __tablename__ = "results_versions"
    __table_args__ = (UniqueConstraint("report_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("results_reports.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    # The report's document (the file the enterprise submits), an upload it attaches.
    document_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="RESTRICT"), index=True
    )

    document: Mapped[StoredFile | None] = relationship(lazy="raise")
    summaries: Mapped[list["ResultsSummary"]] = owned_children("ResultsSummary.position")


class ResultsSummary(Base):
    """What an enterprise achieved in one dimension of the plan, named by the dimension's
    stable key (its row changes with amendments)."""

    __tablename__ = "results_summaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("results_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    dimension_key: Mapped[str] = mapped_column(String(36))
    performance: Mapped[str] = mapped_column(Text)  # 執行績效
    results: Mapped[str] = mapped_column(Text)  # 成果
    # [{"name": …, "value": "12.5", "unit": "%"}]: figures as the enterprise states them
    key_figures: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
