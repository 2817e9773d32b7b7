"""Rocket.Chat message objects as the bot reads them: who wrote, when, what was attached.

Dates come as ISO strings ("2024-11-20T07:30:00.123Z") from the REST API, or as
{"$date": milliseconds} from older servers and EJSON; they go back out in the
"...Z" form, because rocketchat_API puts query values into the URL unencoded
(a "+00:00" offset would arrive as a space).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

NO_TIME = datetime.min.replace(tzinfo=timezone.utc)  # aware, like every parsed time: the two compare


def parse_time(value: Any) -> datetime | None:
    if isinstance(value, dict) and "$date" in value:
        value = value["$date"]
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    if isinstance(value, str) and value:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    return None


def oldest_first(items: Iterable[dict[str, Any]], field: str) -> list[dict[str, Any]]:
    """The server's objects by the time in `field`; one without it (absent, empty) first."""
    return sorted(items, key=lambda item: parse_time(item.get(field)) or NO_TIME)


def format_time(moment: datetime) -> str:
    utc = moment.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class FileRef:
    name: str
    url: str  # relative to the server ("/file-upload/...") or absolute
    declared_type: str | None
    size: int | None = None  # bytes, as the upload's file object says (servers before 6 may not)


@dataclass(frozen=True)
class Message:
    id: str
    room_id: str
    text: str
    sent_at: datetime | None
    user_id: str
    username: str
    system: bool  # joins, topic changes, ...: they carry a type `t`
    thread_id: str | None  # the message this one replies to in a thread
    files: tuple[FileRef, ...]
    raw: dict[str, Any]

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Message:
        user = raw.get("u") or {}
        return cls(
            id=str(raw.get("_id", "")),
            room_id=str(raw.get("rid", "")),
            text=str(raw.get("msg") or ""),
            sent_at=parse_time(raw.get("ts")),
            user_id=str(user.get("_id", "")),
            username=str(user.get("username", "")),
            system=bool(raw.get("t")),
            thread_id=raw.get("tmid") or None,
            files=_files(raw),
            raw=raw,
        )

    def is_from(self, user_id: str, username: str) -> bool:
        return (bool(user_id) and self.user_id == user_id) or (bool(username) and self.username == username)


def _files(raw: dict[str, Any]) -> tuple[FileRef, ...]:
    """Uploaded files: each has an attachment whose title_link is its download path."""
    found: list[FileRef] = []
    uploads = [f for f in raw.get("files") or [raw.get("file") or {}] if f]
    declared = {f.get("name"): f.get("type") for f in uploads}
    sizes = {f.get("name"): f.get("size") for f in uploads}
    for attachment in raw.get("attachments") or []:
        link = attachment.get("title_link")
        if not link or attachment.get("type", "file") != "file":
            continue
        name = str(attachment.get("title") or link.rsplit("/", 1)[-1])
        size = sizes.get(name, attachment.get("image_size"))
        found.append(FileRef(name, str(link), declared.get(name) or attachment.get("image_type"),
                             size if isinstance(size, int) and not isinstance(size, bool) else None))
    return tuple(found)


def caption(raw: dict[str, Any]) -> str:
    """The text sent with a file: the message text, or the upload's description."""
    if raw.get("msg"):
        return str(raw["msg"])
    for attachment in raw.get("attachments") or []:
        if attachment.get("description"):
            return str(attachment["description"])
    return ""
