"""Reading findings: one finding or a page of the feed, each built in a fixed number of
statements whatever the page's size (rows, then their rounds, organisations, measures,
corrections and follow-ups, one statement each)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import Subject
from uplift.auth.visibility import panel_assignments, readable_findings, readable_rounds
from uplift.findings.schemas import (
    Correction,
    DraftingRound,
    DraftingRounds,
    Finding,
    MeasureRef,
    RoundRef,
)
from uplift.kit.errors import ResourceNotFound
from uplift.kit.pagination import Listing, PageParams, after_updated, capped_count
from uplift.models import (
    Dimension,
    FindingCorrection,
    FindingKind,
    FindingMeasure,
    FindingStatus,
    FollowUp,
    Measure,
    Organization,
    Plan,
    Role,
    RoundEnterprise,
    Strategy,
    VerificationRound,
)
from uplift.models.finding import Finding as FindingRow
from uplift.organizations.queries import by_code
from uplift.organizations.schemas import OrganizationRef

SORT = "updated"


async def readable_round(
    session: AsyncSession, subject: Subject, round_id: int, *, lock: bool = False
) -> VerificationRound:
    """The round, or 404 when it is not there or this subject may not read it."""
    statement = select(VerificationRound).where(
        VerificationRound.id == round_id, readable_rounds(subject)
    )
    found = await session.scalar(statement.with_for_update() if lock else statement)
    if found is None:
        raise ResourceNotFound("Verification round", "查證作業", round_id)
    return found


async def readable_finding(
    session: AsyncSession, subject: Subject, finding_id: int, *, lock: bool = False
) -> FindingRow:
    """The finding, or 404 when it is not there or this subject may not read it."""
    statement = select(FindingRow).where(FindingRow.id == finding_id, readable_findings(subject))
    found = await session.scalar(statement.with_for_update() if lock else statement)
    if found is None:
        raise ResourceNotFound("Finding", "查證意見", finding_id)
    return found


def measures_of_plan(plan_id: int) -> Select[str, str | None, str, int, int | None]:
    """(key, code, text, id, parent id) of a plan's measures, sub-items included."""
    return (
        select(Measure.key, Measure.code, Measure.text, Measure.id, Measure.parent_id)
        .join(Strategy, Strategy.id == Measure.strategy_id)
        .join(Dimension, Dimension.id == Strategy.dimension_id)
        .where(Dimension.plan_id == plan_id)
    )


async def _rounds(session: AsyncSession, ids: set[int]) -> dict[int, RoundRef]:
    rows = await session.execute(
        select(VerificationRound, Plan.year)
        .join(Plan, Plan.id == VerificationRound.plan_id)
        .where(VerificationRound.id.in_(ids))
    )
    return {
        r.id: RoundRef(id=r.id, kind=r.kind, status=r.status, plan_id=r.plan_id, year=year)
        for r, year in rows
    }


async def _organizations(session: AsyncSession, ids: set[int]) -> dict[int, OrganizationRef]:
    rows = await session.scalars(select(Organization).where(Organization.id.in_(ids)))
    return {o.id: OrganizationRef.model_validate(o) for o in rows}


async def _measures(session: AsyncSession, ids: list[int]) -> dict[int, list[MeasureRef]]:
    """Each finding's measures as its round's plan has them, in the plan's order of rows."""
    rows = await session.execute(
        select(FindingMeasure.finding_id, Measure.key, Measure.code, Measure.text)
        .join(FindingRow, FindingRow.id == FindingMeasure.finding_id)
        .join(VerificationRound, VerificationRound.id == FindingRow.round_id)
        .join(Measure, Measure.key == FindingMeasure.measure_key)
        .join(Strategy, Strategy.id == Measure.strategy_id)
        .join(Dimension, Dimension.id == Strategy.dimension_id)
        .where(
            FindingMeasure.finding_id.in_(ids),
            Dimension.plan_id == VerificationRound.plan_id,
        )
        .order_by(FindingMeasure.finding_id, Measure.id)
    )
    found: dict[int, list[MeasureRef]] = defaultdict(list)
    for finding_id, key, code, text in rows:
        if all(m.key != key for m in found[finding_id]):
            found[finding_id].append(MeasureRef(key=key, code=code, text=text))
    return found


async def _corrections(session: AsyncSession, ids: list[int]) -> dict[int, list[Correction]]:
    rows = await session.scalars(
        select(FindingCorrection)
        .where(FindingCorrection.finding_id.in_(ids))
        .order_by(FindingCorrection.finding_id, FindingCorrection.number)
    )
    found: dict[int, list[Correction]] = defaultdict(list)
    for row in rows:
        found[row.finding_id].append(Correction.model_validate(row))
    return found


async def _follow_ups(session: AsyncSession, ids: list[int]) -> dict[int, int]:
    rows = await session.execute(
        select(FollowUp.finding_id, FollowUp.id).where(FollowUp.finding_id.in_(ids))
    )
    return dict(rows.all())


