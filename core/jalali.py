"""Jalali (Solar Hijri) dates: parsing what users type, and formatting for display.

Calendar arithmetic (month lengths, leap years) is left to jdatetime. Times are
stored in UTC and shown in Tehran time.
"""
from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import jdatetime

from core.errors import ValidationError
from core.text import normalize_text, to_persian_digits

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
MIN_YEAR = 1300

# Year first, always four digits, so 1403/08/15 can't be mistaken for a
# day-first or two-digit-year form.
_DATE_RE = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})")


def parse_jalali_date(text: str, today: jdatetime.date, allow_future: bool = False) -> jdatetime.date:
    m = _DATE_RE.fullmatch(normalize_text(text))
    if not m:
        raise ValidationError("date_format")
    year, month, day = (int(g) for g in m.groups())
    if year < MIN_YEAR:
        raise ValidationError("date_too_old")
    try:
        date = jdatetime.date(year, month, day)
    except ValueError:
        raise ValidationError("date_invalid") from None
    if isinstance(today, jdatetime.datetime):
        today = today.date()
    if date > today and not allow_future:
        raise ValidationError("date_future")
    return date


def one_year_after(start: dt.date) -> dt.date:
    """The same Jalali day a year later; from Esfand 30 of a leap year, Esfand 29."""
    j = jdatetime.date.fromgregorian(date=start)
    try:
        later = jdatetime.date(j.year + 1, j.month, j.day)
    except ValueError:
        later = jdatetime.date(j.year + 1, j.month, j.day - 1)
    return later.togregorian()


def _as_utc(moment: dt.datetime) -> dt.datetime:
    # Naive datetimes in this project are UTC by convention.
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment


def today_jalali(now_utc: dt.datetime) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=_as_utc(now_utc).astimezone(TEHRAN).date())


def now_jalali(now_utc: dt.datetime) -> jdatetime.datetime:
    """Tehran's wall clock now, in the Jalali calendar (naive)."""
    local = _as_utc(now_utc).astimezone(TEHRAN).replace(tzinfo=None)
    return jdatetime.datetime.fromgregorian(datetime=local)


def _digits(s: str, digits: str) -> str:
    if digits == "fa":
        return to_persian_digits(s)
    if digits == "en":
        return s
    raise ValueError(f"digits must be 'fa' or 'en', not {digits!r}")


def format_date(d: jdatetime.date | dt.date, digits: str = "fa") -> str:
    """YYYY/MM/DD in Jalali. A Gregorian date is converted; a Gregorian
    datetime is taken by its own date part (no time zone shift)."""
    if isinstance(d, jdatetime.datetime):
        d = d.date()
    elif isinstance(d, dt.datetime):
        d = d.date()
    if not isinstance(d, jdatetime.date):
        d = jdatetime.date.fromgregorian(date=d)
    return _digits(f"{d.year:04d}/{d.month:02d}/{d.day:02d}", digits)


def format_datetime(dt_utc: dt.datetime, digits: str = "fa") -> str:
    """Jalali date and HH:MM of a UTC instant, in Tehran wall time."""
    local = _as_utc(dt_utc).astimezone(TEHRAN)
    return f"{format_date(local.date(), digits)} {_digits(local.strftime('%H:%M'), digits)}"


def to_iso(d: jdatetime.date) -> str:
    """Gregorian ISO date (YYYY-MM-DD), the form dates are stored in."""
    g = d.togregorian()  # a jdatetime.datetime gives a datetime: keep its date
    return (g.date() if isinstance(g, dt.datetime) else g).isoformat()


def from_iso(s: str) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=dt.date.fromisoformat(s))


def jalali_year(d: dt.date) -> int:
    """The Jalali year a Gregorian day falls in."""
    return jdatetime.date.fromgregorian(date=d).year
