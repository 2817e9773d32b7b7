"""An update stored in the inbox and left unhandled by a crash is handled after the restart:
if it had been marked seen, its handling was cut off, and the person is asked to check."""
from __future__ import annotations

from bot.events import Inbound
from core.notifications import TELEGRAM
from tests.harness import ChatHarness, said


def _approve(desk: ChatHarness, message_id: str, resumed: bool = False) -> str:
    inbound = Inbound(platform=TELEGRAM, chat_id="7001", sender_id="7001", text="/approve 1",
                      message_id=message_id, resumed=resumed)
    return said(desk.app.bot.handle(inbound))


def test_a_delivered_again_update_is_dropped_silently_but_a_resumed_one_is_named_back(desk: ChatHarness):
    desk.app.desk.directory.link("welfare", TELEGRAM, "7001")
    desk.file_request("maryam")
    first = _approve(desk, "7001:1")
    assert "تأیید" in first or "#۱" in first

    assert _approve(desk, "7001:1") == ""  # the platform delivered it again: nothing to say
    told = _approve(desk, "7001:1", resumed=True)  # the crash came between "seen" and done
    assert "«/approve 1»" in told and "دوباره بفرستید" in told
    assert desk.ticket(1).status == "document_review"  # approved once, not twice


def test_a_resumed_update_never_seen_before_is_simply_handled(desk: ChatHarness):
    desk.app.desk.directory.link("welfare", TELEGRAM, "7001")
    desk.file_request("maryam")
    told = _approve(desk, "7001:2", resumed=True)
    assert "دوباره بفرستید" not in told
    assert desk.ticket(1).status == "document_review"
