"""Issue 13 for the insurer's request types: the deadline the requester is shown, the time left in the
expert's queue, one reminder at half time and one escalation to the role's supervisor, and /find by the
contract, endorsement and claim numbers and the insured person's national id.

The harness's clock starts on Wednesday 1403/08/30 at 11:00 Tehran; every first status here has 16
working hours (config.example.toml), so half time is Thursday 11:00 and the deadline Saturday
1403/09/03 11:00, as for the premium issuance request (tests/unit/test_deadlines.py).
"""
from __future__ import annotations

from datetime import datetime, time, timezone

import jdatetime
import pytest

from core.insurance.contracts.service_types import ContractRequest
from core.jalali import TEHRAN
from core.sla import BREACHED, HALF_TIME
from core.stats import StateTime
from tests.harness import ChatHarness, fa, ref, said
from tests.unit.insurance.chat_support import approve, child, file_contract_request, pay, roster_csv
from tests.unit.insurance.support import j, nid, person
from tests.unit.insurance.test_claims_chat import contract as paid_contract
from tests.unit.insurance.test_claims_chat import file_claim

HALF_TIME_AT = datetime(2024, 11, 21, 7, 30, tzinfo=timezone.utc)  # Thursday 11:00 Tehran
DUE_AT = datetime(2024, 11, 23, 7, 30, tzinfo=timezone.utc)  # Saturday 11:00 Tehran
HOLDER = "مهدکودک گل‌ها"  # the policyholder "kindergarten" speaks for (config.example.toml)

# request type → (the expert who acts first, the supervisor told when they are late: [supervisors])
TYPES = {
    "contract_request": ("issuer", "issuemgr"),
    "endorsement_request": ("issuer", "issuemgr"),
    "renewal_request": ("issuer", "issuemgr"),
    "claim": ("claims", "claimsmgr"),
}


def issue_for(chat: ChatHarness) -> int:
    return chat.app.desk.insurance.issue_contract(ContractRequest(
        HOLDER, "death_disability", 100_000_000, 1_000_000, j(1403, 9, 1), [person(1), person(2)]),
        paid_on=j(1403, 8, 30), cheque="1", actor="operator").contract.number


def file_endorsement(chat: ChatHarness, number: int) -> int:
    chat.say("kindergarten", "/new")
    chat.press("kindergarten", "الحاقیه")
    chat.press("kindergarten", fa(number))
    chat.press("kindergarten", "اضافی")
    chat.say("kindergarten", "1403/10/01")
    chat.send_file("kindergarten", "add.csv", roster_csv(child(11)))
    return chat.press("kindergarten", "ثبت")[-1].ticket_id


def file_renewal(chat: ChatHarness, number: int) -> int:
    chat.say("kindergarten", "/new")
    chat.press("kindergarten", "تمدید")
    chat.press("kindergarten", fa(number))
    return chat.press("kindergarten", "ثبت")[-1].ticket_id


def file_as_people_do(chat: ChatHarness, request_type: str) -> int:
    if request_type == "contract_request":
        return file_contract_request(chat)
    if request_type == "endorsement_request":
        return file_endorsement(chat, issue_for(chat))
    if request_type == "renewal_request":
        return file_renewal(chat, issue_for(chat))
    return file_claim(chat, paid_contract(chat))


@pytest.mark.parametrize("request_type", list(TYPES))
def test_the_requester_sees_the_expected_date_and_the_expert_the_time_left(chat: ChatHarness, request_type):
    expert, _ = TYPES[request_type]
    n = file_as_people_do(chat, request_type)
    assert chat.ticket(n).request_type == request_type
    assert "انتظار می‌رود تا ۱۴۰۳/۰۹/۰۳ ۱۱:۰۰" in said(chat.say("kindergarten", f"/show {n}"))
    line = next(line for line in said(chat.say(expert, "/queue")).splitlines() if line.startswith(ref(n)))
    assert "۱۶ ساعت کاری مانده" in line
    chat.clock.now = DUE_AT.replace(hour=9, minute=30)  # Saturday 13:00: two hours past
    line = next(line for line in said(chat.say(expert, "/queue")).splitlines() if line.startswith(ref(n)))
    assert "۲ ساعت کاری از مهلت گذشته" in line


