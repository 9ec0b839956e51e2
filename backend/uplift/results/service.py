"""Writing results reports and their due date. Every write takes the one write order: find
and lock (404), check the state (409), check If-Match (428/412), check the content (422),
change, audit. The life cycle is kit/review.py's, the same as a progress report's.

Decisions where the plan is silent: a draft may leave dimensions out (an enterprise writes
over weeks), but submitting needs a summary for every dimension of the plan (422 naming
`summaries` and the dimensions missing); the due date judges the first submission, so a
report returned and resubmitted after the due day stays on time.
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from uplift.audit import service as audit
from uplift.auth.subject import Subject
from uplift.auth.visibility import readable_stored_files
from uplift.kit.db import utcnow
from uplift.kit.errors import ConflictError, InvalidParameter, ResourceNotFound
from uplift.kit.if_match import IfMatch
from uplift.kit.review import Action, ReportState, check_editable, check_transition, edits_in_place
from uplift.models import (
    Organization,
    Plan,
    ResultsDueDate,
    ResultsReport,
    ResultsSummary,
    ResultsVersion,
    StoredFile,
)
from uplift.plans.queries import readable_plan
from uplift.progress.service import REPORTABLE
from uplift.results import queries
from uplift.results.schemas import DueDate, DueDateIn, ResultsReportIn
from uplift.results.schemas import ResultsReport as ResultsReportOut

OBJECT = "results_report"


async def _target(
    session: AsyncSession, subject: Subject, plan_id: int, code: str
) -> tuple[Plan, Organization]:
    plan = await readable_plan(session, subject, plan_id)
    return plan, await queries.enterprise_for(session, subject, plan_id, code)


def _check_open(plan: Plan) -> None:
    if plan.status not in REPORTABLE:
        raise ConflictError(
            f"The plan of {plan.year} is {plan.status.value}: its results reports are closed",
            f"{plan.year} 年計畫不在執行中，不受理成果報告",
        )


def _check_summaries(data: ResultsReportIn, dimension_keys: list[str]) -> None:
    seen: set[str] = set()
    for index, summary in enumerate(data.summaries):
        field = f"summaries.{index}.dimension_key"
        if summary.dimension_key not in dimension_keys:
            raise InvalidParameter(
                field,
                "body",
                f"{summary.dimension_key!r} is not a dimension of this plan",
                f"「{summary.dimension_key}」不是此計畫的面向",
            )
        if summary.dimension_key in seen:
            raise InvalidParameter(
                field, "body", "This dimension has a summary already", "此面向已有摘要"
            )
        seen.add(summary.dimension_key)


def _summaries(data: ResultsReportIn, dimension_keys: list[str]) -> list[ResultsSummary]:
    """In the plan's order of dimensions, whatever order they were sent in."""
    ordered = sorted(data.summaries, key=lambda s: dimension_keys.index(s.dimension_key))
    return [
        ResultsSummary(
            position=position,
            dimension_key=s.dimension_key,
            performance=s.performance,
            results=s.results,
            key_figures=[f.model_dump(mode="json") for f in s.key_figures],
        )
        for position, s in enumerate(ordered)
    ]


async def _check_document(session: AsyncSession, subject: Subject, file_id: int | None) -> None:
    """The document must be a file this subject may read: its own upload, typically."""
    if file_id is None:
        return
    found = await session.scalar(
        select(StoredFile.id).where(StoredFile.id == file_id, readable_stored_files(subject))
    )
    if found is None:
        raise InvalidParameter(
            "document_file_id",
            "body",
            f"No uploaded file {file_id} you may attach",
            f"沒有您可附加的上傳檔案 {file_id}",
        )


def _fill(
    version: ResultsVersion,
    summaries: list[ResultsSummary],
    document_file_id: int | None,
    subject: Subject,
) -> None:
    version.summaries = summaries
    version.document_file_id = document_file_id
    version.written_by = subject.label[:200]
    version.written_by_user_id = subject.user_id
    version.written_by_token_id = subject.token_id
    version.updated_at = utcnow()


def _same(shown: ResultsReportOut, summaries: list[ResultsSummary]) -> bool:
    """Whether the new summaries say what the version read says already."""
    if shown.current is None:
        return False
    before = [
        (
            s.dimension_key,
            s.performance,
            s.results,
            [f.model_dump(mode="json") for f in s.key_figures],
        )
        for s in shown.current.summaries
    ]
    after = [(s.dimension_key, s.performance, s.results, s.key_figures) for s in summaries]
    return before == after


