"""The bot's side of each field kind (core/forms/kinds.py): the question's extra lines and buttons,
and what a typed line, a pressed button or a file does at that step.

The form engine (bot/conversations/form.py) finds a field's asker by its kind's class (`ASKERS`)
and does what is the same for every kind: the check, the confirmation, going on. A kind reads the
answer itself (`parse`, `press`); an asker gives it what reading needs from the chat (`reading`:
the clock, the desk's limits, the options offered, the buttons' labels).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot import buttons
from bot.context import Context, FileRead
from bot.conversations import checklist, file_step
from bot.events import Button, IncomingFile, Outbound
from bot.i18n import LANGUAGES, Translator
from bot.render.text import render_line
from core.forms import kinds, validators
from core.forms.definition import FormField
from core.forms.draft import Draft
from core.requests.hooks import Option
from core.text import normalize_text

if TYPE_CHECKING:
    from bot.conversations.form import FormConversation


class Asker:
    """A kind whose answer is typed (or pressed, when its kind has buttons)."""

    def asks(self, ctx: Context, draft: Draft, field: FormField) -> tuple[list[str], list[list[Button]]]:
        """The question's own lines (after its hint) and its buttons."""
        return [], []

    def hint_params(self, ctx: Context, field: FormField) -> dict[str, Any]:
        return {}

    def prefill(self, ctx: Context, field: FormField) -> str | None:
        """What the user's record (the directory's name, mobile) or a named hook offers for this
        field, when valid: drawn as a button over the question's own."""
        user = ctx.user
        if field.prefill is None:
            return None
        if field.prefill.startswith("hook:"):
            return ctx.desk.hooks.prefill(field.prefill.split(":", 1)[1], user)
        try:
            if field.prefill == "directory_name" and user.full_name:
                return validators.full_name(user.full_name)
            if field.prefill == "directory_mobile" and user.mobile:
                return validators.mobile(user.mobile)
        except validators.ValidationError:
            return None
        return None

    def reading(self, ctx: Context, draft: Draft, field: FormField) -> kinds.Reading:
        t, persian = ctx.t, Translator("fa")
        words = {label: value for value in field.kind.buttons
                 for label in (t(f"form.{value}").lower(), persian(f"form.{value}"))}
        return kinds.Reading(ctx.desk.clock, ctx.config.forms.description_max_length, words=words)

    def on_text(self, form: FormConversation, ctx: Context, draft: Draft, field: FormField,
                text: str) -> list[Outbound]:
        reading = self.reading(ctx, draft, field)
        return form.take(ctx, draft, field, lambda: field.kind.parse(text, reading))

    def on_press(self, form: FormConversation, ctx: Context, draft: Draft, field: FormField,
                 value: str) -> list[Outbound]:
        reading = self.reading(ctx, draft, field)
        return form.take(ctx, draft, field, lambda: field.kind.press(value, reading))

    def on_files(self, form: FormConversation, ctx: Context, draft: Draft, field: FormField,
                 files: tuple[IncomingFile, ...]) -> list[Outbound] | None:
        """The replies, when the files answer this step; None: they are kept as attachments."""
        return None

    def files_kept(self, ctx: Context, draft: Draft, field: FormField, kept: list[int],
                   replies: list[Outbound]) -> list[Outbound]:
        """What is said of the files just kept as attachments at this step."""
        return replies

    def read_ahead(self, ctx: Context, draft: Draft, field: FormField, incoming: IncomingFile) -> FileRead | None:
        """The file read before the update's transaction, when the file is this step's answer."""
        return None


class LongTextAsker(Asker):
    def hint_params(self, ctx: Context, field: FormField) -> dict[str, Any]:
        return {"max": ctx.config.forms.description_max_length}


class DateAsker(Asker):
    def asks(self, ctx: Context, draft: Draft, field: FormField) -> tuple[list[str], list[list[Button]]]:
        return [], [[Button(ctx.t(f"form.{value}"), buttons.field(field.id, value, draft.button_version))
                     for value in field.kind.buttons]]


