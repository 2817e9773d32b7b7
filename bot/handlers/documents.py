"""`/verify CODE` (anyone, even someone the desk does not know yet) and `/print KIND NUMBER` (those the
document belongs to): a printout checked by its verification code, and any document printed again.

/verify answers what the code belongs to: its kind, number, amount and date, nothing personal. /print
sends the document as it was issued, with the same code; to anyone else it says the document was not
found, as for one that does not exist (no leak of which numbers are taken). Kinds are typed in either
language («قبض»، «حواله»، «طرح»، «الحاقیه»، «آمار», or receipt, payment_order, ...).
"""
from __future__ import annotations

from pathlib import Path

from bot.config import AppConfig
from bot.context import Context
from bot.events import Inbound, Outbound
from bot.handlers.menu import words
from bot.handlers.routes import Routes
from bot.i18n import Translator
from bot.render.text import render_line
from core.desk import Desk
from core.insurance.contracts.document_codes import KINDS, STATISTICS, DocumentCode
from core.insurance.contracts.documents import (
    DocumentNotFound,
    DocumentNotMade,
    InsuranceDocuments,
    not_made,
)
from core.jalali import format_date
from core.requests.hooks import Line
from core.text import clean_text, ltr, normalize_digits, normalize_text, phrase_key

MAX_ARGS = 120  # a code or a kind and two numbers: anything longer is not one


def _documents(desk: Desk) -> InsuranceDocuments:
    return InsuranceDocuments(desk.insurance, desk.claims)


def described(t: Translator, found: DocumentCode) -> str:
    """«قبض رسید شماره ۱۷، مبلغ ۱۰٬۷۳۵٬۰۰۰ ریال، تاریخ ۱۴۰۳/۰۶/۰۵»: what the code belongs to, nothing personal."""
    if found.kind == STATISTICS:
        what = t("documents.statistics_of", contract=found.number, period=found.period)
    else:
        what = t(f"documents.numbered_{found.kind}", number=found.number)
    return t("documents.described", what=what, amount=ltr(t.number(f"{found.amount:,}")),
             date=ltr(format_date(found.issued_on, t.lang)))


def verify(ctx: Context, args: str) -> list[Outbound]:
    return [answer_verify(ctx.desk, ctx.t, args)]


def answer_verify(desk: Desk, t: Translator, args: str) -> Outbound:
    text = args.strip()[:MAX_ARGS]
    if not text:
        return Outbound(t("action.usage", command="/verify", usage=t("usage.verify")))
    found = _documents(desk).verify(text)
    if found is None:
        return Outbound(t("documents.chat.unknown", code=ltr(clean_text(text))))
    return Outbound(t("documents.chat.verified", code=ltr(found.code), what=described(t, found)))


def is_verify(inbound: Inbound) -> bool:
    """A /verify typed by someone the desk does not know: answered all the same (anyone may check a sheet)."""
    text = clean_text(inbound.text or "").strip()
    head = text.split(maxsplit=1)[0].lower() if text else ""
    return inbound.button is None and head.split("@", 1)[0] == "/verify"


def verify_for_anyone(desk: Desk, config: AppConfig, inbound: Inbound) -> list[Outbound]:
    text = clean_text(inbound.text or "").strip()
    return [answer_verify(desk, Translator(config.general.default_lang), text.partition(" ")[2])]


def _kind(word: str) -> str | None:
    key = phrase_key(word)
    for kind in KINDS:
        if key == phrase_key(kind) or key in {phrase_key(w) for w in words(f"doc_{kind}")}:
            return kind
    return None


def print_document(ctx: Context, args: str) -> list[Outbound]:
    """`/print قبض ۱۷`, `/print statistics 300000 2`: the document as issued, to those it belongs to."""
    t = ctx.t
    parts = normalize_digits(normalize_text(args[:MAX_ARGS])).split()
    numbers = [p.lstrip("#") for p in parts if p.lstrip("#").isdigit()]
    kind = _kind(" ".join(p for p in parts if not p.lstrip("#").isdigit()))
    if kind is None or not 1 <= len(numbers) <= (2 if kind == STATISTICS else 1) or any(len(n) > 18 for n in numbers):
        return [Outbound(t("action.usage", command="/print", usage=t("usage.print")))]
    number, period = int(numbers[0]), int(numbers[1]) if len(numbers) > 1 else 1
    what = render_line(t, Line(f"documents.numbered_{kind}", {"number": number}))
    documents = _documents(ctx.desk)
    if not documents.may_print(ctx.user, kind, number):
        return [Outbound(t("documents.chat.not_found", what=what))]
    try:
        printed = documents.print(kind, number, Translator("fa"), period=period)  # the documents are Persian
    except DocumentNotFound:
        return [Outbound(t("documents.chat.not_found", what=what))]
    except DocumentNotMade as failed:
        return [Outbound(render_line(t, not_made(kind, number, failed.reason)))]
    folder = Path(ctx.config.data_dir) / "documents"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / printed.filename
        path.write_bytes(printed.data)
    except OSError:
        return [Outbound(t("documents.chat.not_written", what=what))]
    return [Outbound(t("documents.chat.printed", what=described(t, printed.code), code=ltr(printed.code.code)),
                     document=str(path))]


def help_text(ctx: Context) -> str:
    """/verify for everyone; /print for the insurer's people and policyholders."""
    text = ctx.t("documents.help")
    roles = ctx.user.all_roles
    if roles & {"policyholder", "issuance_expert", "issuance_manager", "claims_expert",
                                "claims_manager", "claims_accountant", "report_reader", "admin"}:
        text += "\n" + ctx.t("documents.help_print")
    return "\n\n" + text


ROUTES = Routes(commands={"verify": verify, "print": print_document})
