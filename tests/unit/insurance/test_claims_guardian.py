"""Claims from chat, the rest of issue 11's chat side: the insured person's guardian, linked to the
contract by the policyholder, files a claim; the trusted doctor's analysis stays internal; the
file number in the submitted reply; the monthly claims report in chat; the help lines."""
from __future__ import annotations

from pathlib import Path

import openpyxl

from bot.cli import main
from tests.harness import EXAMPLE_CONFIG, ChatHarness, fa, said
from tests.unit.insurance.support import nid
from tests.unit.insurance.test_claims_chat import FALL, contract, file_claim, tick_all, to_assessment


def claim_buttons(chat: ChatHarness, user: str) -> list[str]:
    return [b.label for m in chat.last[user] for b in m.all_buttons()]


def offered(chat: ChatHarness, user: str) -> list[str]:
    """The request types /new offers the user (as buttons)."""
    chat.say(user, "/new")
    return claim_buttons(chat, user)


def start_claim(chat: ChatHarness, user: str, number: int, when: str = "1403/08/20 10:30") -> str:
    chat.say(user, "/new")
    chat.press(user, "اعلام خسارت")
    chat.press(user, fa(number))
    return said(chat.say(user, when))


def test_a_guardian_the_policyholder_linked_files_a_claim_for_their_child_only(chat: ChatHarness):
    number = contract(chat)
    other = contract(chat, holder="مهدکودک ستاره")  # another policyholder's: never offered to reza
    assert offered(chat, "reza") == ["درخواست صدور و پرداخت حق بیمه"]  # no role, no link: no claim to file

    # only the contract's policyholder (or the insurer's staff) links; the person must be on its roster
    assert "یافت نشد" in said(chat.say("maryam", f"/guardian {number} reza {nid(1)}"))
    assert "یافت نشد" in said(chat.say("kindergarten", f"/guardian {other} reza {nid(1)}"))
    assert "در فهرست بیمه‌شدگان قرارداد" in said(chat.say("kindergarten", f"/guardian {number} reza {nid(9)}"))
    assert "وجود ندارد" in said(chat.say("kindergarten", f"/guardian {number} nobody"))
    assert "/guardian" in said(chat.say("kindergarten", "/guardian reza"))  # the usage
    out = said(chat.say("kindergarten", f"ولی بیمه‌شده {fa(number)} reza {fa(nid(1))}"))  # the Persian word
    assert f"ولی بیمه‌شده در قرارداد {fa(number)} شد" in out and "رضا" in out
    assert chat.app.desk.insurance.guardians.of_contract(number)[0].national_id == nid(1)

    # reza is offered the claim, and only the contract he is a guardian on
    assert "اعلام خسارت" in offered(chat, "reza")
    chat.press("reza", "اعلام خسارت")
    assert [label for label in claim_buttons(chat, "reza") if "قرارداد" in label] == [
        label for label in claim_buttons(chat, "reza") if fa(number) in label]
    assert "نشناختم" in said(chat.say("reza", fa(other)))  # typed, not offered: refused and asked again
    chat.press("reza", fa(number))
    chat.say("reza", "1403/08/20 10:30")
    out = said(chat.say("reza", nid(2)))  # on the roster, but not his ward
    assert "ولی آنان در قرارداد" in out and "کد ملی" in out
    assert "سارا محمدی" in said(chat.say("reza", nid(1)))
    chat.press("reza", "بله")
    chat.press("reza", "هزینه پزشکی")
    chat.say("reza", FALL)
    tick_all(chat, "reza")
    chat.press("reza", "مدارک")
    replies = chat.press("reza", "ثبت")
    ticket_id = replies[-1].ticket_id
    view = chat.app.desk.claims.claim_for_ticket(ticket_id)
    assert f"شماره پرونده خسارت: {fa(view.number)}" in said(replies)  # the file number at once
    assert view.claim.national_id == nid(1)

    # his own claim: in /my and /show; the office's return reaches him like any requester
    assert f"#{fa(ticket_id)}" in said(chat.say("reza", "/my"))
    assert f"پرونده خسارت {fa(view.number)}" in said(chat.say("reza", f"/show {ticket_id}"))
    chat.say("claims", f"/return {ticket_id} گواهی پزشک خوانا نیست")
    assert "گواهی پزشک خوانا نیست" in said(chat.inbox("reza"))

    # the link for that child taken back while a claim is being filed: refused at submission; the
    # link for his other child stays, and taking back every link ends his claims
    chat.say("kindergarten", f"/guardian {number} reza {nid(2)}")
    start_claim(chat, "reza", number)
    chat.say("reza", nid(1))
    chat.press("reza", "بله")
    chat.press("reza", "فوت")
    chat.say("reza", FALL)
    chat.press("reza", "مدارک")
    assert "برداشته شد" in said(chat.say("kindergarten", f"/unguardian {number} reza {nid(1)}"))
    out = said(chat.press("reza", "ثبت"))
    assert "دیگر با شما نیست" in out and len(chat.app.desk.claims.claims()) == 1
    chat.say("reza", "/cancel")
    assert "اعلام خسارت" in offered(chat, "reza")
    chat.say("kindergarten", f"/unguardian {number} reza")
    assert "اعلام خسارت" not in offered(chat, "reza")
    assert "ولی بیمه‌شده‌ای" in said(chat.say("kindergarten", f"/unguardian {number} reza"))


