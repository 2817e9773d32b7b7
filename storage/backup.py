"""A backup of the desk in one file: the database and the data folder, and the way back.

The archive is a gzip'd tar: `database/` (a SQLite snapshot or a pg_dump), `files/` (the data
folder: attachments, documents, reports) and `manifest.json` (the desk's version, the schema
revision, when, and what is inside).

The database is copied first, the files after it: an attachment is written under its hash
before the row that names it commits, and never changes, so every file a row of the snapshot
names is already there when the folder is read. Files written later come along harmlessly.
A restore goes only into an empty database and an empty data folder.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from storage import dumps
from storage.dumps import POSTGRESQL, SQLITE, BackupError, Target

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files"
DATABASE_MEMBER = {SQLITE: "database/bimeh.sqlite", POSTGRESQL: "database/bimeh.pgdump"}
KEPT_OUT = ("demo",)  # --demo's throwaway database and files, under the data folder


@dataclass(frozen=True)
class Manifest:
    format: int
    version: str  # the desk's version that made it
    schema_revision: str | None
    created_at: str  # UTC, ISO 8601
    backend: str
    files: int
    file_bytes: int

    @property
    def created(self) -> datetime:
        return datetime.fromisoformat(self.created_at)


def backup(url: str, data_dir: Path, out: Path, version: str) -> Manifest:
    """Write the archive to `out` (which must not exist yet); its manifest."""
    source = dumps.target(url)
    if out.exists() or out.is_symlink():
        raise BackupError("exists", path=str(out))
    if not out.parent.is_dir():
        raise BackupError("no_folder", path=str(out.parent))
    partial = out.with_name(out.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(prefix=".bimeh-backup-", dir=out.parent) as work:
            snapshot = Path(work) / "database"
            if source.backend == SQLITE:
                revision = dumps.sqlite_snapshot(source.sqlite_path, snapshot)
            else:
                revision = dumps.pg_dump(source, snapshot)
            skipped = {out, partial, Path(work), *(source.sqlite_files if source.backend == SQLITE else ())}
            files = list(_data_files(data_dir, skipped))
            manifest = Manifest(FORMAT, version, revision, datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                source.backend, len(files), sum(size for _, _, size in files))
            _write_archive(partial, manifest, snapshot, files)
        os.replace(partial, out)
    except OSError as exc:
        raise BackupError("write_failed", path=str(out), reason=exc.strerror or str(exc)) from None
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def restore(archive: Path, url: str, data_dir: Path) -> Manifest:
    """Bring the archive back into the configured database and data folder, both empty."""
    into = dumps.target(url)
    if not archive.is_file():
        raise BackupError("no_archive", path=str(archive))
    try:
        with tarfile.open(archive, "r:*") as tar:
            manifest, members = _contents(tar)
            if manifest.backend != into.backend:
                raise BackupError("other_backend", made=manifest.backend, target=into.backend)
            if manifest.schema_revision is not None and not known_revision(manifest.schema_revision):
                raise BackupError("newer_schema", version=manifest.version)
            _check_empty(into, data_dir)
            with tempfile.TemporaryDirectory(prefix=".bimeh-restore-") as work:
                # the database first: a restore it refuses (pg_restore's version, a full disk) leaves
                # the folder empty too, so it can be tried again as it was
                snapshot = Path(work) / "database"
                _extract(tar, members[DATABASE_MEMBER[manifest.backend]], snapshot)
                if into.backend == SQLITE:
                    dumps.sqlite_restore(snapshot, into)
                else:
                    dumps.pg_restore(snapshot, into)
                data_dir.mkdir(parents=True, exist_ok=True)
                for name, member in members.items():
                    if name.startswith(FILES + "/"):
                        _extract(tar, member, data_dir.joinpath(*PurePosixPath(name).parts[1:]))
    except (tarfile.TarError, EOFError, zlib.error):
        raise BackupError("not_a_backup", path=str(archive)) from None
    except OSError as exc:
        raise BackupError("read_failed", path=str(archive), reason=exc.strerror or str(exc)) from None
    return manifest


def known_revision(revision: str) -> bool:
    """Whether this version's migrations know the backup's schema (one made by a newer desk they do not)."""
    from storage.schema_version import known_revisions

    return revision in known_revisions()


def _data_files(data_dir: Path, skipped: set[Path]) -> Iterator[tuple[Path, str, int]]:
    """(path, name in the archive, size) of every regular file of the data folder, in order."""
    if not data_dir.is_dir():
        return
    skip = {p.resolve() for p in skipped} | {(data_dir / name).resolve() for name in KEPT_OUT}
    for folder, dirs, names in os.walk(data_dir):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if (here / d).resolve() not in skip and not (here / d).is_symlink())
        for name in sorted(names):
            path = here / name
            if path.resolve() in skip or path.is_symlink() or not path.is_file():
                continue
            try:
                size = path.stat().st_size
            except FileNotFoundError:  # replaced while the folder was read (a report written anew)
                continue
            yield path, f"{FILES}/{path.relative_to(data_dir).as_posix()}", size


def _write_archive(partial: Path, manifest: Manifest, snapshot: Path,
                   files: list[tuple[Path, str, int]]) -> None:
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        _add_bytes(tar, MANIFEST, json.dumps(asdict(manifest), indent=2).encode("utf-8"))
        tar.add(snapshot, DATABASE_MEMBER[manifest.backend], recursive=False)
        for path, name, _size in files:
            try:
                tar.add(path, name, recursive=False)
            except FileNotFoundError:
                continue


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(timezone.utc).timestamp())
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def _contents(tar: tarfile.TarFile) -> tuple[Manifest, dict[str, tarfile.TarInfo]]:
    """The manifest and the files of a backup. Only what a backup holds is taken: the manifest,
    the database, and plain files under files/ with plain relative names; anything else (a link,
    a device, `..`, an absolute name) makes it not a backup."""
    try:
        handle = tar.extractfile(MANIFEST)
        raw = json.loads(handle.read().decode("utf-8")) if handle is not None else None
        if not isinstance(raw, dict) or raw.get("format") != FORMAT or raw.get("backend") not in DATABASE_MEMBER:
            raise ValueError("not a manifest of this format")
        manifest = Manifest(**raw)
    except (KeyError, TypeError, ValueError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise tarfile.TarError("no manifest") from None
    database = DATABASE_MEMBER[manifest.backend]
    members: dict[str, tarfile.TarInfo] = {}
    for member in tar.getmembers():
        path = PurePosixPath(member.name)
        plain = not path.is_absolute() and ".." not in path.parts and (member.isfile() or member.isdir())
        if not plain or (member.name not in (MANIFEST, database) and path.parts[0] != FILES):
            raise tarfile.TarError(f"unexpected member {member.name!r}")
        if member.isfile():
            members[member.name] = member
    if database not in members:
        raise tarfile.TarError("no database in the archive")
    return manifest, members


def _check_empty(into: Target, data_dir: Path) -> None:
    if into.backend == SQLITE:
        if not dumps.sqlite_is_empty(into.sqlite_path):
            raise BackupError("database_not_empty", database=str(into.sqlite_path))
        ours = {p.resolve() for p in into.sqlite_files}
    else:
        if not dumps.pg_is_empty(into):
            raise BackupError("database_not_empty", database=into.url.render_as_string(hide_password=True))
        ours = set()
    if data_dir.exists():
        if not data_dir.is_dir():
            raise BackupError("data_not_empty", path=str(data_dir))
        kept_out = {(data_dir / name).resolve() for name in KEPT_OUT}
        if any(entry.resolve() not in ours | kept_out for entry in data_dir.iterdir()):
            raise BackupError("data_not_empty", path=str(data_dir))


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    source = tar.extractfile(member)
    if source is None:
        raise tarfile.TarError(f"{member.name} is not a file")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as copy:
        shutil.copyfileobj(source, copy)
    os.utime(target, (member.mtime, member.mtime))
