"""The step-by-step request form: one question at a time, each answer checked on arrival.

The draft (core/forms/draft.py: step, values, attachment ids) is saved after every answer, so a
restart resumes exactly where the person was. Each step is a field of the request type's form
(core.forms), asked and checked the same way on every platform: the field's kind reads the answer
and its asker (bot/conversations/askers.py) draws the question's buttons; what is the same for every
kind (the field's check, the confirmation, the summary) is here.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot import buttons
from bot.buttons import ButtonData
from bot.context import DRAFT, Context, FileRead
from bot.conversations import file_step
from bot.conversations.askers import ASKERS
from bot.conversations.files import keep_files
from bot.events import Button, IncomingFile, Outbound
from bot.i18n import Translator
from bot.render.fields import field_value
from bot.render.text import input_value, recorded, render_line, status_label, ticket_ref, type_label
from core.forms import validators
from core.forms.definition import FormField
from core.forms.draft import EDIT_MENU, NOTHING, SUMMARY, Draft
from core.forms.kinds import StaleButton
from core.requests.hooks import AnswerRefused
from core.requests.registry import REQUEST_TYPES
from core.text import normalize_text


def version_of(data: dict[str, Any]) -> int:
    """The version a saved draft draws into its buttons (one saved before versions existed: 0)."""
    return Draft.from_json(data).button_version


class FormConversation:
    """Drives one draft; every public method returns the replies to send. The frame's methods
    (`on_text`, `on_button`, `on_files`, `back`) get the draft as the chat's state keeps it."""

    def start(self, ctx: Context, request_type: str) -> list[Outbound]:
        draft = Draft.new(request_type, REQUEST_TYPES[request_type].form.fields[0].id)
        self.save(ctx, draft)
        intro = Outbound(ctx.t("form.intro", type=type_label(ctx.t, request_type)))
        return [intro, self.question(ctx, draft)]

    @staticmethod
    def save(ctx: Context, draft: Draft) -> None:
        data = draft.to_json()
        ctx.set_draft(data)  # saved at once; every save bumps the version its buttons carry
        draft.version = data["version"]

    # -- questions -------------------------------------------------------------

    def question(self, ctx: Context, draft: Draft | dict[str, Any]) -> Outbound:
        """The message that asks for the draft's current step (a handler gives the saved draft)."""
        if isinstance(draft, dict):
            draft = Draft.from_json(draft)
        t = ctx.t
        if draft.step == SUMMARY:
            return self.summary(ctx, draft)
        if draft.step == EDIT_MENU:
            return self._edit_menu(ctx, draft)
        form = REQUEST_TYPES[draft.type].form
        field = form.field(draft.step)
        if draft.confirming:
            return self._confirm_question(ctx, draft, field)
        asker = ASKERS[type(field.kind)]
        shown = [f.id for f in form.shown_fields(draft.values)]
        n = shown.index(field.id) + 1 if field.id in shown else form.index(field.id) + 1
        # the request type's own wording where fields of two types share an id (form.ask_for.claim.contract)
        ask_key, hint_key = (t.first_key(f"form.{what}_for.{draft.type}.{field.id}", f"form.{what}.{field.id}")
                             for what in ("ask", "hint"))
        lines = [f"{t('form.position', n=n, total=len(shown))} {t(ask_key)}"]
        if t.has(hint_key):
            lines.append(t(hint_key, **asker.hint_params(ctx, field)))
        platform_hint = f"form.platform_hint.{ctx.inbound.platform}.{field.id}"
        if t.has(platform_hint):  # e.g. how to send a file from a terminal
            lines.append(t(platform_hint))
        current = draft.values.get(field.id)
        if current not in (None, "") and field.kind.shows_current:
            lines.append(t("form.current_value", value=field_value(t, field, current)))
        offered = asker.prefill(ctx, field)
        own_lines, own_buttons = asker.asks(ctx, draft, field)
        lines.extend(own_lines)
        lines.append(t("form.nav_hint"))
        prefill = ([[Button(t("form.use_name", name=offered), buttons.field(field.id, "prefill", draft.button_version))]]
                   if offered else [])
        return Outbound("\n".join(lines), prefill + own_buttons,
                        contact_label=t("form.share_contact") if field.kind.shares_contact else None)

    def _confirm_question(self, ctx: Context, draft: Draft, field: FormField) -> Outbound:
        """The checked value offered back: kept on yes, the question asked again on no."""
        t = ctx.t
        version = draft.button_version
        return Outbound(t("form.confirm_value", value=field_value(t, field, draft.pending)),
                        [[Button(t("form.confirm_yes"), buttons.field(field.id, "yes", version)),
                          Button(t("form.confirm_no"), buttons.field(field.id, "no", version))]])

    # -- answers ---------------------------------------------------------------

    def on_text(self, ctx: Context, data: dict[str, Any], text: str) -> list[Outbound]:
        draft = Draft.from_json(data)
        if not draft.at_question:
            return [Outbound(ctx.t("form.use_buttons")), self.question(ctx, draft)]
        if draft.confirming:
            typed = normalize_text(text).lower()
            if typed in _words(ctx, "common.yes"):
                return self._confirmed(ctx, draft, True)
            if typed in _words(ctx, "common.no"):
                return self._confirmed(ctx, draft, False)
            return [Outbound(ctx.t("form.use_buttons")), self.question(ctx, draft)]
        field = REQUEST_TYPES[draft.type].form.field(draft.step)
        return ASKERS[type(field.kind)].on_text(self, ctx, draft, field, text)

    def take(self, ctx: Context, draft: Draft, field: FormField, read: Callable[[], Any]) -> list[Outbound]:
        """The answer `read` makes (the field's kind reading a typed line or a press), checked by the
        field's named check, then kept (or offered back); a refusal is told and the question asked again."""
        try:
            value = read()
            if field.check is not None:  # the field's named check against the earlier answers and the desk's data
                value = ctx.desk.hooks.check(field.check, ctx.user, value, draft.values)
        except StaleButton:
            return self.stale(ctx, draft)
        except validators.ValidationError as error:
            return [Outbound(ctx.t(f"validation.{error.code}", **error.params)), self.question(ctx, draft)]
        except AnswerRefused as refused:
            return [self._refusal(ctx, refused), self.question(ctx, draft)]
        if field.confirm:  # offered back first, kept on yes
            draft.pending = value
            self.save(ctx, draft)
            return [self.question(ctx, draft)]
        draft.values[field.id] = value
        return self.advance(ctx, draft)

    def stale(self, ctx: Context, draft: Draft) -> list[Outbound]:
        """A button drawn for another state of the draft: what is there now is asked again."""
        return [Outbound(ctx.t("form.stale_button")), self.question(ctx, draft)]

    def _confirmed(self, ctx: Context, draft: Draft, yes: bool) -> list[Outbound]:
        """The answer to the value offered back (the step's field): kept on yes, asked again on no."""
        value, draft.pending = draft.pending, NOTHING
        if yes:
            draft.values[draft.step] = value
            return self.advance(ctx, draft)
        self.save(ctx, draft)
        return [self.question(ctx, draft)]

    @staticmethod
    def _refusal(ctx: Context, refused: AnswerRefused) -> Outbound:
        lines = [render_line(ctx.t, refused.headline)] + [render_line(ctx.t, p) for p in refused.problems]
        return Outbound("\n".join(lines))

    def on_button(self, ctx: Context, data: dict[str, Any], pressed: ButtonData) -> list[Outbound]:
        draft = Draft.from_json(data)
        if pressed.draft_version != draft.button_version:
            # drawn for an older state of the draft (another chat changed it since): what
            # the person saw is not what would be saved, so show what is there now
            return self.stale(ctx, draft)
        # the form's three buttons (FormFrame.buttons): each is good only at its own step
        by_button = {"summary": self._on_summary, "edit": self._on_edit, "field": self._on_field}
        return by_button.get(pressed.kind, self._stale_press)(ctx, draft, pressed)

    def _stale_press(self, ctx: Context, draft: Draft, pressed: ButtonData) -> list[Outbound]:
        return self.stale(ctx, draft)

    def _on_edit(self, ctx: Context, draft: Draft, pressed: ButtonData) -> list[Outbound]:
        if draft.step != EDIT_MENU or pressed.args[0] not in [f.id for f in REQUEST_TYPES[draft.type].form.fields]:
            return self.stale(ctx, draft)
        draft.step, draft.editing = pressed.args[0], True
        self.save(ctx, draft)
        return [self.question(ctx, draft)]

    def _on_field(self, ctx: Context, draft: Draft, pressed: ButtonData) -> list[Outbound]:
        if pressed.args[0] != draft.step or not draft.at_question:
            return self.stale(ctx, draft)
        value = pressed.args[1]
        if draft.confirming:
            if value not in ("yes", "no"):
                return self.stale(ctx, draft)
            return self._confirmed(ctx, draft, value == "yes")
        field = REQUEST_TYPES[draft.type].form.field(draft.step)
        offered = ASKERS[type(field.kind)].prefill(ctx, field) if value == "prefill" else None
        if offered is not None:
            draft.values[field.id] = offered
            return self.advance(ctx, draft)
        return ASKERS[type(field.kind)].on_press(self, ctx, draft, field, value)

    def on_files(self, ctx: Context, data: dict[str, Any], files: tuple[IncomingFile, ...]) -> list[Outbound]:
        """Files are kept whatever the step (nothing sent is dropped); at the files step they are the answer.
        At a `file` step the file is the answer: read by the field's parser, and kept only when good."""
        draft = Draft.from_json(data)
        field = REQUEST_TYPES[draft.type].form.field(draft.step) if draft.at_question else None
        if field is not None:
            answered = ASKERS[type(field.kind)].on_files(self, ctx, draft, field, files)
            if answered is not None:
                return answered
        before = len(draft.attachments)
        replies = keep_files(ctx, files, draft.attachments, ctx.config.forms.attachments_max_count,
                             "form.file_kept")
        if field is not None and not draft.confirming:
            replies = ASKERS[type(field.kind)].files_kept(ctx, draft, field, draft.attachments[before:], replies)
        self.save(ctx, draft)
        replies.append(self.question(ctx, draft))
        return replies

    def read_ahead(self, ctx: Context) -> FileRead | None:
        """The file the update sends, read by the parser of the draft's file step, if the draft in
        front waits for one (before the update's transaction: bot/conversations/file_step.py)."""
        if ctx.foreground != DRAFT or ctx.draft is None or not ctx.inbound.files:
            return None
        draft = Draft.from_json(ctx.draft)
        if draft.confirming or not draft.at_question:
            return None
        field = REQUEST_TYPES[draft.type].form.field(draft.step)
        return ASKERS[type(field.kind)].read_ahead(ctx, draft, field, ctx.inbound.files[0])

    def parsed_file(self, ctx: Context, draft: Draft, field: FormField, incoming: IncomingFile) -> list[Outbound]:
        """A file step's file: read by its parser (ahead, when it could be), checked, kept."""
        try:
            value = file_step.value(ctx, field, draft, incoming)
            if field.check is not None:
                value = ctx.desk.hooks.check(field.check, ctx.user, value, draft.values)
        except AnswerRefused as refused:
            return [self._refusal(ctx, refused), self.question(ctx, draft)]
        except validators.ValidationError as error:
            return [Outbound(ctx.t(f"validation.{error.code}", **error.params)), self.question(ctx, draft)]
        draft.values[field.id] = value
        replies = [Outbound(ctx.t("form.file_read", value=field_value(ctx.t, field, value)))]
        return replies + self.advance(ctx, draft)

    def advance(self, ctx: Context, draft: Draft) -> list[Outbound]:
        form = REQUEST_TYPES[draft.type].form
        values = draft.values
        following = form.next_field(draft.step, values)
        if draft.editing:
            # an edit may show fields not answered yet (a new endorsement kind): those are asked next
            missing = [f for f in form.shown_fields(values) if not f.optional and values.get(f.id) in (None, "")]
            draft.step, draft.editing = (missing[0].id if missing else SUMMARY), bool(missing)
        elif following is None:
            draft.step, draft.editing = SUMMARY, False
        else:
            draft.step = following.id
        self.save(ctx, draft)
        return [self.question(ctx, draft)]

    # -- navigation ------------------------------------------------------------

    def back(self, ctx: Context, data: dict[str, Any]) -> list[Outbound]:
        draft = Draft.from_json(data)
        form = REQUEST_TYPES[draft.type].form
        if draft.confirming:  # back from the confirmation: the question again
            draft.pending = NOTHING
            self.save(ctx, draft)
            return [self.question(ctx, draft)]
        if not draft.at_question:
            target = form.shown_fields(draft.values)[-1].id if draft.step == SUMMARY else SUMMARY
        elif draft.editing:
            target = SUMMARY
        else:
            previous = form.previous_field(draft.step, draft.values)
            if previous is None:
                return [Outbound(ctx.t("form.at_first_step")), self.question(ctx, draft)]
            target = previous.id
        draft.step, draft.editing = target, False
        self.save(ctx, draft)
        return [self.question(ctx, draft)]

    def cancel(self, ctx: Context) -> list[Outbound]:
        ctx.set_draft(None)
        return [Outbound(ctx.t("form.cancelled"))]

    # -- summary ---------------------------------------------------------------

    def summary(self, ctx: Context, draft: Draft) -> Outbound:
        t = ctx.t
        lines = [t("form.summary_title", type=type_label(t, draft.type))]
        for field in REQUEST_TYPES[draft.type].form.shown_fields(draft.values):
            value = draft.attachments if field.kind.holds_attachments else draft.values.get(field.id)
            lines.append(f"• {t(f'field.{field.id}')}: {field_value(t, field, value)}")
        lines.append(t("form.summary_question"))
        version = draft.button_version
        return Outbound(
            "\n".join(lines),
            [[Button(t("form.submit"), buttons.summary("submit", version)),
              Button(t("form.edit"), buttons.summary("edit", version)),
              Button(t("form.cancel"), buttons.summary("cancel", version))]],
        )

    def _edit_menu(self, ctx: Context, draft: Draft) -> Outbound:
        rows = [[Button(ctx.t(f"field.{f.id}"), buttons.edit(f.id, draft.button_version))]
                for f in REQUEST_TYPES[draft.type].form.shown_fields(draft.values)]
        return Outbound(ctx.t("form.edit_which"), rows)

    def _on_summary(self, ctx: Context, draft: Draft, pressed: ButtonData) -> list[Outbound]:
        if draft.step != SUMMARY:
            return self.stale(ctx, draft)
        choice = pressed.args[0]
        if choice == "cancel":
            return self.cancel(ctx)
        if choice == "edit":
            draft.step = EDIT_MENU
            self.save(ctx, draft)
            return [self.question(ctx, draft)]
        missing = [f for f in REQUEST_TYPES[draft.type].form.shown_fields(draft.values)
                   if not f.optional and draft.values.get(f.id) in (None, "")]
        if missing:  # a draft from an older form version may lack a field
            draft.step, draft.editing = missing[0].id, False
            self.save(ctx, draft)
            return [self.question(ctx, draft)]
        submitted = ctx.desk.tickets.submit(
            ctx.user,
            draft.type,
            draft.values,
            draft.attachments,
            chat_key=ctx.inbound.chat_key,
            origin=ctx.inbound.origin,
        )
        ticket = submitted.ticket
        ctx.forget_state()
        t = ctx.t
        # what the submission's effect kept (a claim's file number in the claims register)
        kept = recorded(ticket.request_type, submitted.entry.action, None, submitted.entry.inputs)
        notes = "".join(f"\n{t(f'input.{k}')}: {input_value(t, k, v)}" for k, v in kept.items())
        return [
            Outbound(
                t("form.submitted", ref=ticket_ref(t, ticket.id), status=status_label(t, ticket.status)) + notes,
                [[Button(t("button.show"), buttons.show(ticket.id)),
                  Button(t("button.comment"), buttons.comment(ticket.id))]],
                ticket_id=ticket.id,
            )
        ]


def _words(ctx: Context, *keys: str) -> set[str]:
    """What a person may type for a button: its word in their language and in Persian, lowercased."""
    return {normalize_text(tr(key)).lower() for key in keys for tr in (ctx.t, Translator("fa")) if tr.has(key)}
