"""Every document the insurer's side prints, printed again on demand, and checked by its code.

`print` makes the document of a record as it was issued, with the record's verification code
(core/insurance/contracts/document_codes.py) at the foot of every page: a receipt, a payment order, a quote, an
endorsement, or the six-monthly statistics of a contract (its number and period). The same document
printed twice is the same file: the code is the one issued with the record, the PDF's dates are the
document's own, and the SHA-256 of the first print is kept with the code. `verify` answers what a code
belongs to. `may_print` says who may have which in chat: the issuing office its receipts, quotes and
endorsements, the claims office its payment orders and statistics, a policyholder's people their own.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.insurance.contracts.document_codes import (
    ENDORSEMENT,
    KINDS,
    PAYMENT_ORDER,
    QUOTE,
    RECEIPT,
    STATISTICS,
    DocumentCode,
    issue_code,
    normalize_code,
)
from core.insurance.contracts.endorsement_document import EndorsementData, EndorsementPerson, endorsement_pdf
from core.insurance.contracts.receipts import receipt_data, receipt_pdf
from core.jalali import TEHRAN, today_jalali
from core.models import POLICYHOLDER, User
from core.ports import UnitOfWork
from core.requests.hooks import Document, Line

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from core.insurance.claims.service import ClaimsService
    from core.insurance.contracts.service import InsuranceService
    from core.insurance.reports.claims import SemiannualStatistics
    from core.insurance.shared.models import Contract, Endorsement
    from core.insurance.shared.settings import InsuranceSettings

Label = Callable[[str], str]
Render = Callable[[], bytes]
ISSUANCE_STAFF = frozenset({"issuance_expert", "issuance_manager", "admin"})
CLAIMS_STAFF = frozenset({"claims_expert", "claims_manager", "claims_accountant", "admin"})
STAFF_FOR = {RECEIPT: ISSUANCE_STAFF, QUOTE: ISSUANCE_STAFF, ENDORSEMENT: ISSUANCE_STAFF,
             PAYMENT_ORDER: CLAIMS_STAFF, STATISTICS: CLAIMS_STAFF | {"report_reader"}}
FILE_NAMES = {RECEIPT: "receipt-{n}.pdf", PAYMENT_ORDER: "payment-order-{n}.pdf", QUOTE: "quote-{n}.pdf",
              ENDORSEMENT: "endorsement-{n}.pdf", STATISTICS: "claims-statistics-{n}-{period}.pdf"}


class DocumentNotMade(Exception):
    """The PDF could not be made (`reason`: font, or render); the record it belongs to is kept."""

    def __init__(self, kind: str, number: int, reason: str) -> None:
        super().__init__(f"{kind} {number}: {reason}")
        self.kind, self.number, self.reason = kind, number, reason


class DocumentNotFound(Exception):
    """No such document (or not one the asker may have: they are told the same)."""

    def __init__(self, kind: str, number: int) -> None:
        super().__init__(f"{kind} {number}")
        self.kind, self.number = kind, number


@dataclass(frozen=True)
class PrintedDocument:
    kind: str
    number: int
    filename: str
    data: bytes
    code: DocumentCode


class InsuranceDocuments:
    def __init__(self, insurance: InsuranceService, claims: ClaimsService | None = None) -> None:
        self.insurance = insurance
        self.claims = claims

    def within(self, uow: UnitOfWork) -> InsuranceDocuments:
        """The documents made inside the caller's unit of work (an effect's), which it commits."""
        return InsuranceDocuments(self.insurance.within(uow), self.claims.within(uow) if self.claims else None)

    @property
    def _settings(self) -> InsuranceSettings:
        return self.insurance.settings

    # ---- printing ----------------------------------------------------------------------------------
    def print(self, kind: str, number: int, label: Label,
              period: int = 1) -> PrintedDocument:
        """The document as issued, with its code (issued now for a record made before codes were)."""
        if kind not in KINDS:
            raise DocumentNotFound(kind, number)
        stats = self._semiannual(number, period) if kind == STATISTICS else None  # read in a transaction of its own
        with self.insurance.units.write() as u:
            if stats is not None:
                render, code = self._statistics(u, stats, label)
            else:
                render, code = getattr(self, f"_{kind}")(u, number, label)
            data = _made(kind, number, render)
            u.document_codes.set_sha256(code.code, hashlib.sha256(data).hexdigest())
            found = u.document_codes.by_code(code.code)
            assert found is not None
        name = FILE_NAMES[kind].format(n=number, period=period)
        return PrintedDocument(kind, number, name, data, found)

    def _receipt(self, uow: UnitOfWork, number: int, label: Label) -> tuple[Render, DocumentCode]:
        payment = uow.payments.by_receipt(number)
        if payment is None:
            raise DocumentNotFound(RECEIPT, number)
        code = issue_code(uow, RECEIPT, number, payment.amount, payment.paid_on, self.insurance.clock())
        data = receipt_data(uow, self.insurance, payment)
        return lambda: receipt_pdf(data, self._settings.font_dir, code.code, self._settings.insurer_name), code

    def _quote(self, uow: UnitOfWork, number: int, label: Label) -> tuple[Render, DocumentCode]:
        from core.insurance.contracts.quotes import quote_pdf

        proposal = uow.proposals.by_number(number)
        if proposal is None:
            raise DocumentNotFound(QUOTE, number)
        code = issue_code(uow, QUOTE, number, proposal.amount, proposal.proposed_on, self.insurance.clock())
        data = self.insurance.within(uow).proposals.quote_data(proposal)
        return lambda: quote_pdf(data, label, self._settings.font_dir, code.code, self._settings.insurer_name), code

    def _endorsement(self, uow: UnitOfWork, number: int, label: Label) -> tuple[Render, DocumentCode]:
        endorsement = uow.endorsements.by_number(number)
        if endorsement is None:
            raise DocumentNotFound(ENDORSEMENT, number)
        issued_on = endorsement.issued_on or endorsement.created_at.astimezone(TEHRAN).date()
        code = issue_code(uow, ENDORSEMENT, number, endorsement.amount, issued_on, self.insurance.clock())
        data = self.endorsement_data(uow, endorsement)
        return lambda: endorsement_pdf(data, label, self._settings.font_dir, code.code,
                                      self._settings.insurer_name), code

    def _payment_order(self, uow: UnitOfWork, number: int, label: Label) -> tuple[Render, DocumentCode]:
        order = uow.payment_orders.by_number(number)
        if order is None or self.claims is None:
            raise DocumentNotFound(PAYMENT_ORDER, number)
        code = issue_code(uow, PAYMENT_ORDER, number, order.amount, order.created_at.astimezone(TEHRAN).date(),
                          self.insurance.clock())
        claims = self.claims.within(uow)
        return lambda: claims.order_pdf(number, label, code=code.code), code

    def _semiannual(self, number: int, period: int) -> SemiannualStatistics:
        from core.insurance.claims.service import ClaimRefused

        if self.claims is None or period < 1:
            raise DocumentNotFound(STATISTICS, number)
        try:
            return self.claims.semiannual_statistics(number, period)
        except ClaimRefused:  # no such contract
            raise DocumentNotFound(STATISTICS, number) from None

    def _statistics(self, uow: UnitOfWork, stats: SemiannualStatistics, label: Label) -> tuple[Render, DocumentCode]:
        from core.insurance.reports.claims import semiannual_pdf

        today = today_jalali(self.insurance.clock()).togregorian()
        code = issue_code(uow, STATISTICS, stats.contract_number, stats.total, today, self.insurance.clock(), stats.period)
        return lambda: semiannual_pdf(stats, self._settings.font_dir, label, code.code), code

    def endorsement_data(self, uow: UnitOfWork, endorsement: Endorsement) -> EndorsementData:
        """What the endorsement says: each person it added, removed or corrected, with their amount."""
        contract = uow.contracts.get(endorsement.contract_id)
        assert contract is not None  # a foreign key
        holder = self.insurance._holder(uow, contract)
        amounts = {nid: amount for nid, amount in endorsement.details.get("lines", [])}
        persons = _endorsement_persons(uow, contract, endorsement, amounts)
        paid = [p for p in uow.payments.for_contract(contract.id) if p.endorsement_id == endorsement.id]
        return EndorsementData(endorsement.number, endorsement.kind, contract.number, holder.name, contract.plan,
                               endorsement.effective,
                               endorsement.issued_on or endorsement.created_at.astimezone(TEHRAN).date(),
                               contract.end, contract.office, contract.agency, endorsement.amount, persons,
                               paid[0].receipt_number if paid else None, str(endorsement.details.get("note", "")))

    def for_effect(self, kind: str, number: int, label: Label, uow: UnitOfWork,
                   caption: Line) -> tuple[tuple[Document, ...], tuple[Line, ...]]:
        """The document an effect sends the requester, made inside its transaction; when it cannot be made,
        no document but a note saying why and how to have it again, and the effect's record is kept."""
        try:
            printed = self.within(uow).print(kind, number, label)
        except DocumentNotMade as failed:
            return (), (not_made(kind, number, failed.reason),)
        return (Document(printed.filename, printed.data, caption=caption, reprint=reprint_line(kind, number)),), ()

    # ---- checking and permissions ----------------------------------------------------------------------
    def verify(self, text: str) -> DocumentCode | None:
        """What a code belongs to; None for one that is not a code the desk issued."""
        code = normalize_code(text)
        if code is None:
            return None
        with self.insurance.units.read() as u:
            return u.document_codes.by_code(code)

    def may_print(self, user: User, kind: str, number: int) -> bool:
        """The office the document belongs to, or the people of the policyholder whose document it is."""
        if user.disabled or kind not in KINDS:
            return False
        if user.all_roles & STAFF_FOR[kind]:
            return True
        if not user.has_role(POLICYHOLDER):
            return False
        with self.insurance.units.read() as u:
            holder = u.policyholders.of_user(user.id)
            return holder is not None and self._holder_of(u, kind, number) == holder.id

    def _holder_of(self, uow: UnitOfWork, kind: str, number: int) -> int | None:
        contract: Contract | None = None
        if kind == QUOTE:
            proposal = uow.proposals.by_number(number)
            return proposal.policyholder_id if proposal else None
        if kind == RECEIPT:
            payment = uow.payments.by_receipt(number)
            contract = uow.contracts.get(payment.contract_id) if payment else None
        elif kind == ENDORSEMENT:
            endorsement = uow.endorsements.by_number(number)
            contract = uow.contracts.get(endorsement.contract_id) if endorsement else None
        elif kind == PAYMENT_ORDER:
            order = uow.payment_orders.by_number(number)
            contract = uow.contracts.get(order.contract_id) if order else None
        elif kind == STATISTICS:
            contract = uow.contracts.by_number(number)
        return contract.policyholder_id if contract else None


