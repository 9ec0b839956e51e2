"""Writing findings: drafting, approval, issue (with the recommendation's follow-up),
correction and publication. Every write takes the one write order: find and lock (404),
check the state (409), check If-Match (428/412), check the content (422), change, audit,
and an event for what others must hear of (kit/events.py).

Decisions where the issue is silent: a finding is numbered on creation among the round's
findings of its kind for the enterprise, and again (last of its new kind) when an edit
changes its kind; numbers a deleted draft leaves are not reused by others. Drafts are
written and edited only while the round has not issued its findings. Issuing does not move
the round (the rounds API does); publishing does, to `published`. A strength has no
follow-up, so a single strength issued with `due_on` is a 422 (the letter ignores
`due_on` for strengths).
"""

from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.audit import service as audit
from uplift.auth.subject import Subject
from uplift.auth.visibility import subtree
from uplift.findings import queries
from uplift.findings.auth import check_may_draft
from uplift.findings.schemas import (
    CorrectionIn,
    Finding,
    FindingIn,
    FindingList,
    FindingPatch,
    IssueIn,
    LetterIn,
    Published,
    RoundRef,
)
from uplift.follow_ups.deadlines import check_working_day, open_follow_up
from uplift.kit import events
from uplift.kit.db import utcnow
from uplift.kit.errors import ConflictError, InvalidParameter
from uplift.kit.if_match import IfMatch
from uplift.models import (
    FindingCorrection,
    FindingKind,
    FindingMeasure,
    FindingStatus,
    Measure,
    MeasureOwner,
    Organization,
    OrganizationKind,
    Plan,
    Role,
    RoundEnterprise,
    RoundStatus,
    VerificationRound,
)
from uplift.models.finding import Finding as FindingRow
from uplift.organizations.queries import by_code

OBJECT = "finding"
CLOSED_ROUNDS = (RoundStatus.issued, RoundStatus.published)
ISSUED = (FindingStatus.issued, FindingStatus.published)


def _check_round_open(round_: VerificationRound) -> None:
    if round_.status in CLOSED_ROUNDS:
        raise ConflictError(
            f"The round is {round_.status.value}: its findings are no longer drafted",
            "本次查證已函送或公布查證結果，不再撰寫查證意見",
        )


async def _enterprise(session: AsyncSession, round_: VerificationRound, code: str) -> Organization:
    """The enterprise a body names, which the round must cover (422 `organization`)."""
    enterprise = await by_code(session, code, parameter="organization", location="body")
    covered = await session.scalar(
        select(RoundEnterprise.id).where(
            RoundEnterprise.round_id == round_.id,
            RoundEnterprise.organization_id == enterprise.id,
        )
    )
    if covered is None:
        raise InvalidParameter(
            "organization",
            "body",
            f"The round does not cover {code}",
            f"本次查證未涵蓋「{enterprise.short_name_zh}」",
        )
    return enterprise


async def _unit(session: AsyncSession, enterprise: Organization, code: str | None) -> int | None:
    """A unit of the enterprise (at any depth), or 422 `unit`."""
    if code is None:
        return None
    unit = await by_code(session, code, parameter="unit", location="body")
    below = await session.scalar(
        select(Organization.id).where(
            Organization.id == unit.id,
            Organization.kind == OrganizationKind.unit,
            Organization.id.in_(subtree(enterprise.id)),
        )
    )
    if below is None:
        raise InvalidParameter(
            "unit",
            "body",
            f"{code} is not a unit of {enterprise.code}",
            f"「{unit.short_name_zh}」不是「{enterprise.short_name_zh}」的所屬單位",
        )
    return unit.id


async def _check_measures(
    session: AsyncSession, round_: VerificationRound, enterprise: Organization, keys: list[str]
) -> None:
    """Each key names a measure of the round's plan that the enterprise owns (a sub-item
    through its measure), once; 422 naming `measures.N` otherwise."""
    if not keys:
        return
    rows = (
        await session.execute(
            queries.measures_of_plan(round_.plan_id).where(Measure.key.in_(set(keys)))
        )
    ).all()
    ids = {r.id for r in rows} | {r.parent_id for r in rows if r.parent_id}
    owned = set(
        await session.scalars(
            select(MeasureOwner.measure_id).where(
                MeasureOwner.measure_id.in_(ids), MeasureOwner.organization_id == enterprise.id
            )
        )
    )
    valid = {r.key for r in rows if r.id in owned or r.parent_id in owned}
    seen: set[str] = set()
    for index, key in enumerate(keys):
        if key in seen:
            raise InvalidParameter(
                f"measures.{index}", "body", "This measure is named twice", "此作法重複"
            )
        if key not in valid:
            raise InvalidParameter(
                f"measures.{index}",
                "body",
                f"{key} is not a measure of the plan that {enterprise.code} owns",
                f"「{key}」不是此計畫中由「{enterprise.short_name_zh}」負責的作法",
            )
        seen.add(key)


