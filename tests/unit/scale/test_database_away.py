"""The database goes away for a while: people are told so, and the bot recovers by itself."""
from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import event

from bot.app import App
from tests import databases
from tests.harness import ChatHarness, said

AWAY_FA = "سامانه برای چند لحظه در دسترس نیست"
INTERNAL_FA = "خطایی پیش آمد"


@contextlib.contextmanager
def database_away(app: App) -> Iterator[None]:
    """PostgreSQL: the server stopped. SQLite: the file's path holds no database (a directory)."""
    if databases.on_postgresql():
        server = databases.current.server
        assert server is not None
        server.pause()
        try:
            yield
        finally:
            server.resume()
        return
    path = Path(app.config.database.url.removeprefix("sqlite:///"))
    aside = path.with_name(path.name + ".aside")
    os.rename(path, aside)
    path.mkdir()
    # An open SQLite connection keeps its file even when the path changes; the pool's next
    # connection (after an error, or at start) is the one that finds the file unreadable.
    app.database.engine.dispose()

    # A connection checked out at that instant (another thread's) would still reach the moved
    # file: while away, every statement fails as SQLite fails on a path that holds no database.
    def unreadable(*_args: object) -> None:
        raise sqlite3.OperationalError("unable to open database file")

    # On the desk's engine, not on the Engine class: a listener removed from the class could stay on
    # the read-only copy of the engine (execution_options), so reads failed after the database came
    # back, once in a while. The copy shares the engine's listeners, so this reaches both.
    event.listen(app.database.engine, "before_cursor_execute", unreadable)
    try:
        yield
    finally:
        event.remove(app.database.engine, "before_cursor_execute", unreadable)
        path.rmdir()
        os.rename(aside, path)


def test_people_are_told_the_service_is_briefly_unavailable_and_it_comes_back(tmp_path: Path):
    harness = ChatHarness(tmp_path)
    try:
        harness.say("welfare", "/lang en")
        harness.say("maryam", "/new")
        harness.press("maryam", "صدور و پرداخت حق بیمه")
        assert "(۲ از ۹)" in said(harness.say("maryam", "مریم احمدی"))

        with database_away(harness.app):
            away = said(harness.say("maryam", "2"))
            assert AWAY_FA in away and INTERNAL_FA not in away, away
            assert "briefly unavailable" in said(harness.say("welfare", "/my"))
            assert AWAY_FA in said(harness.say("maryam", "/start"))

        # no restart: the same bot answers again, and the draft is where it was
        back = said(harness.say("maryam", "2"))
        assert "(۳ از ۹)" in back, back
        assert "Welfare" not in said(harness.say("welfare", "/my"))  # an ordinary answer, in English
    finally:
        harness.close()
