import datetime as dt

import jdatetime
import pytest

from core.forms.validators import ValidationError
from core.jalali import (
    TEHRAN,
    format_date,
    format_datetime,
    from_iso,
    parse_jalali_date,
    to_iso,
    today_jalali,
)

TODAY = jdatetime.date(1404, 6, 1)


def code_of(text, today=TODAY):
    with pytest.raises(ValidationError) as info:
        parse_jalali_date(text, today)
    return info.value.code


@pytest.mark.parametrize(
    "text",
    [
        "1403/08/15",
        "۱۴۰۳/۰۸/۱۵",
        "١٤٠٣/٠٨/١٥",
        "1403-8-15",
        "1403.8.15",
        "  1403/8/15  ",
        "1403 / 08 / 15",
        "\u200f۱۴۰۳/۰۸/۱۵\u200f",  # pasted with RLMs
    ],
)
def test_accepted_shapes(text):
    assert parse_jalali_date(text, TODAY) == jdatetime.date(1403, 8, 15)


@pytest.mark.parametrize(
    "text", ["", "15/08/1403", "03/08/15", "1403/08", "1403/08/15/1", "۱۵ آبان ۱۴۰۳", "1403/008/15", "abc"]
)
def test_wrong_shape(text):
    assert code_of(text) == "date_format"


@pytest.mark.parametrize("text", ["1399/12/30", "1403/12/30", "1403/06/31", "1404/01/31"])
def test_valid_days(text):
    parse_jalali_date(text, TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "1404/12/30",  # 1404 is not a leap year
        "1402/12/30",
        "1403/13/40",
        "1403/13/01",
        "1403/00/10",
        "1403/07/31",  # months 7-12 have 30 days
        "1403/01/32",
        "1403/01/00",
    ],
)
def test_no_such_day(text):
    assert code_of(text) == "date_invalid"


def test_too_old():
    assert code_of("1299/12/29") == "date_too_old"
    assert parse_jalali_date("1300/01/01", TODAY) == jdatetime.date(1300, 1, 1)


def test_future_is_relative_to_given_today():
    assert parse_jalali_date("1404/06/01", TODAY) == TODAY
    assert code_of("1404/06/02") == "date_future"
    assert code_of("2024/11/05") == "date_future"  # a Gregorian year reads as the far future
    assert parse_jalali_date("1404/06/02", jdatetime.date(1404, 6, 2)) == jdatetime.date(1404, 6, 2)


def test_today_in_tehran():
    # 2024-11-05 20:29 UTC is 23:59 in Tehran; a minute later it is the next day there.
    assert today_jalali(dt.datetime(2024, 11, 5, 20, 29, tzinfo=dt.timezone.utc)) == jdatetime.date(1403, 8, 15)
    assert today_jalali(dt.datetime(2024, 11, 5, 20, 31, tzinfo=dt.timezone.utc)) == jdatetime.date(1403, 8, 16)
    assert today_jalali(dt.datetime(2024, 11, 5, 20, 31)) == jdatetime.date(1403, 8, 16)  # noqa: DTZ001 - naive = UTC


def test_format_date():
    d = jdatetime.date(1403, 8, 5)
    assert format_date(d) == "۱۴۰۳/۰۸/۰۵"
    assert format_date(d, digits="en") == "1403/08/05"
    assert format_date(dt.date(2024, 10, 26), "en") == "1403/08/05"  # Gregorian is converted
    assert format_date(dt.date(2025, 3, 20), "en") == "1403/12/30"  # last day of a leap year


def test_format_datetime_shows_tehran_wall_time():
    instant = dt.datetime(2024, 11, 5, 11, 0, tzinfo=dt.timezone.utc)  # +03:30 in Tehran
    assert format_datetime(instant) == "۱۴۰۳/۰۸/۱۵ ۱۴:۳۰"
    assert format_datetime(instant, "en") == "1403/08/15 14:30"
    assert format_datetime(dt.datetime(2024, 11, 5, 11, 0)) == "۱۴۰۳/۰۸/۱۵ ۱۴:۳۰"  # noqa: DTZ001 - naive = UTC


def test_format_datetime_crosses_midnight_and_old_summer_time():
    assert format_datetime(dt.datetime(2024, 11, 5, 21, 0, tzinfo=dt.timezone.utc), "en") == "1403/08/16 00:30"
    # Iran still had summer time (+04:30) in 2021.
    assert format_datetime(dt.datetime(2021, 6, 1, 12, 0, tzinfo=dt.timezone.utc), "en") == "1400/03/11 16:30"


def test_format_datetime_of_aware_non_utc_instant():
    tehran_noon = dt.datetime(2024, 11, 5, 12, 0, tzinfo=TEHRAN)
    assert format_datetime(tehran_noon, "en") == "1403/08/15 12:00"


def test_iso_round_trip():
    d = jdatetime.date(1403, 12, 30)
    assert to_iso(d) == "2025-03-20"
    assert from_iso("2025-03-20") == d
    assert from_iso(to_iso(jdatetime.date(1399, 1, 1))) == jdatetime.date(1399, 1, 1)
