"""End to end (issue 23): a receipt printed again and checked by its code, through `python -m bot` as
subprocesses: the operator's command line pays and prints, the policyholder's console has it again with
/print and anyone's console checks it with /verify."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jdatetime
import pytest

from tests.document_pages import text_of
from tests.e2e.driver import Deployment, plain
from tests.unit.insurance.chat_support import GOOD_ROSTER

pytestmark = pytest.mark.slow


@pytest.mark.one_backend("tests/unit/insurance/test_document_codes.py::test_the_payment_its_receipt_code_and_a_reprint_that_is_the_same_file")
def test_a_receipt_printed_again_from_the_console_and_checked_by_its_code(tmp_path: Path):
    deploy = Deployment(tmp_path)
    today = jdatetime.date.today().strftime("%Y/%m/%d")
    roster = tmp_path / "roster.csv"
    roster.write_bytes(GOOD_ROSTER)
    added = json.loads(deploy.run(
        "insurance", "contracts", "add", "--policyholder", "مهدکودک گل‌ها", "--policyholder-id", "10100123456",
        "--plan", "death_disability", "--death-capital", "100000000", "--rate", "1000000", "--start", today,
        "--roster", str(roster), "--json").stdout)
    paid = json.loads(deploy.run("insurance", "contracts", "pay", str(added["proposal"]), "--date", today,
                                 "--cheque", "556677", "--out", str(tmp_path / "receipt.pdf"), "--json").stdout)
    code = re.search(r"verify ([A-Z]{10})", text_of((tmp_path / "receipt.pdf").read_bytes())).group(1)

    holder = plain(deploy.console("kindergarten", [f"/print قبض {paid['receipt_number']}", f"/verify {code}"]))
    assert "نسخه دوباره" in holder and code in holder
    shown = re.search(r"\[📄 (.+?\.pdf)\]", holder).group(1)
    assert Path(shown).read_bytes() == (tmp_path / "receipt.pdf").read_bytes()  # the same receipt
    assert "✅" in holder and "قبض رسید شماره" in holder

    other = plain(deploy.console("maryam", [f"/print قبض {paid['receipt_number']}", "/verify ABCDEFGHJK"]))
    assert "پیدا نشد" in other and "📄" not in other and "⛔" in other
