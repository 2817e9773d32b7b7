"""The transport's small parts: dates in the form the server takes, button menus."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from bot.app import build_app
from bot.events import Button, Outbound
from bot.transports.rocketchat.menus import KEEP_TOKENS, UNKNOWN, ChatMenu, MenuBook
from bot.transports.rocketchat.messages import Message, format_time, oldest_first, parse_time
from core.notifications import ROCKETCHAT
from tests import harness


def test_dates_are_read_in_both_forms_and_written_with_z() -> None:
    moment = datetime(2024, 11, 20, 7, 30, 0, 123000, tzinfo=timezone.utc)
    assert parse_time("2024-11-20T07:30:00.123Z") == moment
    assert parse_time({"$date": 1732087800123}) == moment
    assert format_time(moment) == "2024-11-20T07:30:00.123Z"


def test_messages_with_and_without_a_time_sort_oldest_first_the_timeless_first() -> None:
    """The poller reads a room's history oldest first; one message without a time (a server that
    leaves it out) once made the sort compare a naive with an aware moment and raise."""
    messages = [{"_id": "later", "ts": "2024-11-20T07:31:00.000Z"}, {"_id": "none"},
                {"_id": "earlier", "ts": {"$date": 1732087800123}}, {"_id": "empty", "ts": ""}]
    assert [m["_id"] for m in oldest_first(messages, "ts")] == ["none", "empty", "earlier", "later"]


def test_a_message_with_a_type_is_a_system_message_and_files_come_from_attachments() -> None:
    message = Message.parse({
        "_id": "m1", "rid": "r", "msg": "", "ts": "2024-11-20T07:30:00.000Z", "t": "uj",
        "u": {"_id": "u1", "username": "maryam"},
        "file": {"_id": "f1", "name": "scan.pdf", "type": "application/pdf"},
        "attachments": [{"type": "file", "title": "scan.pdf", "title_link": "/file-upload/f1/scan.pdf"}],
    })
    assert message.system and message.is_from("u1", "")
    assert [(f.name, f.url, f.declared_type) for f in message.files] == [
        ("scan.pdf", "/file-upload/f1/scan.pdf", "application/pdf")]


def test_a_chat_keeps_a_bounded_number_of_buttons() -> None:
    menu = ChatMenu()
    first = menu.add("v:1")
    for n in range(KEEP_TOKENS):
        menu.add(f"v:{n + 2}")
    assert len(menu.tokens) == KEEP_TOKENS and first not in menu.tokens


async def test_presses_map_only_to_the_chats_own_menu_and_numbers_restart(tmp_path: Path) -> None:
    app = build_app(harness.test_config(tmp_path), clock=harness.FixedClock())
    try:
        book = MenuBook(app.desk.transport_state, ROCKETCHAT)
        drawn = await book.draw("maryam", Outbound("?", [[Button("بله", "v:1"), Button("خیر", "v:2")]]))
        assert drawn.text.endswith("1) بله\n2) خیر")
        press = drawn.attachments[0]["actions"][1]["msg"]
        assert await book.pressed("maryam", press) == "v:2"
        assert await book.pressed("reza", press) is UNKNOWN  # another chat's button
        assert await book.pressed("maryam", "\u2066" + press + "\u2069") == "v:2"
        assert await book.pressed("maryam", "2") == "v:2"
        assert await book.pressed("maryam", "3") is None  # not an option: ordinary text
        assert await book.pressed("maryam", "بله") is None  # a label typed is text, not a press
        await book.start_turn("maryam")
        assert await book.pressed("maryam", "2") is None
        assert await book.pressed("maryam", press) == "v:2"  # the button itself still works
        # stored: a new book (after a restart) knows the same buttons
        again = MenuBook(app.desk.transport_state, ROCKETCHAT)
        assert await again.pressed("maryam", press) == "v:2"
    finally:
        app.close()
