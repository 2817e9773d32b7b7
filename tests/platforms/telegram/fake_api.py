"""A local fake Telegram Bot API: the methods the bot uses, over real HTTP on 127.0.0.1.

Answers with Telegram's envelope ({"ok": true, "result": ...} or {"ok": false,
"error_code", "description", "parameters": {"retry_after"}}), long-polls
getUpdates with offsets, serves files at /file/bot<token>/<path>, records every
request with a monotonic timestamp, and can be told to fail: 429s, 5xx,
dropped connections (network errors), slow answers, and 403 for blocked chats.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.platforms.running import serve_locally

BOT_USER = {"id": 999000, "is_bot": True, "first_name": "Bimeh Desk", "username": "bimeh_desk_bot",
            "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
_JSON_FIELDS = {"reply_markup", "commands", "scope", "allowed_updates"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() when the request arrived
    status: int = 200


@dataclass
class Failure:
    """How to answer one call instead of doing it."""

    status: int = 500
    description: str = "Internal Server Error"
    retry_after: int | None = None
    disconnect: bool = False  # drop the connection: the client sees a network error
    delay: float = 0.0  # answer late (before failing or, with status 0, succeeding)


Rule = Callable[[str, dict[str, Any]], Failure | None]
Listener = Callable[[str, dict[str, Any]], Awaitable[None]]


@dataclass
class FakeBotApi:
    token: str = "123456:TEST-token-for-the-fake-server"
    calls: list[Call] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)  # consulted on every call; first Failure wins
    blocked: set[int] = field(default_factory=set)  # chats that blocked the bot: 403 on send
    files: dict[str, bytes] = field(default_factory=dict)  # file_id -> bytes
    webhook: dict[str, Any] = field(default_factory=dict)
    listeners: list[Listener] = field(default_factory=list)  # told of every sent or edited message

    def __post_init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._confirmed = 0  # update ids below this were confirmed by an offset
        self._closing = False
        self._new_update = asyncio.Condition()
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(5000)
        self._update_ids = itertools.count(100)
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.sent_params: dict[int, dict[str, Any]] = {}  # message id -> the request that sent it
        self.deleted: list[tuple[int, int]] = []  # (chat id, message id) of deleteMessage calls
        self.handed_out: set[int] = set()  # ids of the updates some getUpdates answer carried
        self.times_handed_out: dict[int, int] = {}  # update id -> how many getUpdates answers carried it
        self._runner: web.AppRunner | None = None
        self.url = ""

    # -- server ------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner, self.url = await serve_locally(app)

    async def stop(self) -> None:
        self._closing = True
        async with self._new_update:  # end the long polls still open, or shutting down waits for them
            self._new_update.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- what the tests do ---------------------------------------------------------------

    async def push(self, update: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **update}
        async with self._new_update:
            self._updates.append(update)
            self._new_update.notify_all()
        return update

    def fail(self, method: str, *failures: Failure) -> None:
        """The next calls of `method` fail as given, one each."""
        queue = list(failures)

        def rule(called: str, params: dict[str, Any]) -> Failure | None:
            if called == method and queue:
                return queue.pop(0)
            return None

        self.rules.append(rule)

    def sent(self, method: str | None = None, chat_id: int | None = None) -> list[Call]:
        """Successful calls of `method` (to `chat_id`)."""
        return [c for c in self.calls if c.status == 200 and (method is None or c.method == method)
                and (chat_id is None or _int(c.params.get("chat_id")) == chat_id)]

    def texts(self, chat_id: int) -> list[str]:
        return [c.params["text"] for c in self.sent("sendMessage", chat_id)]

    @property
    def confirmed(self) -> int:
        """Updates below this id were confirmed by a getUpdates offset."""
        return self._confirmed

    def pending_updates(self) -> int:
        return len([u for u in self._updates if u["update_id"] >= self._confirmed])

    # -- the API -------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await _params(request)
        call = Call(method, params, time.monotonic())
        self.calls.append(call)
        for rule in self.rules:
            failure = rule(method, params)
            if failure is not None:
                # the outcome is decided now: a client that gives up waiting never got a success
                call.status = 0 if failure.disconnect else (failure.status or 200)
                if failure.delay:
                    await asyncio.sleep(failure.delay)
                if failure.disconnect:
                    assert request.transport is not None
                    request.transport.close()
                    return web.Response(status=500)
                if failure.status:
                    return _error(failure.status, failure.description, failure.retry_after)
        chat_id = _int(params.get("chat_id"))
        if method in ("sendMessage", "sendDocument", "sendPhoto", "editMessageText") and chat_id in self.blocked:
            call.status = 403
            return _error(403, "Forbidden: bot was blocked by the user")
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            call.status = 404
            return _error(404, "Not Found: method not found")
        result = await handler(params)
        if isinstance(result, web.Response):
            call.status = result.status
            return result
        return web.json_response({"ok": True, "result": result})

    async def _m_getMe(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = _int(params.get("offset"))
        if offset:
            self._confirmed = max(self._confirmed, offset)
        timeout = float(params.get("timeout") or 0)

        def ready() -> list[dict[str, Any]]:
            return [u for u in self._updates if u["update_id"] >= self._confirmed]

        async with self._new_update:
            try:
                await asyncio.wait_for(self._new_update.wait_for(lambda: bool(ready()) or self._closing), timeout)
            except asyncio.TimeoutError:
                pass
            answer = ready()[: int(params.get("limit") or 100)]
            self.handed_out.update(u["update_id"] for u in answer)
            for u in answer:
                self.times_handed_out[u["update_id"]] = self.times_handed_out.get(u["update_id"], 0) + 1
            return answer

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {"url": params.get("url"), "secret_token": params.get("secret_token")}
        return True

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {}
        return True

    async def _m_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False,
                "pending_update_count": self.pending_updates()}

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        text = params.get("text") or ""
        if len(text.encode("utf-16-le")) // 2 > 4096:
            return _error(400, "Bad Request: message is too long")
        message = self._new_message(params, text=text)
        await self._tell("sent", message)
        return message

    async def _m_sendDocument(self, params: dict[str, Any]) -> Any:
        document = params.get("document")
        message = self._new_message(params, caption=params.get("caption"),
                                    document={"file_id": f"doc{next(self._ids)}", "file_unique_id": "u",
                                              "file_name": getattr(document, "filename", "file")})
        await self._tell("sent", message)
        return message

    async def _m_sendPhoto(self, params: dict[str, Any]) -> Any:
        photo = params.get("photo")
        if isinstance(photo, str) and photo.startswith("attach://"):  # aiogram names the part that holds it
            photo = params.get(photo.removeprefix("attach://"))
        data = photo.file.read() if hasattr(photo, "file") else b""
        message = self._new_message(params, caption=params.get("caption"),
                                    photo=[{"file_id": f"photo{next(self._ids)}", "file_unique_id": "u",
                                            "width": 1000, "height": 750, "file_size": len(data)}])
        params["photo_head"] = data[:8]  # the call keeps what the picture began with
        await self._tell("sent", message)
        return message

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        key = (_int(params.get("chat_id")), _int(params.get("message_id")))
        message = self.messages.get(key)  # type: ignore[arg-type]
        if message is None:
            return _error(400, "Bad Request: message to edit not found")
        message["text"] = params["text"]
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        else:  # an edit without a keyboard takes the old one away
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        await self._tell("edited", message)
        return message

    async def _m_deleteMessage(self, params: dict[str, Any]) -> Any:
        key = (_int(params.get("chat_id")), _int(params.get("message_id")))
        self.deleted.append(key)  # type: ignore[arg-type]
        return True

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Any:
        for command in params.get("commands") or []:
            name, description = command["command"], command["description"]
            if not (1 <= len(name) <= 32 and name.replace("_", "").isalnum() and name == name.lower()):
                return _error(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                return _error(400, "Bad Request: command description is too long")
        return True

    async def _m_getFile(self, params: dict[str, Any]) -> Any:
        file_id = params.get("file_id")
        if file_id not in self.files:
            return _error(400, "Bad Request: invalid file_id")
        data = self.files[file_id]
        if len(data) > 20 * 1024 * 1024:
            return _error(400, "Bad Request: file is too big")
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(data),
                "file_path": f"documents/{file_id}.bin"}

    async def _file(self, request: web.Request) -> web.StreamResponse:
        self.calls.append(Call("file", {"path": request.match_info["path"]}, time.monotonic()))
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = request.match_info["path"].split("/")[-1].rsplit(".", 1)[0]
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id], content_type="application/octet-stream")

    # -- helpers -------------------------------------------------------------------------

    def _new_message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = _int(params.get("chat_id"))
        assert chat_id is not None
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "from": BOT_USER,
                   "chat": {"id": chat_id, "type": "private", "first_name": "user"},
                   **{k: v for k, v in content.items() if v is not None}}
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:  # a Message carries inline keyboards only
            message["reply_markup"] = markup
        self.messages[(chat_id, message["message_id"])] = message
        self.sent_params[message["message_id"]] = params
        return message

    async def _tell(self, what: str, message: dict[str, Any]) -> None:
        for listener in self.listeners:
            await listener(what, message)


def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


async def _params(request: web.Request) -> dict[str, Any]:
    """Both libraries' encodings: JSON bodies, form fields, multipart with files; complex
    fields arrive as JSON strings."""
    if request.content_type == "application/json":
        body = await request.json()
        return body if isinstance(body, dict) else {}
    params: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, str) and key in _JSON_FIELDS:
                try:
                    value = json.loads(value)
                except ValueError:
                    pass
            params[key] = value
    return params
