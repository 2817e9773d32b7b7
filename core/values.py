"""Values whose type says how a person reads them, for the params of catalog lines.

Core passes money, days and left-to-right codes in these wrappers; the bot renders a param by
its type (bot/render/text.py), never by the param's name. A plain int is a plain number, a plain
string is text of unknown direction.

Lines travel through the outbox as JSON (rendered later, maybe after a restart), so each type has
an explicit JSON form of one tagged key, ``{"money": 1200000}``, ``{"day": "2025-03-21"}``,
``{"ltr": "B-1403/17"}``, with no version: a plain JSON value stays the plain value it was.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Money:
    """An amount in rials: shown with thousands separators, in the reader's digits."""

    rials: int

    def __str__(self) -> str:  # where a param is formatted as is (an error's text in a log)
        return str(self.rials)


@dataclass(frozen=True)
class Day:
    """A calendar day (Gregorian, as stored): shown in Jalali, in the reader's digits."""

    date: dt.date

    @classmethod
    def fromiso(cls, text: str) -> Day:
        return cls(dt.date.fromisoformat(text))

    def __str__(self) -> str:
        return self.date.isoformat()


@dataclass(frozen=True)
class LeftToRight:
    """A code read left to right whatever the sentence around it (a number with a slash or a
    dash, a letter number, a register number, a mobile): isolated, its characters as they are."""

    text: str

    def __str__(self) -> str:
        return self.text


TypedValue = Money | Day | LeftToRight


def value_json(value: Any) -> Any:
    """A typed value's JSON form (one tagged key); any other value as it is."""
    if isinstance(value, Money):
        return {"money": value.rials}
    if isinstance(value, Day):
        return {"day": value.date.isoformat()}
    if isinstance(value, LeftToRight):
        return {"ltr": value.text}
    return value


def value_from_json(data: Any) -> Any:
    """The typed value a JSON form stands for; a plain value (or any other dict) as it is."""
    if not (isinstance(data, dict) and len(data) == 1):
        return data
    (tag, raw), = data.items()
    if tag == "money" and isinstance(raw, int) and not isinstance(raw, bool):
        return Money(raw)
    if tag == "day" and isinstance(raw, str):
        return Day.fromiso(raw)
    if tag == "ltr" and isinstance(raw, str):
        return LeftToRight(raw)
    return data
