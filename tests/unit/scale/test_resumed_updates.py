"""A message is marked seen in the transaction of its handling: seen means done. So a message
delivered again (a webhook retried, an update stored before a crash and handled after the
restart) is dropped silently, and one never seen is handled."""
from __future__ import annotations

from bot.events import Inbound
from core.notifications import TELEGRAM
from tests.harness import ChatHarness, said


def _approve(desk: ChatHarness, message_id: str) -> str:
    inbound = Inbound(platform=TELEGRAM, chat_id="7001", sender_id="7001", text="/approve 1", message_id=message_id)
    return said(desk.app.bot.handle(inbound))


def test_a_delivered_again_update_is_dropped_silently(desk: ChatHarness):
    desk.app.desk.directory.link("welfare", TELEGRAM, "7001")
    desk.file_request("maryam")
    first = _approve(desk, "7001:1")
    assert "تأیید" in first or "#۱" in first

    assert _approve(desk, "7001:1") == ""  # the platform delivered it again: nothing to say
    assert desk.ticket(1).status == "document_review"  # approved once, not twice


def test_an_update_never_seen_before_is_simply_handled(desk: ChatHarness):
    desk.app.desk.directory.link("welfare", TELEGRAM, "7001")
    desk.file_request("maryam")
    told = _approve(desk, "7001:2")
    assert "دوباره بفرستید" not in told
    assert desk.ticket(1).status == "document_review"
