"""Renewal reminders in chat: the issuing office's staff and the policyholder's people are told, one
month before the end (K116–119), of the new premium: the renewal's proposal, the letter.

`InsuranceService.send_renewal_reminders(renewal_notifier(now))` is the daily job's call: the
reminder of each (contract, period) is claimed once in the database and these outbox rows are
written in that same transaction, so a restart or a second process never sends one twice.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from core.insurance.contracts.renewals import RenewalDue
from core.insurance.shared.models import Proposal
from core.notifications import notify_roles, notify_user
from core.ports import UnitOfWork

RENEWAL_DUE = "renewal_due"
ISSUING_STAFF = frozenset({"issuance_expert"})


def renewal_notifier(now: datetime) -> Callable[[UnitOfWork, RenewalDue, Proposal | None], None]:
    def notify(uow: UnitOfWork, due: RenewalDue, letter: Proposal | None) -> None:
        c = due.contract
        payload = {"contract": c.number, "policyholder": due.policyholder, "end": c.end.isoformat(),
                   "days": due.days_left, "persons": due.persons, "premium": due.new_premium,
                   "proposal": letter.number if letter else None}
        told = set()
        for user_id in uow.policyholders.users_of(c.policyholder_id):
            user = uow.users.get(user_id)
            if user is not None and not user.disabled:
                notify_user(uow, user, RENEWAL_DUE, None, payload, now)
                told.add(user.id)
        notify_roles(uow, set(ISSUING_STAFF), RENEWAL_DUE, None, payload, now, told)
    return notify
