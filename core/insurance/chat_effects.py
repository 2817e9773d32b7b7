"""The conditions and effects of the insurer's chat workflows (core/workflow/insurance_requests.py):
who the policyholder is, the authority-limit route, the quote, the cheque and what it issues.

Effects run inside the transition's transaction (the services' ``uow=``), so the proposal or the
register numbers, the ticket's move and the notifications commit together. The quote and the
receipt go to the requester as PDF documents.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from core.insurance.chat_hooks import endorsement_request, persons_of, refusal
from core.insurance.contracts import ContractRefused, ContractTerms, above_authority
from core.insurance.document_codes import ENDORSEMENT, QUOTE, RECEIPT
from core.insurance.documents import InsuranceDocuments
from core.insurance.endorsements import EndorsementRefused
from core.insurance.models import Policyholder, Proposal
from core.insurance.policyholders import matching, normalize_identifier
from core.insurance.proposals import ContractProposal, IssuedProposal
from core.insurance.service_types import ContractRequest, InsuranceError
from core.jalali import from_iso
from core.models import User
from core.request_hooks import Document, EffectRefused, EffectResult, HookEnv, Line, condition, effect

REFUSALS = (ContractRefused, EndorsementRefused, InsuranceError)
SAME, NEW = "same", "new"


def contract_request(fields: dict[str, Any], discount: int | None = None) -> ContractRequest:
    return ContractRequest(
        policyholder=fields["policyholder_name"], plan=fields["plan"], death_capital=int(fields["death_capital"]),
        medical_capital=int(fields.get("medical_capital") or 0), rate=int(fields["rate"]),
        start=from_iso(fields["start_date"]).togregorian(), persons=persons_of(fields["roster"]),
        policyholder_kind=fields["policyholder_kind"], discount_percent=discount or 0,
        policyholder_identifier=fields.get("policyholder_identifier"),
        medical_rate=int(fields.get("medical_rate") or 0))


def _discount(inputs: dict[str, Any], results: dict[str, Any]) -> int:
    """The group discount the expert agreed (asked with the approval; the manager's keeps it)."""
    return int(inputs.get("discount_percent", results.get("discount_percent", 0)))


# ---- who the policyholder is ----------------------------------------------------------------

def _own(uow, ticket) -> Policyholder | None:  # noqa: ANN001
    """The policyholder the requester already speaks for, when the request names it: its identifier,
    or its name when it has no identifier yet."""
    own = uow.policyholders.of_user(ticket.owner_id)
    if own is None or ticket.request_type != "contract_request":
        return None
    f = ticket.fields
    typed = normalize_identifier(f.get("policyholder_identifier") or "")
    if own.identifier is not None:
        return own if typed == own.identifier else None
    return own if own.name == f["policyholder_name"].strip() else None


def _candidates(uow, ticket) -> list[Policyholder]:  # noqa: ANN001
    """Existing policyholders the request's may be (its identifier, or its name), unless it names the
    one the requester already speaks for."""
    if ticket.request_type != "contract_request" or _own(uow, ticket) is not None:
        return []
    f = ticket.fields
    return matching(uow, f["policyholder_name"], f.get("policyholder_identifier"))


@condition("holder_undecided")
def holder_undecided(env: HookEnv, uow, ticket, results: dict[str, Any]) -> bool:  # noqa: ANN001
    """The request names an existing policyholder the requester is not linked to, and the expert has not
    said yet whether it is the same one."""
    return "_holder_decision" not in results and bool(_candidates(uow, ticket))


def _same_target(uow, ticket) -> Policyholder | None:  # noqa: ANN001
    """The existing policyholder "the same" means: the one of the typed identifier, else the only one of
    the name whose identifier is not another's."""
    typed = normalize_identifier(ticket.fields.get("policyholder_identifier") or "")
    found = _candidates(uow, ticket)
    by_identifier = [h for h in found if typed and h.identifier == typed]
    if by_identifier:
        return by_identifier[0]
    open_ones = [h for h in found if h.identifier is None]
    return open_ones[0] if len(open_ones) == 1 else None


@effect("decide_holder_same")
def decide_holder_same(env: HookEnv, uow, ticket, actor: User, inputs: dict[str, Any],  # noqa: ANN001
                       results: dict[str, Any]) -> EffectResult:
    """The expert says it is the existing policyholder: the requester is linked to it now."""
    target = _same_target(uow, ticket)
    if target is None:
        raise EffectRefused(line=Line("insurance_chat.holder_same_impossible"))
    typed = normalize_identifier(ticket.fields.get("policyholder_identifier") or "")
    if target.identifier is None and typed:
        uow.policyholders.set_identifier(target.id, typed)
    uow.policyholders.link_user(ticket.owner_id, target.id)
    return EffectResult({"_holder_decision": SAME, "_holder_id": target.id, "policyholder": target.name})


@effect("decide_holder_new")
def decide_holder_new(env: HookEnv, uow, ticket, actor: User, inputs: dict[str, Any],  # noqa: ANN001
                      results: dict[str, Any]) -> EffectResult:
    """The expert says it is another policyholder of the same name: it is added when the quote goes out."""
    typed = normalize_identifier(ticket.fields.get("policyholder_identifier") or "")
    if typed and uow.policyholders.by_identifier(typed) is not None:
        raise EffectRefused(line=Line("insurance_chat.holder_identifier_taken"))
    return EffectResult({"_holder_decision": NEW})


@effect("holder_decided")
def holder_decided(env: HookEnv, uow, ticket, actor: User, inputs: dict[str, Any],  # noqa: ANN001
                   results: dict[str, Any]) -> EffectResult:
    """Before the manager: the expert has said who the policyholder is."""
    if holder_undecided(env, uow, ticket, results):
        raise EffectRefused(line=Line("insurance_chat.holder_decide_first"))
    return EffectResult()


def _policyholder_for(env: HookEnv, uow, ticket, results: dict[str, Any]) -> Policyholder:  # noqa: ANN001
    """The policyholder the quote is for: the requester's own, the existing one the expert decided on,
    or a new one; a requester with no link yet becomes the new one's person (the expert approved them)."""
    if holder_undecided(env, uow, ticket, results):
        raise EffectRefused(line=Line("insurance_chat.holder_decide_first"))
    f = ticket.fields
    typed = normalize_identifier(f.get("policyholder_identifier") or "")
    own = _own(uow, ticket)
    if own is not None:
        if own.identifier is None and typed and uow.policyholders.by_identifier(typed) is None:
            uow.policyholders.set_identifier(own.id, typed)  # its own person told us its identifier
        return uow.policyholders.get(own.id) or own
    if results.get("_holder_decision") == SAME:
        holder = uow.policyholders.get(int(results["_holder_id"]))
        assert holder is not None
        return holder
    if typed and uow.policyholders.by_identifier(typed) is not None:  # never a way into another's record
        raise EffectRefused(line=Line("insurance_chat.holder_identifier_taken"))
    holder = uow.policyholders.add(f["policyholder_name"].strip(), f["policyholder_kind"], env.clock(), typed)
    if uow.policyholders.of_user(ticket.owner_id) is None:
        uow.policyholders.link_user(ticket.owner_id, holder.id)
    return holder


# ---- the route ----------------------------------------------------------------------------------

@condition("above_authority")
def is_above_authority(env: HookEnv, uow, ticket, results: dict[str, Any]) -> bool:  # noqa: ANN001
    """The commitment per person is above the issuing office's limit: the manager approves."""
    settings = env.insurance.settings
    if ticket.request_type == "renewal_request":
        old = env.insurance.contract(int(ticket.fields["contract"]), uow=uow).contract
        terms = ContractTerms(old.plan, old.death_capital, old.medical_capital, old.rate, old.start, old.end)
        return above_authority(terms, settings.authority_limit(old.office))
    f = ticket.fields
    start = from_iso(f["start_date"]).togregorian()
    terms = ContractTerms(f["plan"], int(f["death_capital"]), int(f.get("medical_capital") or 0), int(f["rate"]),
                          start, start)
    return above_authority(terms, settings.authority_limit(settings.default_office))


@condition("quote_free")
def quote_free(env: HookEnv, uow, ticket, results: dict[str, Any]) -> bool:  # noqa: ANN001
    """The quote costs nothing (everyone on the roster is exempt): issued without waiting for a cheque."""
    try:
        if ticket.request_type == "renewal_request":
            return env.insurance.renewal_quote(int(ticket.fields["contract"]), uow=uow).premium == 0
        return env.insurance.quote_contract(contract_request(ticket.fields)).premium == 0
    except REFUSALS as error:
        raise EffectRefused(line=refusal(error)) from None


@condition("endorsement_owes")
def endorsement_owes(env: HookEnv, uow, ticket, results: dict[str, Any]) -> bool:  # noqa: ANN001
    """The endorsement charges premium: it is quoted and waits for the cheque."""
    try:
        return env.insurance.endorsements.quote(endorsement_request(ticket.fields), uow=uow).amount > 0
    except REFUSALS as error:
        raise EffectRefused(line=refusal(error)) from None


# ---- effects: the quote, the cheque --------------------------------------------------------------

def _quote_documents(env: HookEnv, uow, proposal: Proposal) -> tuple[tuple[Document, ...], tuple[Line, ...]]:  # noqa: ANN001
    caption = Line("insurance_chat.quote_caption", {"proposal": proposal.number, "amount": proposal.amount})
    return _documents(env).for_effect(QUOTE, proposal.number, env.document_label, uow, caption)


def _proposed(env: HookEnv, uow, proposed: ContractProposal, discount: int) -> EffectResult:  # noqa: ANN001
    """The quote went out (a document and its figures), or it cost nothing and was issued at once."""
    if proposed.issued is not None:
        return EffectResult({"proposal_number": proposed.proposal.number,
                             "contract_number": proposed.issued.contract.number, "premium": 0})
    documents, notes = _quote_documents(env, uow, proposed.proposal)
    return EffectResult({"proposal_number": proposed.proposal.number, "premium": proposed.proposal.amount,
                         "discount_percent": discount}, documents, notes)


@effect("propose_contract")
def propose_contract(env: HookEnv, uow, ticket, actor: User, inputs: dict[str, Any],  # noqa: ANN001
                     results: dict[str, Any]) -> EffectResult:
    discount = _discount(inputs, results)
    try:
        holder = _policyholder_for(env, uow, ticket, results)
        proposed = env.insurance.proposals.propose_contract(
            contract_request(ticket.fields, discount), actor=actor.username, uow=uow, policyholder=holder)
    except REFUSALS as error:
        raise EffectRefused(line=refusal(error)) from None
    return _proposed(env, uow, proposed, discount)


@effect("propose_renewal")
def propose_renewal(env: HookEnv, uow, ticket, actor: User, inputs: dict[str, Any],  # noqa: ANN001
                    results: dict[str, Any]) -> EffectResult:
    discount = _discount(inputs, results)
    try:
        proposed = env.insurance.proposals.propose_renewal(int(ticket.fields["contract"]), actor=actor.username,
                                                           discount=discount, uow=uow)
    except REFUSALS as error:
        raise EffectRefused(line=refusal(error)) from None
    return _proposed(env, uow, proposed, discount)


@effect("endorse")
def endorse(env: HookEnv, uow, ticket, actor: User, inputs: dict[str, Any],  # noqa: ANN001
            results: dict[str, Any]) -> EffectResult:
    """Issue the endorsement (a refund is owed to the policyholder), or quote it when it costs."""
    try:
        outcome = env.insurance.endorsements.add(endorsement_request(ticket.fields), actor=actor.username, uow=uow)
    except REFUSALS as error:
        raise EffectRefused(line=refusal(error)) from None
    if outcome.proposal is not None:
        proposal = outcome.proposal.proposal
        documents, notes = _quote_documents(env, uow, proposal)
        return EffectResult({"proposal_number": proposal.number, "amount": proposal.amount}, documents, notes)
    assert outcome.endorsement is not None
    e = outcome.endorsement
    notes = (Line("insurance_chat.refund_owed", {"amount": -e.amount}),) if e.amount < 0 else ()
    documents, not_made = _endorsement_document(env, uow, e.number, outcome.contract.number)
    return EffectResult({"endorsement_number": e.number, "amount": e.amount}, documents, notes + not_made)


@effect("pay_proposal")
def pay_proposal(env: HookEnv, uow, ticket, actor: User, inputs: dict[str, Any],  # noqa: ANN001
                 results: dict[str, Any]) -> EffectResult:
    """The policyholder's cheque for the quote: the receipt (four copies, to the requester as a PDF),
    and the contract, renewal or endorsement issued with its number."""
    try:
        issued: IssuedProposal = env.insurance.proposals.pay(
            int(results["proposal_number"]), date.fromisoformat(inputs["paid_on"]), inputs["cheque_number"],
            actor=actor.username, uow=uow)
    except REFUSALS as error:
        raise EffectRefused(line=refusal(error)) from None
    assert issued.payment is not None
    n = issued.payment.receipt_number
    values: dict[str, Any] = {"receipt_number": n, "contract_number": issued.contract.number}
    if issued.endorsement is not None:
        values["endorsement_number"] = issued.endorsement.number
        caption = Line("insurance_chat.endorsement_receipt_caption", {
            "receipt": n, "endorsement": issued.endorsement.number, "contract": issued.contract.number,
            "amount": issued.payment.amount})
    else:
        caption = Line("insurance_chat.receipt_caption", {"receipt": n, "contract": issued.contract.number,
                                                          "amount": issued.payment.amount})
    # the payment stands even when its receipt cannot be made: the requester is told why and how to reprint it
    documents, notes = _documents(env).for_effect(RECEIPT, n, env.document_label, uow, caption)
    if issued.endorsement is not None:
        more, more_notes = _endorsement_document(env, uow, issued.endorsement.number, issued.contract.number)
        documents, notes = documents + more, notes + more_notes
    return EffectResult(values, documents, notes)


def _documents(env: HookEnv) -> InsuranceDocuments:
    return InsuranceDocuments(env.insurance, env.claims)


def _endorsement_document(env: HookEnv, uow, number: int,  # noqa: ANN001
                          contract: int) -> tuple[tuple[Document, ...], tuple[Line, ...]]:
    """The endorsement itself (الحاقیه), for the policyholder, when it is issued."""
    caption = Line("documents.endorsement_caption", {"endorsement": number, "contract": contract})
    return _documents(env).for_effect(ENDORSEMENT, number, env.document_label, uow, caption)


@effect("withdraw_proposal")
def withdraw_proposal(env: HookEnv, uow, ticket, actor: User, inputs: dict[str, Any],  # noqa: ANN001
                      results: dict[str, Any]) -> EffectResult:
    """A request rejected or cancelled after its quote went out: the quote can no longer be paid."""
    number = results.get("proposal_number")
    if number is not None and "receipt_number" not in results:
        try:
            env.insurance.proposals.withdraw(int(number), actor=actor.username, uow=uow)
        except InsuranceError:
            pass  # withdrawn already
    return EffectResult()
