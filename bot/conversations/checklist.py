"""A documents checklist in chat: each file sent is ticked off against one item.

Used by a form's ``checklist`` field and by the resubmission of a returned request whose
form has one. The state is a plain dict kept in the draft or the prompt:

    {"ticked": {code: attachment_id}, "awaiting": code | None, "unassigned": [attachment_id]}

The person presses an item, then sends its file; or sends a file first and is asked
which item it is. Either way nothing sent is dropped. The items come from core (the
named checklist, core.requests.hooks) each time, never from the button: a button
carries only the item's position in that list. ``label`` names an item for the reader.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bot.events import Button
from bot.i18n import Translator

ITEM_PREFIX = "d"  # button value "d3": the fourth item of the checklist
Label = Callable[[str], str]


def new_state(ticked: dict[str, int] | None = None) -> dict[str, Any]:
    return {"ticked": dict(ticked or {}), "awaiting": None, "unassigned": []}


def missing(codes: Sequence[str], state: dict[str, Any]) -> list[str]:
    return [code for code in codes if code not in state["ticked"]]


def lines(t: Translator, codes: Sequence[str], state: dict[str, Any], label: Label) -> list[str]:
    """The checklist with what has come and what is still missing."""
    if not codes:
        return [t("checklist.none")]
    out = [t("checklist.title")]
    for code in codes:
        key = "checklist.ticked_line" if code in state["ticked"] else "checklist.missing_line"
        out.append(t(key, document=label(code)))
    if not missing(codes, state):
        out.append(t("checklist.complete"))
    if state["unassigned"]:
        out.append(t("checklist.which_item"))
    elif state.get("awaiting"):
        out.append(t("checklist.send_item", document=label(state["awaiting"])))
    return out


def item_buttons(t: Translator, codes: Sequence[str], state: dict[str, Any], label: Label,
                 data: Callable[[str], str]) -> list[list[Button]]:
    """One button per item still missing; ``data`` makes the button data from its value."""
    return [[Button(t("checklist.item_button", document=label(code)), data(f"{ITEM_PREFIX}{codes.index(code)}"))]
            for code in missing(codes, state)]


def item_of(value: str, codes: Sequence[str]) -> str | None:
    """The item a pressed button names, when it is still on the list (else a stale or forged button)."""
    if not (value.startswith(ITEM_PREFIX) and value[1:].isdigit()):
        return None
    index = int(value[1:])
    return codes[index] if index < len(codes) else None


def press(t: Translator, state: dict[str, Any], code: str, label: Label) -> str:
    """An item pressed: a file waiting for its item is ticked against it, else the next file will be."""
    if state["unassigned"]:
        state["ticked"][code] = state["unassigned"].pop(0)
        return t("checklist.ticked", document=label(code))
    state["awaiting"] = code
    return t("checklist.send_item", document=label(code))


def receive(t: Translator, state: dict[str, Any], attachment_ids: Sequence[int], label: Label) -> list[str]:
    """Files kept: the first goes to the item pressed, if any; the others wait to be named."""
    said = []
    for attachment_id in attachment_ids:
        code = state.get("awaiting")
        if code:
            state["ticked"][code] = attachment_id
            state["awaiting"] = None
            said.append(t("checklist.ticked", document=label(code)))
        else:
            state["unassigned"].append(attachment_id)
    return said


def value(codes: Sequence[str], state: dict[str, Any]) -> dict[str, int]:
    """What is stored: the items of the current checklist that were ticked (a changed claim
    type leaves the others out)."""
    return {code: attachment_id for code, attachment_id in state["ticked"].items() if code in codes}
