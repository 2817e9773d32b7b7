"""Guardians linked to a contract by its policyholder (seed: «بیمه‌گذار یا ولی بیمه‌شده»).

The policyholder (or the insurer's staff, or the command line's operator) links a user as the guardian of
an insured person on one contract; that user may then file claims on that contract, for
that person only, or for anyone on it when the link names no national id. Whether someone
may claim is decided here, for the claim form's contract buttons, its person check and the
filing itself alike.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.insurance.contracts.service_types import INSURER_STAFF, InsuranceError
from core.insurance.shared.models import ANY_PERSON, Contract, Guardian
from core.insurance.shared.national_id import national_id_problem, normalize_national_id
from core.models import POLICYHOLDER, User
from core.ports import UnitOfWork

if TYPE_CHECKING:
    from core.insurance.contracts.service import InsuranceService


@dataclass(frozen=True)
class GuardianLink:
    """A link as read back: the contract's number and the guardian's user id."""

    contract_number: int
    user_id: int
    national_id: str  # "" (ANY_PERSON): anyone on the contract


class GuardianLinks:
    """Links between guardians and contracts, over InsuranceService's transactions."""

    def __init__(self, service: InsuranceService) -> None:
        self.service = service

    # ---- who may link ---------------------------------------------------------------------
    def _contract_for(self, u: UnitOfWork, actor: User | str, number: int) -> Contract:
        """The contract, if `actor` is its policyholder's linked person or the insurer's staff, or
        is named by the office (a str: the command line's operator, with the office's rights);
        anyone else is told it does not exist."""
        contract = self.service._contract(u, number)
        if isinstance(actor, str):
            return contract
        holder = u.policyholders.of_user(actor.id)
        mine = holder is not None and holder.id == contract.policyholder_id and actor.has_role(POLICYHOLDER)
        if actor.disabled or not (mine or actor.all_roles & INSURER_STAFF):
            raise InsuranceError("contract_not_found", number=number)
        return contract

    def link(self, actor: User | str, number: int, guardian: User, national_id: str | None = None) -> bool:
        """Link `guardian` to contract `number` (for the person of `national_id` only, when given:
        they must be on its roster, now or once). False when that link was there already.
        `actor`: the chat user who links (their rights checked), or the office's named actor."""
        person = ANY_PERSON
        if national_id:
            person = normalize_national_id(national_id)
            if national_id_problem(person):
                raise InsuranceError("guardian_bad_national_id")
        with self.service.units.write() as u:
            contract = self._contract_for(u, actor, number)
            if person and not any(m.person.national_id == person for m in u.members.for_contract(contract.id)):
                raise InsuranceError("guardian_person_not_on_contract", number=number)
            linked_by = actor if isinstance(actor, str) else actor.username
            return u.guardians.link(contract.id, guardian.id, person, linked_by, self.service.clock())

    def unlink(self, actor: User | str, number: int, guardian: User, national_id: str | None = None) -> int:
        """Remove the guardian's link for that person (every link on the contract when None)."""
        person = normalize_national_id(national_id) if national_id else None
        with self.service.units.write() as u:
            contract = self._contract_for(u, actor, number)
            removed = u.guardians.unlink(contract.id, guardian.id, person)
            if not removed:
                raise InsuranceError("guardian_not_linked", number=number)
            return removed

    def of_contract(self, number: int) -> list[GuardianLink]:
        with self.service.units.read() as u:
            contract = self.service._contract(u, number)
            return [GuardianLink(number, g.user_id, g.national_id) for g in u.guardians.for_contract(contract.id)]

    # ---- who may claim ------------------------------------------------------------------------
    def is_guardian(self, user: User) -> bool:
        """Linked as a guardian to some contract that has begun (so they may file a claim)."""
        return not user.disabled and bool(self.claimable_contracts(user, guardians_only=True))

    def claimable_contracts(self, user: User, guardians_only: bool = False) -> list[Contract]:
        """The contracts `user` may file a claim on: their policyholder's (with the role), and those
        they are a guardian on; by number. Cancelled and expired ones too (an incident inside their
        cover may be claimed afterwards: the claim's dates decide, not the contract's status), but
        not one that has not begun yet."""
        if user.disabled:
            return []
        with self.service.units.read() as u:
            found: dict[int, Contract] = {}
            holder = u.policyholders.of_user(user.id)
            if holder is not None and user.has_role(POLICYHOLDER) and not guardians_only:
                found.update((c.id, c) for c in u.contracts.list() if c.policyholder_id == holder.id)
            for link in u.guardians.of_user(user.id):
                contract = u.contracts.get(link.contract_id)
                if contract is not None:
                    found[contract.id] = contract
            today = self.service.today()
            return sorted((c for c in found.values() if c.start <= today), key=lambda c: c.number)

    def may_claim(self, user: User, number: int, national_id: str | None = None) -> bool:
        """May `user` file a claim on contract `number` (for that person, when given)?
        The policyholder's person for anyone on it; a guardian for the person their link names."""
        if user.disabled:
            return False
        with self.service.units.read() as u:
            contract = u.contracts.by_number(number)
            if contract is None:  # cancelled or expired is no reason: the incident's date decides
                return False
            holder = u.policyholders.of_user(user.id)
            if holder is not None and holder.id == contract.policyholder_id and user.has_role(POLICYHOLDER):
                return True
            links: list[Guardian] = [g for g in u.guardians.of_user(user.id) if g.contract_id == contract.id]
            return any(g.national_id in (ANY_PERSON, national_id) for g in links) if national_id is not None \
                else bool(links)
