"""A roster sent in chat (issue 23, «files in»): read before the update's transaction, so a slow one
holds no lock; read once; refused whole past the limit even when a transport let it through.
(Each transport's own refusal: tests/platforms/*/test_files_over_the_limit.py, tests/e2e/test_files_console.py.)"""
from __future__ import annotations

import threading

from core.requests import hooks as request_hooks
from tests.attack_files import csv_just_over, csv_of_persons
from tests.harness import ChatHarness, said
from tests.unit.insurance.chat_support import GOOD_ROSTER


def at_the_roster_step(chat: ChatHarness) -> None:
    chat.say("kindergarten", "/new")
    chat.press("kindergarten", "عقد قرارداد")
    chat.press("kindergarten", "✔")
    for answer in ("10100123456", "1", "1", "100000000", "1000000", "1403/09/01"):
        chat.say("kindergarten", answer)
    assert "لیست بیمه‌شدگان را به صورت فایل" in said(chat.last["kindergarten"])


def test_a_roster_being_read_holds_no_lock_and_others_are_served_meanwhile(chat: ChatHarness, monkeypatch):
    at_the_roster_step(chat)
    reading, done_waiting = threading.Event(), threading.Event()
    parse = request_hooks.FILE_PARSERS["roster"]

    def slow_roster(*args):  # a big roster takes seconds to read: here, until the other update is served
        reading.set()
        done_waiting.wait(20)
        return parse(*args)

    monkeypatch.setitem(request_hooks.FILE_PARSERS, "roster", slow_roster)
    sender = threading.Thread(target=chat.send_file, args=("kindergarten", "roster.csv", GOOD_ROSTER))
    other = threading.Thread(target=chat.say, args=("maryam", "/new"))  # writes her draft: needs the write lock
    sender.start()
    try:
        assert reading.wait(20)
        other.start()
        other.join(10)
        served_meanwhile = not other.is_alive()
    finally:
        done_waiting.set()
        sender.join(20)
        other.join(20)
    assert served_meanwhile  # before the fix, SQLite's write lock was held while the roster was read
    assert "صدور و پرداخت حق بیمه" in " ".join(b.label for m in chat.last["maryam"] for b in m.all_buttons())
    assert "roster.csv (۵ نفر)" in said(chat.last["kindergarten"])


def test_the_roster_is_read_once(chat: ChatHarness, monkeypatch):
    at_the_roster_step(chat)
    calls = []
    parse = request_hooks.FILE_PARSERS["roster"]
    monkeypatch.setitem(request_hooks.FILE_PARSERS, "roster", lambda *args: calls.append(1) or parse(*args))
    assert "roster.csv (۵ نفر)" in said(chat.send_file("kindergarten", "roster.csv", GOOD_ROSTER))
    assert calls == [1]


def test_a_roster_past_the_limit_that_reached_the_form_is_refused_whole(chat: ChatHarness):
    at_the_roster_step(chat)
    chat.app.desk.attachments.max_bytes = 2**20
    out = said(chat.send_file("kindergarten", "roster.csv", csv_just_over(2**20)))
    assert "حجم فایل بیشتر از ۱ مگابایت است" in out
    assert "لیست بیمه‌شدگان را به صورت فایل" in out  # asked again
    assert "roster" not in chat.app.desk.conversations.get("console:kindergarten")["draft"]["values"]


def test_a_roster_saved_by_any_spreadsheet_is_read_in_chat_and_a_bad_row_is_told_not_an_error(chat: ChatHarness):
    at_the_roster_step(chat)
    rows = csv_of_persons(3, "\r", ";").decode().split("\r")
    rows[2] = rows[2].replace("سارا", "س" * 200_000)  # one cell past the csv module's limit
    out = said(chat.send_file("kindergarten", "roster.csv", "\ufeff".encode() + "\r".join(rows).encode()))
    assert "سطر ۳" in out and "بیش از اندازه بلند" in out and "خطایی" not in out
    out = said(chat.send_file("kindergarten", "roster.csv", "\ufeff".encode() + csv_of_persons(3, "\r", ";")))
    assert "roster.csv (۳ نفر)" in out  # CR line ends, ';' between fields, a BOM: Excel's CSV in some locales
