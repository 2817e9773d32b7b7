"""Memory of the bot process with many open drafts (goal: under 150 MB RSS at 10,000).

    .venv/bin/python -m bench.drafts_rss [drafts] [ptb|aiogram]

One requester fills half of the premium-issuance form through the bot (Bot.handle, as a
transport calls it); the draft is copied in bulk to `drafts` other people's chats (drafts
live in the conversations table); then every one of those chats answers its next question
through the bot, so the process has handled each draft once, as a busy desk would. The
Telegram driver is imported, as in a real bot process: python-telegram-bot (the default) or
aiogram. Prints the RSS after start-up and after the drafts, their ratio to the goal, and
for comparison the RSS of a bare interpreter that only imports the driver's library.
"""
from __future__ import annotations

import importlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from bot.app import App, build_app  # noqa: E402
from bot.config import load_config  # noqa: E402
from bot.events import Inbound  # noqa: E402
from core.notifications import CONSOLE  # noqa: E402
from storage.models.conversations import ConversationRow  # noqa: E402
from storage.models.users import UserRow  # noqa: E402
from tests.harness import DEFAULT_NOW, GOOD_ANSWERS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GOAL_MB = 150
HALF = 4  # answers given of the form's eight


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no /proc/self/status (Linux only)")


def say(app: App, username: str, text: str | None = None, button: str | None = None) -> list:
    inbound = Inbound(platform=CONSOLE, chat_id=username, sender_id=username, username=username,
                      directory_username=username, text=text, button=button)
    return app.bot.handle(inbound)


def half_filled(app: App, username: str) -> None:
    replies = say(app, username, "/new")
    button = next(b for r in replies for b in r.all_buttons() if "صدور" in b.label)
    say(app, username, button=button.data)
    for answer in GOOD_ANSWERS[:HALF]:
        say(app, username, answer)


# The module run alone: importing it as bot.transports.telegram.aiogram_types would bring the desk in.
LAZY_AIOGRAM = ("import runpy\nlazily = runpy.run_path('bot/transports/telegram/aiogram_types.py')\n"
                "with lazily['types_built_on_first_use']():\n    import aiogram\n")
LIBRARY_IMPORTS = {  # (what is printed, the import): the library as imported plainly and as the driver does
    "ptb": [("python-telegram-bot", "import telegram.ext\n")],
    "aiogram": [("aiogram, every type built at import", "import aiogram\n"),
                ("aiogram as the driver imports it (types built on first use)", LAZY_AIOGRAM)],
}


def library_alone_mb(source: str) -> float:
    """RSS of a fresh interpreter that runs only `source` (an import)."""
    probe = source + ("from pathlib import Path; print(next(int(l.split()[1]) for l in "
                      "Path('/proc/self/status').read_text().splitlines() if l.startswith('VmRSS:')))")
    return int(subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True,
                              cwd=ROOT).stdout) / 1024


def main(drafts: int = 10_000, driver: str = "ptb") -> float:
    importlib.import_module(f"bot.transports.telegram.{driver}_api")  # a real bot holds its driver
    with tempfile.TemporaryDirectory() as tmp:
        config = load_config(str(ROOT / "config.example.toml"))
        config.database.url = f"sqlite:///{Path(tmp) / 'bimeh.db'}"
        config.general.data_dir = str(Path(tmp) / "data")
        app = build_app(config, clock=lambda: DEFAULT_NOW)
        try:
            half_filled(app, "maryam")  # the first draft also warms every module and cache
            started_mb = rss_mb()
            names = [f"d{i}" for i in range(drafts)]
            with app.database.engine.begin() as connection:
                connection.execute(insert(UserRow), [{"username": n, "full_name": f"کاربر {n}", "roles": [],
                                                      "lang": "fa"} for n in names])
                ids = dict(connection.execute(select(UserRow.username, UserRow.id)).all())
                model = connection.execute(select(ConversationRow).where(
                    ConversationRow.user_id == ids["maryam"])).one()
                key = model.chat_key
                connection.execute(insert(ConversationRow), [
                    {"chat_key": key.replace("maryam", n), "user_id": ids[n], "state": model.state,
                     "updated_at": DEFAULT_NOW} for n in names])
            began = time.perf_counter()
            for name in names:  # each chat answers its next question
                replies = say(app, name, GOOD_ANSWERS[HALF])
                assert replies, name
            took = time.perf_counter() - began
            drafts_mb = rss_mb()
            open_drafts = app.database.stats(DEFAULT_NOW).active_drafts
        finally:
            app.close()
    print(f"driver {driver}; its library alone in a bare interpreter:")
    for label, source in LIBRARY_IMPORTS[driver]:
        print(f"  {label}: {library_alone_mb(source):6.1f} MB RSS")
    print(f"after start-up and one draft: {started_mb:6.1f} MB RSS")
    print(f"with {open_drafts:,} open drafts, each answered once ({took:.0f} s): {drafts_mb:6.1f} MB RSS "
          f"(+{drafts_mb - started_mb:.1f} MB)")
    print(f"RSS / goal: {drafts_mb / GOAL_MB:.2f}  (goal < 1, i.e. under {GOAL_MB} MB)")
    return drafts_mb


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]), *sys.argv[2:3])
