"""Where things stand: the progress matrix of a plan and one measure's progress, read in a
fixed number of queries however many reports exist, judged at read time.

Which reports count (`basis`): reviewers and administrators count the last *submitted*
version of every report (submitted, returned or accepted; a correction the enterprise is
still drafting does not hide what it submitted before, and no draft is ever shown to them);
an enterprise's reporters and tokens count their current versions, drafts included and
flagged as drafts, and see only their organisation's rows (owners in their subtree).

The matrix counts, per enterprise (a measure's owner) and strategy: the measures by the
work status of their latest counted report (`unreported` when there is none); the periods
expected so far (the measure's rhythm, `periods.py`, whose due day has passed in Taipei);
the missing ones (no submitted report by the owner); the late ones (submitted after the end
of the period's due day, by the last submission); and the lagging measures (delayed, or with
a missing period). Only the owners' own reports count: a unit reports to its head office,
which submits for the enterprise (督導所屬, `visibility.head_office_reports`).

A measure whose indicators leave the frequency open (`unspecified`, and none sets a rhythm)
"reports when it has something, at least at each verification round": for each round of
its plan that has started (`starts_on` set and on or before today), it is expected once, and
missing for an owner who submitted no report of it before that day (the report's last
submission counts; the round names no period, so a missing one is listed by the round's
first day, ISO). Rounds are read from the models (this layer is below `rounds`).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, and_, case, func, literal, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from uplift.auth.subject import Subject
from uplift.auth.visibility import (
    head_office_reports,
    reports_for_organization,
)
from uplift.kit.clock import end_of_day, start_of_day
from uplift.kit.errors import ResourceNotFound
from uplift.models import (
    Dimension,
    Frequency,
    Indicator,
    Measure,
    MeasureOwner,
    Organization,
    ProgressReport,
    ProgressVersion,
    ReportState,
    Strategy,
    VerificationRound,
    WorkStatus,
)
from uplift.organizations.schemas import OrganizationRef
from uplift.plans.queries import readable_plan
from uplift.progress.periods import (
    MONTHS_IN,
    Period,
    parse_period,
    periods_of,
    reporting_kind,
)
from uplift.progress.results import Counted, indicator_result
from uplift.progress.schemas import (
    Basis,
    DimensionRef,
    EnterpriseProgress,
    IndicatorTerms,
    LaggingMeasure,
    MeasureProgress,
    OrganizationProgress,
    PlanProgress,
    ProgressCell,
    ReportBrief,
    StatusCounts,
    StrategyRef,
)


@dataclass(frozen=True)
class Reader:
    """What a subject counts: its basis, and the organisations whose rows it sees (None: all)."""

    basis: Basis
    organization_id: int | None

    @classmethod
    def of(cls, subject: Subject) -> "Reader":
        if reports_for_organization(subject):
            return cls("current", subject.organization_id or 0)
        return cls("submitted", None)

    def version_number(self) -> Any:
        if self.basis == "current":
            return ProgressReport.version
        return ProgressReport.submitted_version

    def work_status(self) -> Any:
        """The work status of the version counted, as kept on the report."""
        if self.basis == "current":
            return ProgressReport.current_status
        return ProgressReport.submitted_status

    def reports(self, plan_id: int, below: list[int] | None) -> Any:
        """The condition on reports: this plan, readable, with a version to count."""
        condition = and_(ProgressReport.plan_id == plan_id, self.version_number().is_not(None))
        if below is not None:
            condition = and_(condition, ProgressReport.organization_id.in_(below))
        return condition


def in_plan(plan_id: int) -> Any:
    """The ids of a plan's measures, sub-items included."""
    return (
        select(Measure.id)
        .join(Strategy, Strategy.id == Measure.strategy_id)
        .join(Dimension, Dimension.id == Strategy.dimension_id)
        .where(Dimension.plan_id == plan_id)
    )


