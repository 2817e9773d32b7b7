"""`python -m bot insurance documents print|verify`: any document printed again, and a code checked.

`print KIND NUMBER --out FILE` writes the document as it was issued, with its verification code (the
same file each time); `verify CODE` says what the code belongs to (its kind, number, amount and date),
and with `--file` whether a PDF is the one the desk issued. An unknown code or document exits 1, a file
that cannot be written 2, each with one line on stderr.
"""
from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.i18n import Translator
from core.insurance.contracts.document_codes import KINDS, STATISTICS, DocumentCode

# The parser is built for every command (and --help): the documents' services are imported when one runs.
if TYPE_CHECKING:
    from core.insurance.claims.service import ClaimsService
    from core.insurance.contracts.documents import InsuranceDocuments
    from core.insurance.contracts.service import InsuranceService

NOT_FOUND, REFUSED = 1, 2


def add_parser(groups: Any, common: argparse.ArgumentParser) -> None:
    documents = groups.add_parser("documents", parents=[common], help="print a document again; check a code")
    sub = documents.add_subparsers(dest="documents_command")
    printed = sub.add_parser("print", parents=[common], help="a receipt, payment order, quote, endorsement or "
                                                             "the six-monthly statistics, as issued")
    printed.add_argument("kind", choices=KINDS)
    printed.add_argument("number", type=int, help="its number (statistics: the contract's)")
    printed.add_argument("--period", type=int, default=1, help="statistics: 1 for the first six months, ...")
    printed.add_argument("--out", required=True, help="FILE.pdf")
    printed.add_argument("--json", action="store_true")
    verify = sub.add_parser("verify", parents=[common], help="what a document's verification code belongs to")
    verify.add_argument("code")
    verify.add_argument("--file", help="a PDF: is it the file the desk issued?")
    verify.add_argument("--json", action="store_true")


def code_json(found: DocumentCode) -> dict[str, Any]:
    from core.jalali import format_date

    return {"code": found.code, "kind": found.kind, "number": found.number,
            "period": found.period if found.kind == STATISTICS else None, "amount": found.amount,
            "date": format_date(found.issued_on, "en")}


class DocumentsCommands:
    def __init__(self, service: InsuranceService, claims: ClaimsService | None, t: Translator,
                 out: Callable[[str], None], err: Callable[[str], None]) -> None:
        self.service, self.claims = service, claims
        self.t, self.out, self.err = t, out, err

    @property
    def documents(self) -> InsuranceDocuments:
        from core.insurance.contracts.documents import InsuranceDocuments

        return InsuranceDocuments(self.service, self.claims)

    def run(self, args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
        handler = {"print": self.print, "verify": self.verify}.get(args.documents_command)
        if handler is None:
            parser.print_help()
            return REFUSED
        return handler(args)

    def described(self, found: DocumentCode) -> str:
        """«قبض رسید شماره 17، 10,735,000 ریال، 1403/06/05»."""
        from core.jalali import format_date

        what = self.t(f"documents.kind.{found.kind}")
        if found.kind == STATISTICS:
            what = self.t("documents.statistics_of", contract=found.number, period=found.period)
        else:
            what = self.t("documents.numbered", kind=what, number=found.number)
        return self.t("documents.described", what=what, amount=f"{found.amount:,}",
                      date=format_date(found.issued_on, self.t.lang))

    def print(self, args: argparse.Namespace) -> int:
        from core.insurance.contracts.documents import DocumentNotFound
        from core.insurance.shared.pdf import FontMissing

        try:
            printed = self.documents.print(args.kind, args.number, Translator("fa"), period=args.period)
        except DocumentNotFound:
            self.err(self.t("documents.not_found", kind=self.t(f"documents.kind.{args.kind}"), number=args.number))
            return NOT_FOUND
        except FontMissing as exc:
            self.err(str(exc))
            return REFUSED
        try:
            Path(args.out).write_bytes(printed.data)
        except OSError as exc:
            self.err(self.t("documents.not_written", file=args.out, error=exc.strerror or str(exc)))
            return REFUSED
        if args.json:
            self.out(json.dumps({**code_json(printed.code), "file": args.out}, ensure_ascii=False, indent=2))
        else:
            self.out(self.t("documents.written", what=self.described(printed.code), file=args.out,
                            code=printed.code.code))
        return 0

    def verify(self, args: argparse.Namespace) -> int:
        found = self.documents.verify(args.code)
        if found is None:
            self.err(self.t("documents.unknown_code", code=args.code))
            return NOT_FOUND
        matches = None
        if args.file:
            try:
                data = Path(args.file).read_bytes()
            except OSError as exc:
                self.err(self.t("documents.not_read", file=args.file, error=exc.strerror or str(exc)))
                return REFUSED
            matches = found.sha256 is not None and hashlib.sha256(data).hexdigest() == found.sha256
        if args.json:
            self.out(json.dumps({**code_json(found), "file_matches": matches}, ensure_ascii=False, indent=2))
        else:
            self.out(self.t("documents.verified", code=found.code, what=self.described(found)))
            if matches is not None:
                self.out(self.t("documents.file_matches" if matches else "documents.file_differs", file=args.file))
        return NOT_FOUND if matches is False else 0

    def write(self, kind: str, number: int, out: str, not_written: str = "documents.not_written") -> str | None:
        """A document just issued, written to `out` (its path), or None when it could not be: the record is
        kept all the same, and the line on stderr says why and how to print it again."""
        from core.insurance.shared.pdf import FontMissing

        try:
            printed = self.documents.print(kind, number, Translator("fa"))
            Path(out).write_bytes(printed.data)
            return out
        except (OSError, FontMissing) as exc:  # the record stays: `documents print` writes it later
            error = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
            self.err(self.t(not_written, file=out, error=error, number=number, kind=kind))
            return None
