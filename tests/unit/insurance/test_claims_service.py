"""The claims office's steps over a real database: notice, eligibility, kardex, documents, payout, order."""
from __future__ import annotations

import dataclasses
from datetime import time, timedelta

import pytest

from core.insurance.claims.medical import BillLine
from core.insurance.claims.money import ClaimInputError
from core.insurance.claims.service import ClaimNotice, ClaimRefused, ClaimsService, DoctorAnalysis
from core.insurance.contracts.service import InsuranceService
from core.insurance.contracts.service_types import EndorsementRequest
from storage.db import Database
from tests.unit.insurance.claims_support import LATER, START, add_persons, issue, notice, services
from tests.unit.insurance.support import j, nid, person


@pytest.fixture
def desk(database: Database) -> tuple[InsuranceService, ClaimsService]:
    return services(database)


def reasons(claims: ClaimsService, contract: int, **kw) -> list[str]:
    return claims.file(notice(contract, **kw), actor="operator").claim.reasons


# ---- eligibility edge cases, end to end -------------------------------------------------------


def test_first_and_last_day_of_cover_are_inside_and_the_days_around_them_outside(desk):
    insurance, claims = desk
    contract = issue(insurance)  # 1403/06/01 to 1404/06/01: the last day of cover is 1404/05/31

    assert reasons(claims, contract, day=START) == []
    assert reasons(claims, contract, day=j(1404, 5, 31)) == []
    assert reasons(claims, contract, day=j(1404, 6, 1)) == ["outside_cover"]
    # the day before the start: outside the cover, and not on the roster yet either
    assert reasons(claims, contract, day=j(1403, 5, 31)) == ["outside_cover", "not_insured"]


def test_a_person_added_by_endorsement_after_the_incident_was_not_insured_on_it(desk):
    insurance, claims = desk
    contract = issue(insurance)
    add_persons(insurance, contract, j(1403, 9, 1), [person(4)], paid_on=j(1403, 9, 1))

    view = claims.file(notice(contract, n=4, day=j(1403, 8, 15)), actor="operator")
    # the endorsement's premium, which covers this person, came after the incident too
    assert view.claim.reasons == ["not_insured", "premium_unpaid"] and not view.claim.eligible
    assert view.claim.person_name == "سارا محمدی"  # found on the roster all the same, to be shown
    # after the endorsement and its payment, the same person is covered
    assert reasons(claims, contract, n=4, day=j(1403, 9, 10)) == []


def test_a_person_removed_by_a_return_endorsement_before_the_incident_is_not_insured(desk):
    insurance, claims = desk
    contract = issue(insurance)
    insurance.endorsements.add(EndorsementRequest(contract, "return", j(1403, 8, 1), national_ids=[nid(2)]),
                               actor="operator")

    assert reasons(claims, contract, n=2, day=j(1403, 8, 15)) == ["not_insured"]
    assert reasons(claims, contract, n=2, day=j(1403, 7, 30)) == []  # the day before the removal


def test_the_premium_paid_the_day_after_the_incident_was_not_paid_before_it(desk):
    insurance, claims = desk
    contract = issue(insurance, paid_on=j(1403, 6, 11))

    assert reasons(claims, contract, day=j(1403, 6, 10)) == ["premium_unpaid"]
    # the same day does not count either: «حتماً قبل از حادثه»
    assert reasons(claims, contract, day=j(1403, 6, 11), hour=time(9)) == ["premium_unpaid"]
    assert reasons(claims, contract, day=j(1403, 6, 12)) == []


def test_a_premium_paid_after_the_deadline_is_late_and_an_unpaid_one_is_unpaid(desk):
    insurance, claims = desk
    late = issue(insurance, paid_on=START + timedelta(days=31))  # the deadline is the start + 30 days
    unpaid = issue(insurance, paid_on=None)

    assert reasons(claims, late, day=j(1403, 9, 1)) == ["premium_late"]
    assert reasons(claims, unpaid, day=j(1403, 9, 1)) == ["premium_unpaid"]


def test_medical_expenses_are_not_covered_by_a_death_and_disability_plan(desk):
    insurance, claims = desk
    contract = issue(insurance, plan="death_disability")

    assert reasons(claims, contract, kind="medical") == ["not_covered"]
    assert reasons(claims, contract, kind="disability") == []


