"""/find: by number, mobile in any written form, and names typed on Arabic or Persian keyboards."""
from __future__ import annotations

import pytest

from core.search import canonical_mobile, fold, query_words, ticket_terms
from tests.harness import GOOD_ANSWERS, ChatHarness, ref, said

ZWNJ = "\u200c"


@pytest.mark.parametrize(("typed", "stored"), [
    ("علي كريمي", "علی کریمی"),  # Arabic yeh and kaf
    ("على", "علی"),  # alef maksura
    (f"بیمه{ZWNJ}ای", "بیمهای"),  # zero-width non-joiner
    ("۱۴۰۳/۲۳۴۵", "1403/2345"),  # Persian digits
    ("١٤٠٣/٢٣٤٥", "1403/2345"),  # Arabic-Indic digits
    ("ABC-12", "abc-12"),
])
def test_folding_makes_the_written_forms_one(typed, stored):
    assert fold(typed) == fold(stored)


@pytest.mark.parametrize("typed", ["09121234567", "+989121234567", "00989121234567", "۰۹۱۲ ۱۲۳ ۴۵۶۷",
                                   "9121234567", "0912-123-4567", "+98 (912) 123 4567"])
def test_a_mobile_in_any_written_form_is_one_word(typed):
    assert canonical_mobile(typed) == "09121234567"
    assert query_words(typed) == ["09121234567"]


def test_a_ticket_is_found_by_its_numbers_and_names_but_not_by_its_description():
    terms = ticket_terms({"letter_number": "1403/2345", "mobile": "09121234567", "full_name": f"علی بیمه{ZWNJ}ای",
                          "national_id": "0012345678", "description": "بیمه‌نامه حوادث"})
    assert {"1403/2345", "1403", "2345", "09121234567", "0012345678", "علی", "بیمهای", "بیمه", "ای"} <= terms
    assert "حوادث" not in terms


def _file(desk: ChatHarness, username: str, name: str, mobile: str, letter: str) -> int:
    answers = list(GOOD_ANSWERS)
    answers[0], answers[3], answers[4] = name, mobile, letter
    return desk.file_request(username, answers)


def test_staff_find_by_letter_number_mobile_name_and_ticket_number(desk: ChatHarness):
    first = _file(desk, "maryam", "مریم احمدی", "09121234567", "1403/2345")
    second = _file(desk, "reza", "رضا كريمي", "+98 935 111 2233", "5566/77")  # typed on an Arabic keyboard
    assert ref(first) in said(desk.say("welfare", "/find ۱۴۰۳/۲۳۴۵"))
    assert ref(second) not in said(desk.say("welfare", "/find 1403/2345"))
    assert ref(second) in said(desk.say("welfare", "/find 0935 111 2233"))
    assert ref(first) in said(desk.say("welfare", "/find +989121234567"))
    assert ref(second) in said(desk.say("welfare", "/find رضا کریمی"))  # Persian letters find the Arabic ones
    assert ref(second) in said(desk.say("welfare", "/find كريم"))  # the start of a word is enough
    assert ref(first) in said(desk.say("welfare", f"/find #{first}"))
    assert "پیدا نشد" in said(desk.say("welfare", "/find ناشناس"))
    assert "چه چیزی را بجویم" in said(desk.say("welfare", "/find"))  # nothing to look for: asked
    assert ref(first) in said(desk.say("welfare", "۱۴۰۳/۲۳۴۵"))  # the answer is the query


def test_a_policy_number_given_with_an_action_is_found(desk: ChatHarness):
    n = desk.file_request("maryam")
    for who, command in (("welfare", f"/approve {n}"), ("insurance", f"/forward {n}"),
                         ("insurer", f"/draft {n}"), ("insurer", f"/policy {n} PN-778899")):
        desk.say(who, command)
    assert ref(n) in said(desk.say("finance", "/find pn-778899"))


def test_a_requester_finds_only_their_own(desk: ChatHarness):
    mine = _file(desk, "maryam", "مریم احمدی", "09121234567", "1403/2345")
    theirs = _file(desk, "reza", "رضا کریمی", "09351112233", "1403/9999")
    found = said(desk.say("maryam", "/find 1403"))
    assert ref(mine) in found and ref(theirs) not in found
    assert ref(theirs) not in said(desk.say("maryam", f"/find {theirs}"))
    assert "پیدا نشد" in said(desk.say("maryam", "/find 09351112233"))


def test_ten_newest_first_then_more(desk: ChatHarness):
    ids = [desk.app.desk.tickets.submit(desk.app.desk.directory.find("maryam"), "premium_issuance",
                                        {"full_name": "مریم احمدی", "letter_number": f"77/{i}"}).ticket.id
           for i in range(12)]
    first_page = desk.say("welfare", "/find 77")
    lines = [line for line in said(first_page).splitlines() if line.startswith("#")]
    assert [line.split(" ")[0] for line in lines] == [ref(i) for i in reversed(ids[2:])]
    more = desk.press("welfare", "بعدی")
    lines = [line for line in said(more).splitlines() if line.startswith("#")]
    assert [line.split(" ")[0] for line in lines] == [ref(ids[1]), ref(ids[0])]
    assert not any("بعدی" in b.label for b in more[0].all_buttons())
    back = desk.press("welfare", "قبلی")  # the same pager as /my and the queue
    assert [line.split(" ")[0] for line in said(back).splitlines() if line.startswith("#")][0] == ref(ids[-1])
