"""Writing follow-ups: the enterprise's answers and extension requests, the commission's
decisions, and the head office handing a recommendation to its units (督導所屬).

Every write takes the one write order: find and lock the follow-up (404 when unreadable),
check its state (409), check If-Match where the route asks for it (428/412), check the
content (422 naming the field), change, audit, and record the event others hear of.

Decisions where the issue is silent: only the enterprise's head office answers, asks for an
extension and hands to units (a unit reading a follow-up handed to it is 403 there); an
answer is edited only while it is the latest and undecided; an extension may be asked while
the follow-up is tracked or awaits a decision, never once released, and one at a time; a
unit is handed a follow-up once (409 again) and answers while it is not released.
"""

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from uplift.audit import service as audit
from uplift.auth.subject import NotPermittedError, Subject
from uplift.auth.visibility import readable_stored_files, subtree
from uplift.follow_ups import queries
from uplift.follow_ups.deadlines import check_working_day, deadline_after, next_deadline
from uplift.follow_ups.schemas import (
    AnswerEvidenceIn,
    AnswerIn,
    AnswerPatch,
    DecisionIn,
    ExtensionDecisionIn,
    ExtensionIn,
    FollowUpDetail,
    HandOffIn,
    UnitHandlingIn,
)
from uplift.kit import events
from uplift.kit.db import utcnow
from uplift.kit.errors import ConflictError, InvalidParameter, ResourceNotFound
from uplift.kit.if_match import IfMatch
from uplift.models import (
    DeadlineCause,
    DecisionOutcome,
    ExtensionState,
    FollowUp,
    FollowUpAnswer,
    FollowUpDeadline,
    FollowUpDecision,
    FollowUpEvidence,
    FollowUpExtension,
    FollowUpState,
    Organization,
    OrganizationKind,
    Release,
    StoredFile,
    UnitHandling,
)

OBJECT = "follow_up"


def _check_head_office(subject: Subject, follow_up: FollowUp) -> None:
    """The enterprise's head office writes the one answer; a unit handed the follow-up
    reads it and writes only its own handling."""
    if subject.organization_id != follow_up.organization_id:
        raise NotPermittedError(
            "Only the enterprise's head office answers its follow-ups; a unit writes its "
            "handling (PUT /follow-ups/{id}/units/{code})",
            "僅事業總管理處可填報辦理情形；所屬單位請填寫單位辦理情形",
        )


def _check_not_released(follow_up: FollowUp) -> None:
    if follow_up.state == FollowUpState.released:
        raise ConflictError(
            "This follow-up is released: it is no longer tracked",
            "本案已解除列管，不再追蹤",
        )


def _check_tracking(follow_up: FollowUp) -> None:
    _check_not_released(follow_up)
    if follow_up.state == FollowUpState.awaiting_decision:
        raise ConflictError(
            "The last answer awaits the commission's decision",
            "前次辦理情形尚待本會審議",
        )


def _required(value: str | None, field: str, en: str, zh: str) -> str:
    if value is None or not value.strip():
        raise InvalidParameter(field, "body", en, zh)
    return value.strip()


async def _check_files(
    session: AsyncSession, subject: Subject, evidence: list[AnswerEvidenceIn]
) -> None:
    """Each file named must be one this subject may read (its own upload, typically)."""
    named = [e.file_id for e in evidence if e.file_id is not None]
    if not named:
        return
    readable = set(
        await session.scalars(
            select(StoredFile.id).where(StoredFile.id.in_(named), readable_stored_files(subject))
        )
    )
    for index, item in enumerate(evidence):
        if item.file_id is not None and item.file_id not in readable:
            raise InvalidParameter(
                f"evidence.{index}.file_id",
                "body",
                f"No uploaded file {item.file_id} you may attach",
                f"沒有您可附加的上傳檔案 {item.file_id}",
            )


def _evidence_rows(evidence: list[AnswerEvidenceIn]) -> list[FollowUpEvidence]:
    return [
        FollowUpEvidence(
            position=position,
            title=e.title,
            effective_on=e.effective_on,
            file_id=e.file_id,
            url=e.url,
        )
        for position, e in enumerate(evidence)
    ]


def _written(row: FollowUpAnswer | UnitHandling, subject: Subject) -> None:
    row.written_by = subject.label[:200]
    row.written_by_user_id = subject.user_id
    row.written_by_token_id = subject.token_id
    row.updated_at = utcnow()