@pytest.mark.parametrize("request_type", list(TYPES))
def test_half_time_reminds_the_expert_once_and_the_breach_goes_once_to_the_supervisor(chat: ChatHarness,
                                                                                       request_type):
    expert, supervisor = TYPES[request_type]
    n = file_as_people_do(chat, request_type)
    chat.inbox(expert), chat.inbox(supervisor), chat.inbox("admin")  # the "waiting for you" notices
    chat.clock.now = HALF_TIME_AT
    assert chat.app.desk.sla.check() == {HALF_TIME: 1, BREACHED: 0}
    chat.restart()  # another process over the same database: nothing twice
    assert chat.app.desk.sla.check() == {HALF_TIME: 0, BREACHED: 0}
    reminder = said(chat.inbox(expert))
    assert "نیمی از مهلت" in reminder and ref(n) in reminder

    chat.clock.now = DUE_AT.replace(minute=31)
    assert chat.app.desk.sla.check() == {HALF_TIME: 0, BREACHED: 1}
    assert chat.app.desk.sla.check() == {HALF_TIME: 0, BREACHED: 0}
    escalation = chat.inbox(supervisor)
    assert len(escalation) == 1 and ref(n) in said(escalation)
    assert chat.inbox(expert) == [] and chat.inbox("admin") == []  # the supervisor alone, once
    # the supervisor gives it to the expert of the role, from the escalation's buttons
    chat.press(supervisor, "🔁")
    chat.press(supervisor, chat.app.desk.directory.find(expert).full_name)
    assert chat.ticket(n).assignee_id == chat.app.desk.directory.find(expert).id


def test_staff_find_insurance_requests_by_their_numbers_and_the_insured_national_id(chat: ChatHarness):
    # a contract request approved: its contract number (the register's first, 300000)
    request = file_contract_request(chat)
    approve(chat, "issuer", request)
    pay(chat, request)
    number = chat.app.desk.insurance.contracts()[0].contract.number
    # an endorsement on that contract, approved and paid: the endorsement number
    endorsement = file_endorsement(chat, number)
    approve(chat, "issuer", endorsement)
    pay(chat, endorsement, cheque="556678")
    endorsement_number = chat.app.desk.insurance.contract(number).endorsements[0].number
    # a claim on another contract: its claim (file) number and the insured person's national id
    other = paid_contract(chat)
    claim = file_claim(chat, other, n=2)
    claim_number = chat.app.desk.claims.claims()[0].number

    by_contract = said(chat.say("issuer", f"/find {fa(number)}"))
    assert ref(request) in by_contract and ref(endorsement) in by_contract and ref(claim) not in by_contract
    found = said(chat.say("claims", f"/find {other}"))
    assert ref(claim) in found and ref(request) not in found
    assert ref(claim) in said(chat.say("claims", f"/find {nid(2)}"))
    assert ref(claim) not in said(chat.say("claims", f"/find {nid(1)}"))  # person 1 made no claim
    assert ref(claim) in said(chat.say("claims", "/find سارا"))  # the injured person's name
    assert ref(endorsement) in said(chat.say("issuer", f"/find {endorsement_number}"))
    assert ref(claim) in said(chat.say("claims", f"/find {claim_number}"))
    # the policyholder finds their own claim by the national id; another requester does not
    assert ref(claim) in said(chat.say("kindergarten", f"/find {fa(nid(2))}"))
    assert "پیدا نشد" in said(chat.say("maryam", f"/find {nid(2)}"))


def at(y: int, m: int, d: int, hour: int) -> datetime:
    return datetime.combine(jdatetime.date(y, m, d).togregorian(), time(hour), TEHRAN).astimezone(timezone.utc)


