"""Button data: short strings (Telegram allows 64 bytes) built and parsed here only.

Data coming back from a platform is untrusted: `parse` accepts only the shapes
built below, and the handlers then check the action against the ticket's real
state, version and the presser's role before anything changes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64

_NAME = r"[a-z_]{1,24}"
_VERSION = r"(\d{1,8})"  # a ticket's or a draft's version: a press on an older one is stale
_PATTERNS = {
    "act": re.compile(rf"a:(\d{{1,10}}):({_NAME}):(\d{{1,6}})"),
    "confirm": re.compile(rf"k:(\d{{1,10}}):({_NAME}):(\d{{1,6}})"),
    "comment": re.compile(r"c:(\d{1,10})"),
    "show": re.compile(r"v:(\d{1,10})"),
    "new": re.compile(rf"n:({_NAME})"),
    # the form's own buttons carry the draft's version (the last group)
    "draft": re.compile(rf"d:(continue|discard):{_VERSION}"),
    "field": re.compile(rf"f:({_NAME}):([a-z0-9_]{{1,24}}):{_VERSION}"),
    "summary": re.compile(rf"s:(submit|edit|cancel):{_VERSION}"),
    "edit": re.compile(rf"e:({_NAME}):{_VERSION}"),
    # dN: an item of the resubmission's checklist; answer/drop: a line typed that looked like a
    # command, taken as the prompt's answer or dropped; then the prompt's revision (none: a
    # confirmation's «no», or a button drawn before prompts had revisions)
    "prompt": re.compile(rf"p:(send|cancel|answer|drop|d\d{{1,2}})(?::{_VERSION})?"),
    # a main-menu item (the queue also from the digest); "find:N" is an older "more results" button
    "menu": re.compile(r"m:(queue|find|new|my|help|lang|start|stats)(?::(\d{1,10}))?"),
    # a page of a list: which list, the list's token (a newer list makes older buttons stale), the page
    "page": re.compile(r"l:(my|queue|find):(\d{1,8}):(\d{1,5})"),
    # a list filtered by request type ("all": no filter); the type is checked against REQUEST_TYPES
    "filter": re.compile(rf"y:(my|queue):({_NAME})"),
    "take": re.compile(r"t:(\d{1,10})"),
    "reassign": re.compile(r"r:(\d{1,10})"),
    "assign_to": re.compile(r"g:(\d{1,10}):(\d{1,10})"),
}


@dataclass(frozen=True)
class ButtonData:
    kind: str
    args: tuple[str, ...]

    def int_arg(self, index: int) -> int:
        return int(self.args[index])

    @property
    def draft_version(self) -> int:
        """The draft version a form button was drawn for (its last part)."""
        return int(self.args[-1])


def parse(data: str | None) -> ButtonData | None:
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    for kind, pattern in _PATTERNS.items():
        match = pattern.fullmatch(data)
        if match:
            return ButtonData(kind, match.groups())
    return None


def _checked(data: str) -> str:
    assert parse(data) is not None, data
    return data


def act(ticket_id: int, action: str, version: int) -> str:
    return _checked(f"a:{ticket_id}:{action}:{version}")


def confirm(ticket_id: int, action: str, version: int) -> str:
    return _checked(f"k:{ticket_id}:{action}:{version}")


def comment(ticket_id: int) -> str:
    return _checked(f"c:{ticket_id}")


def show(ticket_id: int) -> str:
    return _checked(f"v:{ticket_id}")


def new(request_type: str) -> str:
    return _checked(f"n:{request_type}")


def draft(choice: str, version: int) -> str:
    return _checked(f"d:{choice}:{version}")


def field(field_id: str, value: str, version: int) -> str:
    return _checked(f"f:{field_id}:{value}:{version}")


def summary(choice: str, version: int) -> str:
    return _checked(f"s:{choice}:{version}")


def edit(field_id: str, version: int) -> str:
    return _checked(f"e:{field_id}:{version}")


def prompt(choice: str, revision: int | None = None) -> str:
    return _checked(f"p:{choice}" if revision is None else f"p:{choice}:{revision}")


def menu(name: str, after: int | None = None) -> str:
    return _checked(f"m:{name}" if after is None else f"m:{name}:{after}")


def page(list_name: str, token: int, number: int) -> str:
    return _checked(f"l:{list_name}:{token}:{number}")


def filter_by(list_name: str, request_type: str) -> str:
    return _checked(f"y:{list_name}:{request_type}")


def take(ticket_id: int) -> str:
    return _checked(f"t:{ticket_id}")


def reassign(ticket_id: int) -> str:
    return _checked(f"r:{ticket_id}")


def assign_to(ticket_id: int, user_id: int) -> str:
    return _checked(f"g:{ticket_id}:{user_id}")
