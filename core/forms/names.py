"""A field named in data, `FormField("subject", "text", "description")`: its kind made from the names.

The desk's own forms give kind objects (core/forms/kinds.py). A form written as data names its kind
and validator instead; they are looked up here once, when the field is made, never at a person's
step. A name no one knows makes an `Unnamed` kind, which core/requests/checks.py reports when the
desk is built: the start fails with one line.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.forms import kinds, validators

# lines whose kind says how they read (left to right), by their validator
_TEXTS: dict[kinds.Validator, Callable[[kinds.Validator], kinds.FieldKind]] = {
    validators.description: kinds.LongText,
    validators.mobile: lambda v: kinds.Text(v, left_to_right=True, shares_contact=True),
    validators.landline: lambda v: kinds.Text(v, left_to_right=True),
    validators.letter_number: lambda v: kinds.Text(v, left_to_right=True, local_digits=False),
}


def named_kind(kind: str, validator: str | None, *, options_source: str | None = None,
               fixed_options: tuple[str, ...] = (), parser: str | None = None,
               checklist: str | None = None) -> kinds.FieldKind:
    """The kind the names make, or an `Unnamed` one saying which name no one knows."""
    function = getattr(validators, validator or "", None)
    if not callable(function):
        return kinds.Unnamed("validator", str(validator))
    make = _KINDS.get(kind)
    if make is None:
        return kinds.Unnamed("field kind", kind)
    return make(_Names(function, options_source, fixed_options, parser, checklist))


@dataclass(frozen=True)
class _Names:
    validator: kinds.Validator
    options_source: str | None
    fixed_options: tuple[str, ...]
    parser: str | None
    checklist: str | None


def _choice(names: _Names) -> kinds.FieldKind:
    prefix, _, name = (names.options_source or "").partition(":")
    source: kinds.OptionSource | None = (kinds.FixedOptions(names.fixed_options) if prefix == "fixed"
                                   else kinds.ConfiguredOptions(name) if prefix == "config" and name
                                   else kinds.OwnOptions(name) if prefix == "source" and name else None)
    return kinds.Choice(source) if source is not None else kinds.Unnamed("option source", str(names.options_source))


def _file(names: _Names) -> kinds.FieldKind:
    if names.parser is None:
        return kinds.Unnamed("file parser", "")
    return kinds.File(names.parser, None if names.validator is validators.file else names.validator)


def _checklist(names: _Names) -> kinds.FieldKind:
    return kinds.Checklist(names.checklist) if names.checklist is not None else kinds.Unnamed("checklist", "")


# each kind's name in data, and how the names make it
_KINDS: dict[str, Callable[[_Names], kinds.FieldKind]] = {
    "text": lambda names: _TEXTS.get(names.validator, kinds.Text)(names.validator),
    "money": lambda names: kinds.Money(names.validator),
    "date": lambda names: kinds.Date(names.validator),
    "datetime": lambda names: kinds.DateTime(names.validator),
    "choice": _choice,
    "file": _file,
    "files": lambda names: kinds.Files(),
    "checklist": _checklist,
}
