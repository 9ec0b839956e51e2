from datetime import date, datetime
from typing import Self

from pydantic import BaseModel, Field

from uplift.models import OfficeCalendarYear


class LoadedYear(BaseModel):
    year: int = Field(description="The Gregorian year.")
    roc_year: int = Field(description="The same year as the ROC counts it (2018 is 107).")
    source: str = Field(description="The name of the file it was loaded from.")
    sha256: str = Field(description="The SHA-256 of that file.")
    loaded_at: datetime

    @classmethod
    def of(cls, year: OfficeCalendarYear) -> Self:
        return cls(
            year=year.year,
            roc_year=year.year - 1911,
            source=year.source,
            sha256=year.sha256,
            loaded_at=year.loaded_at,
        )


class NotableDay(BaseModel):
    date: date
    working: bool = Field(description="Whether government offices work that day.")
    note: str | None = Field(description="The calendar's note: the holiday, 調整放假, 調整上班 …")


class CalendarYearView(LoadedYear):
    days: list[NotableDay] = Field(
        description="The days a Monday-to-Friday week does not predict (holidays on weekdays, "
        "make-up working Saturdays) and the days the calendar notes; every other day is a "
        "working day Monday to Friday and a day off at the weekend."
    )


class LoadedYears(BaseModel):
    items: list[LoadedYear]
