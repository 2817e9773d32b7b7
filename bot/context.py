"""What a handler gets for one inbound event: who, where, in which language, and the chat's state.

The chat's conversations are frames on one stack: the form draft, a prompt, a /link step. The
frame on top receives what is typed, sent or pressed for a conversation; when it ends, the frame
under it asks its question again, so the next line goes to it knowingly. Each frame's data is
kept in the chat's state under its kind, with the order of the stack, saved at once; a Frame is
the way of handling one kind (bot/conversations/frames.py, bot/handlers/identity.py), without
state of its own, and the Stack (built by the router) says which has the next word.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from bot.buttons import ButtonData
from bot.config import AppConfig
from bot.events import Inbound, IncomingFile, Outbound
from bot.i18n import Translator
from core.desk import Desk
from core.models import User
from core.people import PasswordCheck

# The chat's conversations are frames on one stack (bot/context.py): a form draft,
# a prompt, a /link step, at most one of each, each kept under its own key; STACK lists their
# keys bottom to top, and the top one receives what is typed.
DRAFT = "draft"
PROMPT = "prompt"
# a /link step (Telegram) waiting for a username, password or code: pushed on top of whatever
# was asking; whatever starts asking after it ends it (bot/handlers/identity.py)
LINK = "link"
STACK = "stack"
FRAME_KINDS = (DRAFT, PROMPT, LINK)
# the state's shape before the stack: which of draft and prompt had asked last (read, never written)
FOREGROUND = "foreground"
# a prompt's own version, drawn into its buttons ("version" in a prompt is the ticket's)
PROMPT_REVISION = "revision"
# a new draft's version (a prompt's revision) starts at a random number, so a button of an
# earlier one of this chat (submitted, cancelled, set aside) is not taken for the new one's
FIRST_VERSION_RANGE = 1_000_000


@dataclass(frozen=True)
class FileRead:
    """A file that answers a form's file step, read by the step's parser before the update's
    transaction (bot/handlers/router.py Bot.ahead): a large roster takes seconds, and no database
    lock is held meanwhile. Used only if the handling finds the draft still at that step."""

    parser: str
    file: IncomingFile
    value: Any = None
    refused: Exception | None = None  # AnswerRefused or ValidationError: told, and the question asked again


@dataclass
class Context:
    inbound: Inbound
    user: User
    t: Translator
    desk: Desk
    config: AppConfig
    state: dict[str, Any] = field(default_factory=dict)
    # set by a handler after which the main menu should be shown again (/start, a new language)
    show_menu: bool = False
    # the directory's word on the password this text answers a /link step with, asked before
    # the update's transaction (bot/handlers/identity.py check_ahead)
    password_check: PasswordCheck | None = None
    # the file this update sends, as the form's file step would read it, read before the transaction
    file_read: FileRead | None = None
    # the frames that put their question in front of the person in this update (each save does):
    # the stack asks none of them again (bot/context.py)
    asked: set[str] = field(default_factory=set)

    @property
    def draft(self) -> dict[str, Any] | None:
        return self.state.get(DRAFT)

    @property
    def prompt(self) -> dict[str, Any] | None:
        return self.state.get(PROMPT)

    @property
    def frames(self) -> list[str]:
        """The keys of the open conversations, bottom to top (the top one receives what is typed)."""
        stored = self.state.get(STACK)
        order = [k for k in stored if k in FRAME_KINDS] if isinstance(stored, list) else _order_before_stack(self.state)
        missing = [k for k in FRAME_KINDS if k not in order]  # kept by hand (a NO_USER /link step)
        return [k for k in missing + order if self.state.get(k) is not None]

    @property
    def foreground(self) -> str | None:
        """DRAFT or PROMPT: the topmost form or prompt (what hides the main menu), None: none open."""
        return next((k for k in reversed(self.frames) if k != LINK), None)

    def set_draft(self, draft: dict[str, Any] | None) -> None:
        """Save the draft (every saved change bumps its version), pushed on the stack when new;
        None ends it."""
        self._set(DRAFT, draft, "version")

    def set_prompt(self, prompt: dict[str, Any] | None) -> None:
        """Save the prompt (every saved change bumps its revision, as a draft's version), pushed
        on the stack when new (over the draft, which waits under it); None ends it."""
        self._set(PROMPT, prompt, PROMPT_REVISION)

    def set_link(self, step: dict[str, Any]) -> None:
        """Save the /link step, pushed on top of whatever was asking when new."""
        self._set(LINK, step)

    def end_link(self) -> bool:
        """End a /link step waiting for its answer; True if one was open."""
        if self.state.get(LINK) is None:
            return False
        self._set(LINK, None)
        return True

    def forget_state(self) -> None:
        """The state was already removed in core's own transaction (e.g. on submit)."""
        self.state = {}

    def _set(self, key: str, value: dict[str, Any] | None, version: str | None = None) -> None:
        """Save the frame's data, pushed on the stack when new; None ends it. `version`: the key of
        the number its buttons carry, bumped by every saved change, so that one drawn before the last
        change is refused as stale; a new conversation starts at a random number, so a button of an
        earlier one is not taken for one of the new one's."""
        order = self.frames
        if value is None:
            self.state.pop(key, None)
            order = [k for k in order if k != key]
        else:
            if version is not None:
                current = value.get(version)
                value[version] = current + 1 if isinstance(current, int) else secrets.randbelow(FIRST_VERSION_RANGE) + 1
            self.state[key] = value
            self.asked.add(key)
            if key not in order:
                order.append(key)
        self.state.pop(FOREGROUND, None)
        self.state[STACK] = order
        # saved at once: a crash right after this answer must not lose what was typed
        if any(self.state.get(k) is not None for k in FRAME_KINDS):
            self.desk.conversations.put(self.inbound.chat_key, self.user.id, self.state)
        else:
            self.desk.conversations.clear(self.inbound.chat_key)


def _order_before_stack(state: dict[str, Any]) -> list[str]:
    """A state saved before the stack (someone mid-form when the desk was upgraded): the draft and
    the prompt, the one named `foreground` on top (none named: the prompt, which was answered
    first), and a /link step over both (it took the next line before anything else)."""
    named = state.get(FOREGROUND)
    top = named if named in (DRAFT, PROMPT) and state.get(named) is not None else PROMPT
    return [k for k in (DRAFT, PROMPT) if k != top] + [top, LINK]


# -- the stack ---------------------------------------------------------------------------

# what a frame may leave to the frame under it (Frame.passes)
FILES = "files"
BACK = "back"
BUTTONS = "buttons"  # being the frame asking when a frame under it has its button pressed


class Frame(Protocol):
    """A kind of conversation on the stack. Each method gets the chat's context and the frame's
    data (ctx.state[kind]), saves what changes through the context and returns the replies."""

    kind: ClassVar[str]
    # the button kinds drawn by this frame (bot/buttons.py): pressed, they come to it
    buttons: ClassVar[frozenset[str]]
    # what it leaves to the frame under it: a /link step takes no files, has no step to go back to,
    # and draws no buttons (a form button pressed under it is the form's, as if it were on top)
    passes: ClassVar[frozenset[str]]
    # whether «انصراف» and «بازگشت» typed are commands to it (not for a /link password: any line is one)
    takes_words: ClassVar[bool]

    def ask(self, ctx: Context, data: dict[str, Any], returning: bool = False) -> list[Outbound]:
        """Its open question; `returning`: asked again after something else (a reminder)."""
        ...

    def on_text(self, ctx: Context, data: dict[str, Any], text: str) -> list[Outbound]: ...

    def on_files(self, ctx: Context, data: dict[str, Any], files: tuple[IncomingFile, ...],
                 caption: str = "") -> list[Outbound]: ...

    def on_button(self, ctx: Context, data: dict[str, Any], pressed: ButtonData, on_top: bool) -> list[Outbound]:
        """One of its buttons; `on_top`: no other frame is asking over it."""
        ...

    def closed_button(self, ctx: Context, pressed: ButtonData) -> list[Outbound]:
        """One of its buttons pressed when no frame of its kind is open."""
        ...

    def cancel(self, ctx: Context) -> list[Outbound]: ...

    def back(self, ctx: Context, data: dict[str, Any]) -> list[Outbound]: ...


class Stack:
    """The frame kinds a chat may open, and which of them has the next word."""

    def __init__(self, frames: Iterable[Frame], word_of: Callable[[str, tuple[str, ...]], str | None]) -> None:
        self.kinds: dict[str, Frame] = {frame.kind: frame for frame in frames}
        self.by_button = {kind: frame for frame in self.kinds.values() for kind in frame.buttons}
        self.word_of = word_of  # which command a line is one of the own words of (bot/handlers/menu.py)

    def top(self, ctx: Context, taking: str | None = None) -> Frame | None:
        """The frame on top, or the topmost that takes `taking` (FILES, BACK, BUTTONS) itself."""
        for kind in reversed(ctx.frames):
            frame = self.kinds[kind]
            if taking not in frame.passes:
                return frame
        return None

    def on_text(self, ctx: Context, text: str) -> list[Outbound] | None:
        """The line for the frame on top (None: no conversation is open). The words for cancel
        and back are commands to it, but not to a /link step, whose line may be a password."""
        frame = self.top(ctx)
        if frame is None:
            return None
        if frame.takes_words:
            if not text:
                return [Outbound(ctx.t("common.empty_message"))]
            word = self.word_of(text, ("cancel", "back"))
            if word == "cancel":  # «انصراف» mid-question
                return self.cancel(ctx)
            if word == "back":
                return self.back(ctx)
        return frame.on_text(ctx, ctx.state[frame.kind], text)

    def on_files(self, ctx: Context, files: tuple[IncomingFile, ...], caption: str) -> list[Outbound] | None:
        """Files for the topmost frame that takes files (None: none open)."""
        frame = self.top(ctx, FILES)
        return frame.on_files(ctx, ctx.state[frame.kind], files, caption) if frame is not None else None

    def cancel(self, ctx: Context) -> list[Outbound] | None:
        """End the frame on top (None: none open); the one under it asks again (returns)."""
        frame = self.top(ctx)
        return frame.cancel(ctx) if frame is not None else None

    def back(self, ctx: Context) -> list[Outbound] | None:
        frame = self.top(ctx, BACK)
        return frame.back(ctx, ctx.state[frame.kind]) if frame is not None else None

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
            replies = frame.on_button(ctx, ctx.state[frame.kind], data, on_top=asking is frame)
        if asking is not None and asking is not frame and asking.kind in ctx.frames and asking.kind not in ctx.asked:
            replies += self._ask(ctx, asking, returning=True)
        return replies

    @staticmethod
    def _ask(ctx: Context, frame: Frame, returning: bool) -> list[Outbound]:
        ctx.asked.add(frame.kind)
        return frame.ask(ctx, ctx.state[frame.kind], returning)
