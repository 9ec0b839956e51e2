"""The government office calendar: loaded from the published yearly file, read back, and
counted by for working-day deadlines."""

from datetime import date

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.kit.clock import WEEKDAYS, working_day_deadline
from uplift.office_calendar.queries import office_calendar
from uplift.office_calendar.service import CalendarFileError, load_year, parse
from uplift.seed.calendars import SHIPPED

CALENDAR_2018 = next(path for path in SHIPPED if path.stem == "2018").read_bytes()


async def test_the_shipped_years_are_107_and_108(client: AsyncClient) -> None:
    body = (await client.get("/api/v1/office-calendar")).json()
    assert [(y["year"], y["roc_year"]) for y in body["items"]] == [(2018, 107), (2019, 108)]


async def test_a_year_shows_its_holidays_and_make_up_working_days(client: AsyncClient) -> None:
    body = (await client.get("/api/v1/office-calendar/2018")).json()
    days = {d["date"]: (d["working"], d["note"]) for d in body["days"]}
    assert days["2018-03-31"] == (True, "調整上班")  # a Saturday worked
    assert days["2018-04-06"] == (False, "調整放假")  # the Friday it bought
    assert days["2018-02-17"] == (False, "春節")  # a Saturday with a note
    assert days["2018-10-10"] == (False, "國慶日")
    assert "2018-03-30" not in days  # an ordinary Friday
    assert len(days) == 17
    assert body["source"] == "2018.csv"


async def test_a_year_not_loaded_is_404_and_a_year_out_of_range_is_422(
    client: AsyncClient,
) -> None:
    assert (await client.get("/api/v1/office-calendar/2030")).status_code == 404
    wrong = await client.get("/api/v1/office-calendar/99999")
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "year"


async def test_deadlines_count_the_office_calendars_working_days(session: AsyncSession) -> None:
    calendar = await office_calendar(session)
    # 10 working days from Monday 12 February 2018: 春節 (15–20 February) and 和平紀念日 (28
    # February) are not counted; Monday to Friday alone would say 26 February.
    assert working_day_deadline(date(2018, 2, 12), 10, calendar).day == date(2018, 3, 5)
    assert working_day_deadline(date(2018, 2, 12), 10, WEEKDAYS).day == date(2018, 2, 26)
    # The make-up Saturday is a working day.
    assert working_day_deadline(date(2018, 3, 30), 1, calendar).day == date(2018, 3, 31)
    assert calendar.is_working_day(date(2018, 3, 31))
    assert not calendar.is_working_day(date(2018, 12, 31))


async def test_a_deadline_past_the_loaded_years_is_provisional(session: AsyncSession) -> None:
    calendar = await office_calendar(session)
    inside = working_day_deadline(date(2018, 6, 1), 20, calendar)
    assert inside.provisional is False
    past = working_day_deadline(date(2019, 12, 27), 5, calendar)
    assert past == working_day_deadline(date(2019, 12, 27), 5, WEEKDAYS)
    assert past.day == date(2020, 1, 3)
    assert past.provisional is True


def _edit(content: bytes, old: str, new: str) -> bytes:
    text = content.decode()
    assert old in text
    return text.replace(old, new, 1).encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_edit(CALENDAR_2018, "西元日期,星期", "日期,星期"), "Line 1: Its first line must be"),
        (_edit(CALENDAR_2018, "20180102,二,0,\n", ""), "Line 3: 2018-01-03 comes where 2018-01-02"),
        (_edit(CALENDAR_2018, "20180102,二", "20180102,三"), "Line 3: 2018-01-02 is a 星期二"),
        (_edit(CALENDAR_2018, "20180102,二,0", "20180102,二,1"), "Line 3: 是否放假 is 2"),
        (_edit(CALENDAR_2018, "20180102,二,0", "2018-01-02,二,0"), "Line 3: 西元日期"),
        (_edit(CALENDAR_2018, "20180102,二,0,", "20180102,二,0," + "假" * 51), "Line 3: 備註"),
        (CALENDAR_2018.rsplit(b"20181231", 1)[0], "one whole year"),
        (CALENDAR_2018 * 20, "at most 64 kB"),
        ("西元日期,星期,是否放假,備註\n".encode("utf-16"), "neither UTF-8 nor Big5"),
    ],
)
def test_a_file_that_is_not_a_whole_published_year_is_refused_saying_where(
    content: bytes, message: str
) -> None:
    with pytest.raises(CalendarFileError) as refused:
        parse(content)
    assert message in str(refused.value)


def test_the_published_encodings_and_line_ends_are_read() -> None:
    as_published = CALENDAR_2018.decode().replace("\n", "\r\n")
    for content in (as_published.encode("big5"), b"\xef\xbb\xbf" + as_published.encode()):
        year = parse(content)
        assert (year.year, len(year.days)) == (2018, 365)
        assert year.days[89] == (date(2018, 3, 31), True, "調整上班")


async def test_a_corrected_edition_replaces_the_year_and_the_same_file_changes_nothing(
    session: AsyncSession, client: AsyncClient
) -> None:
    assert await load_year(session, parse(CALENDAR_2018), "again.csv") is False
    corrected = _edit(CALENDAR_2018, "20181224,一,0,", "20181224,一,2,調整放假")
    assert await load_year(session, parse(corrected), "107修正版.csv") is True
    body = (await client.get("/api/v1/office-calendar/2018")).json()
    assert body["source"] == "107修正版.csv"
    assert {"date": "2018-12-24", "working": False, "note": "調整放假"} in body["days"]
    assert not (await office_calendar(session)).is_working_day(date(2018, 12, 24))
