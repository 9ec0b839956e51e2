"""Indicator results: what the reports counted so far say of each indicator's target.

Computed at read time from the reports, never stored, against a Taipei day (`today`, a
parameter so a test can name it). Pure: the reads in `standing.py` load the rows, this
module judges them.

- A frequency-driven indicator expects the periods its frequency names in the plan year
  (`periods.periods_of`); each is `reported` when a counted report of a period within it
  gives a value for the indicator, `missing` when none does and its due day has passed,
  `not_yet_due` otherwise. Unspecified and per-case frequencies expect nothing.
- at_least / at_most / exactly: the latest value against the target (`met` / `not_met`), and
  the share of reported values meeting it; for a '%' indicator the latest share.
- by_date: `met` when a report saying `done` was submitted (for the enterprise: written) by
  the end of the due day, `due` while the day has not passed, `missed` after it.
- increase_over_baseline: the change of the latest value over the baseline (`unknown`
  without a baseline); `met` when it reaches the target, or exceeds 0 when the plan names
  no figure (提升滿意度 says only that it rises).
- completion: the latest share of 100 %.
- report_only: the values, no verdict.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from uplift.kit.clock import end_of_day
from uplift.models import Comparison, WorkStatus
from uplift.progress.periods import KIND_OF_FREQUENCY, Period, periods_of
from uplift.progress.schemas import (
    ExpectedPeriod,
    IndicatorResult,
    IndicatorTerms,
    ReportedValue,
    Verdict,
)

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Counted:
    """A report as it counts for the reader: the version the reader's basis picks."""

    id: int
    period: Period
    status: WorkStatus
    draft: bool
    submitted_at: datetime | None
    written_at: datetime  # the counted version's last change
    values: dict[int, Decimal] = field(default_factory=dict)  # indicator id → value

    @property
    def when(self) -> datetime:
        """When the report was given: its submission, or for a draft its last change."""
        return (
            self.submitted_at
            if self.submitted_at is not None and not self.draft
            else self.written_at
        )


def _within(inner: Period, outer: Period) -> bool:
    return outer.first_day <= inner.first_day and inner.last_day <= outer.last_day


def _meets(comparison: str, value: Decimal, target: Decimal) -> bool:
    if comparison == Comparison.at_least:
        return value >= target
    if comparison == Comparison.at_most:
        return value <= target
    return value == target


def _by_date(facts: IndicatorTerms, reports: list[Counted], today: date) -> Verdict:
    if facts.due_date is None:
        return "unknown"
    deadline = end_of_day(facts.due_date)
    done = [r for r in reports if r.status == WorkStatus.done]
    if any(r.when < deadline for r in done):
        return "met"
    return "due" if today <= facts.due_date else "missed"


def indicator_result(
    facts: IndicatorTerms, reports: list[Counted], year: int, today: date
) -> IndicatorResult:
    """The result of one indicator for one organisation's counted reports."""
    own = facts.indicator_id
    ordered = sorted(reports, key=lambda r: (r.period.last_day, r.period.first_day, r.id))
    values = [
        ReportedValue(
            period=r.period.text, report_id=r.id, value=r.values[facts.indicator_id], draft=r.draft
        )
        for r in ordered
        if own in r.values
    ]
    latest = values[-1] if values else None
    periods: list[ExpectedPeriod] = []
    for expected in periods_of(KIND_OF_FREQUENCY.get(facts.frequency), year):
        inside = [
            r for r in ordered if facts.indicator_id in r.values and _within(r.period, expected)
        ]
        if inside:
            last = inside[-1]
            periods.append(
                ExpectedPeriod(
                    period=expected.text,
                    due_date=expected.due_day,
                    state="reported",
                    value=last.values[own],
                    draft=last.draft,
                )
            )
        else:
            state = "missing" if expected.due_day < today else "not_yet_due"
            periods.append(
                ExpectedPeriod(period=expected.text, due_date=expected.due_day, state=state)
            )
    verdict: Verdict | None = "unknown"
    share = share_met = change = None
    comparison = facts.comparison
    if comparison in (Comparison.at_least, Comparison.at_most, Comparison.exactly):
        if facts.target is not None and latest is not None:
            verdict = "met" if _meets(comparison, latest.value, facts.target) else "not_met"
            met = sum(_meets(comparison, v.value, facts.target) for v in values)
            share_met = (Decimal(met) * HUNDRED / len(values)).quantize(Decimal("0.01"))
        if facts.unit == "%" and latest is not None:
            share = latest.value
    elif comparison == Comparison.completion:
        target = facts.target if facts.target is not None else HUNDRED
        if latest is not None:
            share = latest.value
            verdict = "met" if latest.value >= target else "not_met"
    elif comparison == Comparison.by_date:
        verdict = _by_date(facts, ordered, today)
    elif comparison == Comparison.increase_over_baseline:
        if facts.baseline is not None and latest is not None:
            change = latest.value - facts.baseline
            reached = change >= facts.target if facts.target is not None else change > 0
            verdict = "met" if reached else "not_met"
    else:  # report_only, and any comparison this module does not name: no verdict
        verdict = None
    return IndicatorResult(
        **facts.model_dump(),
        verdict=verdict,
        latest=latest,
        share=share,
        share_met=share_met,
        change=change,
        periods=periods,
        values=values,
    )
