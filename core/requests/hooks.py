"""Named hooks the request types' data refers to, and the service that runs them.

A form or workflow names a hook by a string; the module that knows the domain
registers the function under that name with one of the decorators below (each request
type's own ``hooks.py`` in core/requests/<type>/). Kinds of hooks and what they receive:

- ``file_parser(name)``: fn(env, user, filename, data, values) -> value (JSON-able, kept in
  the draft and then in the ticket's fields); by convention a dict with "filename" and "count"
  (shown as «name: count»). Refuse with ``AnswerRefused``.
- ``option_source(name)``: fn(env, user, values) -> list[Option]: a choice's options from the
  person's own data. Computed again when the answer arrives; a code not among them is refused.
- ``field_check(name)``: fn(env, user, value, values) -> value: checks an answer against the
  earlier ones and core data; refuse with ValidationError or AnswerRefused.
- ``prefill(name)``: fn(env, user) -> str | None: an answer offered from the person's own data.
- ``condition(name)``: fn(env, uow, ticket, results) -> bool: which twin of an action applies.
- ``effect(name)``: fn(env, uow, ticket, actor, inputs, results) -> EffectResult, run inside the
  transition's transaction (use the services' ``within(uow)``, which never commit). Refuse with ``EffectRefused``:
  the transaction is rolled back and the actor told why. ``effect(name, values={"amount": Money})``
  declares which of the values it records are money or days (core.values), as people read them.
- ``review(name)``: fn(env, user, ticket, results) -> list[Line]: what staff see before acting
  (and, named as a type's ``requester_review``, what the requester sees of their own request).
- ``checklist(name)``: fn(env, user, values, ticket) -> tuple[str, ...]: the documents a
  ``checklist`` field asks for: with ``ticket`` None, while the form is filled (from the answers so
  far); with the ticket, those still missing when a returned request is resubmitted.
  Labels: ``checklist.<name>.<code>`` in the catalogs.
- ``input_parser(name)``: fn(text) -> value (JSON-able): an action input of that kind, typed by
  the actor (e.g. the trusted doctor's analysis); refuse with ValidationError.
- ``starter(name)``: fn(env, user) -> bool: who else may file a request type besides the holders
  of its ``starters`` roles (e.g. a guardian a policyholder linked to a contract may file claims).

``results`` is what earlier effects of the ticket returned (merged history inputs).
User-facing text is never made here: refusals, options and review lines carry a catalog key
and params, which the bot renders.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from core import errors
from core.clock import Clock
from core.jalali import today_jalali
from core.models import AttachmentMeta, HistoryEntry, Ticket, User
from core.ports import UnitOfWork, Units
from core.values import Money, value_from_json, value_json

if TYPE_CHECKING:  # the services import this module for Line and Document
    from core.attachments import AttachmentService
    from core.insurance.claims.service import ClaimsService
    from core.insurance.contracts.documents import InsuranceDocuments
    from core.insurance.contracts.service import InsuranceService

FILE_PARSERS: dict[str, Callable[..., Any]] = {}
OPTION_SOURCES: dict[str, Callable[..., list["Option"]]] = {}
FIELD_CHECKS: dict[str, Callable[..., Any]] = {}
CONDITIONS: dict[str, Callable[..., bool]] = {}
EFFECTS: dict[str, Callable[..., "EffectResult"]] = {}
EFFECT_VALUES: dict[str, dict[str, type]] = {}  # an effect's recorded values that are typed (effect(values=...))
REVIEWS: dict[str, Callable[..., list["Line"]]] = {}
PREFILLS: dict[str, Callable[..., str | None]] = {}
CHECKLISTS: dict[str, Callable[..., tuple[str, ...]]] = {}
INPUT_PARSERS: dict[str, Callable[[str], Any]] = {}
STARTERS: dict[str, Callable[..., bool]] = {}


Hook = TypeVar("Hook", bound=Callable[..., Any])


def _register(table: dict[str, Callable[..., Any]], name: str) -> Callable[[Hook], Hook]:
    """A decorator that lists the function under `name` and gives it back unchanged (its type kept)."""
    def add(fn: Hook) -> Hook:
        if name in table and table[name] is not fn:
            raise ValueError(f"hook {name!r} registered twice")
        table[name] = fn
        return fn
    return add


def file_parser(name: str) -> Callable[[Hook], Hook]:
    return _register(FILE_PARSERS, name)


def option_source(name: str) -> Callable[[Hook], Hook]:
    return _register(OPTION_SOURCES, name)


def field_check(name: str) -> Callable[[Hook], Hook]:
    return _register(FIELD_CHECKS, name)


def condition(name: str) -> Callable[[Hook], Hook]:
    return _register(CONDITIONS, name)


def effect(name: str, values: Mapping[str, type] | None = None) -> Callable[[Hook], Hook]:
    """`values`: the types of what the effect records that people read typed (e.g. {"amount": Money}),
    for its history entry and status notification (core.requests.recorded)."""
    if values:
        EFFECT_VALUES[name] = dict(values)
    return _register(EFFECTS, name)


def review(name: str) -> Callable[[Hook], Hook]:
    return _register(REVIEWS, name)


def prefill(name: str) -> Callable[[Hook], Hook]:
    return _register(PREFILLS, name)


def checklist(name: str) -> Callable[[Hook], Hook]:
    return _register(CHECKLISTS, name)


def input_parser(name: str) -> Callable[[Hook], Hook]:
    return _register(INPUT_PARSERS, name)


def starter(name: str) -> Callable[[Hook], Hook]:
    return _register(STARTERS, name)


@dataclass(frozen=True)
class Line:
    """One line of text for a person: a catalog key and its params (money, days and left-to-right
    codes in core.values' types; a plain int is a plain number)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Option:
    """One option of a choice from the person's data; `code` is what is stored ([a-z0-9_], ≤ 24)."""

    code: str
    label: Line


@dataclass(frozen=True)
class Document:
    filename: str
    data: bytes
    content_type: str = "application/pdf"
    caption: Line | None = None
    reprint: Line | None = None  # how to have it again when it cannot be kept (e.g. «/print receipt 17»)


@dataclass(frozen=True)
class EffectResult:
    values: dict[str, Any] = field(default_factory=dict)  # stored with the history entry, shown to the requester
    documents: tuple[Document, ...] = ()  # attached to the ticket and sent to the requester
    # lines told to the requester with the status change (e.g. the payout breakdown), whatever the
    # action's public_note; only in their notification, not kept in the history
    notes: tuple[Line, ...] = ()


def line_json(value: Any) -> Any:
    """A Line (the Lines and typed values in its params) as plain JSON, for an outbox payload."""
    if isinstance(value, Line):
        return {"key": value.key, "params": {k: line_json(v) for k, v in value.params.items()}}
    if isinstance(value, list | tuple):
        return [line_json(v) for v in value]
    return value_json(value)


# The lines outbox rows kept before params were typed (a status change's notes, a document's
# caption) carried money as a plain int, always as "amount", in these lines only; rows written
# since carry {"money": ...}, so a plain int is a plain number again.
UNTYPED_MONEY = frozenset({
    "claim_chat.payable", "claim_chat.breakdown_line", "claim_chat.share_line", "insurance_chat.refund_owed",
    "insurance_chat.quote_caption", "insurance_chat.receipt_caption", "insurance_chat.endorsement_receipt_caption",
})


def line_from_json(data: dict[str, Any]) -> Line:
    """The Line an outbox payload keeps (line_json's form, or the untyped one of older rows)."""
    params = {name: _param_from_json(raw) for name, raw in (data.get("params") or {}).items()}
    amount = params.get("amount")
    if data["key"] in UNTYPED_MONEY and isinstance(amount, int) and not isinstance(amount, bool):
        params["amount"] = Money(amount)
    return Line(data["key"], params)


def _param_from_json(raw: Any) -> Any:
    if isinstance(raw, dict) and "key" in raw:
        return line_from_json(raw)
    if isinstance(raw, list):
        return [_param_from_json(v) for v in raw]
    return value_from_json(raw)


class AnswerRefused(Exception):
    """A file or an answer a parser or check refuses: `headline` says why, `problems` (e.g. one
    per bad row of a roster) say where. The person is told and asked the same question again."""

    def __init__(self, headline: Line, problems: list[Line] | None = None) -> None:
        super().__init__(headline.key)
        self.headline = headline
        self.problems = problems or []


FileRejected = AnswerRefused


class EffectRefused(errors.DeskError):
    """An effect could not be carried out; nothing of the action was kept. params: line (Line)."""

    code = "effect_refused"


@dataclass(frozen=True)
class HookEnv:
    """What hooks may use: the desk's domain services (made by core.desk.Desk.build)."""

    units: Units  # where a hook's own reads go (core/transactions.py)
    clock: Clock
    insurance: InsuranceService
    claims: ClaimsService
    attachments: AttachmentService
    documents: InsuranceDocuments  # the office's documents an effect makes (quote, receipt, payment order, ...)
    document_label: Callable[[str], str] = str  # names codes in those documents (Persian)

    def today(self) -> date:
        """Today in Tehran, as a Gregorian date."""
        return today_jalali(self.clock()).togregorian()


def results_of(history: list[HistoryEntry]) -> dict[str, Any]:
    """What the ticket's actions and effects recorded, later ones winning."""
    merged: dict[str, Any] = {}
    for entry in history:
        merged.update(entry.inputs)
    return merged


class RequestHooks:
    """The bot's way to the hooks of the forms (the workflow's run inside core.tickets)."""

    def __init__(self, env: HookEnv) -> None:
        self.env = env

    def parse_file(self, name: str, user: User, filename: str, data: bytes, values: dict[str, Any]) -> Any:
        return FILE_PARSERS[name](self.env, user, filename, data, values)

    def options(self, name: str, user: User, values: dict[str, Any]) -> list[Option]:
        return OPTION_SOURCES[name](self.env, user, values)

    def check(self, name: str, user: User, value: Any, values: dict[str, Any]) -> Any:
        return FIELD_CHECKS[name](self.env, user, value, values)

    def prefill(self, name: str, user: User) -> str | None:
        return PREFILLS[name](self.env, user)

    def checklist(self, name: str, user: User, values: dict[str, Any], ticket: Ticket | None = None) -> tuple[str, ...]:
        return tuple(CHECKLISTS[name](self.env, user, values, ticket))

    def may_start(self, name: str, user: User) -> bool:
        return bool(STARTERS[name](self.env, user))

    def review(self, name: str, user: User, ticket: Ticket) -> list[Line]:
        with self.env.units.read() as uow:
            results = results_of(uow.tickets.history(ticket.id))
        return REVIEWS[name](self.env, user, ticket, results)


class WorkflowHooks:
    """What core.tickets asks while moving a ticket: which twin applies, and the effects."""

    def __init__(self, env: HookEnv) -> None:
        self.env = env

    def holds(self, when: str | None, uow: UnitOfWork, ticket: Ticket, results: Mapping[str, Any]) -> bool:
        """Whether the named condition (``!name``: its negation) holds for the ticket; no name: always."""
        if when is None:
            return True
        negate = when.startswith("!")
        value = bool(CONDITIONS[when.lstrip("!")](self.env, uow, ticket, dict(results)))
        return value != negate

    def may_start(self, name: str, user: User) -> bool:
        return bool(STARTERS[name](self.env, user))

    def run_effect(self, name: str, uow: UnitOfWork, ticket: Ticket, actor: User, inputs: dict[str, Any],
                   results: Mapping[str, Any]) -> EffectResult:
        return EFFECTS[name](self.env, uow, ticket, actor, inputs, dict(results))

    def keep_document(self, uow: UnitOfWork, owner_id: int, ticket_id: int, document: Document) -> AttachmentMeta:
        """Store a document an effect made, on the ticket; returns its AttachmentMeta."""
        return self.env.attachments.keep_generated(uow, owner_id, document.filename, document.content_type,
                                                   document.data, ticket_id)