class Tree:
    """Every organisation, loaded once: references, and who is below whom."""

    def __init__(self, organizations: list[Organization]) -> None:
        self.by_id = {o.id: o for o in organizations}
        self.children: dict[int | None, list[int]] = defaultdict(list)
        for organization in organizations:
            self.children[organization.parent_id].append(organization.id)

    def below(self, organization_id: int) -> list[int]:
        """The organisation and its units at any depth."""
        found, todo = [], [organization_id]
        while todo:
            at = todo.pop()
            if at in found:
                continue
            found.append(at)
            todo.extend(self.children.get(at, []))
        return found

    def owner_of(self, organization_id: int, owners: set[int]) -> int | None:
        """The first of `owners` at or above the organisation."""
        at: int | None = organization_id
        seen: set[int] = set()
        while at is not None and at not in seen:
            if at in owners:
                return at
            seen.add(at)
            at = self.by_id[at].parent_id if at in self.by_id else None
        return None

    def ref(self, organization_id: int) -> OrganizationRef:
        return OrganizationRef.model_validate(self.by_id[organization_id])


async def owners_and_frequencies(
    session: AsyncSession, plan_id: int
) -> tuple[dict[int, set[int]], dict[int, list[str]]]:
    """Two queries: the owners of each of the plan's measures, and the frequencies of each
    top-level measure's indicators, its sub-items' included (which set its reporting rhythm)."""
    measures = in_plan(plan_id)
    owners: dict[int, set[int]] = defaultdict(set)
    for measure_id, organization_id in await session.execute(
        select(MeasureOwner.measure_id, MeasureOwner.organization_id).where(
            MeasureOwner.measure_id.in_(measures)
        )
    ):
        owners[measure_id].add(organization_id)
    frequencies: dict[int, list[str]] = defaultdict(list)
    for top_id, frequency in await session.execute(
        select(func.coalesce(Measure.parent_id, Measure.id), Indicator.frequency)
        .join(Measure, Measure.id == Indicator.measure_id)
        .where(Measure.id.in_(measures))
    ):
        frequencies[top_id].append(frequency)
    return owners, frequencies


async def organization_tree(session: AsyncSession) -> Tree:
    return Tree(list(await session.scalars(select(Organization))))


@dataclass(frozen=True)
class _Known:
    """A period with what the matrix asks of it, worked out once per period text."""

    period: Period
    order: tuple[date, int]  # latest last, a finer period after a coarser one ending alike
    deadline: datetime  # the end of its due day in Taipei, as a UTC instant


_PERIODS: dict[str, _Known | None] = {}


def _known(text: str) -> _Known | None:
    if text not in _PERIODS:
        period = parse_period(text)
        _PERIODS[text] = (
            None
            if period is None
            else _Known(
                period,
                (period.last_day, -(period.last_day - period.first_day).days),
                end_of_day(period.due_day),
            )
        )
    return _PERIODS[text]


def _year_periods(year: int) -> list[_Known]:
    """Every period a report of a plan of `year` may name, in the matrix's order (latest
    last): a report names one of these (`period_problem`)."""
    known = [_known(p.text) for kind in MONTHS_IN for p in periods_of(kind, year)]
    return sorted((k for k in known if k is not None), key=lambda k: k.order)


_STATUSES = list(WorkStatus)


@dataclass
class _Reported:
    """What the counted reports of one measure by one owner (itself or its units) say."""

    latest: tuple[int, bool, int] | None = None  # period rank, the owner's own, status
    submitted: int = 0  # a bit per period of the year (see `_year_periods`) with a submission
    late: int = 0
    drafts: int = 0
    first_submitted: datetime | None = None  # the earliest (last) submission of any period


