"""Indicator results judged from counted reports: each comparison, on a named Taipei day."""

from datetime import UTC, date, datetime
from decimal import Decimal

from uplift.models import WorkStatus
from uplift.progress.periods import parse_period
from uplift.progress.results import Counted, indicator_result
from uplift.progress.schemas import IndicatorTerms

YEAR = 2030


def _facts(**fields: object) -> IndicatorTerms:
    base: dict[str, object] = {
        "indicator_id": 1, "indicator_key": "k", "name": "測試", "unit": "%",
        "comparison": "at_least", "frequency": "bimonthly", "target": Decimal(95),
        "baseline": None, "due_date": None, "inferred": False,
    }  # fmt: skip
    base.update(fields)
    return IndicatorTerms.model_validate(base)


def _report(
    period: str, value: str | None, *, status: WorkStatus = WorkStatus.on_track,
    at: datetime = datetime(YEAR, 1, 1, tzinfo=UTC), draft: bool = False, id_: int = 1,
) -> Counted:  # fmt: skip
    found = parse_period(period)
    assert found is not None
    return Counted(
        id=id_, period=found, status=status, draft=draft, submitted_at=None if draft else at,
        written_at=at, values={} if value is None else {1: Decimal(value)},
    )  # fmt: skip


def test_a_test_due_every_two_months_shows_which_are_missing() -> None:
    reports = [_report("2030-B1", "97", id_=1), _report("2030-B3", "90", id_=2)]
    result = indicator_result(_facts(), reports, YEAR, date(YEAR, 7, 1))
    states = [(p.period, p.state) for p in result.periods]
    assert states == [
        ("2030-B1", "reported"), ("2030-B2", "missing"), ("2030-B3", "reported"),
        ("2030-B4", "not_yet_due"), ("2030-B5", "not_yet_due"), ("2030-B6", "not_yet_due"),
    ]  # fmt: skip
    # The latest value (B3, 90 %) misses the 95 % target; one of two values met it.
    assert (result.verdict, result.share, result.share_met) == (
        "not_met",
        Decimal(90),
        Decimal("50.00"),
    )
    assert result.latest is not None and result.latest.period == "2030-B3"


def test_a_period_is_due_on_its_last_day_and_missing_after_it() -> None:
    on_the_day = indicator_result(_facts(), [], YEAR, date(YEAR, 2, 28)).periods[0]
    after = indicator_result(_facts(), [], YEAR, date(YEAR, 3, 1)).periods[0]
    assert (on_the_day.state, after.state) == ("not_yet_due", "missing")


def test_a_yearly_indicator_counts_a_value_from_any_report_in_the_year() -> None:
    facts = _facts(frequency="yearly", unit="次", target=Decimal(1), comparison="exactly")
    result = indicator_result(facts, [_report("2030-B2", "2")], YEAR, date(YEAR + 1, 1, 5))
    assert [(p.period, p.state, p.value) for p in result.periods] == [("2030", "reported", 2)]
    assert (result.verdict, result.share) == ("not_met", None)  # exactly once, not twice


def test_at_most_and_no_target_and_no_value() -> None:
    at_most = _facts(comparison="at_most", target=Decimal(72), unit="小時")
    assert (
        indicator_result(at_most, [_report("2030-B1", "48")], YEAR, date(YEAR, 3, 1)).verdict
        == "met"
    )
    no_target = _facts(target=None)
    assert (
        indicator_result(no_target, [_report("2030-B1", "1")], YEAR, date(YEAR, 3, 1)).verdict
        == "unknown"
    )
    assert (
        indicator_result(_facts(), [_report("2030-B1", None)], YEAR, date(YEAR, 3, 1)).verdict
        == "unknown"
    )


def test_a_dated_milestone_is_met_due_or_missed() -> None:
    facts = _facts(
        comparison="by_date", due_date=date(YEAR, 6, 30), unit=None, target=None, frequency="once"
    )
    # Done, submitted at 23:00 Taipei on the due day (15:00 UTC): met.
    in_time = _report(
        "2030", None, status=WorkStatus.done, at=datetime(YEAR, 6, 30, 15, tzinfo=UTC)
    )
    assert indicator_result(facts, [in_time], YEAR, date(YEAR, 7, 5)).verdict == "met"
    # Done, but at 00:30 Taipei the day after: missed.
    late = _report(
        "2030", None, status=WorkStatus.done, at=datetime(YEAR, 6, 30, 16, 30, tzinfo=UTC)
    )
    assert indicator_result(facts, [late], YEAR, date(YEAR, 7, 5)).verdict == "missed"
    on_track = _report("2030", None, status=WorkStatus.on_track)
    assert indicator_result(facts, [on_track], YEAR, date(YEAR, 6, 30)).verdict == "due"
    assert indicator_result(facts, [on_track], YEAR, date(YEAR, 7, 1)).verdict == "missed"
    undated = _facts(comparison="by_date", due_date=None)
    assert indicator_result(undated, [in_time], YEAR, date(YEAR, 7, 1)).verdict == "unknown"


def test_an_increase_over_a_baseline_shows_the_change_or_unknown() -> None:
    facts = _facts(
        comparison="increase_over_baseline", baseline=Decimal("80"), target=None, frequency="yearly"
    )
    result = indicator_result(facts, [_report("2030", "83.5")], YEAR, date(YEAR + 1, 1, 2))
    assert (result.change, result.verdict) == (Decimal("3.5"), "met")
    fell = indicator_result(facts, [_report("2030", "79")], YEAR, date(YEAR + 1, 1, 2))
    assert (fell.change, fell.verdict) == (Decimal(-1), "not_met")
    by_two = _facts(comparison="increase_over_baseline", baseline=Decimal(80), target=Decimal(5))
    assert (
        indicator_result(by_two, [_report("2030-B1", "83")], YEAR, date(YEAR, 3, 1)).verdict
        == "not_met"
    )
    unknown = _facts(comparison="increase_over_baseline", baseline=None, target=None)
    result = indicator_result(unknown, [_report("2030-B1", "83")], YEAR, date(YEAR, 3, 1))
    assert (result.change, result.verdict) == (None, "unknown")


def test_completion_is_the_share_of_100_percent() -> None:
    facts = _facts(comparison="completion", target=Decimal(100), frequency="per_case")
    result = indicator_result(facts, [_report("2030-B1", "96")], YEAR, date(YEAR, 3, 1))
    assert (result.share, result.verdict, len(result.periods)) == (Decimal(96), "not_met", 0)
    done = indicator_result(facts, [_report("2030-B1", "100")], YEAR, date(YEAR, 3, 1))
    assert done.verdict == "met"


def test_report_only_and_unspecified_list_values_without_a_verdict() -> None:
    facts = _facts(comparison="report_only", frequency="unspecified", target=None, unit="件")
    reports = [_report("2030-B1", "3", id_=1), _report("2030-B2", "4", id_=2, draft=True)]
    result = indicator_result(facts, reports, YEAR, date(YEAR, 12, 31))
    assert (result.verdict, result.periods) == (None, [])
    assert [(v.period, v.value, v.draft) for v in result.values] == [
        ("2030-B1", Decimal(3), False), ("2030-B2", Decimal(4), True),
    ]  # fmt: skip
