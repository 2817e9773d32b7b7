"""The desk's working calendar: which days and hours count towards a deadline.

Deadlines are given in working hours. Time runs only on working days (not the
weekend, not an official holiday) between the start and end of the working day,
in Tehran wall time. The official holidays ship in core/data/holidays.toml (one
table per Jalali year, updated yearly) and the configuration may add more. For a
year after the file's last, the `holidays` package's Iran calendar serves (its lunar dates
are estimates), with a warning in the log; 60 days before the file's last day the
start-up log and the admins' digest say that the file needs its next year.
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources

import jdatetime

from core.jalali import TEHRAN, _as_utc

log = logging.getLogger(__name__)
# how long before the shipped holidays run out that the start-up log and the admins' digest say so
HORIZON_WARNING_DAYS = 60
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
    return load_holidays(_shipped_text())


def _shipped_text() -> str:
    return resources.files("core").joinpath("data/holidays.toml").read_text(encoding="utf-8")


def load_holidays(toml_text: str) -> dict[dt.date, str]:
    holidays: dict[dt.date, str] = {}
    for year_table in tomllib.loads(toml_text).values():
        for jalali, occasion in year_table.items():
            holidays[parse_jalali(jalali)] = occasion
    return holidays


def shipped_years() -> tuple[int, int]:
    """The first and last Jalali year of the shipped holidays.toml (its years follow one another)."""
    years = sorted(int(year) for year in tomllib.loads(_shipped_text()))
    return years[0], years[-1]


def jalali_year_span(first: int, last: int) -> tuple[dt.date, dt.date]:
    """The Gregorian first day of Jalali year `first` and last day of Jalali year `last`."""
    return (jdatetime.date(first, 1, 1).togregorian(),
            jdatetime.date(last + 1, 1, 1).togregorian() - dt.timedelta(days=1))


@functools.lru_cache(maxsize=64)
def package_holidays(gregorian_year: int) -> frozenset[dt.date]:
    """Iran's public holidays in a Gregorian year by the `holidays` package (lunar ones estimated)."""
    import holidays  # imported when a year beyond the shipped file is first needed

    return frozenset(holidays.country_holidays("IR", years=gregorian_year))


@dataclass(frozen=True)
class WorkingCalendar:
    weekend: frozenset[int] = frozenset({4})  # Friday
    day_start: dt.time = dt.time(8, 0)
    day_end: dt.time = dt.time(16, 0)
    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    # the days `holidays` lists every official holiday of (the shipped file's years); after them,
    # `beyond` gives a Gregorian year's holidays (the holidays package), added to `holidays`
    covered: tuple[dt.date, dt.date] | None = None
    beyond: Callable[[int], frozenset[dt.date]] | None = field(default=None, compare=False)
    # the years after `covered` already warned about (once each); a frozen calendar's own set, filled as it goes
    _warned: set[int] = field(default_factory=set, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.day_end <= self.day_start:
            raise ValueError("the working day must end after it starts")
        if len(self.weekend) >= 7:
            raise ValueError("every day of the week is off: a week needs a working day")

    @property
    def last_covered_day(self) -> dt.date | None:
        """The last day the shipped holidays cover; None when the calendar has no such bound."""
        return self.covered[1] if self.covered else None

    def runs_out_within(self, today: dt.date, days: int = HORIZON_WARNING_DAYS) -> dt.date | None:
        """The last covered day when it is at most `days` away (or past), else None."""
        last = self.last_covered_day
        return last if last is not None and (last - today).days <= days else None

    def _is_holiday(self, day: dt.date) -> bool:
        if day in self.holidays:
            return True
        # only after the file: the years before it predate the desk, and keep the weekend alone
        if self.beyond is None or self.covered is None or day <= self.covered[1]:
            return False
        year = jdatetime.date.fromgregorian(date=day).year
        if year not in self._warned:
            self._warned.add(year)
            log.warning("core/data/holidays.toml has no [%d]: that year's holidays come from the holidays "
                        "package (its lunar dates are estimates); add the official calendar's table", year)
        return day in self.beyond(day.year)

    @property
    def hours_per_day(self) -> float:
        opens, closes = self._window(dt.date(2000, 1, 3))
        return (closes - opens).total_seconds() / 3600

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() not in self.weekend and not self._is_holiday(day)

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
        covered=jalali_year_span(*shipped_years()) if use_shipped else None,
        beyond=package_holidays if use_shipped else None,
    )
