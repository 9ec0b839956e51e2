"""The government office calendar (行政機關辦公日曆表), year by year as published: which days
the offices work. Deadlines counted in working days read it (kit/clock.py)."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from uplift.kit.db import Base, UtcDateTime, utcnow


class OfficeCalendarYear(Base):
    """A loaded year: where it came from, so a corrected edition (修正版) can be told apart."""

    __tablename__ = "office_calendar_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(200))  # the file's name
    sha256: Mapped[str] = mapped_column(String(64))  # of the file as loaded
    loaded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class OfficeDay(Base):
    """One day of a loaded year, every day of it: a working day or not, and the calendar's
    note (開國紀念日, 調整放假, 調整上班 …)."""

    __tablename__ = "office_calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    year: Mapped[int] = mapped_column(
        ForeignKey("office_calendar_years.year", ondelete="CASCADE"), index=True
    )
    working: Mapped[bool]
    note: Mapped[str | None] = mapped_column(String(50))
