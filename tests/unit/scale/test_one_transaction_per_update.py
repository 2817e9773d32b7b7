"""An update's handling and what the transport does with it (marking it handled in the inbox)
are one transaction: if that cannot be committed, nothing of the update happened, and the
person, told so, sends it again."""
from __future__ import annotations

from bot.events import Inbound
from core.errors import StorageUnavailable
from core.notifications import TELEGRAM
from tests.harness import ChatHarness, said


def _approve(desk: ChatHarness, then=None) -> str:
    inbound = Inbound(platform=TELEGRAM, chat_id="7001", sender_id="7001", text="/approve 1", message_id="7001:1")
    return said(desk.app.runner.handle_blocking(inbound, then))


def test_an_update_whose_transaction_fails_is_not_done_and_can_be_sent_again(desk: ChatHarness):
    desk.app.desk.directory.link("welfare", TELEGRAM, "7001")
    desk.file_request("maryam")
    desk.app.desk.inbox.store(TELEGRAM, [(1, {"update_id": 1})])
    waiting = desk.ticket(1).status

    calls = []

    def mark_then_fail(replies, within) -> None:  # within: the desk over the update's transaction
        within.inbox.handled(TELEGRAM, 1)
        calls.append(1)
        if len(calls) == 1:
            raise StorageUnavailable()  # the database went away before the commit

    told = _approve(desk, mark_then_fail)
    assert "در دسترس نیست" in told  # told that it was not handled, to send it again
    assert desk.ticket(1).status == waiting != "document_review"  # and indeed not approved
    # marked handled on its own afterwards: not replayed at the next start behind the person's back
    assert desk.app.desk.inbox.unhandled(TELEGRAM) == []

    told = _approve(desk)  # sent again (the processed mark went with the failed transaction)
    assert "#۱" in told or "تأیید" in told
    assert desk.ticket(1).status == "document_review"


def test_the_new_request_menu_asks_who_may_file_without_a_savepoint(desk: ChatHarness):
    """/new reads who may file a claim (a guardian's links): reads inside the update's
    transaction, which need no savepoint of their own (two statements each time)."""
    from sqlalchemy import event

    statements: list[str] = []
    event.listen(desk.app.database.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: statements.append(statement))
    desk.say("maryam", "/new")
    desk.press("maryam", "صدور و پرداخت حق بیمه")
    assert any("contract_guardians" in s for s in statements)  # it was asked
    assert not [s for s in statements if "SAVEPOINT" in s]
