"""The kardex: earlier claims by the same person, and the same case (same incident, same type) never paid twice."""
from __future__ import annotations

import datetime as dt

from core.insurance.claims.kardex import KardexEntry, amount_paid, kardex

D, T = dt.date, dt.time
ALI, SARA = "0012345678", "0087654321"
M = 1_000_000

REGISTER = [
    KardexEntry(7, ALI, D(2024, 5, 1), "medical", "paid", T(9, 0), contract=300001, paid_amount=4 * M),
    KardexEntry(3, ALI, D(2024, 4, 2), "disability", "paid", contract=300001, paid_amount=30 * M),
    KardexEntry(9, ALI, D(2024, 5, 1), "medical", "rejected", T(9, 0), contract=300001),
    KardexEntry(8, SARA, D(2024, 5, 1), "medical", "paid", T(9, 0), contract=300001, paid_amount=2 * M),
    KardexEntry(11, ALI, D(2024, 6, 9), "medical", "submitted", contract=300002),
    KardexEntry(12, ALI, D(2024, 6, 10), "disability", "paid", contract=300002, paid_amount=10 * M),
]


def test_earlier_claims_of_the_person_oldest_first_and_no_one_elses():
    found = kardex(REGISTER, person=ALI, incident_date=D(2024, 8, 1), kind="medical")
    assert found.earlier_for_person == (3, 7, 9, 11, 12)
    assert found.same_case == ()
    assert not found.already_paid


def test_the_same_incident_and_type_already_paid_blocks_payment():
    found = kardex(REGISTER, person=ALI, incident_date=D(2024, 5, 1), incident_time=T(9, 0), kind="medical")
    assert found.same_case == (7, 9)
    assert found.same_case_paid == (7,)
    assert found.already_paid


def test_another_type_on_the_same_day_is_another_case():
    found = kardex(REGISTER, person=ALI, incident_date=D(2024, 5, 1), kind="disability")
    assert found.same_case == ()


def test_another_hour_the_same_day_is_another_incident_but_an_unknown_hour_is_the_same():
    other_hour = kardex(REGISTER, person=ALI, incident_date=D(2024, 5, 1), incident_time=T(17, 0), kind="medical")
    assert other_hour.same_case == ()
    no_hour = kardex(REGISTER, person=ALI, incident_date=D(2024, 5, 1), kind="medical")
    assert no_hour.same_case_paid == (7,)


def test_the_claim_being_checked_is_left_out():
    found = kardex(REGISTER, person=ALI, incident_date=D(2024, 6, 9), kind="medical", exclude_number=11)
    assert 11 not in found.earlier_for_person
    assert found.same_case == ()


def test_an_unpaid_earlier_claim_for_the_same_case_is_shown_but_does_not_block():
    found = kardex(REGISTER, person=ALI, incident_date=D(2024, 6, 9), kind="medical", exclude_number=99)
    assert found.same_case == (11,)
    assert not found.already_paid


def test_amounts_already_paid_to_the_person_by_type_and_contract():
    assert amount_paid(REGISTER, person=ALI, kind="disability") == 40 * M
    assert amount_paid(REGISTER, person=ALI, kind="disability", contract=300001) == 30 * M
    assert amount_paid(REGISTER, person=ALI, kind="medical", contract=300001) == 4 * M
    assert amount_paid(REGISTER, person=SARA, kind="death") == 0
