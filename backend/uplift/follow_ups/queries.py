"""Reading follow-ups: the board's list, the summary per enterprise and round, one follow-up
with its whole history.

What a subject reads is `auth/visibility.readable_follow_ups`: staff every follow-up, a panel
member their assignments', an enterprise its own, a unit those handed to it. The standing
(due soon, overdue) is judged at read time on today's Taipei date and the office calendar,
never stored: a list page, the summary and a detail each cost a fixed number of statements.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from uplift.auth.subject import Subject
from uplift.auth.visibility import readable_follow_ups
from uplift.evidence.schemas import file_fields
from uplift.follow_ups.schemas import (
    DUE_SOON_WORKING_DAYS,
    AnswerOut,
    DeadlineOut,
    ExtensionOut,
    FollowUpDetail,
    FollowUpItem,
    FollowUpSummary,
    Standing,
    StandingCounts,
    SummaryRow,
    UnitHandlingOut,
)
from uplift.kit.clock import OfficeCalendar, add_working_days, working_days_between
from uplift.kit.errors import InvalidParameter, ResourceNotFound
from uplift.kit.pagination import Listing, PageParams, capped_count
from uplift.models import (
    ExtensionState,
    Finding,
    FollowUp,
    FollowUpAnswer,
    FollowUpDeadline,
    FollowUpEvidence,
    FollowUpExtension,
    FollowUpState,
    Organization,
    Plan,
    Release,
    StoredFile,
    UnitHandling,
    VerificationRound,
)
from uplift.office_calendar.queries import office_calendar
from uplift.organizations.queries import by_code

SORT = "due"  # the one order: (due_on, id)


@dataclass(frozen=True)
class Cutoffs:
    """The days a standing is judged by: overdue before `today`, due soon up to `soon`."""

    today: date
    soon: date
    calendar: OfficeCalendar


async def cutoffs(session: AsyncSession, today: date) -> Cutoffs:
    calendar = await office_calendar(session)
    return Cutoffs(today, add_working_days(today, DUE_SOON_WORKING_DAYS, calendar), calendar)


def standing_of(state: FollowUpState, due_on: date, cut: Cutoffs) -> Standing:
    if state == FollowUpState.released:
        return "released"
    if state == FollowUpState.awaiting_decision:
        return "awaiting_decision"
    if due_on < cut.today:
        return "overdue"
    if due_on <= cut.soon:
        return "due_soon"
    return "tracking"


def working_days_left(due_on: date, cut: Cutoffs) -> int:
    """Working days after today up to the deadline; negative: how many it is overdue by."""
    if due_on >= cut.today:
        return working_days_between(cut.today, due_on, cut.calendar)
    return -working_days_between(due_on, cut.today, cut.calendar)


def _tracking() -> ColumnElement[bool]:
    return FollowUp.state == FollowUpState.tracking


def overdue(today: date) -> ColumnElement[bool]:
    return _tracking() & (FollowUp.due_on < today)


def due_soon(cut: Cutoffs) -> ColumnElement[bool]:
    return _tracking() & (FollowUp.due_on >= cut.today) & (FollowUp.due_on <= cut.soon)


@dataclass(frozen=True)
class FollowUpFilter:
    status: FollowUpState | None = None
    overdue: bool | None = None
    due_soon: bool | None = None
    organization: str | None = None
    round_id: int | None = None
    plan_id: int | None = None
    year: int | None = None
    due_before: date | None = None
    due_after: date | None = None


def _in_rounds(statement: Select[Any]) -> Select[Any]:
    """Follow-ups with their round and plan: all the filters and the summary need."""
    return statement.join(VerificationRound, VerificationRound.id == FollowUp.round_id).join(
        Plan, Plan.id == VerificationRound.plan_id
    )


def _joined(statement: Select[Any]) -> Select[Any]:
    """…and with their finding and enterprise, which a list item shows."""
    return (
        _in_rounds(statement)
        .join(Finding, Finding.id == FollowUp.finding_id)
        .join(Organization, Organization.id == FollowUp.organization_id)
    )


async def _conditions(
    session: AsyncSession, subject: Subject, wanted: FollowUpFilter, cut: Cutoffs
) -> list[ColumnElement[bool]]:
    """What the subject reads and the filter asks for, as conditions on `_joined` rows."""
    conditions = [readable_follow_ups(subject)]
    if wanted.status is not None:
        conditions.append(FollowUp.state == wanted.status)
    if wanted.overdue is not None:
        late = overdue(cut.today)
        conditions.append(late if wanted.overdue else ~late)
    if wanted.due_soon is not None:
        soon = due_soon(cut)
        conditions.append(soon if wanted.due_soon else ~soon)
    if wanted.organization is not None:
        found = await by_code(session, wanted.organization, parameter="organization")
        conditions.append(FollowUp.organization_id == found.id)
    if wanted.round_id is not None:
        conditions.append(FollowUp.round_id == wanted.round_id)
    if wanted.plan_id is not None:
        conditions.append(VerificationRound.plan_id == wanted.plan_id)
    if wanted.year is not None:
        conditions.append(Plan.year == wanted.year)
    if wanted.due_before is not None:
        conditions.append(FollowUp.due_on < wanted.due_before)
    if wanted.due_after is not None:
        conditions.append(FollowUp.due_on > wanted.due_after)
    return conditions


def _after(key: tuple[Any, ...]) -> ColumnElement[bool]:
    day, last_id = key
    try:
        due = date.fromisoformat(day) if isinstance(day, str) else None
    except ValueError:
        due = None
    if due is None or not isinstance(last_id, int):
        raise InvalidParameter(
            "cursor",
            "query",
            "Not a cursor this list gave: start again from the first page",
            "不是本列表提供的游標，請從第一頁重新開始",
        )
    return tuple_(FollowUp.due_on, FollowUp.id) > tuple_(
        literal(due, FollowUp.due_on.type), last_id
    )


def _answers_count() -> Any:
    return (
        select(func.count(FollowUpAnswer.id))
        .where(FollowUpAnswer.follow_up_id == FollowUp.id)
        .scalar_subquery()
    )


def _extension_pending() -> Any:
    return (
        select(FollowUpExtension.id)
        .where(
            FollowUpExtension.follow_up_id == FollowUp.id,
            FollowUpExtension.state == ExtensionState.pending,
        )
        .exists()
    )


def _round(round_: VerificationRound, year: int) -> dict[str, Any]:
    return {"id": round_.id, "kind": round_.kind, "plan_id": round_.plan_id, "year": year}


def _item_fields(found: Any, cut: Cutoffs) -> dict[str, Any]:
    """A row of `_rows_statement` as a list item's fields."""
    row, finding, round_, year, organization, answers, pending = found
    return {
        "id": row.id,
        "finding": {
            "id": finding.id,
            "number": finding.number,
            "text_zh": finding.text_zh,
            "text_en": finding.text_en,
            "issued_on": finding.issued_on,
            "issue_number": finding.issue_number,
            "round": _round(round_, year),
        },
        "organization": organization,
        "state": row.state,
        "release": row.release,
        "due_on": row.due_on,
        "due_provisional": row.due_provisional,
        "standing": standing_of(row.state, row.due_on, cut),
        "working_days_left": working_days_left(row.due_on, cut),
        "answers_count": answers,
        "extension_pending": pending,
    }


