"""Do /my and /queue stay fast as the desk grows? Prints the handling time of each at
1,000 and at 100,000 tickets and their ratio (goal: under 2; a person gets a page of ten,
so the size of the desk should hardly show).

    .venv/bin/python -m bench.lists [tickets] [rounds]

The tickets are written in bulk straight into a migrated SQLite file, spread over the
premium-issuance states; one requester (maryam) owns a tenth of them, so her /my has
10,000 to page through, and a tenth wait for the welfare expert (status submitted), so
his /queue does too. The commands go through the bot's own entry point (Bot.handle),
as a transport would call it: parsing, the database, the page, the rendered text.
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from bot.app import App, build_app  # noqa: E402
from bot.config import load_config  # noqa: E402
from bot.events import Inbound  # noqa: E402
from core.notifications import CONSOLE  # noqa: E402
from storage.models.tickets import TicketRow  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2024, 11, 20, 7, 30, tzinfo=timezone.utc)  # a weekday morning in Tehran
# the premium-issuance states, a tenth of the tickets in each (submitted: the welfare expert's queue)
STATES = ["submitted", "document_review", "returned", "company_review", "draft_policy", "policy_issued",
          "voucher_registered", "paid", "rejected", "cancelled"]
FIELDS = {"full_name": "مریم احمدی", "org_unit": "معاونت پژوهشی", "contact_number": "021-88776655",
          "mobile": "09121234567", "letter_number": "1403/2345", "incident_date": "2024-11-05",
          "description": "شرح درخواست", "priority": "high"}


def build(directory: Path, count: int) -> App:
    config = load_config(str(ROOT / "config.example.toml"))
    config.database.url = f"sqlite:///{directory / 'bench.db'}"
    config.general.data_dir = str(directory / "data")
    app = build_app(config, clock=lambda: NOW)
    owner = app.desk.directory.find("maryam").id
    others = [app.desk.directory.find(name).id for name in ("reza", "admin")]
    rng = random.Random(count)
    start = NOW - timedelta(days=400)
    with app.database.engine.begin() as connection:
        for chunk in range(0, count, 5000):
            rows = []
            for i in range(chunk, min(count, chunk + 5000)):
                at = start + timedelta(seconds=i * 400 * 86400 // count)
                rows.append({"id": i + 1, "request_type": "premium_issuance", "status": STATES[i % 10],
                             "owner_id": owner if i % 10 == rng.randrange(10) else rng.choice(others),
                             "fields": FIELDS, "version": 1, "created_at": at, "updated_at": at,
                             "state_entered_at": at})
            connection.execute(insert(TicketRow), rows)
    return app


def handle(app: App, username: str, text: str) -> str:
    inbound = Inbound(platform=CONSOLE, chat_id=username, sender_id=username, username=username,
                      directory_username=username, text=text)
    return "\n".join(reply.text for reply in app.bot.handle(inbound))


def per_call(app: App, username: str, text: str, rounds: int) -> float:
    handle(app, username, text)  # warm caches
    started = time.perf_counter()
    for _ in range(rounds):
        handle(app, username, text)
    return (time.perf_counter() - started) / rounds


def measure(count: int, rounds: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        built = time.perf_counter()
        app = build(Path(tmp), count)
        print(f"{count:>7,} tickets written in {time.perf_counter() - built:.1f} s")
        try:
            results = {"/my (requester)": per_call(app, "maryam", "/my", rounds),
                       "/queue (welfare expert)": per_call(app, "welfare", "/queue", rounds)}
        finally:
            app.close()
    for name, seconds in results.items():
        print(f"{count:>7,} tickets: {name:<24} {seconds * 1000:7.2f} ms")
    return results


def main(large: int = 100_000, rounds: int = 20, small: int = 1_000) -> dict[str, float]:
    base, big = measure(small, rounds), measure(large, rounds)
    ratios = {name: big[name] / base[name] for name in base}
    for name, ratio in ratios.items():
        print(f"ratio {large:,} / {small:,} tickets, {name:<24}: {ratio:5.2f}   (goal < 2)")
    return ratios


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
