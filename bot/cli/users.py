"""`python -m bot users add|list`: the people of the desk, their roles and the chat accounts linked to them."""
from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from bot.cli.setup import Say
from bot.i18n import Translator
from core.models import ROLES
from core.text import normalize_digits

if TYPE_CHECKING:
    from bot.app import App
    from core.models import ChatAccount


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """users add, users list."""
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


def run(app: App, args: argparse.Namespace, parser: argparse.ArgumentParser, out: Say, err: Say) -> int:
    from core.identity import AccountLinkedElsewhere, BadUsername, UnknownRole, check_username
    from core.notifications import BALE, TELEGRAM

    t = Translator(app.config.general.default_lang)
    if args.users_command == "add":
        try:
            args.username = check_username(args.username)  # one identity however it is typed
        except BadUsername:
            err(t("cli.bad_username", username=repr(args.username)))
            return 2
        existing = app.desk.directory.find(args.username)
        if existing is None and not args.name:
            err(t("cli.name_required", username=args.username))
            return 2
        accounts = {}  # platform -> the id to link there
        for platform, given in ((TELEGRAM, args.telegram_id), (BALE, args.bale_id)):
            account_id = normalize_digits(given or "").strip()
            if given is not None and not account_id.lstrip("-").isdigit():
                err(t("cli.bad_telegram_id", id=given, chat_platform=t.platform_name(platform)))
                return 2
            owner = app.desk.directory.by_account(platform, account_id) if account_id else None
            if owner is not None and owner.username != args.username and not args.move:
                # checked before anything is saved: a refused command changes nothing
                err(t("cli.telegram_id_taken", id=account_id, owner=owner.username,
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
            err(t("cli.unknown_role", roles=str(exc)))
            return 2
        for platform, account_id in accounts.items():
            try:
                app.desk.directory.link(user.username, platform, account_id, move=args.move)
            except AccountLinkedElsewhere as exc:  # linked by someone else in the meantime
                err(t("cli.telegram_id_taken", id=account_id, owner=exc.owner, chat_platform=t.platform_name(platform)))
                return 2
        out(t("cli.user_saved", username=user.username))
        return 0
    if args.users_command == "list":
        users = app.desk.directory.all()
        accounts = {u.id: app.desk.directory.accounts(u) for u in users}
        if args.json:
            out(json.dumps([{"username": u.username, "name": u.full_name, "roles": sorted(u.all_roles),
                              "role_sources": u.role_sources(), "disabled": u.disabled, "lang": u.lang,
                              "accounts": [_account_json(a) for a in accounts[u.id]]}
                             for u in users], ensure_ascii=False, indent=2))
        else:
            for u in users:
                # each role with where it came from: directory (groups), database (users add --role)
                roles = ", ".join(f"{role}({'+'.join(where)})" for role, where in u.role_sources().items()) or "-"
                roles += " [disabled]" if u.disabled else ""
                linked = " ".join(_account_text(a) for a in accounts[u.id]) or "-"
                out(f"{u.username}\t{u.full_name}\t{roles}\t{u.lang}\t{linked}")
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
