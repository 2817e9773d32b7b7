"""The command line's numbers, dates and files, as an operator types them: bounded, one line, exit 2.

The subcommands are read from the parser itself, so one added later with a number or an
output file is tried too.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.cli import _parser, arguments

ROOT = Path(__file__).resolve().parents[2]
HUGE = "9" * 30  # a contract number beyond 64 bits (an OverflowError further in, before)
GOOD = {arguments.number: "1", arguments.count: "1", arguments.rials: "1000", arguments.jalali_date: "1404/01/15",
        arguments.jalali_month: "1404/01", arguments.out_file: "out.pdf"}


@pytest.mark.parametrize(("kind", "text", "value"), [
    (arguments.rials, "1,500,000", 1_500_000),
    (arguments.rials, "۱٬۵۰۰٬۰۰۰", 1_500_000),  # the Persian thousands separator, as in chat
    (arguments.rials, "1_500_000", 1_500_000),
    (arguments.rials, "٢٠٠", 200),  # Arabic-Indic digits
    (arguments.rials, str(2**63 - 1), 2**63 - 1),
    (arguments.number, "۳۰۰۰۰۱", 300001),
    (arguments.count, "0", 0),
    (arguments.jalali_date, "۱۴۰۴/۰۱/۱۵", date(2025, 4, 4)),
    (arguments.jalali_date, "1300-01-01", date(1921, 3, 21)),
    (arguments.jalali_month, "۱۴۰۴/۸", (1404, 8)),
])
def test_what_a_person_types_is_read(kind, text, value):
    assert kind(text) == value


@pytest.mark.parametrize(("kind", "text", "words"), [
    (arguments.rials, str(2**63), "too large"),
    (arguments.rials, "1" * 5000, "too large"),  # no "exceeds the limit for integer string conversion"
    (arguments.rials, "-5", "whole number of rials"),
    (arguments.rials, "1.5", "whole number of rials"),
    (arguments.number, "0", "from 1"),
    (arguments.number, HUGE, "too large"),
    (arguments.count, "-1", "0 or more"),
    (arguments.jalali_date, "1299/12/29", "from 1300"),
    (arguments.jalali_date, "99999/01/01", "YYYY/MM/DD"),
    (arguments.jalali_date, "1404/12/30", "no such day"),
    (arguments.jalali_month, "1404/13", "YYYY/MM"),
    (arguments.jalali_month, "1200/01", "from 1300"),
])
def test_what_cannot_be_is_refused_with_a_reason(kind, text, words):
    with pytest.raises(argparse.ArgumentTypeError, match=words):
        kind(text)


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command words, parser) of every subcommand that takes arguments of its own."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
    for sub in subs:
        for name, child in sub.choices.items():
            yield from _leaves(child, (*path, name))


def _argv(path: tuple[str, ...], parser: argparse.ArgumentParser, target: argparse.Action, bad: str) -> list[str]:
    """The command with `bad` for `target` and good values for the positionals before it."""
    argv = list(path)
    for action in parser._actions:
        if action.option_strings or isinstance(action, argparse._SubParsersAction):
            continue
        if action is target:
            return [*argv, bad]
        argv.append(GOOD.get(action.type, "x"))
    return [*argv, target.option_strings[-1], bad]


def _cases(kinds: tuple, bad: str) -> list:
    cases = []
    for path, parser in _leaves(_parser()):
        for action in parser._actions:
            if action.type in kinds:
                cases.append(pytest.param(_argv(path, parser, action, bad), action.dest,
                                          id=" ".join(path) + f" {action.dest}"))
    return cases


NUMBER_CASES = _cases((arguments.number, arguments.count, arguments.rials), HUGE)
OUT_CASES = _cases((arguments.out_file,), "/no/such/folder/out.file")


def test_every_number_and_every_written_file_of_the_command_line_is_bounded():
    assert len(NUMBER_CASES) >= 20 and len(OUT_CASES) >= 6  # 14 subcommands took a 30-digit number before
    leaves = [" ".join(path) for path, _ in _leaves(_parser())]
    assert "insurance reports contracts" in leaves and "insurance roster-template" in leaves


@pytest.mark.parametrize(("argv", "dest"), NUMBER_CASES)
def test_a_number_beyond_64_bits_is_one_line_and_exit_2(argv, dest, capsys):
    with pytest.raises(SystemExit) as stopped:
        _parser().parse_args(argv)
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and err.count("\n") == 1, err
    assert "too large" in err and "9,223,372,036,854,775,807" in err and "Traceback" not in err


@pytest.mark.parametrize(("argv", "dest"), OUT_CASES)
def test_out_into_a_folder_that_does_not_exist_is_one_line_and_exit_2(argv, dest, capsys):
    with pytest.raises(SystemExit) as stopped:
        _parser().parse_args(argv)
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and err.count("\n") == 1, err
    assert "/no/such/folder" in err and "does not exist" in err


def test_an_out_file_with_a_name_too_long_for_the_file_system_is_refused_not_a_traceback(tmp_path_factory):
    folder = tmp_path_factory.mktemp("out")
    with pytest.raises(argparse.ArgumentTypeError, match="too long"):
        arguments.out_file(str(folder / ("x" * 300) / "report.xlsx"))


def test_an_out_file_that_is_a_folder_is_refused(tmp_path_factory):
    folder = tmp_path_factory.mktemp("out")
    with pytest.raises(argparse.ArgumentTypeError, match="is a folder"):
        arguments.out_file(str(folder))
    assert arguments.out_file(str(folder / "report.xlsx")) == str(folder / "report.xlsx")


@pytest.mark.parametrize("argv", [
    ["insurance", "contracts", "show", HUGE],
    ["insurance", "reports", "contracts", "1404/05", "--out", "/no/such/folder/report.xlsx"],
    ["insurance", "roster-template", "/no/such/folder/roster.xlsx"],
])
def test_as_an_operator_runs_it(argv, tmp_path_factory):
    where = tmp_path_factory.mktemp("cli")
    proc = subprocess.run([sys.executable, "-m", "bot", *argv], capture_output=True, text=True, timeout=60,
                          cwd=where, env={"PYTHONPATH": str(ROOT), "PATH": "",
                                          "BIMEH_DATABASE_URL": f"sqlite:///{where / 'bimeh.db'}"})
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert not (where / "bimeh.db").exists()  # refused before anything was opened


def test_a_contract_priced_with_the_persian_thousands_separator(tmp_path, monkeypatch, capsys):
    import json

    from bot.cli import main
    from core.clock import utc_now
    from core.jalali import today_jalali
    from tests.databases import database_url
    from tests.harness import EXAMPLE_CONFIG
    from tests.unit.insurance.test_cli import roster

    monkeypatch.setenv("BIMEH_DATABASE_URL", database_url(tmp_path / "bimeh.db"))
    monkeypatch.setenv("BIMEH_DATA_DIR", str(tmp_path / "data"))
    code = main(["insurance", "contracts", "add", "--policyholder", "مهدکودک گل‌ها", "--plan", "death_disability",
                 "--death-capital", "۱۰۰٬۰۰۰٬۰۰۰", "--rate", "۱٬۰۰۰٬۰۰۰", "--start", "۱۴۰۳/۰۶/۰۱",
                 "--roster", roster(tmp_path, count=2), "--json", "--config", str(EXAMPLE_CONFIG)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["premium"] == 2 * 1_000_000
    proposal = json.loads(out)["proposal"]
    today = f"{today_jalali(utc_now()):%Y/%m/%d}"
    assert main(["insurance", "contracts", "pay", str(proposal), "--date", today, "--cheque", "۱٬۲۳۴", "--amount",
                 "۲٬۰۰۰٬۰۰۰", "--out", str(tmp_path / "r.pdf"), "--json", "--config", str(EXAMPLE_CONFIG)]) == 0
    number = json.loads(capsys.readouterr().out)["number"]
    assert main(["insurance", "contracts", "show", str(number), "--json", "--config", str(EXAMPLE_CONFIG)]) == 0
    contract = json.loads(capsys.readouterr().out)
    assert contract["death_capital"] == 100_000_000 and contract["rate"] == 1_000_000


def test_the_first_year_is_the_chats():
    from core.jalali import MIN_YEAR

    assert arguments.MIN_YEAR == MIN_YEAR
