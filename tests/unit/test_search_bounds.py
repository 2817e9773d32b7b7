"""/find takes a bounded query (10 words, 200 characters) and says so, with the question again.

Before, 1,000 words told the person the system was unavailable, and 50,000 held a worker thread
for 67 s: every word was an index range scan in turn."""
from __future__ import annotations

import time

import pytest

from core import errors
from core.search import MAX_QUERY_CHARACTERS, MAX_QUERY_WORDS, check_query
from tests.harness import ChatHarness, ref, said

BOUND = "حداکثر ۱۰ کلمه و ۲۰۰ نویسه"


def test_the_bounds():
    assert (MAX_QUERY_WORDS, MAX_QUERY_CHARACTERS) == (10, 200)
    assert check_query("احمدی " * 10) and check_query("x" * 200)
    for too_long in ("احمدی " * 11, "x" * 201):
        with pytest.raises(errors.SearchTooLong):
            check_query(too_long)


@pytest.mark.parametrize("query", ["احمدی " * 1000, "۰۹۱۲ " * 50_000], ids=["1000 words", "50000 words"])
def test_a_long_search_is_refused_at_once_with_the_bound_and_asked_again(desk: ChatHarness, query):
    first = desk.file_request("maryam")
    started = time.perf_counter()
    replies = desk.say("welfare", "/find " + query)
    elapsed = time.perf_counter() - started
    text = said(replies)
    assert BOUND in text and "در دسترس نیست" not in text
    assert "چه چیزی را بجویم" in text  # the question again
    # the answer to the question searches, as it would have
    assert ref(first) in said(desk.say("welfare", "مریم"))
    print(f"refused in {elapsed:.3f} s")  # 67 s for 50,000 words before


def test_a_long_answer_to_the_question_is_refused_the_same_way(desk: ChatHarness):
    assert "چه چیزی را بجویم" in said(desk.say("welfare", "/find"))  # as the menu's «جست‌وجو» asks
    assert BOUND in said(desk.say("welfare", "x" * 201))
    assert "پیدا نشد" in said(desk.say("welfare", "نیست"))  # the question was open again
