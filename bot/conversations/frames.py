"""The form draft and the prompt as frames on the chat's stack (bot/conversations/stack.py).

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
from bot.render import type_label
from core.text import isolate

# a prompt's line that looked like a command, kept until the person says what it was
TYPED = "typed"
ANSWER = "answer"  # the prompt's button: «yes, that is my answer»
DROP = "drop"  # «no»: the line is dropped and the question asked again


class FormFrame:
    kind = DRAFT
    buttons = frozenset({"field", "summary", "edit"})
    passes: frozenset[str] = frozenset()
    takes_words = True

    def __init__(self, form: FormConversation) -> None:
        self.form = form

    def question(self, ctx: Context, returning: bool = False) -> list[Outbound]:
        question = self.form.question(ctx, ctx.draft)
        if returning:  # back after something else: said so, so the next line is typed knowingly
            question.text = ctx.t("form.reminder") + "\n" + question.text
        return [question]

    def on_text(self, ctx: Context, text: str) -> list[Outbound]:
        return self.form.on_text(ctx, ctx.draft, text)

    def on_files(self, ctx: Context, files: tuple[IncomingFile, ...], caption: str) -> list[Outbound]:
        return self.form.on_files(ctx, ctx.draft, files)

    def on_button(self, ctx: Context, data: ButtonData, on_top: bool) -> list[Outbound]:
        if not on_top:  # a prompt asked since: it has the person's next answer (the stack asks it again)
            return [Outbound(ctx.t("form.in_background", type=type_label(ctx.t, ctx.draft["type"])))]
        return self.form.on_button(ctx, ctx.draft, data)

    def closed_button(self, ctx: Context, data: ButtonData) -> list[Outbound]:
        return [Outbound(ctx.t("form.no_draft"))]  # a form button from a draft that no longer exists

    def cancel(self, ctx: Context) -> list[Outbound]:
        return self.form.cancel(ctx)

    def back(self, ctx: Context) -> list[Outbound]:
        return self.form.back(ctx, ctx.draft)


class PromptFrame:
    kind = PROMPT
    buttons = frozenset({"prompt"})
    passes: frozenset[str] = frozenset()
    takes_words = True

    def __init__(self, prompts: Prompts, is_command: Callable[[str], bool]) -> None:
        self.prompts = prompts
        self.is_command = is_command  # whether a line starts with a command's word (bot/handlers/menu.py)

    def question(self, ctx: Context, returning: bool = False) -> list[Outbound]:
        prompt = ctx.prompt
        if TYPED in prompt:
            return [self._meant(ctx, prompt)]
        return [self.prompts.question(ctx, prompt)]

    def on_text(self, ctx: Context, text: str) -> list[Outbound]:
        prompt = ctx.prompt
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

    def on_files(self, ctx: Context, files: tuple[IncomingFile, ...], caption: str) -> list[Outbound]:
        replies = self.prompts.on_files(ctx, ctx.prompt, files)
        if caption and ctx.prompt is not None:
            replies += self.prompts.on_text(ctx, ctx.prompt, caption)
        return replies

    def on_button(self, ctx: Context, data: ButtonData, on_top: bool) -> list[Outbound]:
        choice, revision = data.args[0], _revision(data)
        prompt = ctx.prompt
        if choice in (ANSWER, DROP) and revision == revision_of(prompt) and TYPED in prompt:
            typed = prompt.pop(TYPED)
            ctx.set_prompt(prompt)
            if choice == DROP:
                return [self.prompts.question(ctx, prompt)]
            return self.prompts.on_text(ctx, prompt, typed)
        return self.prompts.on_button(ctx, prompt, choice, revision)

    def closed_button(self, ctx: Context, data: ButtonData) -> list[Outbound]:
        return self.prompts.on_button(ctx, None, data.args[0], _revision(data))  # ended, or a confirmation's «no»

    def cancel(self, ctx: Context) -> list[Outbound]:
        ctx.set_prompt(None)
        return [Outbound(ctx.t("prompt.cancelled"))]

    def back(self, ctx: Context) -> list[Outbound]:
        return [Outbound(ctx.t("prompt.no_back")), *self.question(ctx)]


def _revision(data: ButtonData) -> int | None:
    return int(data.args[1]) if data.args[1] is not None else None
