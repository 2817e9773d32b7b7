"""One way to page a list of requests: my requests, the queue, search results.

A list is opened with what it lists (its filter or query) and kept for the chat
(desk.transport_state, under "pager"): its name, a random token, and where each
page reached starts. The «بعدی»/«قبلی» buttons carry only the list's name, its
token and a page number; a press is checked against what is kept: a list opened
since (another token) or a page not reached yet (a forged number) is refused.
Every line of a page is also a button that opens that request.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot import buttons
from bot.context import Context
from bot.events import Button, Outbound
from bot.render.text import status_label, type_label
from core.models import Ticket
from core.requests.registry import REQUEST_TYPES

PAGE_SIZE = 10
STATE = "pager"  # transport_state platform under which each chat's open list is kept
TOKEN_RANGE = 10**8
ALL_TYPES = "all"


@dataclass(frozen=True)
class Page:
    items: list[Any]
    more: bool  # another page follows
    next_cursor: Any  # JSON-able: where the next page starts (an offset, the last id shown)
    total: int | None = None  # how many in all, when the list knows it cheaply


@dataclass(frozen=True)
class ListKind:
    """What one list shows and how: `fetch(ctx, params, cursor)` gives a page of PAGE_SIZE;
    `draw(ctx, params, page, number)` its title and lines; `extra_rows` buttons under the
    navigation (the type filter); `ticket_of` the request an item is about."""

    name: str
    fetch: Callable[[Context, dict[str, Any], Any], Page]
    draw: Callable[[Context, dict[str, Any], Page, int], list[str]]
    empty: Callable[[Context, dict[str, Any]], str]
    ticket_of: Callable[[Any], Ticket] = lambda item: item
    extra_rows: Callable[[Context, dict[str, Any]], list[list[Button]]] = lambda ctx, params: []


def open_list(ctx: Context, kind: ListKind, params: dict[str, Any]) -> list[Outbound]:
    """Show the first page of a new list; its buttons make those of the chat's older list stale."""
    state = {"list": kind.name, "token": secrets.randbelow(TOKEN_RANGE), "params": params, "cursors": [None]}
    return _show(ctx, kind, state, 0)


def turn(ctx: Context, kind: ListKind, token: int, number: int) -> list[Outbound]:
    """A «بعدی»/«قبلی» press: only a page of the chat's current list, already reached or the next one."""
    state = ctx.desk.transport_state.get(STATE, ctx.inbound.chat_key)
    if not state or state.get("list") != kind.name or state.get("token") != token:
        return [Outbound(ctx.t("list.expired"))]
    if not 0 <= number < len(state.get("cursors", [])):
        return [Outbound(ctx.t("error.bad_button"))]
    return _show(ctx, kind, state, number)


def params_of(ctx: Context, kind: ListKind) -> dict[str, Any] | None:
    """The filter or query of the chat's open list of this kind, if that is the open one."""
    state = ctx.desk.transport_state.get(STATE, ctx.inbound.chat_key)
    return state["params"] if state and state.get("list") == kind.name else None


def _show(ctx: Context, kind: ListKind, state: dict[str, Any], number: int) -> list[Outbound]:
    t = ctx.t
    params = state["params"]
    page = kind.fetch(ctx, params, state["cursors"][number])
    if not page.items and number == 0:
        ctx.desk.transport_state.put(STATE, ctx.inbound.chat_key, state)
        return [Outbound(kind.empty(ctx, params), kind.extra_rows(ctx, params))]
    if page.more and len(state["cursors"]) == number + 1:
        state["cursors"].append(page.next_cursor)
    ctx.desk.transport_state.put(STATE, ctx.inbound.chat_key, state)
    lines = kind.draw(ctx, params, page, number) if page.items else [t("list.page_empty")]
    rows = [[Button(item_label(ctx, kind.ticket_of(item)), buttons.show(kind.ticket_of(item).id))]
            for item in page.items]
    navigation = []
    if number > 0:
        navigation.append(Button(t("list.previous"), buttons.page(kind.name, state["token"], number - 1)))
    if page.more:
        navigation.append(Button(t("list.next"), buttons.page(kind.name, state["token"], number + 1)))
    if navigation:
        rows.append(navigation)
    return [Outbound("\n".join(lines), rows + kind.extra_rows(ctx, params))]


def item_label(ctx: Context, ticket: Ticket) -> str:
    return ctx.t("list.item", ref="#" + ctx.t.number(ticket.id), status=status_label(ctx.t, ticket.status))


def type_filter(ctx: Context, list_name: str, current: str | None) -> list[list[Button]]:
    """The request types as buttons (two a row), from REQUEST_TYPES; «همه» when one is chosen."""
    t = ctx.t
    choices = [Button(("✓ " if code == current else "") + type_label(t, code), buttons.filter_by(list_name, code))
               for code in REQUEST_TYPES]
    if current is not None:
        choices.append(Button(t("list.all_types"), buttons.filter_by(list_name, ALL_TYPES)))
    return [choices[i:i + 2] for i in range(0, len(choices), 2)]


def chosen_type(value: str) -> str | None | bool:
    """A filter button's type: a known code, None for «همه», False for anything else (forged)."""
    if value == ALL_TYPES:
        return None
    return value if value in REQUEST_TYPES else False
