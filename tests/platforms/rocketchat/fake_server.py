"""A local fake Rocket.Chat server: the REST endpoints the bot uses, with Rocket.Chat's shapes.

Listens on 127.0.0.1 on a free port. People act through methods (`post`), as
their own Rocket.Chat clients would; the bot talks to it over HTTP through
rocketchat_API. Every request is recorded; errors (5xx, stalls, expired logins)
can be injected; in webhook mode each new message is also POSTed to the bot's
Outgoing WebHook endpoint, as Rocket.Chat does.
"""
from __future__ import annotations

import asyncio
import itertools
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import aiohttp
from aiohttp import web

from tests.platforms.running import serve_locally

API = "/api/v1/"


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str]
    status: int = 0


@dataclass
class Room:
    id: str
    t: str  # "d" direct, "c" channel, "p" private group
    name: str | None
    members: list[str]  # usernames
    messages: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Fault:
    status: int = 500  # 0: no error, the call is done after the stall (a slow answer)
    stall: float = 0.0  # seconds to wait before answering (longer than the client's timeout: a timeout)


BotListener = Callable[[Room, dict[str, Any]], Awaitable[None]]


class FakeRocketChat:
    def __init__(self, bot: str = "bimeh-bot", password: str = "bot-password") -> None:
        self.bot = bot
        self.password = password
        self.users: dict[str, dict[str, str]] = {}
        self.rooms: dict[str, Room] = {}
        self.subscriptions: dict[str, dict[str, Any]] = {}  # the bot's, by room id
        self.tokens: set[str] = set()
        self.personal_token = "pat-" + secrets.token_hex(8)
        self.files: dict[str, tuple[str, bytes, str]] = {}
        self.pending_uploads: dict[str, str] = {}  # file id -> room id: uploaded, not yet confirmed
        self.downloads: list[str] = []  # ids of the files the bot fetched
        self.requests: list[Recorded] = []
        self.faults: dict[str, list[Fault]] = {}
        self.listeners: list[BotListener] = []
        self.webhook_url: str | None = None
        self.webhook_token: str | None = None
        self.webhook_answers: list[int] = []
        self._ids = itertools.count(1)
        self._last_ts = datetime.now(timezone.utc)
        self._requested = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self.url = ""
        self.add_user(bot, "Bimeh Bot")
        self.tokens.add(self.personal_token)

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(middlewares=[self._record_and_fault])
        app.router.add_post(API + "login", self._login)
        app.router.add_get(API + "me", self._me)
        app.router.add_get(API + "subscriptions.get", self._subscriptions_get)
        app.router.add_get(API + "subscriptions.getOne", self._subscriptions_get_one)
        for name in ("dm.history", "im.history", "channels.history", "groups.history"):
            app.router.add_get(API + name, self._history)
        app.router.add_post(API + "chat.postMessage", self._post_message)
        app.router.add_get(API + "chat.getMessage", self._get_message)
        app.router.add_post(API + "rooms.media/{rid}", self._rooms_media)
        app.router.add_post(API + "rooms.mediaConfirm/{rid}/{file_id}", self._rooms_media_confirm)
        app.router.add_get("/file-upload/{file_id}/{name}", self._file)
        self._runner, self.url = await serve_locally(app)
        self._client = aiohttp.ClientSession()

    async def stop(self) -> None:
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- people and rooms --------------------------------------------------------------

    def add_user(self, username: str, name: str | None = None) -> dict[str, str]:
        if username not in self.users:
            self.users[username] = {"_id": f"u{len(self.users) + 1:04d}{secrets.token_hex(4)}",
                                    "username": username, "name": name or username}
        return self.users[username]

    def dm(self, username: str) -> Room:
        """The direct-message room of `username` and the bot (created on first use, as im.create does)."""
        ids = sorted([self.users[username]["_id"], self.users[self.bot]["_id"]])
        rid = "".join(ids)
        if rid not in self.rooms:
            self.rooms[rid] = Room(rid, "d", None, [username, self.bot])
            self._subscribe(self.rooms[rid], name=username)
        return self.rooms[rid]

    def add_channel(self, name: str, members: list[str], private: bool = True) -> Room:
        rid = "ch" + secrets.token_hex(6)
        room = Room(rid, "p" if private else "c", name, [*members, self.bot])
        self.rooms[rid] = room
        self._subscribe(room, name=name)
        return room

    def _subscribe(self, room: Room, name: str) -> None:
        self.subscriptions[room.id] = {
            "_id": "s" + room.id, "rid": room.id, "t": room.t, "name": name, "open": True,
            "u": {"_id": self.users[self.bot]["_id"], "username": self.bot}, "_updatedAt": iso(self._now()),
        }

    def _now(self) -> datetime:
        # strictly increasing, like the order Rocket.Chat stores messages in
        now = max(datetime.now(timezone.utc), self._last_ts + timedelta(milliseconds=1))
        self._last_ts = now
        return now

    def _add_message(self, room: Room, message: dict[str, Any]) -> dict[str, Any]:
        room.messages.append(message)
        if room.id in self.subscriptions:
            self.subscriptions[room.id]["_updatedAt"] = iso(self._now())
        return message

    async def post(
        self,
        username: str,
        text: str,
        room: Room | None = None,
        file: tuple[str, bytes, str] | None = None,
        thread: str | None = None,
        message_id: str | None = None,
        system: str | None = None,
        declare_size: bool = True,
    ) -> dict[str, Any]:
        """`username` writes in `room` (default: their DM with the bot), as their client would; a file's
        object says its size, as Rocket.Chat's do (declare_size=False: as an older server's may not)."""
        room = room or self.dm(username)
        user = self.users[username]
        message: dict[str, Any] = {
            "_id": message_id or f"m{next(self._ids):06d}{secrets.token_hex(3)}",
            "rid": room.id, "msg": text, "ts": iso(self._now()),
            "u": {"_id": user["_id"], "username": username, "name": user["name"]},
            "urls": [], "mentions": [], "channels": [], "_updatedAt": iso(self._now()),
        }
        if system:
            message["t"] = system
        if thread:
            message["tmid"] = thread
        if file:
            name, data, mime = file
            file_id = "f" + secrets.token_hex(6)
            self.files[file_id] = (name, data, mime)
            message["msg"] = ""
            described = {"_id": file_id, "name": name, "type": mime, **({"size": len(data)} if declare_size else {})}
            message["file"] = described
            message["files"] = [described]
            message["attachments"] = [{"type": "file", "title": name, "title_link": f"/file-upload/{file_id}/{name}",
                                       "title_link_download": True, "description": text or None}]
        self._add_message(room, message)
        await self.notify_webhook(room, message)
        return message

    async def redeliver(self, message: dict[str, Any]) -> None:
        """The same message (same _id) delivered again: in history once more, and to the webhook."""
        room = self.rooms[message["rid"]]
        again = {**message, "ts": iso(self._now())}
        self._add_message(room, again)
        await self.notify_webhook(room, again)

    async def notify_webhook(self, room: Room, message: dict[str, Any], token: str | None = "default") -> int | None:
        if self.webhook_url is None or self._client is None:
            return None
        payload = {
            "token": self.webhook_token if token == "default" else token,
            "bot": False, "channel_id": room.id, "channel_name": room.name, "message_id": message["_id"],
            "timestamp": message["ts"], "user_id": message["u"]["_id"], "user_name": message["u"]["username"],
            "text": message["msg"], "siteUrl": self.url,
        }
        if payload["token"] is None:
            del payload["token"]
        if message.get("tmid"):
            payload["tmid"] = message["tmid"]
        async with self._client.post(self.webhook_url, json=payload) as response:
            self.webhook_answers.append(response.status)
            return response.status

    def bot_messages(self, room: Room) -> list[dict[str, Any]]:
        return [m for m in room.messages if m["u"]["username"] == self.bot]

    # -- injecting trouble -------------------------------------------------------------

    def fail(self, endpoint: str, status: int = 500, times: int = 1) -> None:
        self.faults.setdefault(endpoint, []).extend(Fault(status=status) for _ in range(times))

    def stall(self, endpoint: str, seconds: float, times: int = 1, status: int = 504) -> None:
        """The next calls of `endpoint` wait `seconds`, then fail with `status` (0: then succeed)."""
        self.faults.setdefault(endpoint, []).extend(Fault(status=status, stall=seconds) for _ in range(times))

    def expire_logins(self) -> None:
        """Every session token stops working (the personal access token too)."""
        self.tokens.clear()

    def calls(self, endpoint: str) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith(endpoint)]

    async def wait_calls(self, endpoint: str, count: int, timeout: float = 20.0) -> None:
        """Until the bot has called `endpoint` `count` times."""
        async with self._requested:
            await asyncio.wait_for(self._requested.wait_for(lambda: len(self.calls(endpoint)) >= count), timeout)

    # -- HTTP --------------------------------------------------------------------------

    @web.middleware
    async def _record_and_fault(self, request: web.Request, handler: Any) -> web.StreamResponse:
        body = await request.json() if request.method == "POST" and request.can_read_body \
            and request.content_type == "application/json" else None  # a multipart upload is read by its route
        record = Recorded(request.method, request.path, dict(request.query), body,
                          {k: v for k, v in request.headers.items() if k.lower().startswith("x-")})
        self.requests.append(record)
        async with self._requested:
            self._requested.notify_all()
        endpoint = request.path.removeprefix(API)
        faults = self.faults.get(endpoint)
        if faults:
            fault = faults.pop(0)
            if fault.stall:
                await asyncio.sleep(fault.stall)
            if fault.status:  # else (0): answered late, as asked
                record.status = fault.status
                return web.Response(status=fault.status, text="<html>upstream error</html>", content_type="text/html")
        response = await handler(request)
        record.status = response.status
        return response

    def _authorized(self, request: web.Request) -> bool:
        user_id = request.headers.get("X-User-Id")
        return user_id == self.users[self.bot]["_id"] and request.headers.get("X-Auth-Token") in self.tokens

    @staticmethod
    def _unauthorized() -> web.Response:
        return web.json_response({"status": "error", "message": "You must be logged in to do this."}, status=401)

    @staticmethod
    def _error(error: str, status: int = 400) -> web.Response:
        return web.json_response({"success": False, "error": error}, status=status)

    async def _login(self, request: web.Request) -> web.Response:
        body = await request.json()
        name = body.get("username") or body.get("user")
        if name != self.bot or body.get("password") != self.password:
            return web.json_response({"status": "error", "error": "Unauthorized", "message": "Unauthorized"},
                                     status=401)
        token = "tok-" + secrets.token_hex(8)
        self.tokens.add(token)
        me = {**self.users[self.bot], "status": "online", "active": True}
        return web.json_response({"status": "success", "data": {"authToken": token,
                                                                 "userId": self.users[self.bot]["_id"], "me": me}})

    async def _me(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return self._unauthorized()
        return web.json_response({**self.users[self.bot], "status": "online", "active": True, "success": True})

    async def _subscriptions_get(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return self._unauthorized()
        since = request.query.get("updatedSince")
        if since is not None:
            try:
                since_at = parse_iso(since)  # a "+00:00" sent unencoded arrives with a space: refused
            except ValueError:
                return self._error("error-roomId-param-invalid")
            update = [s for s in self.subscriptions.values() if parse_iso(s["_updatedAt"]) > since_at]
        else:
            update = list(self.subscriptions.values())
        return web.json_response({"update": update, "remove": [], "success": True})

    async def _subscriptions_get_one(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return self._unauthorized()
        return web.json_response({"subscription": self.subscriptions.get(request.query.get("roomId", "")),
                                  "success": True})

    async def _history(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return self._unauthorized()
        room = self.rooms.get(request.query.get("roomId", ""))
        if room is None or room.id not in self.subscriptions:
            return self._error("error-room-not-found")
        messages = room.messages
        if "oldest" in request.query:
            oldest = parse_iso(request.query["oldest"])
            inclusive = request.query.get("inclusive") == "true"
            messages = [m for m in messages if parse_iso(m["ts"]) > oldest or
                        (inclusive and parse_iso(m["ts"]) == oldest)]
        newest_first = list(reversed(messages))
        offset, count = int(request.query.get("offset", 0)), int(request.query.get("count", 20))
        page = newest_first[offset: offset + count]
        return web.json_response({"messages": page, "count": len(page), "offset": offset,
                                  "total": len(newest_first), "success": True})

    async def _post_message(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return self._unauthorized()
        body = await request.json()
        channel = body.get("channel") or ""
        room: Room | None = None
        if channel.startswith("@"):
            if channel[1:] not in self.users:
                return self._error("invalid-channel")
            room = self.dm(channel[1:])
        elif channel.startswith("#"):
            room = next((r for r in self.rooms.values() if r.name == channel[1:]), None)
        elif body.get("roomId"):
            room = self.rooms.get(body["roomId"])
        if room is None:
            return self._error("invalid-channel")
        bot = self.users[self.bot]
        message = {
            "_id": f"b{next(self._ids):06d}{secrets.token_hex(3)}", "rid": room.id, "msg": body.get("text", ""),
            "ts": iso(self._now()), "u": {"_id": bot["_id"], "username": self.bot, "name": bot["name"]},
            "attachments": body.get("attachments") or [], "_updatedAt": iso(self._now()), "bot": None,
        }
        self._add_message(room, message)
        for listener in self.listeners:
            await listener(room, message)
        return web.json_response({"ts": int(parse_iso(message["ts"]).timestamp() * 1000), "channel": channel,
                                  "message": message, "success": True})

    async def _rooms_media(self, request: web.Request) -> web.Response:
        """Step 1 of sending a file (Rocket.Chat 6.8+): a multipart upload with the field "file";
        the file is kept, unseen, until rooms.mediaConfirm posts it."""
        if not self._authorized(request):
            return self._unauthorized()
        room = self.rooms.get(request.match_info["rid"])
        if room is None or self.bot not in room.members:
            return self._error("error-not-allowed")
        if not request.content_type.startswith("multipart/"):
            return self._error("error-invalid-content-type")
        fields = await request.post()
        upload = fields.get("file")
        if not isinstance(upload, web.FileField):
            return self._error("error-file-required")  # as the server: "[No file uploaded]"
        data = upload.file.read()
        file_id = "f" + secrets.token_hex(6)
        self.files[file_id] = (upload.filename, data, upload.content_type)
        self.pending_uploads[file_id] = room.id
        return web.json_response({"file": {"_id": file_id, "url": f"/file-upload/{file_id}/{upload.filename}"},
                                  "success": True})

    async def _rooms_media_confirm(self, request: web.Request) -> web.Response:
        """Step 2: the uploaded file becomes a message in the room it was uploaded to."""
        if not self._authorized(request):
            return self._unauthorized()
        room_id, file_id = request.match_info["rid"], request.match_info["file_id"]
        if self.pending_uploads.get(file_id) != room_id:
            return self._error("error-file-not-found")
        del self.pending_uploads[file_id]
        body = await request.json() if request.can_read_body else {}
        name, _, mime = self.files[file_id]
        bot = self.users[self.bot]
        attachment: dict[str, Any] = {"type": "file", "title": name, "title_link": f"/file-upload/{file_id}/{name}",
                                      "title_link_download": True, "description": body.get("description")}
        if mime.startswith("image/"):
            attachment.update(image_url=f"/file-upload/{file_id}/{name}", image_type=mime)
        message = {
            "_id": f"b{next(self._ids):06d}{secrets.token_hex(3)}", "rid": room_id, "msg": body.get("msg", ""),
            "ts": iso(self._now()), "u": {"_id": bot["_id"], "username": self.bot, "name": bot["name"]},
            "file": {"_id": file_id, "name": name, "type": mime}, "files": [{"_id": file_id, "name": name, "type": mime}],
            "attachments": [attachment], "_updatedAt": iso(self._now()), "bot": None,
        }
        room = self.rooms[room_id]
        self._add_message(room, message)
        for listener in self.listeners:
            await listener(room, message)
        return web.json_response({"message": message, "success": True})

    async def _get_message(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return self._unauthorized()
        wanted = request.query.get("msgId")
        for room in self.rooms.values():
            for message in reversed(room.messages):
                if message["_id"] == wanted:
                    return web.json_response({"message": message, "success": True})
        return self._error("error-message-not-found")

    async def _file(self, request: web.Request) -> web.StreamResponse:
        if not self._authorized(request):
            return web.Response(status=403, text="Forbidden")
        stored = self.files.get(request.match_info["file_id"])
        if stored is None:
            return web.Response(status=404)
        self.downloads.append(request.match_info["file_id"])
        name, data, mime = stored
        return web.Response(body=data, content_type=mime)
