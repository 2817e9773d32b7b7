"""The step-by-step request form: one question at a time, each answer checked on arrival.

The draft (step, values, attachment ids) is saved after every answer, so a
restart resumes exactly where the person was. Each step is a field of the
request type's form (core.forms), asked and checked the same way on every
platform.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot import buttons
from bot.buttons import ButtonData
from bot.context import DRAFT, Context, FileRead
from bot.conversations import checklist, file_step
from bot.conversations.files import keep_files
from bot.events import Button, IncomingFile, Outbound
from bot.i18n import LANGUAGES, Translator
from bot.render.text import field_value, input_value, recorded, render_line, status_label, ticket_ref, type_label
from core.forms import validators
from core.forms.definition import FormField
from core.jalali import now_jalali, to_iso, today_jalali
from core.requests.hooks import AnswerRefused, Option
from core.requests.registry import REQUEST_TYPES
from core.text import normalize_text

SUMMARY = "_summary"
EDIT_MENU = "_edit"
PENDING = "pending"  # a checked value offered back for confirmation (FormField.confirm)
CHECKLISTS = "checklists"  # the state of each checklist field (bot/conversations/checklist.py)


def new_draft(request_type: str) -> dict[str, Any]:
    first = REQUEST_TYPES[request_type].form.fields[0]
    return {"type": request_type, "step": first.id, "values": {}, "attachments": [], "editing": False}


def version_of(draft: dict[str, Any]) -> int:
    """The draft's version, drawn into its buttons (a draft saved before versions existed: 0)."""
    return draft.get("version", 0)


