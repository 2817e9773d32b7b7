"""A request form as data: the fields asked one at a time, and how each is read.

Each field has a kind (core/forms/kinds.py): a line checked by its validator (`Text`, `LongText`),
`Money`, a Jalali `Date` or `DateTime`, a `Choice` (fixed codes, a configured list, or options from
the person's own data computed at the moment they answer, never from button data), one `File` read
by a named parser, `Files` attached, or a `Checklist` of documents. Besides its kind (docs/engine.md):
- ``check``: a named core check run after the kind has read the answer, against the earlier answers
  and core data (it may refuse, or return the value to keep);
- ``when``: shown only when an earlier answer is one of some codes; a hidden field is
  skipped, left out of the summary, and its value dropped at submission;
- ``confirm``: the value the check returned is offered back (e.g. the insured person's name
  for the national id typed) and kept only when the person says yes; no asks again;
- ``prefill``: an answer offered from the person's record ("directory_name", "directory_mobile",
  "directory_unit") or by a named hook ("hook:<name>").

A form written as data may name its kind and validator instead, `FormField("subject", "text",
"description")`: core/forms/names.py makes the kind once, when the field is made, and a name no one
knows fails the desk's start (core/requests/checks.py).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import InitVar, dataclass
from typing import Any

from core.forms.kinds import FieldKind
from core.forms.names import named_kind


@dataclass(frozen=True)
class FormField:
    id: str
    kind: FieldKind  # given as a kind's name in data: made from the names below in __post_init__
    # a field named in data: its validator's name (core.forms.validators), its options ("fixed",
    # "config:<key>", "source:<name>"), file parser or checklist (named hooks of core.requests.hooks)
    validator: InitVar[str | None] = None
    optional: bool = False
    options_source: InitVar[str | None] = None
    fixed_options: InitVar[tuple[str, ...]] = ()
    prefill: str | None = None  # "directory_name", "directory_mobile", "directory_unit", "hook:<name>"
    parser: InitVar[str | None] = None
    check: str | None = None  # a named check against earlier answers and core data (core.requests.hooks)
    when: tuple[str, tuple[str, ...]] | None = None  # (earlier field id, codes): shown only then
    confirm: bool = False  # offer the checked value back for a yes/no before keeping it
    checklist: InitVar[str | None] = None
    # /find finds the request by this answer (besides the ids core.search knows by their ending:
    # *_number, *_no, national_id, mobile, *name), e.g. the contract a claim is on, the insured's national id
    searchable: bool = False

    def __post_init__(self, validator: str | None, options_source: str | None, fixed_options: tuple[str, ...],
                      parser: str | None, checklist: str | None) -> None:
        if isinstance(self.kind, str):
            made = named_kind(self.kind, validator, options_source=options_source, fixed_options=fixed_options,
                              parser=parser, checklist=checklist)
            object.__setattr__(self, "kind", made)

    def shown(self, values: Mapping[str, Any]) -> bool:
        if self.when is None:
            return True
        field_id, codes = self.when
        return values.get(field_id) in codes


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
