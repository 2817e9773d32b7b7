"""The form draft and the prompt as frames on the chat's stack (bot/context.py).

A frame is the way of handling one kind of conversation kept in the chat's state; the form and
the prompts do the work (bot/conversations/form.py, prompts.py), the frame says what reaches
them. While a prompt is open, a typed line that is a command's word («تأیید ۲» after
`/reject 2`) is not taken as its answer unasked: the prompt asks whether it was meant, and
keeps the line meanwhile.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot import buttons
from bot.buttons import ButtonData
from bot.context import DRAFT, PROMPT, Context
from bot.conversations.form import FormConversation
from bot.conversations.prompts import Prompts, revision_of
from bot.events import Button, IncomingFile, Outbound
from bot.render.text import type_label
from core.text import isolate

# a prompt's line that looked like a command, kept until the person says what it was
TYPED = "typed"
ANSWER = "answer"  # the prompt's button: «yes, that is my answer»
DROP = "drop"  # «no»: the line is dropped and the question asked again


class FormFrame(FormConversation):
    """The form itself is the frame: what is typed goes straight to its step (FormConversation)."""

    kind = DRAFT
    buttons = frozenset({"field", "summary", "edit"})
    passes: frozenset[str] = frozenset()
    takes_words = True

    def ask(self, ctx: Context, draft: dict[str, Any], returning: bool = False) -> list[Outbound]:
        question = self.question(ctx, draft)
        if returning:  # back after something else: said so, so the next line is typed knowingly
            question.text = ctx.t("form.reminder") + "\n" + question.text
        return [question]

    def on_files(self, ctx: Context, draft: dict[str, Any], files: tuple[IncomingFile, ...],
                 caption: str = "") -> list[Outbound]:
        return super().on_files(ctx, draft, files)  # a caption is no answer to a files step

    def on_button(self, ctx: Context, draft: dict[str, Any], pressed: ButtonData,  # type: ignore[override]
                  on_top: bool = True) -> list[Outbound]:
        if not on_top:  # a prompt asked since: it has the person's next answer (the stack asks it again)
            return [Outbound(ctx.t("form.in_background", type=type_label(ctx.t, draft["type"])))]
        return super().on_button(ctx, draft, pressed)

    def closed_button(self, ctx: Context, pressed: ButtonData) -> list[Outbound]:
        return [Outbound(ctx.t("form.no_draft"))]  # a form button from a draft that no longer exists


class PromptFrame:
    """A prompt (bot/conversations/prompts.py) on the stack, asking before it takes a command's word."""

    kind = PROMPT
    buttons = frozenset({"prompt"})
    passes: frozenset[str] = frozenset()
    takes_words = True

    def __init__(self, prompts: Prompts, is_command: Callable[[str], bool]) -> None:
        self.prompts = prompts
        self.is_command = is_command  # whether a line starts with a command's word (bot/handlers/menu.py)

    def ask(self, ctx: Context, prompt: dict[str, Any], returning: bool = False) -> list[Outbound]:
        if TYPED in prompt:
            return [self._meant(ctx, prompt)]
        return [self.prompts.question(ctx, prompt)]

    def on_text(self, ctx: Context, prompt: dict[str, Any], text: str) -> list[Outbound]:
        if self.is_command(text):
            prompt[TYPED] = text
            ctx.set_prompt(prompt)
            return [self._meant(ctx, prompt)]
        if prompt.pop(TYPED, None) is not None:  # a new line: the one asked about is dropped
            ctx.set_prompt(prompt)
        return self.prompts.on_text(ctx, prompt, text)

    def _meant(self, ctx: Context, prompt: dict[str, Any]) -> Outbound:
        t, revision = ctx.t, revision_of(prompt)
        return Outbound(t("prompt.meant_command", line=isolate(prompt[TYPED])),
                        [[Button(t("prompt.meant_answer"), buttons.prompt(ANSWER, revision)),
                          Button(t("prompt.meant_not"), buttons.prompt(DROP, revision))]])

    def on_files(self, ctx: Context, prompt: dict[str, Any], files: tuple[IncomingFile, ...],
                 caption: str = "") -> list[Outbound]:
        replies = self.prompts.on_files(ctx, prompt, files)
        if caption and ctx.prompt is not None:
            replies += self.prompts.on_text(ctx, ctx.prompt, caption)
        return replies

    def on_button(self, ctx: Context, prompt: dict[str, Any], pressed: ButtonData, on_top: bool) -> list[Outbound]:
        choice, revision = pressed.args[0], _revision(pressed)
        if choice in (ANSWER, DROP) and revision == revision_of(prompt) and TYPED in prompt:
            typed = prompt.pop(TYPED)
            ctx.set_prompt(prompt)
            if choice == DROP:
                return [self.prompts.question(ctx, prompt)]
            return self.prompts.on_text(ctx, prompt, typed)
        return self.prompts.on_button(ctx, prompt, choice, revision)

    def closed_button(self, ctx: Context, pressed: ButtonData) -> list[Outbound]:
        return self.prompts.on_button(ctx, None, pressed.args[0], _revision(pressed))  # ended, or a confirmation's «no»

    def cancel(self, ctx: Context) -> list[Outbound]:
        ctx.set_prompt(None)
        return [Outbound(ctx.t("prompt.cancelled"))]

    def back(self, ctx: Context, prompt: dict[str, Any]) -> list[Outbound]:
        return [Outbound(ctx.t("prompt.no_back")), *self.ask(ctx, prompt)]


def _revision(pressed: ButtonData) -> int | None:
    return int(pressed.args[1]) if pressed.args[1] is not None else None