class ChoiceAsker(Asker):
    """Options as buttons: a fixed or configured option by its position, the person's own by its code."""

    def options(self, ctx: Context, draft: Draft | None, field: FormField) -> list[tuple[str, str]]:
        """(code, label) of each option, in the order shown (with no draft: before any answer)."""
        assert isinstance(field.kind, kinds.Choice)
        source = field.kind.source
        if isinstance(source, kinds.OwnOptions):  # from the person's own data, as it is now
            own = ctx.desk.hooks.options(source.source, ctx.user, draft.values if draft else {})
            return [(o.code, render_line(ctx.t, o.label)) for o in own]
        if isinstance(source, kinds.ConfiguredOptions):
            return [(code, code) for code in getattr(ctx.config.forms, source.key)]
        return [(code, ctx.t(f"{field.id}.{code}")) for code in source.codes]

    def prefill(self, ctx: Context, field: FormField) -> str | None:
        """The directory's unit, when it is one of the options (a department matching none of the
        configured units is not offered)."""
        if field.prefill == "directory_unit":
            unit = ctx.user.unit
            return unit if unit in [code for code, _ in self.options(ctx, None, field)] else None
        return super().prefill(ctx, field)

    def reading(self, ctx: Context, draft: Draft, field: FormField) -> kinds.Reading:
        options = self.options(ctx, draft, field)
        fixed = isinstance(field.kind, kinds.Choice) and isinstance(field.kind.source, kinds.FixedOptions)
        choices = tuple((code, (label, *_other_language_labels(field, code, fixed))) for code, label in options)
        return kinds.Reading(ctx.desk.clock, ctx.config.forms.description_max_length,
                       options=tuple(code for code, _ in options), choices=choices)

    def asks(self, ctx: Context, draft: Draft, field: FormField) -> tuple[list[str], list[list[Button]]]:
        """An option's button carries its position; the person's own (core.forms.kinds.OwnOptions) carry
        their code, checked against the person's data when pressed, and none of them is said so."""
        options = self.options(ctx, draft, field)
        own = isinstance(field.kind, kinds.Choice) and isinstance(field.kind.source, kinds.OwnOptions)
        rows = [[Button(label, buttons.field(field.id, code if own else str(i), draft.button_version))]
                for i, (code, label) in enumerate(options)]
        return ([ctx.t("form.no_options")] if own and not options else []), rows


def _other_language_labels(field: FormField, code: str, fixed: bool) -> list[str]:
    """A fixed choice typed in any of our languages is understood."""
    return [Translator(lang)(f"{field.id}.{code}") for lang in LANGUAGES] if fixed else []


class FilesAsker(Asker):
    """Files sent one after another (kept by the engine), then «done»."""

    def hint_params(self, ctx: Context, field: FormField) -> dict[str, Any]:
        return {"max_mb": ctx.config.forms.attachment_max_mb, "max_count": ctx.config.forms.attachments_max_count}

    def asks(self, ctx: Context, draft: Draft, field: FormField) -> tuple[list[str], list[list[Button]]]:
        count = len(draft.attachments)
        label = ctx.t("form.files_done", count=count) if count else ctx.t("form.files_skip")
        return [], [[Button(label, buttons.field(field.id, "done", draft.button_version))]]

    def done(self, form: FormConversation, ctx: Context, draft: Draft, field: FormField) -> list[Outbound]:
        return form.advance(ctx, draft)

    def on_text(self, form: FormConversation, ctx: Context, draft: Draft, field: FormField,
                text: str) -> list[Outbound]:
        if normalize_text(text).lower() in {ctx.t("form.done_word"), "done", "/done"}:
            return self.done(form, ctx, draft, field)
        return [Outbound(ctx.t("form.files_expected")), form.question(ctx, draft)]

    def on_press(self, form: FormConversation, ctx: Context, draft: Draft, field: FormField,
                 value: str) -> list[Outbound]:
        return self.done(form, ctx, draft, field) if value == "done" else form.stale(ctx, draft)


