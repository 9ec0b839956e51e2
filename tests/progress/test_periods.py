from datetime import date

import pytest

from uplift.progress.periods import (
    Period,
    parse_period,
    period_problem,
    periods_of,
    reporting_kind,
)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2018", date(2018, 1, 1), date(2018, 12, 31)),
        ("2018-H1", date(2018, 1, 1), date(2018, 6, 30)),
        ("2018-H2", date(2018, 7, 1), date(2018, 12, 31)),
        ("2018-Q1", date(2018, 1, 1), date(2018, 3, 31)),
        ("2018-Q4", date(2018, 10, 1), date(2018, 12, 31)),
        ("2018-B1", date(2018, 1, 1), date(2018, 2, 28)),
        ("2020-B1", date(2020, 1, 1), date(2020, 2, 29)),
        ("2018-B6", date(2018, 11, 1), date(2018, 12, 31)),
        ("2018-M01", date(2018, 1, 1), date(2018, 1, 31)),
        ("2018-M09", date(2018, 9, 1), date(2018, 9, 30)),
        ("2018-M12", date(2018, 12, 1), date(2018, 12, 31)),
    ],
)
def test_a_period_spans_its_months_and_is_due_on_its_last_day(
    text: str, first: date, last: date
) -> None:
    period = parse_period(text)
    assert period is not None
    assert (period.first_day, period.last_day, period.due_day) == (first, last, last)
    assert period.text == text


@pytest.mark.parametrize(
    "text",
    ["18", "2018-", "2018-H3", "2018-Q0", "2018-Q5", "2018-B7", "2018-M1", "2018-M13",
     "2018-M00", "2018-h1", " 2018", "2018-Y1", "0999", "2018-Q1x", "２０１８"],
)  # fmt: skip
def test_anything_else_is_no_period(text: str) -> None:
    assert parse_period(text) is None


def test_the_finest_known_frequency_sets_the_rhythm() -> None:
    assert reporting_kind(["yearly", "bimonthly", "quarterly"]) == "B"
    assert reporting_kind(["once"]) == "Y"
    assert reporting_kind(["half_yearly", "per_case"]) == "H"
    assert reporting_kind(["monthly", "unspecified"]) == "M"


@pytest.mark.parametrize("frequencies", [[], ["per_case"], ["unspecified"], ["a-new-one"]])
def test_without_a_known_frequency_any_period_of_the_year_is_taken(
    frequencies: list[str],
) -> None:
    kind = reporting_kind(frequencies)
    assert kind is None
    assert periods_of(kind, 2018) == []
    for text in ("2018", "2018-H2", "2018-Q3", "2018-B4", "2018-M07"):
        period = parse_period(text)
        assert period is not None
        assert period_problem(period, 2018, kind) is None


def test_a_frequency_expects_its_periods_of_the_year() -> None:
    assert [p.text for p in periods_of("B", 2018)] == [f"2018-B{i}" for i in range(1, 7)]
    assert [p.text for p in periods_of("M", 2018)][-1] == "2018-M12"
    assert len(periods_of("M", 2018)) == 12
    assert [p.text for p in periods_of("Q", 2018)] == ["2018-Q1", "2018-Q2", "2018-Q3", "2018-Q4"]
    assert [p.text for p in periods_of("H", 2018)] == ["2018-H1", "2018-H2"]
    assert [p.text for p in periods_of("Y", 2018)] == ["2018"]


def test_a_period_outside_the_plan_year_or_off_the_rhythm_is_refused() -> None:
    outside = period_problem(Period(2019, "B", 1), 2018, "B")
    assert outside is not None and "2018" in outside[0]
    off_rhythm = period_problem(Period(2018, "Q", 1), 2018, "B")
    assert off_rhythm is not None and "2018-B1" in off_rhythm[0]
    assert period_problem(Period(2018, "B", 3), 2018, "B") is None
