"""A renewal request's hooks: the person's contracts due for renewal, and the renewal proposed.
"""
from __future__ import annotations

from typing import Any

from core.models import Ticket, User
from core.ports import UnitOfWork
from core.requests.hooks import (
    EffectRefused,
    EffectResult,
    HookEnv,
    Option,
    effect,
    option_source,
)
from core.requests.insurer_shared import (
    REFUSALS,
    agreed_discount,
    contract_option,
    own_contracts,
    proposed_result,
    refusal,
)
from core.values import Money


@option_source("my_renewable_contracts")
def my_renewable_contracts(env: HookEnv, user: User, values: dict[str, Any]) -> list[Option]:
    """Those not renewed yet."""
    with env.units.read() as uow:
        return [contract_option(c) for c in own_contracts(env, user) if uow.contracts.renewed_by(c.id) is None]


@effect("propose_renewal", values={"premium": Money})
def propose_renewal(env: HookEnv, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
                    results: dict[str, Any]) -> EffectResult:
    discount = agreed_discount(inputs, results)
    try:
        proposed = env.insurance.within(uow).proposals.propose_renewal(int(ticket.fields["contract"]),
                                                                       actor=actor.username, discount=discount)
    except REFUSALS as error:
        raise EffectRefused(line=refusal(error)) from None
    return proposed_result(env, uow, proposed, discount)