async def findings_of(session: AsyncSession, rows: list[FindingRow]) -> list[Finding]:
    """The representation of each row, in five statements for any number of rows."""
    if not rows:
        return []
    ids = [r.id for r in rows]
    rounds = await _rounds(session, {r.round_id for r in rows})
    organizations = await _organizations(
        session, {r.organization_id for r in rows} | {r.unit_id for r in rows if r.unit_id}
    )
    measures = await _measures(session, ids)
    corrections = await _corrections(session, ids)
    follow_ups = await _follow_ups(session, ids)
    return [
        Finding(
            id=r.id,
            round=rounds[r.round_id],
            organization=organizations[r.organization_id],
            unit=organizations[r.unit_id] if r.unit_id else None,
            kind=r.kind,
            number=r.number,
            status=r.status,
            measures=measures.get(r.id, []),
            text_zh=r.text_zh,
            text_en=r.text_en,
            issued_text_zh=r.issued_text_zh,
            issued_text_en=r.issued_text_en,
            issued_on=r.issued_on,
            issue_number=r.issue_number,
            approved_at=r.approved_at,
            issued_at=r.issued_at,
            published_at=r.published_at,
            created_at=r.created_at,
            updated_at=r.updated_at,
            corrections=corrections.get(r.id, []),
            follow_up_id=follow_ups.get(r.id),
        )
        for r in rows
    ]


async def detail_of(session: AsyncSession, row: FindingRow) -> Finding:
    return (await findings_of(session, [row]))[0]


async def get_finding(session: AsyncSession, subject: Subject, finding_id: int) -> Finding:
    return await detail_of(session, await readable_finding(session, subject, finding_id))


@dataclass(frozen=True)
class FindingFilter:
    plan_id: int | None = None
    year: int | None = None  # the plan's year
    round_id: int | None = None
    organization: str | None = None  # the enterprise (code)
    unit: str | None = None  # a unit (code)
    kind: FindingKind | None = None
    status: FindingStatus | None = None
    measure: str | None = None  # a measure's stable key
    updated_since: datetime | None = None


FindingListing = Listing[Finding]


async def _filtered(session: AsyncSession, subject: Subject, wanted: FindingFilter) -> Select[Any]:
    statement = select(FindingRow).where(readable_findings(subject))
    if wanted.plan_id is not None or wanted.year is not None:
        rounds = select(VerificationRound.id).join(Plan, Plan.id == VerificationRound.plan_id)
        if wanted.plan_id is not None:
            rounds = rounds.where(VerificationRound.plan_id == wanted.plan_id)
        if wanted.year is not None:
            rounds = rounds.where(Plan.year == wanted.year)
        statement = statement.where(FindingRow.round_id.in_(rounds))
    if wanted.round_id is not None:
        statement = statement.where(FindingRow.round_id == wanted.round_id)
    if wanted.organization is not None:
        enterprise = await by_code(session, wanted.organization, parameter="organization")
        statement = statement.where(FindingRow.organization_id == enterprise.id)
    if wanted.unit is not None:
        unit = await by_code(session, wanted.unit, parameter="unit")
        statement = statement.where(FindingRow.unit_id == unit.id)
    if wanted.kind is not None:
        statement = statement.where(FindingRow.kind == wanted.kind)
    if wanted.status is not None:
        statement = statement.where(FindingRow.status == wanted.status)
    if wanted.measure is not None:
        named = select(FindingMeasure.id).where(
            FindingMeasure.finding_id == FindingRow.id,
            FindingMeasure.measure_key == wanted.measure,
        )
        statement = statement.where(named.exists())
    if wanted.updated_since is not None:
        statement = statement.where(FindingRow.updated_at >= wanted.updated_since)
    return statement


async def list_findings(
    session: AsyncSession,
    subject: Subject,
    page: PageParams,
    wanted: FindingFilter,
    after: tuple[Any, ...] | None = None,
) -> FindingListing:
    """A page in (updated_at, id) order: the `page`-th, or the one after a cursor's key."""
    statement = await _filtered(session, subject, wanted)
    total, capped = await capped_count(session, statement)
    ordered = statement.order_by(FindingRow.updated_at, FindingRow.id)
    ordered = (
        ordered.where(after_updated(after, FindingRow.updated_at, FindingRow.id))
        if after is not None
        else ordered.offset(page.offset)
    )
    rows = list(await session.scalars(ordered.limit(page.page_size)))
    items = await findings_of(session, rows)
    full = len(rows) == page.page_size
    next_key = (rows[-1].updated_at.isoformat(), rows[-1].id) if full else None
    return FindingListing(items, total, capped, next_key)


async def drafting(session: AsyncSession, subject: Subject) -> DraftingRounds:
    """The rounds and enterprises this subject drafts findings for: a reviewer every round
    and enterprise it covers; a panel member the enterprises their rounds assign them."""
    pairs = select(RoundEnterprise.round_id, RoundEnterprise.organization_id)
    if subject.role != Role.reviewer:
        seats = panel_assignments(subject).subquery()
        pairs = pairs.join(
            seats,
            (seats.c.round_id == RoundEnterprise.round_id)
            & (seats.c.organization_id == RoundEnterprise.organization_id),
        )
    covered: dict[int, list[int]] = defaultdict(list)
    for round_id, organization_id in await session.execute(pairs.order_by(RoundEnterprise.id)):
        covered[round_id].append(organization_id)
    rows = await session.execute(
        select(VerificationRound, Plan.year)
        .join(Plan, Plan.id == VerificationRound.plan_id)
        .where(VerificationRound.id.in_(covered), readable_rounds(subject))
        .order_by(Plan.year.desc(), VerificationRound.kind, VerificationRound.id)
    )
    rounds = list(rows)
    organizations = await _organizations(session, {o for ids in covered.values() for o in ids})
    return DraftingRounds(
        items=[
            DraftingRound(
                id=r.id,
                kind=r.kind,
                status=r.status,
                plan_id=r.plan_id,
                year=year,
                enterprises=[organizations[o] for o in covered[r.id]],
            )
            for r, year in rounds
        ]
    )
