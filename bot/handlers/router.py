"""The single entry point from transports: one Inbound in, the replies out.

Order of interpretation: a button (a conversation's own goes to its frame, any other to the
handler module that declared its kind); a command; text or files for the conversation on top of
the chat's stack (bot/context.py: a /link step, a prompt, the form draft), where only
the words for cancel and back are commands (and none for a /link step, whose line may be a
password); a reply to one of our notifications (a comment); a command's Persian (or English) word
or the menu's text (bot/handlers/menu.py); otherwise a hint. Each handler module declares its
commands and button kinds in its ROUTES (bot/handlers/routes.py). When the frame on top ends, the
frame under it asks its question again; so does the top one after an unrelated command. The main
menu is hidden when a conversation starts asking and shown again when it ends. Every refusal from
core becomes a message, and an unexpected error becomes an apology with the draft kept, never a
traceback.
"""
from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, replace

from bot import buttons
from bot.buttons import ButtonData
from bot.config import AppConfig
from bot.context import LINK, Context, FileRead, Stack
from bot.conversations.frames import PromptFrame
from bot.errors import explain
from bot.events import Inbound, Outbound
from bot.handlers import actions, documents, identity, insurance, menu, operations, tickets
from bot.handlers.actions import prompts
from bot.handlers.routes import Routes
from bot.handlers.tickets import form
from bot.i18n import LANGUAGES, Translator
from bot.render.text import ticket_ref
from core import errors
from core.desk import Desk
from core.forms import validators
from core.models import User
from core.people import PasswordCheck
from core.text import clean_text, ltr

log = logging.getLogger(__name__)

# commands that deal with the open question themselves: nothing is asked again after them
ASKS_ITSELF = frozenset({"new", "cancel", "back"})


@dataclass(frozen=True)
class Identified:
    """Who sent an update: the user (None: nobody known), or why the directory could not say;
    and, for a text that answers a /link step with a password, what the directory said of it."""

    user: User | None
    directory_error: errors.DirectoryUnavailable | None = None
    password_check: PasswordCheck | None = None
    file_read: FileRead | None = None  # a file answering the form's file step, read already (Bot.ahead)


