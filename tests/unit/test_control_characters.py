"""Control characters never reach another person's terminal.

They are stripped from every free text on arrival (whatever the platform), and
escaped when printed to a terminal, for text stored before that.
"""
from __future__ import annotations

import asyncio
import io
import json

import pytest

from bot.cli import main
from bot.events import Inbound, IncomingFile
from bot.transports.console import ConsoleTransport
from core.text import clean_text, escape_controls
from tests.harness import EXAMPLE_CONFIG, GOOD_ANSWERS, ChatHarness

HOSTILE = "شرح\x1b[2J\x1b]0;pwned\x07 با\x00 رنگ\x1b[31m\x9b قرمز\ud800"
RAW_CONTROLS = ("\x1b", "\x07", "\x00", "\x9b", "\ud800")


def test_clean_text_strips_c0_c1_and_lone_surrogates_but_keeps_newline_tab_and_zwnj():
    assert clean_text("a\x1bb\x07c\x00d\x7fe\x85f\x9bg\ud800h") == "abcdefgh"
    assert clean_text("خط اول\r\nخط دوم\rسوم") == "خط اول\nخط دوم\nسوم"
    assert clean_text("می\u200cخواهم") == "می\u200cخواهم"


def test_an_inbound_from_any_platform_carries_no_controls():
    inbound = Inbound(platform="telegram", chat_id="1", sender_id="1", text=HOSTILE,
                      files=(IncomingFile("scan\x1b[2J.pdf", b"%PDF"),))
    assert not any(c in inbound.text for c in RAW_CONTROLS)
    assert inbound.files[0].filename == "scan[2J.pdf"


def test_escape_controls_makes_them_visible_and_keeps_json_valid():
    assert escape_controls("a\x1b[2J\tb\nc\x9b\ud800") == "a\\u001b[2J\tb\nc\\u009b\\ud800"
    assert json.loads(escape_controls(json.dumps({"x": "\x9b\ud800"}, ensure_ascii=False))) == {"x": "\x9b\ud800"}


def test_a_description_and_a_comment_are_stored_without_controls(desk: ChatHarness):
    answers = list(GOOD_ANSWERS)
    answers[6] = HOSTILE
    n = desk.file_request(answers=answers)
    desk.say("maryam", f"/comment {n} توضیح\x1b[2J\x07 من")
    stored = desk.ticket(n).fields["description"]
    comment = desk.app.desk.tickets.operator_details(n).comments[0][0].text
    for text in (stored, comment):
        assert not any(c in text for c in RAW_CONTROLS), repr(text)
    assert comment == "توضیح[2J من"


@pytest.fixture
def stored_hostile(desk: ChatHarness) -> int:
    """A ticket whose description was stored before controls were stripped on arrival."""
    maryam = desk.app.desk.directory.find("maryam")
    fields = {"full_name": "مریم احمدی", "description": HOSTILE}
    return desk.app.desk.tickets.submit(maryam, "premium_issuance", fields).ticket.id


def test_the_console_escapes_stored_controls(desk: ChatHarness, stored_hostile: int):
    out = io.StringIO()
    console = ConsoleTransport(desk.app.runner, "welfare", stdin=io.StringIO(f"/show {stored_hostile}\n"),
                               stdout=out, poll_interval=0.05)
    asyncio.run(console.run(greet=False))
    printed = out.getvalue()
    assert "\\u001b[2J" in printed and "\\u0007" in printed
    assert not any(c in printed for c in RAW_CONTROLS)


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_tickets_show_escapes_stored_controls(desk: ChatHarness, stored_hostile: int, monkeypatch, capsys,
                                             json_flag):
    monkeypatch.setenv("BIMEH_DATABASE_URL", desk.config.database.url)
    monkeypatch.setenv("BIMEH_DATA_DIR", desk.config.general.data_dir)
    code = main(["tickets", "show", str(stored_hostile), *json_flag, "--config", str(EXAMPLE_CONFIG)])
    out = capsys.readouterr().out
    assert code == 0
    assert not any(c in out for c in RAW_CONTROLS)
    if json_flag:
        assert json.loads(out)["fields"]["description"] == HOSTILE  # the JSON still says what is stored
    else:
        assert "\\u001b[2J" in out
