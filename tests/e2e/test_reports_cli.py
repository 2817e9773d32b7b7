"""The month's reports and Saman's file from `python -m bot insurance reports ...` as subprocesses, as the
issuing office runs them (issue 23): Persian files and Persian sentences, the issued contract in them."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jdatetime
import pytest
from openpyxl import load_workbook

from tests.e2e.driver import Deployment
from tests.unit.insurance.chat_support import GOOD_ROSTER
from tests.wording import leaks

pytestmark = pytest.mark.slow


def test_the_months_reports_and_the_saman_file(tmp_path: Path):
    deploy = Deployment(tmp_path)
    (tmp_path / "roster.csv").write_bytes(GOOD_ROSTER)
    today = jdatetime.date.today()
    month = f"{today.year}/{today.month:02d}"
    added = deploy.run("insurance", "contracts", "add", "--policyholder", "=HYPERLINK(\"http://x\",\"y\")", "--plan",
                       "death_disability", "--death-capital", "100000000", "--rate", "1000000", "--start",
                       f"{today:%Y/%m/%d}", "--roster", str(tmp_path / "roster.csv"), "--json")
    proposal = json.loads(added.stdout)["proposal"]
    deploy.run("insurance", "contracts", "pay", str(proposal), "--date", f"{today:%Y/%m/%d}", "--cheque", "1",
               "--out", str(tmp_path / "receipt.pdf"))

    said = [deploy.run("insurance", "reports", "contracts", month, "--out", str(tmp_path / "c.xlsx")),
            deploy.run("insurance", "reports", "saman", month, "--out", str(tmp_path / "saman.csv"))]
    text = "".join(p.stdout.decode() + p.stderr.decode() for p in said)
    assert "گزارش قراردادهای ماه" in text and "فایل سامان ماه" in text and not leaks(text)

    sheet = load_workbook(tmp_path / "c.xlsx")["قراردادها"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == 300_000 and rows[1][4] == '=HYPERLINK("http://x","y")'  # the name kept, as text
    assert sheet["E2"].data_type == "s"
    saman = list(csv.reader(io.StringIO((tmp_path / "saman.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert saman[0][:3] == ["نوع سند", "شماره ثبت", "شماره قرارداد"] and len(saman) == 2
    assert saman[1][:3] == ["قرارداد", "300000", "300000"] and saman[1][8].startswith("'=")
