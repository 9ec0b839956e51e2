"""Loading a year of the office calendar from the file the government publishes.

行政院人事行政總處 publishes 「中華民國政府行政機關辦公日曆表」 yearly as open data
(data.gov.tw dataset 14718), a CSV with one row per day of the year:

    西元日期,星期,是否放假,備註
    20180101,一,2,開國紀念日
    20180331,六,0,調整上班

西元日期 is YYYYMMDD; 星期 the day of the week (一 … 日); 是否放假 is 2 for a day off and 0 for
a working day; 備註 names the holiday or the adjustment, or is empty. A file is one whole year,
every day once, in order. It may be UTF-8 (with or without a byte-order mark) or Big5, and
end its lines with CRLF or LF. Anything else is refused with the line and column at fault,
and nothing is loaded.
"""

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.errors import UpliftError
from uplift.models import OfficeCalendarYear, OfficeDay

HEADER = ["西元日期", "星期", "是否放假", "備註"]
WEEKDAY_NAMES = "一二三四五六日"
DAY_OFF, WORKING = "2", "0"
MAX_FILE_BYTES = 64 * 1024  # a year is about 6 kB
MAX_NOTE = 50


class CalendarFileError(UpliftError):
    status = 422
    slug = "invalid-office-calendar"


@dataclass(frozen=True)
class CalendarYear:
    year: int
    days: list[tuple[date, bool, str | None]]  # (day, working, note), every day in order
    sha256: str


def parse(content: bytes) -> CalendarYear:
    """A whole year from the published file, checked row by row."""
    if len(content) > MAX_FILE_BYTES:
        raise CalendarFileError(
            f"An office calendar file is at most {MAX_FILE_BYTES // 1024} kB; this one is "
            f"{len(content) // 1024} kB",
            f"辦公日曆檔案至多 {MAX_FILE_BYTES // 1024} kB，此檔案為 {len(content) // 1024} kB",
        )
    rows = list(csv.reader(io.StringIO(_decode(content))))
    if not rows or [cell.strip() for cell in rows[0]] != HEADER:
        raise _at(1, "Its first line must be the header " + ",".join(HEADER), "第一列須為標題列")
    days: list[tuple[date, bool, str | None]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line, as at the end of some editions
        days.append(_day(number, row, days[-1][0] if days else None))
    if not days:
        raise _at(2, "The file has no days", "檔案沒有任何日期")
    year = days[0][0].year
    if days[0][0] != date(year, 1, 1) or days[-1][0] != date(year, 12, 31):
        raise _at(
            len(rows),
            f"A file is one whole year, 1 January to 31 December; this one runs from "
            f"{days[0][0]} to {days[-1][0]}",
            f"檔案須涵蓋一整年（1月1日至12月31日），此檔案為 {days[0][0]} 至 {days[-1][0]}",
        )
    return CalendarYear(year, days, hashlib.sha256(content).hexdigest())


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("big5")
    except UnicodeDecodeError:
        raise CalendarFileError(
            "The file is neither UTF-8 nor Big5 text", "檔案不是 UTF-8 或 Big5 編碼的文字"
        ) from None


def _day(number: int, row: list[str], previous: date | None) -> tuple[date, bool, str | None]:
    cells = [cell.strip() for cell in row] + [""] * (4 - len(row))
    if len(row) > 4:
        raise _at(number, "A line has four columns", "每列應有四欄")
    raw_day, weekday, off, note = cells[:4]
    try:
        day = date(int(raw_day[:4]), int(raw_day[4:6]), int(raw_day[6:8]))
        if len(raw_day) != 8:
            raise ValueError
    except ValueError:
        raise _at(
            number, f"西元日期 {raw_day!r} is not a date YYYYMMDD", "西元日期須為 YYYYMMDD"
        ) from None
    expected = date(day.year, 1, 1) if previous is None else previous + timedelta(days=1)
    if day != expected:
        raise _at(
            number, f"{day} comes where {expected} should", f"此列應為 {expected}，而非 {day}"
        )
    if weekday != WEEKDAY_NAMES[day.weekday()]:
        raise _at(
            number,
            f"{day} is a 星期{WEEKDAY_NAMES[day.weekday()]}, not 星期{weekday}",
            f"{day} 為星期{WEEKDAY_NAMES[day.weekday()]}，非星期{weekday}",
        )
    if off not in (DAY_OFF, WORKING):
        raise _at(
            number, f"是否放假 is 2 (day off) or 0 (working), not {off!r}", "是否放假須為 2 或 0"
        )
    if len(note) > MAX_NOTE:
        raise _at(number, f"備註 is at most {MAX_NOTE} characters", f"備註至多 {MAX_NOTE} 字")
    return day, off == WORKING, note or None


def _at(line: int, en: str, zh: str) -> CalendarFileError:
    return CalendarFileError(f"Line {line}: {en}", f"第 {line} 列：{zh}")


async def load_year(session: AsyncSession, year: CalendarYear, source: str) -> bool:
    """Put the year in place of any edition of it loaded before; False when this very file
    is already loaded (loading twice changes nothing)."""
    loaded = await session.get(OfficeCalendarYear, year.year)
    if loaded is not None and loaded.sha256 == year.sha256:
        return False
    await session.execute(delete(OfficeDay).where(OfficeDay.year == year.year))
    if loaded is not None:
        await session.delete(loaded)
        await session.flush()
    session.add(OfficeCalendarYear(year=year.year, source=source[:200], sha256=year.sha256))
    await session.flush()
    await session.execute(
        insert(OfficeDay),
        [
            {"day": day, "year": year.year, "working": working, "note": note}
            for day, working, note in year.days
        ],
    )
    return True
