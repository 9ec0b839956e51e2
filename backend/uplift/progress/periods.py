"""Reporting periods: which stretch of a plan year a progress report covers.

A period is written within one year: `2018` (the year, or a one-off), `2018-H1`/`H2`
(half-years), `2018-Q1`…`Q4` (quarters), `2018-B1`…`B6` (two months: B1 is January and
February) and `2018-M01`…`M12` (months). A period is due on its last day: the enterprise
reports what happened by the end of it (the plan names no earlier day).

A measure is reported at the finest frequency among its indicators (monthly before
bimonthly before quarterly before half-yearly before yearly or once). An indicator whose
frequency the plan leaves open (`unspecified`) or that counts cases as they come
(`per_case`) sets no rhythm: a measure with only those, or with no indicator at all, takes
any well-formed period of its plan's year. Frequencies are compared by their string value,
so one this module does not name is treated like `unspecified`.
"""

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

PERIOD_PATTERN = r"^[0-9]{4}(-(H[12]|Q[1-4]|B[1-6]|M(0[1-9]|1[0-2])))?$"
_PERIOD = re.compile(PERIOD_PATTERN)

# A period's kind, by how many months it spans, finest first.
MONTHS_IN = {"M": 1, "B": 2, "Q": 3, "H": 6, "Y": 12}
KIND_OF_FREQUENCY = {
    "monthly": "M",
    "bimonthly": "B",
    "quarterly": "Q",
    "half_yearly": "H",
    "yearly": "Y",
    "once": "Y",
}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # M, B, Q, H or Y
    index: int  # 1-based within the year; 1 for Y

    @property
    def text(self) -> str:
        if self.kind == "Y":
            return str(self.year)
        if self.kind == "M":
            return f"{self.year}-M{self.index:02d}"
        return f"{self.year}-{self.kind}{self.index}"

    @property
    def first_day(self) -> date:
        return date(self.year, (self.index - 1) * MONTHS_IN[self.kind] + 1, 1)

    @property
    def last_day(self) -> date:
        month = self.index * MONTHS_IN[self.kind]
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def due_day(self) -> date:
        """The day a report for this period is due: its last day."""
        return self.last_day


def parse_period(text: str) -> Period | None:
    """The period `text` names, or None when it is not one (see PERIOD_PATTERN)."""
    if not _PERIOD.fullmatch(text):
        return None
    year = int(text[:4])
    if year < 1912:  # the ROC calendar's first year: no plan is older
        return None
    if len(text) == 4:
        return Period(year, "Y", 1)
    return Period(year, text[5], int(text[6:]))


def reporting_kind(frequencies: Iterable[str]) -> str | None:
    """The period kind a measure with indicators of these frequencies reports in: the finest
    known one; None when none sets a rhythm (any period of the year is accepted)."""
    kinds = [KIND_OF_FREQUENCY[f] for f in frequencies if f in KIND_OF_FREQUENCY]
    return min(kinds, key=MONTHS_IN.__getitem__) if kinds else None


def periods_of(kind: str | None, year: int) -> list[Period]:
    """The periods a measure reporting in `kind` is expected to report for in `year`; none
    when no frequency sets a rhythm (such reports come when there is something to say)."""
    if kind is None:
        return []
    return [Period(year, kind, index) for index in range(1, 12 // MONTHS_IN[kind] + 1)]


def period_problem(period: Period, year: int, kind: str | None) -> tuple[str, str] | None:
    """Why `period` is no period for a measure of a plan of `year` reporting in `kind`, in
    English and zh-TW; None when it is one."""
    if period.year != year:
        return (
            f"The period must lie in the plan's year {year}",
            f"期間須在計畫年度 {year} 年之內",
        )
    if kind is not None and period.kind != kind:
        example = periods_of(kind, year)[0].text
        return (
            f"This measure reports by {_NAMES[kind][0]} (e.g. {example})",
            f"此作法依{_NAMES[kind][1]}填報（例如 {example}）",
        )
    return None


_NAMES = {
    "M": ("month", "月"),
    "B": ("two months", "雙月"),
    "Q": ("quarter", "季"),
    "H": ("half-year", "半年"),
    "Y": ("year", "年度"),
}
