"""The Telegram transport: updates in (long polling or webhook), replies and notifications out.

Library-neutral: it talks to Telegram through a BotApi driver. Updates of one
chat are handled one after another in arrival order (a photo being downloaded
is not overtaken by the text sent after it); chats run side by side. The same
transport serves Bale, whose Bot API has Telegram's shape, as a platform of its
own (flavours.py says what differs).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import partial
from typing import Any, TypeVar

from bot.app import App
from bot.config import TelegramConfig
from bot.config.checks import host_port
from bot.events import FILES_TOO_LARGE, Inbound, IncomingFile, Menu, Outbound
from bot.handlers.menu import is_word
from bot.runtime import metrics
from bot.runtime.delivery import SHUTDOWN_GRACE_SECONDS, DeliveryError, OutboxDispatcher, RateLimits
from bot.runtime.kept_replies import SentMarks, Unsent, sleep_unless
from bot.runtime.runner import AfterHandling
from bot.transports.telegram.api import (
    CALLBACK_TEXT_LIMIT,
    DOWNLOAD_LIMIT,
    TEXT_LIMIT,
    BadRequest,
    BotApi,
    Markup,
    RetryAfter,
    TooLarge,
    Transient,
    Unreachable,
)
from bot.transports.telegram.commands import CommandMenus
from bot.transports.telegram.flavours import TELEGRAM_FLAVOUR, Flavour
from bot.transports.telegram.mapping import (
    FILE_TOO_LARGE,
    FileRef,
    Incoming,
    Pressed,
    inline_markup,
    parse_update,
    split_text,
)
from bot.transports.telegram.webhook import WebhookServer, secret_url
from core.desk import Desk
from core.errors import StorageUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")
REPLY_ATTEMPTS = 5
DOWNLOAD_FAILED = "telegram.file_download_failed"


class TelegramTransport:
    def __init__(self, app: App, api: BotApi, config: TelegramConfig, outbox_interval: float = 0.5,
                 flavour: Flavour = TELEGRAM_FLAVOUR) -> None:
        self.app = app
        self.api = api
        self.config = config
        self.flavour = flavour
        self.platform = flavour.platform  # its accounts, outbox rows, inbox rows and metrics
        self.outbox_interval = outbox_interval
        limits = RateLimits(config.messages_per_second, config.per_chat_interval_seconds)
        # this transport is its Sender
        self.dispatcher = OutboxDispatcher(app.desk, self, limits, blocking=app.threads.run)
        self.limiter = self.dispatcher.limiter  # replies share the overall rate with notifications
        self.menus = CommandMenus(api, app.desk, app.config.general.default_lang, self.platform,
                                  supported=flavour.command_menus)
        self.max_file_bytes = min(app.desk.attachments.max_bytes, DOWNLOAD_LIMIT)
        self._chats: dict[str, asyncio.Task] = {}  # the newest handling task of each chat
        self._tasks: set[asyncio.Task] = set()
        self._contact_keyboard: set[int] = set()  # chats shown the "share my number" keyboard
        # inbox updates (polling) whose replies were sent, marked so together
        self._replied = SentMarks(partial(app.desk.inbox.replied, self.platform), app.threads.run)
        # webhook mode has no inbox: its replies are kept apart until sent
        self.keeper = app.reply_keeper(self.platform) if config.mode == "webhook" else None

    # -- running -----------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        await self.api.start()
        if self.keeper is not None:
            await self.keeper.lease.acquire()
        done = asyncio.Event()  # ends the dispatcher when this transport ends, whatever the reason
        dispatcher = asyncio.create_task(self.dispatcher.run(done, interval=self.outbox_interval))
        marks = asyncio.create_task(self._replied.run(done) if self.keeper is None
                                    else self.keeper.run(done, self._resend_kept))
        relay = asyncio.create_task(_relay(stop, done))
        try:
            await self.menus.publish_all()
            if self.config.mode == "webhook":
                await self._serve_webhook(stop)
            else:
                await self._poll(stop)
        finally:
            done.set()
            relay.cancel()
            # SIGTERM: the updates in hand are finished and answered (for a while at most)
            if self._tasks:
                await asyncio.wait(list(self._tasks), timeout=SHUTDOWN_GRACE_SECONDS)
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(dispatcher, marks, relay, *self._tasks, return_exceptions=True)
            # what the last updates' replies were (a restart sends no copy)
            await self._replied.flush()
            if self.keeper is not None:
                await self.keeper.marks.flush()
                await self.keeper.lease.release()
            await self.api.close()

    async def _poll(self, stop: asyncio.Event) -> None:
        await self._delete_webhook(stop)  # getUpdates is refused while a webhook is set
        # what was handled and not answered before a crash, then what was stored and not handled, go first
        for update_id, replies in await self._read_inbox(stop, self.app.desk.inbox.unsent_replies):
            self._resend(str(replies["chat"]), [Outbound.from_json(m) for m in replies["messages"]],
                         partial(self._replied.add, update_id))
        for update in await self._read_inbox(stop, self.app.desk.inbox.unhandled):
            self.accept(update, from_inbox=True)
        offset: int | None = None
        failures = 0
        while not stop.is_set():
            poll = asyncio.create_task(self.api.get_updates(offset, self.config.poll_timeout_seconds))
            stopped = asyncio.create_task(stop.wait())
            await asyncio.wait([poll, stopped], return_when=asyncio.FIRST_COMPLETED)
            stopped.cancel()
            if not poll.done():
                poll.cancel()
                await asyncio.gather(poll, return_exceptions=True)
                return
            try:
                updates = poll.result()
            except RetryAfter as exc:
                await sleep_unless(stop, exc.seconds)
                continue
            except DeliveryError as exc:
                failures += 1
                metrics.transports.down(self.platform, f"getUpdates failed: {type(exc).__name__}")
                log.warning("getUpdates failed (%s), trying again", type(exc).__name__)
                await sleep_unless(stop, min(30.0, 0.25 * 2 ** failures))
                continue
            failures = 0
            metrics.transports.up(self.platform)
            if not updates:
                continue
            # Stored in one transaction, then confirmed by the next call's offset: a crash after
            # this loses nothing (the inbox keeps it), and nothing is fetched twice meanwhile.
            try:
                fresh = await self.app.threads.run(
                    self.app.desk.inbox.store, self.platform, [(int(u["update_id"]), u) for u in updates])
            except StorageUnavailable:
                # the database is away: handled at once, without the inbox, so each person is told
                # the service is briefly unavailable (nothing can be done with them meanwhile)
                log.warning("the inbox cannot be written (database unavailable); answering without it")
                fresh = set()
                for update in updates:
                    self.accept(update)
            offset = max(int(u["update_id"]) for u in updates) + 1
            for update in updates:
                if int(update["update_id"]) in fresh:  # not one stored (and handled) before
                    self.accept(update, from_inbox=True)

    async def _delete_webhook(self, stop: asyncio.Event) -> None:
        """deleteWebhook, tried again while Telegram is down (started during an outage, the bot
        waits for it rather than stopping)."""
        failures = 0
        while not stop.is_set():
            try:
                await self.api.delete_webhook()
                return
            except RetryAfter as exc:
                await sleep_unless(stop, exc.seconds)
            except (Transient, Unreachable) as exc:
                failures += 1
                metrics.transports.down(self.platform, f"deleteWebhook failed: {type(exc).__name__}")
                log.warning("deleteWebhook failed (%s), trying again", type(exc).__name__)
                await sleep_unless(stop, min(30.0, 0.25 * 2 ** failures))

    async def _read_inbox(self, stop: asyncio.Event, read: Callable[[str], list[T]]) -> list[T]:
        """read(platform) from the inbox at start; waits for the database if it is away."""
        while not stop.is_set():
            try:
                return await self.app.threads.run(read, self.platform)
            except StorageUnavailable:
                log.warning("the inbox cannot be read (database unavailable); trying again")
                await sleep_unless(stop, 1.0)
        return []

    async def _serve_webhook(self, stop: asyncio.Event) -> None:
        secret = self.config.resolved_secret_token
        url = self.config.webhook_url
        assert secret and url and self.keeper is not None  # checked when the config was read
        # what a kill kept from being sent goes first, in its chat's turn
        for unsent in await self.keeper.adopt():
            await self._resend_kept(unsent)
        in_path = not self.flavour.secret_header
        server = WebhookServer(host_port(self.config.webhook_listen), url, secret, self.accept, secret_in_path=in_path)
        await server.start()
        try:
            if in_path:
                await self.api.set_webhook(secret_url(url, secret), None)
            else:
                await self.api.set_webhook(url, secret)
            metrics.transports.up(self.platform)
            await stop.wait()
        finally:
            try:
                await self.api.delete_webhook()
            except DeliveryError as exc:
                log.warning("deleteWebhook failed: %s", type(exc).__name__)
            await server.stop()

    # -- updates -------------------------------------------------------------------------

    def accept(self, update: dict[str, Any], from_inbox: bool = False) -> None:
        """Queue an update behind the earlier ones of its chat; one from the inbox is marked
        handled there in the transaction of its handling."""
        inbox_id = int(update["update_id"]) if from_inbox else None
        incoming = parse_update(update, self.platform)
        key = incoming.inbound.chat_id if incoming is not None else None
        self._in_chat_turn(key, lambda previous: self._process(incoming, previous, inbox_id))

    def _resend(self, chat_id: str, replies: list[Outbound], sent: Callable[[], None]) -> None:
        """Send again the replies to an update handled before a crash cut their sending off,
        ahead of anything newer from that chat; then `sent()`."""

        async def send(previous: asyncio.Task | None) -> None:
            if previous is not None and not previous.done():
                await asyncio.wait([previous])
            for message in replies:
                await self._send_reply(int(chat_id), message)
            sent()

        self._in_chat_turn(chat_id, send)

    async def _resend_kept(self, unsent: Unsent) -> None:
        assert self.keeper is not None
        self._resend(unsent.chat_id, unsent.replies, partial(self.keeper.sent, unsent.kept_id))

    def _in_chat_turn(self, key: str | None, work: Callable[[asyncio.Task | None], Awaitable[None]]) -> None:
        """Run work(the task of the chat's previous event, which it waits for) as the chat's newest task."""
        task = asyncio.create_task(work(self._chats.get(key) if key else None))
        if key is not None:
            self._chats[key] = task
        self._tasks.add(task)

        def finished(t: asyncio.Task) -> None:
            self._tasks.discard(t)
            if key is not None and self._chats.get(key) is t:
                del self._chats[key]

        task.add_done_callback(finished)

    async def _process(self, incoming: Incoming | None, previous: asyncio.Task | None, inbox_id: int | None) -> None:
        if previous is not None and not previous.done():
            await asyncio.wait([previous])
        # set once the replies are kept (the inbox row marked, in the handling's transaction): what
        # clears them once they are sent (None: none were kept)
        marked: list[Callable[[], None] | None] = []

        def mark_handled(replies: list[Outbound], desk: Desk) -> None:
            if incoming is None:
                return
            if inbox_id is not None:
                kept_replies = {"chat": incoming.inbound.chat_id,
                                "messages": [r.to_json() for r in replies]} if replies else None
                desk.inbox.handled(self.platform, inbox_id, kept_replies)
                marked.append(partial(self._replied.add, inbox_id) if kept_replies is not None else None)
            elif self.keeper is not None:
                kept_id = self.keeper.keep(incoming.inbound.chat_id, replies, desk.kept_replies)
                marked.append(partial(self.keeper.sent, kept_id) if kept_id is not None else None)

        try:
            if incoming is not None:  # None: a kind of update the bot does not handle
                if inbox_id is not None:  # handled once by the inbox's mark: no processed-message row too
                    incoming = replace(incoming, inbound=replace(incoming.inbound, deduplicated=True))
                await self._handle(incoming, mark_handled)
                if marked and marked[-1] is not None:  # sent: not to be sent again at the next start
                    marked[-1]()
        except asyncio.CancelledError:
            raise  # stopped before it was handled: the inbox still has it for the next start
        except Exception as exc:  # noqa: BLE001 - one bad update must not stop the others; no payload logged
            # the exception's message may quote the update: log its type and frames only
            log.error("handling a %s update failed: %s\n%s", self.platform, type(exc).__name__,
                      "".join(traceback.format_tb(exc.__traceback__)))
        # not marked with the handling (nothing to handle, it failed before, the database away): here.
        # Killed before the handling's commit, nothing of the update was done, and the inbox row
        # stays unhandled, to be handled at the next start.
        if inbox_id is not None and not marked:
            try:
                await self.app.threads.run(self.app.desk.inbox.handled, self.platform, inbox_id)
            except StorageUnavailable:
                # handled again at the next start; the processed-message table drops a message seen before
                log.warning("an update could not be marked handled (database unavailable)")

    async def _handle(self, incoming: Incoming, then: AfterHandling) -> None:
        inbound, pressed = incoming.inbound, incoming.pressed
        replies: list[Outbound] = []
        note = None
        try:
            if incoming.files:
                inbound = await self._with_files(inbound, incoming.files)
            replies = await self.app.runner.handle(inbound, then)
            note = next((r.done_note for r in replies if r.done_note), None)
        finally:
            if pressed is not None:  # always answered, or the button spins on the person's screen
                await self._answer(pressed, note)
        if any(r.delete_inbound for r in replies):
            await self._delete_inbound(inbound)  # it held a password: gone before anything is sent
        if pressed is not None and note is not None:
            await self._mark_pressed(pressed, note)
        text = inbound.text or ""
        if text.split(" ", 1)[0].split("@", 1)[0] == "/start" or is_word(text, "start"):  # or «منو»
            await self._refresh_menu(inbound.sender_id, inbound.chat_id)
        chat_id = int(inbound.chat_id)
        for reply in replies:
            await self._send_reply(chat_id, reply)
        self.dispatcher.wake()  # what was just done may have notified others

    async def _with_files(self, inbound: Inbound, refs: tuple[FileRef, ...]) -> Inbound:
        """Download what was sent; a file over the limit is refused before any byte is fetched (by the
        size the message or getFile gives), and never cut: one that comes bigger is refused whole."""
        too_large = replace(inbound, refused=self._too_large_key())
        if any(ref.size is not None and ref.size > self.max_file_bytes for ref in refs):
            return too_large
        files = []
        for ref in refs:
            try:
                data = await self.api.download(ref.file_id, self.max_file_bytes)
            except TooLarge:
                return too_large
            except DeliveryError as exc:
                log.warning("file download failed: %s", type(exc).__name__)
                return replace(inbound, refused=DOWNLOAD_FAILED)
            if len(data) > self.max_file_bytes:
                return too_large
            files.append(IncomingFile(ref.filename, data, ref.mime_type))
        return replace(inbound, files=tuple(files))

    def _too_large_key(self) -> str:
        """Over the desk's limit, or over what the Bot API serves a bot (20 MB) though within the desk's."""
        return FILES_TOO_LARGE if self.max_file_bytes == self.app.desk.attachments.max_bytes else FILE_TOO_LARGE

    async def _delete_inbound(self, inbound: Inbound) -> None:
        message_id = (inbound.message_id or "").rpartition(":")[2]
        if not message_id.isdigit():
            return
        try:
            await self.api.delete_message(int(inbound.chat_id), int(message_id))
        except DeliveryError as exc:
            log.warning("deleteMessage failed: %s", type(exc).__name__)

    async def _answer(self, pressed: Pressed, note: str | None) -> None:
        try:
            await self.api.answer_callback(pressed.callback_id, note[:CALLBACK_TEXT_LIMIT] if note else None)
        except DeliveryError as exc:
            log.warning("answerCallbackQuery failed: %s", type(exc).__name__)

    async def _mark_pressed(self, pressed: Pressed, note: str) -> None:
        """Show on the pressed message who did what, and take its buttons away."""
        if pressed.message_id is None:
            return
        text = split_text(f"{pressed.text}\n\n{note}" if pressed.text else note)[-1]
        try:
            await self.api.edit_message(pressed.chat_id, pressed.message_id, text)
        except DeliveryError as exc:
            log.warning("editing the pressed message failed: %s", type(exc).__name__)

    async def _refresh_menu(self, sender_id: str, chat_id: str) -> None:
        try:
            user = await self.app.threads.run(self.app.desk.directory.by_account, self.platform, sender_id)
        except StorageUnavailable:
            return  # the database is away: the answer (saying so) still goes out; the menu waits
        if user is not None:
            await self.menus.publish_for(user, chat_id)

    # -- sending -------------------------------------------------------------------------

    async def _send_reply(self, chat_id: int, message: Outbound) -> None:
        """A direct answer: waits out throttling and short outages; never raises."""
        for attempt in range(REPLY_ATTEMPTS):
            try:
                async with self.limiter.slot(str(chat_id), chat_gap=False):
                    await self.deliver(chat_id, message, chat_gap=False)
                return
            except RetryAfter as exc:
                await asyncio.sleep(exc.seconds)
            except Transient as exc:
                log.warning("reply failed (%s), trying again", type(exc).__name__)
                await asyncio.sleep(0.25 * 2 ** attempt)
            except (Unreachable, BadRequest) as exc:
                log.warning("reply refused: %s", type(exc).__name__)
                return
        log.warning("reply given up after %d attempts", REPLY_ATTEMPTS)

    async def send(self, address: str, message: Outbound) -> str | None:
        """Sender for the outbox dispatcher (which has already waited for this chat's slot)."""
        return await self.deliver(int(address), message)

    async def deliver(self, chat_id: int, message: Outbound, chat_gap: bool = True) -> str:
        """Send one Outbound: its text in parts under Telegram's limit, the keyboard on the last
        part, then its document. Returns the id of the part that carries the keyboard."""
        menu = message.menu
        # the main menu rides on the message itself unless it has inline buttons (one keyboard a
        # message): then it goes in a note of its own, before the question it hides for, after
        # the message it comes back with
        apart = menu is not None and bool(inline_markup(message)) and not (menu.hidden and message.contact_label)
        if apart and menu.hidden:
            await self._send_menu(chat_id, menu, chat_gap)
        parts = split_text(message.text, TEXT_LIMIT)
        markup = self._markup(chat_id, message)
        last_id = 0
        for index, part in enumerate(parts):
            # the caller holds the first part's slot; each further part takes its own
            async with self.limiter.slot(str(chat_id), chat_gap) if index else contextlib.nullcontext():
                last_id = await self.api.send_message(chat_id, part, markup if index == len(parts) - 1 else None)
        if message.document:
            async with self.limiter.slot(str(chat_id), chat_gap):
                await self.api.send_document(chat_id, message.document, None)
        if message.photo:
            async with self.limiter.slot(str(chat_id), chat_gap):
                await self.api.send_photo(chat_id, message.photo, None)
        if apart and menu is not None and not menu.hidden:
            await self._send_menu(chat_id, menu, chat_gap)
        return str(last_id)

    async def _send_menu(self, chat_id: int, menu: Menu, chat_gap: bool) -> None:
        async with self.limiter.slot(str(chat_id), chat_gap):
            await self.api.send_message(chat_id, menu.note, self._menu_markup(chat_id, menu))

    def _menu_markup(self, chat_id: int, menu: Menu) -> Markup:
        self._contact_keyboard.discard(chat_id)  # either replaces the "share my number" keyboard
        if menu.hidden:
            return Markup(remove_keyboard=True)
        return Markup(keyboard=[[b.label for b in row] for row in menu.rows])

    def _markup(self, chat_id: int, message: Outbound) -> Markup | None:
        inline = inline_markup(message)
        if inline is not None:
            return inline
        if message.contact_label:
            self._contact_keyboard.add(chat_id)
            return Markup(contact_button=message.contact_label)
        if message.menu is not None:
            return self._menu_markup(chat_id, message.menu)
        if chat_id in self._contact_keyboard:  # the phone question is over: take that keyboard away
            self._contact_keyboard.discard(chat_id)
            return Markup(remove_keyboard=True)
        return None


async def _relay(source: asyncio.Event, target: asyncio.Event) -> None:
    await source.wait()
    target.set()
