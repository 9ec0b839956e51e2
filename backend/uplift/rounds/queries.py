"""Reading verification rounds: the list, a round's detail with its panel and visits, each
cut to what the reader may see (auth/visibility.py decides which rounds; this module what
of a round's panel and visits).

Who sees what of a round: staff everything; a panel member sitting on it every member (names
and kinds) with only their own assignments and conflicts, and the visits to their assigned
enterprises; an enterprise the members assigned to it (names and kinds only, never a
conflict) and its own visits; anyone else (the public, once published) the plan and the
enterprises covered, no panel and no visits. Every read is a fixed number of queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, case, false, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject
from uplift.auth.visibility import assigned, enterprise_of, own_organization, readable_rounds
from uplift.kit.errors import ResourceNotFound
from uplift.models import (
    Organization,
    OrganizationKind,
    PanelAssignment,
    PanelConflict,
    PanelMember,
    Plan,
    ReviewRoundKind,
    Role,
    RoundEnterprise,
    RoundStatus,
    User,
    VerificationRound,
    Visit,
    VisitUnit,
)
from uplift.models.verification import ROUND_ORDER
from uplift.rounds.schemas import (
    Conflict,
    EnterpriseRef,
    PanelMemberOut,
    RoundCounts,
    RoundDetail,
    RoundList,
    RoundSummary,
    VisitOut,
)

KIND_POSITION = case(
    (VerificationRound.kind == ReviewRoundKind.mid_year, 0),
    else_=1,
)


def next_statuses(status: RoundStatus) -> list[RoundStatus]:
    """One step forward along RoundStatus, or none from the last."""
    index = ROUND_ORDER.index(status)
    return ROUND_ORDER[index + 1 : index + 2]


def reached(status: RoundStatus, mark: RoundStatus) -> bool:
    """Whether a round in `status` has reached `mark` (or gone past it)."""
    return ROUND_ORDER.index(status) >= ROUND_ORDER.index(mark)


def readable_visits(subject: Subject) -> ColumnElement[bool]:
    """Visits this subject reads in a round it reads: staff all; a panel member those to
    the enterprises the round assigns them; an enterprise its own; anyone else none."""
    if subject.is_staff:
        return true()
    if subject.role == Role.panel_member:
        return assigned(subject, Visit.round_id, Visit.organization_id)
    if own_organization(subject):
        assert subject.organization_id is not None
        return Visit.organization_id.in_(enterprise_of(subject.organization_id))
    return false()


@dataclass
class View:
    """What of one round the reader sees: staff all; `member_ids` their own seats; or the
    panel and visits of `enterprise_id`; or (none of these) neither panel nor visits."""

    staff: bool = False
    member_ids: set[int] = field(default_factory=set)
    enterprise_id: int | None = None


async def round_of(
    session: AsyncSession, subject: Subject, round_id: int, *, lock: bool = False
) -> VerificationRound:
    """The round if this subject may read it (404 otherwise), locked for a write."""
    statement = select(VerificationRound).where(
        VerificationRound.id == round_id, readable_rounds(subject)
    )
    if lock:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    found = await session.scalar(statement)
    if found is None:
        raise ResourceNotFound("Verification round", "查證作業", round_id)
    return found


async def _enterprises(
    session: AsyncSession, round_ids: list[int]
) -> dict[int, list[Organization]]:
    rows = await session.execute(
        select(RoundEnterprise.round_id, Organization)
        .join(Organization, Organization.id == RoundEnterprise.organization_id)
        .where(RoundEnterprise.round_id.in_(round_ids))
        .order_by(Organization.position, Organization.id)
    )
    by_round: dict[int, list[Organization]] = defaultdict(list)
    for round_id, organization in rows:
        by_round[round_id].append(organization)
    return by_round


def _ref(organization: Organization) -> EnterpriseRef:
    return EnterpriseRef.model_validate(organization)


async def _counts(
    session: AsyncSession, subject: Subject, round_ids: list[int]
) -> tuple[dict[int, int], dict[int, int]]:
    panel = dict(
        (
            await session.execute(
                select(PanelMember.round_id, func.count())
                .where(PanelMember.round_id.in_(round_ids))
                .group_by(PanelMember.round_id)
            )
        ).all()
    )
    visits = dict(
        (
            await session.execute(
                select(Visit.round_id, func.count())
                .where(Visit.round_id.in_(round_ids), readable_visits(subject))
                .group_by(Visit.round_id)
            )
        ).all()
    )
    return panel, visits


async def list_rounds(
    session: AsyncSession, subject: Subject, plan_id: int | None, year: int | None
) -> RoundList:
    statement = (
        select(VerificationRound, Plan.year)
        .join(Plan, Plan.id == VerificationRound.plan_id)
        .where(readable_rounds(subject))
        .order_by(Plan.year, KIND_POSITION, VerificationRound.id)
    )
    if plan_id is not None:
        statement = statement.where(VerificationRound.plan_id == plan_id)
    if year is not None:
        statement = statement.where(Plan.year == year)
    rows = (await session.execute(statement)).all()
    ids = [row.id for row, _ in rows]
    enterprises = await _enterprises(session, ids)
    panel, visits = await _counts(session, subject, ids)
    items = [
        RoundSummary(
            **_summary_fields(row, year_, enterprises.get(row.id, [])),
            counts=RoundCounts(
                enterprises=len(enterprises.get(row.id, [])),
                panel=panel.get(row.id, 0),
                visits=visits.get(row.id, 0),
            ),
        )
        for row, year_ in rows
    ]
    return RoundList(items=items, total=len(items))


def _summary_fields(
    row: VerificationRound, year: int, enterprises: list[Organization]
) -> dict[str, object]:
    return {
        "id": row.id,
        "plan_id": row.plan_id,
        "plan_year": year,
        "kind": row.kind,
        "status": row.status,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "notified_on": row.notified_on,
        "enterprises": [_ref(o) for o in enterprises],
    }


async def view_of(session: AsyncSession, subject: Subject, round_id: int) -> View:
    """What of the round this subject sees (one query at most)."""
    if subject.is_staff:
        return View(staff=True)
    if subject.role == Role.panel_member and subject.user_id is not None:
        seats = await session.scalars(
            select(PanelMember.id).where(
                PanelMember.round_id == round_id, PanelMember.user_id == subject.user_id
            )
        )
        return View(member_ids=set(seats))
    if own_organization(subject):
        assert subject.organization_id is not None
        enterprise = await session.scalar(
            select(RoundEnterprise.organization_id).where(
                RoundEnterprise.round_id == round_id,
                RoundEnterprise.organization_id.in_(enterprise_of(subject.organization_id)),
            )
        )
        return View(enterprise_id=enterprise)
    return View()


async def panel_of(session: AsyncSession, round_id: int, view: View) -> list[PanelMemberOut]:
    """The round's panel as this view shows it, in the order members were added."""
    if not view.staff and not view.member_ids and view.enterprise_id is None:
        return []
    codes = {
        id_: code
        for id_, code in (
            await session.execute(
                select(Organization.id, Organization.code).where(
                    Organization.kind == OrganizationKind.enterprise
                )
            )
        ).all()
    }
    members = (
        await session.execute(
            select(PanelMember, User.username)
            .outerjoin(User, User.id == PanelMember.user_id)
            .where(PanelMember.round_id == round_id)
            .order_by(PanelMember.id)
        )
    ).all()
    member_ids = [member.id for member, _ in members]
    assignments: dict[int, list[int]] = defaultdict(list)
    for member_id, organization_id in (
        await session.execute(
            select(PanelAssignment.member_id, PanelAssignment.organization_id)
            .where(PanelAssignment.member_id.in_(member_ids))
            .order_by(PanelAssignment.organization_id)
        )
    ).all():
        assignments[member_id].append(organization_id)
    conflicts: dict[int, list[PanelConflict]] = defaultdict(list)
    if view.enterprise_id is None:  # conflicts are never shown to enterprises
        for conflict in await session.scalars(
            select(PanelConflict)
            .where(PanelConflict.member_id.in_(member_ids))
            .order_by(PanelConflict.id)
        ):
            conflicts[conflict.member_id].append(conflict)
    shown: list[PanelMemberOut] = []
    for member, username in members:
        own = view.staff or member.id in view.member_ids
        if view.enterprise_id is not None:
            if view.enterprise_id not in assignments[member.id]:
                continue
            shown.append(
                PanelMemberOut(
                    id=member.id,
                    kind=member.kind,
                    username=None,
                    name=member.name,
                    affiliation="",
                    delegated_by=None,
                    assignments=[],
                    conflicts=[],
                )
            )
            continue
        shown.append(
            PanelMemberOut(
                id=member.id,
                kind=member.kind,
                username=username,
                name=member.name,
                affiliation=member.affiliation,
                delegated_by=codes.get(member.delegated_by_id) if member.delegated_by_id else None,
                assignments=[codes[o] for o in assignments[member.id]] if own else [],
                conflicts=[
                    Conflict(
                        id=c.id,
                        organization=codes[c.organization_id],
                        reason=c.reason,
                        declared_by=c.declared_by,
                        declared_at=c.declared_at,
                    )
                    for c in conflicts[member.id]
                ]
                if own
                else [],
            )
        )
    return shown


