"""An update's direct replies are kept with its handled mark until the transport has sent them,
so that a crash between the two leaves them to be sent at the next start."""
from __future__ import annotations

from bot.events import Button, Inbound, Menu, Outbound
from core.desk import Desk
from core.notifications import TELEGRAM
from tests.harness import ChatHarness


def test_a_reply_comes_back_from_its_json_as_it_was_sent():
    menu = Menu(((Button("📝 درخواست تازه", "m:new"), Button("❓ راهنما", "m:help")),), note="منو")
    for reply in (Outbound("پرسش ۴ از ۹\u2067 021-88776655 \u2069", buttons=[[Button("انصراف", "f:cancel")]],
                           ticket_id=12, contact_label="ارسال شمارهٔ من", menu=Menu()),
                  Outbound("آمار", photo="/data/charts/s.png", document="/data/reports/r.xlsx", menu=menu),
                  Outbound("ساده")):
        assert Outbound.from_json(reply.to_json()) == reply


def test_the_replies_of_a_handled_update_wait_until_marked_sent(desk: ChatHarness):
    inbox = desk.app.desk.inbox
    inbox.store(TELEGRAM, [(1, {"update_id": 1}), (2, {"update_id": 2}), (3, {"update_id": 3})])
    first = {"chat": "4242", "messages": [Outbound("پرسش ۲ از ۹").to_json()]}
    inbox.handled(TELEGRAM, 2, first)
    inbox.handled(TELEGRAM, 1, {"chat": "77", "messages": [Outbound("الف").to_json(), Outbound("ب").to_json()]})
    inbox.handled(TELEGRAM, 3)  # nothing to answer
    assert [(i, [m["text"] for m in r["messages"]]) for i, r in inbox.unsent_replies(TELEGRAM)] == [
        (1, ["الف", "ب"]), (2, ["پرسش ۲ از ۹"])]  # oldest update first
    assert inbox.unsent_replies("rocketchat") == []

    inbox.replied(TELEGRAM, [1])
    assert inbox.unsent_replies(TELEGRAM) == [(2, first)]
    inbox.replied(TELEGRAM, [2, 3])
    assert inbox.unsent_replies(TELEGRAM) == []
    assert inbox.unhandled(TELEGRAM) == []


def test_the_runner_hands_the_replies_to_what_it_does_in_the_updates_transaction(desk: ChatHarness):
    desk.app.desk.directory.link("maryam", TELEGRAM, "4242")
    desk.app.desk.inbox.store(TELEGRAM, [(5, {"update_id": 5})])
    given: list[list[Outbound]] = []

    def then(replies: list[Outbound], within: Desk) -> None:  # the desk over the update's transaction
        given.append(replies)
        within.inbox.handled(TELEGRAM, 5, {"chat": "4242", "messages": [r.to_json() for r in replies]})

    inbound = Inbound(platform=TELEGRAM, chat_id="4242", sender_id="4242", text="/my", deduplicated=True)
    replies = desk.app.runner.handle_blocking(inbound, then)
    assert given == [replies] and replies
    [(update_id, kept)] = desk.app.desk.inbox.unsent_replies(TELEGRAM)
    assert update_id == 5 and [Outbound.from_json(m) for m in kept["messages"]] == replies
