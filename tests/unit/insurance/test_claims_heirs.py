"""An adult's heirs as typed (issue 22), and the doctor's analysis with several items on one line."""
from __future__ import annotations

from fractions import Fraction

import pytest

from core.forms.validators import ValidationError
from core.insurance.claims.analysis_input import parse_analysis
from core.insurance.claims.heirs import Heirs, parse_heirs, share_fraction
from core.insurance.claims.medical import BillLine
from core.insurance.claims.payout import death_payout


def test_heirs_with_fractions_the_same_name_twice_numbered_and_the_payout_split_by_them():
    heirs = parse_heirs("همسر ۱/۲؛ فرزند ۱/۴؛ فرزند ۱/۴")
    assert heirs == Heirs((("همسر", "1/2"), ("فرزند ۱", "1/4"), ("فرزند ۲", "1/4")))
    # capital 100,000,000 split 1/2, 1/4, 1/4: 50,000,000, 25,000,000, 25,000,000
    payout = death_payout(100_000_000, minor=False, heirs=heirs.heirs)
    assert payout.shares == (("همسر", 50_000_000), ("فرزند ۱", 25_000_000), ("فرزند ۲", 25_000_000))


@pytest.mark.parametrize("typed, shares", [
    ("همسر ۵۰٪؛ علی ۲۵ درصد; مریم 25%", [Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)]),
    ("علی=1/3\nمریم=2/3", [Fraction(1, 3), Fraction(2, 3)]),
    ("همسر ۱/۸، پسر ۷/۱۴، دختر ۳/۸", [Fraction(1, 8), Fraction(1, 2), Fraction(3, 8)]),
    ("همسر 12.5%؛ پسر 87.5%", [Fraction(1, 8), Fraction(7, 8)]),
])
def test_shares_as_fractions_or_percentages_are_read_exactly(typed, shares):
    assert [share_fraction(share) for _, share in parse_heirs(typed).heirs] == shares


def test_the_responsible_heir_is_named_as_listed_and_kept_back():
    heirs = parse_heirs("همسر ۱/۲؛ فرزند ۱/۴؛ فرزند ۱/۴؛ مسئول فرزند ۲")
    assert heirs.responsible == ("فرزند ۲",)
    # 100,000,000: the spouse 50,000,000, the first child 25,000,000, the second's 25,000,000 kept back
    payout = death_payout(100_000_000, minor=False, heirs=heirs.heirs, responsible=heirs.responsible)
    assert payout.payable == 75_000_000 and dict(payout.shares) == {"همسر": 50_000_000, "فرزند ۱": 25_000_000}


@pytest.mark.parametrize("typed, code, params", [
    ("همسر ۱/۲؛ فرزند ۱/۳", "heirs_not_whole", {"numerator": 5, "denominator": 6}),
    ("همسر ۳۳٪؛ پسر ۳۳٪؛ دختر ۳۳٪", "heirs_not_whole", {"numerator": 99, "denominator": 100}),
    ("همسر ۱/۲؛ فرزند ۵۰", "heir_entry", {"entry": 2}),  # a bare number: a percentage or a half?
    ("همسر ۱/۰", "heir_entry", {"entry": 1}),
    ("۱/۲؛ علی ۱/۲", "heir_entry", {"entry": 1}),  # a share without a name
    ("همسر 0%؛ علی 100%", "heir_entry", {"entry": 1}),
    ("همسر ۱/۲؛ علی ۱/۲؛ مسئول رضا", "heir_responsible_unknown", {"name": "رضا"}),
    ("مسئول علی", "heirs_empty", {}),
    ("  ؛ ", "heirs_empty", {}),
    ("علی " + "9" * 5000 + "/1", "heir_entry", {"entry": 1}),
])
def test_heirs_that_cannot_be_paid_exactly_are_refused_with_the_reason(typed, code, params):
    with pytest.raises(ValidationError) as refused:
        parse_heirs(typed)
    assert (refused.value.code, refused.value.params) == (code, params)


def test_the_doctors_analysis_takes_several_items_on_one_line():
    # the console sends each line as a message: «؛» or «;» separate the items
    analysis = parse_analysis("جراحی ۳,۰۰۰,۰۰۰ ۲,۵۰۰,۰۰۰؛ همراه 400000; بیمه پایه: 500000؛ تعرفه رعایت شد")
    assert analysis.bill == (BillLine("surgery", 3_000_000, 2_500_000), BillLine("companion", 400_000))
    assert (analysis.primary_insurer_paid, analysis.note) == (500_000, "تعرفه رعایت شد")
    kidney = parse_analysis("خرید کلیه 500000000؛ تأیید تعاون ۱۲۳/۴۵")
    assert kidney.bill == (BillLine("kidney_purchase", 500_000_000),) and kidney.kidney_approval == "123/45"


def test_an_item_the_analysis_cannot_read_is_refused_with_its_number_on_one_line_too():
    with pytest.raises(ValidationError) as refused:
        parse_analysis("جراحی 100؛ چیزی 12")
    assert (refused.value.code, refused.value.params) == ("analysis_line", {"line": 2})
