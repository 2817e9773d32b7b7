"""Command line: run the bot, open the console as a user, manage users, inspect tickets.

    python -m bot                      run every configured transport (the console when none)
    python -m bot migrate              bring the database's schema up to date (every start does it too)
    python -m bot console --user NAME  the bot in this terminal, as NAME
    python -m bot users add NAME --name "..." [--role ROLE ...] [--lang fa|en] [--telegram-id ID] [--bale-id ID]
    python -m bot users list [--json]
    python -m bot tickets list [--json]
    python -m bot tickets show N [--json]
    python -m bot insurance ...        contracts, endorsements, renewals, reports (docs/insurance.md)
    python -m bot stats [YYYY/MM] [--json]   the month's figures (Jalali month; default this month)
    python -m bot insurance claims ... claims: notice, assessment, payment order (docs/claims.md)
    python -m bot init                 write config.toml from the example (nothing runs without a config)
    python -m bot --demo [COMMAND]     the example's demo users on a throwaway database (data/demo/)
    python -m bot backup FILE          database and data folder in one archive; restore FILE brings it back
    python -m bot --version

Installed, the same commands are `bimeh-desk ...`.
"""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

# Only what the parser needs is imported here: `--help` and a mistyped command answer at once.
# Each command imports what it uses (SQLAlchemy, pydantic, the platforms); tests/unit/test_startup.py.
from bot import __version__
from bot.cli import arguments, insurance, setup, stats, tickets, users
from bot.i18n import Translator
from bot.logs import setup_logging
from core.text import escape_controls, ltr

if TYPE_CHECKING:
    from bot.app import App
    from bot.config import AppConfig


