"""A date's «امروز»/«دیروز» buttons give an answer like any other: the field's check reads it as it reads
the date typed (the date kind reads the press, core/forms/kinds.py Date.press)."""
from __future__ import annotations

import pytest

from core.insurance.contracts.service_types import ContractRequest
from tests.harness import ChatHarness, fa, said
from tests.unit.insurance.support import j, person


def at_effective_date(chat: ChatHarness) -> None:
    """An endorsement asked for a contract that starts tomorrow, 1403/09/01."""
    issued = chat.app.desk.insurance.issue_contract(ContractRequest(
        "مهدکودک گل‌ها", "death_disability", 100_000_000, 1_000_000, j(1403, 9, 1), [person(1), person(2)]),
        paid_on=j(1403, 8, 30), cheque="1", actor="operator")
    chat.say("kindergarten", "/new")
    chat.press("kindergarten", "الحاقیه")
    chat.press("kindergarten", fa(issued.contract.number))
    chat.press("kindergarten", "برگشتی")


@pytest.mark.parametrize("answer", ["typed", "pressed"])
def test_today_outside_the_contract_is_refused_whether_typed_or_pressed(chat: ChatHarness, answer: str):
    at_effective_date(chat)
    asked = chat.last["kindergarten"][-1].text

    replies = chat.say("kindergarten", "امروز") if answer == "typed" else chat.press("kindergarten", "امروز")

    assert "تاریخ اجرا بیرون از مدت قرارداد است" in said(replies)
    assert "effective_date" not in chat.app.desk.conversations.get("console:kindergarten")["draft"]["values"]
    assert replies[-1].text == asked  # the same question again
    assert "کد ملی افرادی را که کاسته" in said(chat.say("kindergarten", "1403/10/01"))  # a day inside goes on
