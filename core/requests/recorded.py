"""What a history entry recorded, typed for the people who read it (core.values).

An entry's values are stored plain (an action's inputs, what its effect returned, as JSON), in
every row ever written; what each one is comes from where it was declared: an action input by its
kind (``amount_rials`` is money, ``past_date`` a day), an effect's value by its ``@effect(...,
values=...)``. So an input called "amount" is money because its action says so, not by its name.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from core.requests.hooks import EFFECT_VALUES
from core.tickets import SUBMIT
from core.values import Day, Money
from core.workflow.definition import Workflow

INPUT_KINDS: dict[str, type] = {"amount_rials": Money, "past_date": Day}


def typed_record(workflow: Workflow, action: str, from_status: str | None,
                 values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` (an entry's, or a status notification's) with its money and days typed; the rest as they are."""
    kinds: dict[str, type] = {}
    effects = [workflow.on_submit] if action == SUBMIT else []
    for twin in workflow.actions:  # an action's twins (one code, one state, other conditions) record alike
        if twin.code == action and (from_status is None or from_status in twin.from_states):
            kinds |= {spec.name: INPUT_KINDS[spec.kind] for spec in twin.inputs if spec.kind in INPUT_KINDS}
            effects.append(twin.effect)
    for name in effects:
        kinds |= EFFECT_VALUES.get(name or "", {})
    return {name: _typed(kinds.get(name), value) for name, value in values.items()}


_MAKERS: dict[type, Callable[[Any], Any]] = {
    Money: lambda v: Money(v) if isinstance(v, int) and not isinstance(v, bool) else v,
    Day: lambda v: Day.fromiso(v) if isinstance(v, str) else v,
}


def _typed(kind: type | None, value: Any) -> Any:
    return _MAKERS[kind](value) if kind is not None else value
