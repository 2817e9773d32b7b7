"""Rocket.Chat: the bot user's direct messages are the conversation.

The Rocket.Chat username is the directory username, so people need no linking
step: a message's author is looked up in the directory as is, and every
directory user gets a Rocket.Chat account (address: the username) for
notifications. Messages arrive by polling or by the Outgoing WebHook (see
poller.py, webhook.py); both hand full message objects to `on_message`.
Replies and notifications go out with chat.postMessage to "@username", within
the configured rate; the optional expert channel also gets "waiting for you"
notifications, and a press there is handled as the presser's own, in their DM.
"""
from __future__ import annotations

import asyncio
import logging
import mimetypes
from collections import deque
from pathlib import Path
from typing import Any

from bot.app import App
from bot.config import RocketChatConfig
from bot.events import FILES_TOO_LARGE, Inbound, IncomingFile, Outbound
from bot.i18n import Translator
from bot.render.notifications import notification
from bot.render.splitting import split_text
from bot.runtime import metrics
from bot.runtime.delivery import SHUTDOWN_GRACE_SECONDS, OutboxDispatcher, RateLimits, RetryAfter, Unreachable
from bot.runtime.kept_replies import Unsent
from bot.transports.rocketchat.client import LoginRefused, RateLimited, RocketClient, api_error
from bot.transports.rocketchat.menus import UNKNOWN, MenuBook
from bot.transports.rocketchat.messages import FileRef, Message, caption
from core.desk import Desk
from core.models import OutboxMessage
from core.notifications import ROCKETCHAT
from core.text import ltr

log = logging.getLogger(__name__)

# Rocket.Chat's answers when the recipient does not exist (or the channel is gone)
UNREACHABLE_ERRORS = {"invalid-channel", "error-invalid-user", "error-invalid-room", "error-room-not-found"}
RELINK_SECONDS = 60.0  # users added while running get their account within this time
CONNECT_BACKOFF_CAP = 30.0