def _rows_statement() -> Select[Any]:
    return _joined(
        select(
            FollowUp,
            Finding,
            VerificationRound,
            Plan.year,
            Organization,
            _answers_count().label("answers_count"),
            _extension_pending().label("pending"),
        )
    )


FollowUpList = Listing[FollowUpItem]


async def list_follow_ups(
    session: AsyncSession,
    subject: Subject,
    page: PageParams,
    wanted: FollowUpFilter,
    today: date,
    after: tuple[Any, ...] | None = None,
) -> FollowUpList:
    """A page in (due_on, id) order, the earliest deadline first: four statements."""
    cut = await cutoffs(session, today)
    conditions = await _conditions(session, subject, wanted, cut)
    total, capped = await capped_count(session, _in_rounds(select(FollowUp.id)).where(*conditions))
    # The conditions on the page's own statement (not `id IN (…)`), so the database walks
    # the (due_on, id) index and stops at the page's end.
    statement = _rows_statement().where(*conditions).order_by(FollowUp.due_on, FollowUp.id)
    statement = (
        statement.where(_after(after)) if after is not None else statement.offset(page.offset)
    )
    rows = (await session.execute(statement.limit(page.page_size))).all()
    items = [FollowUpItem.model_validate(_item_fields(row, cut)) for row in rows]
    full = len(rows) == page.page_size
    next_key = (rows[-1][0].due_on.isoformat(), rows[-1][0].id) if full else None
    return FollowUpList(items, total, capped, next_key)


async def summary(
    session: AsyncSession,
    subject: Subject,
    today: date,
    *,
    plan_id: int | None,
    year: int | None,
    round_id: int | None,
) -> FollowUpSummary:
    """Counts by standing per enterprise × round, grouped in SQL with the standing's
    cut-off days as parameters: three statements (the calendar, the counts, their rows)."""
    cut = await cutoffs(session, today)
    released = FollowUp.state == FollowUpState.released

    def counted(condition: ColumnElement[bool]) -> Any:
        return func.sum(case((condition, 1), else_=0))

    statement = (
        _in_rounds(
            select(
                FollowUp.organization_id,
                FollowUp.round_id,
                counted(_tracking() & (FollowUp.due_on > cut.soon)).label("tracking"),
                counted(due_soon(cut)).label("due_soon"),
                counted(overdue(cut.today)).label("overdue"),
                counted(FollowUp.state == FollowUpState.awaiting_decision).label(
                    "awaiting_decision"
                ),
                counted(released & (FollowUp.release == Release.implemented)).label(
                    "released_implemented"
                ),
                counted(released & (FollowUp.release == Release.not_implemented)).label(
                    "released_not_implemented"
                ),
            )
        )
        .where(readable_follow_ups(subject))
        .group_by(FollowUp.organization_id, FollowUp.round_id)
    )
    if plan_id is not None:
        statement = statement.where(VerificationRound.plan_id == plan_id)
    if year is not None:
        statement = statement.where(Plan.year == year)
    if round_id is not None:
        statement = statement.where(FollowUp.round_id == round_id)
    grouped = statement.subquery()
    rows = (
        await session.execute(
            select(grouped, Organization, VerificationRound, Plan.year)
            .join(Organization, Organization.id == grouped.c.organization_id)
            .join(VerificationRound, VerificationRound.id == grouped.c.round_id)
            .join(Plan, Plan.id == VerificationRound.plan_id)
            .order_by(Plan.year, VerificationRound.kind, Organization.position, Organization.code)
        )
    ).all()
    names = list(StandingCounts.model_fields)
    out = [
        SummaryRow.model_validate(
            {
                "organization": row.Organization,
                "round": _round(row.VerificationRound, row.year),
                "counts": {name: int(getattr(row, name) or 0) for name in names},
            }
        )
        for row in rows
    ]
    return FollowUpSummary(today=today, due_soon_until=cut.soon, rows=out)


