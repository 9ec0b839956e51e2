"""Reading results reports: one enterprise's (with every version its reader may read), and
the list reviewers judge lateness from.

What a subject reads is `auth/visibility.readable_results_reports`: an enterprise its own,
drafts included; reviewers and administrators a report once submitted, as last submitted.
Lateness is judged at read time on Taipei days (`timeliness`), never stored.
"""

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from uplift.auth.subject import Subject
from uplift.auth.visibility import (
    readable_results_reports,
    reports_for_organization,
    shown_version,
    subtree_ids,
)
from uplift.evidence.schemas import file_fields
from uplift.kit.clock import end_of_day, in_taipei
from uplift.kit.errors import ResourceNotFound
from uplift.models import (
    Dimension,
    Measure,
    MeasureOwner,
    Organization,
    OrganizationKind,
    Plan,
    ResultsDueDate,
    ResultsReport,
    ResultsVersion,
    Strategy,
)
from uplift.plans.queries import readable_plan
from uplift.results.schemas import (
    DueDate,
    PlanDimension,
    ResultsReportList,
    ResultsReportRow,
    Timeliness,
)
from uplift.results.schemas import ResultsReport as ResultsReportOut
from uplift.results.schemas import ResultsVersion as ResultsVersionOut


def timeliness(due: date | None, first_submitted_at: datetime | None, today: date) -> Timeliness:
    """On time, late, missing or not yet due, by the Taipei day: a report first submitted
    before the due day ends is on time; a return and resubmission does not change that."""
    if due is None:
        return "no_due_date"
    if first_submitted_at is not None:
        return "late" if first_submitted_at >= end_of_day(due) else "on_time"
    return "missing" if today > due else "not_yet_due"


async def due_date_row(
    session: AsyncSession, plan_id: int, *, lock: bool = False
) -> ResultsDueDate | None:
    statement = select(ResultsDueDate).where(ResultsDueDate.plan_id == plan_id)
    if lock:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    return await session.scalar(statement)


def due_date_of(plan_id: int, row: ResultsDueDate | None) -> DueDate:
    return DueDate(
        plan_id=plan_id,
        due_date=row.due_date if row else None,
        updated_at=row.updated_at if row else None,
    )


async def enterprises_of(session: AsyncSession, plan_id: int) -> list[Organization]:
    """The plan's enterprises: those owning its measures, and any with a report on it."""
    owners = (
        select(MeasureOwner.organization_id)
        .join(Measure, Measure.id == MeasureOwner.measure_id)
        .join(Strategy, Strategy.id == Measure.strategy_id)
        .join(Dimension, Dimension.id == Strategy.dimension_id)
        .where(Dimension.plan_id == plan_id)
    )
    reporting = select(ResultsReport.organization_id).where(ResultsReport.plan_id == plan_id)
    return list(
        await session.scalars(
            select(Organization)
            .where(
                Organization.kind == OrganizationKind.enterprise,
                Organization.id.in_(owners.union(reporting)),
            )
            .order_by(Organization.position, Organization.code)
        )
    )


async def enterprise_for(
    session: AsyncSession, subject: Subject, plan_id: int, code: str
) -> Organization:
    """The enterprise `code` names, if it reports on the plan and this subject may see its
    report at all: an enterprise's reporters only their own organisation's (404 otherwise)."""
    found = next((o for o in await enterprises_of(session, plan_id) if o.code == code), None)
    if found is not None and reports_for_organization(subject):
        mine = (
            []
            if subject.organization_id is None
            else await subtree_ids(session, subject.organization_id)
        )
        found = found if found.id in mine else None
    if found is None:
        raise ResourceNotFound("Enterprise", "事業", code)
    return found


async def report_of(
    session: AsyncSession, subject: Subject, plan_id: int, organization_id: int, *, lock: bool
) -> ResultsReport | None:
    """The enterprise's report on the plan if this subject may read it, locked for a write."""
    statement = select(ResultsReport).where(
        ResultsReport.plan_id == plan_id,
        ResultsReport.organization_id == organization_id,
        readable_results_reports(subject),
    )
    if lock:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    return await session.scalar(statement)


async def dimensions_of(session: AsyncSession, plan_id: int) -> list[PlanDimension]:
    rows = await session.scalars(
        select(Dimension).where(Dimension.plan_id == plan_id).order_by(Dimension.position)
    )
    return [PlanDimension.model_validate(row) for row in rows]


