"""What `python -m bot insurance ...` says in Persian is Persian whole (issue 23, «wording»): no code,
no catalog key inside a sentence, on stdout or stderr, whatever the command, the refusal or the report.
(The rule: tests/wording.py.)"""
from __future__ import annotations

from tests.unit.insurance.support import nid
from tests.unit.insurance.test_claims_cli import add_claim, contract_paid
from tests.unit.insurance.test_cli import cli, roster, write_roster  # noqa: F401 - cli: the fixture
from tests.wording import leaks


def test_every_line_the_command_line_says_is_in_words(cli, tmp_path):  # noqa: F811 - the fixture
    said: list[str] = []

    def run(*args: str) -> int:
        code, out, err = cli(*args)
        said.extend([out, err])
        return code

    contract_paid(cli, tmp_path)
    bad = write_roster(tmp_path / "bad.csv", [[nid(1), "سارا", "", "1398/13/01", "teacher", "hero", "maybe"]])
    for args in (
        ("insurance", "contracts", "show", "300000"), ("insurance", "contracts", "list"),
        ("insurance", "contracts", "add", "--policyholder", "مهد", "--plan", "death_disability_medical",
         "--death-capital", "100000000", "--medical-capital", "20000000", "--rate", "1000000", "--start",
         "1403/06/01", "--roster", roster(tmp_path, first=50, name="r2.csv")),  # medical above 10%: refused
        ("insurance", "contracts", "add", "--policyholder", "مهد", "--plan", "death_disability", "--death-capital",
         "100000000", "--rate", "1000000", "--start", "1403/06/01", "--roster", bad),  # every bad row told
        ("insurance", "endorsements", "add", "300000", "--kind", "return", "--date", "1403/07/01",
         "--national-id", nid(2)),
        ("insurance", "endorsements", "add", "300000", "--kind", "return", "--date", "1403/07/01",
         "--national-id", nid(99)),  # not on the roster: refused
        ("insurance", "contracts", "show", "999"), ("insurance", "renewals", "due", "--days", "400"),
        ("insurance", "reports", "contracts", "1403/06", "--out", str(tmp_path / "c.xlsx")),
        ("insurance", "reports", "renewals", "1403/06", "--out", str(tmp_path / "r.csv")),
        ("insurance", "reports", "endorsements", "1403/06", "--out", str(tmp_path / "e.pdf")),  # wrong kind
        ("insurance", "reports", "saman", "1403/06", "--out", str(tmp_path / "s.csv")),
        ("insurance", "reports", "claims", "1403/06", "--out", str(tmp_path / "claims.xlsx")),
    ):
        run(*args)
    number = add_claim(cli, kind="disability", day="1404/06/01")["number"]  # outside cover
    run("insurance", "claims", "show", str(number))
    run("insurance", "claims", "assess", str(number), "--teeth", "2", "--item", "thumb")
    run("insurance", "claims", "order", str(number))  # ineligible: the reasons named
    text = "\n".join(said)
    assert "پذیرفته نشد" in text and "سطر ۲" in text and "نوشته شد" in text
    assert not leaks(text), [line for line in text.splitlines() if leaks(line)]
