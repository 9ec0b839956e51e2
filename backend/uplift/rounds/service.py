"""Writing verification rounds: opening one for a plan, its verification plan, its status,
its panel (members, assignments, conflicts) and its visits. Every write takes the one write
order: find and lock (404), check the state (409), check If-Match (428/412), check the
content (422 naming the field), change, audit; notifying the enterprises also records the
round.notified event.

Decisions where the issue is silent: the verification plan and the enterprises covered are
frozen once the findings are issued; members are added and assigned until the round is
issued, removed only before it is in progress; conflicts are declared until it is issued; a
visit is planned, changed or removed until the findings are issued. An enterprise that has
visits or assignments in the round cannot be dropped from it (remove those first).
"""

from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.audit import service as audit
from uplift.auth.subject import NotPermittedError, Subject
from uplift.auth.visibility import subtree
from uplift.kit import events
from uplift.kit.db import utcnow
from uplift.kit.errors import ConflictError, InvalidParameter, ResourceNotFound
from uplift.kit.events import EventKind
from uplift.kit.if_match import IfMatch
from uplift.kit.roc_date import format_roc
from uplift.models import (
    Finding,
    FindingStatus,
    Organization,
    OrganizationKind,
    PanelAssignment,
    PanelConflict,
    PanelMember,
    PanelMemberKind,
    Plan,
    ReviewRound,
    ReviewRoundKind,
    Role,
    RoundEnterprise,
    RoundStatus,
    TargetCategory,
    TargetCategoryMember,
    User,
    VerificationRound,
    Visit,
    VisitUnit,
)
from uplift.plans.queries import readable_plan
from uplift.rounds import queries
from uplift.rounds.schemas import (
    AssignmentsIn,
    ConflictIn,
    PanelMemberIn,
    PanelMemberOut,
    RoundDetail,
    RoundIn,
    RoundPatch,
    StatusIn,
    VisitIn,
    VisitOut,
    VisitPatch,
)

OBJECT = "verification_round"
PANEL_OBJECT = "panel_member"
VISIT_OBJECT = "round_visit"
DELEGATE_RULE_EN = "A delegate may not verify the enterprise that delegated them"
DELEGATE_RULE_ZH = "受遴派人員不得查證其所屬事業"
PUBLISH_ROUTE = "POST /api/v1/findings/publish"
PANEL_ROLES = (Role.panel_member, Role.reviewer)


# Opening rounds (also the seed's: a plan's review rounds, covering its target enterprises)


async def target_enterprises(session: AsyncSession, plan_id: int) -> list[int]:
    """The enterprises of the plan's target categories (its 實施對象), by id."""
    return list(
        await session.scalars(
            select(Organization.id)
            .join(TargetCategoryMember, TargetCategoryMember.organization_id == Organization.id)
            .join(TargetCategory, TargetCategory.id == TargetCategoryMember.category_id)
            .where(
                TargetCategory.plan_id == plan_id,
                Organization.kind == OrganizationKind.enterprise,
            )
            .distinct()
            .order_by(Organization.id)
        )
    )


async def new_round(
    session: AsyncSession, plan_id: int, kind: ReviewRoundKind
) -> VerificationRound:
    """A planned round of the plan, covering its target enterprises, flushed."""
    row = VerificationRound(plan_id=plan_id, kind=kind, status=RoundStatus.planned)
    row.status_history = {RoundStatus.planned.value: utcnow().isoformat()}
    row.enterprises = [
        RoundEnterprise(organization_id=id_) for id_ in await target_enterprises(session, plan_id)
    ]
    session.add(row)
    await session.flush()
    return row


async def open_round(session: AsyncSession, subject: Subject, data: RoundIn) -> RoundDetail:
    """POST /rounds: 409 when the plan has a round of that kind, 422 when its review rounds
    do not call for that kind."""
    plan = await readable_plan(session, subject, data.plan_id)
    await session.scalar(select(Plan.id).where(Plan.id == plan.id).with_for_update())
    existing = await session.scalar(
        select(VerificationRound.id).where(
            VerificationRound.plan_id == plan.id, VerificationRound.kind == data.kind
        )
    )
    if existing is not None:
        raise ConflictError(
            f"The plan of {plan.year} has its {data.kind.value} round already (id {existing})",
            f"{plan.year} 年計畫已有此查證作業（編號 {existing}）",
        )
    called_for = await session.scalar(
        select(ReviewRound.id).where(ReviewRound.plan_id == plan.id, ReviewRound.kind == data.kind)
    )
    if called_for is None:
        raise InvalidParameter(
            "kind",
            "body",
            f"The plan's review rounds do not call for a {data.kind.value} round",
            "計畫之查證方式未訂有此類查證",
        )
    row = await new_round(session, plan.id, data.kind)
    after = await queries.detail_of(session, subject, row)
    await audit.record(session, subject, "create", OBJECT, row.id, after=after)
    return after


