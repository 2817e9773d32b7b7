"""/link from a real OpenLDAP directory (slapd on 127.0.0.1, started by the tests): a Telegram account
linked to a directory username by its password (never kept), the lockout after failures, moving a
link from its holder, and one-time codes.

Each test goes through Bot.handle as a person in Telegram, the console or Rocket.Chat would.
"""
from __future__ import annotations

import logging

import pytest

from bot.events import Outbound
from core.notifications import TELEGRAM
from tests.directory.people import link, linked_to, modify, rc, tg
from tests.harness import ChatHarness, fa, said
from tests.ldap_server import INSURANCE_GROUP, PEOPLE, LdapServer

TEHRAN_LOCK_END = "۱۴۰۳/۰۸/۳۰ ۱۱:۱۵"  # DEFAULT_NOW 07:30 UTC + 15 minutes, in Tehran (+03:30)


# -- /link with a password ------------------------------------------------------------------


def test_link_with_the_right_password_deletes_it_and_never_keeps_it(desk: ChatHarness, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    assert "نام کاربری" in said(tg(desk, 701, "/link"))
    assert "گذرواژه" in said(tg(desk, 701, "parisa"))
    replies = tg(desk, 701, "parisa-pass-1")
    assert replies[0].delete_inbound
    assert "وصل شد" in said(replies) and "پریسا نوری" in said(replies)
    assert linked_to(desk, 701) == "parisa"
    assert "کارشناس بیمه" in said(tg(desk, 701, "/whoami"))
    desk.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("bimeh.db*"))
    assert b"parisa-pass-1" not in stored
    assert "parisa-pass-1" not in caplog.text and "parisa-pass-1" not in said(replies)
    desk.restart()


def test_a_password_message_is_deleted_even_when_linking_fails_unexpectedly(desk: ChatHarness, monkeypatch):
    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("a fault nobody foresaw")

    link(desk, 709, "olga", "olga-pass-1")
    monkeypatch.setattr(desk.app.desk.people, "link_with_password", broken)
    replies = link(desk, 708, "neda", "neda-pass-1")  # a chat not linked yet
    assert replies[0].delete_inbound and "خطایی پیش آمد" in said(replies) and "Traceback" not in said(replies)
    monkeypatch.setattr(desk.app.desk.people, "prove_with_password", broken)
    replies = link(desk, 709, "neda", "neda-pass-1")  # a linked chat: moving its link
    assert replies[0].delete_inbound and "خطایی پیش آمد" in said(replies)
    assert linked_to(desk, 708) is None and linked_to(desk, 709) == "olga"
    monkeypatch.undo()
    monkeypatch.setattr(desk.app.desk.people.lookup, "check_password", broken)  # the bind itself, asked ahead
    replies = link(desk, 707, "neda", "neda-pass-1")
    assert replies[0].delete_inbound and "خطایی پیش آمد" in said(replies) and "Traceback" not in said(replies)
    assert linked_to(desk, 707) is None


def test_a_wrong_password_is_refused_and_counted(desk: ChatHarness):
    replies = link(desk, 702, "neda", "not-her-password")
    assert replies[0].delete_inbound
    assert "درست نیست" in said(replies) and "۴ بار" in said(replies)
    assert linked_to(desk, 702) is None


def test_an_empty_password_is_refused_before_any_bind(desk: ChatHarness, monkeypatch):
    binds = []
    lookup = desk.app.desk.people.lookup
    monkeypatch.setattr(lookup, "check_password", lambda *a: binds.append(a) or True)
    tg(desk, 703, "/link")
    tg(desk, 703, "neda")
    assert "خالی" in said(tg(desk, 703, ""))
    assert binds == [] and linked_to(desk, 703) is None
    # and the adapter itself never binds with an empty password (it would be anonymous, and succeed)
    monkeypatch.undo()
    person = lookup.find("neda")
    assert lookup.check_password(person, "") is False


def test_empty_password_message(desk: ChatHarness):
    tg(desk, 704, "/link")
    tg(desk, 704, "neda")
    assert "گذرواژه خالی بود" in said(tg(desk, 704, ""))
    assert "وصل شد" in said(tg(desk, 704, "neda-pass-1"))


def test_a_bind_uses_the_dn_the_search_found_never_one_typed(desk: ChatHarness):
    replies = link(desk, 705, f"uid=parisa,{PEOPLE}", "parisa-pass-1")
    assert "درست نیست" in said(replies) and linked_to(desk, 705) is None


