"""`python -m bot stats [YYYY/MM]`: a Jalali month's figures (opened, closed, time to close), or --json."""
from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from bot.cli.setup import Say
from bot.i18n import Translator

if TYPE_CHECKING:
    from bot.app import App


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """stats [YYYY/MM] [--json]."""
    stats = sub.add_parser("stats", parents=[common], help="a Jalali month's figures")
    stats.add_argument("month", nargs="?", default="", help="YYYY/MM, e.g. 1404/08 (default: this month)")
    stats.add_argument("--json", action="store_true")


def run(app: App, args: argparse.Namespace, out: Say, err: Say) -> int:
    from bot.handlers.operations import parse_month
    from bot.render.operations import stats_text
    from core.jalali import today_jalali

    t = Translator(app.config.general.default_lang)
    month = parse_month(args.month, today_jalali(app.desk.clock()))
    if month is None:
        err(t("stats.bad_month"))
        return 2
    figures = app.desk.stats.month(*month)
    out(json.dumps(figures.as_json(), ensure_ascii=False, indent=2) if args.json else stats_text(t, figures))
    return 0