def _grouped(reader: "Reader", plan_id: int, year: int, below: list[int] | None) -> Any:
    """The counted reports of a plan, one row per measure key and organisation: the latest
    period's rank and the status counted for it (rank × statuses + status; the status as
    kept on the report, see `models.progress.keep_statuses`), a bit mask of the periods
    submitted for, the late ones and the drafts. A plan has many reports and few (measure,
    organisation) pairs: the database counts from one index (`ix_progress_reports_standing`),
    Python reads the pairs."""
    periods = _year_periods(year)
    period = ProgressReport.period
    rank = case({k.period.text: n for n, k in enumerate(periods)}, value=period)
    status = case(
        {s.value: n for n, s in enumerate(_STATUSES)},
        value=type_coerce(reader.work_status(), String),
    )
    bit = case({k.period.text: 1 << n for n, k in enumerate(periods)}, value=period, else_=0)
    deadline = case(
        {k.period.text: literal(k.deadline, ProgressReport.submitted_at.type) for k in periods},
        value=period,
    )
    submitted = ProgressReport.submitted_at.is_not(None)
    return (
        select(
            ProgressReport.measure_key,
            ProgressReport.organization_id,
            func.max(rank * len(_STATUSES) + status),
            func.sum(case((submitted, bit), else_=0)),
            func.sum(case((ProgressReport.submitted_at >= deadline, 1), else_=0)),
            func.sum(case((ProgressReport.state == ReportState.draft, 1), else_=0)),
            func.min(ProgressReport.submitted_at),
        )
        .where(reader.reports(plan_id, below), head_office_reports())
        .group_by(ProgressReport.measure_key, ProgressReport.organization_id)
    )


async def rounds_started(session: AsyncSession, plan_id: int, today: date) -> list[date]:
    """The first days of the plan's verification rounds that have started by `today`."""
    return list(
        await session.scalars(
            select(VerificationRound.starts_on)
            .where(
                VerificationRound.plan_id == plan_id,
                VerificationRound.starts_on.is_not(None),
                VerificationRound.starts_on <= today,
            )
            .order_by(VerificationRound.starts_on)
        )
    )


def rounds_missed(rounds: list[date], first_submitted: datetime | None) -> list[str]:
    """The rounds (by first day, ISO) before which an unspecified-frequency measure had no
    report submitted: submitted on or after the round's first day in Taipei is too late."""
    return [
        day.isoformat()
        for day in rounds
        if first_submitted is None or first_submitted >= start_of_day(day)
    ]


def _period(text: str) -> Period | None:
    known = _known(text)
    return None if known is None else known.period


def _late(period: Period, submitted_at: datetime | None) -> bool:
    return submitted_at is not None and submitted_at >= end_of_day(period.due_day)


@dataclass
class _Tally:
    """Counts kept in plain Python while the reports are read; the answer's models are
    built once at the end (a pydantic model checks every assignment)."""

    measures: int = 0
    expected: int = 0
    missing: int = 0
    late: int = 0
    drafts: int = 0
    lagging_count: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    lagging: list[LaggingMeasure] = field(default_factory=list)

    def add(self, status: str, expected: int, missing: int, late: int, drafts: int) -> None:
        self.statuses[status] += 1
        self.measures += 1
        self.expected += expected
        self.missing += missing
        self.late += late
        self.drafts += drafts

    def counts(self) -> dict[str, Any]:
        """What a cell and an enterprise's summary both say."""
        return {
            "measures": self.measures,
            "statuses": StatusCounts(**self.statuses),
            "expected": self.expected,
            "missing": self.missing,
            "late": self.late,
            "drafts": self.drafts,
        }


