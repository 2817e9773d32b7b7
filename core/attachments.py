"""Files users send: checked by their bytes, stored once by content, recorded in the database."""
from __future__ import annotations

import hashlib
from typing import Protocol

from core.clock import Clock, utc_now
from core.forms import validators
from core.models import AttachmentMeta, User
from core.ports import UnitOfWork, Units

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


class FileStore(Protocol):
    def save(self, sha256: str, data: bytes) -> str:
        """Store the bytes (idempotent per sha256) and return where they are."""
    def read(self, stored_path: str) -> bytes: ...
    def named_copy(self, stored_path: str, filename: str) -> str:
        """A local path to the bytes under `filename` (for platforms that send a file by path)."""


class AttachmentService:
    def __init__(
        self,
        units: Units,
        files: FileStore,
        clock: Clock = utc_now,
        max_bytes: int = MAX_ATTACHMENT_BYTES,
    ) -> None:
        self.units = units  # where each piece of work goes (core/transactions.py); it ends them
        self._files = files
        self._clock = clock
        self.max_bytes = max_bytes

    def store(self, user: User, filename: str, data: bytes, ticket_id: int | None = None) -> AttachmentMeta:
        """Validate and keep a file; raises validators.ValidationError when it is refused."""
        content_type = validators.attachment(filename, data, self.max_bytes)
        sha256 = hashlib.sha256(data).hexdigest()
        stored_path = self._files.save(sha256, data)
        with self.units.write() as uow:
            meta = uow.attachments.add(
                owner_id=user.id,
                filename=_safe_filename(filename),
                content_type=content_type,
                size=len(data),
                sha256=sha256,
                stored_path=stored_path,
                now=self._clock(),
                ticket_id=ticket_id,
            )
            return meta

    def keep_generated(self, uow: UnitOfWork, owner_id: int, filename: str, content_type: str, data: bytes,
                       ticket_id: int | None = None) -> AttachmentMeta:
        """Keep a document the desk made (a receipt), inside the caller's transaction."""
        sha256 = hashlib.sha256(data).hexdigest()
        stored_path = self._files.save(sha256, data)
        return uow.attachments.add(owner_id=owner_id, filename=_safe_filename(filename), content_type=content_type,
                                   size=len(data), sha256=sha256, stored_path=stored_path, now=self._clock(),
                                   ticket_id=ticket_id)

    def store_document(self, data: bytes) -> str:
        """Keep a document the desk made to send (a report) in the file store, by its content;
        returns where it is (a message's payload names it with `document_path`)."""
        return self._files.save(hashlib.sha256(data).hexdigest(), data)

    def document_path(self, stored_path: str, filename: str) -> str:
        """A local path to a stored document under its own name."""
        return self._files.named_copy(stored_path, filename)

    def local_path(self, attachment_id: int) -> str | None:
        """Where a stored file can be read under its own name (None: no such attachment)."""
        meta = self.get(attachment_id)
        return self._files.named_copy(meta.stored_path, meta.filename) if meta else None

    def get(self, attachment_id: int) -> AttachmentMeta | None:
        with self.units.read() as uow:
            return uow.attachments.get(attachment_id)

    def read(self, meta: AttachmentMeta) -> bytes:
        return self._files.read(meta.stored_path)


def _safe_filename(name: str) -> str:
    """Keep only the last path part; names come from users and must not steer paths."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "file"
    return base[:120]
