"""Files in, end to end (issue 23): `python -m bot` as a subprocess, the way an office reaches it.
A roster a few bytes past the limit is refused unread in the console and by `contracts add`; CSV rosters
as spreadsheet programs save them are read by the command line; an attack file is one line on stderr."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jdatetime
import pytest

from tests.attack_files import csv_just_over, csv_of_persons, xlsx_bomb
from tests.e2e.driver import Deployment, plain
from tests.unit.insurance.chat_support import GOOD_ROSTER

pytestmark = pytest.mark.slow
TOO_LARGE = "بزرگ‌تر است و خوانده نشد"


@pytest.fixture
def deploy(tmp_path: Path) -> Deployment:
    deployment = Deployment(tmp_path)
    text = deployment.config.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^attachment_max_mb = .*$", "attachment_max_mb = 1", text)
    assert count == 1
    deployment.config.write_text(text, encoding="utf-8")
    return deployment


def add_contract(deploy: Deployment, roster: Path, *more: str, expect_rc: int) -> tuple[str, str]:
    proc = deploy.run("insurance", "contracts", "add", "--policyholder", "مهد آزمون", "--plan", "death_disability",
                      "--death-capital", "100000000", "--rate", "1000000", "--start", "1403/06/01",
                      "--roster", str(roster), *more, expect_rc=expect_rc)
    return proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


@pytest.mark.one_backend("tests/unit/insurance/test_files_in.py")
def test_a_roster_past_the_limit_is_refused_unread_in_the_console_and_the_command_line(deploy: Deployment):
    big = deploy.root / "big.csv"
    big.write_bytes(csv_just_over(2**20))  # cut at 1 MB it would read as ~17,000 persons and a broken row
    (deploy.root / "roster.csv").write_bytes(GOOD_ROSTER)

    _, err = add_contract(deploy, big, expect_rc=2)
    assert TOO_LARGE in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err

    today = jdatetime.date.today().strftime("%Y/%m/%d")
    with deploy.session("kindergarten") as holder:
        holder.type("/new")
        holder.press("عقد قرارداد")
        holder.press("مهدکودک گل‌ها")
        for answer in ("10100123456", "1", "1", "100000000", "1000000", today):
            holder.type(answer)
        holder.expect("لیست بیمه‌شدگان را به صورت فایل")
        holder.type(str(big))
        out = plain(holder.expect("لیست بیمه‌شدگان را به صورت فایل"))  # refused, and asked again
        assert TOO_LARGE in out and "فایل خوانده شد" not in out
        holder.type(str(deploy.root / "roster.csv"))
        assert "roster.csv (۵ نفر)" in plain(holder.expect("خلاصهٔ"))
        holder.close()


@pytest.mark.one_backend("tests/unit/insurance/test_files_in.py")
def test_the_command_line_reads_rosters_as_spreadsheets_save_them_and_refuses_attacks_in_one_line(deploy):
    saved = deploy.root / "excel.csv"  # CR line ends, ';' between fields, a BOM: a European Excel's CSV
    saved.write_bytes("\ufeff".encode() + csv_of_persons(3, "\r", ";"))
    out, _ = add_contract(deploy, saved, "--json", expect_rc=0)
    assert json.loads(out)["persons"] == 3  # the proposal's, for its three persons

    long_field = deploy.root / "long.csv"
    rows = csv_of_persons(2).decode().splitlines()
    rows[1] = rows[1].replace("سارا", "س" * 200_000)
    long_field.write_text("\n".join(rows) + "\n", encoding="utf-8")
    _, err = add_contract(deploy, long_field, expect_rc=2)
    assert "سطر ۲" in err and "بیش از اندازه بلند" in err and "Traceback" not in err and "_csv" not in err

    bomb = deploy.root / "bomb.xlsx"
    bomb.write_bytes(xlsx_bomb(100))
    _, err = add_contract(deploy, bomb, expect_rc=2)
    assert "۶۴ مگابایت" in err and len(err.strip().splitlines()) == 1