async def visits_of(
    session: AsyncSession, subject: Subject, round_id: int, visit_id: int | None = None
) -> list[VisitOut]:
    """The round's visits this subject reads, by day."""
    statement = (
        select(Visit, Organization.code)
        .join(Organization, Organization.id == Visit.organization_id)
        .where(Visit.round_id == round_id, readable_visits(subject))
        .order_by(Visit.visit_date, Visit.id)
    )
    if visit_id is not None:
        statement = statement.where(Visit.id == visit_id)
    rows = (await session.execute(statement)).all()
    units: dict[int, list[str]] = defaultdict(list)
    if rows:
        for visit_id_, code in (
            await session.execute(
                select(VisitUnit.visit_id, Organization.code)
                .join(Organization, Organization.id == VisitUnit.organization_id)
                .where(VisitUnit.visit_id.in_([visit.id for visit, _ in rows]))
                .order_by(Organization.position, Organization.id)
            )
        ).all():
            units[visit_id_].append(code)
    return [
        VisitOut(
            id=visit.id,
            organization=code,
            visit_date=visit.visit_date,
            place=visit.place,
            note=visit.note,
            units=units[visit.id],
            updated_at=visit.updated_at,
        )
        for visit, code in rows
    ]


async def visit_of(
    session: AsyncSession, subject: Subject, round_id: int, visit_id: int
) -> VisitOut:
    found = await visits_of(session, subject, round_id, visit_id)
    if not found:
        raise ResourceNotFound("Visit", "訪查行程", visit_id)
    return found[0]


