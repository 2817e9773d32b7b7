"""Who am I, and linking a chat account: /whoami, /linkcode, /link, /unlink.

Linking is for platforms whose accounts are not the directory's own (Telegram, Bale): the
person proves who they are with their directory password (asked in two steps; the
message holding it is deleted at once) or with a one-time code from /linkcode in
Rocket.Chat or the console. A chat that is not linked yet has no user, so its
/link conversation is kept under the chat with no user (id 0).
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from bot.buttons import ButtonData
from bot.config import AppConfig
from bot.context import BACK, BUTTONS, FILES, LINK, Context
from bot.errors import explain
from bot.events import Inbound, IncomingFile, Outbound
from bot.handlers.routes import Routes
from bot.i18n import Translator
from bot.render.text import when
from core import errors
from core.desk import Desk
from core.models import User
from core.notifications import LINKED_PLATFORMS, TELEGRAM
from core.people import CODE_LIFETIME, PasswordCheck
from core.text import clean_text, ltr, normalize_digits, normalize_text

log = logging.getLogger(__name__)

NO_USER = 0  # the owner of an unlinked chat's conversation
STATE = LINK  # the conversation key of the /link steps
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
                           minutes=int(CODE_LIFETIME.total_seconds() // 60), linkable=linkable(ctx.t, ctx.config)))]


def link(ctx: Context, args: str = "") -> list[Outbound]:
    """/link from a chat account linked already: moving it to someone else needs the newcomer's own
    password or code first, then the holder's password or a code the holder made; never silently."""
    if ctx.inbound.directory_username is not None:  # the console, Rocket.Chat: already the directory's own
        return [Outbound(ctx.t("identity.link_elsewhere", linkable=linkable(ctx.t, ctx.config)))]
    _end_move(ctx)
    if args:  # /link CODE: the newcomer's own code
        code = normalize_digits(args).replace(" ", "").replace("-", "")
        newcomer = ctx.desk.people.prove_with_code(ctx.inbound.platform, ctx.inbound.sender_id, code)
        return _ask_holder(ctx, newcomer)
    if not ctx.desk.people.has_directory:
        return [Outbound(ctx.t("identity.code_only"))]
    _save_move(ctx, {"step": "username"})
    return [Outbound(ctx.t("identity.ask_username"))]


class LinkFrame:
    """A /link that would move this chat account's link, as a frame on the chat's stack
    (bot/context.py): pushed over whatever was asking, it takes the next line, any
    line (a password may be «انصراف»); files and «back» go to the frame under it."""

    kind = LINK
    buttons: frozenset[str] = frozenset()
    passes = frozenset({FILES, BACK, BUTTONS})
    takes_words = False

    def ask(self, ctx: Context, step: dict[str, Any], returning: bool = False) -> list[Outbound]:
        if step.get("step") == "password":
            return [Outbound(ctx.t("identity.ask_password", username=ltr(step["username"])))]
        if step.get("step") == "holder":
            return [Outbound(ctx.t("identity.ask_holder", holder=ltr(ctx.user.username)))]
        return [Outbound(ctx.t("identity.ask_username"))]

    def on_text(self, ctx: Context, step: dict[str, Any], text: str) -> list[Outbound]:
        return on_move_text(ctx)  # the line exactly as typed (a password is never cleaned)

    def on_files(self, ctx: Context, step: dict[str, Any], files: tuple[IncomingFile, ...],
                 caption: str = "") -> list[Outbound]:
        return [Outbound(ctx.t("files.unexpected")), *self.ask(ctx, step)]  # passed under it by the stack

    def on_button(self, ctx: Context, step: dict[str, Any], pressed: ButtonData, on_top: bool) -> list[Outbound]:
        return self.closed_button(ctx, pressed)

    def closed_button(self, ctx: Context, pressed: ButtonData) -> list[Outbound]:
        return [Outbound(ctx.t("error.bad_button"))]  # it draws no buttons

    def cancel(self, ctx: Context) -> list[Outbound]:
        _end_move(ctx)
        return [Outbound(ctx.t("identity.link_cancelled"))]

    def back(self, ctx: Context, step: dict[str, Any]) -> list[Outbound]:
        return [Outbound(ctx.t("common.nothing_to_go_back"))]  # passed under it by the stack


