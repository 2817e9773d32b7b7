"""A claim file as the claims office and the policyholder read it in chat: catalog lines.

Built from ClaimsService's ClaimView (the bot renders the lines): the staff see at once
whether it is payable (each eligibility check with its reason, the kardex, what documents
are missing, the issuing office's inquiry, the payout breakdown once assessed); the
policyholder sees the file number, what is still missing and, once assessed, the same
breakdown and shares.
"""
from __future__ import annotations

from collections.abc import Sequence

from core.insurance.claims.service import POLICY_INQUIRY, ClaimView, Inquiry
from core.requests.hooks import Line
from core.values import Day, LeftToRight, Money


def _numbers(numbers: list[int] | tuple[int, ...]) -> str | int:
    """Claim numbers as one param: a number, or "12, 15" (shown in the reader's digits)."""
    return numbers[0] if len(numbers) == 1 else ", ".join(str(n) for n in numbers)


def header(view: ClaimView) -> list[Line]:
    c = view.claim
    return [
        Line("claim_chat.header", {"number": c.number, "contract": view.contract.number,
                                   "policyholder": view.policyholder.name}),
        Line("claim_chat.person", {"name": c.person_name, "kind": Line(f"claims.kind.{c.kind}"),
                                   "date": Day(c.incident_date),
                                   "time": c.incident_time.strftime("%H:%M") if c.incident_time else ""}),
    ]


def eligibility(view: ClaimView) -> list[Line]:
    c = view.claim
    lines = [Line("claim_chat.eligible" if c.eligible else "claim_chat.ineligible")]
    for check in c.checks:
        result = Line("claims.check_passed") if check["passed"] else Line(f"claims.reason.{check['reason']}")
        lines.append(Line("claim_chat.check_line", {"mark": "✅" if check["passed"] else "❌",
                                                    "check": Line(f"claims.check.{check['name']}"),
                                                    "result": result}))
    if c.override_reason:
        lines.append(Line("claim_chat.override", {"reason": c.override_reason}))
    return lines


def kardex(view: ClaimView) -> list[Line]:
    k = view.kardex
    lines = []
    if k.same_case_paid:
        lines.append(Line("claims.kardex_paid", {"numbers": _numbers(k.same_case_paid)}))
    elif k.same_case:
        lines.append(Line("claims.kardex_same_case", {"numbers": _numbers(k.same_case)}))
    lines.append(Line("claims.kardex", {"numbers": _numbers(k.earlier_for_person)}) if k.earlier_for_person
                 else Line("claims.kardex_none"))
    return lines


def documents(view: ClaimView, by_requester: bool = False) -> list[Line]:
    """What is still missing (for the requester, what they can send: the inquiry is the office's)."""
    missing = [code for code in view.missing if not (by_requester and code == POLICY_INQUIRY)]
    if not missing:
        return [Line("claims.complete")]
    return [Line("claim_chat.missing_title"),
            *(Line("claim_chat.missing_item", {"document": Line(f"claims.document.{code}")}) for code in missing)]


def _rule(rule: str) -> Line:
    code, _, item = rule.partition(":")  # disability_table:thumb is the table rule and its item
    if item:
        return Line("claim_chat.rule_item", {"rule": Line(f"claims.rule.{code}"),
                                             "item": Line(f"claims.disability_item.{item}")})
    return Line(f"claims.rule.{code}")


def _beneficiary(name: str) -> Line | str:
    return Line(f"claims.beneficiary.{name}") if name in ("father", "mother") else name


def payout(view: ClaimView) -> list[Line]:
    assessment = view.claim.assessment
    if not assessment:
        return []
    lines = [Line("claim_chat.payable", {"amount": Money(assessment["payable"])})]
    lines += [Line("claim_chat.breakdown_line", {"rule": _rule(b["rule"]), "amount": Money(b["amount"])})
              for b in assessment.get("breakdown", [])]
    lines += [Line("claim_chat.share_line", {"to": _beneficiary(s["to"]), "amount": Money(s["amount"])})
              for s in assessment.get("shares", [])]
    return lines


def order(view: ClaimView) -> list[Line]:
    if view.order is None:
        return []
    return [Line("claim_chat.order", {"order": view.order.number, "amount": Money(view.order.amount)})]


def inquiry(found: Inquiry) -> list[Line]:
    """The policy inquiry («استعلام بیمه عمر و حوادث») as filled from the contract."""
    lines = [
        Line("claim_chat.inquiry_title", {"contract": found.contract_number, "policyholder": found.policyholder}),
        Line("claim_chat.inquiry_cover", {"plan": Line(f"plan.{found.plan}"), "start": Day(found.cover_start),
                                          "end": Day(found.cover_end), "office": found.office}),
        Line("claim_chat.inquiry_capitals", {"death_capital": Money(found.death_disability_capital),
                                             "medical_capital": Money(found.medical_capital)}),
        Line("claim_chat.inquiry_person", {"name": found.name, "national_id": LeftToRight(found.national_id),
                                           "birth": Day(found.birth_date)}),
    ]
    lines += [Line("claim_chat.inquiry_member", {"start": Day(start),
                                                 "end": Day(end) if end else Line("claim_chat.open_end")})
              for start, end in found.memberships]
    lines.append(Line("claim_chat.inquiry_premium", {"due": Money(found.premium_due),
                                                     "deadline": Day(found.payment_deadline)}))
    lines += [Line("claim_chat.inquiry_payment", {"receipt": n, "paid_on": Day(paid_on), "amount": Money(amount)})
              for n, paid_on, amount in found.payments]
    return lines


def for_staff(view: ClaimView, inquiry_lines: Sequence[Line] = ()) -> list[Line]:
    """Everything the claims office needs before acting, in the order it decides."""
    return [*header(view), *eligibility(view), *kardex(view), *documents(view), *inquiry_lines,
            *payout(view), *order(view)]


def for_requester(view: ClaimView) -> list[Line]:
    """What the policyholder is told: the file, what is still missing, the payout once assessed."""
    return [*header(view), *documents(view, by_requester=True), *payout(view), *order(view)]