def test_stats_of_a_seeded_month_keep_each_types_statuses_apart(chat: ChatHarness):
    """Azar 1403 (Saturday 09/03 is 2024-11-23), working day 08:00-16:00, worked out by hand:

    contract request: filed Sat 09:00, approved (quoted) Sat 11:00: 2 h in issuance_review, met;
    endorsement request: filed Sat 10:00, approved Tue 09/06 10:00: 6 + 8 + 8 + 2 = 24 h > 16, breached;
    renewal request: filed Sat 12:00, rejected Sat 15:00: 3 h, met, and closed;
    claim: filed Sun 09/04 08:00, sent to inquiry at 12:00: 4 h in claim_review, met.
    The three issuance_review stays belong to three workflows: three rows, not one of 3 stays.
    """
    number, renewable = issue_for(chat), issue_for(chat)
    insured = paid_contract(chat)
    chat.clock.now = at(1403, 9, 3, 9)
    contract_request = file_contract_request(chat)
    chat.clock.now = at(1403, 9, 3, 10)
    endorsement = file_endorsement(chat, number)
    chat.clock.now = at(1403, 9, 3, 11)
    approve(chat, "issuer", contract_request)
    chat.clock.now = at(1403, 9, 3, 12)
    renewal = file_renewal(chat, renewable)
    chat.clock.now = at(1403, 9, 3, 15)
    chat.say("issuer", f"/reject {renewal} قرارداد باید اصلاح شود")
    chat.clock.now = at(1403, 9, 4, 8)
    claim = file_claim(chat, insured)
    chat.clock.now = at(1403, 9, 4, 12)
    chat.say("claims", f"/inquire {claim}")
    chat.clock.now = at(1403, 9, 6, 10)
    approve(chat, "issuer", endorsement)
    assert [chat.ticket(n).status for n in (contract_request, endorsement, renewal, claim)] == \
        ["quoted", "quoted", "rejected", "inquiry"]

    stats = chat.app.desk.stats.month(1403, 9)
    assert stats.opened == {"claim": 1, "contract_request": 1, "endorsement_request": 1, "renewal_request": 1}
    assert stats.closed == {"renewal_request": 1}
    assert stats.time_in_state == [
        StateTime("contract_request", "issuance_review", 1, 2.0, 2.0),
        StateTime("endorsement_request", "issuance_review", 1, 24.0, 24.0),
        StateTime("renewal_request", "issuance_review", 1, 3.0, 3.0),
        StateTime("claim", "claim_review", 1, 4.0, 4.0),
    ]
    assert (stats.deadlines_met, stats.deadlines_breached) == (3, 1)
    assert [(e.username, e.actions) for e in stats.busiest] == [("issuer", 3), ("claims", 1)]

    # the claims manager supervises the claims roles ([supervisors]): /stats is theirs too, as text and chart
    [reply] = chat.say("claimsmgr", "/stats ۱۴۰۳/۰۹")
    lines = reply.text.splitlines()
    assert any("الحاقیه" in line and "۲۴ · ۲۴" in line for line in lines), reply.text
    assert any("خسارت" in line and "۴ · ۴" in line for line in lines), reply.text
    assert "۳ به‌موقع · ۱ دیر" in reply.text and reply.photo is not None


def test_the_digest_reaches_the_insurers_experts_with_work_waiting_and_nobody_else(chat: ChatHarness):
    file_contract_request(chat)
    file_claim(chat, paid_contract(chat))
    for name in ("issuer", "claims", "kindergarten"):
        chat.inbox(name)  # the notices of filing
    chat.clock.now = at(1403, 9, 3, 8)  # Saturday 08:00: both past half their 16 hours
    assert chat.app.desk.digest.run() == 2
    for expert in ("issuer", "claims"):
        [digest] = chat.inbox(expert)
        assert "۱ درخواست منتظر شماست" in said([digest]) and "نزدیک به مهلت: ۱" in said([digest]), expert
        assert chat.press(expert, "صف من")
    for idle in ("issuemgr", "doctor", "claimsmgr", "accountant", "welfare", "admin", "kindergarten"):
        assert chat.inbox(idle) == [], idle