def _parser() -> argparse.ArgumentParser:
    common = arguments.Parser(add_help=False)
    common.add_argument("--config", default=argparse.SUPPRESS, help="configuration file (TOML)")
    common.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                        help="log more: -v what the desk does, -vv everything (else [logging] level)")
    setup.add_options(common)

    parser = arguments.Parser(prog=setup.prog(), parents=[common], description="Bimeh Desk chat bot")
    parser.add_argument("--version", action="version", version=f"bimeh-desk {__version__}")
    sub = parser.add_subparsers(dest="command")

    sub.add_parser("run", parents=[common], help="run every configured transport (default)")
    sub.add_parser("migrate", parents=[common],
                   help="bring the database to the newest schema and say what was applied (also done on every start)")

    console = sub.add_parser("console", parents=[common], help="use the bot in this terminal")
    console.add_argument("--user", help="directory username to act as (default: [console] default_user)")

    users.add_parser(sub, common)
    tickets.add_parser(sub, common)
    insurance.add_parser(sub, common)
    stats.add_parser(sub, common)
    setup.add_parsers(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    import tomllib

    from pydantic import ValidationError

    from bot.app import StartupError, build_app
    from bot.config import config_path
    from bot.config.checks import one_line

    verbose = getattr(args, "verbose", 0)
    setup_logging(verbose=verbose)
    command = args.command or "run"
    if command == "init":
        return setup.init(args, _out, _err)
    try:
        config = setup.chosen_config(args, _err)
    except setup.SetupRefused as exc:
        _err(str(exc))
        return 2
    except UnicodeDecodeError as exc:
        _err(f"{config_path(getattr(args, 'config', None))}: not UTF-8 text (byte {exc.start}); save it as UTF-8")
        return 2
    except ValidationError as exc:
        # an operator's mistake in the file: which file, which key, what; one line, no traceback
        _err(f"{config_path(getattr(args, 'config', None))}: {one_line(exc)}")
        return 2
    except (OSError, tomllib.TOMLDecodeError) as exc:
        _err(f"{config_path(getattr(args, 'config', None))}: {' '.join(str(exc).split())}")
        return 2
    setup_logging(config.logging.format, config.logging.level, verbose)
    if command == "migrate":
        return _migrate(config)
    if command in ("backup", "restore"):  # on the database as it is: neither migrated nor filled
        return (setup.backup if command == "backup" else setup.restore)(config, args, _out, _err)
    if command == "run" and config.platform_problems():
        _err(f"{config.source}: " + "; ".join(config.platform_problems()))
        return 2
    if command == "run" and (busy := _busy_addresses(config)):
        _err(f"{config.source}: " + "; ".join(busy))
        return 2
    try:
        app = build_app(config)
    except StartupError as exc:
        _err(f"{config.source}: {exc}")
        return 2
    try:
        if command == "run":
            return _run(app)
        if command == "console":
            return _run_console(app, getattr(args, "user", None))
        if command == "users":
            return users.run(app, args, parser, _out, _err)
        if command == "tickets":
            return tickets.run(app, args, parser, _out, _err)
        if command == "insurance":
            t = Translator(app.config.general.default_lang)
            return insurance.InsuranceCommands(app.desk.insurance, t, _out, _err, claims=app.desk.claims,
                                                   find_user=app.desk.directory.find,
                                                   max_file_bytes=app.desk.attachments.max_bytes).run(args, parser)
        if command == "stats":
            return stats.run(app, args, _out, _err)
        parser.print_help()
        return 2
    finally:
        app.close()


def _out(text: str) -> None:
    # stored text may hold control characters from before they were stripped on arrival
    sys.stdout.write(escape_controls(text) + "\n")
    sys.stdout.flush()


def _err(text: str) -> None:
    """Refusals go to stderr, so a script reading --json output never parses a message."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def _migrate(config: AppConfig) -> int:
    """The migrations alone, for an upgrade by hand: each one applied, or that there was none."""
    from bot.app import StartupError, migrate

    t = Translator(config.general.default_lang)
    try:
        applied, revision = migrate(config)
    except StartupError as exc:
        _err(f"{config.source}: {exc}")
        return 2
    for migration in applied:
        _out(t("cli.migration_applied", revision=migration.revision, description=migration.description))
    _out(t("cli.migrations_applied", count=len(applied), revision=revision) if applied
         else t("cli.schema_current", revision=revision))
    return 0


def _busy_addresses(config: AppConfig) -> list[str]:
    """The listen addresses `run` would serve that nothing can listen on now, each with its key
    (checked before anything starts: a port in use is one line, not a transport stopping)."""
    from bot.config.checks import address_in_use

    return [f"{key} {address}: {problem}" for key, address in config.listen_addresses()
            if (problem := address_in_use(address)) is not None]


def _run(app: App) -> int:
    """Every configured chat transport; the console only when no platform is configured."""
    from bot.app import log_calendar_horizon
    from bot.runtime.serve import background_jobs, configured_transports, run_until_signalled

    transports = configured_transports(app)
    if not transports and app.config.telegram is None and app.config.bale is None and app.config.rocketchat is None:
        return _run_console(app, None)
    log_calendar_horizon(app)
    try:
        run_until_signalled(transports + background_jobs(app))
    except KeyboardInterrupt:
        pass
    except OSError as exc:  # e.g. a port taken between the check and the start: its errno's words
        _err(f"stopped: {type(exc).__name__} ({exc.strerror or 'no reason given'})")
        return 1
    except Exception as exc:  # noqa: BLE001 - its message may carry a URL with the bot token
        _err(f"stopped: {type(exc).__name__}")
        return 1
    return 0


def _run_console(app: App, username: str | None) -> int:
    import asyncio

    from bot.app import log_calendar_horizon
    from bot.transports.console import ConsoleTransport
    from core import errors

    t = Translator(app.config.general.default_lang)
    username = username or app.config.console.default_user
    if not username:
        _err(t("console.no_user"))
        return 2
    try:
        # as the router does for Rocket.Chat: the database, else the directory (created on first use)
        user = app.desk.people.by_username(username)
    except errors.DirectoryUnavailable:
        _err(t("identity.directory_unavailable"))
        return 2
    if user is None:
        known = "identity.not_in_directory" if app.desk.people.has_directory else "console.unknown_user"
        _err(t(known, username=ltr(username)))
        return 2
    if user.disabled:  # told at once; it may still look (/whoami), not file or act
        _out(Translator(user.lang)("identity.disabled"))
    log_calendar_horizon(app)
    console = ConsoleTransport(app.runner, user.username, user.lang,
                               poll_interval=app.config.console.poll_interval_seconds,
                               max_file_bytes=app.desk.attachments.max_bytes)
    try:
        asyncio.run(console.run())
    except KeyboardInterrupt:
        pass
    return 0