async def plan_progress(
    session: AsyncSession, subject: Subject, plan_id: int, today: date
) -> PlanProgress:
    """GET /plans/{id}/progress: seven queries, whatever the size of the plan and its reports."""
    reader = Reader.of(subject)
    plan = await readable_plan(session, subject, plan_id)
    structure = await session.execute(
        select(
            Dimension.key,
            Dimension.code,
            Dimension.name,
            Strategy.id,
            Strategy.key,
            Strategy.code,
            Strategy.name,
            Measure.id,
            Measure.key,
            Measure.code,
        )
        .join(Strategy, Strategy.dimension_id == Dimension.id, isouter=True)
        .join(
            Measure,
            and_(Measure.strategy_id == Strategy.id, Measure.parent_id.is_(None)),
            isouter=True,
        )
        .where(Dimension.plan_id == plan.id)
        .order_by(Dimension.position, Strategy.position, Measure.position)
    )
    dimensions: dict[str, DimensionRef] = {}
    strategy_of: dict[int, tuple[str, str, str, str]] = {}  # measure id → dim/strategy keys
    measures: dict[int, tuple[str, str | None]] = {}  # id → key, code
    for d_key, d_code, d_name, s_id, s_key, s_code, s_name, m_id, m_key, m_code in structure:
        dimension = dimensions.setdefault(
            d_key, DimensionRef(key=d_key, code=d_code, name=d_name, strategies=[])
        )
        if s_id is not None and all(s.key != s_key for s in dimension.strategies):
            dimension.strategies.append(StrategyRef(key=s_key, code=s_code, name=s_name))
        if m_id is not None:
            strategy_of[m_id] = (d_key, d_code, s_key, s_code)
            measures[m_id] = (m_key, m_code)
    owners, frequencies = await owners_and_frequencies(session, plan.id)
    tree = await organization_tree(session)
    below = tree.below(reader.organization_id) if reader.organization_id is not None else None
    visible = set(below) if below is not None else None
    by_key = {key: measure_id for measure_id, (key, _) in measures.items()}
    reported: dict[tuple[int, int], _Reported] = defaultdict(_Reported)
    rows = await session.execute(_grouped(reader, plan.id, plan.year, below))
    for measure_key, organization_id, latest, submitted, late, drafts, first in rows.all():
        reported_on = by_key.get(measure_key)
        if reported_on is None:
            continue  # a measure removed by an amendment: its reports no longer count here
        owner = tree.owner_of(organization_id, owners.get(reported_on, set()))
        if owner is None:
            continue
        found = reported[(reported_on, owner)]
        if latest is not None:
            rank, status = divmod(latest, len(_STATUSES))
            found.latest = max(
                found.latest or (-1, False, 0), (rank, organization_id == owner, status)
            )
        found.submitted |= submitted
        found.late += late
        found.drafts += drafts
        if first is not None and (found.first_submitted is None or first < found.first_submitted):
            found.first_submitted = first
    rounds = await rounds_started(session, plan.id, today)
    bit_of = {k.period: 1 << n for n, k in enumerate(_year_periods(plan.year))}
    cells: dict[tuple[int, str], _Tally] = defaultdict(_Tally)
    places: dict[tuple[int, str], tuple[str, str, str, str]] = {}
    enterprises: dict[int, _Tally] = defaultdict(_Tally)
    due_of: dict[str | None, list[tuple[str, int]]] = {}  # kind → due periods' text and bit
    nothing = _Reported()
    for measure_id, (measure_key, measure_code) in measures.items():
        kind = reporting_kind(frequencies.get(measure_id, []))
        if kind not in due_of:
            due_of[kind] = [
                (p.text, bit_of[p]) for p in periods_of(kind, plan.year) if p.due_day < today
            ]
        due = due_of[kind]
        d_key, d_code, s_key, s_code = strategy_of[measure_id]
        for owner in sorted(owners.get(measure_id, set())):
            if visible is not None and owner not in visible:
                continue
            found = reported.get((measure_id, owner), nothing)
            latest = None if found.latest is None else _STATUSES[found.latest[2]]
            missing = [text for text, bit in due if not found.submitted & bit]
            expected = len(due)
            if kind is None and Frequency.unspecified in frequencies.get(measure_id, []):
                expected += len(rounds)
                missing += rounds_missed(rounds, found.first_submitted)
            late, drafts = found.late, found.drafts
            delayed = latest == WorkStatus.delayed
            if (owner, s_key) not in places:
                places[owner, s_key] = (d_key, d_code, s_key, s_code)
            cell = cells[owner, s_key]
            tally = enterprises[owner]
            counted_as = latest if latest is not None else "unreported"
            for counts in (cell, tally):
                counts.add(counted_as, expected, len(missing), late, drafts)
            if delayed or missing:
                # Built from values checked here: no validation per lagging measure.
                cell.lagging.append(
                    LaggingMeasure.model_construct(
                        measure_key=measure_key,
                        code=measure_code,
                        delayed=delayed,
                        missing_periods=missing,
                    )
                )
                tally.lagging_count += 1
    return PlanProgress(
        plan_id=plan.id,
        year=plan.year,
        today=today,
        basis=reader.basis,
        dimensions=list(dimensions.values()),
        enterprises=[
            EnterpriseProgress(
                organization=tree.ref(owner),
                **t.counts(),
                lagging=t.lagging_count,
            )
            for owner, t in sorted(
                enterprises.items(),
                key=lambda e: (tree.by_id[e[0]].position, tree.by_id[e[0]].code),
            )
        ],
        cells=[
            ProgressCell(
                organization_id=owner,
                dimension_key=places[owner, s_key][0],
                dimension_code=places[owner, s_key][1],
                strategy_key=s_key,
                strategy_code=places[owner, s_key][3],
                **c.counts(),
                lagging=c.lagging,
            )
            for (owner, s_key), c in cells.items()
        ],
    )


