"""The kardex check: what was already claimed by, and paid to, the same insured person.

The seed: the claims expert checks the names against the kardex «تا از عدم
دریافت خسارت قبلی این بیمه‌شده اطمینان حاصل نمایند» and, if the person was
paid before, that the same case is not paid again. A case is the same incident
(date, and hour when both claims give it) and the same claim type.

Pure: the earlier claims are handed in; storage's guard against two experts
paying at the same instant is the claims service's job, this only says what
the register shows.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

PAID = "paid"


@dataclass(frozen=True)
class KardexEntry:
    number: int  # the file number in the claims register
    person: str  # the insured's national id
    incident_date: dt.date
    kind: str
    status: str
    incident_time: dt.time | None = None
    contract: int | None = None
    paid_amount: int = 0
    # the parts of a medical payment its capital did not bear (kidney purchase, lithotripsy): (item, rials)
    beyond_capital: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class KardexResult:
    earlier_for_person: tuple[int, ...]  # every earlier claim by this person, oldest first
    same_case: tuple[int, ...]  # those for the same incident and type
    same_case_paid: tuple[int, ...]  # ... already paid: this claim must not be paid

    @property
    def already_paid(self) -> bool:
        return bool(self.same_case_paid)


def kardex(
    entries: Iterable[KardexEntry],
    *,
    person: str,
    incident_date: dt.date,
    kind: str,
    incident_time: dt.time | None = None,
    exclude_number: int | None = None,
    paid_statuses: Collection[str] = (PAID,),
) -> KardexResult:
    """The earlier claims of ``person`` and, among them, those for the same case.

    ``exclude_number`` leaves out the claim being checked when it is already in the register.
    """
    mine = sorted(
        (e for e in entries if e.person == person and e.number != exclude_number),
        key=lambda e: (e.incident_date, e.number),
    )
    same = [e for e in mine if e.kind == kind and _same_incident(e, incident_date, incident_time)]
    return KardexResult(
        tuple(e.number for e in mine),
        tuple(e.number for e in same),
        tuple(e.number for e in same if e.status in paid_statuses),
    )


def _same_incident(entry: KardexEntry, incident_date: dt.date, incident_time: dt.time | None) -> bool:
    # Without both hours, the same day counts as the same incident: better shown to the
    # expert than paid twice.
    if entry.incident_date != incident_date:
        return False
    return entry.incident_time is None or incident_time is None or entry.incident_time == incident_time


def _paid(entries: Iterable[KardexEntry], person: str, kind: str | None, contract: int | None,
          paid_statuses: Collection[str]) -> list[KardexEntry]:
    return [e for e in entries
            if e.person == person and (kind is None or e.kind == kind) and e.status in paid_statuses
            and (contract is None or e.contract == contract)]


def amount_paid(
    entries: Iterable[KardexEntry],
    *,
    person: str,
    kind: str,
    contract: int | None = None,
    paid_statuses: Collection[str] = (PAID,),
) -> int:
    """Rials already paid to ``person`` for claims of ``kind`` (under ``contract`` when given):
    the disability a death payout deducts, the medical expenses the capital already bore."""
    return sum(e.paid_amount for e in _paid(entries, person, kind, contract, paid_statuses))


def payouts_paid(
    entries: Iterable[KardexEntry],
    *,
    person: str,
    contract: int,
    paid_statuses: Collection[str] = (PAID,),
) -> list[tuple[str, int]]:
    """(kind, rials) of every payment to ``person`` under ``contract``: what the one capital for
    death and disability already bore (claims_capital.capital_used)."""
    return [(e.kind, e.paid_amount) for e in _paid(entries, person, None, contract, paid_statuses)]


def medical_capital_used(
    entries: Iterable[KardexEntry],
    *,
    person: str,
    contract: int,
    medical_kind: str,
    paid_statuses: Collection[str] = (PAID,),
) -> int:
    """What the person's medical capital already bore under the contract: their medical payments
    less the parts paid beyond the capital (a kidney purchase, lithotripsy)."""
    return sum(e.paid_amount - sum(amount for _, amount in e.beyond_capital)
               for e in _paid(entries, person, medical_kind, contract, paid_statuses))


def paid_beyond_capital(
    entries: Iterable[KardexEntry],
    *,
    person: str,
    contract: int,
    item: str,
    paid_statuses: Collection[str] = (PAID,),
) -> int:
    """Rials already paid to the person under the contract for ``item`` beyond the medical capital."""
    return sum(amount for e in _paid(entries, person, None, contract, paid_statuses)
               for code, amount in e.beyond_capital if code == item)
