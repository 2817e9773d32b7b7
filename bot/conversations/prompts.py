"""Short conversations that ask for what an action or a comment still needs.

A prompt sits in front of a form draft rather than replacing it, so an expert who
answers "/reject 12" mid-form, or a requester who comments, loses no draft: when
the prompt ends, the form's question comes back. Starting a form, or another
prompt, sets an open prompt aside and says so.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from bot import buttons
from bot.context import PROMPT_REVISION, Context
from bot.conversations import checklist
from bot.conversations.files import keep_files
from bot.errors import explain
from bot.events import Button, IncomingFile, Outbound
from bot.render.text import (
    action_label,
    input_value,
    recorded,
    render_line,
    shown_input,
    status_label,
    ticket_buttons,
    ticket_ref,
)
from core import errors
from core.forms import validators
from core.forms.kinds import Checklist
from core.models import Ticket
from core.requests.registry import REQUEST_TYPES
from core.text import isolate
from core.workflow.definition import ActionInput

ACTION = "action"
COMMENT = "comment"
RESUBMIT = "resubmit"
FIND = "find"  # what to search for (the menu's «جست‌وجو»): answered by the handler registered for it


def revision_of(prompt: dict[str, Any]) -> int:
    """The prompt's revision, drawn into its buttons (a prompt saved before revisions existed: 0)."""
    return prompt.get(PROMPT_REVISION, 0)


def _cancel_row(ctx: Context, prompt: dict[str, Any]) -> list[list[Button]]:
    return [[Button(ctx.t("prompt.cancel"), buttons.prompt("cancel", revision_of(prompt)))]]


def _send_cancel(ctx: Context, prompt: dict[str, Any]) -> list[list[Button]]:
    return [[Button(ctx.t("prompt.send"), buttons.prompt("send", revision_of(prompt))),
             Button(ctx.t("prompt.cancel"), buttons.prompt("cancel", revision_of(prompt)))]]


def _identity(prompt: dict[str, Any]) -> tuple[Any, ...]:
    return (prompt["mode"], prompt["ticket_id"], prompt.get("action"))


