"""Who is who from a real OpenLDAP directory (slapd on 127.0.0.1, started by the tests).

Each test goes through Bot.handle as a person in the console, Rocket.Chat or
Telegram would; the directory is changed with ldapmodify while the bot runs.
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time

import pytest

from bot.events import Inbound, Outbound
from bot.runtime.desk_threads import DeskThreads
from core.notifications import ROCKETCHAT, TELEGRAM
from storage.ldap_directory import LdapDirectory, LdapSettings
from tests.harness import ChatHarness, console_says, fa, ref, said
from tests.ldap_server import INSURANCE_GROUP, PEOPLE, SERVICE_DN, SERVICE_PASSWORD, LdapServer

TEHRAN_LOCK_END = "۱۴۰۳/۰۸/۳۰ ۱۱:۱۵"  # DEFAULT_NOW 07:30 UTC + 15 minutes, in Tehran (+03:30)


def tg(desk: ChatHarness, telegram_id: int, text: str) -> list[Outbound]:
    """A message from a Telegram account (found by its link, never by a username it claims)."""
    tg.count = getattr(tg, "count", 0) + 1
    inbound = Inbound(platform=TELEGRAM, chat_id=str(telegram_id), sender_id=str(telegram_id), text=text,
                      message_id=f"{telegram_id}:{tg.count}")
    return desk.app.bot.handle(inbound)


def rc(desk: ChatHarness, username: str, text: str) -> list[Outbound]:
    inbound = Inbound(platform=ROCKETCHAT, chat_id=f"dm-{username}", sender_id=f"rc-{username}", text=text,
                      username=username, directory_username=username)
    return desk.app.bot.handle(inbound)


def link(desk: ChatHarness, telegram_id: int, username: str, password: str) -> list[Outbound]:
    tg(desk, telegram_id, "/link")
    tg(desk, telegram_id, username)
    return tg(desk, telegram_id, password)


def linked_to(desk: ChatHarness, telegram_id: int) -> str | None:
    user = desk.app.desk.directory.by_account(TELEGRAM, str(telegram_id))
    return user.username if user else None


def modify(ldap: LdapServer, dn: str, change: str) -> None:
    ldap.modify(f"dn: {dn}\nchangetype: modify\n{change}\n")


# -- first contact -----------------------------------------------------------------------


@pytest.mark.parametrize("platform", ["console", "rocketchat"])
def test_a_directory_user_writing_first_is_served_with_name_and_roles_from_groups(desk: ChatHarness, platform):
    replies = desk.say("parisa", "/whoami") if platform == "console" else rc(desk, "parisa", "/whoami")
    text = said(replies)
    assert "پریسا نوری" in text and "parisa" in text
    assert "کارشناس بیمه اداره رفاه" in text and "از گروه‌های فهرست سازمانی" in text
    user = desk.app.desk.directory.get("parisa")
    assert user.directory_roles == {"welfare_expert", "insurance_expert"}
    ticket_id = desk.file_request("maryam")
    assert ref(ticket_id) in said(desk.say("parisa", "/queue"))


@pytest.mark.parametrize("platform", ["console", "rocketchat"])
def test_someone_not_in_the_directory_is_told_in_persian(desk: ChatHarness, platform):
    replies = desk.say("nobody", "/new") if platform == "console" else rc(desk, "nobody", "/new")
    assert "در فهرست سازمانی پیدا نشد" in said(replies)
    assert desk.app.desk.directory.find("nobody") is None


def test_usernames_are_escaped_in_filters_so_an_injection_finds_nobody(desk: ChatHarness, ldap: LdapServer):
    for username in ("*)(uid=*", "*", "parisa)(uid=*"):
        assert "پیدا نشد" in said(desk.say(username, "/whoami"))
    replies = link(desk, 900, "*)(uid=*", "parisa-pass-1")
    assert "درست نیست" in said(replies)
    assert linked_to(desk, 900) is None


def test_form_offers_name_mobile_and_a_matching_unit_from_the_directory(desk: ChatHarness):
    desk.say("neda", "/new")
    desk.press("neda", "صدور و پرداخت حق بیمه")
    desk.press("neda", "ندا کاظمی")
    desk.press("neda", "✔ معاونت درمان")
    desk.say("neda", "021-88776655")
    desk.press("neda", "۰۹۱۲۱۱۱۲۲۳۳")
    values = desk.app.desk.conversations.get("console:neda")["draft"]["values"]
    assert values["org_unit"] == "معاونت درمان" and values["mobile"] == "09121112233"
    # kamran types another name than the one offered; his department matches no configured unit: not offered
    desk.say("kamran", "/new")
    desk.press("kamran", "صدور و پرداخت حق بیمه")
    assert "کامران صالحی" in [b.label for m in desk.last["kamran"] for b in m.all_buttons()][0]
    desk.say("kamran", "کامران صالحی‌پور")
    labels = [b.label for m in desk.last["kamran"] for b in m.all_buttons()]
    assert "معاونت درمان" in labels  # the unit question, with the configured units
    assert not any("Unknown" in label or "✔" in label for label in labels)
    assert desk.app.desk.conversations.get("console:kamran")["draft"]["values"]["full_name"] == "کامران صالحی‌پور"


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


# -- changes in the directory -------------------------------------------------------------------


def test_a_group_removed_in_the_directory_is_seen_after_the_cache_time(desk: ChatHarness, ldap: LdapServer):
    modify(ldap, INSURANCE_GROUP, "add: member\nmember: uid=olga," + PEOPLE)
    try:
        assert "کارشناس بیمه" in said(desk.say("olga", "/whoami"))
        assert "insurance_expert" in desk.app.desk.directory.get("olga").directory_roles
        modify(ldap, INSURANCE_GROUP, "delete: member\nmember: uid=olga," + PEOPLE)
        desk.clock.advance(seconds=299)
        desk.say("olga", "/whoami")
        assert "insurance_expert" in desk.app.desk.directory.get("olga").directory_roles  # still trusted
        desk.clock.advance(seconds=2)
        assert "کارشناس بیمه" not in said(desk.say("olga", "/whoami"))
        assert "فقط برای کارشناسان" in said(desk.say("olga", "/queue"))
        assert desk.app.desk.directory.get("olga").directory_roles == frozenset()
    finally:
        modify(ldap, INSURANCE_GROUP, "delete: member\nmember: uid=olga," + PEOPLE) if _is_member(ldap) else None


def _is_member(ldap: LdapServer) -> bool:
    directory = LdapDirectory(LdapSettings(url=ldap.url, base_dn=PEOPLE, bind_dn=SERVICE_DN,
                                           bind_password=SERVICE_PASSWORD, user_filter="(uid={username})"))
    try:
        return any(g.lower() == INSURANCE_GROUP.lower() for g in directory.find("olga").groups)
    finally:
        directory.close()


def test_a_disabled_account_cannot_file_or_act_and_its_waiting_notices_go_to_the_others(
        desk: ChatHarness, ldap: LdapServer):
    assert "غیرفعال" in said(desk.say("ghost", "/whoami"))  # whoami still answers, and says so
    assert "غیرفعال" in said(desk.say("ghost", "/new"))
    # hamid is a welfare expert from his group; maryam files; then hamid is disabled in the directory
    desk.say("hamid", "/whoami")
    ticket_id = desk.file_request("maryam")
    modify(ldap, f"uid=hamid,{PEOPLE}", "add: description\ndescription: disabled")
    try:
        desk.clock.advance(seconds=301)
        assert "غیرفعال" in said(desk.say("hamid", f"/approve {ticket_id}"))
        assert desk.ticket(ticket_id).status == "submitted"
        assert desk.inbox("hamid") == []  # his "waiting for you" is not delivered to him
        assert any(str(ticket_id) in m.text or "#" in m.text for m in desk.inbox("welfare"))
        assert "درخواست" in said(desk.say("welfare", f"/approve {ticket_id}"))
        assert desk.ticket(ticket_id).status == "document_review"
    finally:
        modify(ldap, f"uid=hamid,{PEOPLE}", "delete: description")


@pytest.mark.parametrize("change", ["group removed", "account disabled"])
def test_a_change_in_the_directory_stops_waiting_notices_to_someone_who_has_not_written_since(
        desk: ChatHarness, ldap: LdapServer, change: str):
    """hamid, a welfare expert by his group, is known; then the directory changes and he writes no
    more. A request filed after cache_seconds does not reach him; the others of the role have it."""
    from tests.ldap_server import WELFARE_GROUP
    desk.say("hamid", "/whoami")
    if change == "group removed":
        dn, undo = WELFARE_GROUP, f"add: member\nmember: uid=hamid,{PEOPLE}"
        modify(ldap, dn, f"delete: member\nmember: uid=hamid,{PEOPLE}")
    else:
        dn, undo = f"uid=hamid,{PEOPLE}", "delete: description"
        modify(ldap, dn, "add: description\ndescription: disabled")
    try:
        desk.clock.advance(seconds=301)
        ticket_id = desk.file_request("maryam")
        assert desk.inbox("hamid") == []
        assert ref(ticket_id) in said(desk.inbox("welfare"))
    finally:
        modify(ldap, dn, undo)


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

def test_users_list_shows_where_each_role_came_from(desk: ChatHarness, monkeypatch, capsys):
    import json

    import bot.cli
    import bot.config
    desk.say("hamid", "/whoami")  # welfare_expert from his group
    desk.app.desk.directory.add("hamid", "حمید رفاهی", ["welfare_expert", "treasurer"])  # granted in the desk
    monkeypatch.setattr(bot.config, "load_config", lambda *_: desk.config)  # bot.cli imports it when it runs
    assert bot.cli.main(["users", "list", "--json"]) == 0
    hamid = next(u for u in json.loads(capsys.readouterr().out) if u["username"] == "hamid")
    assert hamid["role_sources"] == {"treasurer": ["database"], "welfare_expert": ["directory", "database"]}
    assert bot.cli.main(["users", "list"]) == 0
    assert "treasurer(database), welfare_expert(directory+database)" in capsys.readouterr().out
