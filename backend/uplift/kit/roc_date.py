"""ROC (Minguo) calendar dates: the ROC year is the Gregorian year minus 1911.

People in Taiwan write dates as 107年3月15日, 民國107年3月15日, 107.03.15 or 107/03/15, often
with full-width digits; the database stores ISO dates and the API shows both.
"""

import calendar
import re
import unicodedata
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

ROC_OFFSET = 1911

_PREFIX = r"(?:中華民國|民國)?"
_PATTERNS = (
    re.compile(rf"^{_PREFIX}\s*(\d{{1,3}})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日?$"),
    re.compile(rf"^{_PREFIX}\s*(\d{{1,3}})([./-])(\d{{1,2}})\2(\d{{1,2}})$"),
    # Compact forms used by government systems: 1070315, 990830.
    re.compile(r"^(\d{2,3})(\d{2})(\d{2})$"),
)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

RocStyle = Literal["long", "dotted", "slashed"]


class RocDateError(ValueError):
    """A string that is not a date, or names a day that does not exist; carries a zh-TW reason."""

    def __init__(self, message: str, zh: str) -> None:
        super().__init__(message)
        self.zh = zh


def roc_year(year: int) -> int:
    """107 for 2018."""
    return year - ROC_OFFSET


def parse_roc_date(text: str) -> date:
    """Parse an ROC date as people write it; raise RocDateError with the reason otherwise."""
    value = unicodedata.normalize("NFKC", text).strip()
    for pattern in _PATTERNS:
        match = pattern.match(value)
        if match:
            parts = [g for g in match.groups() if g.isdigit()]
            year, month, day = (int(p) for p in parts)
            return _checked_date(text, year, month, day)
    raise RocDateError(
        f"{text!r} is not an ROC date; write it as 107年3月15日, 107.03.15 or 107/03/15",
        f"「{text}」不是民國日期，請寫成 107年3月15日、107.03.15 或 107/03/15",
    )


def _checked_date(text: str, year: int, month: int, day: int) -> date:
    if year < 1:
        raise RocDateError(
            f"{text!r}: the ROC year must be 1 or later", f"「{text}」：民國年須為 1 以上"
        )
    if not 1 <= month <= 12:
        raise RocDateError(f"{text!r}: there is no month {month}", f"「{text}」：沒有 {month} 月")
    gregorian = year + ROC_OFFSET
    last_day = calendar.monthrange(gregorian, month)[1]
    if not 1 <= day <= last_day:
        raise RocDateError(
            f"{text!r} is not a valid date: month {month} of ROC year {year} "
            f"({gregorian}) has {last_day} days",
            f"「{text}」不是有效日期：民國{year}年{month}月只有 {last_day} 天",
        )
    return date(gregorian, month, day)


def parse_date(text: str) -> date:
    """Accept an ISO date (2018-03-15) or any ROC form parse_roc_date understands."""
    value = unicodedata.normalize("NFKC", text).strip()
    if _ISO.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise RocDateError(
                f"{text!r} is not a valid date: {error}", f"「{text}」不是有效日期"
            ) from None
    return parse_roc_date(value)


def format_roc(day: date, style: RocStyle = "long") -> str:
    """107年3月15日 (long), 107.03.15 (dotted) or 107/03/15 (slashed).

    A date before 1912 (stored before the bounds on input existed) is written as people write
    such dates, 民國前1年 for 1911, so no page breaks on it.
    """
    year = roc_year(day.year)
    written = str(year) if year >= 1 else f"前{1 - year}"
    if style == "long":
        return f"{'民國' if year < 1 else ''}{written}年{day.month}月{day.day}日"
    separator = "." if style == "dotted" else "/"
    return f"{written}{separator}{day.month:02d}{separator}{day.day:02d}"


FIRST_DAY = date(ROC_OFFSET + 1, 1, 1)


# Longer than any way of writing a date (中華民國107年12月31日 is 15 characters).
MAX_DATE_LENGTH = 32


def _coerce(value: object) -> object:
    if isinstance(value, str) and len(value) > MAX_DATE_LENGTH:
        raise RocDateError(
            f"A date is at most {MAX_DATE_LENGTH} characters",
            f"日期最多 {MAX_DATE_LENGTH} 個字元",
        )
    if isinstance(value, int | float):  # pydantic would read a number as a Unix time
        raise RocDateError(
            "Write the date as text, e.g. 2018-03-15 or 107年3月15日",
            "日期請以文字填寫，例如 2018-03-15 或 107年3月15日",
        )
    return parse_date(value) if isinstance(value, str) else value


def _in_roc_calendar(day: date) -> date:
    if day < FIRST_DAY:
        raise RocDateError(
            f"{day.isoformat()} is before the ROC calendar's first day (1912-01-01)",
            f"{day.isoformat()} 早於民國元年1月1日",
        )
    return day


FlexibleDate = Annotated[
    date,
    BeforeValidator(_coerce),
    AfterValidator(_in_roc_calendar),
    WithJsonSchema(
        {
            "type": "string",
            "maxLength": MAX_DATE_LENGTH,
            "description": "ISO date (2018-03-15) or ROC date (107年3月15日, 107.03.15, "
            "107/03/15), from 1912-01-01 (ROC year 1)",
            "examples": ["2018-03-15", "107年3月15日", "107.03.15"],
        }
    ),
]
"""A date parameter that accepts ISO and ROC forms alike."""
