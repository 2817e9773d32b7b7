"""A contract with a roster and a paid premium, for the claims service over a real database."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

from core.insurance.claims_service import ClaimNotice, ClaimsService
from core.insurance.service import ContractRequest, InsuranceService
from storage.db import Database
from tests.unit.insurance.support import j, nid, person

# 1404/08/01 noon in Tehran: after the whole first contract year, so no incident in it is "in the future".
LATER = datetime(2025, 10, 23, 8, 30, tzinfo=timezone.utc)
START = j(1403, 6, 1)
POLICYHOLDER = "مهدکودک گل‌های بهاری"


def services(database: Database, now: datetime = LATER) -> tuple[InsuranceService, ClaimsService]:
    return InsuranceService(database.uow, lambda: now), ClaimsService(database.uow, lambda: now)


def issue(insurance: InsuranceService, plan: str = "death_disability_medical", persons: int = 3,
          paid_on: date | None = j(1403, 5, 25), first: int = 1, birth: date | None = None) -> int:
    """A contract from 1403/06/01 for persons ``first``.. (children born 1398 unless ``birth``),
    its premium paid in full on ``paid_on`` (None: unpaid). Returns its number."""
    medical = 10_000_000 if plan == "death_disability_medical" else 0
    issued = insurance.issue_contract(ContractRequest(
        POLICYHOLDER, plan, 100_000_000, 1_000_000, START,
        [person(n, birth=birth) for n in range(first, first + persons)], medical, discount_percent=0))
    if paid_on is not None:
        insurance.record_payment(issued.contract.number, paid_on, "۱۲۳۴۵۶")
    return issued.contract.number


def notice(contract: int, n: int = 1, kind: str = "medical", day: date = j(1403, 8, 15), hour: time | None = None,
           description: str = "در حیاط مهد زمین خورد و دستش شکست.") -> ClaimNotice:
    return ClaimNotice(contract, nid(n), kind, day, description, hour)
