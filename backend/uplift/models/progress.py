"""Progress reports: what an organisation reports on a measure for a period, every version
of it kept.

A report is a thread keyed by (plan, measure key, organisation, period): posting the same
key again changes that thread, never starts a second. Its content lives in versions: a
draft is edited in place; once a version has been submitted (or returned), the next edit
is a new version, and every version stays readable.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from uplift.kit.db import Base, UtcDateTime, owned_children, str_enum
from uplift.models.organization import Organization
from uplift.models.reviewed import Reviewed, Written
from uplift.models.stored_file import StoredFile


class WorkStatus(StrEnum):
    not_started = "not_started"
    on_track = "on_track"
    done = "done"
    delayed = "delayed"  # with delay_reason (落後原因) and remedy (具體解決對策)
    not_applicable = "not_applicable"  # with not_applicable_reason


class ProgressReport(Reviewed, Base):
    __tablename__ = "progress_reports"
    __table_args__ = (
        UniqueConstraint("plan_id", "measure_key", "organization_id", "period"),
        UniqueConstraint("organization_id", "external_id"),
        # Systems that sync page by (updated_at, id); every list filter narrows it.
        Index("ix_progress_reports_updated_at_id", "updated_at", "id"),
        Index("ix_progress_reports_plan_id_state", "plan_id", "state"),
        # A plan's page, in the list's one order.
        Index("ix_progress_reports_plan_id_updated_at_id", "plan_id", "updated_at", "id"),
        # The progress matrix reads a plan's reports in this order, from the index alone.
        Index(
            "ix_progress_reports_standing",
            "plan_id",
            "measure_key",
            "organization_id",
            postgresql_include=[
                "period",
                "state",
                "submitted_at",
                "version",
                "submitted_version",
                "current_status",
                "submitted_status",
            ],
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="RESTRICT"))
    # A measure's stable key: its row id changes with amendments, its key does not.
    measure_key: Mapped[str] = mapped_column(String(36), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    period: Mapped[str] = mapped_column(String(8), index=True)
    external_id: Mapped[str | None] = mapped_column(String(100))
    # The work status of the current and the last submitted version (`Reviewed`), kept
    # here by `keep_statuses` on every flush:
    # what the progress matrix counts without reading the versions.
    current_status: Mapped[WorkStatus | None] = mapped_column(str_enum(WorkStatus))
    submitted_status: Mapped[WorkStatus | None] = mapped_column(str_enum(WorkStatus))

    organization: Mapped[Organization] = relationship(lazy="raise")
    versions: Mapped[list["ProgressVersion"]] = owned_children("ProgressVersion.number")


class ProgressStanding(Base):
    """What the reports of one (plan, measure key, organisation) say, summed up: the one row
    the progress matrix reads per pair instead of every period's report (a plan of 500,000
    reports has some 44,000 pairs). Derived data, written by `progress.standings.refresh`
    after every change to reports and rebuilt whole by `uplift progress rebuild-standings`.

    Each figure is kept twice, once per basis the matrix counts by (`progress.standing`):
    `current` over every report (its current version, drafts included), `submitted` over
    the reports with a submitted version. `*_latest` is the latest period's rank in the plan
    year times the number of work statuses plus that period's status; `*_periods` a bit per
    period of the year with a submission; `*_late` the reports submitted after their
    period's due day; `*_drafts` those in draft; `*_first` the earliest last submission."""

    __tablename__ = "progress_standings"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True
    )
    measure_key: Mapped[str] = mapped_column(String(36), primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    current_reports: Mapped[int]
    current_latest: Mapped[int | None]
    current_periods: Mapped[int] = mapped_column(BigInteger)
    current_late: Mapped[int]
    current_drafts: Mapped[int]
    current_first: Mapped[datetime | None] = mapped_column(UtcDateTime)
    submitted_reports: Mapped[int]
    submitted_latest: Mapped[int | None]
    submitted_periods: Mapped[int] = mapped_column(BigInteger)
    submitted_late: Mapped[int]
    submitted_drafts: Mapped[int]
    submitted_first: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ProgressVersion(Written, Base):
    """One version of a report's content; immutable once a later one exists."""

    __tablename__ = "progress_versions"
    __table_args__ = (UniqueConstraint("report_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("progress_reports.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    work_status: Mapped[WorkStatus] = mapped_column(str_enum(WorkStatus))
    delay_reason: Mapped[str | None] = mapped_column(Text)
    remedy: Mapped[str | None] = mapped_column(Text)
    not_applicable_reason: Mapped[str | None] = mapped_column(Text)
    narrative: Mapped[str | None] = mapped_column(Text)

    values: Mapped[list["ProgressValue"]] = owned_children("ProgressValue.position")
    # Evidence is links and files, one list in the order given: positions count across both.
    evidence: Mapped[list["EvidenceLink"]] = owned_children("EvidenceLink.position")
    evidence_files: Mapped[list["EvidenceFile"]] = owned_children("EvidenceFile.position")


class ProgressValue(Base):
    """A value reported for one of the measure's indicators, in the indicator's unit. The
    indicator is named by id and by its stable key, and is not a foreign key: an amendment
    may replace the indicator's row, and the report must still say what was reported."""

    __tablename__ = "progress_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("progress_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    indicator_id: Mapped[int]
    indicator_key: Mapped[str] = mapped_column(String(36))
    value: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    unit: Mapped[str | None] = mapped_column(String(32))


class EvidenceLink(Base):
    """Evidence on the web for a version: a link, its title, and the day it took effect
    (which is not when it was reported)."""

    __tablename__ = "progress_evidence_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("progress_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(200))
    effective_date: Mapped[date] = mapped_column(Date)


class EvidenceFile(Base):
    """Evidence uploaded as a file for a version: the stored file, its title, and the day it
    took effect (which is not when it was uploaded)."""

    __tablename__ = "progress_evidence_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("progress_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_files.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    effective_date: Mapped[date] = mapped_column(Date)

    file: Mapped[StoredFile] = relationship(lazy="raise")


@event.listens_for(Session, "before_flush")
def keep_statuses(session: Session, _context: Any, _instances: Any) -> None:
    """Every report stored says the work status of its current and of its last submitted
    version (what the progress matrix counts): taken from the versions stored with it, and
    for a report whose current version is the one submitted, from the current one."""
    changed = [*session.new, *session.dirty]
    reports = {id(r): r for r in changed if isinstance(r, ProgressReport)}
    owner_of = {id(v): r for r in reports.values() for v in (r.__dict__.get("versions") or [])}
    for version in (v for v in changed if isinstance(v, ProgressVersion)):
        report = owner_of.get(id(version))
        if report is None and version.report_id is not None:
            key = session.identity_key(ProgressReport, version.report_id)
            found = session.identity_map.get(key)
            report = found if isinstance(found, ProgressReport) else None
        if report is None:
            continue
        reports[id(report)] = report
        if version.number == report.version:
            report.current_status = version.work_status
        if version.number == report.submitted_version:
            report.submitted_status = version.work_status
    for report in reports.values():
        if report.submitted_version is None:
            report.submitted_status = None
        elif report.submitted_version == report.version and report.current_status is not None:
            report.submitted_status = report.current_status
