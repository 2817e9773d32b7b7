"""A form's `file` step (core/forms/definition.py): the file the person sends is the answer, read by the
step's named parser (core/requests/hooks.py). The read happens before the update's transaction when it
can (bot/handlers/router.py Bot.ahead: a large roster takes seconds, and no lock is held meanwhile); the
handling takes that read if the draft is still at that step for that file, else reads the file then."""
from __future__ import annotations

from typing import Any

from bot.context import Context, FileRead
from bot.events import IncomingFile
from core.forms import validators
from core.forms.definition import FormField
from core.forms.draft import Draft
from core.forms.kinds import File
from core.requests.hooks import AnswerRefused


def read(ctx: Context, field: FormField, draft: Draft, incoming: IncomingFile) -> FileRead:
    """What the step's parser makes of the file, or why it refused it."""
    parser = _parser(field)
    try:
        return FileRead(parser, incoming, value=_parse(ctx, field, draft, incoming))
    except (AnswerRefused, validators.ValidationError) as refused:
        return FileRead(parser, incoming, refused=refused)


def value(ctx: Context, field: FormField, draft: Draft, incoming: IncomingFile) -> Any:
    """The parsed answer: the read made ahead when it was this step's of this file, else one now.
    Raises AnswerRefused or ValidationError, as the parser refused."""
    done = ctx.file_read
    if done is None or done.parser != _parser(field) or done.file is not incoming:
        done = read(ctx, field, draft, incoming)
    if done.refused is not None:
        raise done.refused
    return done.value


def _parser(field: FormField) -> str:
    assert isinstance(field.kind, File)
    return field.kind.parser


def _parse(ctx: Context, field: FormField, draft: Draft, incoming: IncomingFile) -> Any:
    limit = ctx.desk.attachments.max_bytes
    if len(incoming.data) > limit:  # a transport refuses these; a file is never read past the limit
        raise validators.ValidationError("file_too_large", max_mb=f"{limit / 2**20:g}")
    return ctx.desk.hooks.parse_file(_parser(field), ctx.user, incoming.filename, incoming.data, draft.values)
