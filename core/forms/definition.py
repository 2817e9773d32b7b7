"""A request form as data: the fields asked one at a time, and how each is checked.

Besides plain text, choice, date and files, a field may be (docs/engine.md):
- ``money``: integer rials (validator ``amount_rials``);
- ``date`` with validator ``incident_date`` (not in the future) or ``any_date``;
- ``file``: one uploaded file read by a named parser (``parser``, core.requests.hooks):
  every problem is reported and the question asked again; the parsed value is kept;
- a ``choice`` whose options come from a named source (``options_source="source:<name>"``),
  computed by core from the person's own data at the moment they answer, never from button data;
- ``check``: a named core check run after the validator, against the earlier answers and
  core data (it may refuse, or return the value to keep);
- ``when``: shown only when an earlier answer is one of some codes; a hidden field is
  skipped, left out of the summary, and its value dropped at submission;
- ``datetime``: a Jalali date and an hour (validator ``incident_datetime``: not after now in
  Tehran), stored as "YYYY-MM-DDTHH:MM" (the Gregorian date, Tehran's wall clock);
- ``confirm``: the value the check returned is offered back (e.g. the insured person's name
  for the national id typed) and kept only when the person says yes; no asks again;
- ``checklist``: documents sent one by one, each ticked against an item of a named checklist
  (core.requests.hooks.checklist) that depends on the earlier answers; the person sees what is
  still missing. The value is {item code: attachment id}.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FormField:
    id: str
    kind: str  # text | choice | date | datetime | files | file | money | checklist
    validator: str  # a function name in core.forms.validators
    optional: bool = False
    # where the choices come from: "config:<key>" (a configured list), "fixed",
    # or "source:<name>" (a named option source in core.requests.hooks: the person's own data)
    options_source: str | None = None
    fixed_options: tuple[str, ...] = ()
    prefill: str | None = None  # "directory_name", "directory_mobile", "directory_unit", "source:<name>"
    parser: str | None = None  # kind "file": the named file parser (core.requests.hooks)
    check: str | None = None  # a named check against earlier answers and core data (core.requests.hooks)
    when: tuple[str, tuple[str, ...]] | None = None  # (earlier field id, codes): shown only then
    confirm: bool = False  # offer the checked value back for a yes/no before keeping it
    checklist: str | None = None  # kind "checklist": the named checklist (core.requests.hooks)
    # /find finds the request by this answer (besides the ids core.search knows by their ending:
    # *_number, *_no, national_id, mobile, *name), e.g. the contract a claim is on, the insured's national id
    searchable: bool = False

    def shown(self, values: Mapping[str, Any]) -> bool:
        if self.when is None:
            return True
        field_id, codes = self.when
        return values.get(field_id) in codes

    @property
    def dynamic_source(self) -> str | None:
        """The option source's name, for choices from the person's own data."""
        if self.options_source and self.options_source.startswith("source:"):
            return self.options_source.split(":", 1)[1]
        return None


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

    def shown_fields(self, values: Mapping[str, Any] | None = None) -> list[FormField]:
        """The fields asked, given the answers so far (all of them when `values` is None)."""
        if values is None:
            return list(self.fields)
        return [f for f in self.fields if f.shown(values)]

    def next_field(self, field_id: str, values: Mapping[str, Any] | None = None) -> FormField | None:
        for f in self.fields[self.index(field_id) + 1:]:
            if values is None or f.shown(values):
                return f
        return None

    def previous_field(self, field_id: str, values: Mapping[str, Any] | None = None) -> FormField | None:
        for f in reversed(self.fields[:self.index(field_id)]):
            if values is None or f.shown(values):
                return f
        return None

    def kept_values(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The answers of the fields shown; a field hidden by a later change loses its old answer."""
        return {k: v for k, v in values.items()
                if k not in {f.id for f in self.fields} or self.field(k).shown(values)}
