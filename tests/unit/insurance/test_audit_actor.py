"""Issue 25 item 7, the audit trail: wherever money or a status moves, the caller names who acts. Core
never assumes an actor (no silent "operator"): the command line passes its operator, chat the user."""
from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from core.assignment import AssignmentService
from core.insurance.claims.service import ClaimsService
from core.insurance.contracts.endorsing import Endorsements
from core.insurance.contracts.guardians import GuardianLinks
from core.insurance.contracts.proposals import Proposals
from core.insurance.contracts.refunds import Refunds
from core.insurance.contracts.service import InsuranceService
from core.tickets import TicketService

CORE = Path(__file__).resolve().parents[3] / "core"

# The services' public methods that move money or a status, and the parameter naming who acts.
WRITERS = {
    ClaimsService: ("actor", ["file", "tick_document", "untick_document", "require_radiographs",
                              "return_for_documents", "resubmit", "confirm_inquiry", "record_analysis", "assess",
                              "override", "order_payment", "collected"]),
    InsuranceService: ("actor", ["issue_contract", "renew", "pay"]),
    Proposals: ("actor", ["propose_contract", "propose_renewal", "pay", "withdraw"]),
    Endorsements: ("actor", ["add"]),
    Refunds: ("actor", ["settle"]),
    GuardianLinks: ("actor", ["link", "unlink"]),
    TicketService: ("user", ["submit", "act", "comment"]),
    AssignmentService: ("user", ["take"]),
}


@pytest.mark.parametrize("service,method", [(s, m) for s, (_, methods) in WRITERS.items() for m in methods],
                         ids=lambda v: v if isinstance(v, str) else v.__name__)
def test_a_method_that_moves_money_or_a_status_takes_who_acts_with_no_default(service: type, method: str):
    name = WRITERS[service][0]
    parameters = inspect.signature(getattr(service, method)).parameters
    assert name in parameters, f"{service.__name__}.{method} does not say who acts"
    assert parameters[name].default is inspect.Parameter.empty, \
        f"{service.__name__}.{method}: {name} has a default; the caller must name who acts"


def defaults_of(node: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, ast.expr]:
    args = node.args
    positional = [a.arg for a in (*args.posonlyargs, *args.args)]
    found = dict(zip(positional[len(positional) - len(args.defaults):], args.defaults))
    found.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
    return found


def test_no_function_in_core_gives_an_actor_a_default():
    """Wherever it is in core (a service, a part of one, a helper), `actor` is passed by the caller,
    never filled in."""
    found = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found += [f"{path.relative_to(CORE.parent)}:{node.lineno} {node.name}({name}={ast.unparse(default)})"
                          for name, default in defaults_of(node).items() if name == "actor"]
    assert found == []


def test_core_names_no_operator_of_its_own():
    """The operator is the command line's actor (bot/cli/actor.py); core has no name to fall back on."""
    assert [str(p.relative_to(CORE.parent)) for p in sorted(CORE.rglob("*.py"))
            if "OPERATOR =" in p.read_text(encoding="utf-8")] == []
