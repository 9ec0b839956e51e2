from datetime import date

import pytest

from uplift.kit.roc_date import RocDateError, format_roc, parse_date, parse_roc_date, roc_year


@pytest.mark.parametrize(
    "text",
    [
        "107年3月15日",
        "民國107年3月15日",
        "中華民國107年3月15日",
        "107.03.15",
        "107/03/15",
        "107-03-15",
        "１０７年３月１５日",
        "１０７．０３．１５",
        "107 年 3 月 15 日",
        "1070315",
    ],
)
def test_parses_the_ways_people_write_107_03_15(text: str) -> None:
    assert parse_roc_date(text) == date(2018, 3, 15)


def test_parses_two_digit_roc_years() -> None:
    assert parse_roc_date("99.08.30") == date(2010, 8, 30)


def test_iso_dates_pass_through_parse_date() -> None:
    assert parse_date("2019-03-15") == date(2019, 3, 15)
    assert parse_date("108年3月15日") == date(2019, 3, 15)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("107年2月30日", "has 28 days"),
        ("109年2月30日", "has 29 days"),  # 2020 is a leap year
        ("107.13.01", "no month 13"),
        ("0年1月1日", "1 or later"),
        ("next tuesday", "not an ROC date"),
        ("2018-02-30", "not a valid date"),
    ],
)
def test_rejects_dates_that_do_not_exist_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(RocDateError, match=reason) as error:
        parse_date(text)
    assert error.value.zh  # every rejection also says why in zh-TW


def test_leap_day_of_a_leap_year_is_accepted() -> None:
    assert parse_roc_date("109年2月29日") == date(2020, 2, 29)


def test_formats_both_ways() -> None:
    assert format_roc(date(2019, 3, 15)) == "108年3月15日"
    assert format_roc(date(2018, 3, 15), "dotted") == "107.03.15"
    assert format_roc(date(2010, 8, 30), "slashed") == "99/08/30"
    assert roc_year(2018) == 107


def test_format_and_parse_round_trip() -> None:
    day = date(2018, 12, 31)
    for style in ("long", "dotted", "slashed"):
        assert parse_roc_date(format_roc(day, style)) == day  # type: ignore[arg-type]


def test_a_stored_date_before_the_roc_is_written_as_people_write_it() -> None:
    assert format_roc(date(1911, 12, 31)) == "民國前1年12月31日"
    assert format_roc(date(1, 1, 1), "dotted") == "前1911.01.01"
    assert format_roc(date(1900, 2, 3), "slashed") == "前12/02/03"
