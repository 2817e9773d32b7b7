"""One stack of conversations per chat: the form draft, a prompt, a /link step are frames on it.

The frame on top receives what is typed, sent or pressed for a conversation; when it ends, the
frame under it asks its question again, so the next line goes to it knowingly. Each frame's data
is kept in the chat's state under its kind (bot/context.py keeps the order, saved at once); the
frames here are the ways of handling that data, one object per kind, without state of their own.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Protocol

from bot.buttons import ButtonData
from bot.context import Context
from bot.events import IncomingFile, Outbound

# what a frame may leave to the frame under it (Frame.passes)
FILES = "files"
BACK = "back"
BUTTONS = "buttons"  # being the frame asking when a frame under it has its button pressed


class Frame(Protocol):
    """A kind of conversation on the stack. Each method gets the chat's context, reads and saves
    the frame's data there (ctx.state[kind]) and returns the replies."""

    kind: ClassVar[str]
    # the button kinds drawn by this frame (bot/buttons.py): pressed, they come to it
    buttons: ClassVar[frozenset[str]]
    # what it leaves to the frame under it: a /link step takes no files, has no step to go back to,
    # and draws no buttons (a form button pressed under it is the form's, as if it were on top)
    passes: ClassVar[frozenset[str]]
    # whether «انصراف» and «بازگشت» typed are commands to it (not for a /link password: any line is one)
    takes_words: ClassVar[bool]

    def question(self, ctx: Context, returning: bool = False) -> list[Outbound]:
        """Its open question; `returning`: asked again after something else (a reminder)."""
        ...

    def on_text(self, ctx: Context, text: str) -> list[Outbound]: ...

    def on_files(self, ctx: Context, files: tuple[IncomingFile, ...], caption: str) -> list[Outbound]: ...

    def on_button(self, ctx: Context, data: ButtonData, on_top: bool) -> list[Outbound]:
        """One of its buttons; `on_top`: no other frame is asking over it."""
        ...

    def closed_button(self, ctx: Context, data: ButtonData) -> list[Outbound]:
        """One of its buttons pressed when no frame of its kind is open."""
        ...

    def cancel(self, ctx: Context) -> list[Outbound]: ...

    def back(self, ctx: Context) -> list[Outbound]: ...


class Stack:
    """The frame kinds a chat may open, and which of them has the next word."""

    def __init__(self, frames: Iterable[Frame]) -> None:
        self.kinds: dict[str, Frame] = {frame.kind: frame for frame in frames}
        self.by_button = {kind: frame for frame in self.kinds.values() for kind in frame.buttons}

    def top(self, ctx: Context, taking: str | None = None) -> Frame | None:
        """The frame on top, or the topmost that takes `taking` (FILES, BACK, BUTTONS) itself."""
        for kind in reversed(ctx.frames):
            frame = self.kinds[kind]
            if taking not in frame.passes:
                return frame
        return None

    def asks_again(self, ctx: Context, returning: bool = True) -> list[Outbound]:
        """The top frame's question again (none open: nothing)."""
        frame = self.top(ctx)
        return self._ask(ctx, frame, returning) if frame is not None else []

    def returns(self, ctx: Context, before: list[str]) -> list[Outbound]:
        """After a step that ended the frame on top (answered, cancelled, set aside): the frame it
        uncovered asks again. A frame new on top asked its own question, and so did one saved or
        asked again in this step."""
        after = ctx.frames
        if not after or after[-1] in ctx.asked or not before or after[-1] == before[-1] or after[-1] not in before:
            return []
        return self.asks_again(ctx)

    def on_button(self, ctx: Context, data: ButtonData) -> list[Outbound]:
        """A frame's button: to it if open; the frame asking now, when another, asks again, so
        the next line goes to it knowingly."""
        frame = self.by_button[data.kind]
        asking = self.top(ctx, BUTTONS)
        if frame.kind not in ctx.frames:
            replies = frame.closed_button(ctx, data)
        else:
            replies = frame.on_button(ctx, data, on_top=asking is frame)
        if asking is not None and asking is not frame and asking.kind in ctx.frames and asking.kind not in ctx.asked:
            replies += self._ask(ctx, asking, returning=True)
        return replies

    @staticmethod
    def _ask(ctx: Context, frame: Frame, returning: bool) -> list[Outbound]:
        ctx.asked.add(frame.kind)
        return frame.question(ctx, returning)
