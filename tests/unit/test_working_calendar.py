"""Deadlines count working hours only: not Fridays, not official holidays, not Nowruz, not nights."""
from __future__ import annotations

import datetime as dt

import jdatetime
import pytest

from bot.config import CalendarConfig
from core.jalali import TEHRAN
from core.working_calendar import WorkingCalendar, build_calendar, parse_jalali, shipped_holidays


def tehran(y: int, m: int, d: int, hour: int, minute: int = 0) -> dt.datetime:
    """A Jalali date and Tehran wall time, as the aware instant it is."""
    return dt.datetime.combine(jdatetime.date(y, m, d).togregorian(), dt.time(hour, minute), TEHRAN)


def shown(moment: dt.datetime) -> tuple:
    local = moment.astimezone(TEHRAN)
    j = jdatetime.date.fromgregorian(date=local.date())
    return (j.year, j.month, j.day, local.hour, local.minute)


@pytest.fixture
def calendar() -> WorkingCalendar:
    return build_calendar()  # Friday off, 08:00-16:00, the shipped holidays


def test_a_deadline_skips_the_friday(calendar):
    # Thursday 1404/08/22 15:00: one hour left that day, Friday off, three hours on Saturday
    assert shown(calendar.add_working_hours(tehran(1404, 8, 22, 15), 4)) == (1404, 8, 24, 11, 0)


def test_a_deadline_skips_an_official_holiday(calendar):
    # Sunday 1404/09/02 14:00: two hours; Monday 09/03 is a holiday (Hazrat Fatemeh); two more on Tuesday
    assert shown(calendar.add_working_hours(tehran(1404, 9, 2, 14), 4)) == (1404, 9, 4, 10, 0)


def test_a_deadline_crosses_nowruz(calendar):
    # Wednesday 1404/12/27 09:00, 24 working hours: 7 that day, 8 on Thursday 12/28;
    # Friday 12/29 (also a holiday) and Nowruz 1405/01/01-04 off; 8 on Wednesday 01/05; one on Thursday 01/06
    assert shown(calendar.add_working_hours(tehran(1404, 12, 27, 9), 24)) == (1405, 1, 6, 9, 0)
    assert calendar.working_hours_between(tehran(1404, 12, 27, 9), tehran(1405, 1, 6, 9)) == 24


def test_a_ticket_filed_after_working_hours_starts_counting_the_next_working_morning(calendar):
    # Sunday 1404/08/25 at 18:30: nothing counts until Monday 08:00
    assert shown(calendar.add_working_hours(tehran(1404, 8, 25, 18, 30), 2)) == (1404, 8, 26, 10, 0)
    # filed on a Friday night: Saturday morning
    assert shown(calendar.add_working_hours(tehran(1404, 8, 23, 23), 1)) == (1404, 8, 24, 9, 0)
    # and before opening: from 08:00 the same day
    assert shown(calendar.add_working_hours(tehran(1404, 8, 26, 6), 8)) == (1404, 8, 26, 16, 0)


def test_thursday_can_be_a_weekend_day_too():
    calendar = CalendarConfig(weekend=["thursday", "friday"]).build()
    assert shown(calendar.add_working_hours(tehran(1404, 8, 21, 15), 2)) == (1404, 8, 24, 9, 0)


def test_holidays_from_the_configuration_are_added_to_the_shipped_ones():
    calendar = CalendarConfig(holidays=["1404/08/24"]).build()
    assert shown(calendar.add_working_hours(tehran(1404, 8, 22, 15), 4)) == (1404, 8, 25, 11, 0)
    with pytest.raises(ValueError):
        CalendarConfig(holidays=["1404/13/01"])


def test_the_shipped_holidays_hold_three_years_with_nowruz_and_the_fixed_days():
    holidays = shipped_holidays()

    def of(year: int) -> int:
        return len([d for d in holidays if jdatetime.date.fromgregorian(date=d).year == year])

    # 1404: 26 published and the cabinet's seven days of Esfand; 1405: 25 published and 25 Farvardin
    assert (of(1404), of(1405), of(1406)) == (33, 26, 27)
    for year in (1404, 1405, 1406):
        for fixed in ("01/01", "01/02", "01/03", "01/04", "01/12", "01/13", "03/14", "03/15", "11/22", "12/29"):
            assert parse_jalali(f"{year}/{fixed}") in holidays, (year, fixed)


def test_time_left_is_negative_once_past_due(calendar):
    due = calendar.add_working_hours(tehran(1404, 8, 24, 8), 8)
    assert calendar.working_hours_between(tehran(1404, 8, 25, 10), due) == -2


@pytest.mark.parametrize(("section", "wrong"), [
    ({"deadlines": {"premium_issuance": {"nowhere": 8}}}, "nowhere"),
    ({"deadlines": {"no_such_type": {"submitted": 8}}}, "no_such_type"),
    ({"deadlines": {"premium_issuance": {"submitted": 0}}}, "greater than 0"),
    ({"supervisors": {"welfare_expert": "boss"}}, "boss"),
    ({"calendar": {"weekend": ["fryday"]}}, "fryday"),
    ({"calendar": {"work_start": "16:00", "work_end": "08:00"}}, "work_end"),
    ({"digest": {"time": "8 o'clock"}}, "time"),
])
def test_a_wrong_operations_setting_names_what_is_wrong(section, wrong):
    from pydantic import ValidationError

    from bot.config import AppConfig

    with pytest.raises(ValidationError, match=wrong):
        AppConfig.model_validate({"forms": {"org_units": ["اداره رفاه"]}, **section})


@pytest.mark.parametrize(("day", "off"), [
    # 1404 as the official calendar published it: Nowruz, and the lunar days of that year
    ("1404/01/01", True), ("1404/01/04", True), ("1404/01/05", False),
    ("1404/01/11", True), ("1404/01/12", True), ("1404/01/13", True),  # Eid al-Fitr, its day after, Nature Day
    ("1404/02/04", True),  # martyrdom of Imam Sadiq
    ("1404/03/14", True), ("1404/03/15", True), ("1404/03/16", True),  # and Eid al-Adha
    ("1404/03/24", True),  # Ghadir
    ("1404/04/14", True), ("1404/04/15", True),  # Tasua and Ashura
    ("1404/05/23", True), ("1404/05/31", True), ("1404/06/02", True),  # Arbaeen, 28 and 30 Safar
    ("1404/11/22", True), ("1404/12/20", True), ("1404/12/29", True),
    ("1404/12/28", False),  # a Thursday between two holidays: working
])
def test_the_1404_holidays_are_the_published_ones(calendar, day, off):
    assert calendar.is_working_day(parse_jalali(day)) is not off