async def readable(
    session: AsyncSession, subject: Subject, follow_up_id: int, *, lock: bool = False
) -> FollowUp:
    """The follow-up if this subject may read it (404 otherwise), locked for a write."""
    statement = select(FollowUp).where(FollowUp.id == follow_up_id, readable_follow_ups(subject))
    if lock:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    found = await session.scalar(statement)
    if found is None:
        raise ResourceNotFound("Follow-up", "管考事項", follow_up_id)
    return found


def _evidence(row: FollowUpEvidence, files: dict[int, StoredFile]) -> dict[str, Any]:
    stored = None if row.file_id is None else files.get(row.file_id)
    return {
        "kind": "file" if row.file_id is not None else "link",
        "title": row.title,
        "effective_on": row.effective_on,
        "url": row.url,
        "file": None if stored is None else file_fields(stored),
    }


async def detail_of(
    session: AsyncSession, subject: Subject, follow_up: FollowUp, today: date
) -> FollowUpDetail:
    """The follow-up as a GET shows it (and its ETag covers): its finding, every deadline,
    answer (with evidence and decision), extension and unit handling."""
    cut = await cutoffs(session, today)
    row = (await session.execute(_rows_statement().where(FollowUp.id == follow_up.id))).one()
    fields = _item_fields(row, cut)
    deadlines = await session.scalars(
        select(FollowUpDeadline)
        .where(FollowUpDeadline.follow_up_id == follow_up.id)
        .order_by(FollowUpDeadline.number)
        .execution_options(populate_existing=True)
    )
    answer_rows = await session.scalars(
        select(FollowUpAnswer)
        .where(FollowUpAnswer.follow_up_id == follow_up.id)
        .order_by(FollowUpAnswer.number)
        .options(selectinload(FollowUpAnswer.evidence), selectinload(FollowUpAnswer.decision))
        .execution_options(populate_existing=True)
    )
    answers = list(answer_rows)
    named = {e.file_id for a in answers for e in a.evidence if e.file_id is not None}
    files = {
        f.id: f
        for f in (
            await session.scalars(select(StoredFile).where(StoredFile.id.in_(named)))
            if named
            else []
        )
    }
    extensions = await session.scalars(
        select(FollowUpExtension)
        .where(FollowUpExtension.follow_up_id == follow_up.id)
        .order_by(FollowUpExtension.number)
        .execution_options(populate_existing=True)
    )
    units = (
        await session.execute(
            select(UnitHandling, Organization)
            .join(Organization, Organization.id == UnitHandling.organization_id)
            .where(UnitHandling.follow_up_id == follow_up.id)
            .order_by(Organization.position, Organization.code)
            .execution_options(populate_existing=True)
        )
    ).all()
    return FollowUpDetail.model_validate(
        {
            **fields,
            "opened_on": follow_up.opened_on,
            "released_at": follow_up.released_at,
            "today": today,
            "deadlines": [DeadlineOut.model_validate(d) for d in deadlines],
            "answers": [
                AnswerOut.model_validate(
                    {
                        "number": a.number,
                        "text": a.text,
                        "progress_percent": a.progress_percent,
                        "asks_release": a.asks_release,
                        "late": a.late,
                        "written_by": a.written_by,
                        "submitted_at": a.submitted_at,
                        "updated_at": a.updated_at,
                        "evidence": [_evidence(e, files) for e in a.evidence],
                        "decision": a.decision,
                    }
                )
                for a in answers
            ],
            "extensions": [ExtensionOut.model_validate(e) for e in extensions],
            "units": [
                UnitHandlingOut.model_validate(
                    {
                        "unit": unit,
                        "request": handling.request,
                        "assigned_by": handling.assigned_by,
                        "assigned_at": handling.assigned_at,
                        "text": handling.text,
                        "progress_percent": handling.progress_percent,
                        "answered_at": handling.answered_at,
                    }
                )
                for handling, unit in units
            ],
        }
    )
