"""Every name a request type's form and workflow give, looked up when the desk is built.

A form or workflow names its hooks by strings (core/requests/hooks.py). A name no module registers
would otherwise fail a person's step the first time it is reached; here it fails the start instead,
with one line naming the type, the field or action, and the name (bot/app.py: exit 2).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from core.forms.definition import FormField
from core.forms.kinds import Unnamed
from core.requests import hooks
from core.requests.types import RequestType
from core.tickets import DATED_INPUT_VALIDATORS, INPUT_VALIDATORS
from core.workflow.definition import Action

DIRECTORY_PREFILLS = frozenset({"directory_name", "directory_mobile", "directory_unit"})
BUNDLED_INPUTS = frozenset({"comment_or_files", "checklist"})  # read by core.tickets itself


class HookMissing(ValueError):
    """A request type names a hook (or, in data, a validator) nobody registered; the message is one line."""


def check_request_types(request_types: Mapping[str, RequestType]) -> None:
    """Raise HookMissing for the first name that is not registered."""
    for rtype in request_types.values():
        for where, what, name in _missing(rtype):
            raise HookMissing(f"request type {rtype.code}, {where}: no {what} named {name!r}")


def _missing(rtype: RequestType) -> Iterator[tuple[str, str, str]]:
    for field in rtype.form.fields:
        yield from _field_missing(field)
    for action in rtype.workflow.actions:
        yield from _action_missing(action)
    if rtype.workflow.on_submit is not None:
        yield from _absent("on_submit", "effect", rtype.workflow.on_submit, hooks.EFFECTS)
    for attribute, name in (("review", rtype.review), ("requester_review", rtype.requester_review)):
        if name is not None:
            yield from _absent(attribute, "review", name, hooks.REVIEWS)
    if rtype.starter is not None:
        yield from _absent("starter", "starter", rtype.starter, hooks.STARTERS)


def _field_missing(field: FormField) -> Iterator[tuple[str, str, str]]:
    where = f"field {field.id}"
    if isinstance(field.kind, Unnamed):  # named in data (core/forms/names.py): a name no one knows
        yield where, field.kind.what, field.kind.name
    for what, name in field.kind.hooks():
        yield from _absent(where, what, name, _KIND_HOOKS[what])
    if field.check is not None:
        yield from _absent(where, "check", field.check, hooks.FIELD_CHECKS)
    if field.prefill is not None:
        if field.prefill.startswith("hook:"):
            yield from _absent(where, "prefill", field.prefill.split(":", 1)[1], hooks.PREFILLS)
        elif field.prefill not in DIRECTORY_PREFILLS:
            yield where, "prefill", field.prefill


# the hooks a field's kind names (core.forms.kinds FieldKind.hooks), by what they are
_KIND_HOOKS: dict[str, Mapping[str, Callable[..., Any]]] = {
    "file parser": hooks.FILE_PARSERS, "option source": hooks.OPTION_SOURCES, "checklist": hooks.CHECKLISTS,
}


def _action_missing(action: Action) -> Iterator[tuple[str, str, str]]:
    where = f"action {action.code}"
    if action.when is not None:
        yield from _absent(where, "condition", action.when.lstrip("!"), hooks.CONDITIONS)
    if action.effect is not None:
        yield from _absent(where, "effect", action.effect, hooks.EFFECTS)
    for spec in action.inputs:
        known = spec.kind in BUNDLED_INPUTS or spec.kind in INPUT_VALIDATORS or spec.kind in DATED_INPUT_VALIDATORS
        if not known and spec.kind not in hooks.INPUT_PARSERS:
            yield f"{where}, input {spec.name}", "input kind", spec.kind


def _absent(where: str, what: str, name: str,
            table: Mapping[str, Callable[..., Any]]) -> Iterator[tuple[str, str, str]]:
    if name not in table:
        yield where, f"{what} hook", name
