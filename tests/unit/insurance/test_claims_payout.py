"""The payout rules as worked cases; every figure below was worked out by hand (the sums are in the comments)."""
from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from core.insurance.claims.bill_items import BILL_ITEMS, bill_item_code
from core.insurance.claims.disability_table import default_table
from core.insurance.claims.medical import BillLine, medical_payout
from core.insurance.claims.money import ClaimInputError, exact_fraction, split_by_shares
from core.insurance.claims.payout import death_payout, disability_payout, is_minor

M = 1_000_000  # one million rials, to keep the figures readable


def bill(*lines):
    return [BillLine(*line) for line in lines]


MEDICAL_CASES = [
    pytest.param(
        bill(("treatment", 4 * M), ("medicine", 1 * M)),
        dict(medical_capital=20 * M),
        5 * M,
        [("medical_billed", 5 * M)],
        id="plain bill within the capital",
    ),
    pytest.param(
        # 10 + 20 payable; 1.5 + 3 + 0.2 + 0.8 = 5.5 not payable
        bill(
            ("treatment", 10 * M),
            ("surgery", 20 * M),
            ("companion", 1_500_000),
            ("private_room", 3 * M),
            ("telephone", 200_000),
            ("hospital_commission", 800_000),
        ),
        dict(medical_capital=50 * M),
        30 * M,
        [("medical_billed", 35_500_000), ("medical_non_payable", -5_500_000)],
        id="non-payable items taken off",
    ),
    pytest.param(
        # treatment cost 5 + 10 = 15; 20% of 15 = 3; ambulance 4 -> 3; 15 + 3 = 18
        bill(("treatment", 5 * M), ("surgery", 10 * M), ("ambulance", 4 * M)),
        dict(medical_capital=50 * M),
        18 * M,
        [("medical_billed", 19 * M), ("medical_ambulance_cap", -1 * M)],
        id="ambulance capped at 20% of the treatment cost",
    ),
    pytest.param(
        bill(("treatment", 15 * M), ("ambulance", 2 * M)),
        dict(medical_capital=50 * M),
        17 * M,
        [("medical_billed", 17 * M)],
        id="ambulance under the cap paid in full",
    ),
    pytest.param(
        # the private room is not treatment: 20% of 10 = 2, not of 15
        bill(("treatment", 10 * M), ("private_room", 5 * M), ("ambulance", 3 * M)),
        dict(medical_capital=50 * M),
        12 * M,
        [("medical_billed", 18 * M), ("medical_non_payable", -5 * M), ("medical_ambulance_cap", -1 * M)],
        id="ambulance cap reckoned on payable treatment only",
    ),
    pytest.param(
        # 20% of 1,234,567 = 246,913.4 -> 246,913; 1,234,567 + 246,913 = 1,481,480
        bill(("treatment", 1_234_567), ("ambulance", 500_000)),
        dict(medical_capital=50 * M),
        1_481_480,
        [("medical_billed", 1_734_567), ("medical_ambulance_cap", -253_087)],
        id="ambulance cap rounded down to the rial",
    ),
    pytest.param(
        # cost 40 (companion off); primary paid 25; ours 15; 25 + 15 = 40 = the cost
        bill(("surgery", 40 * M), ("companion", 2 * M)),
        dict(medical_capital=50 * M, primary_insurer_paid=25 * M),
        15 * M,
        [("medical_billed", 42 * M), ("medical_non_payable", -2 * M), ("medical_primary_insurer", -25 * M)],
        id="only the difference after the primary insurer",
    ),
    pytest.param(
        bill(("treatment", 10 * M)),
        dict(medical_capital=50 * M, primary_insurer_paid=12 * M),
        0,
        [("medical_billed", 10 * M), ("medical_primary_insurer", -10 * M)],
        id="primary insurer paid more than the cost",
    ),
    pytest.param(
        bill(("surgery", 80 * M)),
        dict(medical_capital=50 * M),
        50 * M,
        [("medical_billed", 80 * M), ("medical_capital_cap", -30 * M)],
        id="capped by the medical capital",
    ),
    pytest.param(
        # 50 capital - 35 already paid this year = 15 left
        bill(("surgery", 30 * M)),
        dict(medical_capital=50 * M, medical_already_paid=35 * M),
        15 * M,
        [("medical_billed", 30 * M), ("medical_capital_cap", -15 * M)],
        id="capital less medical already paid to the person",
    ),
    pytest.param(
        bill(("surgery", 10 * M)),
        dict(medical_capital=50 * M, medical_already_paid=60 * M),
        0,
        [("medical_billed", 10 * M), ("medical_capital_cap", -10 * M)],
        id="capital used up",
    ),
    pytest.param(
        # approved 45 + 9 + 8 (no analysis line: as billed) = 62; billed 80
        bill(("surgery", 60 * M, 45 * M), ("anaesthesia", 12 * M, 9 * M), ("hospital_stay", 8 * M)),
        dict(medical_capital=100 * M),
        62 * M,
        [("medical_billed", 80 * M), ("medical_doctor_analysis", -18 * M)],
        id="the trusted doctor's approved amounts are the basis",
    ),
    pytest.param(
        bill(("treatment", 5 * M, 6 * M)),
        dict(medical_capital=100 * M),
        5 * M,
        [("medical_billed", 5 * M)],
        id="an approval above the bill pays the bill",
    ),
    pytest.param(
        # approved: 40 + 8 + 6 + 4 = 58 treatment; ambulance 15 -> 20% of 58 = 11.6;
        # companion 1 + telephone 0.5 off; cost 58 + 11.6 = 69.6; primary 20 -> 49.6; capital 40.
        # 86.5 - 12 - 1.5 - 3.4 - 20 - 9.6 = 40
        bill(
            ("surgery", 50 * M, 40 * M),
            ("anaesthesia", 10 * M, 8 * M),
            ("medicine", 6 * M),
            ("hospital_stay", 4 * M),
            ("ambulance", 15 * M),
            ("companion", 1 * M),
            ("telephone", 500_000),
        ),
        dict(medical_capital=40 * M, primary_insurer_paid=20 * M),
        40 * M,
        [
            ("medical_billed", 86_500_000),
            ("medical_doctor_analysis", -12 * M),
            ("medical_non_payable", -1_500_000),
            ("medical_ambulance_cap", -3_400_000),
            ("medical_primary_insurer", -20 * M),
            ("medical_capital_cap", -9_600_000),
        ],
        id="every rule in order",
    ),
    pytest.param(
        bill(("جراحی", 10 * M), ("اتاق خصوصی", 2 * M), ("دارو", 1 * M), ("حق‌العمل", 3 * M)),
        dict(medical_capital=50 * M),
        14 * M,
        [("medical_billed", 16 * M), ("medical_non_payable", -2 * M)],
        id="Persian item names",
    ),
    pytest.param([], dict(medical_capital=50 * M), 0, [("medical_billed", 0)], id="empty bill"),
]