async def _after(
    session: AsyncSession,
    subject: Subject,
    follow_up: FollowUp,
    today: date,
    action: str,
    before: FollowUpDetail,
    event: events.EventKind | None = None,
    payload: dict[str, Any] | None = None,
) -> FollowUpDetail:
    """Flushed, audited and, for a transition others hear of, recorded as `event`."""
    follow_up.updated_at = utcnow()
    await session.flush()
    after = await queries.detail_of(session, subject, follow_up, today)
    await audit.record(session, subject, action, OBJECT, follow_up.id, before=before, after=after)
    if event is not None:
        await events.record(
            session, event, follow_up.id, organization_id=follow_up.organization_id, payload=payload
        )
    return after


async def _answers(session: AsyncSession, follow_up: FollowUp) -> list[FollowUpAnswer]:
    return list(
        await session.scalars(
            select(FollowUpAnswer)
            .where(FollowUpAnswer.follow_up_id == follow_up.id)
            .order_by(FollowUpAnswer.number)
            .options(selectinload(FollowUpAnswer.evidence), selectinload(FollowUpAnswer.decision))
            .with_for_update()
        )
    )


def _answer(answers: list[FollowUpAnswer], number: int) -> FollowUpAnswer:
    found = next((a for a in answers if a.number == number), None)
    if found is None:
        raise ResourceNotFound("Answer", "辦理情形", number)
    return found


def _check_undecided(answer: FollowUpAnswer, answers: list[FollowUpAnswer]) -> None:
    if answer.decision is not None:
        raise ConflictError(
            f"Answer {answer.number} is decided: it is locked",
            f"第 {answer.number} 次辦理情形已審議，不得變更",
        )
    if answer is not answers[-1]:
        raise ConflictError(
            f"Answer {answer.number} is not the latest answer",
            f"第 {answer.number} 次辦理情形不是最新一次",
        )


async def answer(
    session: AsyncSession, subject: Subject, follow_up_id: int, data: AnswerIn, today: date
) -> FollowUpDetail:
    """POST: the head office's answer (辦理情形); the commission decides it next."""
    follow_up = await queries.readable(session, subject, follow_up_id, lock=True)
    _check_head_office(subject, follow_up)
    _check_tracking(follow_up)
    before = await queries.detail_of(session, subject, follow_up, today)
    await _check_files(session, subject, data.evidence)
    number = len(before.answers) + 1
    row = FollowUpAnswer(
        follow_up_id=follow_up.id,
        number=number,
        text=data.text,
        progress_percent=data.progress_percent,
        asks_release=data.asks_release,
        late=today > follow_up.due_on,
        submitted_at=utcnow(),
    )
    _written(row, subject)
    row.evidence = _evidence_rows(data.evidence)
    session.add(row)
    follow_up.state = FollowUpState.awaiting_decision
    return await _after(
        session,
        subject,
        follow_up,
        today,
        "answer",
        before,
        events.EventKind.follow_up_answered,
        {"answer": number, "asks_release": data.asks_release, "late": row.late},
    )


async def edit_answer(
    session: AsyncSession,
    subject: Subject,
    follow_up_id: int,
    number: int,
    data: AnswerPatch,
    if_match: IfMatch,
    today: date,
) -> FollowUpDetail:
    """PATCH: the latest answer, while the commission has not decided it."""
    follow_up = await queries.readable(session, subject, follow_up_id, lock=True)
    _check_head_office(subject, follow_up)
    answers = await _answers(session, follow_up)
    row = _answer(answers, number)
    _check_undecided(row, answers)
    before = await queries.detail_of(session, subject, follow_up, today)
    if_match.check(before)
    changes = data.changes()
    if "evidence" in changes:
        await _check_files(session, subject, data.evidence)
    for field in ("text", "progress_percent", "asks_release"):
        if field in changes:
            setattr(row, field, changes[field])
    if "evidence" in changes:
        row.evidence = _evidence_rows(data.evidence)
    _written(row, subject)
    return await _after(session, subject, follow_up, today, "edit_answer", before)


async def _new_deadline(
    session: AsyncSession,
    subject: Subject,
    follow_up: FollowUp,
    due_on: date,
    *,
    provisional: bool,
    working_days: int | None,
    cause: DeadlineCause,
) -> None:
    last = await session.scalar(
        select(func.max(FollowUpDeadline.number)).where(
            FollowUpDeadline.follow_up_id == follow_up.id
        )
    )
    session.add(
        next_deadline(
            follow_up,
            (last or 0) + 1,
            due_on,
            provisional=provisional,
            working_days=working_days,
            cause=cause,
            subject=subject,
        )
    )


