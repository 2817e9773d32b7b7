"""What the issuing office sees of a renewal request before acting: the quote on the roster as it
stands, at the rate asked; once done, the quote or what was issued.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from core.models import Ticket, User
from core.requests.hooks import HookEnv, Line, review
from core.requests.insurer_shared import REFUSALS, done_lines, quote_lines, refusal


@review("renewal_quote")
def renewal_quote(env: HookEnv, user: User, ticket: Ticket, results: dict[str, Any]) -> list[Line]:
    done = done_lines(results)
    if done is not None:
        return done
    number = int(ticket.fields["contract"])
    try:
        quote = env.insurance.renewal_quote(number)
    except REFUSALS as error:
        return [refusal(error)]
    persons = [m.person for m in env.insurance.members_on(number, quote.terms.start - timedelta(days=1))]
    return [Line("insurance_chat.review.renewal_title", {"number": number}), *quote_lines(quote, persons)]