def _version(row: ResultsVersion) -> ResultsVersionOut:
    document = None if row.document is None else file_fields(row.document)
    return ResultsVersionOut.model_validate(
        {
            "number": row.number,
            "summaries": row.summaries,
            "document": document,
            "written_by": row.written_by,
            "created_at": row.created_at,
            "updated_at": row.updated_at,
        }
    )


def _submitted_on(first_submitted_at: datetime | None) -> date | None:
    return None if first_submitted_at is None else in_taipei(first_submitted_at).date()


def _row_fields(
    organization: Organization,
    report: ResultsReport | None,
    version: int | None,
    due: date | None,
    today: date,
) -> dict[str, object]:
    first = report.first_submitted_at if report else None
    return {
        "organization": organization,
        "id": report.id if report else None,
        "state": report.state if report else None,
        "version": version,
        "first_submitted_at": first,
        "submitted_at": report.submitted_at if report else None,
        "submitted_on": _submitted_on(first),
        "due_date": due,
        "timeliness": timeliness(due, first, today),
    }


async def detail_of(
    session: AsyncSession,
    subject: Subject,
    plan: Plan,
    organization: Organization,
    report: ResultsReport | None,
    today: date,
) -> ResultsReportOut:
    """The enterprise's report as this subject reads it (one not yet started reads as empty,
    so its first save has an ETag to send): what a GET shows and what its ETag covers."""
    due = await due_date_row(session, plan.id)
    dimensions = await dimensions_of(session, plan.id)
    versions: list[ResultsVersionOut] = []
    shown = None
    if report is not None:
        shown = shown_version(subject, report)
        versions = [
            _version(v)
            for v in await session.scalars(
                select(ResultsVersion)
                .where(ResultsVersion.report_id == report.id, ResultsVersion.number <= shown)
                .order_by(ResultsVersion.number)
                .options(
                    selectinload(ResultsVersion.summaries), selectinload(ResultsVersion.document)
                )
                .execution_options(populate_existing=True)
            )
        ]
    current = versions[-1] if versions else None
    summarised = {s.dimension_key for s in current.summaries} if current else set()
    return ResultsReportOut.model_validate(
        {
            **_row_fields(organization, report, shown, due.due_date if due else None, today),
            "plan_id": plan.id,
            "year": plan.year,
            "dimensions": dimensions,
            "review_comment": report.review_comment if report else None,
            "created_at": report.created_at if report else None,
            "updated_at": report.updated_at if report else None,
            "reviewed_at": report.reviewed_at if report else None,
            "missing_dimensions": [d.key for d in dimensions if d.key not in summarised],
            "current": current,
            "versions": versions,
        }
    )


async def report_detail(
    session: AsyncSession, subject: Subject, plan_id: int, code: str, today: date
) -> ResultsReportOut:
    """GET: the enterprise reads its own, started or not; a reviewer only a submitted one."""
    plan = await readable_plan(session, subject, plan_id)
    organization = await enterprise_for(session, subject, plan.id, code)
    report = await report_of(session, subject, plan.id, organization.id, lock=False)
    if report is None and not reports_for_organization(subject):
        raise ResourceNotFound("Results report of", "成果報告：", code)
    return await detail_of(session, subject, plan, organization, report, today)


async def list_reports(
    session: AsyncSession, subject: Subject, plan: Plan, today: date
) -> ResultsReportList:
    """Every enterprise of the plan with its report's state and timeliness: three queries.
    An enterprise's reporters see their own row only; a report a reviewer may not read yet
    (never submitted) shows as not submitted."""
    due_row = await due_date_row(session, plan.id)
    due = due_row.due_date if due_row else None
    enterprises = await enterprises_of(session, plan.id)
    if reports_for_organization(subject):
        mine = (
            []
            if subject.organization_id is None
            else await subtree_ids(session, subject.organization_id)
        )
        enterprises = [o for o in enterprises if o.id in mine]
    reports = {
        r.organization_id: r
        for r in await session.scalars(
            select(ResultsReport).where(
                ResultsReport.plan_id == plan.id, readable_results_reports(subject)
            )
        )
    }
    rows = []
    for organization in enterprises:
        report = reports.get(organization.id)
        version = shown_version(subject, report) if report else None
        rows.append(
            ResultsReportRow.model_validate(_row_fields(organization, report, version, due, today))
        )
    return ResultsReportList(plan_id=plan.id, year=plan.year, due_date=due, today=today, items=rows)