async def detail_of(session: AsyncSession, subject: Subject, row: VerificationRound) -> RoundDetail:
    """The round as GET /rounds/{id} shows it to this subject (and its ETag is computed)."""
    year = await session.scalar(select(Plan.year).where(Plan.id == row.plan_id))
    assert year is not None
    enterprises = (await _enterprises(session, [row.id])).get(row.id, [])
    view = await view_of(session, subject, row.id)
    panel = await panel_of(session, row.id, view)
    visits = await visits_of(session, subject, row.id)
    panel_size = await session.scalar(
        select(func.count()).select_from(PanelMember).where(PanelMember.round_id == row.id)
    )
    return RoundDetail(
        **_summary_fields(row, year, enterprises),
        counts=RoundCounts(
            enterprises=len(enterprises), panel=int(panel_size or 0), visits=len(visits)
        ),
        items=list(row.items or []),
        place=row.place,
        agenda=row.agenda,
        participants=row.participants,
        notice_number=row.notice_number,
        follow_up_working_days=row.follow_up_working_days,
        status_history=dict(row.status_history or {}),
        next_statuses=next_statuses(row.status),
        panel=panel,
        visits=visits,
        updated_at=row.updated_at,
    )


async def round_detail(session: AsyncSession, subject: Subject, round_id: int) -> RoundDetail:
    return await detail_of(session, subject, await round_of(session, subject, round_id))
