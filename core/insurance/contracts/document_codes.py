"""Verification codes (کد تصدیق): each document the desk prints carries one, so a printout can be checked.

Ten letters from an alphabet with nothing to mistake (no I, L, O: never read as 1 or 0), drawn with
`secrets`: 23^10, about 4·10^13 codes, none guessable. A code is stored with what the document is (its
kind and number, the period for the six-monthly statistics), its amount and date, and the SHA-256 of its
PDF, issued in the transaction that writes the document's record; printing the document again gives the
same code (and, the file's dates fixed, the same file). `/verify CODE` and `insurance documents verify CODE`
answer with those facts and nothing personal.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from core.text import normalize_text

if TYPE_CHECKING:
    from core.ports import UnitOfWork

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10
RECEIPT, PAYMENT_ORDER, QUOTE, ENDORSEMENT, STATISTICS = "receipt", "payment_order", "quote", "endorsement", "statistics"
KINDS = (RECEIPT, PAYMENT_ORDER, QUOTE, ENDORSEMENT, STATISTICS)
_SEPARATORS = re.compile(r"[\s\-_\u200c.]+")


@dataclass(frozen=True)
class DocumentCode:
    code: str
    kind: str
    number: int
    amount: int
    issued_on: date
    created_at: datetime
    period: int = 0  # the statistics' six months (1, 2, ...); 0 for every other kind
    sha256: str | None = None  # of the PDF as first printed


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_code(text: str) -> str | None:
    """A code as typed (any case, spaces or dashes between letters) in its stored form; None when it
    cannot be one."""
    code = _SEPARATORS.sub("", normalize_text(text or "")).upper()
    return code if len(code) == LENGTH and all(c in ALPHABET for c in code) else None


def issue_code(uow: UnitOfWork, kind: str, number: int, amount: int, day: date, now: datetime,
               period: int = 0) -> DocumentCode:
    """The document's code, issued now inside the caller's transaction unless it has one (a document
    printed again, or two offices at once: storage keeps one per document and amount)."""
    found = uow.document_codes.find(kind, number, period, amount)
    if found is not None:
        return found
    while True:
        if uow.document_codes.add(DocumentCode(new_code(), kind, number, amount, day, now, period)):
            break
        found = uow.document_codes.find(kind, number, period, amount)
        if found is not None:  # another transaction issued it first
            return found
        # else the code drawn was taken (one in 4·10^13): draw again
    issued = uow.document_codes.find(kind, number, period, amount)
    assert issued is not None
    return issued