class ChannelAwareDispatcher(OutboxDispatcher):
    """Also renders the rows of a shared channel (no user): in the default language,
    with the buttons of the role the row is for; the presser's role is checked on press."""

    def __init__(self, *args: Any, default_lang: str = "fa", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_lang = default_lang

    def render(self, message: OutboxMessage) -> Outbound | None:
        if message.user_id is None:
            return self.with_document(message, notification(Translator(self.default_lang), message, None))
        return super().render(message)


class RocketChatTransport:
    platform = ROCKETCHAT

    def __init__(self, app: App, config: RocketChatConfig, client: RocketClient) -> None:
        self.app = app
        self.desk = app.desk
        self.config = config
        self.client = client
        self.channel = config.channel_address if config.expert_channel else None
        self.menus = MenuBook(app.desk.transport_state, ROCKETCHAT, app.threads.run)
        limits = RateLimits(config.messages_per_second, config.per_chat_interval_seconds)
        self.dispatcher = ChannelAwareDispatcher(app.desk, self, limits, default_lang=app.config.general.default_lang,
                                                 blocking=app.threads.run)
        self.max_file_bytes = app.desk.attachments.max_bytes
        self._linked: set[str] = set()
        self._recent: deque[str] = deque(maxlen=2000)  # ids handled by this process (webhook retries)
        # the replies of a handled message, kept until sent: a kill in between leaves them to the next start
        self.keeper = app.reply_keeper(ROCKETCHAT)
        self.ready = asyncio.Event()  # set by the receiver once it listens (tests and `run` wait on it)

    # -- running ------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        if not await self._connect(stop):
            return
        metrics.transports.up(self.platform)  # logged in; the poller reports each round after this
        await self.keeper.lease.acquire()
        try:
            await self._link_directory()
            # what a kill kept from being sent goes out before anything new is read
            for unsent in await self.keeper.adopt():
                await self._send_kept(unsent)
            receiver = self._receiver()
            tasks = [
                asyncio.create_task(self.dispatcher.run(stop, interval=min(1.0, self.config.poll_interval_seconds))),
                asyncio.create_task(receiver.run(stop)),
                asyncio.create_task(self._relink(stop)),
                asyncio.create_task(self.keeper.run(stop, self._send_kept)),
            ]
            try:
                done, _ = await asyncio.wait([*tasks, asyncio.create_task(stop.wait())],
                                             return_when=asyncio.FIRST_COMPLETED)
                for task in done:  # a part that ended before stop failed: end the transport with it
                    if task in tasks and task.exception() is not None:
                        raise task.exception()  # type: ignore[misc]
            finally:
                stop.set()
                # SIGTERM: the message in hand is finished and answered, and the sends in flight
                # (the dispatcher's own grace); nothing new is started; all within the grace time
                _, late = await asyncio.wait(tasks, timeout=SHUTDOWN_GRACE_SECONDS)
                for task in late:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            await self.keeper.marks.flush()
            await self.keeper.lease.release()
            self.client.close()

    def _receiver(self):  # noqa: ANN202 - Poller | WebhookReceiver
        if self.config.mode == "webhook":
            from bot.transports.rocketchat.webhook import WebhookReceiver

            return WebhookReceiver(self, self.config)
        from bot.transports.rocketchat.poller import Poller

        return Poller(self, self.config)

    async def _connect(self, stop: asyncio.Event) -> bool:
        """Log in, waiting out an unreachable server; wrong credentials end the transport."""
        wait = 1.0
        while not stop.is_set():
            try:
                await self.client.connect()
                return True
            except LoginRefused:
                log.error("rocketchat: login refused; check the bot's credentials")
                raise
            except Exception as error:  # noqa: BLE001 - server down or unreachable: try again
                log.warning("rocketchat: cannot connect (%s), trying again in %.0fs", type(error).__name__, wait)
            try:
                await asyncio.wait_for(stop.wait(), timeout=wait)
            except asyncio.TimeoutError:
                wait = min(CONNECT_BACKOFF_CAP, wait * 2)
        return False

    # -- directory accounts ---------------------------------------------------------------

    async def _link_directory(self) -> None:
        """Every directory user can be notified at their Rocket.Chat username (idempotent;
        an account once found unreachable stays so until the person writes)."""

        def link_all() -> None:
            for user in self.desk.directory.all():
                if self.desk.directory.by_account(ROCKETCHAT, user.username) is None:
                    self.desk.directory.link(user.username, ROCKETCHAT, user.username)

        await self.app.threads.run(link_all)

    async def _relink(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), timeout=RELINK_SECONDS)
            except asyncio.TimeoutError:
                try:
                    await self._link_directory()
                except Exception as error:  # noqa: BLE001 - try again next round
                    log.warning("rocketchat: linking directory users failed: %s", type(error).__name__)

    async def _link_writer(self, username: str) -> None:
        """Someone wrote: their account evidently exists (clears an earlier 'unreachable')."""
        if username in self._linked:
            return

        def link() -> None:
            if self.desk.directory.find(username) is not None:
                self.desk.directory.link(username, ROCKETCHAT, username)

        await self.app.threads.run(link)
        self._linked.add(username)

    # -- receiving -------------------------------------------------------------------------

    async def on_message(self, raw: dict[str, Any], in_channel: bool = False) -> None:
        """One message from a DM with the bot (or from the expert channel)."""
        message = Message.parse(raw)
        if message.system or not message.username or message.is_from(self.client.user_id, self.client.username):
            return  # joins, topic changes, ... and the bot's own messages
        if message.id in self._recent or (
            message.id and await self.app.threads.run(self.desk.outbox.seen_before, ROCKETCHAT, message.id)
        ):
            return  # delivered again; handled already
        if in_channel:
            await self._on_channel_message(message)
        else:
            await self._on_direct_message(message)
        self._recent.append(message.id)

    async def _on_direct_message(self, message: Message) -> None:
        raw = message.raw
        chat = message.username
        await self._link_writer(chat)
        pressed = await self.menus.pressed(chat, message.text)
        await self.menus.start_turn(chat)
        if pressed is UNKNOWN:
            await self._unknown_button(message)
            return
        files, refused = ((), None) if pressed is not None else await self._files(message)
        if message.files and not files and not refused and not caption(raw):
            return  # nothing could be fetched; the person was told
        inbound = Inbound(
            platform=ROCKETCHAT,
            chat_id=chat,
            sender_id=message.user_id or message.username,
            text=None if pressed is not None else caption(raw),
            button=pressed if isinstance(pressed, str) else None,
            files=files,
            refused=refused,
            reply_to=message.thread_id,
            message_id=message.id or None,
            username=message.username,
            directory_username=message.username,
            raw=raw,
        )
        await self._answer(chat, inbound)

    async def _on_channel_message(self, message: Message) -> None:
        """In the expert channel only button presses count (people also talk there); the
        press acts as the presser, and the answers go to the presser's DM."""
        assert self.channel is not None
        pressed = await self.menus.pressed(self.channel, message.text, numbers=False)
        if pressed is None:
            return
        await self._link_writer(message.username)
        await self.menus.start_turn(message.username)
        if pressed is UNKNOWN:
            await self._unknown_button(message)
            return
        assert isinstance(pressed, str)
        inbound = Inbound(
            platform=ROCKETCHAT,
            chat_id=message.username,
            sender_id=message.user_id or message.username,
            button=pressed,
            message_id=message.id or None,
            username=message.username,
            directory_username=message.username,
            raw=message.raw,
        )
        await self._answer(message.username, inbound)

    async def _answer(self, chat: str, inbound: Inbound) -> None:
        kept: list[int | None] = []  # the replies kept in the handling's transaction, cleared once sent

        def keep(replies: list[Outbound], desk: Desk) -> None:
            kept.append(self.keeper.keep(chat, replies, desk.kept_replies))

        for reply in await self.app.runner.handle(inbound, keep):
            await self.reply(chat, reply)
        if kept and kept[-1] is not None:
            self.keeper.sent(kept[-1])

    async def _send_kept(self, unsent: Unsent) -> None:
        """Replies a kill kept from being sent, now sent."""
        for reply in unsent.replies:
            await self.reply(unsent.chat_id, reply)
        self.keeper.sent(unsent.kept_id)

    async def _unknown_button(self, message: Message) -> None:
        """A press of a button this chat was never shown: said plainly, nothing else happens."""
        if message.id and not await self.app.threads.run(self.desk.outbox.first_time_seen, ROCKETCHAT, message.id):
            return
        t = await self._translator(message.username)
        await self.reply(message.username, Outbound(t("rocketchat.unknown_button")))

    async def _translator(self, username: str) -> Translator:
        """In the person's language (the default one for someone not in the directory)."""
        user = await asyncio.to_thread(self.desk.directory.find, username)
        return Translator(user.lang if user else self.app.config.general.default_lang)

    async def _files(self, message: Message) -> tuple[tuple[IncomingFile, ...], str | None]:
        """The files' bytes, or FILES_TOO_LARGE for a message with one over the limit: refused by the
        size its upload declares before any byte is fetched, else on the first byte past the limit,
        never cut to the limit and passed on (a roster cut so would read as fewer persons)."""
        if any(ref.size is not None and ref.size > self.max_file_bytes for ref in message.files):
            return (), FILES_TOO_LARGE
        files = []
        for ref in message.files:
            url = self._file_url(ref)
            if url is None:
                log.warning("rocketchat: ignored a file link outside the server")
                continue
            try:
                data = await self.client.download(url, self.max_file_bytes)
            except LoginRefused:
                raise
            except Exception as error:  # noqa: BLE001 - tell the person, go on with the rest
                log.warning("rocketchat: file download failed: %s", type(error).__name__)
                t = await self._translator(message.username)
                await self.reply(message.username, Outbound(t("rocketchat.file_failed", name=ltr(ref.name))))
                continue
            if len(data) > self.max_file_bytes:  # the download stops one byte past the limit
                return (), FILES_TOO_LARGE
            files.append(IncomingFile(ref.name, data, ref.declared_type))
        return tuple(files), None

    def _file_url(self, ref: FileRef) -> str | None:
        """Only the server's own files: the bot's auth headers must never go elsewhere."""
        base = self.client.credentials.server_url.rstrip("/")
        if ref.url.startswith("/") and not ref.url.startswith("//"):
            return base + ref.url
        return ref.url if ref.url.startswith(base + "/") else None

    # -- sending ---------------------------------------------------------------------------

    async def reply(self, chat: str, message: Outbound) -> None:
        """An answer to what someone wrote, within the same rate as notifications."""
        try:
            async with self.dispatcher.limiter.slot(chat):
                await self.send(chat, message)
        except Exception as error:  # noqa: BLE001 - the answer is lost, the bot goes on
            log.error("rocketchat: could not send a reply: %s", type(error).__name__)

    async def send(self, address: str, message: Outbound) -> str | None:
        """Sender for the outbox: address is a username, or "#channel" for the expert channel."""
        in_channel = address.startswith("#")
        target = address if in_channel else "@" + address
        async with self.menus.lock(address):
            drawn = await self.menus.draw(address, message, numbered=not in_channel)
            parts = split_text(drawn.text, self.config.message_limit)
            for index, part in enumerate(parts):  # the buttons go with the last part
                last = index == len(parts) - 1
                extra: dict[str, Any] = {"attachments": drawn.attachments} if drawn.attachments and last else {}
                try:
                    answer = await self.client.call("chat_post_message", part, channel=target, **extra)
                except RateLimited as limited:
                    if index:  # a part is out already: wait here rather than send it twice
                        await asyncio.sleep(limited.seconds)
                        answer = await self.client.call("chat_post_message", part, channel=target, **extra)
                    else:
                        raise RetryAfter(limited.seconds) from None
                except Exception as error:
                    if api_error(error) in UNREACHABLE_ERRORS:
                        raise Unreachable(api_error(error)) from None
                    raise
        sent = (answer or {}).get("message") or {}
        if message.photo and sent.get("rid"):
            await self._send_photo(str(sent["rid"]), message.photo)
        if message.document and sent.get("rid"):  # a receipt, a report: the same upload as a picture
            await self._send_photo(str(sent["rid"]), message.document, _content_type(message.document))
        return str(sent["_id"]) if sent.get("_id") else None

    async def _send_photo(self, room_id: str, path: str, content_type: str = "image/png") -> None:
        """A picture (a chart) after its text, in the same room: uploaded with rooms.media, then
        posted with rooms.mediaConfirm (Rocket.Chat 6.8+; rooms.upload is gone in 7). A failed
        upload loses the picture only: the text is out already and must not be sent twice."""
        try:
            data = await asyncio.to_thread(Path(path).read_bytes)
            uploaded = await self.client.call("rooms_media", room_id, (Path(path).name, data, content_type))
            file_id = ((uploaded or {}).get("file") or {}).get("_id")
            if not file_id:
                raise ValueError("no file id in the rooms.media answer")
            await self.client.call("rooms_media_confirm", room_id, str(file_id))
        except LoginRefused:
            raise
        except Exception as error:  # noqa: BLE001 - the picture is lost, the text was delivered
            log.warning("rocketchat: could not send a picture: %s", type(error).__name__)


def _content_type(path: str) -> str:
    return mimetypes.guess_type(path)[0] or "application/octet-stream"
