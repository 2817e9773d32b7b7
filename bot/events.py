"""The neutral events handlers see: one Inbound per platform update, Outbound replies.

Transports turn platform updates into Inbound and draw Outbound with their own
affordances (inline keyboards, message buttons, numbered lines). Handlers never
see a platform object; `raw` keeps the original for transports' own use.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from core.text import strip_controls

# Inbound.refused for a file over the desk's limit: the transport refused it unread (by the size the
# platform declares, or on the first byte past the limit), never cut to the limit and passed on
FILES_TOO_LARGE = "files.too_large"


@dataclass(frozen=True)
class IncomingFile:
    filename: str
    data: bytes
    declared_type: str | None = None  # what the platform claims; we check the bytes anyway

    def __post_init__(self) -> None:
        object.__setattr__(self, "filename", strip_controls(self.filename))


@dataclass(frozen=True)
class Inbound:
    platform: str
    chat_id: str  # where to answer
    sender_id: str  # the platform's id of the person
    text: str | None = None
    button: str | None = None  # button data when a button was pressed
    files: tuple[IncomingFile, ...] = ()
    reply_to: str | None = None  # platform id of the message this one answers
    message_id: str | None = None
    username: str | None = None  # the platform's username, when it has one
    # set by transports whose accounts are the directory's own (the console, Rocket.Chat
    # on AD accounts); people elsewhere are found through their linked chat account
    directory_username: str | None = None
    # a catalog key: the transport refused this input for a reason of its platform (e.g. a
    # shared contact that is not the sender's own); the person is told and asked again
    refused: str | None = None
    # the transport's inbox already has this update handled once (its handled mark commits
    # with the handling), so the router need not remember the message id as well
    deduplicated: bool = False
    raw: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        # whatever the platform, typed text reaches no handler with control characters in it
        if self.text is not None:
            object.__setattr__(self, "text", strip_controls(self.text))

    @property
    def chat_key(self) -> str:
        return f"{self.platform}:{self.chat_id}"

    @property
    def origin(self) -> tuple[str, str]:
        return (self.platform, self.chat_id)


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True)
class Menu:
    """The main menu a person keeps at hand (Telegram's reply keyboard, Rocket.Chat's message
    buttons, the console's numbered options), or, with no rows, its removal while free text
    is asked. `note`: a line to carry it when it cannot share a message with inline buttons."""

    rows: tuple[tuple[Button, ...], ...] = ()
    note: str = ""

    @property
    def hidden(self) -> bool:
        return not self.rows

    def all_buttons(self) -> list[Button]:
        return [b for row in self.rows for b in row]


@dataclass
class Outbound:
    text: str
    buttons: list[list[Button]] = field(default_factory=list)  # rows of buttons
    ticket_id: int | None = None  # a reply to this message comments on that ticket
    document: str | None = None  # path of a file to send with the message
    photo: str | None = None  # path of a picture (PNG) to show with the message, e.g. a chart
    # set when a button press carried out an action: who did what, one line; a platform
    # that can edit the pressed message shows it there in place of the buttons
    done_note: str | None = None
    # the question asks for the person's own phone number: a platform that can share
    # it with one tap (Telegram's request_contact) offers a button with this label (in the
    # person's language, so the transport need not look the person up)
    contact_label: str | None = None
    # the message this answers held a secret (a password): a platform that can delete a
    # person's message (Telegram's deleteMessage) deletes it at once
    delete_inbound: bool = False
    # show the main menu with this message, or hide it (None: leave it as it is)
    menu: Menu | None = None

    def all_buttons(self) -> list[Button]:
        return [b for row in self.buttons for b in row]

    def to_json(self) -> dict[str, Any]:
        """What sending it takes, as JSON (kept with its update until sent: the inbox)."""
        menu = None if self.menu is None else {"rows": _rows_to_json(self.menu.rows), "note": self.menu.note}
        return {"text": self.text, "buttons": _rows_to_json(self.buttons), "ticket_id": self.ticket_id,
                "document": self.document, "photo": self.photo, "contact_label": self.contact_label, "menu": menu}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outbound:
        menu = data.get("menu")
        return cls(text=data["text"], buttons=[list(row) for row in _rows_from_json(data.get("buttons", []))],
                   ticket_id=data.get("ticket_id"), document=data.get("document"), photo=data.get("photo"),
                   contact_label=data.get("contact_label"),
                   menu=None if menu is None else Menu(_rows_from_json(menu["rows"]), menu.get("note", "")))


def _rows_to_json(rows: Sequence[Sequence[Button]]) -> list[list[list[str]]]:
    return [[[b.label, b.data] for b in row] for row in rows]


def _rows_from_json(rows: list[list[list[str]]]) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(Button(label, data) for label, data in row) for row in rows)