def on_move_text(ctx: Context) -> list[Outbound]:
    """The next answer of a /link that would move the link: the newcomer's username or password,
    or the holder's password or code. Messages with a password or code are deleted."""
    move = ctx.state[STATE]
    step = move.get("step")
    try:
        if step == "username":
            username = normalize_text(ctx.inbound.text or "").strip()
            if not username:
                return [Outbound(ctx.t("identity.ask_username"))]
            _save_move(ctx, {"step": "password", "username": username})
            return [Outbound(ctx.t("identity.ask_password", username=ltr(username)))]
        secret = (ctx.inbound.text or "").strip("\r\n")  # exactly as typed; never stored, logged or echoed
        try:
            if step == "password":
                return _deleting(_got_newcomer_password(ctx, move["username"], secret))
            if step == "holder":
                return _deleting(_got_holder_proof(ctx, move, secret))
        except errors.DeskError:
            raise  # answered below
        except Exception as exc:  # noqa: BLE001 - the message was a password or code: deleted whatever went wrong
            log.error("moving a link failed (platform=%s): %s", ctx.inbound.platform, type(exc).__name__)
            return _deleting([Outbound(ctx.t("error.internal"))])
    except errors.DeskError as error:
        if not isinstance(error, (errors.WrongCredentials, errors.BadLinkCode, errors.EmptyPassword)):
            _end_move(ctx)
        return _deleting([Outbound(identity_error(ctx.t, error))]) if step != "username" else \
            [Outbound(identity_error(ctx.t, error))]
    _end_move(ctx)
    return [Outbound(ctx.t("common.not_understood"))]


def _got_newcomer_password(ctx: Context, username: str, password: str) -> list[Outbound]:
    try:
        newcomer = ctx.desk.people.prove_with_password(ctx.inbound.platform, ctx.inbound.sender_id,
                                                       username, password, ctx.password_check)
    except errors.WrongCredentials as error:
        _save_move(ctx, {"step": "username"})
        return [Outbound(identity_error(ctx.t, error) + "\n" + ctx.t("identity.ask_username"))]
    return _ask_holder(ctx, newcomer)


def _ask_holder(ctx: Context, newcomer: User) -> list[Outbound]:
    if newcomer.id == ctx.user.id:
        _end_move(ctx)
        return [Outbound(ctx.t("identity.already_linked_self", username=ltr(ctx.user.username)))]
    until = ctx.desk.clock() + CODE_LIFETIME  # the newcomer's proof is good this long
    _save_move(ctx, {"step": "holder", "newcomer": newcomer.id, "until": until.isoformat()})
    return [Outbound(ctx.t("identity.ask_holder", holder=ltr(ctx.user.username)))]


def _got_holder_proof(ctx: Context, move: dict, proof: str) -> list[Outbound]:
    if _move_expired(ctx.desk, move):
        _end_move(ctx)
        return [Outbound(ctx.t("identity.move_expired"))]
    try:
        user = ctx.desk.people.move_link(ctx.inbound.platform, ctx.inbound.sender_id, ctx.user.id,
                                         int(move["newcomer"]), proof, ctx.password_check)
    except (errors.WrongCredentials, errors.BadLinkCode, errors.EmptyPassword) as error:
        return [Outbound(identity_error(ctx.t, error) + "\n"
                         + ctx.t("identity.ask_holder", holder=ltr(ctx.user.username)))]
    # the chat is someone else's now: the holder's draft or question (their name, their mobile)
    # is not handed to the newcomer, as /unlink drops it too
    ctx.forget_state()
    ctx.desk.conversations.clear(ctx.inbound.chat_key)
    return [_linked(user, ctx.inbound.platform)]


def _move_expired(desk: Desk, move: dict) -> bool:
    return desk.clock() >= datetime.fromisoformat(move["until"])


def _deleting(replies: list[Outbound]) -> list[Outbound]:
    if replies:
        replies[0].delete_inbound = True
    return replies


def _save_move(ctx: Context, move: dict) -> None:
    ctx.set_link(move)


def _end_move(ctx: Context) -> None:
    ctx.end_link()


def unlink(ctx: Context, args: str = "") -> list[Outbound]:
    if ctx.inbound.directory_username is not None:
        return [Outbound(ctx.t("identity.unlink_elsewhere"))]
    ctx.desk.people.unlink(ctx.inbound.platform, ctx.inbound.sender_id)
    ctx.forget_state()
    ctx.desk.conversations.clear(ctx.inbound.chat_key)
    return [Outbound(ctx.t("identity.unlinked"))]


def help_text(ctx: Context) -> str:
    """The identity commands this platform has: /link and /unlink only where accounts are linked."""
    if ctx.inbound.platform in LINKED_PLATFORMS:
        return ctx.t("identity.help_linked")
    return ctx.t("identity.help_elsewhere", linkable=linkable(ctx.t, ctx.config))


