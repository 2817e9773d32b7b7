"""Keeping the files a person sends during a form or a prompt."""
from __future__ import annotations

from bot.context import Context
from bot.events import IncomingFile, Outbound
from core.forms import validators


def keep_files(ctx: Context, files: tuple[IncomingFile, ...], kept: list[int], limit: int,
               kept_key: str) -> list[Outbound]:
    """Store each file (checked by its bytes), append its id to `kept`, and say so.

    A refused file gets the reason; the others are still kept."""
    replies: list[Outbound] = []
    for incoming in files:
        if len(kept) >= limit:
            replies.append(Outbound(ctx.t("form.files_limit", max_count=limit)))
            break
        try:
            meta = ctx.desk.attachments.store(ctx.user, incoming.filename, incoming.data)
        except validators.ValidationError as error:
            replies.append(Outbound(ctx.t(f"validation.{error.code}", **error.params)))
            continue
        kept.append(meta.id)
        replies.append(Outbound(ctx.t(kept_key, name=incoming.filename, count=len(kept))))
    return replies
