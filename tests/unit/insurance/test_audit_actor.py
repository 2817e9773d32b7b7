"""Issue 25 item 7, the audit trail: wherever money or a status moves, the caller names who acts. Core
never assumes an actor (no silent "operator"): the command line passes its operator, chat the user."""
from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path

import pytest

from bot.cli import main
from core.assignment import AssignmentService
from core.insurance.claims.service import ClaimsService
from core.insurance.contracts.endorsing import Endorsements
from core.insurance.contracts.guardians import GuardianLinks
from core.insurance.contracts.proposals import Proposals
from core.insurance.contracts.refunds import Refunds
from core.insurance.contracts.service import InsuranceService
from core.tickets import TicketService
from core.transactions import OwnUnits
from storage.db import open_database
from tests.databases import database_url
from tests.harness import EXAMPLE_CONFIG, ChatHarness
from tests.unit.insurance.chat_support import approve, file_contract_request, pay
from tests.unit.insurance.support import NOW, nid

CORE = Path(__file__).resolve().parents[3] / "core"

# The services' public methods that move money or a status, and the parameter naming who acts.
WRITERS = {
    ClaimsService: ("actor", ["file", "tick_document", "untick_document", "require_radiographs",
                              "return_for_documents", "resubmit", "confirm_inquiry", "record_analysis", "assess",
                              "override", "order_payment", "collected"]),
    InsuranceService: ("actor", ["issue_contract", "renew", "pay", "link_user"]),
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


def test_a_cheque_recorded_on_the_command_line_is_recorded_by_the_operator(tmp_path, monkeypatch, capsys):
    url = database_url(tmp_path / "bimeh.db")
    monkeypatch.setenv("BIMEH_DATABASE_URL", url)
    monkeypatch.setenv("BIMEH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "roster.csv").write_text("national_id,first_name,last_name,birth_date,role,exemption,extra_risk\n"
                                         f"{nid(1)},سارا,محمدی,1398/05/12,child,,no\n", encoding="utf-8")
    config = ["--config", str(EXAMPLE_CONFIG)]
    assert main(["insurance", "contracts", "add", "--policyholder", "مهدکودک گل‌ها", "--plan", "death_disability",
                 "--death-capital", "100000000", "--rate", "1,000,000", "--start", "1403/06/01", "--date",
                 "1403/05/20", "--roster", "roster.csv", *config]) == 0
    capsys.readouterr()
    assert main(["insurance", "contracts", "pay", "1", "--date", "1403/06/05", "--cheque", "778899", "--json",
                 *config]) == 0
    number = json.loads(capsys.readouterr().out)["number"]

    database = open_database(url)
    try:
        insurance = InsuranceService(OwnUnits(database.uow), lambda: NOW)
        assert [p.actor for p in insurance.contract(number).payments] == ["operator"]
        proposal = insurance.proposals.get(1)
        assert (proposal.actor, proposal.closed_by) == ("operator", "operator")
    finally:
        database.dispose()


def test_a_quote_approved_and_a_cheque_recorded_in_chat_are_the_experts(tmp_path: Path):
    chat = ChatHarness(tmp_path)
    try:
        ticket_id = file_contract_request(chat)
        approve(chat, "issuer", ticket_id)
        pay(chat, ticket_id, user="issuer")
        insurance = chat.app.desk.insurance
        proposal = insurance.proposals.get(1)
        assert (proposal.actor, proposal.closed_by) == ("issuer", "issuer")
        (view,) = insurance.contracts()
        assert [p.actor for p in view.payments] == ["issuer"]
    finally:
        chat.close()