async def measure_progress(
    session: AsyncSession, subject: Subject, plan_id: int, measure_key: str, today: date
) -> MeasureProgress:
    """GET /plans/{id}/progress/measures/{key}: per organisation, the counted reports by
    period and each indicator's result; a fixed number of queries."""
    reader = Reader.of(subject)
    plan = await readable_plan(session, subject, plan_id)
    measure = await session.scalar(
        select(Measure).where(
            Measure.key == measure_key,
            Measure.parent_id.is_(None),
            Measure.id.in_(in_plan(plan.id)),
        )
    )
    if measure is None:
        raise ResourceNotFound("Measure", "具體推動作法", measure_key)
    owners = set(
        await session.scalars(
            select(MeasureOwner.organization_id).where(MeasureOwner.measure_id == measure.id)
        )
    )
    sub_items = select(Measure.id).where(Measure.parent_id == measure.id)
    indicators = [
        IndicatorTerms(
            indicator_id=i.id,
            indicator_key=i.key,
            name=i.name,
            unit=i.unit,
            comparison=i.comparison,
            frequency=i.frequency,
            target=i.target,
            baseline=i.baseline,
            due_date=i.due_date,
            inferred=i.inferred,
        )
        for i in await session.scalars(
            select(Indicator)
            .join(Measure, Measure.id == Indicator.measure_id)
            .where((Indicator.measure_id == measure.id) | Indicator.measure_id.in_(sub_items))
            .order_by(Measure.parent_id.is_not(None), Measure.position, Indicator.position)
        )
    ]
    tree = await organization_tree(session)
    below = tree.below(reader.organization_id) if reader.organization_id is not None else None
    found = await session.execute(
        select(ProgressReport, ProgressVersion)
        .join(
            ProgressVersion,
            and_(
                ProgressVersion.report_id == ProgressReport.id,
                ProgressVersion.number == reader.version_number(),
            ),
        )
        .where(reader.reports(plan.id, below), ProgressReport.measure_key == measure.key)
        .options(selectinload(ProgressVersion.values))
    )
    by_organization: dict[int, list[tuple[ProgressReport, ProgressVersion, Period]]]
    by_organization = defaultdict(list)
    for report, version in found:
        period = _period(report.period)
        if period is not None:
            by_organization[report.organization_id].append((report, version, period))
    shown = {o for o in owners if below is None or o in below} | set(by_organization)
    order = sorted(
        shown, key=lambda o: (o not in owners, tree.by_id[o].position, tree.by_id[o].code)
    )
    organizations = []
    for organization_id in order:
        rows = sorted(
            by_organization.get(organization_id, []), key=lambda r: (r[2].last_day, r[2].first_day)
        )
        counted = [
            Counted(
                id=report.id,
                period=period,
                status=version.work_status,
                draft=report.state == ReportState.draft,
                submitted_at=report.submitted_at,
                written_at=version.updated_at,
                values={v.indicator_id: v.value for v in version.values},
            )
            for report, version, period in rows
        ]
        organizations.append(
            OrganizationProgress(
                organization=tree.ref(organization_id),
                owner=organization_id in owners,
                reports=[
                    ReportBrief(
                        id=report.id,
                        period=report.period,
                        due_date=period.due_day,
                        state=report.state,
                        version=version.number,
                        status=version.work_status,
                        draft=report.state == ReportState.draft,
                        submitted_at=report.submitted_at,
                        late=_late(period, report.submitted_at),
                    )
                    for report, version, period in rows
                ],
                indicators=[indicator_result(f, counted, plan.year, today) for f in indicators],
            )
        )
    return MeasureProgress(
        plan_id=plan.id,
        year=plan.year,
        measure_id=measure.id,
        measure_key=measure.key,
        code=measure.code,
        text=measure.text,
        today=today,
        basis=reader.basis,
        organizations=organizations,
    )