class Bot:
    def __init__(self, desk: Desk, config: AppConfig) -> None:
        self.desk = desk
        self.config = config
        own = Routes(commands={"start": self._start, "help": self._help, "cancel": self._cancel, "back": self._back,
                               "lang": self._lang},
                     buttons={"menu": self._on_menu})
        self.routes = (own + tickets.ROUTES + actions.ROUTES + operations.ROUTES + identity.ROUTES + insurance.ROUTES
                       + documents.ROUTES)
        self.commands = self.routes.commands
        self.stack = Stack([form, PromptFrame(prompts, self._is_command), identity.LinkFrame()], menu.word_of)
        # chat -> the language last used there, to speak it while the database is away
        self._known_lang: dict[str, str] = {}

    # -- identity ----------------------------------------------------------------

    def who(self, inbound: Inbound, desk: Desk) -> Identified:
        """Who wrote, asking the directory when what it said is stale, and checking the password
        that answers a /link step (a bind). The runner calls this before the update's transaction,
        so that a slow or hanging directory holds no database lock (SQLite's write lock would
        stop everyone else meanwhile)."""
        try:  # DirectoryUnavailable only for someone the database does not know yet
            if inbound.directory_username is not None:
                user = desk.people.by_username(inbound.directory_username)
            else:
                known = desk.directory.writer(inbound.platform, inbound.sender_id)
                user = desk.people.current(known) if known is not None else None
        except errors.DirectoryUnavailable as error:
            return Identified(None, error)
        if not desk.people.has_directory:  # no directory: no password to check
            return Identified(user)
        try:
            checked = identity.check_ahead(desk, inbound, user)
        except errors.StorageUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 - asked again in the handling, whose apology deletes the password
            log.error("checking a /link password ahead failed (platform=%s): %s", inbound.platform, type(exc).__name__)
            checked = None
        return Identified(user, password_check=checked)

    def ahead(self, inbound: Inbound) -> Identified:
        """What the update's handling needs asked before its transaction: who wrote (the directory
        may be slow), and a file answering a form's file step read by its parser (a roster may take
        seconds, and must hold no lock meanwhile: on SQLite everyone else's writes wait for it)."""
        who = self.who(inbound, self.desk)
        user = who.user
        if not inbound.files or user is None or user.disabled:
            return who
        ctx = Context(inbound, user, Translator(user.lang), self.desk, self.config,
                      self.desk.conversations.get(inbound.chat_key) or {})
        try:
            return replace(who, file_read=form.read_ahead(ctx))
        except errors.StorageUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 - read again in the handling, whose apology keeps the draft
            log.error("reading a file ahead failed (platform=%s): %s", inbound.platform, type(exc).__name__)
            return who

    # -- entry -------------------------------------------------------------------

    def handle(self, inbound: Inbound, who: Identified | None = None, desk: Desk | None = None) -> list[Outbound]:
        """The replies to inbound; `who` is the sender found already (else found here). `desk`: the
        desk over the update's transaction (Desk.within; the runner's); without one, the app's
        desk, each piece of work a unit of its own."""
        desk = desk or self.desk
        try:
            return self._handle(inbound, who or self.who(inbound, desk), desk)
        except errors.StorageUnavailable as error:
            return self.unavailable(inbound, error)

    def unavailable(self, inbound: Inbound, error: errors.StorageUnavailable) -> list[Outbound]:
        """The database is away for a while: nothing was done, and the next message may work.
        Told in the person's language when it is known (nothing can be read now)."""
        log.warning("database unavailable (platform=%s): %s", inbound.platform, type(error.__cause__).__name__)
        lang = self._known_lang.get(inbound.chat_key, self.config.general.default_lang)
        return [Outbound(explain(Translator(lang, inbound.platform), error))]

    def _handle(self, inbound: Inbound, who: Identified, desk: Desk) -> list[Outbound]:
        if who.directory_error is not None:
            return [Outbound(explain(Translator(self.config.general.default_lang, inbound.platform),
                                     who.directory_error))]
        user = who.user
        if user is None:
            if documents.is_verify(inbound):  # anyone may check a sheet's code
                return documents.verify_for_anyone(desk, self.config, inbound)
            return identity.unidentified(desk, self.config, inbound, who.password_check)
        if (inbound.message_id and not inbound.deduplicated
                and not desk.outbox.first_time_seen(inbound.platform, inbound.message_id)):
            # the platform delivered this message again; it was handled already (the mark is
            # committed with the handling's effects: seen means done)
            return []
        self._known_lang[inbound.chat_key] = user.lang
        ctx = Context(inbound, user, Translator(user.lang, inbound.platform), desk, self.config,
                      desk.conversations.get(inbound.chat_key) or {}, password_check=who.password_check,
                      file_read=who.file_read)
        before = ctx.frames
        try:
            if user.disabled and not identity.allowed_when_disabled(inbound):
                return identity.disabled(ctx)
            return self._with_menu(ctx, before, self._dispatch(ctx) + self.stack.returns(ctx, before))
        except errors.StorageUnavailable:
            raise
        except errors.DeskError as error:
            return self._with_menu(ctx, before, [Outbound(explain(ctx.t, error)), *self._resume(ctx)])
        except validators.ValidationError as error:
            return self._with_menu(ctx, before, [Outbound(ctx.t(f"validation.{error.code}", **error.params)),
                                                 *self._resume(ctx)])
        except Exception as exc:  # noqa: BLE001 - the person gets an apology, the log gets the trace
            # the exception's message may quote what the user typed: log its type and frames only
            log.error("handling failed (platform=%s user_id=%s): %s\n%s", inbound.platform, user.id,
                      type(exc).__name__, "".join(traceback.format_tb(exc.__traceback__)))
            return [Outbound(ctx.t("error.internal")), *self._resume_after_failure(ctx)]

    def _with_menu(self, ctx: Context, before: list[str], replies: list[Outbound]) -> list[Outbound]:
        """Hide the main menu when a form or prompt starts asking (nothing pressed by mistake in its
        place), show it again when the last one ends, and after /start or a new language."""
        if not replies:
            return replies
        asked = set(before) - {LINK}  # a /link step alone leaves the menu as it is
        asking = set(ctx.frames) - {LINK}
        if asking and not asked:
            replies[0].menu = menu.hidden_menu(ctx)
        elif not asking and (asked or ctx.show_menu):
            replies[-1].menu = menu.main_menu(ctx)
        return replies

    def _dispatch(self, ctx: Context) -> list[Outbound]:
        inbound = ctx.inbound
        if inbound.refused is not None:
            max_mb = f"{ctx.desk.attachments.max_bytes / 2**20:g}"
            return [Outbound(ctx.t(inbound.refused, max_mb=max_mb)), *self._resume(ctx)]
        if inbound.button is not None:
            return self._on_button(ctx, inbound.button)
        text = clean_text(inbound.text or "")
        if text.startswith("/"):
            replies = self._on_command(ctx, text)
            if inbound.files:
                replies += self._on_files(ctx)
            return replies
        if inbound.files:
            return self._on_files(ctx, caption=text)
        replies = self.stack.on_text(ctx, text)  # the conversation on top, if one is open
        if replies is not None:
            return replies
        if not text:
            return [Outbound(ctx.t("common.empty_message"))]
        ticket_id = self._replied_ticket(ctx)
        if ticket_id is not None:
            return prompts.comment(ctx, ticket_id, text)
        said = menu.match_words(text, self.commands)
        if said is not None:  # «درخواست‌های من», «تأیید ۱۲», the menu's «📥 کارتابل»
            name, args = said
            if name == "lang" and not args:  # the menu's language item: the other language
                args = menu.other_language(ctx)
            return self._run(ctx, name, args)
        return [Outbound(ctx.t("common.not_understood"))]

    def _is_command(self, text: str) -> bool:
        """Whether a line starts with a command's word («تأیید ۲»): a prompt asks before taking it."""
        return menu.match_words(text, self.commands) is not None

    def _resume_after_failure(self, ctx: Context) -> list[Outbound]:
        """Show the open question again from what is stored (the half-done change was rolled back)."""
        try:
            ctx.state = ctx.desk.conversations.get(ctx.inbound.chat_key) or {}
            return self._resume(ctx)
        except Exception:  # noqa: BLE001 - storage itself may be what failed
            return []

    def _replied_ticket(self, ctx: Context) -> int | None:
        if ctx.inbound.reply_to is None:
            return None
        return ctx.desk.outbox.ticket_for_reply(ctx.inbound.platform, ctx.inbound.chat_id, ctx.inbound.reply_to)

    def _resume(self, ctx: Context) -> list[Outbound]:
        """After a refusal, put the open question back in front of the person."""
        return self.stack.asks_again(ctx, returning=False)

    # -- kinds of input ----------------------------------------------------------

    def _on_command(self, ctx: Context, text: str) -> list[Outbound]:
        head, _, args = text.partition(" ")
        name = head[1:].split("@", 1)[0].lower()
        if name not in self.commands:
            return [Outbound(ctx.t("common.unknown_command", command=ltr(head))), *self._resume(ctx)]
        return self._run(ctx, name, args)

    def _run(self, ctx: Context, name: str, args: str) -> list[Outbound]:
        """A command, typed with its slash or as its word, or pressed in the menu."""
        before = ctx.frames
        replies = self.commands[name](ctx, args.strip())
        # after an unrelated command, the open question comes back, so the next line typed is not
        # taken for something else without the person knowing (one the command asked is on screen)
        if name not in ASKS_ITSELF and not ctx.asked and ctx.frames == before:
            replies += self.stack.asks_again(ctx)
        return replies

    def _on_button(self, ctx: Context, data_text: str) -> list[Outbound]:
        data = buttons.parse(data_text)
        if data is None:
            log.warning("refused malformed button data (platform=%s)", ctx.inbound.platform)
            return [Outbound(ctx.t("error.bad_button"))]
        if data.kind in self.stack.by_button:
            return self.stack.on_button(ctx, data)
        return self.routes.buttons[data.kind](ctx, data)

    def _on_menu(self, ctx: Context, data: ButtonData) -> list[Outbound]:
        """A menu item pressed where menus are buttons (Rocket.Chat, the console, the digest's «my queue»)."""
        item, after = data.args
        if item == "find" and after:  # "more results" of a search before lists paged: long gone
            return [Outbound(ctx.t("list.expired"))]
        if item == "lang":
            return self._run(ctx, "lang", menu.other_language(ctx))
        return self._run(ctx, item, "")

    def _on_files(self, ctx: Context, caption: str = "") -> list[Outbound]:
        files = ctx.inbound.files
        replies = self.stack.on_files(ctx, files, caption)
        if replies is not None:
            return replies
        ticket_id = self._replied_ticket(ctx)
        if ticket_id is not None:
            ctx.desk.tickets.get_visible(ctx.user, ticket_id)
            ids = []
            for incoming in files:
                ids.append(ctx.desk.attachments.store(ctx.user, incoming.filename, incoming.data).id)
            ctx.desk.tickets.comment(ctx.user, ticket_id, caption, ids, origin=ctx.inbound.origin)
            return [Outbound(ctx.t("comment.sent", ref=ticket_ref(ctx.t, ticket_id)), ticket_id=ticket_id)]
        return [Outbound(ctx.t("files.unexpected"))]

    # -- small commands ----------------------------------------------------------

    def _start(self, ctx: Context, args: str = "") -> list[Outbound]:
        t = ctx.t
        roles = "، ".join(t(f"role.{role}") for role in sorted(ctx.user.all_roles)) or t("role.requester")
        text = t("start.greeting", name=ctx.user.full_name, username=ltr(ctx.user.username), roles=roles)
        ctx.show_menu = True
        return [Outbound(text + "\n\n" + menu.shown_help(ctx))]  # the open question comes back (_run)

    def _help(self, ctx: Context, args: str = "") -> list[Outbound]:
        """A short word on each menu item and a button to start; the commands on `/help commands`."""
        if menu.asks_for_commands(args):
            return [Outbound(self._help_text(ctx))]
        return [menu.help_reply(ctx)]

    def _help_text(self, ctx: Context) -> str:
        t = ctx.t
        text = t("help.requester") + "\n" + t("operations.help_requester") + "\n" + identity.help_text(ctx)
        if ctx.user.is_staff:
            text += "\n\n" + t("help.expert") + "\n" + t("operations.help_staff")
        if ctx.user.all_roles & ctx.desk.sla.policy.manager_roles():
            text += "\n\n" + t("operations.help_manager")
        return text + insurance.help_text(ctx) + documents.help_text(ctx)

    def _cancel(self, ctx: Context, args: str) -> list[Outbound]:
        if args:  # "/cancel 12": cancel one's own request
            return actions.command(ctx, "cancel", args)
        replies = self.stack.cancel(ctx)  # ended: the frame under it asks again (Stack.returns)
        return replies if replies is not None else [Outbound(ctx.t("common.nothing_to_cancel"))]

    def _back(self, ctx: Context, args: str) -> list[Outbound]:
        replies = self.stack.back(ctx)
        return replies if replies is not None else [Outbound(ctx.t("common.nothing_to_go_back"))]

    def _lang(self, ctx: Context, args: str) -> list[Outbound]:
        lang = args.strip().lower()
        if lang not in LANGUAGES:
            return [Outbound(ctx.t("lang.usage"))]
        ctx.user = ctx.desk.directory.set_lang(ctx.user, lang)
        ctx.t = Translator(lang, ctx.inbound.platform)
        ctx.show_menu = True  # the menu in the new language
        self._known_lang[ctx.inbound.chat_key] = lang
        return [Outbound(ctx.t("lang.changed"))]

