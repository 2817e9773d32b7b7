"""Verification codes of the documents printed."""
from __future__ import annotations

from typing import Protocol

from core.insurance.contracts.document_codes import DocumentCode


class DocumentCodeRepository(Protocol):
    """Verification codes of the documents printed (core/insurance/contracts/document_codes.py)."""

    def add(self, code: DocumentCode) -> bool:
        """False, writing nothing, when the code or the document (kind, number, period, amount) has one."""
    def find(self, kind: str, number: int, period: int, amount: int) -> DocumentCode | None: ...
    def latest(self, kind: str, number: int, period: int = 0) -> DocumentCode | None:
        """The newest code of a document, whatever its amount."""
    def by_code(self, code: str) -> DocumentCode | None: ...
    def set_sha256(self, code: str, sha256: str) -> None:
        """The PDF's hash, kept from its first print."""
