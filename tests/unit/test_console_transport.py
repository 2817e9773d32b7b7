"""The console as a person types into it: numbered buttons, file paths, notifications, quitting."""
from __future__ import annotations

import asyncio
import io

from bot.transports.console import ConsoleTransport
from tests.harness import PDF, ChatHarness, plain


def run_console(desk: ChatHarness, user: str, lines: list[str], greet: bool = False) -> str:
    out = io.StringIO()
    console = ConsoleTransport(desk.app.runner, user, stdin=io.StringIO("".join(f"{line}\n" for line in lines)),
                               stdout=out, poll_interval=0.05)
    asyncio.run(console.run(greet=greet))
    return plain(out.getvalue())


def test_buttons_are_numbered_lines_and_the_number_presses_them(desk: ChatHarness):
    out = run_console(desk, "maryam", ["/new", "1", "1"])
    assert "1) درخواست صدور و پرداخت حق بیمه" in out
    assert "1) ✔ مریم احمدی" in out
    assert "(۲ از ۹) واحد سازمانی" in out  # pressing 1 took the offered name and moved on


def test_numbers_run_on_across_messages_shown_together(desk: ChatHarness):
    first = desk.file_request()
    second = desk.file_request()
    out = run_console(desk, "welfare", ["5"])  # two notifications: 1-4 for the first, 5-8 for the second
    assert "1) تأیید" in out and "5) تأیید" in out
    assert f"«تأیید» برای درخواست #{chr(0x6F0 + first)}" not in out
    assert desk.ticket(second).status == "document_review"
    assert desk.ticket(first).status == "submitted"


def test_a_number_is_an_answer_where_no_button_is_offered(desk: ChatHarness):
    out = run_console(desk, "maryam", ["/new", "1", "1", "1", "021-88776655", "09121234567", "12"])
    assert "(۶ از ۹) تاریخ وقوع حادثه" in out  # "12" was the letter number, not a button
    draft = desk.app.desk.conversations.get("console:maryam")["draft"]
    assert draft["values"]["letter_number"] == "12"


def test_a_typed_path_sends_the_file_and_a_date_is_not_a_path(desk: ChatHarness, tmp_path, monkeypatch):
    (tmp_path / "scan.pdf").write_bytes(PDF)
    monkeypatch.chdir(tmp_path)
    out = run_console(desk, "maryam", ["/new", "1", "1", "1", "021-88776655", "09121234567", "1403/2345",
                                       "1403/08/15", "./scan.pdf", "./missing.pdf"])
    assert "«scan.pdf» دریافت شد" in out
    assert "فایل پیدا نشد: ./missing.pdf" in out
    values = desk.app.desk.conversations.get("console:maryam")["draft"]["values"]
    assert values["letter_number"] == "1403/2345" and values["incident_date"] == "2024-11-05"


def test_pending_notifications_are_shown_when_the_console_opens(desk: ChatHarness):
    ticket_id = desk.file_request()
    desk.say("welfare", f"/approve {ticket_id}")
    out = run_console(desk, "maryam", [])
    assert "وضعیت درخواست #۱ تغییر کرد: بررسی اولیه مدارک" in out
    assert run_console(desk, "maryam", []) == ""  # shown once


def test_quit_stops_reading(desk: ChatHarness):
    out = run_console(desk, "maryam", ["/quit", "/new"])
    assert "نوع درخواست" not in out


def test_greeting_names_the_user_and_reminds_of_an_open_draft(desk: ChatHarness):
    run_console(desk, "maryam", ["/new", "1", "1"])
    out = run_console(desk, "maryam", [], greet=True)
    assert "سلام مریم احمدی" in out and "نیمه‌کاره" in out and "(۲ از ۹)" in out


def test_a_huge_file_is_refused_without_reading_it_whole(desk: ChatHarness, tmp_path, monkeypatch):
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:
        handle.write(PDF)
        handle.seek(3 * 1024 * 1024)
        handle.write(b"\0")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    console = ConsoleTransport(desk.app.runner, "maryam", stdin=io.StringIO("/new\n1\n./big.pdf\n"), stdout=out,
                               max_file_bytes=1024 * 1024)
    desk.app.desk.attachments.max_bytes = 1024 * 1024
    asyncio.run(console.run(greet=False))
    assert "از ۱ مگابایت بزرگ‌تر است و خوانده نشد" in plain(out.getvalue())
    assert desk.app.desk.conversations.get("console:maryam")["draft"]["attachments"] == []
