"""A username is one identity however it is typed: NFKC-normalised and case-folded before the lookup,
the link and the /link lockout (the directory matches ｎｅｄａ and NEDA to neda; the desk must too)."""
from __future__ import annotations

from core.identity import canonical_username
from tests.directory.people import link, linked_to, rc
from tests.harness import ChatHarness, said


def test_the_canonical_form():
    assert canonical_username("ｎｅｄａ") == "neda"
    assert canonical_username("PARISA") == canonical_username("Parisa") == "parisa"
    assert canonical_username(" Olga ") == "olga"


def test_five_failures_on_neda_lock_out_fullwidth_neda_too(desk: ChatHarness):
    for telegram_id in range(760, 765):
        link(desk, telegram_id, "neda", "wrong")
    # before: the lockout was kept on "username:ｎｅｄａ", and the directory bound ｎｅｄａ as neda
    replies = link(desk, 766, "ｎｅｄａ", "neda-pass-1")
    assert "بسته است" in said(replies) and linked_to(desk, 766) is None
    assert "بسته است" in said(link(desk, 767, "NEDA", "neda-pass-1"))


def test_a_link_typed_in_capitals_is_the_same_person(desk: ChatHarness):
    assert "وصل شد" in said(link(desk, 770, "Parisa", "parisa-pass-1"))
    assert linked_to(desk, 770) == "parisa"
    assert "وصل شد" in said(link(desk, 771, "ｐａｒｉｓａ", "parisa-pass-1"))
    assert linked_to(desk, 771) == "parisa"


def test_parisa_in_any_case_is_one_user_with_her_roles(desk: ChatHarness):
    for spelled in ("PARISA", "Parisa", "parisa"):
        assert "کارشناس بیمه" in said(rc(desk, spelled, "/whoami")), spelled
    users = [u for u in desk.app.desk.directory.all() if u.username.lower() == "parisa"]
    assert [u.username for u in users] == ["parisa"]  # not three users holding her directory roles
    assert "insurance_expert" in users[0].directory_roles