async def _next_number(
    session: AsyncSession, round_id: int, organization_id: int, kind: FindingKind
) -> int:
    last = await session.scalar(
        select(func.max(FindingRow.number)).where(
            FindingRow.round_id == round_id,
            FindingRow.organization_id == organization_id,
            FindingRow.kind == kind,
        )
    )
    return int(last or 0) + 1


def _measure_rows(finding_id: int, keys: list[str]) -> list[FindingMeasure]:
    return [FindingMeasure(finding_id=finding_id, measure_key=key) for key in keys]


async def create(session: AsyncSession, subject: Subject, data: FindingIn) -> Finding:
    """A draft finding of the round on one of its enterprises."""
    round_ = await queries.readable_round(session, subject, data.round_id, lock=True)
    enterprise = await _enterprise(session, round_, data.organization)
    await check_may_draft(session, subject, round_.id, enterprise)
    _check_round_open(round_)
    unit_id = await _unit(session, enterprise, data.unit)
    await _check_measures(session, round_, enterprise, data.measures)
    now = utcnow()
    row = FindingRow(
        round_id=round_.id,
        organization_id=enterprise.id,
        unit_id=unit_id,
        kind=data.kind,
        status=FindingStatus.draft,
        number=await _next_number(session, round_.id, enterprise.id, data.kind),
        text_zh=data.text_zh,
        text_en=data.text_en,
        drafted_by=subject.label[:200],
        drafted_by_user_id=subject.user_id,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await session.flush()
    session.add_all(_measure_rows(row.id, data.measures))
    await session.flush()
    after = await queries.detail_of(session, row)
    await audit.record(session, subject, "create", OBJECT, row.id, after=after)
    return after


async def _locked(
    session: AsyncSession, subject: Subject, finding_id: int
) -> tuple[FindingRow, VerificationRound]:
    row = await queries.readable_finding(session, subject, finding_id, lock=True)
    round_ = await session.get_one(VerificationRound, row.round_id)
    return row, round_


def _check_editable(row: FindingRow, round_: VerificationRound, subject: Subject) -> None:
    if row.status in ISSUED:
        raise ConflictError(
            "Issued findings change only by a correction",
            "已函送的查證意見僅能以更正方式修改",
        )
    if row.status == FindingStatus.approved and subject.role != Role.reviewer:
        raise ConflictError(
            "An approved finding changes only by a reviewer", "已核定的查證意見僅能由本會修改"
        )
    _check_round_open(round_)


async def update(
    session: AsyncSession, subject: Subject, finding_id: int, data: FindingPatch, if_match: IfMatch
) -> Finding:
    """PATCH a draft (its panel member or a reviewer) or an approved finding (a reviewer;
    it stays approved)."""
    row, round_ = await _locked(session, subject, finding_id)
    _check_editable(row, round_, subject)
    before = await queries.detail_of(session, row)
    if_match.check(before)
    changes = data.changes()
    enterprise = await session.get_one(Organization, row.organization_id)
    if "unit" in changes:
        row.unit_id = await _unit(session, enterprise, changes["unit"])
    if "measures" in changes:
        await _check_measures(session, round_, enterprise, changes["measures"])
        await session.execute(delete(FindingMeasure).where(FindingMeasure.finding_id == row.id))
        session.add_all(_measure_rows(row.id, changes["measures"]))
    if "kind" in changes and changes["kind"] != row.kind:
        row.number = await _next_number(session, row.round_id, row.organization_id, data.kind)
        row.kind = data.kind
    if "text_zh" in changes:
        row.text_zh = changes["text_zh"]
    if "text_en" in changes:
        row.text_en = changes["text_en"]
    row.updated_at = utcnow()
    await session.flush()
    after = await queries.detail_of(session, row)
    await audit.record(session, subject, "update", OBJECT, row.id, before=before, after=after)
    return after


async def remove(
    session: AsyncSession, subject: Subject, finding_id: int, if_match: IfMatch
) -> None:
    """DELETE a draft; anything further along is kept (409)."""
    row, _ = await _locked(session, subject, finding_id)
    if row.status != FindingStatus.draft:
        raise ConflictError(
            f"Only a draft is deleted; this finding is {row.status.value}",
            "僅能刪除草稿；此查證意見已核定或函送",
        )
    before = await queries.detail_of(session, row)
    if_match.check(before)
    await session.delete(row)
    await session.flush()
    await audit.record(session, subject, "delete", OBJECT, finding_id, before=before)


async def approve(
    session: AsyncSession, subject: Subject, finding_id: int, if_match: IfMatch
) -> Finding:
    """draft → approved (a reviewer)."""
    row, _ = await _locked(session, subject, finding_id)
    if row.status != FindingStatus.draft:
        raise ConflictError(
            f"Only a draft is approved; this finding is {row.status.value}",
            "僅能核定草稿；此查證意見已核定或函送",
        )
    before = await queries.detail_of(session, row)
    if_match.check(before)
    now = utcnow()
    row.status = FindingStatus.approved
    row.approved_at = now
    row.approved_by = subject.label[:200]
    row.updated_at = now
    await session.flush()
    after = await queries.detail_of(session, row)
    await audit.record(session, subject, "approve", OBJECT, row.id, before=before, after=after)
    return after


def _check_issuable(row: FindingRow) -> None:
    if row.status == FindingStatus.draft:
        raise ConflictError(
            "Not approved yet (尚未核定): a finding is approved before it is issued",
            "尚未核定：查證意見須經核定後才能函送",
        )
    if row.status in ISSUED:
        raise ConflictError("This finding was issued already", "此查證意見已函送")


async def _check_letter(
    session: AsyncSession, round_: VerificationRound, data: IssueIn, today: date
) -> None:
    year = await session.scalar(select(Plan.year).where(Plan.id == round_.plan_id))
    assert year is not None
    if not year - 1 <= data.issued_on.year <= year + 2:
        raise InvalidParameter(
            "issued_on",
            "body",
            f"The letter's date must lie in {year - 1}–{year + 2}, around the plan's year",
            f"發文日期須在民國 {year - 1912} 至 {year + 2 - 1911} 年間",
        )
    if data.issued_on > today:
        raise InvalidParameter(
            "issued_on", "body", "The letter's date is after today", "發文日期不可晚於今天"
        )
    if data.due_on is not None:  # checked before anything changes (open_follow_up again)
        await check_working_day(session, data.due_on, "due_on")


async def _issue(
    session: AsyncSession,
    subject: Subject,
    row: FindingRow,
    round_: VerificationRound,
    data: IssueIn,
    before: Finding,
) -> Finding:
    now = utcnow()
    row.status = FindingStatus.issued
    row.issued_on = data.issued_on
    row.issue_number = data.issue_number
    row.issued_at = now
    row.issued_text_zh = row.text_zh
    row.issued_text_en = row.text_en
    row.updated_at = now
    await session.flush()
    follow_up_id = None
    if row.kind == FindingKind.recommendation:
        follow_up = await open_follow_up(session, subject, row, round_, due_on=data.due_on)
        follow_up_id = follow_up.id
    after = await queries.detail_of(session, row)
    await audit.record(session, subject, "issue", OBJECT, row.id, before=before, after=after)
    await events.record(
        session,
        events.EventKind.finding_issued,
        row.id,
        organization_id=row.organization_id,
        payload={
            "round_id": row.round_id,
            "kind": row.kind.value,
            "issued_on": data.issued_on.isoformat(),
            "follow_up_id": follow_up_id,
        },
    )
    return after


async def issue(
    session: AsyncSession,
    subject: Subject,
    finding_id: int,
    data: IssueIn,
    if_match: IfMatch,
    today: date,
) -> Finding:
    """approved → issued: the text frozen as issued; a recommendation's follow-up opens."""
    row, round_ = await _locked(session, subject, finding_id)
    _check_issuable(row)
    before = await queries.detail_of(session, row)
    if_match.check(before)
    await _check_letter(session, round_, data, today)
    if row.kind == FindingKind.strength and data.due_on is not None:
        raise InvalidParameter(
            "due_on", "body", "A strength has no follow-up deadline", "優點不列管，無辦理期限"
        )
    return await _issue(session, subject, row, round_, data, before)


async def issue_letter(
    session: AsyncSession, subject: Subject, data: LetterIn, today: date
) -> FindingList:
    """The letter to one enterprise: every approved finding of it in the round, issued
    together, or none (409 when none is approved)."""
    round_ = await queries.readable_round(session, subject, data.round_id, lock=True)
    enterprise = await _enterprise(session, round_, data.organization)
    rows = list(
        await session.scalars(
            select(FindingRow)
            .where(
                FindingRow.round_id == round_.id,
                FindingRow.organization_id == enterprise.id,
                FindingRow.status == FindingStatus.approved,
            )
            .order_by(FindingRow.kind, FindingRow.number, FindingRow.id)
            .with_for_update()
        )
    )
    if not rows:
        raise ConflictError(
            f"No approved finding of {enterprise.code} in this round to issue",
            f"本次查證「{enterprise.short_name_zh}」沒有已核定待函送的查證意見",
        )
    await _check_letter(session, round_, data, today)
    befores = await queries.findings_of(session, rows)
    letter = data.model_copy()
    issued = []
    for row, before in zip(rows, befores, strict=True):
        one = (
            letter
            if row.kind == FindingKind.recommendation
            else letter.model_copy(update={"due_on": None})
        )
        issued.append(await _issue(session, subject, row, round_, one, before))
    return FindingList(items=issued)


async def correct(
    session: AsyncSession, subject: Subject, finding_id: int, data: CorrectionIn, if_match: IfMatch
) -> Finding:
    """A recorded change to an issued (or published) finding's text, with its reason; the
    issued text stays as it was."""
    row, _ = await _locked(session, subject, finding_id)
    if row.status not in ISSUED:
        raise ConflictError(
            "Only an issued finding is corrected: edit a draft or an approved one",
            "僅能更正已函送的查證意見；草稿或已核定者請直接修改",
        )
    before = await queries.detail_of(session, row)
    if_match.check(before)
    if data.text_zh == row.text_zh and data.text_en == row.text_en:
        raise InvalidParameter(
            "text_zh", "body", "The correction changes nothing", "更正內容與現行文字相同"
        )
    last = await session.scalar(
        select(func.max(FindingCorrection.number)).where(FindingCorrection.finding_id == row.id)
    )
    now = utcnow()
    correction = FindingCorrection(
        finding_id=row.id,
        number=int(last or 0) + 1,
        reason=data.reason,
        text_zh_before=row.text_zh,
        text_zh=data.text_zh,
        text_en_before=row.text_en,
        text_en=data.text_en,
        corrected_by=subject.label[:200],
        corrected_at=now,
    )
    session.add(correction)
    row.text_zh = data.text_zh
    row.text_en = data.text_en
    row.updated_at = now
    await session.flush()
    after = await queries.detail_of(session, row)
    await audit.record(session, subject, "correct", OBJECT, row.id, before=before, after=after)
    await events.record(
        session,
        events.EventKind.finding_corrected,
        row.id,
        organization_id=row.organization_id,
        payload={"round_id": row.round_id, "correction": correction.number},
    )
    return after


async def publish(session: AsyncSession, subject: Subject, round_id: int) -> Published:
    """A round whose findings are issued publishes them (公布於本會網頁) and becomes
    published."""
    round_ = await queries.readable_round(session, subject, round_id, lock=True)
    if round_.status != RoundStatus.issued:
        raise ConflictError(
            f"The round is {round_.status.value}: findings are published once the round's "
            "status is issued",
            f"本次查證目前狀態為「{round_.status.value}」，須於查證結果函送（issued）後才能公布",
        )
    rows = list(
        await session.scalars(
            select(FindingRow)
            .where(FindingRow.round_id == round_.id, FindingRow.status == FindingStatus.issued)
            .order_by(FindingRow.organization_id, FindingRow.kind, FindingRow.number)
            .with_for_update()
        )
    )
    round_before: dict[str, Any] = {"status": round_.status.value}
    befores = await queries.findings_of(session, rows)
    now = utcnow()
    round_.status = RoundStatus.published
    round_.status_history = {**round_.status_history, "published": now.isoformat()}
    for row in rows:
        row.status = FindingStatus.published
        row.published_at = now
        row.updated_at = now
    await session.flush()
    afters = await queries.findings_of(session, rows)
    for row, before, after in zip(rows, befores, afters, strict=True):
        await audit.record(session, subject, "publish", OBJECT, row.id, before=before, after=after)
        await events.record(
            session,
            events.EventKind.finding_published,
            row.id,
            organization_id=row.organization_id,
            payload={"round_id": round_.id},
        )
    await audit.record(
        session,
        subject,
        "publish",
        "verification_round",
        round_.id,
        before=round_before,
        after={"status": round_.status.value, "findings": [r.id for r in rows]},
    )
    year = await session.scalar(select(Plan.year).where(Plan.id == round_.plan_id))
    ref = RoundRef(
        id=round_.id,
        kind=round_.kind,
        status=round_.status,
        plan_id=round_.plan_id,
        year=int(year or 0),
    )
    return Published(round=ref, items=afters)
