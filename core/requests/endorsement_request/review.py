"""What the issuing office sees of an endorsement request before acting: its amount per person;
once done, the quote or what was issued.
"""
from __future__ import annotations

from typing import Any

from core.insurance.contracts.endorsements import EndorsementQuote
from core.insurance.shared.models import CANCELLATIONS, NO_FINANCIAL
from core.models import Ticket, User
from core.requests.endorsement_request.hooks import endorsement_request
from core.requests.hooks import HookEnv, Line, review
from core.requests.insurer_shared import REFUSALS, SHOWN_PERSONS, done_lines, refusal
from core.values import Day, LeftToRight, Money


def endorsement_lines(quote: EndorsementQuote) -> list[Line]:
    lines = [Line("insurance_chat.review.endorsement", {
        "kind": Line(f"endorsement_kind.{quote.kind}"), "effective": Day(quote.effective),
        "cover_days": quote.cover_days, "remaining_days": quote.remaining_days, "contract_days": quote.contract_days})]
    for line in quote.lines[:SHOWN_PERSONS]:
        lines.append(Line("insurance_chat.review.endorsement_line", {"national_id": LeftToRight(line.national_id),
                                                                     "amount": Money(line.amount)}))
    if len(quote.lines) > SHOWN_PERSONS:
        lines.append(Line("insurance_chat.review.more_persons", {"count": len(quote.lines) - SHOWN_PERSONS}))
    if quote.kind in CANCELLATIONS and quote.short_term_percent is not None:
        lines.append(Line("insurance_chat.review.short_term", {"percent": quote.short_term_percent}))
    if quote.kind == NO_FINANCIAL:
        corrections = quote.details.get("corrections")  # a list of the persons' changes
        count = len(corrections) if isinstance(corrections, list) else 0
        lines.append(Line("insurance_chat.review.corrections", {"count": count}))
    key = "insurance_chat.review.owed" if quote.amount > 0 else "insurance_chat.review.refund"
    lines.append(Line(key, {"amount": Money(abs(quote.amount))}))
    return lines


@review("endorsement_quote")
def endorsement_quote(env: HookEnv, user: User, ticket: Ticket, results: dict[str, Any]) -> list[Line]:
    done = done_lines(results)
    if done is not None:
        return done
    try:
        quote = env.insurance.endorsements.quote(endorsement_request(ticket.fields))
    except (*REFUSALS, KeyError) as error:
        return [refusal(error)]
    return [Line("insurance_chat.review.endorsement_title", {"contract": ticket.fields["contract"]}),
            *endorsement_lines(quote)]
