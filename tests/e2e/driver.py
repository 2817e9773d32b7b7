"""Run the real program (`python -m bot ...`) as a subprocess and talk to it.

`Deployment` is one installation in a temporary directory: its own config file,
SQLite database and data directory. `console()` types a script of lines into a
console run and returns everything it printed; `session()` opens a console you
can converse with line by line, reading the buttons it shows and pressing them
by the numbers it printed.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from tests.databases import database_url
from tests.harness import GOOD_ANSWERS, plain  # noqa: F401 - re-exported for the tests

PROJECT_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CONFIG = PROJECT_ROOT / "config.example.toml"
TIMEOUT = 60  # seconds, for every subprocess
WAIT = 30  # seconds, for one expected piece of output in a session

PDF = b"%PDF-1.4\n%e2e test document\n%%EOF\n"


_BUTTON = re.compile(r"^(\d+)\) (.*)$", re.MULTILINE)
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def fa_digits(value: object) -> str:
    return str(value).translate(_PERSIAN_DIGITS)


def fa_ref(ticket_id: int) -> str:
    """How a ticket number is written in Persian text (without the bidi isolates around it)."""
    return "#" + fa_digits(ticket_id)




def buttons(text: str) -> list[tuple[int, str]]:
    return [(int(n), label) for n, label in _BUTTON.findall(text)]


def button_number(text: str, label: str) -> int:
    """The number printed for the last button whose label contains `label`."""
    found = [n for n, shown in buttons(text) if label in shown]
    if not found:
        raise AssertionError(f"no button with {label!r}; shown: {buttons(text)}\n--- output ---\n{text}")
    return found[-1]


class Deployment:
    def __init__(self, root: Path, migrated: bool = True) -> None:
        """migrated=False: an empty database (as a new office starts), not a migrated copy."""
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.config = root / "config.toml"
        self.db = root / "bimeh.db"
        self.data_dir = root / "data"
        self.url = database_url(self.db, migrated)
        text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
        text, urls = re.subn(r'(?m)^url = .*$', f"url = {json.dumps(self.url)}", text)
        text, dirs = re.subn(r'(?m)^data_dir = .*$', f"data_dir = {json.dumps(str(self.data_dir))}", text)
        assert (urls, dirs) == (1, 1), "config.example.toml no longer has one [database] url and one data_dir"
        self.config.write_text(text, encoding="utf-8")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("BIMEH_")}
        self.env.update(PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "bot", *args, "--config", str(self.config)]

    # -- one-shot commands -------------------------------------------------------

    def run(self, *args: str, stdin: str = "", expect_rc: int | None = 0) -> subprocess.CompletedProcess[bytes]:
        proc = subprocess.run(self.command(*args), input=stdin.encode("utf-8"), capture_output=True,
                              cwd=self.root, env=self.env, timeout=TIMEOUT)
        if expect_rc is not None:
            assert proc.returncode == expect_rc, (
                f"{args} exited {proc.returncode}, expected {expect_rc}\n"
                f"stdout:\n{proc.stdout.decode('utf-8', 'replace')}\nstderr:\n{proc.stderr.decode('utf-8', 'replace')}"
            )
        return proc

    def console(self, user: str, lines: list[str]) -> str:
        """Type `lines` into a console run as `user` (then end of input); returns its stdout."""
        proc = self.run("console", "--user", user, stdin="".join(line + "\n" for line in lines))
        stderr = proc.stderr.decode("utf-8")
        assert "Traceback" not in stderr, stderr
        return proc.stdout.decode("utf-8")

    def session(self, user: str) -> ConsoleSession:
        return ConsoleSession(self, user)

    def ticket(self, ticket_id: int) -> dict[str, Any]:
        return json.loads(self.run("tickets", "show", str(ticket_id), "--json").stdout.decode("utf-8"))

    def tickets(self) -> list[dict[str, Any]]:
        return json.loads(self.run("tickets", "list", "--json").stdout.decode("utf-8"))

    def users(self) -> list[dict[str, Any]]:
        return json.loads(self.run("users", "list", "--json").stdout.decode("utf-8"))

    # -- journeys ---------------------------------------------------------------

    def file_request(self, user: str = "maryam", answers: list[str] | None = None) -> tuple[int, str]:
        """File a premium issuance request without documents in one console run; (ticket id, stdout)."""
        before = {t["id"] for t in self.tickets()}
        # /new → 1) the request type; the answers; 1) no documents; 1) ✅ ثبت
        out = self.console(user, ["/new", "1", *(answers or GOOD_ANSWERS), "1", "1"])
        new = [t for t in self.tickets() if t["id"] not in before]
        assert len(new) == 1, out
        return new[0]["id"], out


class ConsoleSession:
    """A console subprocess driven line by line, as a person at the terminal would."""

    def __init__(self, deployment: Deployment, user: str) -> None:
        self.user = user
        self.proc = subprocess.Popen(
            deployment.command("console", "--user", user), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, cwd=deployment.root, env=deployment.env,
        )
        self._chunks: list[str] = []
        self._stderr = b""
        self._changed = threading.Condition()
        self._mark = 0  # output position when the last line was typed
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._err_reader = threading.Thread(target=self._read_err, daemon=True)
        self._err_reader.start()
        self.returncode: int | None = None

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in iter(self.proc.stdout.readline, b""):
            with self._changed:
                self._chunks.append(raw.decode("utf-8"))
                self._changed.notify_all()

    def _read_err(self) -> None:
        assert self.proc.stderr is not None
        self._stderr = self.proc.stderr.read()

    @property
    def output(self) -> str:
        with self._changed:
            return "".join(self._chunks)

    @property
    def since_typed(self) -> str:
        """What was printed since the last typed line: the buttons these numbers refer to."""
        return self.output[self._mark:]

    def expect(self, text: str, timeout: float = WAIT) -> str:
        """Wait until a whole message containing `text` was printed since the last typed line."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                out = "".join(self._chunks)[self._mark:]
                at = plain(out).find(text)
                if at >= 0 and "\n\n" in plain(out)[at:]:
                    return out
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    raise AssertionError(f"{self.user}: {text!r} not shown\n--- since typed ---\n{out}"
                                         f"\n--- stderr ---\n{self._stderr.decode('utf-8', 'replace')}")
                self._changed.wait(min(remaining, 0.2))

    def _settle(self, quiet: float = 0.3, limit: float = 5.0) -> None:
        """Wait until the program has printed nothing for `quiet` seconds: a reply can
        be several messages, and what is still on its way belongs before the mark."""
        deadline = time.monotonic() + limit
        with self._changed:
            while time.monotonic() < deadline:
                before = len(self._chunks)
                self._changed.wait(quiet)
                if len(self._chunks) == before:
                    return

    def type(self, line: str) -> None:
        assert self.proc.stdin is not None
        self._settle()
        with self._changed:
            self._mark = len("".join(self._chunks))
        self.proc.stdin.write((line + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def button(self, label: str, timeout: float = WAIT) -> int:
        """The number of the button labelled `label` currently on screen (waits for it to appear)."""
        deadline = time.monotonic() + timeout
        while True:
            out = self.since_typed
            if any(label in shown for _, shown in buttons(out)):
                return button_number(out, label)
            if time.monotonic() > deadline:
                button_number(out, label)  # raises with what was shown
            time.sleep(0.05)

    def press(self, label: str) -> int:
        """Type the number of the button labelled `label`; returns the number typed."""
        number = self.button(label)
        self.type(str(number))
        return number

    def close(self) -> str:
        """End of input: the console must exit cleanly. Returns everything it printed."""
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        try:
            self.returncode = self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise
        self._reader.join(timeout=TIMEOUT)
        self._err_reader.join(timeout=TIMEOUT)
        stderr = self._stderr.decode("utf-8", "replace")
        assert self.returncode == 0, f"{self.user}: console exited {self.returncode}\n{stderr}"
        assert "Traceback" not in stderr, stderr
        return self.output

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self) -> ConsoleSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()
