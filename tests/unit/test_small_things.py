"""Small things a hostile test found: typed date words, role before state, unreadable paths, /quit at end of input."""
from __future__ import annotations

import asyncio
import io
import threading

import pytest

from bot.transports.console import ConsoleTransport
from tests.harness import GOOD_ANSWERS, ChatHarness, plain, said

DATE_STEP = 5


def at_the_date_step(desk: ChatHarness, form_type: str = "صدور و پرداخت حق بیمه") -> None:
    desk.say("maryam", "/new")
    desk.press("maryam", form_type)
    for answer in GOOD_ANSWERS[:DATE_STEP]:
        desk.say("maryam", answer)


@pytest.mark.parametrize("typed,iso", [("امروز", "2024-11-20"), ("دیروز", "2024-11-19"), (" امروز ", "2024-11-20")])
def test_today_and_yesterday_typed_as_words_are_dates(desk: ChatHarness, typed, iso):
    at_the_date_step(desk)
    replies = desk.say("maryam", typed)
    assert "شرح" in replies[-1].text, said(replies)
    assert desk.app.desk.conversations.get("console:maryam")["draft"]["values"]["incident_date"] == iso


@pytest.mark.parametrize("typed,iso", [("Today", "2024-11-20"), ("yesterday", "2024-11-19"), ("دیروز", "2024-11-19")])
def test_the_english_words_are_understood_in_english(desk: ChatHarness, typed, iso):
    desk.say("maryam", "/lang en")
    at_the_date_step(desk, "premium")
    desk.say("maryam", typed)
    assert desk.app.desk.conversations.get("console:maryam")["draft"]["values"]["incident_date"] == iso


def test_a_requester_forwarding_her_own_ticket_is_told_she_may_not(desk: ChatHarness):
    n = desk.file_request("maryam")
    text = said(desk.say("maryam", f"/forward {n}"))
    assert "شما اجازهٔ «ارجاع به شرکت بیمه» را ندارید" in text, text
    assert "ممکن نیست" not in text
    # the right role in the wrong state still hears about the state
    assert "ممکن نیست" in said(desk.say("insurance", f"/forward {n}"))


def run_console(desk: ChatHarness, lines: list[str]) -> str:
    out = io.StringIO()
    console = ConsoleTransport(desk.app.runner, "maryam", stdin=io.StringIO("".join(f"{x}\n" for x in lines)),
                               stdout=out, poll_interval=0.05)
    asyncio.run(console.run(greet=False))
    return plain(out.getvalue())


@pytest.mark.parametrize("path", ["./" + "a" * 300 + ".pdf", "/proc/self/mem"])
def test_a_path_that_cannot_be_read_is_refused_and_the_console_goes_on(desk: ChatHarness, path):
    out = run_console(desk, [path, "/my"])
    assert "این فایل خوانده نمی‌شود" in out
    assert "هنوز درخواستی ثبت نکرده‌اید" in out  # the next line was still handled


class LateStdin:
    """/quit, then a line that arrives only after the console's event loop has closed."""

    def __init__(self) -> None:
        self.loop_closed = threading.Event()
        self.calls = 0

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        self.calls += 1
        if self.calls == 1:
            return "/quit\n"
        if self.calls == 2:
            self.loop_closed.wait(5)
            return "late line\n"
        return ""


def test_a_line_read_after_quit_is_dropped_without_an_error(desk: ChatHarness, monkeypatch):
    failures: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    stdin = LateStdin()
    console = ConsoleTransport(desk.app.runner, "maryam", stdin=stdin, stdout=io.StringIO(), poll_interval=0.05)
    asyncio.run(console.run(greet=False))
    stdin.loop_closed.set()
    console._reader.join(5)
    assert not console._reader.is_alive()
    assert failures == []
