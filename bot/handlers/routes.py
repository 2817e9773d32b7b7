"""What each handler module answers, declared in one table the router reads.

A module lists its commands (typed with their slash, said as their Persian or English word, or
pressed in the menu: the same handler) and the kinds of button it draws (bot/buttons.py); the
router merges the tables and refuses two modules claiming the same name.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.buttons import ButtonData
from bot.context import Context
from bot.events import Outbound

Handler = Callable[[Context, str], list[Outbound]]  # a command: the context and the rest of the line
ButtonHandler = Callable[[Context, ButtonData], list[Outbound]]


@dataclass(frozen=True)
class Routes:
    commands: Mapping[str, Handler] = field(default_factory=dict)
    buttons: Mapping[str, ButtonHandler] = field(default_factory=dict)

    def __add__(self, other: Routes) -> Routes:
        for mine, theirs, what in ((self.commands, other.commands, "command"), (self.buttons, other.buttons, "button")):
            both = mine.keys() & theirs.keys()
            if both:
                raise ValueError(f"two handlers for the {what} {sorted(both)}")
        return Routes({**self.commands, **other.commands}, {**self.buttons, **other.buttons})
