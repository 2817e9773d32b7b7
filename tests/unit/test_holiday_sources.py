"""The shipped holidays against the `holidays` package, and what happens where the file ends.

Every day where core/data/holidays.toml and the package's Iran calendar disagree is listed
here with the reason the file keeps its own day (its comments say the same); a day that
starts to differ (a new year, a new package version) fails this test until it is decided.
"""
from __future__ import annotations

import datetime as dt
import logging

import holidays
import jdatetime
import pytest

from bot.config import CalendarConfig
from core.jalali import TEHRAN
from core.working_calendar import jalali_year_span, parse_jalali, shipped_holidays, shipped_years

# Jalali day -> why the file differs from the package there. Settled so far (see the file):
# 1405's six lunar days after Safar 1448 (a 29-day Safar; 13 Rajab after 3 Jumada II on 08/22), 1405/01/25
# (25 Shawwal, missing), the cabinet's seven days of 1404/12/10-16: the file now has the package's days.
DISAGREEMENTS: dict[str, str] = {}


def package_days(first: dt.date, last: dt.date) -> set[dt.date]:
    days: set[dt.date] = set()
    for year in range(first.year, last.year + 1):
        days |= {d for d in holidays.country_holidays("IR", years=year) if first <= d <= last}
    return days


def test_every_disagreement_with_the_holidays_package_is_listed_with_its_reason():
    first, last = jalali_year_span(*shipped_years())
    ours, theirs = set(shipped_holidays()), package_days(first, last)
    differing = {jdatetime.date.fromgregorian(date=d).strftime("%Y/%m/%d") for d in ours ^ theirs}
    assert differing == set(DISAGREEMENTS), f"decide these days and explain the file's choice: {sorted(differing)}"


def test_the_file_holds_1406_and_its_years_follow_one_another():
    first, last = shipped_years()
    assert (first, last) == (1404, 1406)
    years = {jdatetime.date.fromgregorian(date=d).year for d in shipped_holidays()}
    assert years == set(range(first, last + 1))
    assert jalali_year_span(first, last)[1] == dt.date(2028, 3, 19)  # 1406/12/29: 1406 is not a leap year
    for day in ("1406/01/01", "1406/01/04", "1406/01/12", "1406/01/13", "1406/03/14", "1406/03/15"):
        assert parse_jalali(day) in shipped_holidays(), day


@pytest.mark.parametrize(("day", "off"), [
    ("1405/01/25", True), ("1405/05/22", True), ("1405/05/31", False), ("1405/10/02", True), ("1405/10/03", False),
    ("1406/01/01", True), ("1406/03/26", True), ("1406/12/08", True), ("1406/12/07", False),
])
def test_the_corrected_and_the_new_days(day, off):
    calendar = CalendarConfig().build()
    assert calendar.is_working_day(parse_jalali(day)) is not off


def test_after_the_file_the_package_serves_and_the_log_says_so(caplog):
    calendar = CalendarConfig().build()
    eid = jdatetime.date(1407, 2, 17).togregorian()  # Eid al-Adha 1449 by the package (estimated), a Saturday
    assert eid.weekday() == 5 and eid not in calendar.holidays
    with caplog.at_level(logging.WARNING, logger="core.working_calendar"):
        assert not calendar.is_working_day(eid)
        assert calendar.is_working_day(eid + dt.timedelta(days=1))
    warnings = [r.getMessage() for r in caplog.records if r.name == "core.working_calendar"]
    assert len(warnings) == 1 and "[1407]" in warnings[0] and "holidays package" in warnings[0]
    # a deadline over Nowruz 1407 skips it as the file's years skip theirs: 6 hours on Saturday 1406/12/28,
    # none on 12/29 nor 1407/01/01-04 (Nowruz) nor Friday 01/05, 8 on 01/06, the last 2 on 01/07
    start = dt.datetime(2028, 3, 18, 10, tzinfo=TEHRAN)
    due = calendar.add_working_hours(start, 16).astimezone(TEHRAN)
    assert (jdatetime.date.fromgregorian(date=due.date()).strftime("%Y/%m/%d"), due.hour) == ("1407/01/07", 10)


def test_without_the_shipped_file_nothing_is_added_after_it():
    calendar = CalendarConfig(shipped_holidays=False).build()
    assert calendar.is_working_day(jdatetime.date(1407, 2, 17).togregorian())
    assert calendar.runs_out_within(dt.date(2028, 3, 1)) is None


@pytest.mark.parametrize(("today", "said"), [
    (dt.date(2028, 1, 18), False),  # 61 days before 1406/12/29
    (dt.date(2028, 1, 19), True),  # 60 days before
    (dt.date(2028, 4, 1), True),  # after it: still said, every start
])
def test_sixty_days_before_the_file_ends_it_is_said(today, said):
    calendar = CalendarConfig().build()
    assert (calendar.runs_out_within(today) == dt.date(2028, 3, 19)) is said