def test_a_notice_is_refused_for_a_stranger_a_bad_id_a_future_incident_or_no_description(desk):
    insurance, claims = desk
    contract = issue(insurance)
    for kw, rule in ((dict(n=99), "not_on_contract"), (dict(day=j(1404, 8, 2)), "incident_in_future"),
                     (dict(description="  "), "description_missing"), (dict(kind="fire"), "unknown_claim_kind")):
        with pytest.raises(ClaimRefused) as refused:
            claims.file(notice(contract, **kw), actor="operator")
        assert refused.value.rule == rule
    with pytest.raises(ClaimRefused) as refused:
        claims.file(ClaimNotice(contract, "0000000018", "medical", j(1403, 8, 15), "شرح"), actor="operator")
    assert refused.value.rule == "national_id_check_digit"
    assert claims.claims() == []  # nothing registered, no file number used


# ---- register and kardex ----------------------------------------------------------------------


def test_file_numbers_follow_the_register_and_the_kardex_shows_the_persons_other_claims(desk):
    insurance, claims = desk
    contract = issue(insurance)
    first = claims.file(notice(contract, kind="medical", day=j(1403, 8, 15)), actor="operator")
    other = claims.file(notice(contract, n=2), actor="operator")
    second = claims.file(notice(contract, kind="disability", day=j(1403, 8, 15)), actor="operator")
    same = claims.file(notice(contract, kind="medical", day=j(1403, 8, 15)), actor="operator")

    assert [first.number, other.number, second.number, same.number] == [1, 2, 3, 4]
    assert second.kardex.earlier_for_person == (1,) and second.kardex.same_case == ()
    assert same.kardex.earlier_for_person == (1, 3) and same.kardex.same_case == (1,)
    assert same.kardex.same_case_paid == ()


# ---- documents, return and resubmission -----------------------------------------------------


def test_documents_are_ticked_off_the_checklist_of_the_claim_type_and_a_return_keeps_what_was_missing(desk):
    insurance, claims = desk
    contract = issue(insurance)
    view = claims.file(notice(contract, kind="death"), actor="operator")
    assert view.missing[-2:] == ("death_certificate_summary", "parents_id_copies")  # a child: both parents

    view = claims.tick_document(view.number, "death_certificate_summary", actor="sara")
    assert "death_certificate_summary" not in view.missing
    with pytest.raises(ClaimRefused) as refused:
        claims.tick_document(view.number, "passport", actor="operator")
    assert refused.value.rule == "unknown_document"

    view = claims.return_for_documents(view.number, actor="expert", note="گواهی پزشک را بفرستید")
    assert view.claim.status == "returned"
    returned = [e for e in view.events if e.action == "returned"][0]
    assert "doctor_certificate" in returned.details["missing"] and returned.actor == "expert"
    with pytest.raises(ClaimRefused):
        claims.assess(view.number, actor="operator")  # not while it is with the requester
    claims.tick_document(view.number, "doctor_certificate", actor="operator")
    assert claims.resubmit(view.number, actor="sara").claim.status == "filed"


def test_the_inquiry_is_filled_from_the_contract_and_its_confirmation_ticks_the_document(desk):
    insurance, claims = desk
    contract = issue(insurance)
    view = claims.file(notice(contract), actor="operator")

    inquiry = claims.inquiry(view.number)
    assert (inquiry.contract_number, inquiry.cover_start, inquiry.cover_end) == (contract, START, j(1404, 5, 31))
    assert (inquiry.premium_due, inquiry.payment_deadline) == (3_000_000, START + timedelta(days=30))
    assert inquiry.payments == ((1, j(1403, 5, 25), 3_000_000),)
    assert (inquiry.death_disability_capital, inquiry.medical_capital) == (100_000_000, 10_000_000)
    assert inquiry.memberships == ((START, None),)

    view = claims.confirm_inquiry(view.number, actor="issuer")
    assert "policy_inquiry" not in view.missing
    assert [e.action for e in view.events] == ["filed", "inquiry"]


# ---- analysis, assessment, override, order ---------------------------------------------------