# The verification plan


async def _locked(
    session: AsyncSession, subject: Subject, round_id: int
) -> tuple[VerificationRound, int]:
    """The round, locked (404 if unreadable), and its plan's year."""
    row = await queries.round_of(session, subject, round_id, lock=True)
    year = await session.scalar(select(Plan.year).where(Plan.id == row.plan_id))
    assert year is not None
    return row, year


def _check_before(row: VerificationRound, mark: RoundStatus, what_en: str, what_zh: str) -> None:
    """409 once the round has reached `mark`."""
    if queries.reached(row.status, mark):
        raise ConflictError(
            f"The round is {row.status.value}: {what_en}",
            f"查證作業已為「{row.status.value}」，{what_zh}",
        )


def _check_in_years(field: str, day: date | None, year: int) -> None:
    if day is not None and not year - 1 <= day.year <= year + 1:
        raise InvalidParameter(
            field,
            "body",
            f"{day.isoformat()} is outside the plan's years ({year - 1}–{year + 1})",
            f"{format_roc(day)}不在計畫年度前後一年內",
        )


async def _enterprise_ids(session: AsyncSession, codes: list[str], field: str) -> list[int]:
    """The enterprises by code, in the order sent (422 naming `field.N` for one unknown or
    sent twice)."""
    found = dict(
        (
            await session.execute(
                select(Organization.code, Organization.id).where(
                    Organization.code.in_(codes), Organization.kind == OrganizationKind.enterprise
                )
            )
        ).all()
    )
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code not in found:
            raise InvalidParameter(
                f"{field}.{index}", "body", f"No enterprise {code!r}", f"沒有事業「{code}」"
            )
        if code in seen:
            raise InvalidParameter(
                f"{field}.{index}", "body", f"{code} is listed twice", f"「{code}」重複"
            )
        seen.add(code)
    return [found[code] for code in codes]


def _uncovered(field: str, code: str) -> InvalidParameter:
    return InvalidParameter(
        field, "body", f"The round does not cover {code}", f"本次查證未涵蓋「{code}」"
    )


async def _covered(session: AsyncSession, round_id: int) -> dict[int, str]:
    """The enterprises the round covers: id → code."""
    return dict(
        (
            await session.execute(
                select(Organization.id, Organization.code)
                .join(RoundEnterprise, RoundEnterprise.organization_id == Organization.id)
                .where(RoundEnterprise.round_id == round_id)
            )
        ).all()
    )


async def update_round(
    session: AsyncSession, subject: Subject, round_id: int, data: RoundPatch, if_match: IfMatch
) -> RoundDetail:
    """PATCH /rounds/{id}: the verification plan and the enterprises covered."""
    row, year = await _locked(session, subject, round_id)
    _check_before(
        row, RoundStatus.issued, "its plan is frozen once issued", "查證計畫於函送後不得修改"
    )
    before = await queries.detail_of(session, subject, row)
    if_match.check(before)
    changes: dict[str, Any] = data.changes()
    for field in ("starts_on", "ends_on"):
        _check_in_years(field, changes.get(field), year)
    starts_on = changes.get("starts_on", row.starts_on)
    ends_on = changes.get("ends_on", row.ends_on)
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise InvalidParameter(
            "ends_on", "body", "The round cannot end before it starts", "結束日不得早於開始日"
        )
    enterprises = changes.pop("enterprises", None)
    wanted: list[int] | None = None
    if enterprises is not None:
        wanted = await _enterprise_ids(session, enterprises, "enterprises")
        await _check_droppable(session, row.id, set(wanted))
    for name, value in changes.items():
        setattr(row, name, value)
    if wanted is not None:
        current = set(await _covered(session, row.id))
        await session.execute(
            delete(RoundEnterprise).where(
                RoundEnterprise.round_id == row.id,
                RoundEnterprise.organization_id.not_in(wanted),
            )
        )
        session.add_all(
            RoundEnterprise(round_id=row.id, organization_id=id_)
            for id_ in wanted
            if id_ not in current
        )
    row.updated_at = utcnow()
    await session.flush()
    after = await queries.detail_of(session, subject, row)
    await audit.record(session, subject, "update", OBJECT, row.id, before=before, after=after)
    return after


