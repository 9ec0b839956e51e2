"""Reading progress reports: one with its versions, and the list systems sync from.

What a subject reads is `auth/visibility.readable_reports`: a report it may not read is not
found (404) and never counted. A page of reports costs the same few queries however many
it holds: the reports, their organisations, their current versions and those versions'
values.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from uplift.auth.subject import Subject
from uplift.auth.visibility import (
    head_office_reports,
    readable_reports,
    shown_version,
    shown_version_number,
    subtree,
)
from uplift.evidence.schemas import file_fields
from uplift.kit.errors import ResourceNotFound
from uplift.kit.pagination import Listing, PageParams, after_updated, capped_count
from uplift.kit.search import among
from uplift.models import (
    EvidenceFile,
    Organization,
    ProgressReport,
    ProgressVersion,
    ReportState,
    WorkStatus,
)
from uplift.organizations.queries import by_code
from uplift.progress.periods import parse_period
from uplift.progress.schemas import Report, ReportDetail, ReportLevel, Version

# A version's parts, loaded with it in one query each however many versions are read.
VERSION_CONTENT = (
    selectinload(ProgressVersion.values),
    selectinload(ProgressVersion.evidence),
    selectinload(ProgressVersion.evidence_files).joinedload(EvidenceFile.file),
)
SORT = "updated"  # the one order: (updated_at, id), the same for every page and every sync


def _version(row: ProgressVersion) -> Version:
    return Version(
        number=row.number,
        status=row.work_status,
        delay_reason=row.delay_reason,
        remedy=row.remedy,
        not_applicable_reason=row.not_applicable_reason,
        narrative=row.narrative,
        values=[
            {
                "indicator_id": v.indicator_id,
                "indicator_key": v.indicator_key,
                "value": v.value,
                "unit": v.unit,
            }
            for v in row.values
        ],
        evidence=evidence_of(row),
        written_by=row.written_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def evidence_of(row: ProgressVersion) -> list[dict[str, Any]]:
    """Links and files in one list, in the order they were given."""
    links: list[tuple[int, dict[str, Any]]] = [
        (e.position, {"kind": "link", "url": e.url, "file": None, "title": e.title,
                      "effective_date": e.effective_date})
        for e in row.evidence
    ]  # fmt: skip
    files: list[tuple[int, dict[str, Any]]] = [
        (e.position, {"kind": "file", "url": None, "file": file_fields(e.file), "title": e.title,
                      "effective_date": e.effective_date})
        for e in row.evidence_files
    ]  # fmt: skip
    return [shown for _, shown in sorted(links + files, key=lambda pair: pair[0])]


def _fields(report: ProgressReport, organization: Organization, current: Version) -> dict[str, Any]:
    """The report as a reader sees it: `current` is the version shown to this reader."""
    period = parse_period(report.period)
    assert period is not None  # stored only after it was checked
    return {
        "id": report.id,
        "plan_id": report.plan_id,
        "measure_key": report.measure_key,
        "organization": organization,
        "period": report.period,
        "period_start": period.first_day,
        "period_end": period.last_day,
        "due_date": period.due_day,
        "external_id": report.external_id,
        "state": report.state,
        "review_comment": report.review_comment,
        "version": current.number,
        "current": current,
        "created_at": report.created_at,
        "updated_at": report.updated_at,
        "submitted_at": report.submitted_at,
        "reviewed_at": report.reviewed_at,
    }


async def reports_of(
    session: AsyncSession, subject: Subject, rows: list[ProgressReport]
) -> list[Report]:
    """The representation of each report, with the version this subject reads (its current
    one, or for a reviewer the last submitted): three queries."""
    if not rows:
        return []
    organization_ids = {row.organization_id for row in rows}
    organizations = {
        o.id: o
        for o in await session.scalars(
            select(Organization).where(Organization.id.in_(organization_ids))
        )
    }
    dialect = session.get_bind().dialect.name
    versions = {
        v.report_id: _version(v)
        for v in await session.scalars(
            select(ProgressVersion)
            .join(ProgressReport, ProgressReport.id == ProgressVersion.report_id)
            .where(
                among(dialect, ProgressReport.id, [row.id for row in rows]),
                ProgressVersion.number == shown_version_number(subject),
            )
            .options(*VERSION_CONTENT)
        )
    }
    return [
        Report.model_validate(_fields(row, organizations[row.organization_id], versions[row.id]))
        for row in rows
    ]


async def detail_of(session: AsyncSession, subject: Subject, row: ProgressReport) -> ReportDetail:
    """A report with every version this subject may read, oldest first: what
    GET /progress-reports/{id} shows and what its ETag covers. A reviewer does not see the
    draft of a correction, only the versions up to the last submitted."""
    shown = shown_version(subject, row)
    organization = await session.get_one(Organization, row.organization_id)
    versions = [
        _version(v)
        for v in await session.scalars(
            select(ProgressVersion)
            .where(ProgressVersion.report_id == row.id, ProgressVersion.number <= shown)
            .order_by(ProgressVersion.number)
            .options(*VERSION_CONTENT)
            .execution_options(populate_existing=True)
        )
    ]
    current = versions[-1]
    return ReportDetail.model_validate(
        {**_fields(row, organization, current), "versions": versions}
    )


async def readable_report(
    session: AsyncSession, subject: Subject, report_id: int, *, lock: bool = False
) -> ProgressReport:
    """The report, if this subject may read it (404 otherwise); locked for a write."""
    statement = select(ProgressReport).where(
        ProgressReport.id == report_id, readable_reports(subject)
    )
    if lock:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    row = await session.scalar(statement)
    if row is None:
        raise ResourceNotFound("Progress report", "執行進度報告", report_id)
    return row


@dataclass(frozen=True)
class ReportFilter:
    plan_id: int | None = None
    organization: str | None = None  # the organisation and its units
    unit: str | None = None  # exactly this organisation
    measure: str | None = None  # a measure key
    period: str | None = None
    state: ReportState | None = None
    status: WorkStatus | None = None  # of the current version
    updated_since: datetime | None = None
    level: ReportLevel | None = None  # an enterprise's own reports, or its units'


ReportList = Listing[Report]


async def _filtered(session: AsyncSession, subject: Subject, wanted: ReportFilter) -> Select[Any]:
    statement = select(ProgressReport).where(readable_reports(subject))
    if wanted.plan_id is not None:
        statement = statement.where(ProgressReport.plan_id == wanted.plan_id)
    if wanted.organization is not None:
        top = await by_code(session, wanted.organization, parameter="organization")
        statement = statement.where(ProgressReport.organization_id.in_(subtree(top.id)))
    if wanted.unit is not None:
        unit = await by_code(session, wanted.unit, parameter="unit")
        statement = statement.where(ProgressReport.organization_id == unit.id)
    if wanted.measure is not None:
        statement = statement.where(ProgressReport.measure_key == wanted.measure)
    if wanted.period is not None:
        statement = statement.where(ProgressReport.period == wanted.period)
    if wanted.state is not None:
        statement = statement.where(ProgressReport.state == wanted.state)
    if wanted.status is not None:
        current = select(ProgressVersion.report_id).where(
            ProgressVersion.report_id == ProgressReport.id,
            ProgressVersion.number == shown_version_number(subject),
            ProgressVersion.work_status == wanted.status,
        )
        statement = statement.where(current.exists())
    if wanted.updated_since is not None:
        statement = statement.where(ProgressReport.updated_at >= wanted.updated_since)
    if wanted.level == ReportLevel.enterprise:
        statement = statement.where(head_office_reports())
    elif wanted.level == ReportLevel.unit:
        statement = statement.where(~head_office_reports())
    return statement


async def list_reports(
    session: AsyncSession,
    subject: Subject,
    page: PageParams,
    wanted: ReportFilter,
    after: tuple[Any, ...] | None = None,
) -> ReportList:
    """A page in (updated_at, id) order: the `page`-th, or the one after a cursor's key. A
    system that syncs keeps the last page's `next` link (or its own `updated_since`)."""
    statement = await _filtered(session, subject, wanted)
    total, capped = await capped_count(session, statement)
    ordered = statement.order_by(ProgressReport.updated_at, ProgressReport.id)
    # A cursor continues after its row at the same cost at any depth; a page number skips.
    ordered = (
        ordered.where(after_updated(after, ProgressReport.updated_at, ProgressReport.id))
        if after is not None
        else ordered.offset(page.offset)
    )
    rows: list[ProgressReport] = list(await session.scalars(ordered.limit(page.page_size)))
    items = await reports_of(session, subject, rows)
    full = len(rows) == page.page_size
    next_key = (rows[-1].updated_at.isoformat(), rows[-1].id) if full else None
    return ReportList(items, total, capped, next_key)
