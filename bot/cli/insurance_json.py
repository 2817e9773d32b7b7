"""The `--json` shapes of `python -m bot insurance ...` (docs/insurance.md lists the keys; scripts rely on them).

Dates are Jalali `YYYY/MM/DD` with Latin digits; money is integer rials (signed where it may be a refund).
"""
from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from core.insurance.shared.models import ISSUED, PROPOSED

if TYPE_CHECKING:  # imported by the parser's module (bot/cli/insurance.py): only what --help needs
    from core.insurance.contracts.endorsing import EndorsementOutcome
    from core.insurance.contracts.proposals import ContractProposal, IssuedProposal
    from core.insurance.contracts.refunds import RefundOwed
    from core.insurance.contracts.service_types import ContractView
    from core.insurance.shared.models import Proposal


def jd(day: date | None) -> str | None:
    from core.jalali import format_date

    return format_date(day, "en") if day is not None else None


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def contract_proposal(proposed: ContractProposal) -> dict[str, Any]:
    """`contracts add` and `renewals issue`: the quote sent to the policyholder (`number` is null
    until the cheque is paid), or, when it costs nothing, the contract issued at once."""
    q, p = proposed.quote, proposed.proposal
    issued = proposed.issued
    return {
        "proposal": p.number, "status": p.status, "number": issued.contract.number if issued else None,
        "kind": p.kind, "policyholder": proposed.policyholder.name,
        "policyholder_identifier": proposed.policyholder.identifier, "plan": q.terms.plan,
        "start": jd(q.terms.start), "end": jd(q.terms.end), "days": q.days, "proposed_on": jd(p.proposed_on),
        "persons": len(q.premiums), "premium": q.premium, "annual_premium": q.annual_premium,
        "discount_percent": q.discount_percent, "above_authority": q.above_authority,
        "renewal_of": p.terms.get("renewal_of_number"),
        "breakdown": [{"national_id": pp.national_id, "premium": pp.premium, "charged": charged,
                       "rules": pp.rules_json()} for pp, charged in zip(q.premiums, q.charges)],
    }


def paid(issued: IssuedProposal, file: str | None) -> dict[str, Any]:
    """`contracts pay` and `endorsements pay`: the receipt and the register number given now."""
    payment = issued.payment
    data: dict[str, Any] = {
        "proposal": issued.proposal.number, "status": ISSUED, "contract": issued.contract.number,
        "number": issued.endorsement.number if issued.endorsement else issued.contract.number,
        "receipt_number": payment.receipt_number if payment else None,
        "paid_on": jd(payment.paid_on) if payment else None, "amount": issued.proposal.amount, "file": file,
    }
    if issued.endorsement is not None:
        data["kind"] = issued.endorsement.kind
    return data


def endorsement(outcome: EndorsementOutcome) -> dict[str, Any]:
    """`endorsements add`: issued at once (`number`, signed `amount`), or proposed (`proposal`)."""
    q = outcome.quote
    e, proposal = outcome.endorsement, outcome.proposal
    return {
        "status": ISSUED if e else PROPOSED, "number": e.number if e else None,
        "proposal": proposal.proposal.number if proposal else None, "contract": outcome.contract.number,
        "kind": q.kind, "effective": jd(q.effective), "amount": q.amount,
        "lines": [{"national_id": x.national_id, "amount": x.amount, **_earned(x)} for x in q.lines],
        "short_term_percent": q.short_term_percent,
    }


def _earned(line: Any) -> dict[str, Any]:
    if line.earned_percent is None:
        return {}
    return {"cover_days": line.cover_days, "earned_percent": line.earned_percent}


def proposal(p: Proposal, policyholder: str, contract_number: int | None) -> dict[str, Any]:
    return {"proposal": p.number, "kind": p.kind, "status": p.status, "policyholder": policyholder,
            "contract": contract_number, "proposed_on": jd(p.proposed_on), "amount": p.amount}


def refund(r: RefundOwed) -> dict[str, Any]:
    s = r.settlement
    return {"endorsement": r.endorsement.number, "kind": r.endorsement.kind, "contract": r.contract.number,
            "policyholder": r.policyholder.name, "effective": jd(r.endorsement.effective), "amount": r.amount,
            "settled": s is not None, "settled_on": jd(s.settled_on) if s else None,
            "reference": s.reference if s else None}


def view(v: ContractView, roster: bool = True) -> dict[str, Any]:
    c = v.contract
    on_roster = [m for m in v.members if m.member_to is None]
    data: dict[str, Any] = {
        "number": c.number, "policyholder": v.policyholder.name, "policyholder_identifier": v.policyholder.identifier,
        "plan": c.plan, "start": jd(c.start), "end": jd(c.end), "days": c.days, "status": c.status,
        "issued_on": jd(c.issued_on), "death_capital": c.death_capital, "medical_capital": c.medical_capital,
        "rate": c.rate, "medical_rate": c.medical_rate, "discount_percent": c.discount_percent,
        "premium": c.premium, "office": c.office, "agency": c.agency, "above_authority": c.above_authority,
        "charged": v.charged, "paid": v.paid,
        "refunds_settled": v.refunds_settled, "refunds_owed": v.refunds_owed, "balance": v.balance,
        "endorsements": [{"number": e.number, "kind": e.kind, "effective": jd(e.effective), "amount": e.amount,
                          "issued_on": jd(e.issued_on)} for e in v.endorsements],
        "payments": [{"receipt_number": p.receipt_number, "paid_on": jd(p.paid_on), "amount": p.amount}
                     for p in v.payments],
        "proposals": [{"proposal": p.number, "kind": p.kind, "amount": p.amount} for p in v.open_proposals],
    }
    if roster:
        data["persons"] = len(on_roster)
        data["breakdown"] = [{"national_id": m.person.national_id, "premium": m.annual_premium, "charged": m.charged,
                              "rules": m.rules} for m in on_roster]
    return data
