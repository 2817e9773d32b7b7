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
import json
import sys
from typing import TYPE_CHECKING, Any

# Only what the parser needs is imported here: `--help` and a mistyped command answer at once.
# Each command imports what it uses (SQLAlchemy, pydantic, the platforms); tests/unit/test_startup.py.
from bot import __version__
from bot.cli import arguments, insurance, setup
from bot.i18n import Translator
from bot.logs import setup_logging
from core.models import ROLES
from core.text import escape_controls, ltr, normalize_digits

if TYPE_CHECKING:
    from bot.app import App
    from bot.config import AppConfig
    from core.models import ChatAccount
    from core.tickets import TicketDetails


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

    users = sub.add_parser("users", parents=[common], help="manage users").add_subparsers(dest="users_command")
    add = users.add_parser("add", parents=[common], help="add or update a user")
    add.add_argument("username")
    add.add_argument("--name", help="full name (required for a new user)")
    add.add_argument("--role", action="append", choices=ROLES, help="repeat for several; omitted: keep")
    add.add_argument("--lang", choices=["fa", "en"], help="omitted: keep (fa for a new user)")
    add.add_argument("--telegram-id", help="link this Telegram user id (the number the bot tells them)")
    add.add_argument("--bale-id", help="link this Bale user id (the number the bot tells them in Bale)")
    add.add_argument("--move", action="store_true",
                     help="take the Telegram or Bale id from the user it is linked to now (their notifications "
                          "follow it)")
    listing = users.add_parser("list", parents=[common], help="list users")
    listing.add_argument("--json", action="store_true")

    tickets = sub.add_parser("tickets", parents=[common], help="inspect tickets").add_subparsers(
        dest="tickets_command"
    )
    tlist = tickets.add_parser("list", parents=[common], help="list tickets")
    tlist.add_argument("--json", action="store_true")
    tshow = tickets.add_parser("show", parents=[common], help="one ticket with history and comments")
    tshow.add_argument("ticket_id", type=arguments.number)
    tshow.add_argument("--json", action="store_true")
    insurance.add_parser(sub, common)
    stats = sub.add_parser("stats", parents=[common], help="a Jalali month's figures")
    stats.add_argument("month", nargs="?", default="", help="YYYY/MM, e.g. 1404/08 (default: this month)")
    stats.add_argument("--json", action="store_true")
    setup.add_parsers(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    import tomllib

    from pydantic import ValidationError

    from bot.app import StartupError, build_app
    from bot.config import config_path
    from bot.config_checks import one_line

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
            return _users(app, args, parser)
        if command == "tickets":
            return _tickets(app, args, parser)
        if command == "insurance":
            t = Translator(app.config.general.default_lang)
            return insurance.InsuranceCommands(app.desk.insurance, t, _out, _err, claims=app.desk.claims,
                                                   find_user=app.desk.directory.find,
                                                   max_file_bytes=app.desk.attachments.max_bytes).run(args, parser)
        if command == "stats":
            return _stats(app, args)
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
    from bot.config_checks import address_in_use

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


def _users(app: App, args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from core.identity import AccountLinkedElsewhere, BadUsername, UnknownRole, check_username
    from core.notifications import BALE, TELEGRAM

    t = Translator(app.config.general.default_lang)
    if args.users_command == "add":
        try:
            args.username = check_username(args.username)  # one identity however it is typed
        except BadUsername:
            _err(t("cli.bad_username", username=repr(args.username)))
            return 2
        existing = app.desk.directory.find(args.username)
        if existing is None and not args.name:
            _err(t("cli.name_required", username=args.username))
            return 2
        accounts = {}  # platform -> the id to link there
        for platform, given in ((TELEGRAM, args.telegram_id), (BALE, args.bale_id)):
            account_id = normalize_digits(given or "").strip()
            if given is not None and not account_id.lstrip("-").isdigit():
                _err(t("cli.bad_telegram_id", id=given, chat_platform=t.platform_name(platform)))
                return 2
            owner = app.desk.directory.by_account(platform, account_id) if account_id else None
            if owner is not None and owner.username != args.username and not args.move:
                # checked before anything is saved: a refused command changes nothing
                _err(t("cli.telegram_id_taken", id=account_id, owner=owner.username,
                       chat_platform=t.platform_name(platform)))
                return 2
            if account_id:
                accounts[platform] = account_id
        try:
            user = app.desk.directory.add(
                args.username,
                args.name or existing.full_name,
                args.role if args.role is not None else (existing.roles if existing else ()),
                args.lang or (existing.lang if existing else "fa"),
            )
        except UnknownRole as exc:
            _err(t("cli.unknown_role", roles=str(exc)))
            return 2
        for platform, account_id in accounts.items():
            try:
                app.desk.directory.link(user.username, platform, account_id, move=args.move)
            except AccountLinkedElsewhere as exc:  # linked by someone else in the meantime
                _err(t("cli.telegram_id_taken", id=account_id, owner=exc.owner, chat_platform=t.platform_name(platform)))
                return 2
        _out(t("cli.user_saved", username=user.username))
        return 0
    if args.users_command == "list":
        users = app.desk.directory.all()
        accounts = {u.id: app.desk.directory.accounts(u) for u in users}
        if args.json:
            _out(json.dumps([{"username": u.username, "name": u.full_name, "roles": sorted(u.all_roles),
                              "role_sources": u.role_sources(), "disabled": u.disabled, "lang": u.lang,
                              "accounts": [_account_json(a) for a in accounts[u.id]]}
                             for u in users], ensure_ascii=False, indent=2))
        else:
            for u in users:
                # each role with where it came from: directory (groups), database (users add --role)
                roles = ", ".join(f"{role}({'+'.join(where)})" for role, where in u.role_sources().items()) or "-"
                roles += " [disabled]" if u.disabled else ""
                linked = " ".join(_account_text(a) for a in accounts[u.id]) or "-"
                _out(f"{u.username}\t{u.full_name}\t{roles}\t{u.lang}\t{linked}")
        return 0
    parser.print_help()
    return 2


def _account_json(account: ChatAccount) -> dict[str, Any]:
    return {"platform": account.platform, "address": account.address,
            "undeliverable": account.undeliverable_reason}


def _account_text(account: ChatAccount) -> str:
    """`telegram:123`, or `telegram:123(undeliverable: reason)` when sending to it stopped."""
    text = f"{account.platform}:{account.address}"
    return text if account.undeliverable_reason is None else f"{text}(undeliverable: {account.undeliverable_reason})"


def _tickets(app: App, args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from bot.render.text import ticket_details, ticket_line
    from core import errors

    t = Translator(app.config.general.default_lang)
    if args.tickets_command == "list":
        tickets = app.desk.tickets.all_tickets()
        if args.json:
            users = {u.id: u.username for u in app.desk.directory.all()}
            _out(json.dumps([_ticket_json(tk, users.get(tk.owner_id)) for tk in tickets], ensure_ascii=False, indent=2))
        else:
            for ticket in tickets:
                _out(ticket_line(t, ticket))
        return 0
    if args.tickets_command == "show":
        try:
            details = app.desk.tickets.operator_details(args.ticket_id)
        except errors.TicketNotFound:
            _err(t("cli.ticket_not_found", id=args.ticket_id))
            return 1
        _out(json.dumps(_details_json(details), ensure_ascii=False, indent=2) if args.json
             else ticket_details(t, details))
        return 0
    parser.print_help()
    return 2


def _ticket_json(ticket: Any, owner: str | None) -> dict[str, Any]:
    return {
        "id": ticket.id,
        "request_type": ticket.request_type,
        "status": ticket.status,
        "owner": owner,
        "version": ticket.version,
        "fields": ticket.fields,
        "created_at": ticket.created_at.isoformat(),
        "updated_at": ticket.updated_at.isoformat(),
    }


def _details_json(details: TicketDetails) -> dict[str, Any]:
    data = _ticket_json(details.ticket, details.owner.username)
    data["history"] = [
        {"action": h.action, "actor": actor.username if actor else None, "from": h.from_status,
         "to": h.to_status, "inputs": h.inputs, "at": h.at.isoformat()}
        for h, actor in details.history
    ]
    data["comments"] = [
        {"author": author.username if author else None, "text": c.text, "at": c.at.isoformat()}
        for c, author in details.comments
    ]
    data["attachments"] = [
        {"id": a.id, "filename": a.filename, "content_type": a.content_type, "size": a.size, "sha256": a.sha256}
        for a in details.attachments
    ]
    return data


def _stats(app: App, args: argparse.Namespace) -> int:
    from bot.handlers.operations import parse_month
    from bot.render.operations import stats_text
    from core.jalali import today_jalali

    t = Translator(app.config.general.default_lang)
    month = parse_month(args.month, today_jalali(app.desk.clock()))
    if month is None:
        _err(t("stats.bad_month"))
        return 2
    figures = app.desk.stats.month(*month)
    _out(json.dumps(figures.as_json(), ensure_ascii=False, indent=2) if args.json else stats_text(t, figures))
    return 0
