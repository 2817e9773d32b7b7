"""The month-end entry for Saman, the insurer's information system (K64, K104, K133): the contracts
(renewals among them) and endorsements issued in a Jalali month, one row each, as a CSV file.

The layout (docs/insurance.md lists every column): UTF-8 with a BOM, comma-separated, one header
row, dates Jalali YYYY/MM/DD with Latin digits, amounts whole rials without separators (an
endorsement's amount is negative for a refund). The header and the kinds are the catalog's words
(Persian for the office); the columns' order is fixed.
"""
from __future__ import annotations

from core.insurance.reports.monthly import Label, issuance_month, jalali
from core.insurance.shared.models import Contract
from core.ports import UnitOfWork

COLUMNS = ("record", "register_number", "contract", "renewal_of", "kind", "issued_on", "start_or_effective", "end",
           "policyholder", "policyholder_kind", "office", "agency", "death_capital", "medical_capital", "rate",
           "persons", "amount")


def saman_rows(uow: UnitOfWork, year: int, month: int, t: Label) -> list[list[object]]:
    """The header and a row for each contract and endorsement issued in the month, in register order,
    counted as the monthly reports count them (core/insurance/reports/monthly.py)."""
    reports = issuance_month(uow, year, month)
    contracts: dict[int, Contract] = {c.number: c for c in uow.contracts.list()}
    kinds: dict[int, str] = {}
    rows: list[list[object]] = [[t(f"report.column.{c}") for c in COLUMNS]]
    for record, lines in (("contract", reports.contracts.lines), ("renewal", reports.renewals.lines)):
        for x in lines:
            c = contracts[x.contract_number]
            rows.append([t(f"report.record.{record}"), x.number, x.contract_number, x.renewal_of or "",
                         t(f"plan.{x.kind}"), jalali(x.issued_at), jalali(c.start), jalali(c.end), x.policyholder,
                         t(f"policyholder_kind.{_holder_kind(uow, c, kinds)}"), x.office, x.agency or "",
                         c.death_capital, c.medical_capital, c.rate, x.persons, x.amount])
    for x in reports.endorsements.lines:
        c = contracts[x.contract_number]
        rows.append([t("report.record.endorsement"), x.number, x.contract_number, "",
                     t(f"endorsement_kind.{x.kind}"), jalali(x.issued_at), jalali(x.effective), jalali(c.end),
                     x.policyholder, t(f"policyholder_kind.{_holder_kind(uow, c, kinds)}"), x.office, x.agency or "",
                     c.death_capital, c.medical_capital, c.rate, x.persons, x.amount])
    return rows


def _holder_kind(uow: UnitOfWork, contract: Contract, known: dict[int, str]) -> str:
    if contract.policyholder_id not in known:
        holder = uow.policyholders.get(contract.policyholder_id)
        known[contract.policyholder_id] = holder.kind if holder else "kindergarten"
    return known[contract.policyholder_id]
