"""Webhook mode: Rocket.Chat's Outgoing WebHook posts each new message here.

The call's `token` must equal the configured one (compared in constant time);
a wrong or missing token gets 403 and nothing else happens. The answer is an
empty 200 at once (replies go out through the REST API, not the webhook
response); the message itself is then read with chat.getMessage, so files,
threads and the system-message type come from the server, not from the call.
Payloads are never logged: they carry what people wrote.
"""
from __future__ import annotations

import asyncio
import hmac
import logging
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.config import RocketChatConfig
from bot.config.checks import host_port
from bot.transports.rocketchat.client import LoginRefused
from bot.transports.rocketchat.rooms import CHANNEL, room_kind

if TYPE_CHECKING:
    from bot.transports.rocketchat.transport import RocketChatTransport

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024
ATTEMPTS = 3


class WebhookReceiver:
    def __init__(self, transport: RocketChatTransport, config: RocketChatConfig) -> None:
        self.transport = transport
        self.client = transport.client
        token = config.resolved_webhook_token
        assert token, "webhook mode needs a token (checked by the config)"
        self.token = token.encode()
        self.host, self.port = host_port(config.webhook_listen)
        self.path = config.webhook_path
        self.channel_name = (config.expert_channel or "").lstrip("#") or None
        self.queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
        self._kinds: dict[str, str | None] = {}

    async def run(self, stop: asyncio.Event) -> None:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(self.path, self.receive)
        runner = web.AppRunner(app, access_log=None)  # the access log would show every call
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self.transport.ready.set()
        worker = asyncio.create_task(self._work())
        try:
            await asyncio.wait([worker, asyncio.create_task(stop.wait())], return_when=asyncio.FIRST_COMPLETED)
            if worker.done():
                worker.result()  # a refused login ends the transport
        finally:
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)
            await runner.cleanup()

    async def receive(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except Exception:  # noqa: BLE001 - not JSON
            return web.json_response({"success": False}, status=400)
        token = body.get("token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not hmac.compare_digest(token.encode(), self.token):
            log.warning("rocketchat webhook: refused a call without the right token")
            return web.json_response({"success": False}, status=403)
        message_id, room_id = body.get("message_id"), body.get("channel_id")
        if not body.get("bot") and isinstance(message_id, str) and isinstance(room_id, str):
            self.queue.put_nowait((message_id, room_id))
        return web.json_response({})

    async def _work(self) -> None:
        while True:
            message_id, room_id = await self.queue.get()
            for attempt in range(1, ATTEMPTS + 1):
                try:
                    await self._handle(message_id, room_id)
                    break
                except LoginRefused:
                    raise
                except Exception as error:  # noqa: BLE001 - try again, then give up on this one
                    log.warning("rocketchat webhook message failed (attempt %d): %s", attempt, type(error).__name__)
                    await asyncio.sleep(attempt)

    async def _handle(self, message_id: str, room_id: str) -> None:
        kind = await self._room_kind(room_id)
        if kind is None:
            return  # a room the bot only happens to be in
        answer = await self.client.call("chat_get_message", message_id)
        raw: dict[str, Any] = (answer or {}).get("message") or {}
        if raw.get("rid") != room_id:
            return
        await self.transport.on_message(raw, in_channel=kind == CHANNEL)

    async def _room_kind(self, room_id: str) -> str | None:
        if room_id not in self._kinds:
            answer = await self.client.call("subscriptions_get_one", room_id)
            self._kinds[room_id] = room_kind((answer or {}).get("subscription") or {}, self.channel_name)
        return self._kinds[room_id]
