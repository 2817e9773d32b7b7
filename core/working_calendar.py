"""The desk's working calendar: which days and hours count towards a deadline.

Deadlines are given in working hours. Time runs only on working days (not the
weekend, not an official holiday) between the start and end of the working day,
in Tehran wall time. The official holidays ship in core/data/holidays.toml (one
table per Jalali year, updated yearly) and the configuration may add more.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

import jdatetime

from core.jalali import TEHRAN, _as_utc

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday_numbers(names: Iterable[str]) -> frozenset[int]:
    """Python weekday numbers (Monday 0) of day names ("friday")."""
    numbers = set()
    for name in names:
        key = name.strip().lower()
        if key not in WEEKDAYS:
            raise ValueError(f"unknown weekday {name!r}; one of {', '.join(WEEKDAYS)}")
        numbers.add(WEEKDAYS.index(key))
    return frozenset(numbers)


def parse_jalali(text: str) -> dt.date:
    """YYYY/MM/DD in the Jalali calendar, as a Gregorian date."""
    year, month, day = (int(part) for part in text.strip().replace("-", "/").split("/"))
    return jdatetime.date(year, month, day).togregorian()


def shipped_holidays() -> dict[dt.date, str]:
    """The official holidays shipped with the desk: date → occasion."""
    text = resources.files("core").joinpath("data/holidays.toml").read_text(encoding="utf-8")
    return load_holidays(text)


def load_holidays(toml_text: str) -> dict[dt.date, str]:
    holidays: dict[dt.date, str] = {}
    for year_table in tomllib.loads(toml_text).values():
        for jalali, occasion in year_table.items():
            holidays[parse_jalali(jalali)] = occasion
    return holidays


@dataclass(frozen=True)
class WorkingCalendar:
    weekend: frozenset[int] = frozenset({4})  # Friday
    day_start: dt.time = dt.time(8, 0)
    day_end: dt.time = dt.time(16, 0)
    holidays: frozenset[dt.date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.day_end <= self.day_start:
            raise ValueError("the working day must end after it starts")

    @property
    def hours_per_day(self) -> float:
        opens, closes = self._window(dt.date(2000, 1, 3))
        return (closes - opens).total_seconds() / 3600

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() not in self.weekend and day not in self.holidays

    def _window(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        return (dt.datetime.combine(day, self.day_start, TEHRAN), dt.datetime.combine(day, self.day_end, TEHRAN))

    def add_working_hours(self, start: dt.datetime, hours: float) -> dt.datetime:
        """The instant (UTC) when `hours` working hours have passed since `start`.

        A ticket filed after hours or on a holiday starts counting at the next working morning."""
        if hours <= 0:
            return _as_utc(start)
        remaining = dt.timedelta(hours=hours)
        local = _as_utc(start).astimezone(TEHRAN)
        day = local.date()
        for _ in range(3660):  # ten years of days: a calendar without working days must not loop forever
            if self.is_working_day(day):
                opens, closes = self._window(day)
                begin = max(local, opens)
                if begin < closes:
                    available = closes - begin
                    if remaining <= available:
                        return (begin + remaining).astimezone(dt.timezone.utc)
                    remaining -= available
            day += dt.timedelta(days=1)
            local = dt.datetime.combine(day, dt.time(0, 0), TEHRAN)
        raise ValueError("no working time in the next ten years: check weekend and holidays")

    def working_hours_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Working hours from `start` to `end` (negative when end is earlier)."""
        a, b = _as_utc(start), _as_utc(end)
        if b < a:
            return -self.working_hours_between(b, a)
        total = dt.timedelta()
        day = a.astimezone(TEHRAN).date()
        last = b.astimezone(TEHRAN).date()
        while day <= last:
            if self.is_working_day(day):
                opens, closes = self._window(day)
                begin, finish = max(opens, a), min(closes, b)
                if finish > begin:
                    total += finish - begin
            day += dt.timedelta(days=1)
        return total.total_seconds() / 3600

    def local_day(self, moment: dt.datetime) -> dt.date:
        return _as_utc(moment).astimezone(TEHRAN).date()


def build_calendar(
    weekend: Iterable[str] = ("friday",),
    day_start: str = "08:00",
    day_end: str = "16:00",
    extra_holidays: Iterable[str] = (),
    use_shipped: bool = True,
) -> WorkingCalendar:
    holidays = set(shipped_holidays()) if use_shipped else set()
    holidays |= {parse_jalali(text) for text in extra_holidays}
    return WorkingCalendar(
        weekend=weekday_numbers(weekend),
        day_start=dt.time.fromisoformat(day_start),
        day_end=dt.time.fromisoformat(day_end),
        holidays=frozenset(holidays),
    )
