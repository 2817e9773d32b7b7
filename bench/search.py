"""Does /find stay fast as the desk grows? Prints the time per search at 1,000 and at
100,000 tickets and their ratio (close to 1 means the index does the work; a full
scan would make it about 100).

    .venv/bin/python bench/search.py [tickets] [rounds]

The tickets are written in bulk straight into a migrated SQLite file with the same
terms the desk indexes (core.search.ticket_terms); the searches go through the
desk's SearchService: a mobile in another written form, a letter number, a name
typed on an Arabic keyboard, a word start, and a staff member's newest-first page.
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

from core.models import User  # noqa: E402
from core.search import SearchService, ticket_terms  # noqa: E402
from core.transactions import OwnUnits
from storage.db import open_database  # noqa: E402
from storage.models.tickets import TicketRow, TicketSearchTermRow  # noqa: E402
from storage.models.users import UserRow  # noqa: E402

FIRST = ["مریم", "علی", "رضا", "زهرا", "حسین", "سارا", "نرگس", "محمد", "فاطمه", "امیر"]
LAST = ["احمدی", "کریمی", "رفاهی", "محمدی", "حسینی", "رضایی", "موسوی", "جعفری", "صادقی", "کاظمی"]
QUERIES = ["+98 912 000 0777", "1403/50777", "علي كريمي", "کاظ", "0012345777"]


def build(directory: Path, count: int) -> SearchService:
    database = open_database(f"sqlite:///{directory / 'bench.db'}")
    rng = random.Random(count)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    with database.engine.begin() as connection:
        connection.execute(insert(UserRow), [{"username": "owner", "full_name": "مالک", "roles": [], "lang": "fa"}])
        for chunk in range(0, count, 5000):
            tickets, terms = [], []
            for i in range(chunk, min(count, chunk + 5000)):
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                fields = {"full_name": name, "mobile": f"0912{i:07d}", "letter_number": f"1403/{50000 + i}",
                          "national_id": f"0012{i:06d}", "description": "شرح درخواست"}
                at = start + timedelta(minutes=i)
                tickets.append({"id": i + 1, "request_type": "premium_issuance", "status": "submitted",
                                "owner_id": 1, "fields": fields, "version": 1, "created_at": at, "updated_at": at,
                                "state_entered_at": at})
                terms += [{"term": term, "ticket_id": i + 1}
                          for term in ticket_terms(fields, User(1, "owner", "مالک"))]
            connection.execute(insert(TicketRow), tickets)
            connection.execute(insert(TicketSearchTermRow), terms)
    return SearchService(OwnUnits(database.uow))


def per_search(service: SearchService, rounds: int) -> float:
    staff = User(2, "welfare", "زهرا رفاهی", frozenset({"welfare_expert"}))
    for query in QUERIES:
        service.find(staff, query)  # warm the cache
    started = time.perf_counter()
    for _ in range(rounds):
        for query in QUERIES:
            page = service.find(staff, query)
            assert page.tickets or query == "0012345777", query
    return (time.perf_counter() - started) / (rounds * len(QUERIES))


def main(large: int = 100_000, rounds: int = 20) -> None:
    results = {}
    for count in (1_000, large):
        with tempfile.TemporaryDirectory() as tmp:
            built = time.perf_counter()
            service = build(Path(tmp), count)
            print(f"{count:>7} tickets indexed in {time.perf_counter() - built:.1f} s")
            results[count] = per_search(service, rounds)
            print(f"{count:>7} tickets: {results[count] * 1000:.2f} ms per search")
    print(f"ratio {large:,} / 1,000 tickets: {results[large] / results[1_000]:.2f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
