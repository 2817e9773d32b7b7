"""Finding tickets by what people remember of them: a number, a mobile, a name.

Every searchable value is folded to one written form (Persian letters for the
Arabic ي/ك, no zero-width non-joiner, ASCII digits, lower case) and cut into
terms; a query matches a ticket when each of its words is the start of one of the
ticket's terms. The terms live in an indexed table, so a search is a few index
range scans whatever the number of tickets.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from core import errors
from core.forms.definition import Form
from core.models import Ticket, User
from core.ports import Units
from core.text import normalize_text

MAX_TERM_LENGTH = 64
PAGE_SIZE = 10
# a search is a few words people remember (a name, a number): 1,000 words took every term's index
# range in turn, and 50,000 held a worker thread for a minute
MAX_QUERY_WORDS = 10
MAX_QUERY_CHARACTERS = 200

ZWNJ = "\u200c"
# Arabic diacritics and the tatweel: never part of how a name is typed in a search.
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_FOLD = str.maketrans({"ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و"})
_SEPARATORS = re.compile(r"[^\w]+")
_MOBILE = re.compile(r"(?:(?:\+98|0098|98)0?|0)?(9\d{9})")

# Field and action-input ids whose values people search by; the rest (descriptions,
# dates, choices) would only make matches noisy.
SEARCHABLE_SUFFIXES = ("_number", "_no", "national_id", "mobile", "name")


def is_searchable(field_id: str) -> bool:
    return field_id.endswith(SEARCHABLE_SUFFIXES)


def fold(text: str) -> str:
    """One written form for matching: Persian letters, ASCII digits, no ZWNJ or marks, lower case."""
    text = normalize_text(text).replace(ZWNJ, "")
    return _MARKS.sub("", text).translate(_FOLD).lower()


def canonical_mobile(text: str) -> str | None:
    """09XXXXXXXXX when `text` is a mobile number in any written form, else None."""
    compact = re.sub(r"[\s\-()]", "", normalize_text(text))
    match = _MOBILE.fullmatch(compact)
    return "0" + match[1] if match else None


def value_terms(value: Any) -> set[str]:
    """The terms one stored value is found by: the whole value, and each of its words and parts."""
    if value is None or isinstance(value, (list, dict, bool)):
        return set()
    raw = str(value)
    terms: set[str] = set()
    mobile = canonical_mobile(raw)
    if mobile:
        terms |= {mobile, mobile[1:]}
    whole = " ".join(fold(raw).split())
    if whole:
        terms.add(whole)
    # word by word, and a ZWNJ-joined word also by its parts («بیمه‌ای»: بیمهای, بیمه, ای)
    for word in normalize_text(raw).lower().split():
        terms.add(fold(word))
        terms |= {fold(part) for part in word.split(ZWNJ)}
        terms |= {part for part in _SEPARATORS.split(fold(word)) if part}
    return {term[:MAX_TERM_LENGTH] for term in terms if term}


def ticket_terms(fields: Mapping[str, Any], owner: User | None = None) -> set[str]:
    terms: set[str] = set()
    for field_id, value in fields.items():
        if is_searchable(field_id):
            terms |= value_terms(value)
    if owner is not None:
        terms |= value_terms(owner.full_name) | value_terms(owner.username)
    return terms


def form_terms(form: Form, fields: Mapping[str, Any]) -> set[str]:
    """Terms of the answers a form marks searchable, whatever their ids (FormField.searchable)."""
    terms: set[str] = set()
    for field in form.fields:
        if field.searchable and field.id in fields:
            value = fields[field.id]
            # a checked answer kept with what it found ({"national_id": …, "name": …}): by its parts
            terms |= ticket_terms(value) if isinstance(value, Mapping) else value_terms(value)
    return terms


def input_terms(inputs: Mapping[str, Any]) -> set[str]:
    """Reference numbers given with an action (policy, voucher, cheque number)."""
    return ticket_terms(inputs)


def check_query(query: str) -> str:
    """The query, when it is within MAX_QUERY_WORDS words and MAX_QUERY_CHARACTERS characters."""
    if len(query) > MAX_QUERY_CHARACTERS or len(query.split()) > MAX_QUERY_WORDS:
        raise errors.SearchTooLong(words=MAX_QUERY_WORDS, characters=MAX_QUERY_CHARACTERS)
    return query


def query_words(query: str) -> list[str]:
    """What each match must contain: a mobile in any form becomes one canonical word."""
    mobile = canonical_mobile(query)
    if mobile:
        return [mobile]
    words = []
    for word in fold(query).split():
        word = word.lstrip("#")
        if word:
            words.append(word[:MAX_TERM_LENGTH])
    return words


def ticket_number(query: str) -> int | None:
    token = normalize_text(query).strip().lstrip("#")
    return int(token) if token.isdigit() and len(token) <= 10 else None


@dataclass(frozen=True)
class SearchPage:
    tickets: list[Ticket]
    more: bool  # there are older matches after the last one shown

    @property
    def last_id(self) -> int | None:
        return self.tickets[-1].id if self.tickets else None


class SearchService:
    def __init__(self, units: Units) -> None:
        self.units = units  # where each piece of work goes (core/transactions.py); it ends them

    def find(self, user: User, query: str, before_id: int | None = None, limit: int = PAGE_SIZE) -> SearchPage:
        """Matches newest first; staff see every ticket, a requester only their own."""
        owner_id = None if user.is_staff else user.id
        words = query_words(check_query(query))
        number = ticket_number(query)
        with self.units.write() as uow:
            found: list[Ticket] = []
            if number is not None and before_id is None:
                exact = uow.tickets.get(number)
                if exact is not None and (owner_id is None or exact.owner_id == owner_id):
                    found.append(exact)
            if words:
                rest = uow.operations.search(words, owner_id, limit + 1, before_id)
                found += [t for t in rest if not found or t.id != found[0].id]
        return SearchPage(found[:limit], len(found) > limit)

    def index(self, ticket_id: int, terms: Iterable[str]) -> None:
        with self.units.write() as uow:
            uow.operations.index_terms(ticket_id, terms)