class Prompts:
    # prompt mode -> what handles its one answer (a handler registers it: prompts know no handler)
    answered_by: ClassVar[dict[str, Callable[[Context, str], list[Outbound]]]] = {}

    # -- starting --------------------------------------------------------------

    def set_aside(self, ctx: Context) -> list[Outbound]:
        """End the open prompt (and a /link step), if any, and say so: something else asks now."""
        notices = self._link_set_aside(ctx)
        prompt = ctx.prompt
        if prompt is None:
            return notices
        ctx.set_prompt(None)
        return [*notices, self._set_aside_notice(ctx, prompt)]

    @staticmethod
    def _link_set_aside(ctx: Context) -> list[Outbound]:
        return [Outbound(ctx.t("prompt.set_aside_link"))] if ctx.end_link() else []

    def _open(self, ctx: Context, prompt: dict[str, Any]) -> list[Outbound]:
        """Make `prompt` the one that asks; a different prompt (or a /link step) that was open is set aside."""
        notices = self._link_set_aside(ctx)
        if ctx.prompt is not None and _identity(ctx.prompt) != _identity(prompt):
            notices.append(self._set_aside_notice(ctx, ctx.prompt))
        ctx.set_prompt(prompt)
        return notices

    @staticmethod
    def _set_aside_notice(ctx: Context, prompt: dict[str, Any]) -> Outbound:
        t = ctx.t
        if prompt["mode"] == FIND:
            return Outbound(t("prompt.set_aside_find"))
        ref = ticket_ref(t, prompt["ticket_id"])
        if prompt["mode"] == ACTION:
            return Outbound(t("prompt.set_aside_action", ref=ref, action=action_label(t, prompt["action"])))
        return Outbound(t(f"prompt.set_aside_{prompt['mode']}", ref=ref))

    def act(
        self,
        ctx: Context,
        ticket_id: int,
        action: str,
        inputs: dict[str, Any] | None = None,
        version: int | None = None,
    ) -> list[Outbound]:
        """Take an action now, or ask for the first input it still needs."""
        if action == "resubmit":
            return self._start_resubmit(ctx, ticket_id, inputs or {}, version)
        origin = ctx.inbound.origin
        try:
            result = ctx.desk.tickets.act(ctx.user, ticket_id, action, inputs, version, origin=origin)
        except errors.MissingInput as missing:
            prompt = {"mode": ACTION, "ticket_id": ticket_id, "action": action,
                      "inputs": dict(inputs or {}), "version": version, "awaiting": missing.input.name}
            return [*self._open(ctx, prompt), self._ask_input(ctx, prompt, missing.input)]
        except errors.InvalidInput as invalid:
            spec: ActionInput = invalid.params["input"]
            kept = {k: v for k, v in (inputs or {}).items() if k != spec.name}
            prompt = {"mode": ACTION, "ticket_id": ticket_id, "action": action,
                      "inputs": kept, "version": version, "awaiting": spec.name}
            return [*self._open(ctx, prompt), Outbound(explain(ctx.t, invalid)), self._ask_input(ctx, prompt, spec)]
        given = {spec.name for spec in result.action.inputs}  # the actor typed those; the rest the effect made
        made = {k: v for k, v in recorded(result.ticket.request_type, result.entry.action, result.entry.from_status,
                                          result.entry.inputs).items() if k not in given}
        return [self._done(ctx, action, result.ticket, made)]

    def _done(self, ctx: Context, action: str, ticket: Ticket, recorded: dict[str, Any] | None = None) -> Outbound:
        """Say what happened (and what the action recorded: a contract number, a receipt), with the
        buttons of whatever the actor may do next on this ticket."""
        t = ctx.t
        pressed = ctx.inbound.button is not None
        notes = [f"{t(f'input.{k}')}: {input_value(t, k, v)}" for k, v in (recorded or {}).items()
                 if k not in ("comment", "attachment_ids", "files") and shown_input(k)]
        return Outbound(
            "\n".join([t("action.done", ref=ticket_ref(t, ticket.id), action=action_label(t, action),
                          status=status_label(t, ticket.status)), *notes]),
            ticket_buttons(t, ticket.id, ticket.version, ctx.desk.tickets.actions_for(ctx.user, ticket)),
            ticket_id=ticket.id,
            done_note=t("action.done_note", action=action_label(t, action), name=isolate(ctx.user.full_name))
            if pressed else None,
        )

    def ask(self, ctx: Context, mode: str) -> list[Outbound]:
        """A question answered by one line of text, handled by what registered for `mode`."""
        prompt = {"mode": mode, "ticket_id": 0}
        return [*self._open(ctx, prompt), self.question(ctx, prompt)]

    def comment(self, ctx: Context, ticket_id: int, text: str | None = None) -> list[Outbound]:
        ctx.desk.tickets.get_visible(ctx.user, ticket_id)  # refuses others' tickets before asking anything
        if text:
            return self._post_comment(ctx, ticket_id, text, [])
        prompt = {"mode": COMMENT, "ticket_id": ticket_id, "attachments": []}
        return [*self._open(ctx, prompt), self.question(ctx, prompt)]

    def _start_resubmit(self, ctx: Context, ticket_id: int, inputs: dict[str, Any], version: int | None):
        ticket = ctx.desk.tickets.check_allowed(ctx.user, ticket_id, "resubmit")  # before asking for anything
        prompt = {"mode": RESUBMIT, "ticket_id": ticket_id, "version": version,
                  "comment": (inputs.get("comment") or "").strip(), "attachments": []}
        spec = _checklist_input(ticket)
        if spec is not None:  # the documents still missing, each file ticked against its item
            prompt["checklist"] = {"input": spec.name, "state": checklist.new_state()}
        return [*self._open(ctx, prompt), self.question(ctx, prompt)]

    @staticmethod
    def _checklist_items(ctx: Context, prompt: dict[str, Any]) -> tuple[list[str], Any]:
        """The items still missing, as core says now, and how to name them."""
        ticket = ctx.desk.tickets.get_visible(ctx.user, prompt["ticket_id"])
        field = REQUEST_TYPES[ticket.request_type].form.field(prompt["checklist"]["input"])
        assert isinstance(field.kind, Checklist)
        items = ctx.desk.hooks.checklist(field.kind.name, ctx.user, ticket.fields, ticket)
        labels = {o.code: render_line(ctx.t, o.label) for o in items}
        return [o.code for o in items], lambda code: labels.get(code, code)

    # -- asking ----------------------------------------------------------------

    def question(self, ctx: Context, prompt: dict[str, Any]) -> Outbound:
        t = ctx.t
        if prompt["mode"] in self.answered_by:
            return Outbound(t(f"prompt.ask_{prompt['mode']}"), _cancel_row(ctx, prompt))
        ref = ticket_ref(t, prompt["ticket_id"])
        if prompt["mode"] == COMMENT:
            return Outbound(t("prompt.comment", ref=ref), _send_cancel(ctx, prompt) if prompt["attachments"] else
                            _cancel_row(ctx, prompt))
        if prompt["mode"] == RESUBMIT:
            text = t("prompt.resubmit", ref=ref, files=len(prompt["attachments"]),
                     has_comment=t("common.yes") if prompt["comment"] else t("common.no"))
            if "checklist" not in prompt:
                return Outbound(text, _send_cancel(ctx, prompt))
            codes, label = self._checklist_items(ctx, prompt)
            state = prompt["checklist"]["state"]
            rows = checklist.item_buttons(t, codes, state, label,
                                          lambda value: buttons.prompt(value, revision_of(prompt)))
            return Outbound("\n".join([*checklist.lines(t, codes, state, label), text]), rows + _send_cancel(ctx, prompt))
        spec = ActionInput(prompt["awaiting"], "")
        return self._ask_input(ctx, prompt, spec)

    def _ask_input(self, ctx: Context, prompt: dict[str, Any], spec: ActionInput) -> Outbound:
        t = ctx.t
        return Outbound(
            t("prompt.input", ref=ticket_ref(t, prompt["ticket_id"]), action=action_label(t, prompt["action"]),
              input=t(f"input.{spec.name}"), hint=t(f"input_hint.{spec.name}")),
            _cancel_row(ctx, prompt),
        )

    # -- answers ---------------------------------------------------------------

    def on_text(self, ctx: Context, prompt: dict[str, Any], text: str) -> list[Outbound]:
        if prompt["mode"] in self.answered_by:
            ctx.set_prompt(None)
            return self.answered_by[prompt["mode"]](ctx, text)
        if prompt["mode"] == COMMENT:
            return self._post_comment(ctx, prompt["ticket_id"], text, prompt["attachments"])
        if prompt["mode"] == RESUBMIT:
            prompt["comment"] = "\n".join(p for p in (prompt["comment"], text.strip()) if p)
            ctx.set_prompt(prompt)
            return [Outbound(ctx.t("prompt.comment_kept")), self.question(ctx, prompt)]
        inputs = {**prompt["inputs"], prompt["awaiting"]: text}
        ctx.set_prompt(None)
        return self.act(ctx, prompt["ticket_id"], prompt["action"], inputs, prompt["version"])

    def on_files(self, ctx: Context, prompt: dict[str, Any], files: tuple[IncomingFile, ...]) -> list[Outbound]:
        if prompt["mode"] not in (COMMENT, RESUBMIT):
            return [Outbound(ctx.t("prompt.files_not_expected")), self.question(ctx, prompt)]
        before = len(prompt["attachments"])
        replies = keep_files(ctx, files, prompt["attachments"], ctx.config.forms.attachments_max_count,
                             "prompt.file_kept")
        if "checklist" in prompt:  # ticked against the item pressed, or asked which item it is
            codes, label = self._checklist_items(ctx, prompt)
            said = checklist.receive(ctx.t, prompt["checklist"]["state"], prompt["attachments"][before:], label)
            replies = [Outbound(line) for line in said] or replies
        ctx.set_prompt(prompt)
        replies.append(self.question(ctx, prompt))
        return replies

    def on_button(self, ctx: Context, prompt: dict[str, Any] | None, choice: str,
                  revision: int | None) -> list[Outbound]:
        """`revision`: the prompt's revision the button was drawn for (None: a confirmation's «no»)."""
        if prompt is None:  # a prompt that has ended, or «no» to a confirmation
            ctx.set_prompt(None)
            return [Outbound(ctx.t("prompt.cancelled"))]
        if revision != revision_of(prompt):
            # drawn for a prompt set aside since, or before its last change: what the person
            # saw is not what is open now, so show that instead
            return [Outbound(ctx.t("prompt.stale_button")), self.question(ctx, prompt)]
        if choice == "cancel":
            ctx.set_prompt(None)
            return [Outbound(ctx.t("prompt.cancelled"))]
        if prompt["mode"] == COMMENT:
            return self._post_comment(ctx, prompt["ticket_id"], "", prompt["attachments"])
        if prompt["mode"] == RESUBMIT and choice.startswith(checklist.ITEM_PREFIX) and "checklist" in prompt:
            codes, label = self._checklist_items(ctx, prompt)
            code = checklist.item_of(choice, codes)
            if code is None:  # no longer missing, or forged
                return [Outbound(ctx.t("form.stale_button")), self.question(ctx, prompt)]
            said = checklist.press(ctx.t, prompt["checklist"]["state"], code, label)
            ctx.set_prompt(prompt)
            if prompt["checklist"]["state"]["awaiting"]:  # the question says which file is awaited
                return [self.question(ctx, prompt)]
            return [Outbound(said), self.question(ctx, prompt)]
        if prompt["mode"] == RESUBMIT and choice == "send":
            return self._send_resubmit(ctx, prompt)
        return [self.question(ctx, prompt)]

    def _send_resubmit(self, ctx: Context, prompt: dict[str, Any]) -> list[Outbound]:
        inputs = {"comment": prompt["comment"], "attachment_ids": prompt["attachments"]}
        if "checklist" in prompt:
            codes, _ = self._checklist_items(ctx, prompt)
            inputs[prompt["checklist"]["input"]] = checklist.value(codes, prompt["checklist"]["state"])
        try:
            result = ctx.desk.tickets.act(ctx.user, prompt["ticket_id"], "resubmit", inputs, prompt["version"],
                                          origin=ctx.inbound.origin)
        except errors.MissingInput:
            return [Outbound(ctx.t("prompt.resubmit_empty")), self.question(ctx, prompt)]
        except errors.InvalidInput as invalid:
            prompt["comment"] = ""
            ctx.set_prompt(prompt)
            return [Outbound(explain(ctx.t, invalid)), self.question(ctx, prompt)]
        ctx.set_prompt(None)
        return [self._done(ctx, "resubmit", result.ticket)]

    def _post_comment(self, ctx: Context, ticket_id: int, text: str, attachment_ids: list[int]) -> list[Outbound]:
        try:
            ctx.desk.tickets.comment(ctx.user, ticket_id, text, attachment_ids, origin=ctx.inbound.origin)
        except validators.ValidationError as error:
            return [Outbound(ctx.t(f"validation.{error.code}", **error.params))]
        ctx.set_prompt(None)
        return [Outbound(ctx.t("comment.sent", ref=ticket_ref(ctx.t, ticket_id)), ticket_id=ticket_id)]


def _checklist_input(ticket: Ticket) -> ActionInput | None:
    """The resubmit action's checklist input, when the ticket's workflow has one."""
    action = REQUEST_TYPES[ticket.request_type].workflow.action("resubmit", ticket.status)
    return next((spec for spec in (action.inputs if action else ()) if spec.kind == "checklist"), None)
