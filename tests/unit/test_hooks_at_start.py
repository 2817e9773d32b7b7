"""Every hook a request type names is looked up when the desk is built: a misspelt one fails the
start with one line (the type, the field or action, the name), never a person's step."""
from __future__ import annotations

import dataclasses

import pytest

from bot.cli import main
from core.desk import Desk
from core.forms.definition import Form, FormField
from core.requests.checks import HookMissing, check_request_types
from core.requests.registry import REQUEST_TYPES
from core.requests.types import RequestType
from core.workflow.definition import Action, ActionInput, Workflow
from tests.databases import database_url
from tests.harness import EXAMPLE_CONFIG

CODE = "misspelt_request"


def request_type(field: FormField | None = None, action: Action | None = None, **named: str) -> RequestType:
    """A test-only type: one plain field and one plain action, but for the one given."""
    form = Form(fields=(field or FormField("subject", "text", "description"),))
    on_submit = named.pop("on_submit", None)
    workflow = Workflow(code=CODE, initial_state="open", states=("open", "done"), final_states=frozenset({"done"}),
                        actions=(action or Action("close", frozenset({"open"}), "done", "admin"),),
                        on_submit=on_submit)
    return RequestType(CODE, form, workflow, **named)


# (the type, the line the start fails with): one per kind of name a form or workflow gives
MISSPELT = [
    (request_type(FormField("roster", "file", "file", parser="rostr")),
     f"request type {CODE}, field roster: no file parser hook named 'rostr'"),
    (request_type(FormField("contract", "choice", "choice", options_source="source:my_contract")),
     f"request type {CODE}, field contract: no option source hook named 'my_contract'"),
    (request_type(FormField("death_capital", "money", "amount_rials", check="death_capitl")),
     f"request type {CODE}, field death_capital: no check hook named 'death_capitl'"),
    (request_type(FormField("holder", "text", "org_name", prefill="hook:my_policyholdr")),
     f"request type {CODE}, field holder: no prefill hook named 'my_policyholdr'"),
    (request_type(FormField("holder", "text", "org_name", prefill="directory_nam")),
     f"request type {CODE}, field holder: no prefill named 'directory_nam'"),
    (request_type(FormField("papers", "checklist", "file", checklist="claim_documnts")),
     f"request type {CODE}, field papers: no checklist hook named 'claim_documnts'"),
    (request_type(FormField("subject", "text", "descripton")),
     f"request type {CODE}, field subject: no validator named 'descripton'"),
    (request_type(action=Action("close", frozenset({"open"}), "done", "admin", when="!above_authorty")),
     f"request type {CODE}, action close: no condition hook named 'above_authorty'"),
    (request_type(action=Action("close", frozenset({"open"}), "done", "admin", effect="pay_proposl")),
     f"request type {CODE}, action close: no effect hook named 'pay_proposl'"),
    (request_type(action=Action("close", frozenset({"open"}), "done", "admin",
                                (ActionInput("analysis", "doctor_analysys"),))),
     f"request type {CODE}, action close, input analysis: no input kind named 'doctor_analysys'"),
    (request_type(on_submit="claim_fil"), f"request type {CODE}, on_submit: no effect hook named 'claim_fil'"),
    (request_type(review="contract_quot"), f"request type {CODE}, review: no review hook named 'contract_quot'"),
    (request_type(requester_review="claim_requestr"),
     f"request type {CODE}, requester_review: no review hook named 'claim_requestr'"),
    (request_type(starter="claim_guardan"), f"request type {CODE}, starter: no starter hook named 'claim_guardan'"),
]


@pytest.mark.parametrize(("rtype", "line"), MISSPELT, ids=[line.split(": ", 1)[1] for _, line in MISSPELT])
def test_a_misspelt_name_fails_the_desk_before_anything_is_built(rtype, line):
    with pytest.raises(HookMissing) as refused:
        Desk.build(units=None, files=None, request_types={**REQUEST_TYPES, CODE: rtype})  # type: ignore[arg-type]
    assert str(refused.value) == line


def test_the_desks_own_types_name_only_registered_hooks():
    check_request_types(REQUEST_TYPES)
    spelt_right = request_type(FormField("death_capital", "money", "amount_rials", check="death_capital"),
                               Action("close", frozenset({"open"}), "done", "admin", when="!above_authority",
                                      effect="pay_proposal", inputs=(ActionInput("analysis", "doctor_analysis"),)),
                               review="contract_quote", starter="claim_guardian", on_submit="claim_file")
    check_request_types({CODE: spelt_right})


def test_the_start_fails_with_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    """As an operator meets it: `bimeh-desk users list` on a desk whose test-only type misspells a check."""
    monkeypatch.setenv("BIMEH_DATABASE_URL", database_url(tmp_path / "bimeh.db"))
    monkeypatch.setenv("BIMEH_DATA_DIR", str(tmp_path / "data"))
    misspelt = dataclasses.replace(MISSPELT[2][0])
    monkeypatch.setitem(REQUEST_TYPES, CODE, misspelt)  # the dict Desk.build reads by default
    code = main(["users", "list", "--config", str(EXAMPLE_CONFIG)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [f"{EXAMPLE_CONFIG}: {MISSPELT[2][1]}"]
    assert "Traceback" not in err