def test_five_failures_lock_linking_for_the_account_until_a_jalali_time_then_it_opens(desk: ChatHarness):
    for _ in range(4):
        link(desk, 706, "olga", "wrong")
    replies = link(desk, 706, "olga", "wrong")
    assert "بسته است" in said(replies) and TEHRAN_LOCK_END in said(replies) and "۱۴۰۳" in said(replies)
    # locked: even the right password is refused, for this Telegram account and for this username
    assert "بسته است" in said(link(desk, 706, "olga", "olga-pass-1"))
    assert "بسته است" in said(link(desk, 707, "olga", "olga-pass-1"))
    desk.clock.advance(minutes=15, seconds=1)
    assert "وصل شد" in said(link(desk, 706, "olga", "olga-pass-1"))


def test_five_failures_on_one_username_from_several_accounts_lock_that_username(desk: ChatHarness):
    for telegram_id in range(710, 715):
        link(desk, telegram_id, "kamran", "wrong")
    assert "بسته است" in said(link(desk, 716, "kamran", "kamran-pass-1"))
    assert linked_to(desk, 716) is None


def test_the_lockout_and_the_cache_time_are_the_configured_numbers(tmp_path, ldap: LdapServer):
    from tests.directory.conftest import directory_config
    desk = ChatHarness(tmp_path)
    desk.config.directory = directory_config(ldap, link_max_failures=2, link_lockout_minutes=3, cache_seconds=60)
    desk.restart()
    try:
        assert "۱ بار" in said(link(desk, 717, "neda", "wrong"))
        assert "بسته است" in said(link(desk, 717, "neda", "wrong"))
        assert "۱۴۰۳/۰۸/۳۰ ۱۱:۰۳" in said(link(desk, 717, "neda", "neda-pass-1"))  # 07:30 UTC + 3 minutes
        desk.clock.advance(minutes=3, seconds=1)
        assert "وصل شد" in said(link(desk, 717, "neda", "neda-pass-1"))
        desk.say("neda", "/whoami")
        modify(ldap, INSURANCE_GROUP, f"add: member\nmember: uid=neda,{PEOPLE}")
        try:
            desk.clock.advance(seconds=59)
            assert "کارشناس بیمه" not in said(desk.say("neda", "/whoami"))  # trusted for 60 seconds
            desk.clock.advance(seconds=2)
            assert "کارشناس بیمه" in said(desk.say("neda", "/whoami"))  # a group added, seen
        finally:
            modify(ldap, INSURANCE_GROUP, f"delete: member\nmember: uid=neda,{PEOPLE}")
    finally:
        desk.close()


def test_unlink_undoes_a_link(desk: ChatHarness):
    assert "وصل شد" in said(link(desk, 720, "neda", "neda-pass-1"))
    assert "همین حالا به شما" in said(link(desk, 720, "neda", "neda-pass-1"))
    assert "برداشته شد" in said(tg(desk, 720, "/unlink"))
    assert linked_to(desk, 720) is None
    code = _code(desk.say("parisa", "/linkcode"))
    assert "وصل شد" in said(tg(desk, 720, f"/link {code}")) and linked_to(desk, 720) == "parisa"


def test_moving_a_link_needs_the_newcomers_password_then_the_holders(desk: ChatHarness):
    link(desk, 721, "neda", "neda-pass-1")
    replies = link(desk, 721, "parisa", "parisa-pass-1")  # the newcomer's own password, checked first
    assert replies[0].delete_inbound
    assert "به neda وصل است" in said(replies) and "بی‌اجازهٔ او" in said(replies)
    assert linked_to(desk, 721) == "neda"
    replies = tg(desk, 721, "not-nedas-password")
    assert replies[0].delete_inbound and "درست نیست" in said(replies) and "۴ بار" in said(replies)
    assert linked_to(desk, 721) == "neda"
    replies = tg(desk, 721, "neda-pass-1")  # the holder's password
    assert replies[0].delete_inbound and "وصل شد" in said(replies) and "پریسا نوری" in said(replies)
    assert linked_to(desk, 721) == "parisa"
    assert "neda-pass-1" not in said(replies) and "parisa-pass-1" not in said(replies)


def test_a_wrong_newcomer_password_never_reaches_the_holders_question(desk: ChatHarness):
    link(desk, 722, "neda", "neda-pass-1")
    replies = link(desk, 722, "parisa", "wrong")
    assert "درست نیست" in said(replies) and "بی‌اجازهٔ او" not in said(replies)
    assert linked_to(desk, 722) == "neda"


