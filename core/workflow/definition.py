"""Workflows as data: states, actions, the role that may take each, and its inputs.

One engine (core.tickets.TicketService) reads these, so every request type, the
premium issuance one and the insurance ones alike, moves the same way.

An action may also carry (docs/engine.md):
- ``when``: a named condition on the ticket (core.requests.hooks; "!name" negates it). The
  same action code may appear twice in a state with different conditions and targets:
  the first whose condition holds is taken (e.g. approve → manager_review above the
  authority limit, approve → issued below it). Such twins must share the role. An action
  whose every twin has a condition is open (and offered as a button) only while one holds
  (e.g. "the same policyholder" only while the expert has that to decide).
- ``effect``: a named core function run inside the transition's transaction after the
  state check (issue the contract, record the payment). What it returns is stored with the
  history entry (so it is shown to the requester with the status change), and the documents
  it makes are attached to the ticket and sent to the requester.
- ``confirm``: the actor is shown the request type's review (the premium and its breakdown)
  and asked to confirm before the action is taken.

A workflow may name an ``on_submit`` effect: run inside the submission's transaction (file the
claim in its register with its number); what it returns is stored on the submit history entry,
and a refusal keeps the draft and tells the requester why.
"""
from __future__ import annotations

from dataclasses import dataclass, field

OWNER = "owner"  # pseudo-role: the requester who owns the ticket


@dataclass(frozen=True)
class ActionInput:
    """A value the actor must (or may) give with the action.

    kind names a validator in core.forms.validators (reason, reference_number,
    amount_rials), or a named input parser (core.requests.hooks.input_parser, e.g.
    doctor_analysis); "comment_or_files" is the resubmit bundle; "checklist" the documents
    ticked against the form's checklist field of the same name (bot/conversations/checklist.py).
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
    # the inputs (and the effect's values) are shown to the requester, in the status notification and
    # in /show's history; False keeps them for the staff (the effect's notes still reach the requester)
    public_note: bool = True
    when: str | None = None  # a named condition (core.requests.hooks); "!name": when it does not hold
    effect: str | None = None  # a named effect run inside the transition (core.requests.hooks)
    confirm: bool = False  # show the review and ask "are you sure?" first


@dataclass(frozen=True)
class Workflow:
    code: str
    initial_state: str
    states: tuple[str, ...]
    final_states: frozenset[str]
    actions: tuple[Action, ...] = field(default=())
    on_submit: str | None = None  # a named effect (core.requests.hooks) run inside the submission

    def __post_init__(self) -> None:
        for state in self.states:
            for code in self.action_codes():
                twins = self.candidates(code, state)
                if len({a.role for a in twins}) > 1:
                    raise ValueError(f"{self.code}: {code} in {state} has twins for different roles")
                if len(twins) > 1 and twins[-1].when is None and any(a.when is None for a in twins[:-1]):
                    raise ValueError(f"{self.code}: {code} in {state}: only the last twin may have no condition")

    def action(self, code: str, state: str) -> Action | None:
        """The action `code` as it applies in `state` (the same code may differ by state);
        with conditional twins, the first of them (TicketService picks by the condition)."""
        found = self.candidates(code, state)
        return found[0] if found else None

    def candidates(self, code: str, state: str) -> list[Action]:
        """Every action `code` from `state`, in order: the first whose `when` holds is taken."""
        return [a for a in self.actions if a.code == code and state in a.from_states]

    def actions_in(self, state: str) -> list[Action]:
        """One action per code (the buttons shown); conditional twins count once."""
        seen: set[str] = set()
        out = []
        for a in self.actions:
            if state in a.from_states and a.code not in seen:
                seen.add(a.code)
                out.append(a)
        return out

    def action_codes(self) -> set[str]:
        return {a.code for a in self.actions}

    def roles_acting_in(self, state: str) -> set[str]:
        """Staff roles that act next when a ticket enters `state`."""
        return {a.role for a in self.actions_in(state) if a.role != OWNER}

    def states_waiting_for(self, role: str) -> list[str]:
        return [s for s in self.states if any(a.role == role for a in self.actions_in(s))]