def _endorsement_persons(uow: UnitOfWork, contract: Contract, endorsement: Endorsement,
                         amounts: dict[str, int]) -> list[EndorsementPerson]:
    members = uow.members.for_contract(contract.id)
    persons = [EndorsementPerson(m.person.national_id, m.person.full_name, m.person.role, "joins",
                                 amounts.get(m.person.national_id)) for m in members if m.added_by == endorsement.id]
    persons += [EndorsementPerson(m.person.national_id, m.person.full_name, m.person.role, "leaves",
                                  amounts.get(m.person.national_id)) for m in members
                if m.removed_by == endorsement.id]
    for change in endorsement.details.get("corrections", []):
        after = change.get("after", {})
        persons.append(EndorsementPerson(change["national_id"], f"{after.get('first_name', '')} "
                                         f"{after.get('last_name', '')}".strip(), after.get("role", ""), "corrected",
                                         None))
    return persons


def reprint_line(kind: str, number: int) -> Line:
    """How to have the document again in chat: «/print receipt 17»."""
    return Line(f"documents.reprint.{kind}", {"number": number})


def not_made(kind: str, number: int, reason: str) -> Line:
    return Line("documents.not_made", {"what": Line(f"documents.numbered_{kind}", {"number": number}),
                                       "reason": Line(f"documents.reason.{reason}"),
                                       "reprint": reprint_line(kind, number)})


def _made(kind: str, number: int, render: Render) -> bytes:
    """The PDF, or DocumentNotMade saying why (a font, or anything else in the drawing)."""
    from fpdf.errors import FPDFException

    from core.insurance.shared.pdf import FontMissing

    try:
        return render()
    except FontMissing as exc:
        log.error("no fonts for %s %s: %s", kind, number, exc)
        raise DocumentNotMade(kind, number, "font") from exc
    except (FPDFException, ValueError, RuntimeError, KeyError, TypeError, OSError) as exc:
        log.error("drawing %s %s failed: %s", kind, number, type(exc).__name__)
        raise DocumentNotMade(kind, number, "render") from exc