def test_a_guardian_for_anyone_on_the_contract_and_the_insurers_staff_linking(chat: ChatHarness):
    number = contract(chat)
    assert "همهٔ بیمه‌شدگان" in said(chat.say("issuer", f"/guardian {number} maryam"))  # staff may link too
    start_claim(chat, "maryam", number)
    assert "سارا محمدی" in said(chat.say("maryam", nid(3)))  # anyone on the contract


def test_the_guardian_cli_links_with_the_operators_rights(chat: ChatHarness, tmp_path: Path, monkeypatch, capsys):
    number = contract(chat)
    monkeypatch.setenv("BIMEH_DATABASE_URL", chat.config.database.url)
    monkeypatch.setenv("BIMEH_DATA_DIR", str(tmp_path / "data"))

    def cli(*args: str) -> tuple[int, str, str]:
        code = main(["insurance", "policyholders", *args, "--config", str(EXAMPLE_CONFIG)])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = cli("guardian", str(number), "reza", "--national-id", nid(2))
    assert code == 0 and f"قرارداد {fa(number)}" in out and fa(nid(2)) in out
    assert cli("guardian", str(number), "reza", "--national-id", nid(8))[0] == 2  # not on the roster
    assert cli("guardian", "999999", "reza")[0] == 1
    assert cli("guardian", str(number), "nobody")[0] == 1
    assert "اعلام خسارت" in offered(chat, "reza")
    assert cli("unguardian", str(number), "reza")[0] == 0
    assert cli("unguardian", str(number), "reza")[0] == 2  # nothing left to take back
    assert "اعلام خسارت" not in offered(chat, "reza")


def test_the_doctors_analysis_stays_internal_and_the_policyholder_gets_the_breakdown(chat: ChatHarness):
    ticket_id = file_claim(chat, contract(chat))
    chat.inbox("kindergarten")
    to_assessment(chat, ticket_id, "جراحی 3000000 2500000\nهمراه 400000\nشکستگی ساده؛ سابقه ندارد")
    told = said(chat.inbox("kindergarten")).split("محاسبه خسارت", 1)[1]  # the change to assessment
    assert "شکستگی ساده" not in told and "جراحی" not in told  # nothing the doctor typed
    assert "قابل پرداخت: ۲,۵۰۰,۰۰۰ ریال" in told  # the payout and its breakdown instead
    assert "مبلغ صورتحساب: ۳,۴۰۰,۰۰۰ ریال" in told and "غیرقابل پرداخت (همراه" in told
    mine = said(chat.say("kindergarten", f"/show {ticket_id}"))
    assert "شکستگی ساده" not in mine and "قابل پرداخت: ۲,۵۰۰,۰۰۰ ریال" in mine
    # the claims office reads the analysis: in its notification and in the history
    assert "شکستگی ساده" in said(chat.inbox("claims"))
    assert "شکستگی ساده" in said(chat.say("claims", f"/show {ticket_id}"))


def test_the_monthly_claims_report_in_chat_and_the_help_lines(chat: ChatHarness):
    ticket_id = file_claim(chat, contract(chat))
    to_assessment(chat, ticket_id)
    chat.say("claims", f"/order {ticket_id}")
    chat.press("claims", "بله")
    assert chat.ticket(ticket_id).status == "ordered"
    order = chat.app.desk.claims.claim_for_ticket(ticket_id).order

    assert "گیرندگان گزارش" in said(chat.say("kindergarten", "/report claims 1403/08"))
    replies = chat.say("reports", "گزارش خسارت‌ها ۱۴۰۳/۰۸")  # the Persian words
    assert "۱ حواله" in said(replies) and replies[-1].document
    book = openpyxl.load_workbook(replies[-1].document)
    cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert order.amount in cells and order.number in cells
    assert "/report" in said(chat.say("reports", "/report claims 1403/13"))  # no such month: the usage

    assert "/report claims" in said(chat.say("reports", "/help commands"))
    claims_help = said(chat.say("accountant", "/help commands"))
    assert "/collected N" in claims_help and "/analyse N" in claims_help
    assert "/guardian N" in said(chat.say("kindergarten", "/help commands"))
    assert "/collected" not in said(chat.say("maryam", "/help commands"))
