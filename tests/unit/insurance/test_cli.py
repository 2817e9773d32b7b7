"""`python -m bot insurance ...` as an operator uses it: names, JSON keys, exit codes."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import jdatetime
import pytest

from bot.cli import main
from core.clock import utc_now
from core.jalali import today_jalali
from tests.databases import database_url
from tests.harness import EXAMPLE_CONFIG
from tests.unit.insurance.support import nid

HEADER = ["national_id", "first_name", "last_name", "birth_date", "role", "exemption", "extra_risk"]


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BIMEH_DATABASE_URL", database_url(tmp_path / "bimeh.db"))
    monkeypatch.setenv("BIMEH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--config", str(EXAMPLE_CONFIG)])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def write_roster(path: Path, rows: list[list[str]]) -> str:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return str(path)


def roster(tmp_path: Path, count: int = 3, first: int = 1, name: str = "roster.csv") -> str:
    rows = [[nid(n), "سارا", "محمدی", "1398/05/12", "child", "", "no"] for n in range(first, first + count)]
    return write_roster(tmp_path / name, rows)


def add_contract(cli, roster_file: str, *extra: str) -> tuple[int, str, str]:
    return cli("insurance", "contracts", "add", "--policyholder", "مهدکودک گل‌های بهاری", "--plan",
               "death_disability_medical", "--death-capital", "100000000", "--medical-capital", "10000000",
               "--rate", "1,000,000", "--start", "1403/06/01", "--roster", roster_file, *extra)


def test_contracts_add_prints_the_contract_with_the_documented_json_keys(cli, tmp_path):
    rows = [[nid(1), "سارا", "محمدی", "1398/05/12", "child", "", "no"],
            [nid(2), "رضا", "احمدی", "1325/06/01", "staff", "", "yes"],
            [nid(3), "مینا", "کریمی", "1399/01/01", "child", "martyr_child", ""]]
    code, out, err = add_contract(cli, write_roster(tmp_path / "r.csv", rows), "--json", "--agency", "نمایندگی ۱۲")

    assert code == 0, err
    data = json.loads(out)
    assert {"number", "policyholder", "plan", "start", "end", "days", "persons", "premium", "breakdown"} <= set(data)
    assert (data["number"], data["start"], data["end"], data["days"], data["persons"]) == (
        300000, "1403/06/01", "1404/06/01", 366, 3)
    # 1,000,000 + (78 years: +300,000; extra risk +200,000) = 1,500,000 + exempt 0
    assert data["premium"] == 2_500_000
    breakdown = {b["national_id"]: b for b in data["breakdown"]}
    assert breakdown[nid(2)]["premium"] == 1_500_000
    assert [r["rule"] for r in breakdown[nid(2)]["rules"]] == ["age_surcharge", "extra_risk"]
    assert [r["rule"] for r in breakdown[nid(3)]["rules"]] == ["exempt"]


def test_a_refused_contract_exits_2_with_the_reason_on_stderr(cli, tmp_path):
    code, out, err = cli("insurance", "contracts", "add", "--policyholder", "مهد", "--plan", "death_disability_medical",
                         "--death-capital", "100000000", "--medical-capital", "10000001", "--rate", "1000000",
                         "--start", "1403/06/01", "--roster", roster(tmp_path), "--json")
    assert code == 2 and out == ""
    assert json.loads(err)["rule"] == "medical_above_share" and "۱۰٪" in err  # --json: the rule's code for scripts


def test_a_roster_with_bad_rows_imports_nothing(cli, tmp_path):
    bad = write_roster(tmp_path / "bad.csv", [[nid(1), "سارا", "محمدی", "1398/05/12", "child", "", ""],
                                              ["0012345678", "علی", "رضایی", "1398/05/12", "child", "", ""]])
    code, out, err = add_contract(cli, bad)
    assert code == 2
    assert "سطر ۳" in err and "رقم کنترل" in err
    assert cli("insurance", "contracts", "list", "--json")[1].strip() == "[]"


def test_discount_override_and_the_authority_note(cli, tmp_path):
    code, out, err = cli("insurance", "contracts", "add", "--policyholder", "مهد", "--plan", "death_disability",
                         "--death-capital", "9000000000", "--rate", "1000000", "--start", "1403/06/01",
                         "--roster", roster(tmp_path), "--discount", "20", "--json")
    assert code == 0
    assert json.loads(out)["premium"] == 3 * 800_000
    assert "حدود اختیارات" in err  # above the default authority limit: said, not refused


def test_pay_show_endorse_cancel_and_report(cli, tmp_path):
    assert add_contract(cli, roster(tmp_path, 3))[0] == 0

    code, out, err = cli("insurance", "contracts", "pay", "300000", "--date", "1403/06/05", "--cheque", "778899",
                         "--out", str(tmp_path / "receipt.pdf"), "--json")
    assert code == 0, err
    assert json.loads(out).items() >= {"receipt_number": 1, "paid_on": "1403/06/05", "amount": 3_000_000}.items()
    assert (tmp_path / "receipt.pdf").read_bytes().startswith(b"%PDF")

    code, out, err = cli("insurance", "endorsements", "add", "300000", "--kind", "additional", "--date", "1403/07/01",
                         "--roster", roster(tmp_path, 1, first=10, name="new.csv"), "--json")
    assert code == 0, err
    # 1,000,000 x 335 / 366 = 915,300.55 -> 915,301
    assert json.loads(out).items() >= {"number": 1, "contract": 300000, "kind": "additional", "effective": "1403/07/01",
                                    "amount": 915_301}.items()

    code, out, err = cli("insurance", "endorsements", "add", "300000", "--kind", "return", "--date", "1403/07/01",
                         "--national-id", nid(10), "--json")
    assert json.loads(out)["amount"] == -915_301  # added and removed the same day: nets to zero

    code, out, err = cli("insurance", "endorsements", "add", "300000", "--kind", "cancel_policyholder",
                         "--date", "1403/08/01", "--json")
    assert json.loads(out)["amount"] == -1_800_000  # 61 days: 40% of 3,000,000 earned

    code, out, _ = cli("insurance", "contracts", "show", "300000", "--json")
    shown = json.loads(out)
    assert shown["status"] == "cancelled" and [e["kind"] for e in shown["endorsements"]] == [
        "additional", "return", "cancel_policyholder"]
    assert shown["payments"] == [{"receipt_number": 1, "paid_on": "1403/06/05", "amount": 3_000_000}]

    code, out, err = cli("insurance", "contracts", "show", "999")
    assert code == 1 and err == "پذیرفته نشد: قرارداد ۹۹۹ وجود ندارد\n"  # a Persian sentence, no code in it
    code, out, err = cli("insurance", "contracts", "show", "999", "--json")
    assert code == 1 and json.loads(err) == {"rule": "contract_not_found", "reason": "قرارداد ۹۹۹ وجود ندارد"}

    month = today_jalali(utc_now())
    for subject in ("contracts", "endorsements"):
        for name in (f"{subject}.xlsx", f"{subject}.csv"):
            code, out, err = cli("insurance", "reports", subject, f"{month.year}/{month.month:02d}", "--out",
                                 str(tmp_path / name))
            assert code == 0, err
    rows = list(csv.reader(io.StringIO((tmp_path / "contracts.csv").read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in rows] == ["شماره قرارداد", "300000", "جمع"]
    rows = list(csv.reader(io.StringIO((tmp_path / "endorsements.csv").read_text(encoding="utf-8-sig"))))
    assert [r[2] for r in rows[1:-1]] == ["اضافی (افزودن افراد)", "برگشتی (کاستن افراد)", "فسخ به درخواست بیمه‌گذار"]
    assert rows[-1][0] == "جمع" and int(rows[-1][-1]) == 915_301 - 915_301 - 1_800_000


def test_renewals_due(cli, tmp_path):
    today = today_jalali(utc_now()).togregorian()
    ends = jdatetime.date.fromgregorian(date=today + timedelta(days=10))
    start = jdatetime.date(ends.year - 1, ends.month, min(ends.day, 29))
    code, _, err = cli("insurance", "contracts", "add", "--policyholder", "مهد", "--plan", "death_disability",
                       "--death-capital", "100000000", "--rate", "1000000", "--start", f"{start:%Y/%m/%d}",
                       "--end", f"{ends:%Y/%m/%d}", "--roster", roster(tmp_path))
    assert code == 0, err

    due = json.loads(cli("insurance", "renewals", "due", "--json")[1])
    assert [(d["contract"], d["days_left"], d["persons"], d["premium"]) for d in due] == [(300000, 10, 3, 3_000_000)]
    assert json.loads(cli("insurance", "renewals", "due", "--days", "5", "--json")[1]) == []


def test_the_roster_template(cli, tmp_path):
    assert cli("insurance", "roster-template", str(tmp_path / "t.xlsx"))[0] == 0
    assert cli("insurance", "roster-template", str(tmp_path / "t.csv"))[0] == 0
    assert (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()[0] == (
        "کد ملی,نام,نام خانوادگی,تاریخ تولد,نقش,معافیت,ریسک اضافی")


def test_a_5000_row_roster_imports_as_a_subprocess_without_a_progress_bar_when_piped(tmp_path):
    rows = [[nid(n), "سارا", "محمدی", "1398/05/12", "child" if n % 10 else "staff", "", "no"] for n in range(1, 5001)]
    path = write_roster(tmp_path / "big.csv", rows)
    env = {"BIMEH_DATABASE_URL": database_url(tmp_path / "bimeh.db"), "BIMEH_DATA_DIR": str(tmp_path / "data"),
           "PATH": "/usr/bin:/bin"}
    root = Path(__file__).resolve().parents[3]
    command = [sys.executable, "-m", "bot", "insurance", "contracts", "add", "--policyholder", "سازمان بهزیستی",
               "--policyholder-kind", "welfare", "--plan", "death_disability", "--death-capital", "100000000",
               "--rate", "1000000", "--start", "1403/06/01", "--roster", path, "--json",
               "--config", str(EXAMPLE_CONFIG)]
    began = time.monotonic()
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300)
    took = time.monotonic() - began

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # piped: no progress bar
    data = json.loads(done.stdout)
    assert (data["persons"], data["premium"]) == (5000, 5000 * 750_000)  # 500+ persons: 25% off
    print(f"\n5,000-row roster import (python -m bot insurance contracts add, end to end): {took:.2f} s")
    assert took < 120


def test_policyholders_link_and_unlink_a_user(cli, tmp_path):
    from bot.app import build_app
    from bot.config import load_config

    code, out, _ = cli("insurance", "policyholders", "link", "reza", "--policyholder", "مهدکودک ستاره", "--kind",
                       "kindergarten")
    assert code == 0 and "مهدکودک ستاره" in out and "policyholder" in out  # reza lacks the role: said so
    config = load_config(str(EXAMPLE_CONFIG))
    app = build_app(config)
    try:
        reza = app.desk.directory.find("reza")
        assert app.desk.insurance.policyholder_of(reza.id).name == "مهدکودک ستاره"
        # the example config's link is applied at start
        kindergarten = app.desk.directory.find("kindergarten")
        assert app.desk.insurance.policyholder_of(kindergarten.id).name == "مهدکودک گل‌ها"
    finally:
        app.close()
    assert cli("insurance", "policyholders", "unlink", "reza")[0] == 0
    app = build_app(config)
    try:
        assert app.desk.insurance.policyholder_of(app.desk.directory.find("reza").id) is None
    finally:
        app.close()
    assert cli("insurance", "policyholders", "link", "nobody", "--policyholder", "x y z")[0] == 1