async def _check_droppable(session: AsyncSession, round_id: int, wanted: set[int]) -> None:
    """An enterprise with visits, assignments or findings in the round stays covered."""
    in_use = [
        (await session.execute(statement)).scalars().all()
        for statement in (
            select(Visit.organization_id).where(Visit.round_id == round_id),
            select(PanelAssignment.organization_id)
            .join(PanelMember, PanelMember.id == PanelAssignment.member_id)
            .where(PanelMember.round_id == round_id),
            select(Finding.organization_id).where(Finding.round_id == round_id),
        )
    ]
    dropped = {id_ for ids in in_use for id_ in ids} - wanted
    if dropped:
        codes = await session.scalars(
            select(Organization.code).where(Organization.id.in_(dropped)).order_by(Organization.id)
        )
        listed = ", ".join(codes)
        raise ConflictError(
            f"{listed} has visits, assignments or findings in this round: remove those first",
            f"{listed} 於本次查證已有訪查行程、小組分派或查證意見，請先移除",
        )


# The status: one step forward at a time


async def _check_findings(session: AsyncSession, row: VerificationRound, to: RoundStatus) -> None:
    """signed_off needs no draft finding left; issued needs every finding issued."""
    waiting: tuple[FindingStatus, ...]
    if to == RoundStatus.signed_off:
        waiting = (FindingStatus.draft,)
    elif to == RoundStatus.issued:
        waiting = (FindingStatus.draft, FindingStatus.approved)
    else:
        return
    count = await session.scalar(
        select(func.count())
        .select_from(Finding)
        .where(Finding.round_id == row.id, Finding.status.in_(waiting))
    )
    if count:
        states = "/".join(status.value for status in waiting)
        raise ConflictError(
            f"{count} finding(s) of the round are still {states}: the round cannot be {to.value}",
            f"本次查證尚有 {count} 則查證意見未完成（{states}），不得進入「{to.value}」",
        )


def _check_step(row: VerificationRound, to: RoundStatus) -> None:
    allowed = queries.next_statuses(row.status)
    if to == RoundStatus.published and allowed == [RoundStatus.published]:
        raise ConflictError(
            f"Publish the round's findings: {PUBLISH_ROUTE} (it moves the round)",
            f"請以 {PUBLISH_ROUTE} 公布本次查證意見（同時更新查證作業狀態）",
        )
    if to not in allowed:
        following = ", ".join(status.value for status in allowed) or "none"
        raise ConflictError(
            f"The round is {row.status.value}; the only next status is {following}",
            f"查證作業目前為「{row.status.value}」，下一步僅能為「{following}」",
        )


def _check_notice(data: StatusIn, year: int) -> None:
    if data.status != RoundStatus.notified:
        for field in ("notified_on", "notice_number"):
            if getattr(data, field) is not None:
                raise InvalidParameter(
                    field, "body", "Only notifying records a notice", "僅通知時登錄發文資料"
                )
        return
    if data.notified_on is None:
        raise InvalidParameter(
            "notified_on", "body", "Notifying needs the notice's date", "請填寫發文日期"
        )
    _check_in_years("notified_on", data.notified_on, year)
    if data.notice_number is None or not data.notice_number.strip():
        raise InvalidParameter(
            "notice_number",
            "body",
            "Notifying needs the notice's number (發文字號)",
            "請填寫發文字號",
        )