@pytest.mark.parametrize("lines, options, payable, breakdown", MEDICAL_CASES)
def test_medical_payout_worked_cases(lines, options, payable, breakdown):
    payout = medical_payout(lines, **options)
    assert payout.payable == payable
    assert list(payout.breakdown) == breakdown
    assert payout.shares == ()


@pytest.mark.parametrize(
    "name, code",
    [
        ("treatment", "treatment"),
        ("Hospital Stay", "hospital_stay"),
        ("hospital-stay", "hospital_stay"),
        ("anesthesia", "anaesthesia"),
        ("بیهوشی", "anaesthesia"),
        ("بيهوشي", "anaesthesia"),  # Arabic-keyboard yeh
        ("حق‌العمل جراحی", "surgery"),
        ("  پورسانت بیمارستان ", "hospital_commission"),
        ("اطاق خصوصی", "private_room"),
        ("آزمایشگاه", "lab"),
        ("رادیولوژی", "imaging"),
        ("همراه", "companion"),
        ("تلفن", "telephone"),
        ("آمبولانس", "ambulance"),
    ],
)
def test_bill_items_by_english_or_persian_name(name, code):
    assert bill_item_code(name) == code


def test_every_bill_item_is_known_by_its_own_code():
    assert [bill_item_code(code) for code in BILL_ITEMS] == list(BILL_ITEMS)


def test_an_unknown_bill_item_is_refused_by_name():
    with pytest.raises(ClaimInputError) as caught:
        medical_payout([BillLine("massage", 1 * M)], medical_capital=10 * M)
    assert caught.value.params == {"problem": "unknown_bill_item", "item": "massage"}


@pytest.mark.parametrize("amount", [-1, 1.5, "100", True])
def test_a_bill_amount_must_be_whole_non_negative_rials(amount):
    with pytest.raises(ClaimInputError):
        medical_payout([BillLine("treatment", amount)], medical_capital=10 * M)


# ---------------------------------------------------------------- disability

CAPITAL = 200 * M