def linkable(t: Translator, config: AppConfig) -> str:
    """Where a /linkcode code is used: the configured platforms whose accounts are linked
    («تلگرام یا بله»), Telegram when none is configured (the command still works there later)."""
    names = [t.platform_name(platform) for platform in LINKED_PLATFORMS
             if (section := getattr(config, platform, None)) is not None and section.enabled] \
        or [t.platform_name(TELEGRAM)]
    return names[0] if len(names) == 1 else t("platform_name.either", first=names[0], second=names[1])


ROUTES = Routes(commands={"whoami": whoami, "linkcode": linkcode, "link": link, "unlink": unlink})


# -- the directory's part, before the update's transaction ------------------------------


def check_ahead(desk: Desk, inbound: Inbound, user: User | None) -> PasswordCheck | None:
    """When this text answers a /link step with a password (the newcomer's, or the holder's of a
    link being moved), the directory's word on it (a desk with a directory): the bind is made here, before the update's
    transaction, so a slow or hanging directory holds no database lock meanwhile. Its handling
    in the transaction only records what it means. None for anything else."""
    if (inbound.directory_username is not None or inbound.button is not None
            or inbound.files or inbound.refused is not None or command_name(inbound.text) is not None
            or (user is not None and user.disabled)):
        return None
    step = ((desk.conversations.get(inbound.chat_key) or {}).get(STATE)) or {}
    secret = (inbound.text or "").strip("\r\n")  # as the step will take it; never kept
    if step.get("step") == "password":
        return desk.people.check_password(inbound.platform, inbound.sender_id, step["username"], secret)
    if step.get("step") == "holder" and user is not None and not _move_expired(desk, step):
        return desk.people.check_holder_password(inbound.platform, inbound.sender_id, secret)
    return None


# -- a chat nobody is known in ---------------------------------------------------------


def unidentified(desk: Desk, config: AppConfig, inbound: Inbound,
                 password_check: PasswordCheck | None = None) -> list[Outbound]:
    """A message from a chat account that is not linked (or a directory username nobody knows)."""
    t = Translator(config.general.default_lang, inbound.platform)
    if inbound.directory_username is not None:
        if desk.people.has_directory:
            return [Outbound(t("identity.not_in_directory", username=ltr(inbound.directory_username)))]
        return [Outbound(t("start.unknown_user", id=ltr(inbound.sender_id)))]
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
            return _got_password(desk, t, inbound, state[STATE]["username"], password_check)
    except errors.DeskError as error:
        return [Outbound(identity_error(t, error))]
    except Exception as exc:  # noqa: BLE001 - an apology, never a traceback; no input in the log
        log.error("linking failed (platform=%s): %s", inbound.platform, type(exc).__name__)
        # a message that was a password is deleted whatever went wrong
        return [Outbound(t("error.internal"), delete_inbound=step == "password" and name is None)]
    text = t("start.unknown_user", id=ltr(inbound.sender_id))
    return [Outbound(text + "\n\n" + t("identity.link_hint"))]


def _start_link(desk: Desk, t: Translator, inbound: Inbound) -> list[Outbound]:
    args = clean_text(inbound.text or "").partition(" ")[2].strip()
    if args:  # /link CODE
        code = normalize_digits(args).replace(" ", "").replace("-", "")
        user = desk.people.link_with_code(inbound.platform, inbound.sender_id, code)
        desk.conversations.clear(inbound.chat_key)
        return [_linked(user, inbound.platform)]
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


def _got_password(desk: Desk, t: Translator, inbound: Inbound, username: str,
                  checked: PasswordCheck | None) -> list[Outbound]:
    # the password exactly as typed: never normalised, stored, logged or echoed
    password = (inbound.text or "").strip("\r\n")
    try:
        user = desk.people.link_with_password(inbound.platform, inbound.sender_id, username, password, checked)
    except errors.EmptyPassword as error:
        return [Outbound(identity_error(t, error), delete_inbound=True)]
    except errors.WrongCredentials as error:
        desk.conversations.put(inbound.chat_key, NO_USER, {STATE: {"step": "username"}})
        return [Outbound(identity_error(t, error) + "\n" + t("identity.ask_username"), delete_inbound=True)]
    except errors.DeskError as error:
        desk.conversations.clear(inbound.chat_key)
        return [Outbound(identity_error(t, error), delete_inbound=True)]
    desk.conversations.clear(inbound.chat_key)
    linked = _linked(user, inbound.platform)
    linked.delete_inbound = True
    return [linked]


def _linked(user: User, platform: str) -> Outbound:
    t = Translator(user.lang, platform)
    return Outbound(t("identity.linked", name=user.full_name, username=ltr(user.username),
                      roles=roles_text(t, user)))


def identity_error(t: Translator, error: errors.DeskError) -> str:
    return explain(t, error)
