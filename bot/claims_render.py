"""A claim file as the claims office and the policyholder read it in chat.

Rendered from ClaimsService's ClaimView: the expert sees at once whether it is
payable (each eligibility check with its reason, the kardex, what documents are
missing, the payout breakdown once assessed); the policyholder sees the file
number, what is still missing and, once assessed, the same breakdown.
"""
from __future__ import annotations

from bot.i18n import Translator
from core.insurance.claims_service import ClaimView
from core.insurance.payment_orders import beneficiary_label, rule_label
from core.jalali import format_date
from core.text import isolate, ltr


def rials(t: Translator, amount: int) -> str:
    return t("common.rials", amount=ltr(t.number(f"{amount:,}")))


def _numbers(t: Translator, numbers: list[int] | tuple[int, ...]) -> str:
    return "، ".join(ltr(t.number(n)) for n in numbers) if t.lang == "fa" else ", ".join(map(str, numbers))


def documents_label(t: Translator, codes: tuple[str, ...] | list[str]) -> str:
    separator = "، " if t.lang == "fa" else "; "
    return separator.join(t(f"claims.document.{code}") for code in codes)


def claim_header(t: Translator, view: ClaimView) -> list[str]:
    c = view.claim
    when = ltr(format_date(c.incident_date, digits=t.lang))
    if c.incident_time is not None:
        when += " " + ltr(t.number(c.incident_time.strftime("%H:%M")))
    return [
        t("claim_chat.header", number=ltr(t.number(c.number)), contract=ltr(t.number(view.contract.number)),
          policyholder=isolate(view.policyholder.name)),
        t("claim_chat.person", name=isolate(c.person_name), kind=t(f"claims.kind.{c.kind}"), when=when),
    ]


def eligibility_lines(t: Translator, view: ClaimView) -> list[str]:
    c = view.claim
    lines = [t("claim_chat.eligible") if c.eligible else t("claim_chat.ineligible")]
    for check in c.checks:
        mark = "✅" if check["passed"] else "❌"
        result = t("claims.check_passed") if check["passed"] else t(f"claims.reason.{check['reason']}")
        lines.append(t("claim_chat.check_line", mark=mark, check=t(f"claims.check.{check['name']}"), result=result))
    if c.override_reason:
        lines.append(t("claim_chat.override", reason=isolate(c.override_reason)))
    return lines


def kardex_lines(t: Translator, view: ClaimView) -> list[str]:
    k = view.kardex
    lines = []
    if k.same_case_paid:
        lines.append(t("claims.kardex_paid", numbers=_numbers(t, k.same_case_paid)))
    elif k.same_case:
        lines.append(t("claims.kardex_same_case", numbers=_numbers(t, k.same_case)))
    lines.append(t("claims.kardex", numbers=_numbers(t, k.earlier_for_person)) if k.earlier_for_person
                 else t("claims.kardex_none"))
    return lines


def documents_lines(t: Translator, view: ClaimView) -> list[str]:
    return [t("claims.missing", documents=documents_label(t, view.missing)) if view.missing
            else t("claims.complete")]


def payout_lines(t: Translator, view: ClaimView) -> list[str]:
    assessment = view.claim.assessment
    if not assessment:
        return []
    lines = [t("claim_chat.payable", amount=rials(t, assessment["payable"]))]
    label = t.__call__
    for line in assessment.get("breakdown", []):
        lines.append(t("claim_chat.breakdown_line", rule=rule_label(line["rule"], label),
                       amount=rials(t, line["amount"])))
    for share in assessment.get("shares", []):
        lines.append(t("claim_chat.share_line", to=isolate(beneficiary_label(share["to"], label)),
                       amount=rials(t, share["amount"])))
    return lines


def order_lines(t: Translator, view: ClaimView) -> list[str]:
    if view.order is None:
        return []
    return [t("claim_chat.order", order=ltr(t.number(view.order.number)), amount=rials(t, view.order.amount))]


def claim_review(t: Translator, view: ClaimView) -> list[str]:
    """Everything the claims office needs before acting, in the order it decides."""
    return [*claim_header(t, view), *eligibility_lines(t, view), *kardex_lines(t, view),
            *documents_lines(t, view), *payout_lines(t, view), *order_lines(t, view)]


def claim_for_requester(t: Translator, view: ClaimView) -> list[str]:
    """What the policyholder is told: the file, what is still missing, the payout once assessed."""
    return [*claim_header(t, view), *documents_lines(t, view), *payout_lines(t, view), *order_lines(t, view)]
