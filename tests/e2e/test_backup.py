"""`backup FILE` while people go on filing, then `restore FILE` into an empty desk: every ticket,
draft and file is there, as of one moment. Both commands run as an operator runs them (the CLI as
a subprocess); the people write through the bot in this process, every few milliseconds.
"""
from __future__ import annotations

import copy
import hashlib
import io
import json
import tarfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests import databases
from tests.e2e.driver import Deployment
from tests.harness import GOOD_ANSWERS, ChatHarness

pytestmark = pytest.mark.slow

WRITERS = ("maryam", "reza", "kindergarten", "claims")  # people filing requests side by side
PAUSE = 0.003  # seconds between two of their messages


@dataclass
class Step:
    done_at: float  # time.monotonic() when its transaction had committed
    user: str
    draft: dict[str, Any] | None  # the user's conversation after it
    ticket_id: int | None = None  # the ticket it submitted
    files: list[str] = field(default_factory=list)  # sha256 of the files the ticket carries


class People(threading.Thread):
    """Each writer files premium issuance requests, a PDF attached, one message at a time, in turns."""

    def __init__(self, harness: ChatHarness) -> None:
        super().__init__(daemon=True)
        self.harness = harness
        self.steps: list[Step] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self._sent: dict[str, list[str]] = {}

    def run(self) -> None:
        try:
            journeys = {user: self._journey(user) for user in WRITERS}
            while not self.stop.is_set():
                for journey in journeys.values():
                    next(journey)
                    time.sleep(PAUSE)
        except BaseException as error:  # noqa: BLE001 - raised again by the test
            self.error = error

    def _journey(self, user: str):  # noqa: ANN202 - a generator of nothing: one message a step
        h = self.harness
        for number in range(1_000_000):
            yield self._did(user, h.say(user, "/new"))
            yield self._did(user, h.press(user, "صدور و پرداخت حق بیمه"))
            for answer in GOOD_ANSWERS:
                yield self._did(user, h.say(user, answer))
            data = b"%PDF-1.4\n%" + f"{user} {number} {time.time_ns()}".encode() + b"\n%%EOF\n"
            self._sent.setdefault(user, []).append(hashlib.sha256(data).hexdigest())
            yield self._did(user, h.send_file(user, f"scan-{number}.pdf", data))
            yield self._did(user, h.press(user, "پایان ارسال مدارک"))
            replies = h.press(user, "ثبت")
            assert replies[-1].ticket_id is not None, replies[-1].text
            yield self._did(user, replies, replies[-1].ticket_id)

    def _did(self, user: str, replies: list, ticket_id: int | None = None) -> None:
        draft = self.harness.app.desk.conversations.get(f"console:{user}")
        step = Step(time.monotonic(), user, copy.deepcopy(draft), ticket_id)
        if ticket_id is not None:
            step.files = self._sent.pop(user)
        self.steps.append(step)


def _restored_attachments(harness: ChatHarness) -> list[Any]:
    from sqlalchemy import text

    with harness.app.database.engine.connect() as connection:
        return list(connection.execute(text("SELECT id, ticket_id, sha256 FROM attachments ORDER BY id")))


@pytest.mark.smoke
def test_a_backup_under_load_restores_every_ticket_draft_and_file(tmp_path: Path) -> None:
    source = Deployment(tmp_path / "office")
    env = {"BIMEH_PG_BIN": str(databases.current.server.bin)} if databases.on_postgresql() else {}
    source.env.update(env)  # pg_dump of the test server's own version
    harness = ChatHarness(source.root)  # the same database and data folder as the deployment's
    people = People(harness)
    people.start()
    try:
        while len([s for s in people.steps if s.ticket_id]) < 2 * len(WRITERS) and people.error is None:
            time.sleep(0.05)
        started = time.monotonic()
        archive = tmp_path / "office.tar.gz"
        made = source.run("backup", str(archive))
        finished = time.monotonic()
        time.sleep(0.2)
    finally:
        people.stop.set()
        people.join(timeout=60)
        harness.close()
    assert people.error is None, people.error
    during = [s for s in people.steps if started < s.done_at < finished]
    assert len(during) >= 20, f"only {len(during)} messages were handled while the backup ran"
    assert str(archive) in made.stdout.decode("utf-8")

    restored = Deployment(tmp_path / "restored", migrated=False)
    restored.env.update(env)
    told = restored.run("restore", str(archive)).stdout.decode("utf-8")
    assert "بازگردانده شد" in told

    check = ChatHarness(restored.root)
    try:
        tickets = {t.id: t for t in check.app.desk.tickets.all_tickets()}
        attachments = _restored_attachments(check)
        # every ticket submitted before the backup began, with its files
        before = [s for s in people.steps if s.done_at < started]
        for step in (s for s in before if s.ticket_id):
            assert step.ticket_id in tickets, f"ticket {step.ticket_id} is missing"
            assert tickets[step.ticket_id].status == "submitted"
            assert sorted(a.sha256 for a in attachments if a.ticket_id == step.ticket_id) == step.files
        # and none that began after it ended
        after = {s.ticket_id for s in people.steps if s.ticket_id and s.done_at > finished + 1.0}
        assert not after & tickets.keys()
        # every file any row names, drafts' files too, is there with its own bytes
        for attachment in attachments:
            meta = check.app.desk.attachments.get(attachment.id)
            assert hashlib.sha256(check.app.desk.attachments.read(meta)).hexdigest() == attachment.sha256
        # every draft is as it was at one moment of the backup: no earlier than its last message
        # before it began, no later than one it sent before it ended
        for user in WRITERS:
            mine = [s for s in people.steps if s.user == user]
            earliest = max((i for i, s in enumerate(mine) if s.done_at < started), default=0)
            latest = max((i for i, s in enumerate(mine) if s.done_at < finished), default=0) + 1
            possible = [s.draft for s in mine[earliest:latest + 1]]
            assert check.app.desk.conversations.get(f"console:{user}") in possible, user
        assert len(tickets) >= len([s for s in before if s.ticket_id])
    finally:
        check.close()

    # the restored desk answers as the office's did: a ticket with its attachment, from the CLI
    shown = restored.ticket(max(s.ticket_id for s in before if s.ticket_id))
    assert [a["filename"] for a in shown["attachments"]] and shown["status"] == "submitted"


