"""The kinds of form field: how each reads a typed line or a pressed button into the value kept.

The form engine (bot/conversations/form.py) asks a field's kind instead of switching on a name;
the bot's side of a kind (its buttons and extra lines, bot/conversations/askers.py, and how its
value reads, bot/render/fields.py) is found by the kind's class. A kind holds its validator
itself (a function of core.forms.validators); the hooks it needs (an option source, a file parser,
a checklist) stay named, and `hooks` gives those names to core/requests/checks.py, which looks
each one up when the desk is built.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar

import jdatetime

from core.forms import validators
from core.jalali import now_jalali, to_iso
from core.text import normalize_text

Validator = Callable[..., Any]


class StaleButton(Exception):
    """A pressed value that is not (or no longer) one of the question's buttons."""


@dataclass(frozen=True)
class Reading:
    """What reading an answer may need, given by the engine for the question as it was asked."""

    clock: Callable[[], datetime]  # the desk's clock (UTC), read only by a kind that needs the day
    text_max_length: int = 2000  # the desk's limit for free text (forms.description_max_length)
    options: tuple[str, ...] = ()  # a choice's codes, in the order shown
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()  # a choice's codes and the labels one may type
    words: Mapping[str, str] = field(default_factory=dict)  # a button's label typed (lowercase) -> its value

    def now(self) -> jdatetime.datetime:
        """Tehran's wall clock now."""
        return now_jalali(self.clock())


class FieldKind:
    """One kind of field. `parse` reads a typed line, `press` a button's value; both return the
    value to keep or raise ValidationError (StaleButton for a press that is no button of its)."""

    typed: ClassVar[bool] = True  # a typed line may answer it (files and checklists want files)
    holds_attachments: ClassVar[bool] = False  # its answer is the draft's attachments, not a value
    shows_current: ClassVar[bool] = True  # the question shows the value kept so far
    buttons: ClassVar[tuple[str, ...]] = ()  # values of buttons whose label may also be typed
    shares_contact: bool = False  # the question offers to share the person's contact (a mobile)

    def parse(self, text: str, reading: Reading) -> Any:
        raise validators.ValidationError("file_expected")  # a kind that wants a file: a line is no answer

    def press(self, value: str, reading: Reading) -> Any:
        raise StaleButton(value)

    def hooks(self) -> tuple[tuple[str, str], ...]:
        """(what, name) of each named hook it needs, for core/requests/checks.py."""
        return ()


@dataclass(frozen=True)
class Text(FieldKind):
    """A line checked by its validator. `left_to_right`: a number, shown left to right (with the
    reader's digits unless `local_digits` is False, as a letter number is shown as typed)."""

    validator: Validator
    left_to_right: bool = False
    local_digits: bool = True
    shares_contact: bool = False

    def parse(self, text: str, reading: Reading) -> Any:
        return self.validator(text)


@dataclass(frozen=True)
class LongText(FieldKind):
    """Free text up to the desk's configured length (a description)."""

    validator: Validator = validators.description

    def parse(self, text: str, reading: Reading) -> Any:
        return self.validator(text, reading.text_max_length)


@dataclass(frozen=True)
class Money(FieldKind):
    """Whole rials: Persian digits, separators and «ریال» accepted."""

    validator: Validator = validators.amount_rials

    def parse(self, text: str, reading: Reading) -> int:
        return self.validator(text)


@dataclass(frozen=True)
class Date(FieldKind):
    """A Jalali day, kept as a Gregorian ISO date; «امروز»/«دیروز» pressed or typed."""

    validator: Validator  # validators.incident_date (not in the future) or validators.any_date
    buttons: ClassVar[tuple[str, ...]] = ("today", "yesterday")

    def parse(self, text: str, reading: Reading) -> str:
        word = reading.words.get(normalize_text(text).lower())
        if word is not None:  # a button's label, typed
            return self.press(word, reading)
        return to_iso(self.validator(text, reading.now().date()))

    def press(self, value: str, reading: Reading) -> str:
        if value not in self.buttons:
            raise StaleButton(value)
        return to_iso(reading.now().date() - timedelta(days=self.buttons.index(value)))


@dataclass(frozen=True)
class DateTime(FieldKind):
    """A Jalali day and an hour, kept as "YYYY-MM-DDTHH:MM" (the Gregorian day, Tehran's wall clock)."""

    validator: Validator = validators.incident_datetime

    def parse(self, text: str, reading: Reading) -> str:
        day, hour, minute = self.validator(text, reading.now())
        return f"{to_iso(day)}T{hour:02d}:{minute:02d}"


# -- choices -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FixedOptions:
    """Codes fixed in the form; labelled `<field id>.<code>` in the catalogs, in every language."""

    codes: tuple[str, ...]


@dataclass(frozen=True)
class ConfiguredOptions:
    """A list of the desk's configuration (`[forms] <key>`), shown as configured."""

    key: str


@dataclass(frozen=True)
class OwnOptions:
    """Options from the person's own data, by a named option source (core.requests.hooks), computed
    again at every answer: the button carries the code, and a code no longer offered is stale."""

    source: str


OptionSource = FixedOptions | ConfiguredOptions | OwnOptions


@dataclass(frozen=True)
class Choice(FieldKind):
    """One of some options: typed (its label in any of our languages, or its number) or pressed."""

    source: OptionSource

    def parse(self, text: str, reading: Reading) -> str:
        typed = normalize_text(text)
        if typed.isdigit() and 1 <= int(typed) <= len(reading.options):
            return reading.options[int(typed) - 1]  # the number of a numbered option
        return validators.choice(text, [(code, list(labels)) for code, labels in reading.choices])

    def press(self, value: str, reading: Reading) -> str:
        if isinstance(self.source, OwnOptions):  # the code itself, if still the person's own
            if value not in reading.options:
                raise StaleButton(value)
            return value
        if not value.isdigit() or int(value) >= len(reading.options):  # a position in the list
            raise StaleButton(value)
        return reading.options[int(value)]

    def hooks(self) -> tuple[tuple[str, str], ...]:
        return (("option source", self.source.source),) if isinstance(self.source, OwnOptions) else ()


# -- files -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class File(FieldKind):
    """One file read by a named parser (core.requests.hooks.file_parser) into the value kept; with
    `typed`, a typed line is an answer too (national ids typed instead of a roster)."""

    parser: str
    typed_validator: Validator | None = None

    def parse(self, text: str, reading: Reading) -> Any:
        if self.typed_validator is None:
            return super().parse(text, reading)
        return self.typed_validator(text)

    def hooks(self) -> tuple[tuple[str, str], ...]:
        return (("file parser", self.parser),)


@dataclass(frozen=True)
class Files(FieldKind):
    """Attachments (photos, PDF) sent one after another; the answer is the draft's attachments."""

    typed: ClassVar[bool] = False
    holds_attachments: ClassVar[bool] = True
    shows_current: ClassVar[bool] = False


@dataclass(frozen=True)
class Checklist(FieldKind):
    """Documents each ticked against an item of a named checklist (core.requests.hooks.checklist),
    which depends on the earlier answers. The value is {item code: attachment id}."""

    name: str
    typed: ClassVar[bool] = False
    shows_current: ClassVar[bool] = False

    def hooks(self) -> tuple[tuple[str, str], ...]:
        return (("checklist", self.name),)


@dataclass(frozen=True)
class Unnamed(FieldKind):
    """A field named in data whose kind or validator no one knows: the desk refuses to start
    (core/requests/checks.py), so no person ever reaches it."""

    what: str  # "validator", "field kind", ...
    name: str
