"""What the issuing office sees of a contract request before acting: the premium per rule and per
person, the authority check, an existing policyholder the request may mean; once done, the quote
or what was issued.
"""
from __future__ import annotations

from typing import Any

from core.models import Ticket, User
from core.requests.contract_request.hooks import policyholder_candidates
from core.requests.hooks import HookEnv, Line, review
from core.requests.insurer_shared import REFUSALS, contract_request, done_lines, quote_lines, refusal
from core.values import LeftToRight


def _holder_lines(env: HookEnv, ticket: Ticket, results: dict[str, Any]) -> list[Line]:
    """An existing policyholder the request's name or identifier matches: the expert decides first."""
    if "_holder_decision" in results:
        key = "insurance_chat.review.holder_same" if results["_holder_decision"] == "same" else \
            "insurance_chat.review.holder_new"
        return [Line(key)]
    with env.units.read() as uow:
        found = policyholder_candidates(uow, ticket)
    return [Line("insurance_chat.review.holder_match", {"name": h.name, "identifier": LeftToRight(h.identifier or "-")})
            for h in found] + ([Line("insurance_chat.review.holder_decide")] if found else [])


@review("contract_quote")
def contract_quote(env: HookEnv, user: User, ticket: Ticket, results: dict[str, Any]) -> list[Line]:
    done = done_lines(results)
    if done is not None:
        return done
    try:
        request = contract_request(ticket.fields, int(results.get("discount_percent", 0)))
        quote = env.insurance.quote_contract(request)
    except (*REFUSALS, KeyError) as error:
        return [refusal(error)]
    return [Line("insurance_chat.review.title"), *_holder_lines(env, ticket, results),
            *quote_lines(quote, request.persons)]