def test_restore_goes_only_into_an_empty_desk_and_refuses_what_is_not_a_backup(tmp_path: Path, capsys,
                                                                              monkeypatch) -> None:
    # in this process (the commands' own main), each refusal one line on stderr and exit 2
    def desk(deployment: Deployment, *args: str, expect: int = 0) -> str:
        from bot.cli import main

        capsys.readouterr()
        assert main([*args, "--config", str(deployment.config)]) == expect
        err = capsys.readouterr().err
        if expect:
            assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
        return err

    if databases.on_postgresql():
        monkeypatch.setenv("BIMEH_PG_BIN", str(databases.current.server.bin))  # the test server's pg_dump
    office = Deployment(tmp_path / "office")
    filed = ChatHarness(office.root)
    ticket_id = filed.file_request("maryam")
    filed.close()
    archive = tmp_path / "office.tar.gz"
    desk(office, "backup", str(archive))

    # over a file: never
    desk(office, "backup", str(archive), expect=2)
    # into the office itself (not empty): nothing changes
    assert "خالی نیست" in desk(office, "restore", str(archive), expect=2)

    # into an empty database beside a data folder with something in it: refused, the database stays empty
    busy = Deployment(tmp_path / "busy", migrated=False)
    (busy.data_dir / "attachments").mkdir(parents=True)
    (busy.data_dir / "attachments" / "note.txt").write_text("mine", encoding="utf-8")
    assert "پوشهٔ داده" in desk(busy, "restore", str(archive), expect=2)
    (busy.data_dir / "attachments" / "note.txt").unlink()
    (busy.data_dir / "attachments").rmdir()

    # what is not a backup: a PDF, a tar that climbs out of the folder
    not_backup = tmp_path / "scan.pdf"
    not_backup.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert "پشتیبانی از این میز نیست" in desk(busy, "restore", str(not_backup), expect=2)
    climbing = tmp_path / "climbing.tar.gz"
    with tarfile.open(archive) as good, tarfile.open(climbing, "w:gz") as bad:
        for member in good.getmembers():
            bad.addfile(member, good.extractfile(member))
        evil = tarfile.TarInfo("files/../../escaped.txt")
        evil.size = 0
        bad.addfile(evil)
    assert "پشتیبانی از این میز نیست" in desk(busy, "restore", str(climbing), expect=2)
    assert not (tmp_path / "escaped.txt").exists()
    # one a newer desk made, at a schema this one does not know
    newer = tmp_path / "newer.tar.gz"
    with tarfile.open(archive) as good, tarfile.open(newer, "w:gz") as changed:
        for member in good.getmembers():
            data = good.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                data = json.dumps({**manifest, "version": "9.0.0", "schema_revision": "9999"}).encode()
                member.size = len(data)
            changed.addfile(member, io.BytesIO(data))
    assert "نسخهٔ تازه‌تری" in desk(busy, "restore", str(newer), expect=2)
    assert not any(busy.data_dir.iterdir())

    # the same archive, into the empty desk
    desk(busy, "restore", str(archive))
    restored = ChatHarness(busy.root)
    try:
        assert [t.id for t in restored.app.desk.tickets.all_tickets()] == [ticket_id]
    finally:
        restored.close()


def test_a_backup_says_what_it_needs_when_pg_dump_is_not_there(tmp_path: Path, monkeypatch, capsys) -> None:
    from bot.cli import main
    from storage import dumps

    office = Deployment(tmp_path / "office")
    office.users()  # the desk has started once: its database is there
    monkeypatch.setattr(dumps, "pg_tool", lambda name: None)
    code = main(["backup", str(tmp_path / "office.tar.gz"), "--config", str(office.config)])
    err = capsys.readouterr().err
    if databases.on_postgresql():
        assert code == 2 and len(err.strip().splitlines()) == 1
        assert "pg_dump" in err and "postgresql-client" in err
        assert not (tmp_path / "office.tar.gz").exists()
    else:  # SQLite's copy needs no tool
        assert code == 0, err
        with tarfile.open(tmp_path / "office.tar.gz") as archive:
            manifest = json.load(archive.extractfile("manifest.json"))
        assert manifest["backend"] == "sqlite" and manifest["schema_revision"]
