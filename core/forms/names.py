"""A field named in data, `FormField("subject", "text", "description")`: its kind made from the names.

The desk's own forms give kind objects (core/forms/kinds.py). A form written as data names its kind
and validator instead; they are looked up here once, when the field is made, never at a person's
step. A name no one knows makes an `Unnamed` kind, which core/requests/checks.py reports when the
desk is built: the start fails with one line.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.forms import validators
from core.forms.kinds import (
    Checklist,
    Choice,
    ConfiguredOptions,
    Date,
    DateTime,
    FieldKind,
    File,
    Files,
    FixedOptions,
    LongText,
    Money,
    OptionSource,
    OwnOptions,
    Text,
    Unnamed,
    Validator,
)

# lines whose kind says how they read (left to right), by their validator
_TEXTS: dict[Validator, Callable[[Validator], FieldKind]] = {
    validators.description: LongText,
    validators.mobile: lambda v: Text(v, left_to_right=True, shares_contact=True),
    validators.landline: lambda v: Text(v, left_to_right=True),
    validators.letter_number: lambda v: Text(v, left_to_right=True, local_digits=False),
}


def named_kind(kind: str, validator: str | None, *, options_source: str | None = None,
               fixed_options: tuple[str, ...] = (), parser: str | None = None,
               checklist: str | None = None) -> FieldKind:
    """The kind the names make, or an `Unnamed` one saying which name no one knows."""
    function = getattr(validators, validator or "", None)
    if not callable(function):
        return Unnamed("validator", str(validator))
    make = _KINDS.get(kind)
    if make is None:
        return Unnamed("field kind", kind)
    return make(_Names(function, options_source, fixed_options, parser, checklist))


@dataclass(frozen=True)
class _Names:
    validator: Validator
    options_source: str | None
    fixed_options: tuple[str, ...]
    parser: str | None
    checklist: str | None


def _choice(names: _Names) -> FieldKind:
    prefix, _, name = (names.options_source or "").partition(":")
    source: OptionSource | None = (FixedOptions(names.fixed_options) if prefix == "fixed"
                                   else ConfiguredOptions(name) if prefix == "config" and name
                                   else OwnOptions(name) if prefix == "source" and name else None)
    return Choice(source) if source is not None else Unnamed("option source", str(names.options_source))


def _file(names: _Names) -> FieldKind:
    if names.parser is None:
        return Unnamed("file parser", "")
    return File(names.parser, None if names.validator is validators.file else names.validator)


def _checklist(names: _Names) -> FieldKind:
    return Checklist(names.checklist) if names.checklist is not None else Unnamed("checklist", "")


# each kind's name in data, and how the names make it
_KINDS: dict[str, Callable[[_Names], FieldKind]] = {
    "text": lambda names: _TEXTS.get(names.validator, Text)(names.validator),
    "money": lambda names: Money(names.validator),
    "date": lambda names: Date(names.validator),
    "datetime": lambda names: DateTime(names.validator),
    "choice": _choice,
    "file": _file,
    "files": lambda names: Files(),
    "checklist": _checklist,
}
