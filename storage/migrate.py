"""Bring a database schema up to date: python -m storage.migrate URL

For operators; the application migrates on start-up through open_database, one process at a
time (storage/upgrade.py), and `bimeh-desk migrate` does it for the configured database.
"""
from __future__ import annotations

import argparse
import logging
import sys

from storage.db import open_database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m storage.migrate", description=__doc__)
    parser.add_argument("url", help="SQLAlchemy database URL, e.g. sqlite:///data/bimeh.db")
    args = parser.parse_args(argv)
    # Alembic reports each revision it applies through logging.
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    database = open_database(args.url)
    database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