class FormConversation:
    """Drives one draft; every public method returns the replies to send."""

    def start(self, ctx: Context, request_type: str) -> list[Outbound]:
        draft = new_draft(request_type)
        ctx.set_draft(draft)
        intro = Outbound(ctx.t("form.intro", type=type_label(ctx.t, request_type)))
        return [intro, self.question(ctx, draft)]

    # -- questions -------------------------------------------------------------

    def question(self, ctx: Context, draft: dict[str, Any]) -> Outbound:
        """The message that asks for the draft's current step."""
        t = ctx.t
        if draft["step"] == SUMMARY:
            return self.summary(ctx, draft)
        if draft["step"] == EDIT_MENU:
            return self._edit_menu(ctx, draft)
        form = REQUEST_TYPES[draft["type"]].form
        field = form.field(draft["step"])
        if PENDING in draft:
            return self._confirm_question(ctx, draft, field)
        shown = [f.id for f in form.shown_fields(draft["values"])]
        n = shown.index(field.id) + 1 if field.id in shown else form.index(field.id) + 1
        position = t("form.position", n=n, total=len(shown))
        lines = [f"{position} {t(_asked(t, draft['type'], 'ask', field.id))}"]
        hint_key = _asked(t, draft["type"], "hint", field.id)
        if t.has(hint_key):
            lines.append(t(hint_key, **self._hint_params(ctx, field)))
        platform_hint = f"form.platform_hint.{ctx.inbound.platform}.{field.id}"
        if t.has(platform_hint):  # e.g. how to send a file from a terminal
            lines.append(t(platform_hint))
        current = draft["values"].get(field.id)
        if current not in (None, "") and field.kind not in ("files", "checklist"):
            lines.append(t("form.current_value", value=field_value(t, field, current)))
        if field.kind == "checklist":
            items, state = self._checklist(ctx, draft, field)
            lines.extend(checklist.lines(t, [o.code for o in items], state, _labeller(ctx, items)))
        if field.dynamic_source and not self._options(ctx, field, draft):
            lines.append(t("form.no_options"))
        lines.append(t("form.nav_hint"))
        return Outbound("\n".join(lines), self._field_buttons(ctx, draft, field),
                        contact_label=t("form.share_contact") if field.validator == "mobile" else None)

    def _hint_params(self, ctx: Context, field: FormField) -> dict[str, Any]:
        if field.id == "description":
            return {"max": ctx.config.forms.description_max_length}
        if field.kind in ("files", "checklist"):
            return {"max_mb": ctx.config.forms.attachment_max_mb, "max_count": ctx.config.forms.attachments_max_count}
        return {}

    def _confirm_question(self, ctx: Context, draft: dict[str, Any], field: FormField) -> Outbound:
        """The checked value offered back: kept on yes, the question asked again on no."""
        t = ctx.t
        version = version_of(draft)
        return Outbound(t("form.confirm_value", value=field_value(t, field, draft[PENDING])),
                        [[Button(t("form.confirm_yes"), buttons.field(field.id, "yes", version)),
                          Button(t("form.confirm_no"), buttons.field(field.id, "no", version))]])

    def _checklist(self, ctx: Context, draft: dict[str, Any], field: FormField) -> tuple[list[Option], dict]:
        """The checklist's items as core gives them for the answers so far, and what was ticked."""
        assert field.checklist is not None
        items = list(ctx.desk.hooks.checklist(field.checklist, ctx.user, draft["values"]))
        states = draft.setdefault(CHECKLISTS, {})
        if field.id not in states:
            states[field.id] = checklist.new_state(draft["values"].get(field.id))
        return items, states[field.id]

    def _field_buttons(self, ctx: Context, draft: dict[str, Any], field: FormField) -> list[list[Button]]:
        t = ctx.t
        version = version_of(draft)
        offered = self._prefill(ctx, field)
        prefill = ([[Button(t("form.use_name", name=offered), buttons.field(field.id, "prefill", version))]]
                   if offered else [])
        if field.kind == "choice" and field.dynamic_source:
            # the option's own code in the button: checked against the person's data again when pressed
            options = ctx.desk.hooks.options(field.dynamic_source, ctx.user, draft["values"])
            return [[Button(render_line(t, o.label), buttons.field(field.id, o.code, version))] for o in options]
        if field.kind == "choice":
            return prefill + [[Button(label, buttons.field(field.id, str(i), version))]
                              for i, label in enumerate(self._labels(ctx, field, draft))]
        if field.kind == "date":
            return [[Button(t("form.today"), buttons.field(field.id, "today", version)),
                     Button(t("form.yesterday"), buttons.field(field.id, "yesterday", version))]]
        if field.kind == "files":
            count = len(draft["attachments"])
            label = t("form.files_done", count=count) if count else t("form.files_skip")
            return [[Button(label, buttons.field(field.id, "done", version))]]
        if field.kind == "checklist":
            items, state = self._checklist(ctx, draft, field)
            codes = [o.code for o in items]
            rows = checklist.item_buttons(t, codes, state, _labeller(ctx, items),
                                          lambda value: buttons.field(field.id, value, version))
            count = len(checklist.value(codes, state))
            done = t("form.files_done", count=count) if count else t("form.checklist_later")
            return rows + [[Button(done, buttons.field(field.id, "done", version))]]
        return prefill

    def _prefill(self, ctx: Context, field: FormField) -> str | None:
        """What the user's record (the directory's name, mobile, unit) offers for this field, when valid."""
        user = ctx.user
        if field.prefill and field.prefill.startswith("hook:"):
            return ctx.desk.hooks.prefill(field.prefill.split(":", 1)[1], user)
        try:
            if field.prefill == "directory_name" and user.full_name:
                return validators.full_name(user.full_name)
            if field.prefill == "directory_mobile" and user.mobile:
                return validators.mobile(user.mobile)
        except validators.ValidationError:
            return None
        if field.prefill == "directory_unit" and user.unit in self._options(ctx, field, {}):
            return user.unit  # a department matching none of the configured units is not offered
        return None

    def _options(self, ctx: Context, field: FormField, draft: dict[str, Any]) -> list[str]:
        """Stored values of a choice field, in the order shown."""
        if field.dynamic_source:  # from the person's own data, as it is now
            values = draft.get("values", {}) if draft else {}
            return [o.code for o in ctx.desk.hooks.options(field.dynamic_source, ctx.user, values)]
        if field.options_source and field.options_source.startswith("config:"):
            return list(getattr(ctx.config.forms, field.options_source.split(":", 1)[1]))
        return list(field.fixed_options)

    def _labels(self, ctx: Context, field: FormField, draft: dict[str, Any]) -> list[str]:
        if field.dynamic_source:
            values = draft.get("values", {}) if draft else {}
            return [render_line(ctx.t, o.label) for o in ctx.desk.hooks.options(field.dynamic_source, ctx.user, values)]
        if field.options_source == "fixed":
            return [ctx.t(f"{field.id}.{code}") for code in field.fixed_options]
        return self._options(ctx, field, draft)

    # -- answers ---------------------------------------------------------------

    def on_text(self, ctx: Context, draft: dict[str, Any], text: str) -> list[Outbound]:
        step = draft["step"]
        if step in (SUMMARY, EDIT_MENU):
            return [Outbound(ctx.t("form.use_buttons")), self.question(ctx, draft)]
        field = REQUEST_TYPES[draft["type"]].form.field(step)
        typed = normalize_text(text).lower()
        if PENDING in draft:
            if typed in _words(ctx, "common.yes"):
                return self._confirmed(ctx, draft, field, True)
            if typed in _words(ctx, "common.no"):
                return self._confirmed(ctx, draft, field, False)
            return [Outbound(ctx.t("form.use_buttons")), self.question(ctx, draft)]
        if field.kind in ("files", "checklist"):
            if typed in {ctx.t("form.done_word"), "done", "/done"}:
                return self._files_done(ctx, draft, field)
            return [Outbound(ctx.t("form.files_expected")), self.question(ctx, draft)]
        try:
            value = self._checked(ctx, field, draft, self._validate(ctx, field, draft, text))
        except validators.ValidationError as error:
            return [Outbound(ctx.t(f"validation.{error.code}", **error.params)), self.question(ctx, draft)]
        except AnswerRefused as refused:
            return [self._refusal(ctx, refused), self.question(ctx, draft)]
        return self._answered(ctx, draft, field, value)

    def _answered(self, ctx: Context, draft: dict[str, Any], field: FormField, value: Any) -> list[Outbound]:
        """Keep the answer and go on; a field with ``confirm`` first offers the value back."""
        if field.confirm:
            draft[PENDING] = value
            ctx.set_draft(draft)
            return [self.question(ctx, draft)]
        draft["values"][field.id] = value
        return self._advance(ctx, draft)

    def _confirmed(self, ctx: Context, draft: dict[str, Any], field: FormField, yes: bool) -> list[Outbound]:
        value = draft.pop(PENDING)
        if yes:
            draft["values"][field.id] = value
            return self._advance(ctx, draft)
        ctx.set_draft(draft)
        return [self.question(ctx, draft)]

    def _files_done(self, ctx: Context, draft: dict[str, Any], field: FormField) -> list[Outbound]:
        if field.kind == "checklist":
            items, state = self._checklist(ctx, draft, field)
            draft["values"][field.id] = checklist.value([o.code for o in items], state)
        return self._advance(ctx, draft)

    @staticmethod
    def _checked(ctx: Context, field: FormField, draft: dict[str, Any], value: Any) -> Any:
        """The field's named check against the earlier answers and the desk's data, if it has one."""
        if field.check is None:
            return value
        return ctx.desk.hooks.check(field.check, ctx.user, value, draft["values"])

    @staticmethod
    def _refusal(ctx: Context, refused: AnswerRefused) -> Outbound:
        lines = [render_line(ctx.t, refused.headline)] + [render_line(ctx.t, p) for p in refused.problems]
        return Outbound("\n".join(lines))

    def _validate(self, ctx: Context, field: FormField, draft: dict[str, Any], text: str) -> Any:
        if field.kind == "choice":
            options = self._options(ctx, field, draft)
            labels = self._labels(ctx, field, draft)
            typed = normalize_text(text)
            if typed.isdigit() and 1 <= int(typed) <= len(options):
                return options[int(typed) - 1]  # the number of a numbered option
            choices = [(code, [label, *self._other_language_labels(field, code)])
                       for code, label in zip(options, labels)]
            return validators.choice(text, choices)
        if field.kind == "date":
            days_ago = self._relative_day(ctx, text)
            if days_ago is not None:  # the button labels, typed
                return to_iso(today_jalali(ctx.desk.clock()) - timedelta(days=days_ago))
            validate_date = getattr(validators, field.validator)  # incident_date (not in the future), any_date
            return to_iso(validate_date(text, today_jalali(ctx.desk.clock())))
        if field.kind == "money":
            return validators.amount_rials(text)
        if field.kind == "datetime":  # "YYYY-MM-DDTHH:MM", Tehran's wall clock
            day, hour, minute = getattr(validators, field.validator)(text, now_jalali(ctx.desk.clock()))
            return f"{to_iso(day)}T{hour:02d}:{minute:02d}"
        if field.validator == "description":
            return validators.description(text, ctx.config.forms.description_max_length)
        return getattr(validators, field.validator)(text)

    @staticmethod
    def _relative_day(ctx: Context, text: str) -> int | None:
        """«امروز» 0, «دیروز» 1 (and today/yesterday in English), as the date buttons say; else None."""
        typed = normalize_text(text).lower()
        for days_ago, key in ((0, "form.today"), (1, "form.yesterday")):
            if typed in {ctx.t(key).lower(), Translator("fa")(key)}:
                return days_ago
        return None

    @staticmethod
    def _other_language_labels(field: FormField, code: str) -> list[str]:
        """A fixed choice typed in any of our languages is understood."""
        if field.options_source != "fixed":
            return []
        return [Translator(lang)(f"{field.id}.{code}") for lang in LANGUAGES]

    def on_button(self, ctx: Context, draft: dict[str, Any], data: ButtonData) -> list[Outbound]:
        form = REQUEST_TYPES[draft["type"]].form
        if data.draft_version != version_of(draft):
            # drawn for an older state of the draft (another chat changed it since): what
            # the person saw is not what would be saved, so show what is there now
            return [Outbound(ctx.t("form.stale_button")), self.question(ctx, draft)]
        if data.kind == "summary" and draft["step"] == SUMMARY:
            return self._on_summary(ctx, draft, data.args[0])
        if data.kind == "edit" and draft["step"] == EDIT_MENU and data.args[0] in [f.id for f in form.fields]:
            draft.update(step=data.args[0], editing=True)
            ctx.set_draft(draft)
            return [self.question(ctx, draft)]
        if data.kind != "field" or data.args[0] != draft["step"]:
            return [Outbound(ctx.t("form.stale_button")), self.question(ctx, draft)]
        field = form.field(draft["step"])
        value = data.args[1]
        if PENDING in draft:
            if value not in ("yes", "no"):
                return [Outbound(ctx.t("form.stale_button")), self.question(ctx, draft)]
            return self._confirmed(ctx, draft, field, value == "yes")
        if field.kind == "checklist":
            return self._on_checklist_button(ctx, draft, field, value)
        offered = self._prefill(ctx, field) if value == "prefill" else None
        if offered is not None:
            draft["values"][field.id] = offered
        elif field.kind == "choice" and field.dynamic_source:
            if value not in self._options(ctx, field, draft):  # not (or no longer) the person's own
                return [Outbound(ctx.t("form.stale_button")), self.question(ctx, draft)]
            try:
                return self._answered(ctx, draft, field, self._checked(ctx, field, draft, value))
            except validators.ValidationError as error:
                return [Outbound(ctx.t(f"validation.{error.code}", **error.params)), self.question(ctx, draft)]
            except AnswerRefused as refused:
                return [self._refusal(ctx, refused), self.question(ctx, draft)]
        elif field.kind == "choice":
            options = self._options(ctx, field, draft)
            if not value.isdigit() or int(value) >= len(options):
                return [Outbound(ctx.t("form.stale_button")), self.question(ctx, draft)]
            draft["values"][field.id] = options[int(value)]
        elif field.kind == "date" and value in ("today", "yesterday"):
            day = today_jalali(ctx.desk.clock()) - timedelta(days=1 if value == "yesterday" else 0)
            draft["values"][field.id] = to_iso(day)
        elif field.kind == "files" and value == "done":
            pass
        else:
            return [Outbound(ctx.t("form.stale_button")), self.question(ctx, draft)]
        return self._advance(ctx, draft)

    def _on_checklist_button(self, ctx: Context, draft: dict[str, Any], field: FormField,
                             value: str) -> list[Outbound]:
        if value == "done":
            return self._files_done(ctx, draft, field)
        items, state = self._checklist(ctx, draft, field)
        code = checklist.item_of(value, [o.code for o in items])
        if code is None:  # an item no longer on the list (the claim type changed), or forged
            return [Outbound(ctx.t("form.stale_button")), self.question(ctx, draft)]
        said = checklist.press(ctx.t, state, code, _labeller(ctx, items))
        ctx.set_draft(draft)
        if state["awaiting"]:  # the question says which file is awaited
            return [self.question(ctx, draft)]
        return [Outbound(said), self.question(ctx, draft)]

    def on_files(self, ctx: Context, draft: dict[str, Any], files: tuple[IncomingFile, ...]) -> list[Outbound]:
        """Files are kept whatever the step (nothing sent is dropped); at the files step they are the answer.
        At a `file` step the file is the answer: read by the field's parser, and kept only when good."""
        if draft["step"] not in (SUMMARY, EDIT_MENU):
            field = REQUEST_TYPES[draft["type"]].form.field(draft["step"])
            if field.kind == "file":
                return self._on_parsed_file(ctx, draft, field, files[0])
        before = len(draft["attachments"])
        replies = keep_files(ctx, files, draft["attachments"], ctx.config.forms.attachments_max_count,
                             "form.file_kept")
        if draft["step"] not in (SUMMARY, EDIT_MENU) and PENDING not in draft:
            field = REQUEST_TYPES[draft["type"]].form.field(draft["step"])
            if field.kind == "checklist":  # each file ticked against the item pressed (or asked for)
                items, state = self._checklist(ctx, draft, field)
                said = checklist.receive(ctx.t, state, draft["attachments"][before:], _labeller(ctx, items))
                replies = [Outbound(line) for line in said] or replies
        ctx.set_draft(draft)
        replies.append(self.question(ctx, draft))
        return replies

    def read_ahead(self, ctx: Context) -> FileRead | None:
        """The file the update sends, read by the parser of the draft's file step, if the draft in
        front waits for one (before the update's transaction: bot/conversations/file_step.py)."""
        draft = ctx.draft
        if ctx.foreground != DRAFT or draft is None or not ctx.inbound.files or PENDING in draft \
                or draft["step"] in (SUMMARY, EDIT_MENU):
            return None
        field = REQUEST_TYPES[draft["type"]].form.field(draft["step"])
        if field.kind != "file" or field.parser is None:
            return None
        return file_step.read(ctx, field, draft, ctx.inbound.files[0])

    def _on_parsed_file(self, ctx: Context, draft: dict[str, Any], field: FormField,
                        incoming: IncomingFile) -> list[Outbound]:
        try:
            value = self._checked(ctx, field, draft, file_step.value(ctx, field, draft, incoming))
        except AnswerRefused as refused:
            return [self._refusal(ctx, refused), self.question(ctx, draft)]
        except validators.ValidationError as error:
            return [Outbound(ctx.t(f"validation.{error.code}", **error.params)), self.question(ctx, draft)]
        draft["values"][field.id] = value
        replies = [Outbound(ctx.t("form.file_read", value=field_value(ctx.t, field, value)))]
        return replies + self._advance(ctx, draft)

    def _advance(self, ctx: Context, draft: dict[str, Any]) -> list[Outbound]:
        form = REQUEST_TYPES[draft["type"]].form
        values = draft["values"]
        following = form.next_field(draft["step"], values)
        if draft.get("editing"):
            # an edit may show fields not answered yet (a new endorsement kind): those are asked next
            missing = [f for f in form.shown_fields(values) if not f.optional and values.get(f.id) in (None, "")]
            draft.update(step=missing[0].id if missing else SUMMARY, editing=bool(missing))
        elif following is None:
            draft.update(step=SUMMARY, editing=False)
        else:
            draft["step"] = following.id
        ctx.set_draft(draft)
        return [self.question(ctx, draft)]

    # -- navigation ------------------------------------------------------------

    def back(self, ctx: Context, draft: dict[str, Any]) -> list[Outbound]:
        form = REQUEST_TYPES[draft["type"]].form
        step = draft["step"]
        if draft.pop(PENDING, None) is not None:  # back from the confirmation: the question again
            ctx.set_draft(draft)
            return [self.question(ctx, draft)]
        if step in (SUMMARY, EDIT_MENU):
            target = form.shown_fields(draft["values"])[-1].id if step == SUMMARY else SUMMARY
        elif draft.get("editing"):
            target = SUMMARY
        else:
            previous = form.previous_field(step, draft["values"])
            if previous is None:
                return [Outbound(ctx.t("form.at_first_step")), self.question(ctx, draft)]
            target = previous.id
        draft.update(step=target, editing=False)
        ctx.set_draft(draft)
        return [self.question(ctx, draft)]

    def cancel(self, ctx: Context) -> list[Outbound]:
        ctx.set_draft(None)
        return [Outbound(ctx.t("form.cancelled"))]

    # -- summary ---------------------------------------------------------------

    def summary(self, ctx: Context, draft: dict[str, Any]) -> Outbound:
        t = ctx.t
        form = REQUEST_TYPES[draft["type"]].form
        lines = [t("form.summary_title", type=type_label(t, draft["type"]))]
        for field in form.shown_fields(draft["values"]):
            value = draft["attachments"] if field.kind == "files" else draft["values"].get(field.id)
            lines.append(f"• {t(f'field.{field.id}')}: {field_value(t, field, value)}")
        lines.append(t("form.summary_question"))
        return Outbound(
            "\n".join(lines),
            [[Button(t("form.submit"), buttons.summary("submit", version_of(draft))),
              Button(t("form.edit"), buttons.summary("edit", version_of(draft))),
              Button(t("form.cancel"), buttons.summary("cancel", version_of(draft)))]],
        )

    def _edit_menu(self, ctx: Context, draft: dict[str, Any]) -> Outbound:
        form = REQUEST_TYPES[draft["type"]].form
        rows = [[Button(ctx.t(f"field.{f.id}"), buttons.edit(f.id, version_of(draft)))]
                for f in form.shown_fields(draft["values"])]
        return Outbound(ctx.t("form.edit_which"), rows)

    def _on_summary(self, ctx: Context, draft: dict[str, Any], choice: str) -> list[Outbound]:
        if choice == "cancel":
            return self.cancel(ctx)
        if choice == "edit":
            draft["step"] = EDIT_MENU
            ctx.set_draft(draft)
            return [self.question(ctx, draft)]
        missing = [f for f in REQUEST_TYPES[draft["type"]].form.shown_fields(draft["values"])
                   if not f.optional and draft["values"].get(f.id) in (None, "")]
        if missing:  # a draft from an older form version may lack a field
            draft.update(step=missing[0].id, editing=False)
            ctx.set_draft(draft)
            return [self.question(ctx, draft)]
        submitted = ctx.desk.tickets.submit(
            ctx.user,
            draft["type"],
            draft["values"],
            draft["attachments"],
            chat_key=ctx.chat_key,
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


def _asked(t: Translator, request_type: str, what: str, field_id: str) -> str:
    """The catalog key of a field's question or hint: the request type's own wording
    (`form.ask_for.<type>.<field>`) where fields of two types share an id, else `form.<what>.<field>`."""
    own = f"form.{what}_for.{request_type}.{field_id}"
    return own if t.has(own) else f"form.{what}.{field_id}"


def _labeller(ctx: Context, items: list[Option]):  # noqa: ANN202
    """An item's label for the reader, from the options core gave."""
    labels = {o.code: render_line(ctx.t, o.label) for o in items}
    return lambda code: labels.get(code, code)


def _words(ctx: Context, *keys: str) -> set[str]:
    """What a person may type for a button: its word in their language and in Persian, lowercased."""
    return {normalize_text(tr(key)).lower() for key in keys for tr in (ctx.t, Translator("fa")) if tr.has(key)}