DISABILITY_CASES = [
    pytest.param(dict(items=["thumb"]), 72 * M, [("disability_table:thumb", 72 * M)], id="thumb 36%"),
    pytest.param(
        dict(items=["sight_both_eyes"]), CAPITAL, [("disability_table:sight_both_eyes", CAPITAL)], id="total 100%"
    ),
    pytest.param(
        # 60% + 70% = 130% -> 120 + 140 = 260, capped at 200
        dict(items=["forearm", "leg_at_thigh"]),
        CAPITAL,
        [
            ("disability_table:forearm", 120 * M),
            ("disability_table:leg_at_thigh", 140 * M),
            ("disability_cap_100_percent", -60 * M),
        ],
        id="items together capped at 100%",
    ),
    pytest.param(dict(teeth=3), 6 * M, [("disability_teeth", 6 * M)], id="three teeth, 1% each"),
    pytest.param(dict(teeth=30), 56 * M, [("disability_teeth", 56 * M)], id="teeth at most 28% together"),
    pytest.param(
        dict(teeth=2, tooth_percent="0.5"), 2 * M, [("disability_teeth", 2 * M)], id="doctor's lower figure per tooth"
    ),
    pytest.param(
        dict(assessed_percent="12.5"), 25 * M, [("disability_assessed", 25 * M)], id="doctor-assessed 12.5%"
    ),
    pytest.param(
        # 36% of 200 = 72; 150 already paid, 50 left
        dict(items=["thumb"], disability_already_paid=150 * M),
        50 * M,
        [("disability_table:thumb", 72 * M), ("disability_already_paid", -22 * M)],
        id="less disability already paid to the person",
    ),
    pytest.param(
        # 10% + 2 teeth (2%) + 5% = 20 + 4 + 10 = 34
        dict(items=["little_finger"], teeth=2, assessed_percent=5),
        34 * M,
        [("disability_table:little_finger", 20 * M), ("disability_assessed", 10 * M), ("disability_teeth", 4 * M)],
        id="items, assessment and teeth added",
    ),
    pytest.param(dict(), 0, [("disability_none", 0)], id="nothing assessed"),
]


@pytest.mark.parametrize("options, payable, breakdown", DISABILITY_CASES)
def test_disability_payout_worked_cases(options, payable, breakdown):
    payout = disability_payout(CAPITAL, **options)
    assert payout.payable == payable
    assert list(payout.breakdown) == breakdown


def test_disability_percent_of_an_odd_capital_is_rounded_down():
    # 2.5% of 123,456,789 = 3,086,419.725
    assert disability_payout(123_456_789, assessed_percent="2.5").payable == 3_086_419
    assert disability_payout(123_456_789, assessed_percent="۲٫۵").payable == 3_086_419


def test_a_contract_table_can_add_or_change_items():
    table = default_table().with_items({"nose": 20, "thumb": "40"})
    assert disability_payout(CAPITAL, items=["nose", "thumb"], table=table).payable == 40 * M + 80 * M
    assert default_table().percent("thumb") == 36  # the default is untouched


@pytest.mark.parametrize(
    "options, problem",
    [
        (dict(items=["wing"]), "unknown_disability_item"),
        (dict(teeth=2, tooth_percent=2), "tooth_percent_over_max"),
        (dict(teeth=-1), "teeth_not_a_count"),
        (dict(teeth=33), "teeth_not_a_count"),  # a person has 32 at most
        (dict(assessed_percent=0.1), "not_exact_number"),
        (dict(assessed_percent="ten"), "not_a_number"),
    ],
)
def test_disability_inputs_that_make_no_sense_are_refused(options, problem):
    with pytest.raises(ClaimInputError) as caught:
        disability_payout(CAPITAL, **options)
    assert caught.value.params["problem"] == problem


def test_the_default_table_has_no_item_above_100_percent():
    table = default_table()
    assert table.items and all(0 < percent <= 100 for percent in table.items.values())
    assert table.tooth_percent_max == 1


# ---------------------------------------------------------------- death

# Wife 1/8; the rest 7/8 to two sons and a daughter, a son twice a daughter: 7/20, 7/20, 7/40.
HEIRS = [("wife", "1/8"), ("son_1", "7/20"), ("son_2", "7/20"), ("daughter", "7/40")]

