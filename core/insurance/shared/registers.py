"""The registers (دفاتر ثبت): contract, endorsement, receipt numbers.

A number is taken from a counter row in the same transaction as the record that
carries it, so it is never reused (a rolled-back number is given again, never
twice) and two processes never get the same one (storage updates the row
atomically; see RegisterRepository.next_number).
"""
from __future__ import annotations

from core.ports import UnitOfWork

CONTRACT = "contract"  # contracts and renewals (the seed: renewals go in the contract register)
ENDORSEMENT = "endorsement"
RECEIPT = "receipt"
PROPOSAL = "proposal"  # the desk's own numbering of quotes (not one of the seed's registers)

DEFAULT_CONTRACT_START = 300_000


def next_number(uow: UnitOfWork, register: str, contract_start: int = DEFAULT_CONTRACT_START) -> int:
    start = contract_start if register == CONTRACT else 1
    return uow.registers.next_number(register, start)
