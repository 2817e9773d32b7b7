"""The outbox's notifications: one renderer per kind, in one registry.

Each room of rendering (text: the tickets'; insurance; operations) lists the kinds it draws in its
RENDERERS; they are gathered here and nowhere else, so no room imports another to draw its kinds
and a kind drawn twice fails the import, not a delivery.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.events import Outbound
from bot.i18n import Translator
from bot.render import insurance, operations, text
from core.models import OutboxMessage, User

Renderer = Callable[[Translator, OutboxMessage, "User | None"], Outbound]


def gathered(*rooms: Mapping[str, Renderer]) -> dict[str, Renderer]:
    """The rooms' renderers as one registry; a kind two rooms claim is a mistake of the code."""
    registry: dict[str, Renderer] = {}
    for room in rooms:
        for kind, renderer in room.items():
            if kind in registry:
                raise ValueError(f"two renderers for the notification kind {kind!r}")
            registry[kind] = renderer
    return registry


RENDERERS = gathered(text.RENDERERS, insurance.RENDERERS, operations.RENDERERS)


def notification(t: Translator, message: OutboxMessage, recipient: User | None) -> Outbound:
    """The message for one outbox row in its reader's language, with the buttons its recipient may use
    (recipient None: a shared channel; the buttons are those of the payload's role)."""
    return RENDERERS[message.kind](t, message, recipient)
