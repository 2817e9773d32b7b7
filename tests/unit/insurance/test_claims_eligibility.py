"""The four eligibility checks of the policy inquiry, at their edges.

The contract below covers 1403/01/01 to 1403/12/30 (2024-03-20 to 2025-03-20),
its premium due by 1403/01/15 (2024-04-03) and paid on 1403/01/10 (2024-03-29).
"""
from __future__ import annotations

import datetime as dt

import pytest

from core.insurance.claims.eligibility import (
    CHECK_COVER_PERIOD,
    CHECK_COVERED,
    CHECK_INSURED,
    CHECK_PREMIUM,
    Check,
    Membership,
    PremiumPayment,
    check_eligibility,
)
from core.insurance.claims.money import ClaimInputError

D = dt.date
START, END = D(2024, 3, 20), D(2025, 3, 20)
PAID, DEADLINE = D(2024, 3, 29), D(2024, 4, 3)
INCIDENT = D(2024, 10, 1)
M = 1_000_000


def check(**changes):
    inputs = dict(
        cover_start=START,
        cover_end=END,
        incident_date=INCIDENT,
        memberships=[Membership(START)],
        payments=[PremiumPayment(PAID)],
        payment_deadline=DEADLINE,
        plan="death_disability_medical",
        claim_kind="medical",
        death_disability_capital=200 * M,
        medical_capital=20 * M,
    )
    return check_eligibility(**(inputs | changes))


def test_an_ordinary_claim_passes_every_check_and_all_are_reported():
    result = check()
    assert result.eligible
    assert result.reasons == ()
    assert result.checks == (
        Check(CHECK_COVER_PERIOD, True),
        Check(CHECK_INSURED, True),
        Check(CHECK_PREMIUM, True),
        Check(CHECK_COVERED, True),
    )


@pytest.mark.parametrize(
    "incident, reasons",
    [
        pytest.param(START, (), id="first day of cover"),
        pytest.param(END, (), id="last day of cover"),
        pytest.param(END + dt.timedelta(days=1), ("outside_cover",), id="the day after the expiry"),
    ],
)
def test_cover_period_includes_its_first_and_last_day(incident, reasons):
    # The premium is paid before the cover starts here, so only the cover period decides.
    result = check(incident_date=incident, payments=[PremiumPayment(START - dt.timedelta(days=5))])
    assert result.reasons == reasons
    assert result.eligible is (reasons == ())


def test_the_day_before_the_cover_starts_is_outside_it():
    result = check(incident_date=START - dt.timedelta(days=1), payments=[PremiumPayment(D(2024, 3, 1))])
    assert result.reasons == ("outside_cover", "not_insured")


@pytest.mark.parametrize(
    "memberships, reasons",
    [
        pytest.param([Membership(D(2024, 10, 2))], ("not_insured",), id="added by endorsement the day after"),
        pytest.param([Membership(INCIDENT)], (), id="added by endorsement on the incident day"),
        pytest.param([Membership(START, D(2024, 9, 30))], ("not_insured",), id="removed the day before"),
        pytest.param([Membership(START, INCIDENT)], ("not_insured",), id="removed with effect on the incident day"),
        pytest.param([Membership(START, D(2024, 10, 2))], (), id="removed with effect the day after"),
        pytest.param(
            [Membership(START, D(2024, 6, 1)), Membership(D(2024, 9, 1))], (), id="removed, then added again"
        ),
        pytest.param([], ("not_insured",), id="never on the roster"),
    ],
)
def test_the_person_must_be_on_the_roster_on_the_incident_date(memberships, reasons):
    assert check(memberships=memberships).reasons == reasons


@pytest.mark.parametrize(
    "payments, incident_time, reasons",
    [
        pytest.param([PremiumPayment(D(2024, 10, 2))], None, ("premium_unpaid",), id="paid the day after"),
        pytest.param([], None, ("premium_unpaid",), id="never paid"),
        pytest.param([PremiumPayment(DEADLINE)], None, (), id="paid on the deadline"),
        pytest.param([PremiumPayment(D(2024, 4, 4))], None, ("premium_late",), id="paid after the deadline"),
        pytest.param(
            [PremiumPayment(D(2024, 10, 2)), PremiumPayment(PAID)], None, (), id="an earlier payment counts"
        ),
    ],
)
def test_the_premium_must_be_paid_before_the_incident_and_by_the_deadline(payments, incident_time, reasons):
    assert check(payments=payments, incident_time=incident_time).reasons == reasons