DEATH_CASES = [
    pytest.param(
        dict(minor=True),
        100 * M,
        [("death_capital", 100 * M)],
        [("father", 50 * M), ("mother", 50 * M)],
        id="minor: equally between the parents",
    ),
    pytest.param(
        dict(minor=True, disability_already_paid=30 * M),
        70 * M,
        [("death_capital", 100 * M), ("death_disability_already_paid", -30 * M)],
        [("father", 35 * M), ("mother", 35 * M)],
        id="minor: less disability already paid",
    ),
    pytest.param(
        dict(minor=True, responsible=["father"]),
        50 * M,
        [("death_capital", 100 * M), ("death_responsible_share", -50 * M)],
        [("mother", 50 * M)],
        id="minor: the responsible parent's half kept back",
    ),
    pytest.param(
        # 100 x 1/8 = 12.5; x 7/20 = 35; x 7/40 = 17.5
        dict(minor=False, heirs=HEIRS),
        100 * M,
        [("death_capital", 100 * M)],
        [("wife", 12_500_000), ("son_1", 35 * M), ("son_2", 35 * M), ("daughter", 17_500_000)],
        id="adult: by the inheritance certificate",
    ),
    pytest.param(
        # 100 - 20 = 80; x 1/8 = 10; x 7/20 = 28; x 7/40 = 14; son_1's 28 kept back: 80 - 28 = 52
        dict(minor=False, heirs=HEIRS, responsible=["son_1"], disability_already_paid=20 * M),
        52 * M,
        [("death_capital", 100 * M), ("death_disability_already_paid", -20 * M), ("death_responsible_share", -28 * M)],
        [("wife", 10 * M), ("son_2", 28 * M), ("daughter", 14 * M)],
        id="adult: disability first, then the responsible heir's share",
    ),
    pytest.param(
        dict(minor=False, heirs=[("a", "1/3"), ("b", "1/3"), ("c", "1/3")]),
        100 * M,
        [("death_capital", 100 * M)],
        [("a", 33_333_334), ("b", 33_333_333), ("c", 33_333_333)],
        id="thirds: the left-over rial to the first named",
    ),
    pytest.param(
        dict(minor=False, heirs=[("a", "0.25"), ("b", Fraction(3, 4))], disability_already_paid=150 * M),
        0,
        [("death_capital", 100 * M), ("death_disability_already_paid", -100 * M)],
        [("a", 0), ("b", 0)],
        id="disability already paid beyond the capital",
    ),
]


@pytest.mark.parametrize("options, payable, breakdown, shares", DEATH_CASES)
def test_death_payout_worked_cases(options, payable, breakdown, shares):
    payout = death_payout(100 * M, **options)
    assert payout.payable == payable
    assert list(payout.breakdown) == breakdown
    assert list(payout.shares) == shares


def test_a_minors_odd_rial_goes_to_the_father_named_first():
    payout = death_payout(99_999_999, minor=True)
    assert payout.shares == (("father", 50_000_000), ("mother", 49_999_999))


@pytest.mark.parametrize(
    "options, problem",
    [
        (dict(minor=False), "heirs_required"),
        (dict(minor=True, heirs=HEIRS), "minor_paid_to_parents"),
        (dict(minor=False, heirs=[("a", "1/2"), ("b", "1/3")]), "shares_not_whole"),
        (dict(minor=False, heirs=[("a", "1"), ("b", "0")]), "shares_not_whole"),
        (dict(minor=False, heirs=[("a", "1/2"), ("a", "1/2")]), "heir_named_twice"),
        (dict(minor=True, responsible=["uncle"]), "responsible_not_a_beneficiary"),
    ],
)
def test_death_inputs_that_make_no_sense_are_refused(options, problem):
    with pytest.raises(ClaimInputError) as caught:
        death_payout(100 * M, **options)
    assert caught.value.params["problem"] == problem


@pytest.mark.parametrize(
    "born, on, minor",
    [
        (dt.date(2020, 5, 1), dt.date(2038, 4, 30), True),
        (dt.date(2020, 5, 1), dt.date(2038, 5, 1), False),
        (dt.date(2020, 2, 29), dt.date(2038, 2, 28), True),
        (dt.date(2020, 2, 29), dt.date(2038, 3, 1), False),
    ],
)
def test_minor_until_the_eighteenth_birthday(born, on, minor):
    assert is_minor(born, on) is minor


# ---------------------------------------------------------------- shared helpers


@pytest.mark.parametrize(
    "text, value",
    [("25", Fraction(25)), ("2.5", Fraction(5, 2)), ("۱/۶", Fraction(1, 6)), ("12.5%", Fraction(25, 2))],
)
def test_exact_fraction_reads_what_people_write(text, value):
    assert exact_fraction(text, "x") == value


@pytest.mark.parametrize("text", ["1/0", "1.5/2", "-3", "", "1e3"])
def test_exact_fraction_refuses_what_is_not_one_number(text):
    with pytest.raises(ClaimInputError):
        exact_fraction(text, "x")


def test_split_by_shares_gives_the_left_over_rials_to_the_largest_remainders():
    # 10 by 1/6, 1/3, 1/2 = 1.67, 3.33, 5 -> floors 1, 3, 5 = 9; the rial goes to 1.67
    assert split_by_shares(10, [("a", Fraction(1, 6)), ("b", Fraction(1, 3)), ("c", Fraction(1, 2))]) == [
        ("a", 2),
        ("b", 3),
        ("c", 5),
    ]