def test_moving_a_link_by_codes_needs_a_code_from_the_holder(desk: ChatHarness):
    link(desk, 723, "neda", "neda-pass-1")
    newcomer_code = _code(desk.say("parisa", "/linkcode"))
    assert "بی‌اجازهٔ او" in said(tg(desk, 723, f"/link {newcomer_code}"))
    other_code = _code(desk.say("hamid", "/linkcode"))  # a code, but not the holder's
    assert "کد درست نیست" in said(tg(desk, 723, other_code)) and linked_to(desk, 723) == "neda"
    holder_code = _code(desk.say("neda", "/linkcode"))
    replies = tg(desk, 723, fa(holder_code))  # typed with a Persian keyboard
    assert replies[0].delete_inbound and "وصل شد" in said(replies) and linked_to(desk, 723) == "parisa"
    assert "کد درست نیست" in said(tg(desk, 724, f"/link {holder_code}"))  # used once


def test_holder_failures_count_toward_the_same_lockout(desk: ChatHarness):
    link(desk, 725, "neda", "neda-pass-1")
    link(desk, 725, "olga", "olga-pass-1")
    for _ in range(4):
        tg(desk, 725, "wrong")
    replies = tg(desk, 725, "wrong")
    assert "بسته است" in said(replies) and TEHRAN_LOCK_END in said(replies)
    assert "بسته است" in said(link(desk, 725, "olga", "olga-pass-1"))
    assert linked_to(desk, 725) == "neda"


def test_moving_a_link_can_be_cancelled_and_expires(desk: ChatHarness):
    link(desk, 726, "neda", "neda-pass-1")
    link(desk, 726, "parisa", "parisa-pass-1")
    assert "لغو شد" in said(tg(desk, 726, "/cancel"))
    assert "متوجه نشدم" in said(tg(desk, 726, "neda-pass-1"))  # no longer taken for a password
    assert linked_to(desk, 726) == "neda"
    link(desk, 726, "parisa", "parisa-pass-1")
    desk.clock.advance(minutes=11)
    assert "زمان جابه‌جایی" in said(tg(desk, 726, "neda-pass-1"))
    assert linked_to(desk, 726) == "neda"


def _five_wrong_passwords(desk: ChatHarness, telegram_id: int) -> list[Outbound]:
    for _ in range(4):
        link(desk, telegram_id, "olga", "wrong")
    return link(desk, telegram_id, "olga", "wrong")


@pytest.mark.parametrize("end, told", [
    (lambda desk, telegram_id: link(desk, telegram_id, "neda", "neda-pass-1"), "همین حالا به شما"),
    (_five_wrong_passwords, "بسته است"),
], ids=["own_password", "locked"])
def test_a_password_step_asked_over_a_form_hands_the_form_back_when_it_ends(desk: ChatHarness, end, told):
    link(desk, 727, "neda", "neda-pass-1")
    tg(desk, 727, "/new صدور و پرداخت حق بیمه")
    replies = end(desk, 727)
    assert told in said(replies)  # and the form's question again, as the reminder of the open form
    assert replies[-1].text.startswith("📝 فرم نیمه‌کارهٔ شما هنوز باز است:\n(۱ از")
    replies = tg(desk, 727, "ندا کاظمی")  # and the next line answers it (not taken for a password)
    assert "واحد سازمانی" in said(replies) and not replies[0].delete_inbound
    assert desk.app.desk.conversations.get(f"{TELEGRAM}:727")["draft"]["values"] == {"full_name": "ندا کاظمی"}


# -- one-time codes ---------------------------------------------------------------------------


def _code(replies: list[Outbound]) -> str:
    import re

    from core.text import normalize_digits
    return re.search(r"\d{8}", normalize_digits(said(replies))).group(0)


@pytest.mark.parametrize("where", ["console", "rocketchat"])
def test_a_code_links_once_and_is_stored_hashed(desk: ChatHarness, where, tmp_path):
    replies = desk.say("neda", "/linkcode") if where == "console" else rc(desk, "neda", "/linkcode")
    code = _code(replies)
    assert "وصل شد" in said(tg(desk, 730, f"/link {code}")) and linked_to(desk, 730) == "neda"
    assert "به کار رفته" in said(tg(desk, 731, f"/link {code}"))
    assert linked_to(desk, 731) is None
    desk.close()
    assert code.encode() not in b"".join(p.read_bytes() for p in tmp_path.glob("bimeh.db*"))
    desk.restart()


def test_a_code_expires_after_ten_minutes(desk: ChatHarness):
    code = _code(desk.say("neda", "/linkcode"))
    desk.clock.advance(minutes=10)
    assert "زمانش گذشته" in said(tg(desk, 732, f"/link {code}"))
    assert linked_to(desk, 732) is None


def test_codes_are_random(desk: ChatHarness):
    codes = {_code(desk.say("neda", "/linkcode")) for _ in range(5)}
    assert len(codes) == 5