@pytest.mark.parametrize(
    "payments, incident_time, reasons",
    [
        pytest.param([PremiumPayment(INCIDENT)], None, ("premium_unpaid",), id="same day, hours unknown"),
        pytest.param(
            [PremiumPayment(dt.datetime(2024, 10, 1, 9, 0))],  # noqa: DTZ001 - naive: Tehran time
            dt.time(10, 30), (), id="same day, paid an hour before"
        ),
        pytest.param(
            [PremiumPayment(dt.datetime(2024, 10, 1, 11, 0))],  # noqa: DTZ001 - naive: Tehran time
            dt.time(10, 30),
            ("premium_unpaid",),
            id="same day, paid after",
        ),
        pytest.param(
            # 05:00 UTC is 08:30 in Tehran: after an 08:00 incident
            [PremiumPayment(dt.datetime(2024, 10, 1, 5, 0, tzinfo=dt.UTC))],
            dt.time(8, 0),
            ("premium_unpaid",),
            id="a stored UTC time read as Tehran time",
        ),
        pytest.param(
            [PremiumPayment(dt.datetime(2024, 10, 1, 5, 0, tzinfo=dt.UTC))], dt.time(9, 0), (), id="UTC, before"
        ),
    ],
)
def test_a_payment_on_the_incident_day_counts_only_when_surely_earlier(payments, incident_time, reasons):
    # No deadline here: a payment on the incident day would be past the contract's.
    assert check(payments=payments, incident_time=incident_time, payment_deadline=None).reasons == reasons


def test_without_a_deadline_any_payment_before_the_incident_will_do():
    assert check(payments=[PremiumPayment(D(2024, 9, 1))], payment_deadline=None).eligible


@pytest.mark.parametrize(
    "amounts_and_days, reasons",
    [
        pytest.param([(6 * M, PAID), (4 * M, D(2024, 10, 5))], ("premium_unpaid",), id="balance paid after"),
        pytest.param([(6 * M, PAID), (4 * M, D(2024, 5, 1))], ("premium_late",), id="balance paid late"),
        pytest.param([(6 * M, PAID), (4 * M, DEADLINE)], (), id="in full by the deadline"),
    ],
)
def test_a_premium_paid_in_instalments_counts_when_paid_in_full(amounts_and_days, reasons):
    payments = [PremiumPayment(day, amount) for amount, day in amounts_and_days]
    assert check(payments=payments, premium_due=10 * M).reasons == reasons


@pytest.mark.parametrize(
    "plan, kind, medical_capital, reasons",
    [
        pytest.param("death_disability", "medical", 0, ("not_covered",), id="no medical on a death-disability plan"),
        pytest.param("death_disability", "death", 0, (), id="death on a death-disability plan"),
        pytest.param("death_disability", "disability", 0, (), id="disability on a death-disability plan"),
        pytest.param("death_disability_medical", "medical", 0, ("not_covered",), id="medical plan with no capital"),
        pytest.param("death_disability_medical", "medical", 20 * M, (), id="medical plan with a capital"),
    ],
)
def test_the_contract_must_cover_the_claim_type_with_a_commitment(plan, kind, medical_capital, reasons):
    assert check(plan=plan, claim_kind=kind, medical_capital=medical_capital).reasons == reasons


def test_no_death_or_disability_commitment_means_not_covered():
    assert check(claim_kind="death", death_disability_capital=0).reasons == ("not_covered",)


def test_every_failed_check_is_reported_in_order():
    result = check(
        incident_date=D(2025, 4, 1),
        memberships=[Membership(START, D(2025, 1, 1))],
        payments=[],
        plan="death_disability",
    )
    assert not result.eligible
    assert result.reasons == ("outside_cover", "not_insured", "premium_unpaid", "not_covered")
    assert [c.passed for c in result.checks] == [False, False, False, False]


@pytest.mark.parametrize(
    "changes, problem",
    [
        (dict(plan="gold"), "unknown_plan"),
        (dict(claim_kind="theft"), "unknown_claim_kind"),
        (dict(cover_end=D(2024, 1, 1)), "cover_ends_before_it_starts"),
        (dict(premium_due=10 * M), "payment_amount_required"),
    ],
)
def test_inputs_that_make_no_sense_are_refused(changes, problem):
    with pytest.raises(ClaimInputError) as caught:
        check(**changes)
    assert caught.value.params["problem"] == problem