async def save_draft(
    session: AsyncSession,
    subject: Subject,
    plan_id: int,
    code: str,
    data: ResultsReportIn,
    if_match: IfMatch,
    today: date,
) -> ResultsReportOut:
    """PUT: the enterprise's summaries saved as its draft: the first version, the draft
    edited in place, or (once submitted or returned) the next version."""
    plan, organization = await _target(session, subject, plan_id, code)
    report = await queries.report_of(session, subject, plan.id, organization.id, lock=True)
    _check_open(plan)
    if report is not None:
        check_editable(report.state)
    before = await queries.detail_of(session, subject, plan, organization, report, today)
    if_match.check(before)
    keys = [d.key for d in before.dimensions]
    _check_summaries(data, keys)
    await _check_document(session, subject, data.document_file_id)
    summaries = _summaries(data, keys)
    now = utcnow()
    if report is None:
        report = ResultsReport(
            plan_id=plan.id,
            organization_id=organization.id,
            state=ReportState.draft,
            version=1,
            created_at=now,
            updated_at=now,
        )
        version = ResultsVersion(number=1, created_at=now)
        _fill(version, summaries, data.document_file_id, subject)
        report.versions = [version]
        session.add(report)
    else:
        document = before.current.document if before.current else None
        if _same(before, summaries) and data.document_file_id == (document and document.id):
            return before
        if edits_in_place(report.state):
            current = await session.scalar(
                select(ResultsVersion)
                .where(
                    ResultsVersion.report_id == report.id,
                    ResultsVersion.number == report.version,
                )
                .options(selectinload(ResultsVersion.summaries))
            )
            assert current is not None  # a report always has its current version
            _fill(current, summaries, data.document_file_id, subject)
        else:
            report.version += 1
            version = ResultsVersion(report_id=report.id, number=report.version, created_at=now)
            _fill(version, summaries, data.document_file_id, subject)
            session.add(version)
            report.state = ReportState.draft
        report.updated_at = now
    await session.flush()
    after = await queries.detail_of(session, subject, plan, organization, report, today)
    await audit.record(session, subject, "save", OBJECT, report.id, before=before, after=after)
    return after


def _check_complete(shown: ResultsReportOut) -> None:
    """Submitting needs a summary for every dimension of the plan."""
    if shown.missing_dimensions:
        names = {d.key: d for d in shown.dimensions}
        missing = [names[key] for key in shown.missing_dimensions]
        raise InvalidParameter(
            "summaries",
            "body",
            "Submitting needs a summary for every dimension; missing: "
            + ", ".join(d.code for d in missing),
            "送出前每個面向都須填寫摘要，尚缺：" + "、".join(f"{d.code} {d.name}" for d in missing),
        )


async def transition(
    session: AsyncSession,
    subject: Subject,
    plan_id: int,
    code: str,
    if_match: IfMatch,
    action: Action,
    today: date,
    comment: str | None = None,
) -> ResultsReportOut:
    """submit (the enterprise: a complete draft), return with a comment or accept (a
    reviewer: a submitted report)."""
    plan, organization = await _target(session, subject, plan_id, code)
    report = await queries.report_of(session, subject, plan.id, organization.id, lock=True)
    if report is None:
        raise ResourceNotFound("Results report of", "成果報告：", organization.code)
    if action == "submit":
        _check_open(plan)
    to = check_transition(report.state, action)
    before = await queries.detail_of(session, subject, plan, organization, report, today)
    if_match.check(before)
    now = utcnow()
    if action == "submit":
        _check_complete(before)
        report.submitted_version = report.version
        report.submitted_at = now
        report.first_submitted_at = report.first_submitted_at or now
    else:
        report.reviewed_at = now
        if action == "return":
            report.review_comment = comment
    report.state = to
    report.updated_at = now
    await session.flush()
    after = await queries.detail_of(session, subject, plan, organization, report, today)
    await audit.record(session, subject, action, OBJECT, report.id, before=before, after=after)
    return after


async def set_due_date(
    session: AsyncSession, subject: Subject, plan_id: int, data: DueDateIn, if_match: IfMatch
) -> DueDate:
    """PUT: the day the plan's results reports are due (null clears it)."""
    plan = await readable_plan(session, subject, plan_id)
    row = await queries.due_date_row(session, plan.id, lock=True)
    before = queries.due_date_of(plan.id, row)
    if_match.check(before)
    if row is None:
        row = ResultsDueDate(plan_id=plan.id)
        session.add(row)
    row.due_date = data.due_date
    row.updated_at = utcnow()
    await session.flush()
    after = queries.due_date_of(plan.id, row)
    await audit.record(
        session, subject, "set_results_due_date", "plan", plan.id, before=before, after=after
    )
    return after