def test_medical_payout_by_the_doctors_analysis_capped_by_what_is_left_of_the_medical_capital(desk):
    insurance, claims = desk
    contract = issue(insurance)  # medical capital 10,000,000
    first = claims.file(notice(contract, day=j(1403, 7, 1)), actor="operator")
    claims.record_analysis(first.number, DoctorAnalysis(bill=[BillLine("بستری", 8_000_000, 7_000_000),
                                                              BillLine("تلفن", 300_000)]), actor="operator")
    assessed = claims.assess(first.number, actor="operator").claim
    # 8,300,000 billed, less 1,000,000 by the analysis, less the telephone 300,000
    assert assessed.payable == 7_000_000
    assert [b["rule"] for b in assessed.assessment["breakdown"]] == [
        "medical_billed", "medical_doctor_analysis", "medical_non_payable"]
    claims.order_payment(first.number, require_documents=False, actor="operator")

    second = claims.file(notice(contract, day=j(1403, 9, 1)), actor="operator")
    claims.record_analysis(second.number, DoctorAnalysis(bill=[BillLine("surgery", 5_000_000)]), actor="operator")
    # 3,000,000 left of the person's 10,000,000 medical capital
    assert claims.assess(second.number, actor="operator").claim.assessment["breakdown"][-1] == {
        "rule": "medical_capital_cap", "amount": -2_000_000}


def test_death_after_a_paid_disability_pays_the_rest_to_the_parents_less_the_responsible_ones_share(desk):
    insurance, claims = desk
    contract = issue(insurance)
    disability = claims.file(notice(contract, kind="disability", day=j(1403, 7, 1)), actor="operator")
    claims.record_analysis(disability.number, DoctorAnalysis(disability_items=["thumb"], teeth=2), actor="operator")
    assert claims.assess(disability.number, actor="operator").claim.payable == 38_000_000  # 36% + 2 × 1% of 100,000,000
    claims.order_payment(disability.number, require_documents=False, actor="operator")

    death = claims.file(notice(contract, kind="death", day=j(1403, 9, 1)), actor="operator")
    claims.record_analysis(death.number, DoctorAnalysis(responsible=["father"]), actor="operator")
    assessment = claims.assess(death.number, actor="operator").claim.assessment
    assert assessment["payable"] == 31_000_000  # (100,000,000 − 38,000,000) / 2, the father's half kept back
    assert assessment["shares"] == [{"to": "mother", "amount": 31_000_000}]
    order = claims.order_payment(death.number, require_documents=False, actor="operator")
    assert order.shares == [{"to": "mother", "amount": 31_000_000}]


def test_an_adults_death_needs_the_heirs_and_a_wrong_analysis_is_told_at_once(desk):
    insurance, claims = desk
    contract = issue(insurance, birth=j(1360, 1, 1))
    view = claims.file(notice(contract, kind="death"), actor="operator")
    assert "inheritance_certificate" in view.missing

    with pytest.raises(ClaimInputError) as wrong:
        claims.record_analysis(view.number, DoctorAnalysis(heirs=[("همسر", "1/2"), ("پسر", "1/3")]), actor="operator")
    assert wrong.value.params["problem"] == "shares_not_whole"
    claims.record_analysis(view.number, DoctorAnalysis(heirs=[("همسر", "1/3"), ("پسر", "2/3")]), actor="operator")
    assert claims.assess(view.number, actor="operator").claim.assessment["shares"] == [
        {"to": "همسر", "amount": 33_333_333}, {"to": "پسر", "amount": 66_666_667}]  # largest remainder


def test_an_ineligible_claim_is_paid_only_after_the_claims_managers_override_with_a_reason(desk):
    insurance, claims = desk
    contract = issue(insurance, paid_on=j(1403, 6, 11))
    view = claims.file(notice(contract, kind="disability", day=j(1403, 6, 10)), actor="operator")
    claims.record_analysis(view.number, DoctorAnalysis(disability_percent="12.5"), actor="operator")
    assert claims.assess(view.number, actor="operator").claim.payable == 12_500_000

    with pytest.raises(ClaimRefused) as refused:
        claims.order_payment(view.number, require_documents=False, actor="operator")
    assert refused.value.rule == "ineligible" and refused.value.params["reasons"] == "premium_unpaid"
    with pytest.raises(ClaimRefused) as refused:
        claims.override(view.number, "چک پیش از حادثه تحویل شده بود", actor="ali", roles={"claims_expert"})
    assert refused.value.rule == "override_needs_claims_manager"
    with pytest.raises(ClaimRefused):
        claims.override(view.number, "   ", actor="boss", roles={"claims_manager"})

    claims.override(view.number, "چک پیش از حادثه تحویل شده بود", actor="boss", roles={"claims_manager"})
    order = claims.order_payment(view.number, require_documents=False, actor="operator")
    assert order.amount == 12_500_000
    override = [e for e in claims.claim(view.number).events if e.action == "override"][0]
    assert override.details == {"reason": "چک پیش از حادثه تحویل شده بود", "reasons": ["premium_unpaid"]}
    assert override.actor == "boss"


