"""Verification codes and reprints (issue 23): a code is issued with each record, printed on every page,
the same document printed again is the same file with the same code, /verify and `documents verify` say
what a code belongs to, and only those a document belongs to may print it in chat."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.i18n import Translator
from core.insurance.claims.service import DoctorAnalysis
from core.insurance.contracts.document_codes import ALPHABET, LENGTH, normalize_code
from core.insurance.contracts.documents import DocumentNotFound, InsuranceDocuments
from core.insurance.contracts.service_types import EndorsementRequest, InsuranceError
from core.models import User
from core.text import normalize_digits
from storage.db import Database
from tests.databases import database_url
from tests.document_pages import text_of
from tests.harness import EXAMPLE_CONFIG
from tests.unit.insurance.claims_support import issue, notice, services
from tests.unit.insurance.support import j, person
from tests.unit.insurance.test_cli import add_contract, cli, roster  # noqa: F401 - the fixture

FA = Translator("fa")
ROOT = Path(__file__).resolve().parents[3]


def _json(out: str) -> dict:
    return json.loads(out)


def test_a_code_is_ten_letters_nothing_to_mistake_and_read_however_typed():
    assert len(ALPHABET) == 23 and not set("ILO0123456789") & set(ALPHABET)
    assert normalize_code("kmpqr-stxyz") == "KMPQRSTXYZ" == normalize_code(" KMPQR STXYZ ")
    assert normalize_code("KMPQRSTXY") is None and normalize_code("KMPQRSTXY0") is None
    assert normalize_code("x" * 1000) is None and LENGTH == 10


def test_the_payment_its_receipt_code_and_a_reprint_that_is_the_same_file(cli, tmp_path):  # noqa: F811
    code, out, err = add_contract(cli, roster(tmp_path), "--json")
    proposal = _json(out)["proposal"]
    # the file cannot be written: the payment is kept, the operator told why and how to print it again
    assert Path("/dev/full").exists()
    code, out, err = cli("insurance", "contracts", "pay", str(proposal), "--date", "1403/06/05", "--cheque", "7788",
                         "--out", "/dev/full", "--json")  # a disk that is full
    assert code == 0 and _json(out)["status"] == "issued" and _json(out)["file"] is None
    assert "پرداخت ثبت شد" in err and "insurance documents print receipt 1" in normalize_digits(err)
    receipt = _json(out)["receipt_number"]

    code, out, err = cli("insurance", "documents", "print", "receipt", str(receipt), "--out",
                         str(tmp_path / "receipt.pdf"), "--json")
    assert code == 0, err
    printed = _json(out)
    assert (printed["kind"], printed["number"], printed["amount"], printed["date"]) == (
        "receipt", receipt, 3_000_000, "1403/06/05")
    first = (tmp_path / "receipt.pdf").read_bytes()
    assert printed["code"] in text_of(first)
    code, out, err = cli("insurance", "documents", "print", "receipt", str(receipt), "--out",
                         str(tmp_path / "again.pdf"), "--json")
    assert _json(out)["code"] == printed["code"] and (tmp_path / "again.pdf").read_bytes() == first

    code, out, err = cli("insurance", "documents", "verify", printed["code"].lower(), "--file",
                         str(tmp_path / "receipt.pdf"), "--json")
    assert code == 0 and _json(out) == {**{k: printed[k] for k in ("code", "kind", "number", "amount", "date")},
                                        "period": None, "file_matches": True}
    forged = first.replace(b"/Title", b"/Title ", 1)
    (tmp_path / "forged.pdf").write_bytes(forged)
    code, out, err = cli("insurance", "documents", "verify", printed["code"], "--file", str(tmp_path / "forged.pdf"))
    assert code == 1 and "یکی نیست" in out
    code, out, err = cli("insurance", "documents", "verify", "ABCDEFGHJK")
    assert code == 1 and out == "" and "صادر نکرده" in err
    code, out, err = cli("insurance", "documents", "print", "receipt", "999", "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "پیدا نشد" in err


def test_endorsements_have_their_document_and_their_receipt_names_them(cli, tmp_path):  # noqa: F811
    code, out, err = add_contract(cli, roster(tmp_path), "--json")
    cli("insurance", "contracts", "pay", str(_json(out)["proposal"]), "--date", "1403/06/05", "--cheque", "1",
        "--out", str(tmp_path / "r1.pdf"))
    # an additional endorsement: quoted, then paid; the receipt names it, and the endorsement is printed
    code, out, err = cli("insurance", "endorsements", "add", "300000", "--kind", "additional", "--date", "1403/07/01",
                         "--roster", roster(tmp_path, 1, first=10, name="more.csv"), "--json")
    proposal = _json(out)["proposal"]
    code, out, err = cli("insurance", "endorsements", "pay", str(proposal), "--date", "1403/07/02", "--cheque", "2",
                         "--out", str(tmp_path / "r2.pdf"), "--endorsement-out", str(tmp_path / "e1.pdf"), "--json")
    assert code == 0, err
    receipt = text_of((tmp_path / "r2.pdf").read_bytes())
    assert "حق بیمه الحاقی اضافی شماره 1 قرارداد 300000" in receipt
    endorsement = text_of((tmp_path / "e1.pdf").read_bytes())
    assert "الحاقیه — الحاقی اضافی" in endorsement and "شماره الحاقیه: 1" in endorsement
    assert "افزوده" in endorsement and "قبض رسید: 2" in endorsement
    # a return endorsement: issued at once, its document written with --out
    code, out, err = cli("insurance", "endorsements", "add", "300000", "--kind", "return", "--date", "1403/08/01",
                         "--national-id", "0000000019", "--out", str(tmp_path / "e2.pdf"), "--json")
    assert code == 0 and _json(out)["file"] == str(tmp_path / "e2.pdf")
    returned = text_of((tmp_path / "e2.pdf").read_bytes())
    assert "الحاقی برگشتی" in returned and "0000000019" in returned and "کاسته" in returned
    assert "حق بیمه برگشتی قابل پرداخت به بیمه‌گذار" in returned


def test_documents_verify_as_a_subprocess(cli, tmp_path):  # noqa: F811
    code, out, err = add_contract(cli, roster(tmp_path), "--json")
    code, out, err = cli("insurance", "documents", "print", "quote", str(_json(out)["proposal"]), "--out",
                         str(tmp_path / "q.pdf"), "--json")
    quote_code = _json(out)["code"]
    env = {"BIMEH_DATABASE_URL": database_url(tmp_path / "bimeh.db"), "BIMEH_DATA_DIR": str(tmp_path / "data"),
           "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "bot", "insurance", "documents", "verify", "--config", str(EXAMPLE_CONFIG)]
    done = subprocess.run(command + [quote_code[:5] + "-" + quote_code[5:]], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"کد {quote_code}" in done.stdout and "طرح بیمه شماره" in done.stdout and "3,000,000" in done.stdout
    done = subprocess.run(command + ["ZZZZZZZZZZ"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout == "" and len(done.stderr.strip().splitlines()) == 1


def test_codes_are_issued_with_their_records_in_the_same_transaction(database: Database):
    insurance, claims = services(database)
    number = issue(insurance)  # a proposal and its payment: a quote's code and a receipt's
    with database.uow(write=False) as uow:
        quote, receipt = uow.document_codes.latest("quote", 1), uow.document_codes.latest("receipt", 1)
    assert quote is not None and receipt is not None and receipt.sha256 is None  # issued, not yet printed
    assert (receipt.amount, receipt.issued_on) == (3_000_000, j(1403, 5, 25))
    # a return endorsement issued at once, and a payment order
    insurance.endorsements.add(EndorsementRequest(number, "return", j(1403, 9, 1), national_ids=[person(3).national_id]),
                               actor="operator")
    view = claims.file(notice(number, kind="disability"), actor="operator")
    claims.record_analysis(view.number, DoctorAnalysis(disability_items=["little_finger"]), actor="operator")
    claims.assess(view.number, actor="operator")
    order = claims.order_payment(view.number, require_documents=False, actor="operator")
    with database.uow(write=False) as uow:
        assert uow.document_codes.latest("endorsement", 1) is not None
        assert uow.document_codes.latest("payment_order", order.number).amount == order.amount
    # a refused payment issues nothing
    refused = insurance.endorsements.add(EndorsementRequest(number, "additional", j(1403, 10, 1), [person(9)]),
                                         actor="operator").proposal.proposal.number
    with pytest.raises(InsuranceError):
        insurance.pay(refused, j(1403, 10, 2), "۱", actor="operator", amount=1)
    with database.uow(write=False) as uow:
        assert uow.document_codes.latest("receipt", 2) is None

    with database.uow(write=False) as uow:
        order_code = uow.document_codes.latest("payment_order", order.number).code
    assert order_code in text_of(claims.order_pdf(order.number, FA))  # the claims office's own print has it too
    documents = InsuranceDocuments(insurance, claims)
    printed = documents.print("payment_order", order.number, FA)
    assert printed.code.code == order_code
    assert printed.code.sha256 == hashlib.sha256(printed.data).hexdigest()
    assert documents.print("payment_order", order.number, FA).data == printed.data
    assert documents.verify(printed.code.code).kind == "payment_order"
    statistics = documents.print("statistics", number, FA, period=3)
    assert (statistics.code.period, statistics.code.amount) == (3, order.amount)
    assert "آمار غرامت پرداختی شش‌ماهه" in text_of(statistics.data)
    with pytest.raises(DocumentNotFound):
        documents.print("endorsement", 99, FA)


def test_who_may_print_which_document_in_chat(database: Database):
    insurance, claims = services(database)
    number = issue(insurance)
    holder = _user(database, "holder", ("policyholder",))
    insurance.link_user(holder.id, "مهدکودک گل‌های بهاری", actor="operator")
    other = _user(database, "stranger", ("policyholder",))
    insurance.link_user(other.id, "مهد دیگر", identifier="10100123456", actor="operator")
    documents = InsuranceDocuments(insurance, claims)
    assert documents.may_print(holder, "receipt", 1) and documents.may_print(holder, "quote", 1)
    assert documents.may_print(holder, "statistics", number)
    assert not documents.may_print(other, "receipt", 1) and not documents.may_print(other, "statistics", number)
    assert documents.may_print(_user(database, "issuer", ("issuance_expert",)), "receipt", 1)
    assert not documents.may_print(_user(database, "issuer2", ("issuance_expert",)), "payment_order", 1)
    assert documents.may_print(_user(database, "claims", ("claims_expert",)), "payment_order", 1)
    assert not documents.may_print(_user(database, "someone"), "receipt", 1)


def _user(database: Database, username: str, roles: tuple[str, ...] = ()) -> User:
    with database.uow() as uow:
        user = uow.users.add(username, username, roles)
        uow.commit()
        return user
