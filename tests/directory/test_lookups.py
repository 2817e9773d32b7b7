"""Who is who from a real OpenLDAP directory (slapd on 127.0.0.1, started by the tests): someone
writing first is found with their name and the roles their groups give, someone unknown is told so,
and a change in the directory (a group removed, an account disabled) is seen after the cache time.

Each test goes through Bot.handle as a person in the console, Rocket.Chat or
Telegram would; the directory is changed with ldapmodify while the bot runs.
"""
from __future__ import annotations

import pytest

from storage.ldap_directory import LdapDirectory, LdapSettings
from tests.directory.people import link, linked_to, modify, rc
from tests.harness import ChatHarness, ref, said
from tests.ldap_server import INSURANCE_GROUP, PEOPLE, SERVICE_DN, SERVICE_PASSWORD, LdapServer

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
