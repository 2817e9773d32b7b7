"""Issue 22: the premium «surely paid before the incident» by the receipt's date (K144), every amount
bounded by what a 64-bit column holds and no date before 1300/01/01, and a claim inside the cover of a
contract cancelled or expired since (the service, the command line, the chat form)."""
from __future__ import annotations

from datetime import date

import pytest

from core.forms.validators import ValidationError
from core.insurance.claims.analysis_input import parse_analysis
from core.insurance.claims.medical import BillLine, medical_payout
from core.insurance.claims.money import MAX_RIALS, ClaimInputError, exact_fraction, rials
from core.insurance.claims.service import ClaimRefused, DoctorAnalysis
from core.insurance.contracts.service import InsuranceService
from core.insurance.contracts.service_types import ContractRequest, EndorsementRequest
from core.insurance.shared.registers import RECEIPT, next_number
from storage.db import Database
from tests.harness import PDF, ChatHarness, fa, plain, said
from tests.unit.insurance.claims_support import START, issue, notice, services
from tests.unit.insurance.support import j, nid, person
from tests.unit.insurance.test_claims_cli import add_claim, contract_paid
from tests.unit.insurance.test_cli import cli  # noqa: F401  (a fixture)

TOO_MUCH = str(MAX_RIALS + 1)  # 9,223,372,036,854,775,808: one rial above a BIGINT


# ---- the premium paid surely before the incident: the receipt's date ------------------------------


def test_a_receipt_keyed_in_long_after_counts_from_its_own_date(database: Database):
    insurance, claims = services(database)  # the clerk keys everything in on 1404/08/01
    contract = issue(insurance, paid_on=j(1403, 5, 25))  # the cheque received 1403/05/25, before the start
    assert claims.file(notice(contract, day=j(1403, 8, 15)), actor="operator").claim.eligible


def receipt(insurance: InsuranceService, contract: int, paid_on: date, amount: int) -> None:
    """A receipt for part of a premium, as an older database may hold one (the desk now issues a
    contract only once its whole premium is paid)."""
    with insurance.units.write() as uow:
        found = uow.contracts.by_number(contract)
        assert found is not None
        uow.payments.add(next_number(uow, RECEIPT), found.id, amount, "۱", paid_on, insurance.clock(), actor="operator")


def test_a_premium_paid_in_part_before_the_incident_is_not_paid_before_it(database: Database):
    insurance, claims = services(database)
    contract = issue(insurance, paid_on=None)  # three children at 1,000,000: 3,000,000 due by 1403/07/01
    receipt(insurance, contract, j(1403, 5, 25), 1_000_000)
    receipt(insurance, contract, j(1403, 6, 20), 2_000_000)
    # by the incident of 1403/06/15 only 1,000,000 of the 3,000,000 was paid: not «surely before»
    assert claims.file(notice(contract, day=j(1403, 6, 15)), actor="operator").claim.reasons == ["premium_unpaid"]
    # by 1403/06/21 all 3,000,000 was, on 1403/06/20, inside the deadline (start + 30 days)
    assert claims.file(notice(contract, day=j(1403, 6, 21)), actor="operator").claim.reasons == []


def test_a_contract_with_nothing_to_pay_does_not_wait_for_the_day_it_was_keyed_in(database: Database):
    insurance, claims = services(database)  # keyed in on 1404/08/01, the cover from 1403/06/01
    proposed = insurance.proposals.propose_contract(ContractRequest(
        "مهدکودک گل‌های بهاری", "death_disability_medical", 100_000_000, 1_000_000, START,
        [person(1, exemption="martyr_child")], 10_000_000, discount_percent=0, proposed_on=j(1403, 5, 20)),
        actor="operator")
    assert proposed.issued is not None  # nothing to pay: issued at once
    contract = proposed.issued.contract.number
    # premium 0 (a martyr's child is exempt): nothing was due, so nothing had to be paid before 1403/08/15
    assert claims.file(notice(contract, day=j(1403, 8, 15)), actor="operator").claim.reasons == []


# ---- bounds ---------------------------------------------------------------------------------------


def test_an_amount_above_a_bigint_is_refused_never_a_crash():
    assert rials(MAX_RIALS, "bill") == MAX_RIALS
    with pytest.raises(ClaimInputError) as refused:
        rials(MAX_RIALS + 1, "bill")
    assert refused.value.params["problem"] == "amount_too_large"
    # two lines each within the bound, whose sum is not: 2 × 2**62 = 2**63
    with pytest.raises(ClaimInputError) as refused:
        medical_payout([BillLine("surgery", 2**62), BillLine("lab", 2**62)], medical_capital=1)
    assert refused.value.params["problem"] == "amount_too_large"
    with pytest.raises(ClaimInputError) as refused:
        exact_fraction("9" * 5000, "share")  # too long to be a share: refused, not an int() error
    assert refused.value.params["problem"] == "not_a_number"


