"""The standing of every (plan, measure key, organisation): its reports summed up in one row
(`models.ProgressStanding`), kept as reports change, so that the progress matrix reads one
row per pair however many periods were reported (`standing.plan_progress`).

`refresh` recomputes the rows of the pairs a write touched, in the writer's transaction,
from the reports themselves: what is stored is always what the reports say, whatever the
order of writes. Every flush that changes a report calls it (`_kept`, registered when
`uplift.progress` is imported). `rebuild` recomputes whole plans: the migration that made
the table, `uplift progress rebuild-standings`, and data loaded past the ORM (the
benchmark's).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    String,
    and_,
    case,
    delete,
    event,
    func,
    insert,
    literal,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from uplift.kit.clock import end_of_day
from uplift.models import Plan, ProgressReport, ProgressStanding, ReportState, WorkStatus
from uplift.progress.periods import MONTHS_IN, Period, parse_period, periods_of

STATUSES = list(WorkStatus)
# (plan id, measure key, organisation id)
Pair = tuple[int, str, int]


@dataclass(frozen=True)
class Known:
    """A period with what the matrix asks of it, worked out once per period text."""

    period: Period
    order: tuple[date, int]  # latest last, a finer period after a coarser one ending alike
    deadline: datetime  # the end of its due day in Taipei, as a UTC instant


_PERIODS: dict[str, Known | None] = {}


def known(text: str) -> Known | None:
    if text not in _PERIODS:
        period = parse_period(text)
        _PERIODS[text] = (
            None
            if period is None
            else Known(
                period,
                (period.last_day, -(period.last_day - period.first_day).days),
                end_of_day(period.due_day),
            )
        )
    return _PERIODS[text]


def year_periods(year: int) -> list[Known]:
    """Every period a report of a plan of `year` may name, in the matrix's order (latest
    last): a report names one of these (`period_problem`). A period's bit in `*_periods` is
    1 << its index here."""
    found = [known(p.text) for kind in MONTHS_IN for p in periods_of(kind, year)]
    return sorted((k for k in found if k is not None), key=lambda k: k.order)


def _summed(year: int) -> list[Any]:
    """The columns of a standing, in `ProgressStanding`'s order after its key, aggregated
    over a group of one pair's reports of a plan of `year`."""
    periods = year_periods(year)
    period = ProgressReport.period
    rank = case({k.period.text: n for n, k in enumerate(periods)}, value=period)
    bit = case({k.period.text: 1 << n for n, k in enumerate(periods)}, value=period, else_=0)
    deadline = case(
        {k.period.text: literal(k.deadline, ProgressReport.submitted_at.type) for k in periods},
        value=period,
    )
    submitted = ProgressReport.submitted_at.is_not(None)
    late = ProgressReport.submitted_at >= deadline
    draft = ProgressReport.state == ReportState.draft
    columns: list[Any] = []
    for counted, status in (
        (ProgressReport.version.is_not(None), ProgressReport.current_status),
        (ProgressReport.submitted_version.is_not(None), ProgressReport.submitted_status),
    ):
        status_rank = case(
            {s.value: n for n, s in enumerate(STATUSES)}, value=type_coerce(status, String)
        )
        columns += [
            func.coalesce(func.sum(case((counted, 1), else_=0)), 0),
            func.max(case((counted, rank * len(STATUSES) + status_rank))),
            func.coalesce(func.sum(case((and_(counted, submitted), bit), else_=0)), 0),
            func.coalesce(func.sum(case((and_(counted, late), 1), else_=0)), 0),
            func.coalesce(func.sum(case((and_(counted, draft), 1), else_=0)), 0),
            func.min(case((counted, ProgressReport.submitted_at))),
        ]
    return columns


_COLUMNS = [c.key for c in ProgressStanding.__table__.columns]
_KEY = (ProgressReport.plan_id, ProgressReport.measure_key, ProgressReport.organization_id)


def _recompute(
    connection: Connection, plan_id: int, year: int, where: Callable[[Any], Any]
) -> None:
    """Replace the standings of the pairs `where` selects in a plan by what its reports say."""
    pairs = and_(ProgressStanding.plan_id == plan_id, where(ProgressStanding))
    connection.execute(delete(ProgressStanding).where(pairs))
    summed = (
        select(*_KEY, *_summed(year))
        .where(ProgressReport.plan_id == plan_id, where(ProgressReport))
        .group_by(*_KEY)
    )
    connection.execute(insert(ProgressStanding).from_select(_COLUMNS, summed))


def _years(connection: Connection, plan_ids: Iterable[int]) -> dict[int, int]:
    found = connection.execute(select(Plan.id, Plan.year).where(Plan.id.in_(list(plan_ids))))
    return {plan_id: year for plan_id, year in found}


def _among(keys: set[str], organizations: set[int]) -> Callable[[Any], Any]:
    def where(table: Any) -> Any:
        return and_(
            table.measure_key.in_(sorted(keys)), table.organization_id.in_(sorted(organizations))
        )

    return where


def refresh(connection: Connection, pairs: Iterable[Pair]) -> None:
    """Recompute the standings of these pairs (flushed reports): the plans' years, then two
    statements a plan. A plan's pairs are selected as its measure keys × its organisations,
    a superset that is as right to recompute and keeps the statement short."""
    by_plan: dict[int, tuple[set[str], set[int]]] = defaultdict(lambda: (set(), set()))
    for plan_id, measure_key, organization_id in pairs:
        keys, organizations = by_plan[plan_id]
        keys.add(measure_key)
        organizations.add(organization_id)
    if not by_plan:
        return
    years = _years(connection, by_plan)
    for plan_id, (keys, organizations) in by_plan.items():
        _recompute(connection, plan_id, years[plan_id], _among(keys, organizations))


def rebuild(connection: Connection, plan_ids: Iterable[int] | None = None) -> int:
    """Recompute every standing of these plans (all plans when None); the plans done."""
    if plan_ids is None:
        plan_ids = list(connection.scalars(select(Plan.id).order_by(Plan.id)))
    years = _years(connection, plan_ids)
    for plan_id, year in sorted(years.items()):
        _recompute(connection, plan_id, year, lambda table: literal(True))
    return len(years)


@event.listens_for(Session, "after_flush")
def _kept(session: Session, _context: Any) -> None:
    """Every flush that writes reports recomputes their pairs' standings, in the same
    transaction: whoever writes a report (the service, an import, a test) leaves the matrix
    right. The flushed reports are still listed as new, changed or deleted here."""
    pairs = {
        (r.plan_id, r.measure_key, r.organization_id)
        for r in (*session.new, *session.dirty, *session.deleted)
        if isinstance(r, ProgressReport)
    }
    if pairs:
        refresh(session.connection(), pairs)