async def change_status(
    session: AsyncSession, subject: Subject, round_id: int, data: StatusIn, if_match: IfMatch
) -> RoundDetail:
    """POST /rounds/{id}/status: the next status only."""
    row, year = await _locked(session, subject, round_id)
    _check_step(row, data.status)
    await _check_findings(session, row, data.status)
    before = await queries.detail_of(session, subject, row)
    if_match.check(before)
    _check_notice(data, year)
    now = utcnow()
    if data.status == RoundStatus.notified:
        row.notified_on = data.notified_on
        row.notice_number = (data.notice_number or "").strip()
    row.status = data.status
    row.status_history = {**(row.status_history or {}), data.status.value: now.isoformat()}
    row.updated_at = now
    await session.flush()
    after = await queries.detail_of(session, subject, row)
    await audit.record(
        session, subject, data.status.value, OBJECT, row.id, before=before, after=after
    )
    if data.status == RoundStatus.notified:
        assert row.notified_on is not None
        covered = sorted(await _covered(session, row.id))
        await events.record(
            session,
            EventKind.round_notified,
            row.id,
            organization_id=None,
            payload={
                "round_id": row.id,
                "plan_id": row.plan_id,
                "kind": row.kind.value,
                "notified_on": row.notified_on.isoformat(),
                "notice_number": row.notice_number,
                "organization_ids": covered,
                "starts_on": row.starts_on.isoformat() if row.starts_on else None,
            },
        )
    return after


# The panel


async def _member(session: AsyncSession, round_id: int, member_id: int) -> PanelMember:
    member = await session.scalar(
        select(PanelMember).where(PanelMember.id == member_id, PanelMember.round_id == round_id)
    )
    if member is None:
        raise ResourceNotFound("Panel member", "查證小組成員", member_id)
    return member


async def _member_out(
    session: AsyncSession, subject: Subject, round_id: int, member_id: int
) -> PanelMemberOut:
    view = await queries.view_of(session, subject, round_id)
    return next(m for m in await queries.panel_of(session, round_id, view) if m.id == member_id)


async def add_member(
    session: AsyncSession, subject: Subject, round_id: int, data: PanelMemberIn
) -> PanelMemberOut:
    """POST /rounds/{id}/panel."""
    row, _ = await _locked(session, subject, round_id)
    _check_before(
        row, RoundStatus.issued, "its panel is closed once issued", "查證結果函送後不得增列小組成員"
    )
    user_id: int | None = None
    if data.username is not None:
        user = await session.scalar(select(User).where(User.username == data.username))
        if user is None or user.role not in PANEL_ROLES:
            raise InvalidParameter(
                "username",
                "body",
                f"No panel member or reviewer {data.username!r}",
                f"沒有查證委員或審查人員帳號「{data.username}」",
            )
        seated = await session.scalar(
            select(PanelMember.id).where(
                PanelMember.round_id == row.id, PanelMember.user_id == user.id
            )
        )
        if seated is not None:
            raise InvalidParameter(
                "username",
                "body",
                f"{data.username} sits on this panel already",
                "此帳號已在小組中",
            )
        user_id = user.id
    delegated_by_id: int | None = None
    if data.kind == PanelMemberKind.delegate:
        if data.delegated_by is None:
            raise InvalidParameter(
                "delegated_by",
                "body",
                "A delegate names the enterprise that delegated them",
                "受遴派人員須填寫遴派之事業",
            )
        (delegated_by_id,) = await _enterprise_ids(session, [data.delegated_by], "delegated_by")
    elif data.delegated_by is not None:
        raise InvalidParameter(
            "delegated_by",
            "body",
            "Only a delegate is delegated by an enterprise",
            "僅受遴派人員有遴派之事業",
        )
    member = PanelMember(
        round_id=row.id,
        kind=data.kind,
        user_id=user_id,
        name=data.name.strip(),
        affiliation=data.affiliation.strip(),
        delegated_by_id=delegated_by_id,
    )
    session.add(member)
    await session.flush()
    after = await _member_out(session, subject, row.id, member.id)
    await audit.record(session, subject, "add", PANEL_OBJECT, member.id, after=after)
    return after


