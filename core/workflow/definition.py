"""Workflows as data: states, actions, the role that may take each, and its inputs.

One engine (core.workflow.engine) reads these, so every request type, the
premium issuance one and the insurance ones alike, moves the same way.
"""
from __future__ import annotations

from dataclasses import dataclass, field

OWNER = "owner"  # pseudo-role: the requester who owns the ticket


@dataclass(frozen=True)
class ActionInput:
    """A value the actor must (or may) give with the action.

    kind names a validator in core.forms.validators (reason, reference_number,
    amount_rials); "comment_or_files" is the resubmit bundle.
    """

    name: str
    kind: str
    required: bool = True


@dataclass(frozen=True)
class Action:
    code: str
    from_states: frozenset[str]
    to_state: str
    role: str
    inputs: tuple[ActionInput, ...] = ()
    public_note: bool = True  # inputs are shown to the requester


@dataclass(frozen=True)
class Workflow:
    code: str
    initial_state: str
    states: tuple[str, ...]
    final_states: frozenset[str]
    actions: tuple[Action, ...] = field(default=())

    def action(self, code: str, state: str) -> Action | None:
        """The action `code` as it applies in `state` (the same code may differ by state)."""
        for action in self.actions:
            if action.code == code and state in action.from_states:
                return action
        return None

    def actions_in(self, state: str) -> list[Action]:
        return [a for a in self.actions if state in a.from_states]

    def action_codes(self) -> set[str]:
        return {a.code for a in self.actions}

    def roles_acting_in(self, state: str) -> set[str]:
        """Staff roles that act next when a ticket enters `state`."""
        return {a.role for a in self.actions_in(state) if a.role != OWNER}

    def states_waiting_for(self, role: str) -> list[str]:
        return [s for s in self.states if any(a.role == role for a in self.actions_in(s))]
