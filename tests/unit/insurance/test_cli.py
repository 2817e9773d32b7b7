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
               "--rate", "1,000,000", "--start", "1403/06/01", "--date", "1403/05/20", "--roster", roster_file,
               *extra)


def pay(cli, proposal: int, tmp_path: Path, date: str = "1403/06/05", *extra: str) -> dict:
    code, out, err = cli("insurance", "contracts", "pay", str(proposal), "--date", date, "--cheque", "778899",
                         "--out", str(tmp_path / "receipt.pdf"), "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_contracts_add_answers_the_proposal_with_the_documented_json_keys(cli, tmp_path):
    rows = [[nid(1), "سارا", "محمدی", "1398/05/12", "child", "", "no"],
            [nid(2), "رضا", "احمدی", "1325/06/01", "staff", "", "yes"],
            [nid(3), "مینا", "کریمی", "1399/01/01", "child", "martyr_child", ""]]
    code, out, err = add_contract(cli, write_roster(tmp_path / "r.csv", rows), "--json", "--agency", "نمایندگی ۱۲")

    assert code == 0, err
    data = json.loads(out)
    assert {"proposal", "status", "number", "policyholder", "plan", "start", "end", "days", "persons", "premium",
            "breakdown"} <= set(data)
    assert (data["proposal"], data["status"], data["number"]) == (1, "proposed", None)  # no register number yet
    assert (data["start"], data["end"], data["days"], data["persons"], data["proposed_on"]) == (
        "1403/06/01", "1404/06/01", 366, 3, "1403/05/20")
    # 1,000,000 + (78 years: +300,000; extra risk +200,000) = 1,500,000 + exempt 0; no discount unless agreed
    assert data["premium"] == 2_500_000
    breakdown = {b["national_id"]: b for b in data["breakdown"]}
    assert breakdown[nid(2)]["premium"] == 1_500_000
    assert [r["rule"] for r in breakdown[nid(2)]["rules"]] == ["age_surcharge", "extra_risk"]
    assert [r["rule"] for r in breakdown[nid(3)]["rules"]] == ["exempt"]
    assert cli("insurance", "contracts", "list", "--json")[1].strip() == "[]"  # nothing unpaid is registered

    paid = pay(cli, 1, tmp_path)
    assert {"receipt_number", "number", "status", "file"} <= set(paid)
    assert (paid["receipt_number"], paid["number"], paid["status"]) == (1, 300000, "issued")
    assert Path(paid["file"]).read_bytes().startswith(b"%PDF")


def test_the_proposals_date_is_never_in_the_future_and_the_receipt_not_before_it(cli, tmp_path):
    code, out, err = add_contract(cli, roster(tmp_path), "--date", "1499/01/01")
    assert code == 2 and "آینده" in err
    code, out, err = add_contract(cli, roster(tmp_path), "--json")
    assert code == 0, err
    code, out, err = cli("insurance", "contracts", "pay", "1", "--date", "1403/05/19", "--cheque", "1")
    assert code == 2 and "پیش از تاریخ طرح" in err and "۱۴۰۳/۰۵/۲۰" in err
    assert cli("insurance", "contracts", "list", "--json")[1].strip() == "[]"


def test_the_open_proposals_are_listed_with_their_policyholder(cli, tmp_path):
    assert add_contract(cli, roster(tmp_path))[0] == 0
    code, out, err = cli("insurance", "proposals", "list", "--json")
    assert code == 0, err
    [proposal] = json.loads(out)
    assert proposal["policyholder"] == "مهدکودک گل‌های بهاری" and proposal["contract"] is None


def test_a_refused_contract_exits_2_with_the_reason_on_stderr(cli, tmp_path):
    code, out, err = cli("insurance", "contracts", "add", "--policyholder", "مهد", "--plan", "death_disability_medical",
                         "--death-capital", "100000000", "--medical-capital", "10000001", "--rate", "1000000",
                         "--start", "1403/06/01", "--roster", roster(tmp_path), "--json")
    assert code == 2 and out == ""
    assert "هزینه پزشکی حداکثر ۱۰٪" in err and "medical_above_share" not in err  # Persian, no code


def test_a_roster_with_bad_rows_imports_nothing(cli, tmp_path):
    bad = write_roster(tmp_path / "bad.csv", [[nid(1), "سارا", "محمدی", "1398/05/12", "child", "", ""],
                                              ["0012345678", "علی", "رضایی", "1398/05/12", "child", "", ""],
                                              [nid(3), "حسن", "رضایی", "1360/05/12", "staff", "veteran", ""]])
    code, out, err = add_contract(cli, bad)
    assert code == 2
    assert "سطر ۳" in err and "رقم کنترل" in err
    assert "سطر ۴" in err and "کارکنان و همسرشان معاف نیستند" in err  # K15: exemptions are for children
    assert cli("insurance", "proposals", "list", "--json")[1].strip() == "[]"


def test_the_discount_agreed_and_the_authority_note(cli, tmp_path):
    code, out, err = cli("insurance", "contracts", "add", "--policyholder", "مهد", "--plan", "death_disability",
                         "--death-capital", "9000000000", "--rate", "1000000", "--start", "1403/06/01",
                         "--roster", roster(tmp_path), "--discount", "20", "--json")
    assert code == 0
    assert json.loads(out)["premium"] == 3 * 800_000
    assert "حدود اختیارات" in err  # above the default authority limit: said, not refused
    code, out, err = cli("insurance", "contracts", "add", "--policyholder", "مهد", "--plan", "death_disability",
                         "--death-capital", "100000000", "--rate", "1000000", "--start", "1403/06/01",
                         "--roster", roster(tmp_path), "--discount", "26", "--json")
    assert code == 2 and "۲۵٪" in err  # K35: up to 25%


def test_pay_show_endorse_cancel_refund_and_report(cli, tmp_path):
    assert add_contract(cli, roster(tmp_path, 3))[0] == 0
    paid = pay(cli, 1, tmp_path)
    assert paid.items() >= {"receipt_number": 1, "paid_on": "1403/06/05", "amount": 3_000_000,
                            "number": 300000}.items()
    assert (tmp_path / "receipt.pdf").read_bytes().startswith(b"%PDF")

    code, out, err = cli("insurance", "endorsements", "add", "300000", "--kind", "additional", "--date", "1403/07/01",
                         "--roster", roster(tmp_path, 1, first=10, name="new.csv"), "--json")
    assert code == 0, err
    # 1,000,000 x 335 / 366 = 915,300.55 -> 915,301: quoted, waiting for its cheque
    assert json.loads(out).items() >= {"proposal": 2, "status": "proposed", "number": None, "contract": 300000,
                                       "kind": "additional", "effective": "1403/07/01", "amount": 915_301}.items()
    code, out, err = cli("insurance", "endorsements", "pay", "2", "--date", "1403/07/01", "--cheque", "5544",
                         "--out", str(tmp_path / "e.pdf"), "--json")
    assert code == 0, err
    assert json.loads(out).items() >= {"number": 1, "receipt_number": 2, "status": "issued"}.items()
    code, out, err = cli("insurance", "contracts", "pay", "2", "--date", "1403/07/01", "--cheque", "5544")
    assert code == 1  # an endorsement's proposal is not paid as a contract's

    code, out, err = cli("insurance", "endorsements", "add", "300000", "--kind", "return", "--date", "1403/07/01",
                         "--national-id", nid(10), "--json")
    # added and removed the same day: nets to zero; issued at once with the refund owed
    assert json.loads(out).items() >= {"status": "issued", "number": 2, "amount": -915_301}.items()

    code, out, err = cli("insurance", "endorsements", "add", "300000", "--kind", "cancel_policyholder",
                         "--date", "1403/08/01", "--json")
    assert json.loads(out).items() >= {"status": "issued", "amount": -1_800_000}.items()  # 61 days: 40% earned

    refunds = json.loads(cli("insurance", "refunds", "list", "--json")[1])
    assert [(r["endorsement"], r["amount"], r["settled"]) for r in refunds] == [(2, 915_301, False),
                                                                                 (3, 1_800_000, False)]
    code, out, err = cli("insurance", "refunds", "settle", "3", "--date", "1403/08/10", "--reference", "ح-۹۹",
                         "--json")
    assert code == 0, err and json.loads(out)["settled_on"] == "1403/08/10"
    assert cli("insurance", "refunds", "settle", "3", "--date", "1403/08/10", "--reference", "x")[0] == 2
    assert [r["endorsement"] for r in json.loads(cli("insurance", "refunds", "list", "--json")[1])] == [2]

    code, out, _ = cli("insurance", "contracts", "show", "300000", "--json")
    shown = json.loads(out)
    assert shown["status"] == "cancelled" and [e["kind"] for e in shown["endorsements"]] == [
        "additional", "return", "cancel_policyholder"]
    assert [(p["receipt_number"], p["amount"]) for p in shown["payments"]] == [(1, 3_000_000), (2, 915_301)]
    assert (shown["refunds_owed"], shown["refunds_settled"]) == (915_301, 1_800_000)

    code, out, err = cli("insurance", "contracts", "show", "999")
    assert code == 1 and "۹۹۹" in err and "contract_not_found" not in err

    # the reports of the month each was issued in: the contract by its receipt of 1403/06/05
    for subject, month in (("contracts", "1403/06"), ("endorsements", "1403/07")):
        for name in (f"{subject}.xlsx", f"{subject}.csv"):
            code, out, err = cli("insurance", "reports", subject, month, "--out", str(tmp_path / name))
            assert code == 0, err
    rows = list(csv.reader(io.StringIO((tmp_path / "contracts.csv").read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in rows] == ["شماره قرارداد", "300000", "جمع"]
    rows = list(csv.reader(io.StringIO((tmp_path / "endorsements.csv").read_text(encoding="utf-8-sig"))))
    # 1403/07: the addition (paid 1403/07/01) and the return of 1403/07/01; the cancellation is of 1403/08
    assert [r[2] for r in rows[1:-1]] == ["اضافی (افزودن افراد)", "برگشتی (کاستن افراد)"]
    assert rows[-1][0] == "جمع" and int(rows[-1][-1]) == 915_301 - 915_301


def test_renewals_due(cli, tmp_path):
    today = today_jalali(utc_now()).togregorian()
    ends = jdatetime.date.fromgregorian(date=today + timedelta(days=10))
    start = jdatetime.date(ends.year - 1, ends.month, min(ends.day, 29))
    code, _, err = cli("insurance", "contracts", "add", "--policyholder", "مهد", "--plan", "death_disability",
                       "--death-capital", "100000000", "--rate", "1000000", "--start", f"{start:%Y/%m/%d}",
                       "--end", f"{ends:%Y/%m/%d}", "--roster", roster(tmp_path))
    assert code == 0, err
    assert cli("insurance", "contracts", "pay", "1", "--date", f"{today_jalali(utc_now()):%Y/%m/%d}", "--cheque",
               "1", "--out", str(tmp_path / "r.pdf"))[0] == 0

    due = json.loads(cli("insurance", "renewals", "due", "--json")[1])
    assert [(d["contract"], d["days_left"], d["persons"], d["premium"]) for d in due] == [(300000, 10, 3, 3_000_000)]
    assert json.loads(cli("insurance", "renewals", "due", "--days", "5", "--json")[1]) == []


def test_the_roster_template(cli, tmp_path):
    assert cli("insurance", "roster-template", str(tmp_path / "t.xlsx"))[0] == 0
    assert cli("insurance", "roster-template", str(tmp_path / "t.csv"))[0] == 0
    assert (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()[0] == (
        "کد ملی,نام,نام خانوادگی,تاریخ تولد,نقش,معافیت,ریسک اضافی,بیمه‌گر اول")


def test_a_5000_row_roster_imports_as_a_subprocess_without_a_progress_bar_when_piped(tmp_path):
    rows = [[nid(n), "سارا", "محمدی", "1398/05/12", "child" if n % 10 else "staff", "", "no"] for n in range(1, 5001)]
    path = write_roster(tmp_path / "big.csv", rows)
    env = {"BIMEH_DATABASE_URL": database_url(tmp_path / "bimeh.db"), "BIMEH_DATA_DIR": str(tmp_path / "data"),
           "PATH": "/usr/bin:/bin"}
    root = Path(__file__).resolve().parents[3]
    command = [sys.executable, "-m", "bot", "insurance", "contracts", "add", "--policyholder", "سازمان بهزیستی",
               "--policyholder-kind", "welfare", "--plan", "death_disability", "--death-capital", "100000000",
               "--rate", "1000000", "--start", "1403/06/01", "--roster", path, "--discount", "25", "--json",
               "--config", str(EXAMPLE_CONFIG)]
    began = time.monotonic()
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300)
    took = time.monotonic() - began

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # piped: no progress bar
    data = json.loads(done.stdout)
    assert (data["persons"], data["premium"]) == (5000, 5000 * 750_000)  # 25% agreed
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