def test_an_order_needs_the_documents_unless_the_operator_waives_them_and_collection_completes_it(desk):
    insurance, claims = desk
    contract = issue(insurance)
    view = claims.file(notice(contract, kind="disability"), actor="operator")
    claims.record_analysis(view.number, DoctorAnalysis(disability_items=["big_toe"]), actor="operator")
    claims.assess(view.number, actor="operator")

    with pytest.raises(ClaimRefused) as refused:
        claims.order_payment(view.number, actor="operator")
    assert refused.value.rule == "documents_missing"
    for code in view.missing:
        claims.tick_document(view.number, code, actor="operator")
    order = claims.order_payment(view.number, actor="operator")
    assert (order.number, order.amount) == (1, 10_000_000)
    assert claims.claim(view.number).claim.status == "ordered"

    collected = claims.collected(order.number, actor="accountant", cheque="۴۴۵۵")
    assert collected.cheque == "4455" and collected.collected_by == "accountant"
    assert claims.claim(view.number).claim.status == "collected"
    with pytest.raises(ClaimRefused) as refused:
        claims.collected(order.number, actor="operator")
    assert refused.value.rule == "already_collected"


def test_an_assessment_gone_stale_is_refused_at_the_order_so_the_expert_sees_the_new_figure(desk):
    insurance, claims = desk
    contract = issue(insurance)
    a = claims.file(notice(contract, kind="disability", day=j(1403, 7, 1)), actor="operator")
    b = claims.file(notice(contract, kind="disability", day=j(1403, 8, 1)), actor="operator")
    for view in (a, b):
        claims.record_analysis(view.number, DoctorAnalysis(disability_percent=60), actor="operator")
        claims.assess(view.number, actor="operator")
    claims.order_payment(a.number, require_documents=False, actor="operator")

    with pytest.raises(ClaimRefused) as refused:
        claims.order_payment(b.number, require_documents=False, actor="operator")
    assert refused.value.rule == "assessment_stale"
    assert claims.assess(b.number, actor="operator").claim.payable == 40_000_000  # the capital bears 100% at most


def test_steps_run_inside_the_callers_transaction_and_vanish_with_it(database: Database, desk):
    insurance, claims = desk
    contract = issue(insurance)
    with database.uow() as uow:
        inside = claims.within(uow)
        view = inside.file(notice(contract), actor="chat")
        inside.tick_document(view.number, "original_bills", actor="operator")
        assert inside.claim(view.number).documents[0].code == "original_bills"
        # not committed: the workflow transition failed
    assert claims.claims() == []
    with database.uow() as uow:
        assert claims.within(uow).file(notice(contract), actor="operator").number == 1  # the number was never given
        uow.commit()
    assert [c.number for c in claims.claims(contract)] == [1]


def test_a_save_from_a_stale_version_is_refused_by_storage(database: Database, desk):
    insurance, claims = desk
    view = claims.file(notice(issue(insurance)), actor="operator")
    with database.uow() as uow:
        assert uow.claims.save(view.claim, view.claim.created_at) is not None
        assert uow.claims.save(view.claim, view.claim.created_at) is None  # the version moved on
        uow.commit()


def test_a_claim_filed_for_a_chat_request_is_found_by_its_ticket(database: Database, desk):
    insurance, claims = desk
    contract = issue(insurance)
    with database.uow() as uow:
        owner = uow.users.add("sara", "سارا محمدی", ["policyholder"])
        ticket = uow.tickets.add("claim", owner.id, {}, "submitted", LATER)
        claims.within(uow).file(dataclasses.replace(notice(contract), ticket_id=ticket.id), actor="sara")
        uow.commit()

    found = claims.claim_for_ticket(ticket.id)
    assert found is not None and found.claim.filed_by == "sara" and found.number == 1
    assert claims.claim_for_ticket(ticket.id + 1) is None