async def set_assignments(
    session: AsyncSession, subject: Subject, round_id: int, member_id: int, data: AssignmentsIn
) -> PanelMemberOut:
    """PUT /rounds/{id}/panel/{member}/assignments: the member's enterprises, all at once."""
    row, _ = await _locked(session, subject, round_id)
    member = await _member(session, row.id, member_id)
    _check_before(
        row, RoundStatus.issued, "assignments are closed once issued", "查證結果函送後不得調整分派"
    )
    before = await _member_out(session, subject, row.id, member.id)
    covered = await _covered(session, row.id)
    ids = await _enterprise_ids(session, data.organizations, "organizations")
    conflicts = set(
        await session.scalars(
            select(PanelConflict.organization_id).where(PanelConflict.member_id == member.id)
        )
    )
    for index, (code, id_) in enumerate(zip(data.organizations, ids, strict=True)):
        field = f"organizations.{index}"
        if id_ not in covered:
            raise _uncovered(field, code)
        if id_ == member.delegated_by_id:
            raise InvalidParameter(
                field, "body", f"{DELEGATE_RULE_EN} ({code})", f"{DELEGATE_RULE_ZH}（{code}）"
            )
        if id_ in conflicts:
            raise InvalidParameter(
                field,
                "body",
                f"The member declared a conflict with {code} (迴避)",
                f"該成員已申報迴避「{code}」",
            )
    current = set(
        await session.scalars(
            select(PanelAssignment.organization_id).where(PanelAssignment.member_id == member.id)
        )
    )
    await session.execute(
        delete(PanelAssignment).where(
            PanelAssignment.member_id == member.id, PanelAssignment.organization_id.not_in(ids)
        )
    )
    session.add_all(
        PanelAssignment(member_id=member.id, organization_id=id_)
        for id_ in ids
        if id_ not in current
    )
    await session.flush()
    after = await _member_out(session, subject, row.id, member.id)
    await audit.record(
        session, subject, "assign", PANEL_OBJECT, member.id, before=before, after=after
    )
    return after


async def remove_member(
    session: AsyncSession, subject: Subject, round_id: int, member_id: int
) -> None:
    """DELETE /rounds/{id}/panel/{member}: before the round is in progress, and never a
    member who drafted findings."""
    row, _ = await _locked(session, subject, round_id)
    member = await _member(session, row.id, member_id)
    _check_before(
        row,
        RoundStatus.in_progress,
        "members are removed only before it is in progress",
        "查證開始後不得移除小組成員",
    )
    if member.user_id is not None:
        drafted = await session.scalar(
            select(func.count())
            .select_from(Finding)
            .where(Finding.round_id == row.id, Finding.drafted_by_user_id == member.user_id)
        )
        if drafted:
            raise ConflictError(
                f"The member drafted {drafted} finding(s) in this round: they stay on the panel",
                f"該成員已撰寫 {drafted} 則查證意見，不得移除",
            )
    before = await _member_out(session, subject, row.id, member.id)
    await session.delete(member)
    await session.flush()
    await audit.record(session, subject, "remove", PANEL_OBJECT, member_id, before=before)


async def declare_conflict(
    session: AsyncSession, subject: Subject, round_id: int, member_id: int, data: ConflictIn
) -> PanelMemberOut:
    """POST /rounds/{id}/panel/{member}/conflicts: a member for themself, a reviewer for
    anyone. It removes the assignment and stays on record."""
    row, _ = await _locked(session, subject, round_id)
    member = await _member(session, row.id, member_id)
    if subject.role != Role.reviewer and member.user_id != subject.user_id:
        raise NotPermittedError(
            "A panel member declares conflicts only for themself", "查證委員僅能為本人申報迴避"
        )
    _check_before(
        row, RoundStatus.issued, "conflicts are declared before issue", "查證結果函送後不得申報迴避"
    )
    covered = await _covered(session, row.id)
    (organization_id,) = await _enterprise_ids(session, [data.organization], "organization")
    if organization_id not in covered:
        raise _uncovered("organization", data.organization)
    declared = await session.scalar(
        select(PanelConflict.id).where(
            PanelConflict.member_id == member.id, PanelConflict.organization_id == organization_id
        )
    )
    if declared is not None:
        raise ConflictError(
            f"A conflict with {data.organization} is on record already",
            f"已申報迴避「{data.organization}」",
        )
    before = await _member_out(session, subject, row.id, member.id)
    await session.execute(
        delete(PanelAssignment).where(
            PanelAssignment.member_id == member.id,
            PanelAssignment.organization_id == organization_id,
        )
    )
    session.add(
        PanelConflict(
            member_id=member.id,
            organization_id=organization_id,
            reason=data.reason.strip(),
            declared_by=subject.label[:200],
        )
    )
    await session.flush()
    after = await _member_out(session, subject, row.id, member.id)
    await audit.record(
        session, subject, "declare_conflict", PANEL_OBJECT, member.id, before=before, after=after
    )
    return after


# Visits


def _check_visit_date(row: VerificationRound, year: int, day: date) -> None:
    if row.starts_on is not None and row.ends_on is not None:
        if not row.starts_on <= day <= row.ends_on:
            raise InvalidParameter(
                "visit_date",
                "body",
                f"The round runs {row.starts_on.isoformat()} to {row.ends_on.isoformat()}",
                f"查證期間為{format_roc(row.starts_on)}至{format_roc(row.ends_on)}",
            )
        return
    _check_in_years("visit_date", day, year)


