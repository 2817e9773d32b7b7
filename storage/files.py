"""Attachment bytes on local disk, one file per content hash."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING


class LocalFileStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def save(self, sha256: str, data: bytes) -> str:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError("not a sha256 hex digest")
        path = self.root / sha256[:2] / sha256
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            # write then rename, so a crash never leaves half a file under the final name
            fd, tmp = tempfile.mkstemp(dir=path.parent)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        return str(path.relative_to(self.root))

    def read(self, stored_path: str) -> bytes:
        path = (self.root / stored_path).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError("path outside the store")
        return path.read_bytes()

    def named_copy(self, stored_path: str, filename: str) -> str:
        """The bytes under their own name (stored/named/<hash>/<filename>), made once."""
        source = (self.root / stored_path).resolve()
        if self.root.resolve() not in source.parents:
            raise ValueError("path outside the store")
        safe = filename.replace("\\", "/").rsplit("/", 1)[-1] or "file"
        target = self.root / "named" / source.name / safe
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent)
            with os.fdopen(fd, "wb") as out:
                out.write(source.read_bytes())
            os.replace(tmp, target)
        return str(target)


if TYPE_CHECKING:  # mypy checks the store against the port core's attachments use
    from core.attachments import FileStore

    _ADAPTS: type[FileStore] = LocalFileStore