async def _continued_deadline(
    session: AsyncSession, data: DecisionIn, today: date
) -> tuple[date, bool, int | None]:
    """繼續列管's new deadline: a working day after today, or N working days from today."""
    if data.due_on is not None and data.working_days is not None:
        raise InvalidParameter(
            "due_on", "body", "Give due_on or working_days, not both", "請擇一填寫期限或工作天數"
        )
    if data.working_days is not None:
        deadline = await deadline_after(session, today, data.working_days)
        return deadline.day, deadline.provisional, data.working_days
    if data.due_on is None:
        raise InvalidParameter(
            "due_on",
            "body",
            "Continuing to track needs a new deadline (due_on or working_days)",
            "繼續列管須訂新期限（日期或工作天數）",
        )
    if data.due_on <= today:
        raise InvalidParameter(
            "due_on", "body", "The new deadline must be after today", "新期限須晚於今日"
        )
    provisional = await check_working_day(session, data.due_on, "due_on")
    return data.due_on, provisional, None


async def decide(
    session: AsyncSession,
    subject: Subject,
    follow_up_id: int,
    number: int,
    data: DecisionIn,
    if_match: IfMatch,
    today: date,
) -> FollowUpDetail:
    """POST …/decision: release as implemented (the answer has evidence), release as not
    implemented (with a reason), or continue tracking (a reason and a new deadline)."""
    follow_up = await queries.readable(session, subject, follow_up_id, lock=True)
    answers = await _answers(session, follow_up)
    row = _answer(answers, number)
    _check_undecided(row, answers)
    before = await queries.detail_of(session, subject, follow_up, today)
    if_match.check(before)
    reason = data.reason.strip()
    outcome = data.outcome
    if outcome == DecisionOutcome.release_implemented and not row.evidence:
        raise InvalidParameter(
            "outcome",
            "body",
            "Releasing as implemented needs evidence in the answer",
            "解除列管（已完成）須有佐證資料",
        )
    if outcome != DecisionOutcome.release_implemented:
        _required(
            reason,
            "reason",
            "This decision needs a reason",
            "此審議結果須敘明理由",
        )
    deadline = None
    if outcome == DecisionOutcome.continue_tracking:
        deadline = await _continued_deadline(session, data, today)
    session.add(
        FollowUpDecision(
            answer_id=row.id,
            outcome=outcome,
            reason=reason,
            decided_by=subject.label[:200],
            decided_by_user_id=subject.user_id,
            decided_at=utcnow(),
        )
    )
    if deadline is not None:
        due_on, provisional, working_days = deadline
        await _new_deadline(
            session,
            subject,
            follow_up,
            due_on,
            provisional=provisional,
            working_days=working_days,
            cause=DeadlineCause.continued,
        )
        follow_up.state = FollowUpState.tracking
    else:
        follow_up.state = FollowUpState.released
        follow_up.release = (
            Release.implemented
            if outcome == DecisionOutcome.release_implemented
            else Release.not_implemented
        )
        follow_up.released_at = utcnow()
    return await _after(
        session,
        subject,
        follow_up,
        today,
        "decide",
        before,
        events.EventKind.follow_up_decided,
        {
            "answer": number,
            "outcome": outcome.value,
            "due_on": follow_up.due_on.isoformat(),
        },
    )


async def request_extension(
    session: AsyncSession, subject: Subject, follow_up_id: int, data: ExtensionIn, today: date
) -> FollowUpDetail:
    """POST …/extensions: the head office asks for a later deadline, with its reason."""
    follow_up = await queries.readable(session, subject, follow_up_id, lock=True)
    _check_head_office(subject, follow_up)
    _check_not_released(follow_up)
    before = await queries.detail_of(session, subject, follow_up, today)
    if any(e.state == ExtensionState.pending for e in before.extensions):
        raise ConflictError(
            "An extension request already awaits the commission's answer",
            "已有展延申請待本會核復",
        )
    reason = _required(data.reason, "reason", "An extension needs a reason", "申請展延須敘明理由")
    await check_working_day(session, data.requested_due_on, "requested_due_on")
    if data.requested_due_on <= follow_up.due_on:
        raise InvalidParameter(
            "requested_due_on",
            "body",
            "The requested deadline must be after the deadline in force",
            "申請期限須晚於現行期限",
        )
    number = len(before.extensions) + 1
    session.add(
        FollowUpExtension(
            follow_up_id=follow_up.id,
            number=number,
            reason=reason,
            requested_due_on=data.requested_due_on,
            requested_by=subject.label[:200],
            requested_at=utcnow(),
            state=ExtensionState.pending,
        )
    )
    return await _after(
        session,
        subject,
        follow_up,
        today,
        "request_extension",
        before,
        events.EventKind.follow_up_extension_requested,
        {"extension": number, "requested_due_on": data.requested_due_on.isoformat()},
    )