class ChecklistAsker(FilesAsker):
    """Documents ticked one by one against the checklist core computes from the answers so far."""

    def items(self, ctx: Context, draft: Draft, field: FormField) -> tuple[list[Option], dict[str, Any]]:
        """The checklist's items as core gives them for the answers so far, and what was ticked."""
        assert isinstance(field.kind, kinds.Checklist)
        items = list(ctx.desk.hooks.checklist(field.kind.name, ctx.user, draft.values))
        return items, draft.checklist_state(field.id, checklist.new_state(draft.values.get(field.id)))

    def asks(self, ctx: Context, draft: Draft, field: FormField) -> tuple[list[str], list[list[Button]]]:
        t = ctx.t
        items, state = self.items(ctx, draft, field)
        codes, label = [o.code for o in items], _labeller(ctx, items)
        rows = checklist.item_buttons(t, codes, state, label,
                                      lambda value: buttons.field(field.id, value, draft.button_version))
        count = len(checklist.value(codes, state))
        done = t("form.files_done", count=count) if count else t("form.checklist_later")
        return (checklist.lines(t, codes, state, label),
                rows + [[Button(done, buttons.field(field.id, "done", draft.button_version))]])

    def done(self, form: FormConversation, ctx: Context, draft: Draft, field: FormField) -> list[Outbound]:
        items, state = self.items(ctx, draft, field)
        draft.values[field.id] = checklist.value([o.code for o in items], state)
        return form.advance(ctx, draft)

    def on_press(self, form: FormConversation, ctx: Context, draft: Draft, field: FormField,
                 value: str) -> list[Outbound]:
        if value == "done":
            return self.done(form, ctx, draft, field)
        items, state = self.items(ctx, draft, field)
        code = checklist.item_of(value, [o.code for o in items])
        if code is None:  # an item no longer on the list (the claim type changed), or forged
            return form.stale(ctx, draft)
        said = checklist.press(ctx.t, state, code, _labeller(ctx, items))
        form.save(ctx, draft)
        if state["awaiting"]:  # the question says which file is awaited
            return [form.question(ctx, draft)]
        return [Outbound(said), form.question(ctx, draft)]

    def files_kept(self, ctx: Context, draft: Draft, field: FormField, kept: list[int],
                   replies: list[Outbound]) -> list[Outbound]:
        items, state = self.items(ctx, draft, field)  # each file ticked against the item pressed (or asked for)
        said = checklist.receive(ctx.t, state, kept, _labeller(ctx, items))
        return [Outbound(line) for line in said] or replies


def _labeller(ctx: Context, items: list[Option]) -> Callable[[str], str]:
    """An item's label for the reader, from the options core gave."""
    labels = {o.code: render_line(ctx.t, o.label) for o in items}
    return lambda code: labels.get(code, code)


class FileAsker(Asker):
    """One file read by the field's parser: the file is the answer (a typed line, if its kind takes one)."""

    def on_files(self, form: FormConversation, ctx: Context, draft: Draft, field: FormField,
                 files: tuple[IncomingFile, ...]) -> list[Outbound] | None:
        return form.parsed_file(ctx, draft, field, files[0])

    def read_ahead(self, ctx: Context, draft: Draft, field: FormField, incoming: IncomingFile) -> FileRead | None:
        return file_step.read(ctx, field, draft, incoming)


ASKERS: dict[type[kinds.FieldKind], Asker] = {
    kinds.Text: Asker(), kinds.LongText: LongTextAsker(), kinds.Money: Asker(), kinds.DateTime: Asker(), kinds.Date: DateAsker(),
    kinds.Choice: ChoiceAsker(), kinds.File: FileAsker(), kinds.Files: FilesAsker(), kinds.Checklist: ChecklistAsker(),
}
