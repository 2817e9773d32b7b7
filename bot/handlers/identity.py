"""Who am I, and linking a chat account: /whoami, /linkcode, /link, /unlink.

Linking is for platforms whose accounts are not the directory's own (Telegram): the
person proves who they are with their directory password (asked in two steps; the
message holding it is deleted at once) or with a one-time code from /linkcode in
Rocket.Chat or the console. A chat that is not linked yet has no user, so its
/link conversation is kept under the chat with no user (id 0).
"""
from __future__ import annotations

import logging

from bot.config import AppConfig
from bot.context import Context
from bot.errors import explain
from bot.events import Inbound, Outbound
from bot.i18n import Translator
from bot.render import when
from core import errors
from core.desk import Desk
from core.models import User
from core.people import CODE_LIFETIME
from core.text import clean_text, ltr, normalize_digits, normalize_text

log = logging.getLogger(__name__)

NO_USER = 0  # the owner of an unlinked chat's conversation
STATE = "link"  # the conversation key of the /link steps
ALLOWED_WHEN_DISABLED = {"whoami", "unlink", "help", "start"}


def command_name(text: str | None) -> str | None:
    text = clean_text(text or "")
    if not text.startswith("/"):
        return None
    return text.split(" ", 1)[0][1:].split("@", 1)[0].lower()


def allowed_when_disabled(inbound: Inbound) -> bool:
    return command_name(inbound.text) in ALLOWED_WHEN_DISABLED


def disabled(ctx: Context) -> list[Outbound]:
    return [Outbound(ctx.t("identity.disabled"))]


def roles_text(t: Translator, user: User) -> str:
    """Each role with where it came from: the directory's groups or the database."""
    sources = user.role_sources()
    if not sources:
        return t("role.requester")
    return "، ".join(f"{t(f'role.{role}')} ({'، '.join(t(f'identity.source.{s}') for s in where)})"
                     for role, where in sources.items())


# -- commands of a known person --------------------------------------------------------


def whoami(ctx: Context, args: str = "") -> list[Outbound]:
    t, user = ctx.t, ctx.user
    text = t("identity.whoami", username=ltr(user.username), name=user.full_name, roles=roles_text(t, user))
    if user.disabled:
        text += "\n" + t("identity.disabled")
    return [Outbound(text)]


def linkcode(ctx: Context, args: str = "") -> list[Outbound]:
    code = ctx.desk.people.issue_code(ctx.user)
    until = ctx.desk.clock() + CODE_LIFETIME
    return [Outbound(ctx.t("identity.code", code=ltr(code), until=when(ctx.t, until),
                           minutes=int(CODE_LIFETIME.total_seconds() // 60)))]


def link(ctx: Context, args: str = "") -> list[Outbound]:
    if ctx.inbound.directory_username is not None:  # the console, Rocket.Chat: already the directory's own
        return [Outbound(ctx.t("identity.link_elsewhere"))]
    return [Outbound(ctx.t("identity.already_linked_self", username=ltr(ctx.user.username)))]


def unlink(ctx: Context, args: str = "") -> list[Outbound]:
    if ctx.inbound.directory_username is not None:
        return [Outbound(ctx.t("identity.unlink_elsewhere"))]
    ctx.desk.people.unlink(ctx.inbound.platform, ctx.inbound.sender_id)
    ctx.forget_state()
    ctx.desk.conversations.clear(ctx.chat_key)
    return [Outbound(ctx.t("identity.unlinked"))]


COMMANDS = {"whoami": whoami, "linkcode": linkcode, "link": link, "unlink": unlink}


# -- a chat nobody is known in ---------------------------------------------------------


def unidentified(desk: Desk, config: AppConfig, inbound: Inbound) -> list[Outbound]:
    """A message from a chat account that is not linked (or a directory username nobody knows)."""
    t = Translator(config.general.default_lang)
    if inbound.directory_username is not None:
        if desk.people.has_directory:
            return [Outbound(t("identity.not_in_directory", username=ltr(inbound.directory_username)))]
        return [Outbound(t("start.unknown_user", platform=inbound.platform, id=ltr(inbound.sender_id)))]
    state = desk.conversations.get(inbound.chat_key) or {}
    step = (state.get(STATE) or {}).get("step")
    name = command_name(inbound.text) if inbound.button is None else None
    try:
        if name == "link":
            return _start_link(desk, t, inbound)
        if name == "cancel" and step:
            desk.conversations.clear(inbound.chat_key)
            return [Outbound(t("identity.link_cancelled"))]
        if step == "username" and name is None and inbound.button is None:
            return _got_username(desk, t, inbound)
        if step == "password" and name is None and inbound.button is None:
            return _got_password(desk, t, inbound, state[STATE]["username"])
    except errors.DeskError as error:
        return [Outbound(identity_error(t, error))]
    except Exception as exc:  # noqa: BLE001 - an apology, never a traceback; no input in the log
        log.error("linking failed (platform=%s): %s", inbound.platform, type(exc).__name__)
        return [Outbound(t("error.internal"))]
    text = t("start.unknown_user", platform=inbound.platform, id=ltr(inbound.sender_id))
    return [Outbound(text + "\n\n" + t("identity.link_hint"))]


def _start_link(desk: Desk, t: Translator, inbound: Inbound) -> list[Outbound]:
    args = clean_text(inbound.text or "").partition(" ")[2].strip()
    if args:  # /link CODE
        code = normalize_digits(args).replace(" ", "").replace("-", "")
        user = desk.people.link_with_code(inbound.platform, inbound.sender_id, code)
        desk.conversations.clear(inbound.chat_key)
        return [_linked(user)]
    if not desk.people.has_directory:
        return [Outbound(t("identity.code_only"))]
    desk.conversations.put(inbound.chat_key, NO_USER, {STATE: {"step": "username"}})
    return [Outbound(t("identity.ask_username"))]


def _got_username(desk: Desk, t: Translator, inbound: Inbound) -> list[Outbound]:
    username = normalize_text(inbound.text or "").strip()
    if not username:
        return [Outbound(t("identity.ask_username"))]
    desk.conversations.put(inbound.chat_key, NO_USER, {STATE: {"step": "password", "username": username}})
    return [Outbound(t("identity.ask_password", username=ltr(username)))]


def _got_password(desk: Desk, t: Translator, inbound: Inbound, username: str) -> list[Outbound]:
    # the password exactly as typed: never normalised, stored, logged or echoed
    password = (inbound.text or "").strip("\r\n")
    try:
        user = desk.people.link_with_password(inbound.platform, inbound.sender_id, username, password)
    except errors.EmptyPassword as error:
        return [Outbound(identity_error(t, error), delete_inbound=True)]
    except errors.WrongCredentials as error:
        desk.conversations.put(inbound.chat_key, NO_USER, {STATE: {"step": "username"}})
        return [Outbound(identity_error(t, error) + "\n" + t("identity.ask_username"), delete_inbound=True)]
    except errors.DeskError as error:
        desk.conversations.clear(inbound.chat_key)
        return [Outbound(identity_error(t, error), delete_inbound=True)]
    desk.conversations.clear(inbound.chat_key)
    linked = _linked(user)
    linked.delete_inbound = True
    return [linked]


def _linked(user: User) -> Outbound:
    t = Translator(user.lang)
    return Outbound(t("identity.linked", name=user.full_name, username=ltr(user.username),
                      roles=roles_text(t, user)))


def identity_error(t: Translator, error: errors.DeskError) -> str:
    return explain(t, error)
