"""A form field's kept value as its reader sees it, drawn by the field's kind (core/forms/kinds.py).

Each kind's class has one way to draw its value (`DRAWN`); how a line reads (left to right, with
the reader's digits or as typed) is the kind's own (`Text.left_to_right`, `Text.local_digits`),
not a list of field names.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.i18n import Translator
from core.forms import kinds
from core.forms.definition import FormField
from core.jalali import format_date, from_iso
from core.text import isolate, ltr

EXTENSION = " ext "  # a landline's extension, as validators.landline keeps it


def field_value(t: Translator, field: FormField, value: Any) -> str:
    """A stored form value as the reader should see it."""
    if value in (None, "", []):
        return t("common.empty")
    return DRAWN[type(field.kind)](t, field, value)


def _date(t: Translator, field: FormField, value: str) -> str:
    return ltr(format_date(from_iso(value), digits=t.lang))


def _datetime(t: Translator, field: FormField, value: str) -> str:  # "YYYY-MM-DDTHH:MM"
    return ltr(f"{format_date(from_iso(value[:10]), digits=t.lang)} {t.number(value[11:16])}")


def _checklist(t: Translator, field: FormField, value: dict[str, int]) -> str:
    return t("form.checklist_value", count=len(value))


def _files(t: Translator, field: FormField, value: list[int]) -> str:
    return t("form.files_count", count=len(value))


def _money(t: Translator, field: FormField, value: Any) -> str:
    return t("common.rials", amount=ltr(t.number(f"{int(value):,}")))


def _person(t: Translator, value: dict[str, Any]) -> str:
    """A person a check found (the insured for the national id typed): name and national id."""
    return t("form.person_value", name=isolate(value["name"]), national_id=ltr(t.number(value.get("national_id", ""))))


def _parsed(t: Translator, value: dict[str, Any] | list[str]) -> str:
    """A file's parsed value: its name and how many rows; national ids typed instead of a file."""
    if isinstance(value, list):
        return ltr(t.number(", ".join(value)))
    if not value.get("filename"):
        return t("form.ids_value", count=value.get("count", 0))
    return t("form.file_value", name=ltr(value["filename"]), count=value.get("count", 0))


def _file(t: Translator, field: FormField, value: Any) -> str:
    if isinstance(value, dict) and "name" in value:
        return _person(t, value)
    return _parsed(t, value)


def _choice(t: Translator, field: FormField, value: Any) -> str:
    assert isinstance(field.kind, kinds.Choice)
    if isinstance(value, dict) and "name" in value:
        return _person(t, value)
    if isinstance(field.kind.source, kinds.FixedOptions):
        return t(f"{field.id}.{value}")
    if isinstance(value, dict):
        return _parsed(t, value)
    if isinstance(field.kind.source, kinds.OwnOptions):  # a contract's number
        return ltr(t.number(str(value)))
    return isolate(str(value))


def _text(t: Translator, field: FormField, value: Any) -> str:
    if isinstance(value, dict):  # what a check returned: a person, or rows read
        return _person(t, value) if "name" in value else _parsed(t, value)
    kind = field.kind
    if not (isinstance(kind, kinds.Text) and kind.left_to_right):
        return isolate(str(value))
    if not kind.local_digits:  # as typed (a letter number)
        return ltr(str(value))
    number, _, extension = str(value).partition(EXTENSION)
    shown = ltr(t.number(number))
    return t("common.with_extension", number=shown, ext=ltr(t.number(extension))) if extension else shown


DRAWN: dict[type[kinds.FieldKind], Callable[[Translator, FormField, Any], str]] = {
    kinds.Text: _text, kinds.LongText: _text, kinds.Money: _money, kinds.Date: _date, kinds.DateTime: _datetime, kinds.Choice: _choice,
    kinds.File: _file, kinds.Files: _files, kinds.Checklist: _checklist,
}
