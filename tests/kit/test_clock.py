"""Days in Taipei around midnight UTC, and working days."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from uplift.kit.clock import (
    TAIPEI,
    OfficeCalendar,
    add_working_days,
    end_of_day,
    in_taipei,
    start_of_day,
    today_in_taipei,
    working_days_between,
)


def test_taipei_is_a_day_ahead_from_16_utc() -> None:
    assert today_in_taipei(datetime(2026, 11, 27, 15, 59, 59, tzinfo=UTC)) == date(2026, 11, 27)
    assert today_in_taipei(datetime(2026, 11, 27, 16, 0, tzinfo=UTC)) == date(2026, 11, 28)
    # Just past midnight UTC it is already morning in Taipei: the same date.
    assert today_in_taipei(datetime(2026, 11, 28, 0, 0, 1, tzinfo=UTC)) == date(2026, 11, 28)


def test_new_year_in_taipei_is_still_the_old_year_in_utc() -> None:
    assert today_in_taipei(datetime(2026, 12, 31, 16, 30, tzinfo=UTC)) == date(2027, 1, 1)


def test_a_taipei_day_as_utc_instants() -> None:
    assert start_of_day(date(2026, 11, 28)) == datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    assert end_of_day(date(2026, 11, 28)) == datetime(2026, 11, 28, 16, 0, tzinfo=UTC)
    assert start_of_day(date(2026, 11, 28)).tzinfo == UTC


def test_conversion_keeps_the_instant_and_refuses_naive_times() -> None:
    moment = datetime(2026, 11, 27, 23, 30, tzinfo=UTC)
    assert in_taipei(moment) == moment
    assert in_taipei(moment).hour == 7 and in_taipei(moment).tzinfo == TAIPEI
    los_angeles = timezone(timedelta(hours=-8))
    assert in_taipei(moment.astimezone(los_angeles)).date() == date(2026, 11, 28)
    with pytest.raises(ValueError, match="naive"):
        in_taipei(datetime(2026, 11, 27, 12, 0))


def test_today_without_an_argument_is_today_in_taipei() -> None:
    assert today_in_taipei() == datetime.now(UTC).astimezone(TAIPEI).date()


def test_working_days_skip_weekends() -> None:
    friday = date(2026, 11, 27)
    assert add_working_days(friday, 1) == date(2026, 11, 30)  # Monday
    assert add_working_days(friday, 5) == date(2026, 12, 4)
    assert add_working_days(friday, 0) == friday
    assert working_days_between(friday, date(2026, 12, 4)) == 5
    assert working_days_between(friday, friday) == 0


def test_the_working_calendar_is_a_seam() -> None:
    class NationalDayOff:
        def is_working_day(self, day: date) -> bool:
            return day.weekday() < 5 and day != date(2026, 10, 9)

    assert add_working_days(date(2026, 10, 8), 1, NationalDayOff()) == date(2026, 10, 12)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 10, 8), -1)


def test_working_days_are_counted_as_walking_day_by_day_would() -> None:
    """The count by arithmetic agrees with walking each day, across holidays, make-up
    Saturdays and years the calendar does not cover."""
    days = {
        date(2018, 2, 15): False,  # 農曆除夕, a Thursday
        date(2018, 2, 16): False,
        date(2018, 3, 31): True,  # 補行上班, a Saturday
        date(2018, 10, 10): False,
        date(2018, 12, 22): True,  # 補行上班, a Saturday
    }
    calendar = OfficeCalendar(days, frozenset({2018}))
    starts = [date(2017, 12, 29), date(2018, 2, 14), date(2018, 3, 30), date(2018, 12, 31)]
    ends = [date(2018, 2, 16), date(2018, 4, 2), date(2019, 1, 7), date(2021, 6, 30)]
    for start in starts:
        for end in [*ends, start, start - timedelta(days=3)]:
            walked = sum(
                1
                for offset in range(1, (end - start).days + 1)
                if calendar.is_working_day(start + timedelta(days=offset))
            )
            assert working_days_between(start, end, calendar) == walked, (start, end)
            assert working_days_between(start, end) == sum(
                1
                for offset in range(1, (end - start).days + 1)
                if (start + timedelta(days=offset)).weekday() < 5
            )
