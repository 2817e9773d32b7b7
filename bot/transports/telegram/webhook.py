"""Receiving updates by webhook: a small aiohttp server that checks the platform's secret.

Telegram sends the secret given to setWebhook in `X-Telegram-Bot-Api-Secret-Token`;
Bale's setWebhook takes only a URL, so there the secret is the URL's last path
segment (`{webhook_url}/{secret}`), which only Bale and the operator know. Either
way a call without the right secret gets 403 and is not looked at.
"""
from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def secret_url(url: str, secret: str) -> str:
    """The URL given to a platform that has no secret header: the secret as its last path segment."""
    return url.rstrip("/") + "/" + secret


class WebhookServer:
    def __init__(self, listen: tuple[str, int], url: str, secret: str,
                 on_update: Callable[[dict[str, Any]], None], secret_in_path: bool = False) -> None:
        self.host, self.port = listen
        self.path = urlsplit(url).path or "/"
        self._secret = secret.encode()
        self._on_update = on_update
        self._secret_in_path = secret_in_path
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application(client_max_size=1024 * 1024)
        if self._secret_in_path:
            app.router.add_post(self.path.rstrip("/") + "/{secret}", self._receive)
        else:
            app.router.add_post(self.path, self._receive)
        self._runner = web.AppRunner(app, access_log=None)  # access lines would carry nothing useful (or the secret)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: web.Request) -> web.Response:
        if self._secret_in_path:
            given = request.match_info.get("secret", "").encode()
        else:
            given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning("webhook call refused: wrong or missing secret token")
            return web.Response(status=403)
        try:
            update = await request.json()
        except ValueError:
            return web.Response(status=400)
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            return web.Response(status=400)
        self._on_update(update)  # handled in the background: the platform wants a quick answer
        return web.Response(status=200)
