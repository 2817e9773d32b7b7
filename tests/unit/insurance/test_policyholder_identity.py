"""Who acts for a policyholder: a record with its own identity (national id or registration number, and
name); a user acts for one only when an admin linked them, or when the issuing expert approved their
contract request as a new policyholder or decided it is an existing one. Typing a name links nobody.

"kindergarten" speaks for «مهدکودک گل‌ها» (config.example.toml); "mallory" is another policyholder's
person, linked to nothing yet.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from core.insurance.contracts.service_types import ContractRequest
from tests.harness import ChatHarness, said
from tests.unit.insurance.chat_support import approve, child, file_contract_request, pay, roster_csv
from tests.unit.insurance.support import j, person

HOLDER = "مهدکودک گل‌ها"


@pytest.fixture
def chat(tmp_path: Path):
    harness = ChatHarness(tmp_path)
    harness.app.desk.directory.add("mallory", "ملوری غریبه", roles=["policyholder"])
    yield harness
    harness.close()


def existing_contract(chat: ChatHarness) -> int:
    insurance = chat.app.desk.insurance
    return insurance.issue_contract(ContractRequest(HOLDER, "death_disability", 100_000_000, 1_000_000,
                                                    j(1403, 9, 1), [person(1), person(2)],
                                                    policyholder_identifier="10100123456"),
                                    paid_on=j(1403, 8, 30), cheque="1", actor="operator").contract.number


def holder_of(chat: ChatHarness, username: str):  # noqa: ANN201
    return chat.app.desk.insurance.policyholder_of(chat.app.desk.directory.find(username).id)


def test_typing_an_existing_name_links_nobody_until_the_expert_decides(chat: ChatHarness):
    number = existing_contract(chat)
    ticket_id = file_contract_request(chat, user="mallory", name=HOLDER, identifier="20200123456",
                                      roster=roster_csv(child(5)))
    assert holder_of(chat, "mallory") is None
    assert "یافت نشد" in said(chat.say("mallory", f"/contract {number}"))  # not theirs

    shown = said(chat.say("issuer", f"/show {ticket_id}"))
    assert f"بیمه‌گذار موجود با همین نام یا شناسه: «{HOLDER}»" in shown
    labels = [b.label for m in chat.say("issuer", f"/show {ticket_id}") for b in m.all_buttons()]
    assert "همان بیمه‌گذار موجود است" in labels and "بیمه‌گذار دیگری است" in labels
    # approving before deciding changes nothing
    out = approve(chat, "issuer", ticket_id)
    assert "روشن کنید" in out and chat.ticket(ticket_id).status == "issuance_review"
    assert chat.app.desk.insurance.proposals.listing() == []

    # the identifiers differ: "the same" cannot be; the expert says it is another policyholder
    chat.say("issuer", f"/show {ticket_id}")
    chat.press("issuer", "همان بیمه‌گذار موجود است")
    assert "شناسه‌ها فرق دارند" in said(chat.press("issuer", "بله"))
    chat.say("issuer", f"/show {ticket_id}")
    chat.press("issuer", "بیمه‌گذار دیگری است")
    said(chat.press("issuer", "بله"))
    labels = [b.label for m in chat.say("issuer", f"/show {ticket_id}") for b in m.all_buttons()]
    assert "بیمه‌گذار دیگری است" not in labels  # decided: no longer offered
    approve(chat, "issuer", ticket_id)
    pay(chat, ticket_id)

    mine = holder_of(chat, "mallory")
    assert (mine.name, mine.identifier) == (HOLDER, "20200123456")
    assert mine.id != holder_of(chat, "kindergarten").id  # a different record of the same name
    assert "یافت نشد" in said(chat.say("mallory", f"/contract {number}"))  # still not theirs
    assert HOLDER in said(chat.say("mallory", f"/contract {number + 1}"))  # their own new contract


def test_the_same_policyholder_links_the_requester_recorded_with_who_decided(chat: ChatHarness):
    number = existing_contract(chat)
    ticket_id = file_contract_request(chat, user="mallory", name="مهدکودک تازه", identifier="10100123456",
                                      roster=roster_csv(child(5)))
    # the identifier is the existing policyholder's: it cannot be "another one"
    chat.say("issuer", f"/show {ticket_id}")
    chat.press("issuer", "بیمه‌گذار دیگری است")
    assert "از آنِ بیمه‌گذاری موجود است" in said(chat.press("issuer", "بله"))
    assert holder_of(chat, "mallory") is None
    chat.say("issuer", f"/show {ticket_id}")
    chat.press("issuer", "همان بیمه‌گذار موجود است")
    said(chat.press("issuer", "بله"))

    assert holder_of(chat, "mallory").id == holder_of(chat, "kindergarten").id
    history = chat.app.desk.tickets.operator_details(ticket_id).history
    decided = [(entry.action, actor.username) for entry, actor in history if entry.action == "holder_same"]
    assert decided == [("holder_same", "issuer")]
    assert HOLDER in said(chat.say("mallory", f"/contract {number}"))
    # the requester is told no internal record of the decision
    assert "_holder" not in said(chat.inbox("mallory"))


def test_a_request_for_the_requesters_own_policyholder_needs_no_decision(chat: ChatHarness):
    existing_contract(chat)
    ticket_id = file_contract_request(chat, identifier="10100123456")
    assert "بیمه‌گذار موجود" not in said(chat.say("issuer", f"/show {ticket_id}"))
    approve(chat, "issuer", ticket_id)
    assert chat.ticket(ticket_id).status == "quoted"


def test_a_forged_decision_button_or_command_from_the_requester_is_refused(chat: ChatHarness):
    existing_contract(chat)
    ticket_id = file_contract_request(chat, user="mallory", name=HOLDER, identifier="10100123456",
                                      roster=roster_csv(child(5)))
    out = said(chat.say("mallory", f"/holder_same {ticket_id}"))
    assert "کارشناس صدور" in out
    assert holder_of(chat, "mallory") is None
