"""When the desk works and checks: [calendar] (weekend, hours, holidays), [digest] and [jobs]."""
from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator, model_validator

from bot.config.base import Seconds, Strict
from core.working_calendar import WorkingCalendar, build_calendar, parse_jalali, weekday_numbers


class CalendarConfig(Strict):
    """The working calendar deadlines are counted in (Tehran time)."""

    weekend: list[str] = Field(default_factory=lambda: ["friday"])
    work_start: str = "08:00"
    work_end: str = "16:00"
    holidays: list[str] = Field(default_factory=list)  # Jalali dates added to the shipped holidays.toml
    shipped_holidays: bool = True

    @model_validator(mode="after")
    def _valid(self) -> CalendarConfig:
        try:
            weekdays = weekday_numbers(self.weekend)
        except ValueError as exc:
            raise ValueError(f"calendar weekend: {exc}") from None
        if len(weekdays) == 7:
            raise ValueError("calendar weekend: every day of the week is off; a week needs a working day")
        for key in ("work_start", "work_end"):
            try:
                dt.time.fromisoformat(getattr(self, key))
            except ValueError:
                raise ValueError(f"calendar {key}: {getattr(self, key)!r} is not a time HH:MM") from None
        if dt.time.fromisoformat(self.work_end) <= dt.time.fromisoformat(self.work_start):
            raise ValueError("calendar work_end must be after work_start")
        for day in self.holidays:
            try:
                parse_jalali(day)
            except ValueError as exc:
                raise ValueError(f"calendar holidays: {day!r} is not a Jalali date YYYY/MM/DD") from exc
        return self

    def build(self) -> WorkingCalendar:
        return build_calendar(self.weekend, self.work_start, self.work_end, self.holidays, self.shipped_holidays)


class DigestConfig(Strict):
    enabled: bool = True
    time: str = "08:00"  # Tehran wall time, on working days

    @field_validator("time")
    @classmethod
    def _time(cls, value: str) -> str:
        dt.time.fromisoformat(value)
        return value


class JobsConfig(Strict):
    interval_seconds: Seconds = 60.0  # how often deadlines and the digest are checked
