"""The directory down or hanging (slapd on 127.0.0.1, started by the tests): people the desk knows keep
working, others are told to try again, and while the directory (or a /link password's bind) hangs for
one person, nobody else waits: neither the database nor the desk's threads are held.
"""
from __future__ import annotations

import asyncio
import threading
import time

import pytest

from bot.events import Inbound, Outbound
from bot.runtime.desk_threads import DeskThreads
from core.notifications import TELEGRAM
from tests.directory.people import link, linked_to
from tests.harness import ChatHarness, console_says, said
from tests.ldap_server import LdapServer


def test_the_directory_down_then_back(desk: ChatHarness, ldap: LdapServer):
    desk.say("neda", "/whoami")  # known from now on
    desk.clock.advance(seconds=600)  # what the directory said is stale
    ldap.stop()
    try:
        assert "ندا کاظمی" in said(desk.say("neda", "/whoami"))  # known people keep working
        assert "درخواست" in said(desk.say("neda", "/my"))
        text = said(desk.say("kamran", "/whoami"))
        assert "دوباره تلاش کنید" in text and "Traceback" not in text
        assert "دوباره تلاش کنید" in said(link(desk, 740, "parisa", "parisa-pass-1"))
    finally:
        ldap.start()
    deadline = time.monotonic() + 20
    while "دوباره تلاش کنید" in (text := said(desk.say("kamran", "/whoami"))) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "کامران صالحی" in text


def _directory_hangs_for_neda(desk: ChatHarness, monkeypatch) -> tuple[threading.Event, threading.Event]:
    """The directory is asked about neda again, and hangs (the server answers nothing) until the
    test sets `answer`; `asked` is set once it has been asked."""
    desk.say("neda", "/whoami")
    desk.clock.advance(seconds=301)  # what the directory said of neda is stale: it is asked again
    lookup = desk.app.desk.people.lookup
    real_find, asked, answer = lookup.find, threading.Event(), threading.Event()

    def find(username: str):  # noqa: ANN202
        if username == "neda":
            asked.set()
            answer.wait(30)  # hangs until the test lets it answer
        return real_find(username)

    monkeypatch.setattr(lookup, "find", find)
    return asked, answer


def test_a_hanging_directory_keeps_nobody_else_waiting(desk: ChatHarness, monkeypatch):
    """The directory is asked before an update's transaction: while it hangs for one person (the
    server answers nothing), the database is not held, and everyone else is served."""
    asked, answer = _directory_hangs_for_neda(desk, monkeypatch)
    replies: dict[str, str] = {}
    neda = threading.Thread(target=lambda: replies.update(neda=said(desk.say("neda", "/whoami"))))
    neda.start()
    try:
        assert asked.wait(10)
        maryam = threading.Thread(target=lambda: replies.update(maryam=said(desk.say("maryam", "/my"))))
        maryam.start()
        maryam.join(10)
        assert not maryam.is_alive(), "maryam waited for the directory's answer about neda"
        assert "درخواست" in replies["maryam"] and "neda" not in replies
    finally:
        answer.set()
        neda.join(30)
    assert "ندا کاظمی" in replies["neda"]


def test_a_hanging_directory_holds_none_of_the_desks_threads(desk: ChatHarness, monkeypatch):
    """Through the transports' runner with one desk thread: while the directory hangs for one
    person, the lookup waits in a thread of its own, and someone else's update is handled."""
    desk.app.runner.threads = DeskThreads(1)
    asked, answer = _directory_hangs_for_neda(desk, monkeypatch)

    async def both() -> tuple[str, str]:
        neda = asyncio.create_task(desk.app.runner.handle(console_says("neda", "/whoami")))
        try:
            assert await asyncio.to_thread(asked.wait, 10)
            maryam = said(await asyncio.wait_for(desk.app.runner.handle(console_says("maryam", "/my")), 10))
        finally:
            answer.set()
        return said(await neda), maryam

    neda, maryam = asyncio.run(both())
    assert "درخواست" in maryam and "ندا کاظمی" in neda
    desk.app.runner.threads.close()


@pytest.mark.parametrize("step", ["newcomer", "holder"])
def test_a_hanging_directory_during_a_link_password_keeps_nobody_else_waiting(desk: ChatHarness, monkeypatch, step):
    """The password of a /link step is checked (an LDAP bind) before the update's transaction: while
    the bind hangs for one person, someone else's /start and form answers are served."""
    def telegram(text: str) -> list[Outbound]:  # through the runner: one transaction, as the transports do
        return desk.app.runner.handle_blocking(Inbound(platform=TELEGRAM, chat_id="750", sender_id="750", text=text))

    if step == "holder":  # a linked chat moving its link: the holder's password is the one that hangs
        link(desk, 750, "neda", "neda-pass-1")
        link(desk, 750, "parisa", "parisa-pass-1")
        password, who_hangs = "neda-pass-1", "neda"
    else:
        telegram("/link")
        telegram("parisa")
        password, who_hangs = "parisa-pass-1", "parisa"
    desk.say("maryam", "/new")
    desk.press("maryam", "صدور و پرداخت حق بیمه")
    lookup = desk.app.desk.people.lookup
    real_check, asked, answer = lookup.check_password, threading.Event(), threading.Event()

    def check_password(person, secret):  # noqa: ANN001, ANN202
        if person.username == who_hangs:
            asked.set()
            answer.wait(30)  # the bind hangs until the test lets it answer
        return real_check(person, secret)

    monkeypatch.setattr(lookup, "check_password", check_password)
    replies: dict[str, list[Outbound]] = {}
    linking = threading.Thread(target=lambda: replies.update(linking=telegram(password)))
    linking.start()
    try:
        assert asked.wait(10)

        def maryam() -> None:
            replies["start"] = desk.say("maryam", "/start")
            replies["answer"] = desk.say("maryam", "مریم احمدی")

        other = threading.Thread(target=maryam)
        other.start()
        other.join(10)
        assert not other.is_alive(), "maryam waited for the directory's answer about someone's password"
        assert "مریم" in said(replies["start"]) and "واحد سازمانی" in said(replies["answer"])
        assert "linking" not in replies
    finally:
        answer.set()
        linking.join(30)
    assert replies["linking"][0].delete_inbound and "وصل شد" in said(replies["linking"])
    assert "پریسا نوری" in said(replies["linking"]) and linked_to(desk, 750) == "parisa"
