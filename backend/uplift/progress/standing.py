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

import orjson
from sqlalchemy import (
    String,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.types import NullType

from uplift.auth.subject import Subject
from uplift.auth.visibility import (
    head_office,
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
    ProgressStanding,
    ProgressVersion,
    ReportState,
    Strategy,
    VerificationRound,
    WorkStatus,
)
from uplift.organizations.schemas import OrganizationRef
from uplift.plans.queries import readable_plan
from uplift.progress.periods import KIND_OF_FREQUENCY, MONTHS_IN, Period, periods_of
from uplift.progress.results import Counted, indicator_result
from uplift.progress.schemas import (
    Basis,
    DimensionRef,
    IndicatorTerms,
    MeasureProgress,
    OrganizationProgress,
    ReportBrief,
    StrategyRef,
)
from uplift.progress.standings import STATUSES, known, year_periods


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

    def standing(self, name: str) -> Any:
        """The column of `progress_standings` that counts this reader's versions (`current_…`
        or `submitted_…`)."""
        return getattr(ProgressStanding, f"{self.basis}_{name}")

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
    found = known(text)
    return None if found is None else found.period


def _late(period: Period, submitted_at: datetime | None) -> bool:
    return submitted_at is not None and submitted_at >= end_of_day(period.due_day)


_COUNTED_AS = [*(s.value for s in STATUSES), "unreported"]  # StatusCounts' fields


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
    lagging: list[dict[str, Any]] = field(default_factory=list)  # LaggingMeasure's shape

    def merge(self, other: "_Tally") -> None:
        """Add a cell's counts to its enterprise's."""
        self.statuses.update(other.statuses)
        self.measures += other.measures
        self.expected += other.expected
        self.missing += other.missing
        self.late += other.late
        self.drafts += other.drafts
        self.lagging_count += len(other.lagging)

    def counts(self) -> dict[str, Any]:
        """What a cell and an enterprise's summary both say."""
        return {
            "measures": self.measures,
            "statuses": {name: self.statuses[name] for name in _COUNTED_AS},
            "expected": self.expected,
            "missing": self.missing,
            "late": self.late,
            "drafts": self.drafts,
        }


@dataclass(frozen=True)
class _Due:
    """What each rhythm expects by today: per kind (months in a period), the due periods'
    mask and texts by bit; and the verification rounds that stand in for a rhythm where the
    plan leaves the frequency open (`unspecified`)."""

    masks: dict[int, int]
    texts: list[tuple[int, str]]  # bit, period text; by bit, which is chronological in a kind
    rounds: list[date]
    known: dict[int, list[str]] = field(default_factory=dict)  # the missing texts by mask

    @classmethod
    def of(cls, year: int, today: date, rounds: list[date]) -> "_Due":
        bit_of = {k.period: 1 << n for n, k in enumerate(year_periods(year))}
        masks = {
            months: sum(bit_of[p] for p in periods_of(kind, year) if p.due_day < today)
            for kind, months in MONTHS_IN.items()
        }
        return cls(masks, sorted((bit, p.text) for p, bit in bit_of.items()), rounds)

    def missing(self, left: int, rounds: int) -> list[str]:
        """The due periods in the `left` bits (chronological), then the first `rounds`
        verification rounds (by first day, ISO: `rounds_missed`). The lists are shared, one
        per mask: the answer only reads them."""
        found = self.known.get(left)
        if found is None:
            found = self.known[left] = [text for bit, text in self.texts if left & bit]
        return found + [day.isoformat() for day in self.rounds[:rounds]] if rounds else found


def _rhythms(plan_id: int) -> Any:
    """Each top-level measure's reporting rhythm, from its indicators and its sub-items':
    the months in its finest period (None when no frequency sets one, `periods.py`), and
    whether one leaves the frequency open."""
    months = case(
        {f: MONTHS_IN[kind] for f, kind in KIND_OF_FREQUENCY.items()},
        value=type_coerce(Indicator.frequency, String),
    )
    top = func.coalesce(Measure.parent_id, Measure.id)
    return (
        select(
            top.label("measure_id"),
            func.min(months).label("months"),
            func.max(case((Indicator.frequency == Frequency.unspecified, 1), else_=0)).label(
                "open"
            ),
        )
        .join(Measure, Measure.id == Indicator.measure_id)
        .join(Strategy, Strategy.id == Measure.strategy_id)
        .join(Dimension, Dimension.id == Strategy.dimension_id)
        .where(Dimension.plan_id == plan_id)
        .group_by(top)
        .cte("rhythms")
    )


def _standings(reader: Reader, plan_id: int, below: list[int] | None, due: _Due) -> Any:
    """Every (top-level measure, owner) of the plan with the owner's standing on the
    reader's basis (`progress.standings`; nothing where it reported nothing) and what its
    rhythm expects by today: one row per pair, however many periods were reported. A unit's
    own reports never count (督導所屬), so a unit that owns a measure has no standing."""
    kept = reader.standing
    rhythms = _rhythms(plan_id)
    by_rounds = and_(rhythms.c.months.is_(None), rhythms.c.open == 1)
    statement = (
        select(
            MeasureOwner.organization_id.label("owner"),
            Strategy.id.label("strategy_id"),
            Measure.id.label("measure_id"),
            (kept("latest") % len(STATUSES)).label("status"),
            func.coalesce(kept("periods"), 0).label("periods"),
            func.coalesce(kept("late"), 0).label("late"),
            func.coalesce(kept("drafts"), 0).label("drafts"),
            kept("first").label("first"),
            case(due.masks, value=rhythms.c.months, else_=0).label("due"),
            case(
                {m: mask.bit_count() for m, mask in due.masks.items()},
                value=rhythms.c.months,
                else_=case((by_rounds, len(due.rounds)), else_=0),
            ).label("expected"),
            by_rounds.label("by_rounds"),
        )
        .join(Measure, and_(Measure.id == MeasureOwner.measure_id, Measure.parent_id.is_(None)))
        .join(Strategy, Strategy.id == Measure.strategy_id)
        .join(Dimension, Dimension.id == Strategy.dimension_id)
        .outerjoin(rhythms, rhythms.c.measure_id == Measure.id)
        .outerjoin(
            ProgressStanding,
            and_(
                ProgressStanding.plan_id == plan_id,
                ProgressStanding.measure_key == Measure.key,
                ProgressStanding.organization_id == MeasureOwner.organization_id,
                head_office(MeasureOwner.organization_id),
            ),
        )
        .where(Dimension.plan_id == plan_id)
    )
    if below is not None:
        statement = statement.where(MeasureOwner.organization_id.in_(below))
    return statement.subquery("pairs")


def _listed(dialect: str, value: Any, where: Any) -> Any:
    """The values of a group's rows that meet `where`, as one list: an array on PostgreSQL,
    a JSON list on SQLite (`_as_list` reads either)."""
    collect = func.array_agg if dialect == "postgresql" else func.json_group_array
    # Taken as the driver gives it: SQLAlchemy's array processing cost more than the list.
    return type_coerce(collect(value).filter(where), NullType())


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return orjson.loads(value) if isinstance(value, str) else list(value)


def _counted(pairs: Any, due: _Due, dialect: str) -> Any:
    """Per enterprise and strategy, in one statement: the measures by work status (the
    columns in `_COUNTED_AS`' order), the periods expected, the late reports and the drafts;
    and the lagging ones (delayed, with a missing period, or with a verification round
    passed and nothing submitted before it): their measures' ids, the masks of their
    missing periods, how many rounds each missed (rounds start in order, so a measure misses
    those that started by its first submission, and every one when it submitted nothing),
    and whether each is delayed."""
    left = pairs.c.due.bitwise_and(pairs.c.periods.bitwise_not())
    missed: Any = literal(0)
    for day in due.rounds:
        start = literal(start_of_day(day), ProgressStanding.current_first.type)
        missed = missed + case(
            (and_(pairs.c.by_rounds, or_(pairs.c.first.is_(None), pairs.c.first >= start)), 1),
            else_=0,
        )
    delayed = pairs.c.status == STATUSES.index(WorkStatus.delayed)
    lagging = or_(delayed, left != 0, missed > 0)
    return select(
        pairs.c.owner,
        pairs.c.strategy_id,
        *[func.count().filter(pairs.c.status == n) for n in range(len(STATUSES))],
        func.count().filter(pairs.c.status.is_(None)),
        func.sum(pairs.c.expected),
        func.sum(pairs.c.late),
        func.sum(pairs.c.drafts),
        _listed(dialect, pairs.c.measure_id, lagging),
        _listed(dialect, left, lagging),
        _listed(dialect, missed, lagging),
        _listed(dialect, case((delayed, 1), else_=0), lagging),
    ).group_by(pairs.c.owner, pairs.c.strategy_id)


async def plan_progress(
    session: AsyncSession, subject: Subject, plan_id: int, today: date
) -> dict[str, Any]:
    """GET /plans/{id}/progress, as plain data in PlanProgress's shape (a plan of 2,000
    measures and 500 enterprises has tens of thousands of lagging measures: no model is
    built or validated per item; the tests check the shape): six queries, whatever the size
    of the plan and its reports. The database counts (one summed-up standing per measure
    and owner); Python reads a row per cell and writes out its lagging measures."""
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
        )
        .join(Strategy, Strategy.dimension_id == Dimension.id, isouter=True)
        .where(Dimension.plan_id == plan.id)
        .order_by(Dimension.position, Strategy.position)
    )
    dimensions: dict[str, DimensionRef] = {}
    places: dict[int, tuple[str, str, str, str]] = {}  # strategy id → dim/strategy keys
    for d_key, d_code, d_name, s_id, s_key, s_code, s_name in structure:
        dimension = dimensions.setdefault(
            d_key, DimensionRef(key=d_key, code=d_code, name=d_name, strategies=[])
        )
        if s_id is not None:
            dimension.strategies.append(StrategyRef(key=s_key, code=s_code, name=s_name))
            places[s_id] = (d_key, d_code, s_key, s_code)
    places_of = {  # a top-level measure's key, code and position in its strategy
        measure_id: (key, code, position)
        for measure_id, key, code, position in await session.execute(
            select(Measure.id, Measure.key, Measure.code, Measure.position)
            .join(Strategy, Strategy.id == Measure.strategy_id)
            .join(Dimension, Dimension.id == Strategy.dimension_id)
            .where(Dimension.plan_id == plan.id, Measure.parent_id.is_(None))
        )
    }
    tree = await organization_tree(session)
    below = tree.below(reader.organization_id) if reader.organization_id is not None else None
    due = _Due.of(plan.year, today, await rounds_started(session, plan.id, today))
    pairs = _standings(reader, plan.id, below, due)
    cells: dict[tuple[int, int], _Tally] = defaultdict(_Tally)
    counted = _counted(pairs, due, session.get_bind().dialect.name)
    # Past the ORM's result machinery, which rows of plain columns do not need.
    rows = await session.run_sync(lambda sync: sync.connection().execute(counted).all())
    counted_as = len(_COUNTED_AS)
    for owner, strategy_id, *row in rows:
        counts, (expected, late, drafts, ids, lefts, missed, delayed) = (
            row[:counted_as],
            row[counted_as:],
        )
        cell = cells[owner, strategy_id]
        cell.statuses.update({name: n for name, n in zip(_COUNTED_AS, counts, strict=True) if n})
        cell.measures += sum(counts)
        cell.expected += expected
        cell.late += late
        cell.drafts += drafts
        listed = zip(
            _as_list(ids), _as_list(lefts), _as_list(missed), _as_list(delayed), strict=True
        )
        for measure_id, left, rounds, is_delayed in sorted(
            listed,
            key=lambda item: places_of[item[0]][2],  # in document order
        ):
            missing = due.missing(left, rounds)
            cell.missing += len(missing)
            cell.lagging.append(
                {
                    "measure_key": places_of[measure_id][0],
                    "code": places_of[measure_id][1],
                    "delayed": bool(is_delayed),
                    "missing_periods": missing,
                }
            )
    enterprises: dict[int, _Tally] = defaultdict(_Tally)
    order = {strategy_id: n for n, strategy_id in enumerate(places)}
    for (owner, _), cell in cells.items():
        enterprises[owner].merge(cell)
    return {
        "plan_id": plan.id,
        "year": plan.year,
        "today": today,
        "basis": reader.basis,
        "dimensions": list(dimensions.values()),
        "enterprises": [
            {"organization": tree.ref(owner), **t.counts(), "lagging": t.lagging_count}
            for owner, t in sorted(
                enterprises.items(),
                key=lambda e: (tree.by_id[e[0]].position, tree.by_id[e[0]].code),
            )
        ],
        "cells": [
            {
                "organization_id": owner,
                "dimension_key": places[strategy_id][0],
                "dimension_code": places[strategy_id][1],
                "strategy_key": places[strategy_id][2],
                "strategy_code": places[strategy_id][3],
                **c.counts(),
                "lagging": c.lagging,
            }
            for (owner, strategy_id), c in sorted(
                cells.items(), key=lambda cell: (order[cell[0][1]], cell[0][0])
            )
        ],
    }


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
