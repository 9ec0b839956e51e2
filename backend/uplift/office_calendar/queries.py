"""Reading the office calendar: the whole of it as a `kit.clock.OfficeCalendar` for counting
working days, and a year as GET /office-calendar/{year} shows it."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.clock import WEEKDAYS, OfficeCalendar
from uplift.kit.errors import ResourceNotFound
from uplift.models import OfficeCalendarYear, OfficeDay
from uplift.office_calendar.schemas import CalendarYearView, LoadedYear, NotableDay


async def office_calendar(session: AsyncSession) -> OfficeCalendar:
    """Every loaded year (365 rows a year: a few thousand at most)."""
    rows = (await session.execute(select(OfficeDay.day, OfficeDay.working))).all()
    years = await session.scalars(select(OfficeCalendarYear.year))
    return OfficeCalendar({day: working for day, working in rows}, frozenset(years))


async def loaded_years(session: AsyncSession) -> list[LoadedYear]:
    years = await session.scalars(select(OfficeCalendarYear).order_by(OfficeCalendarYear.year))
    return [LoadedYear.of(year) for year in years]


async def year_view(session: AsyncSession, year: int) -> CalendarYearView:
    """A loaded year, with the days that are not what Monday to Friday would make them (a
    holiday on a weekday, a make-up working Saturday) or that carry a note."""
    loaded = await session.get(OfficeCalendarYear, year)
    if loaded is None:
        raise ResourceNotFound("Office calendar year", "辦公日曆年度", year)
    days = await session.scalars(
        select(OfficeDay).where(OfficeDay.year == year).order_by(OfficeDay.day)
    )
    notable = [
        NotableDay(date=day.day, working=day.working, note=day.note)
        for day in days
        if day.note or day.working != WEEKDAYS.is_working_day(day.day)
    ]
    return CalendarYearView(**LoadedYear.of(loaded).model_dump(), days=notable)
