"""Who a policyholder is: a record with its own identity (the legal entity's national id or
registration number) and a name, which two policyholders may share. A user acts for one only
when linked: by an admin, or when the issuing expert decides on a contract request (K28–31:
the policyholder's written request) whether its policyholder is an existing one or a new one.
Typing a name never links anyone to the policyholder of that name."""
from __future__ import annotations

import re
from datetime import datetime

from core.insurance.contracts.service_types import InsuranceError
from core.insurance.contracts.terms import ContractRefused
from core.insurance.shared.models import POLICYHOLDER_KINDS, Policyholder
from core.ports import UnitOfWork
from core.text import normalize_text

IDENTIFIER = re.compile(r"\d{4,20}")


def normalize_identifier(text: str) -> str | None:
    """Digits only (Persian or Arabic digits accepted, spaces and dashes dropped); None when it is not one."""
    digits = re.sub(r"[\s\-/]", "", normalize_text(text or ""))
    return digits if IDENTIFIER.fullmatch(digits) else None


def find_or_add(uow: UnitOfWork, name: str, kind: str, identifier: str | None, now: datetime) -> Policyholder:
    """The policyholder of that identifier (added when absent); without one, the only one of that name
    (added when absent). Several of one name and no identifier: refused, the identifier is needed."""
    if kind not in POLICYHOLDER_KINDS:
        raise ContractRefused("unknown_policyholder_kind", kind=kind)
    name = name.strip()
    if not name:
        raise ContractRefused("policyholder_missing")
    if identifier:
        normalized = normalize_identifier(identifier)
        if normalized is None:
            raise InsuranceError("identifier_invalid")
        found = uow.policyholders.by_identifier(normalized)
        if found is not None:
            return found
        unnamed = [h for h in uow.policyholders.named(name) if h.identifier is None]
        if len(unnamed) == 1:  # the record kept before identifiers were asked: it is this one
            uow.policyholders.set_identifier(unnamed[0].id, normalized)
            return uow.policyholders.get(unnamed[0].id) or unnamed[0]
        return uow.policyholders.add(name, kind, now, normalized)
    named = uow.policyholders.named(name)
    if len(named) > 1:
        raise InsuranceError("policyholder_ambiguous", name=name, count=len(named))
    return named[0] if named else uow.policyholders.add(name, kind, now)


def matching(uow: UnitOfWork, name: str, identifier: str | None) -> list[Policyholder]:
    """Existing policyholders a request's policyholder may be: the same identifier, or the same name."""
    found: dict[int, Policyholder] = {}
    normalized = normalize_identifier(identifier or "")
    if normalized:
        holder = uow.policyholders.by_identifier(normalized)
        if holder is not None:
            found[holder.id] = holder
    for holder in uow.policyholders.named(name.strip()):
        found.setdefault(holder.id, holder)
    return list(found.values())