@pytest.mark.parametrize("typed", [f"جراحی {TOO_MUCH}", f"بیمه پایه {TOO_MUCH}", "جراحی 1000؛ آزمایش " + "9" * 5000])
def test_the_doctors_analysis_refuses_an_amount_above_a_bigint_with_its_item(typed):
    with pytest.raises(ValidationError) as refused:
        parse_analysis(typed)
    assert refused.value.code == "analysis_amount_too_large"
    assert refused.value.params["line"] == (2 if "؛" in typed else 1)


def test_the_service_refuses_an_incident_before_1300(database: Database):
    insurance, claims = services(database)
    contract = issue(insurance)
    with pytest.raises(ClaimRefused) as refused:
        claims.file(notice(contract, day=j(1299, 12, 29)), actor="operator")
    assert refused.value.rule == "incident_too_old"


def test_the_command_line_refuses_huge_amounts_and_old_dates_in_one_line(cli, tmp_path, capsys):  # noqa: F811
    contract_paid(cli, tmp_path)
    number = str(add_claim(cli)["number"])

    for args in (("assess", number, "--primary-paid", TOO_MUCH),  # argparse's bounded types (bot/cli/arguments.py)
                 ("add", "--contract", "300000", "--national-id", nid(1), "--kind", "medical", "--incident-date",
                  "1299/12/29", "--description", "افتاد")):
        with pytest.raises(SystemExit) as refused:
            cli("insurance", "claims", *args)
        err = capsys.readouterr().err
        assert refused.value.code == 2 and len(err.strip().splitlines()) == 1, err
    bill = tmp_path / "bill.csv"
    bill.write_text(f"item,amount\nجراحی,{'9' * 5000}\n", encoding="utf-8")
    code, _, err = cli("insurance", "claims", "assess", number, "--bill", str(bill))
    assert code == 2 and "سطر ۲ صورتحساب" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli("insurance", "claims", "assess", number, "--analysis", f"جراحی 1000؛ همراه {TOO_MUCH}")
    assert code == 2 and "قلم ۲" in err and len(err.strip().splitlines()) == 1


# ---- after cancellation or expiry ------------------------------------------------------------------


def test_the_command_line_files_a_claim_on_a_cancelled_contract_for_an_incident_inside_its_cover(cli, tmp_path):  # noqa: F811
    contract_paid(cli, tmp_path)  # 1403/06/01 to 1404/06/01
    code, _, err = cli("insurance", "endorsements", "add", "300000", "--kind", "cancel_insurer", "--date",
                       "1403/10/01")
    assert code == 0, err

    inside = add_claim(cli, day="1403/08/15")  # before the cancellation: filed and payable
    assert (inside["eligible"], inside["reasons"]) == (True, [])
    after = add_claim(cli, n=2, day="1403/10/05")  # after it: filed, and told why it is not payable
    assert after["eligible"] is False and "outside_cover" in after["reasons"]
    code, out, err = cli("insurance", "claims", "assess", str(inside["number"]), "--analysis", "جراحی 2,000,000",
                         "--json")
    assert code == 0 and '"payable": 2000000' in out, err


def test_a_cancelled_contract_is_offered_in_chat_and_the_incident_must_fall_inside_its_cover(chat: ChatHarness):
    insurance = chat.app.desk.insurance
    number = insurance.issue_contract(ContractRequest("مهدکودک گل‌ها", "death_disability_medical", 100_000_000,
                                                      1_000_000, j(1403, 6, 1), [person(1), person(2)], 10_000_000),
                                      paid_on=j(1403, 5, 25), cheque="123456", actor="operator").contract.number
    insurance.endorsements.add(EndorsementRequest(number, "cancel_insurer", j(1403, 8, 25)), actor="operator")

    chat.say("kindergarten", "/new")
    labels = [plain(b.label) for m in chat.press("kindergarten", "اعلام خسارت") for b in m.all_buttons()]
    assert f"قرارداد {fa(number)} (از ۱۴۰۳/۰۶/۰۱، فسخ‌شده از ۱۴۰۳/۰۸/۲۵)" in labels  # offered, marked cancelled
    chat.press("kindergarten", fa(number))
    out = said(chat.say("kindergarten", "1403/08/27 09:00"))  # after the cancellation: told the cover
    assert f"بیرون از مدت پوشش قرارداد {fa(number)} است (از ۱۴۰۳/۰۶/۰۱ تا ۱۴۰۳/۰۸/۲۴)" in out
    chat.say("kindergarten", "1403/08/20 10:30")  # inside it
    chat.say("kindergarten", nid(1))
    chat.press("kindergarten", "بله")
    chat.press("kindergarten", "هزینه پزشکی")
    chat.say("kindergarten", "در حیاط مهد زمین خورد و دستش شکست.")
    chat.press("kindergarten", "گواهی پزشک")
    chat.send_file("kindergarten", "doctor.pdf", PDF)
    chat.press("kindergarten", "مدارک")
    ticket_id = chat.press("kindergarten", "ثبت")[-1].ticket_id
    view = chat.app.desk.claims.claim_for_ticket(ticket_id)
    assert view is not None and view.claim.eligible  # filed, and payable: the incident was inside the cover
    assert chat.app.desk.claims.record_analysis(view.number, DoctorAnalysis(bill=[BillLine("جراحی", 1_000)]),
                                                actor="operator")
