"""The office calendars shipped with the data set: the years the 107 plan's work and its
follow-up run through (107 and 108, that is 2018 and 2019), as published (data.gov.tw
dataset 14718, 中華民國政府行政機關辦公日曆表), in the published CSV form."""

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from uplift.office_calendar.service import load_year, parse

SHIPPED = sorted((Path(__file__).parent / "data" / "office-calendar").glob("*.csv"))


async def load_calendars(session: AsyncSession, files: list[Path]) -> list[int]:
    """Load each file's year in place of an earlier edition of it; the years loaded (a file
    already loaded is skipped)."""
    loaded = []
    for file in files:
        year = parse(file.read_bytes())
        if await load_year(session, year, file.name):
            loaded.append(year.year)
    return loaded
