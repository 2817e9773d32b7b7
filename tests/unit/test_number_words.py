"""Amounts in Persian words and figures (core/number_words.py), read back by a parser of their own."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.number_words import LARGEST, fa_amount, in_words, rials_in_words

UNITS = {w: n for n, w in enumerate(("صفر", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده", "یازده",
                                     "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده"))}
UNITS.update({"بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90,
              "صد": 100, "دویست": 200, "سیصد": 300, "چهارصد": 400, "پانصد": 500, "ششصد": 600, "هفتصد": 700,
              "هشتصد": 800, "نهصد": 900})
SCALES = {"هزار": 10**3, "میلیون": 10**6, "میلیارد": 10**9, "تریلیون": 10**12, "کوادریلیون": 10**15,
          "کوینتیلیون": 10**18}


def parse(words: str) -> int:
    """The number Persian words name, read independently of the writer: groups joined by «و», each a
    sum below a thousand followed by its scale; scales must fall from left to right."""
    total, group, last_scale = 0, 0, None
    for word in words.replace(" و ", " ").split():
        if word in UNITS:
            group += UNITS[word]
        else:
            scale = SCALES[word]
            assert last_scale is None or scale < last_scale, f"scales out of order in {words!r}"
            assert 0 < group < 1000, f"a group of {group} before {word}"
            total, group, last_scale = total + group * scale, 0, scale
    assert group < 1000
    return total + group


@pytest.mark.parametrize("number, words", [
    (10_735_000, "ده میلیون و هفتصد و سی و پنج هزار"),
    (0, "صفر"),
    (1_000, "یک هزار"),
    (1_001_001, "یک میلیون و یک هزار و یک"),
    (2_050_300, "دو میلیون و پنجاه هزار و سیصد"),
    (115, "صد و پانزده"),
    (10**18, "یک کوینتیلیون"),
    (2**63 - 1, "نه کوینتیلیون و دویست و بیست و سه کوادریلیون و سیصد و هفتاد و دو تریلیون و سی و شش میلیارد و "
                "هشتصد و پنجاه و چهار میلیون و هفتصد و هفتاد و پنج هزار و هشتصد و هفت"),
])
def test_amounts_read_as_an_office_writes_them(number: int, words: str):
    assert in_words(number) == words


def test_rials_and_figures_as_printed():
    assert rials_in_words(10_735_000) == "ده میلیون و هفتصد و سی و پنج هزار ریال"
    assert fa_amount(10_735_000) == "۱۰٬۷۳۵٬۰۰۰"
    assert fa_amount(-550_000) == "−۵۵۰٬۰۰۰"
    assert fa_amount(7) == "۷"


@given(st.integers(min_value=0, max_value=LARGEST))
def test_every_amount_reads_back_as_itself(number: int):
    assert parse(in_words(number)) == number


@given(st.integers(min_value=0, max_value=2**63 - 1))
def test_no_word_is_empty_or_doubled(number: int):
    words = in_words(number)
    assert "  " not in words and not words.startswith(" و") and not words.endswith(" و")
    assert " و و " not in words


def test_beyond_the_largest_scale_is_refused_not_cut():
    with pytest.raises(ValueError):
        in_words(LARGEST + 1)