async def _unit_ids(session: AsyncSession, enterprise_id: int, codes: list[str]) -> list[int]:
    """The units (under the enterprise) by code, 422 naming `units.N` otherwise."""
    found = dict(
        (
            await session.execute(
                select(Organization.code, Organization.id).where(
                    Organization.code.in_(codes),
                    Organization.kind == OrganizationKind.unit,
                    Organization.id.in_(subtree(enterprise_id)),
                )
            )
        ).all()
    )
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code not in found or code in seen:
            raise InvalidParameter(
                f"units.{index}",
                "body",
                f"{code!r} is not a unit of the visited enterprise (or is listed twice)",
                f"「{code}」不是受訪事業的所屬單位（或重複）",
            )
        seen.add(code)
    return [found[code] for code in codes]


def _check_visits_open(row: VerificationRound) -> None:
    _check_before(
        row,
        RoundStatus.issued,
        "its visits are closed once issued",
        "查證結果函送後不得調整訪查行程",
    )


async def add_visit(
    session: AsyncSession, subject: Subject, round_id: int, data: VisitIn
) -> VisitOut:
    """POST /rounds/{id}/visits."""
    row, year = await _locked(session, subject, round_id)
    _check_visits_open(row)
    covered = {code: id_ for id_, code in (await _covered(session, row.id)).items()}
    if data.organization not in covered:
        raise _uncovered("organization", data.organization)
    _check_visit_date(row, year, data.visit_date)
    organization_id = covered[data.organization]
    units = await _unit_ids(session, organization_id, data.units)
    visit = Visit(
        round_id=row.id,
        organization_id=organization_id,
        visit_date=data.visit_date,
        place=data.place.strip(),
        note=data.note,
    )
    visit.units = [VisitUnit(organization_id=id_) for id_ in units]
    session.add(visit)
    await session.flush()
    after = await queries.visit_of(session, subject, row.id, visit.id)
    await audit.record(session, subject, "create", VISIT_OBJECT, visit.id, after=after)
    return after


async def _visit(session: AsyncSession, round_id: int, visit_id: int) -> Visit:
    visit = await session.scalar(
        select(Visit).where(Visit.id == visit_id, Visit.round_id == round_id)
    )
    if visit is None:
        raise ResourceNotFound("Visit", "訪查行程", visit_id)
    return visit


async def update_visit(
    session: AsyncSession,
    subject: Subject,
    round_id: int,
    visit_id: int,
    data: VisitPatch,
    if_match: IfMatch,
) -> VisitOut:
    """PATCH /rounds/{id}/visits/{visit}."""
    row, year = await _locked(session, subject, round_id)
    visit = await _visit(session, row.id, visit_id)
    _check_visits_open(row)
    before = await queries.visit_of(session, subject, row.id, visit.id)
    if_match.check(before)
    changes: dict[str, Any] = data.changes()
    if "visit_date" in changes:
        _check_visit_date(row, year, changes["visit_date"])
    units = changes.pop("units", None)
    if units is not None:
        ids = await _unit_ids(session, visit.organization_id, units)
        await session.execute(delete(VisitUnit).where(VisitUnit.visit_id == visit.id))
        session.add_all(VisitUnit(visit_id=visit.id, organization_id=id_) for id_ in ids)
    for name, value in changes.items():
        setattr(visit, name, value.strip() if name == "place" else value)
    visit.updated_at = utcnow()
    await session.flush()
    after = await queries.visit_of(session, subject, row.id, visit.id)
    await audit.record(
        session, subject, "update", VISIT_OBJECT, visit.id, before=before, after=after
    )
    return after


async def remove_visit(
    session: AsyncSession, subject: Subject, round_id: int, visit_id: int
) -> None:
    """DELETE /rounds/{id}/visits/{visit}."""
    row, _ = await _locked(session, subject, round_id)
    visit = await _visit(session, row.id, visit_id)
    _check_visits_open(row)
    before = await queries.visit_of(session, subject, row.id, visit.id)
    await session.delete(visit)
    await session.flush()
    await audit.record(session, subject, "remove", VISIT_OBJECT, visit_id, before=before)
