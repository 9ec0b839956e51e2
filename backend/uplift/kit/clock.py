"""Time as the ministry counts it: days in Asia/Taipei, deadlines in working days.

Timestamps are stored and compared in UTC (kit/db.py `utcnow`); a *day* (a report's period,
a follow-up's deadline, "today") is a day in Taipei, which begins at 16:00 UTC the day
before. Taiwan has kept UTC+8 without daylight saving since 1980, so a fixed offset is
exact and needs no time-zone database (slim container images may lack one).

Working days follow the government office calendar (行政機關辦公日曆表: holidays, and the
Saturdays worked to make up for a bridge day, 補行上班), loaded year by year as data
(office_calendar/): an `OfficeCalendar`. Outside the loaded years a day counts Monday to
Friday, as `WEEKDAYS` does, and a deadline counted there is provisional: the year's calendar,
once published and loaded, may move it.
"""

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import cached_property
from typing import Annotated, Protocol

from fastapi import Depends

from uplift.kit.db import utcnow

TAIPEI = timezone(timedelta(hours=8), "Asia/Taipei")


def in_taipei(moment: datetime) -> datetime:
    """The same instant on Taipei's clock; a naive datetime is refused, not guessed."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no place in time: give it a time zone")
    return moment.astimezone(TAIPEI)


def now_in_taipei(now: datetime | None = None) -> datetime:
    return in_taipei(now or utcnow())


def today_in_taipei(now: datetime | None = None) -> date:
    """The date on a Taipei office's wall calendar; `now` (UTC) for tests and replays."""
    return now_in_taipei(now).date()


def taipei_today() -> date:
    """Today in Taipei as a route's dependency (`Today`): the day reports and deadlines are
    judged on at read time; a test overrides it to fix the day."""
    return today_in_taipei()


Today = Annotated[date, Depends(taipei_today)]


def start_of_day(day: date) -> datetime:
    """The UTC instant the Taipei day begins: day D starts at 16:00 UTC on D−1."""
    return datetime.combine(day, time.min, tzinfo=TAIPEI).astimezone(UTC)


def end_of_day(day: date) -> datetime:
    """The UTC instant the Taipei day ends (exclusive): a deadline on day D holds until then."""
    return start_of_day(day + timedelta(days=1))


class WorkingCalendar(Protocol):
    def is_working_day(self, day: date) -> bool: ...

    def covers(self, day: date) -> bool:
        """Whether the day's year is known (loaded), rather than assumed Monday to Friday."""
        ...

    def departures(self, start: date, end: date) -> int:
        """Working days after `start` up to `end` beyond Monday to Friday's count: a make-up
        Saturday adds one, a weekday holiday takes one away."""
        ...


class Weekdays:
    """Monday to Friday: what a year no office calendar has been loaded for is assumed to be.
    It knows no holiday (春節, 國慶日) and no make-up Saturday, so it covers no day."""

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5

    def covers(self, day: date) -> bool:
        return False

    def departures(self, start: date, end: date) -> int:
        return 0


WEEKDAYS: WorkingCalendar = Weekdays()


@dataclass(frozen=True)
class OfficeCalendar:
    """The loaded years of the office calendar: `days` says of each of their days whether
    it is a working day; any other day is Monday to Friday, and not covered."""

    days: Mapping[date, bool]
    years: frozenset[int]

    def is_working_day(self, day: date) -> bool:
        known = self.days.get(day)
        return WEEKDAYS.is_working_day(day) if known is None else known

    def covers(self, day: date) -> bool:
        return day.year in self.years

    @cached_property
    def _departures(self) -> tuple[list[date], list[int]]:
        """The days that depart from Monday to Friday, in order, and the running sum of how
        (+1 a worked Saturday, -1 a holiday on a weekday): a count over years is two bisects."""
        days = sorted(d for d, w in self.days.items() if w != WEEKDAYS.is_working_day(d))
        running, total = [], 0
        for day in days:
            total += 1 if self.days[day] else -1
            running.append(total)
        return days, running

    def departures(self, start: date, end: date) -> int:
        days, running = self._departures

        def upto(day: date) -> int:
            at = bisect_right(days, day)
            return running[at - 1] if at else 0

        return upto(end) - upto(start)


@dataclass(frozen=True)
class Deadline:
    day: date
    # Counted over a year no office calendar is loaded for: the day may still move.
    provisional: bool


def working_day_deadline(start: date, count: int, calendar: WorkingCalendar) -> Deadline:
    """The `count`-th working day after `start`, and whether every day counted to reach it
    lies in a year the calendar covers."""
    day = add_working_days(start, count, calendar)
    years = range(start.year, day.year + 1)
    return Deadline(day, not all(calendar.covers(date(year, 1, 1)) for year in years))


def add_working_days(start: date, count: int, calendar: WorkingCalendar = WEEKDAYS) -> date:
    """The `count`-th working day after `start` (start itself not counted): a follow-up
    due "within 10 working days" of a finding on `start`."""
    if count < 0:
        raise ValueError("count working days forward only")
    day = start
    while count:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count -= 1
    return day


def working_days_between(start: date, end: date, calendar: WorkingCalendar = WEEKDAYS) -> int:
    """Working days after `start` up to and including `end`; 0 when end is not later.
    Counted, not walked: Monday to Friday by arithmetic, then the calendar's departures, so a
    board of overdue items years past their deadline costs no more than a fresh one."""
    if end <= start:
        return 0
    return _weekdays_upto(end) - _weekdays_upto(start) + calendar.departures(start, end)


def _weekdays_upto(day: date) -> int:
    """Mondays to Fridays from 0001-01-01 (a Monday, ordinal 1) up to and including `day`."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)