async def decide_extension(
    session: AsyncSession,
    subject: Subject,
    follow_up_id: int,
    number: int,
    data: ExtensionDecisionIn,
    today: date,
) -> FollowUpDetail:
    """POST …/extensions/{number}/decision: approved, the requested day becomes the
    deadline in force (the earlier ones stay); refused, with a reason."""
    follow_up = await queries.readable(session, subject, follow_up_id, lock=True)
    extension = await session.scalar(
        select(FollowUpExtension)
        .where(FollowUpExtension.follow_up_id == follow_up.id, FollowUpExtension.number == number)
        .with_for_update()
    )
    if extension is None:
        raise ResourceNotFound("Extension request", "展延申請", number)
    if extension.state != ExtensionState.pending:
        raise ConflictError(
            f"Extension request {number} is {extension.state.value} already",
            f"第 {number} 次展延申請已核復",
        )
    _check_not_released(follow_up)
    before = await queries.detail_of(session, subject, follow_up, today)
    reason = (data.reason or "").strip()
    if not data.approve:
        _required(reason, "reason", "Refusing needs a reason", "不同意展延須敘明理由")
    extension.state = ExtensionState.approved if data.approve else ExtensionState.refused
    extension.decision_reason = reason or None
    extension.decided_by = subject.label[:200]
    extension.decided_at = utcnow()
    if data.approve:
        provisional = not (await queries.cutoffs(session, today)).calendar.covers(
            extension.requested_due_on
        )
        await _new_deadline(
            session,
            subject,
            follow_up,
            extension.requested_due_on,
            provisional=provisional,
            working_days=None,
            cause=DeadlineCause.extended,
        )
    return await _after(
        session,
        subject,
        follow_up,
        today,
        "decide_extension",
        before,
        events.EventKind.follow_up_extension_decided,
        {
            "extension": number,
            "approved": data.approve,
            "due_on": follow_up.due_on.isoformat(),
        },
    )


async def hand_to_unit(
    session: AsyncSession, subject: Subject, follow_up_id: int, data: HandOffIn, today: date
) -> FollowUpDetail:
    """POST …/units: the head office hands the recommendation to one of its units."""
    follow_up = await queries.readable(session, subject, follow_up_id, lock=True)
    _check_head_office(subject, follow_up)
    _check_not_released(follow_up)
    unit = await session.scalar(
        select(Organization).where(
            Organization.code == data.unit,
            Organization.kind == OrganizationKind.unit,
            Organization.id.in_(subtree(follow_up.organization_id)),
        )
    )
    if unit is None:
        raise InvalidParameter(
            "unit",
            "body",
            f"{data.unit!r} is not a unit of this enterprise",
            f"「{data.unit}」不是本事業的所屬單位",
        )
    before = await queries.detail_of(session, subject, follow_up, today)
    if any(u.unit.id == unit.id for u in before.units):
        raise ConflictError(
            f"This follow-up is handed to {unit.code} already",
            f"本案已交由{unit.short_name_zh}辦理",
        )
    handling = UnitHandling(
        follow_up_id=follow_up.id,
        organization_id=unit.id,
        request=data.request,
        assigned_by=subject.label[:200],
        assigned_at=utcnow(),
    )
    _written(handling, subject)
    session.add(handling)
    return await _after(session, subject, follow_up, today, "hand_to_unit", before)


async def unit_handling(
    session: AsyncSession,
    subject: Subject,
    follow_up_id: int,
    code: str,
    data: UnitHandlingIn,
    today: date,
) -> FollowUpDetail:
    """PUT …/units/{code}: the unit's handling of its part, by that unit's reporters only."""
    follow_up = await queries.readable(session, subject, follow_up_id, lock=True)
    handling = await session.scalar(
        select(UnitHandling)
        .join(Organization, Organization.id == UnitHandling.organization_id)
        .where(UnitHandling.follow_up_id == follow_up.id, Organization.code == code)
        .with_for_update()
    )
    if handling is None:
        raise ResourceNotFound("Unit handling of", "單位辦理情形：", code)
    _check_not_released(follow_up)
    if subject.organization_id != handling.organization_id:
        raise NotPermittedError(
            "Only the unit's own reporters write its handling",
            "僅該所屬單位可填寫其辦理情形",
        )
    before = await queries.detail_of(session, subject, follow_up, today)
    handling.text = data.text
    handling.progress_percent = data.progress_percent
    handling.answered_at = utcnow()
    _written(handling, subject)
    return await _after(session, subject, follow_up, today, "unit_handling", before)
