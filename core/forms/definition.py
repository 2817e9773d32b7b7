"""A request form as data: the fields asked one at a time, and how each is checked."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FormField:
    id: str
    kind: str  # text | choice | date | files
    validator: str  # a function name in core.forms.validators
    optional: bool = False
    # where the choices come from: "config:<key>" (a configured list) or "fixed"
    options_source: str | None = None
    fixed_options: tuple[str, ...] = ()
    prefill: str | None = None  # "directory_name", "directory_mobile", "directory_unit": offered from the user's record


@dataclass(frozen=True)
class Form:
    fields: tuple[FormField, ...]

    def field(self, field_id: str) -> FormField:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    def index(self, field_id: str) -> int:
        return [f.id for f in self.fields].index(field_id)

    def next_field(self, field_id: str) -> FormField | None:
        i = self.index(field_id) + 1
        return self.fields[i] if i < len(self.fields) else None

    def previous_field(self, field_id: str) -> FormField | None:
        i = self.index(field_id) - 1
        return self.fields[i] if i >= 0 else None
