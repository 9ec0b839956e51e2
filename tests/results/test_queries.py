"""Lateness is judged on Taipei days: a report first submitted before the due day ends in
Taipei is on time, one a second later is late."""

from datetime import UTC, date, datetime

from uplift.results.queries import timeliness

DUE = date(2019, 1, 31)
TAIPEI_MIDNIGHT = datetime(2019, 1, 31, 16, 0, tzinfo=UTC)  # 2019-02-01 00:00 in Taipei


def test_the_due_day_ends_at_midnight_in_taipei() -> None:
    assert timeliness(DUE, datetime(2019, 1, 31, 15, 59, 59, tzinfo=UTC), DUE) == "on_time"
    assert timeliness(DUE, TAIPEI_MIDNIGHT, date(2019, 2, 1)) == "late"


def test_unsubmitted_reports_are_missing_only_once_the_due_day_has_passed() -> None:
    assert timeliness(DUE, None, DUE) == "not_yet_due"
    assert timeliness(DUE, None, date(2019, 2, 1)) == "missing"


def test_without_a_due_date_nothing_is_judged() -> None:
    assert timeliness(None, None, date(2030, 1, 1)) == "no_due_date"
    assert timeliness(None, TAIPEI_MIDNIGHT, date(2030, 1, 1)) == "no_due_date"
