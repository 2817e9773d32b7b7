"""Poll mode: the bot's subscriptions changed since last time, then each room's new messages.

`subscriptions.get?updatedSince=` names the rooms with something new; each
room's history is read from the last handled message on (inclusive, so two
messages in the same millisecond are not lost) and handled oldest first. The
cursor (updatedSince, and per room the last handled time and ids at that time)
is stored after every message, so a restart neither handles a message again
nor skips one. On the very first start, what was already there is not answered.
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from bot.config import RocketChatConfig
from bot.runtime import metrics
from bot.transports.rocketchat.client import LoginRefused
from bot.transports.rocketchat.messages import format_time, oldest_first, parse_time
from bot.transports.rocketchat.rooms import CHANNEL, HISTORY_METHODS, room_kind
from core.notifications import ROCKETCHAT

if TYPE_CHECKING:
    from bot.transports.rocketchat.transport import RocketChatTransport

log = logging.getLogger(__name__)

STATE_KEY = "poll"
PAGE = 100
GIVE_UP_AFTER = 3  # failed attempts at one message before it is skipped (logged)


class Poller:
    def __init__(self, transport: RocketChatTransport, config: RocketChatConfig) -> None:
        self.transport = transport
        self.client = transport.client
        self.interval = config.poll_interval_seconds
        self.channel_name = (config.expert_channel or "").lstrip("#") or None
        self.state: dict[str, Any] = {}
        self._failures: dict[str, int] = {}
        self._stop = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        self._stop = stop
        store = self.transport.desk.transport_state
        stored = await self.transport.app.threads.run(store.get, ROCKETCHAT, STATE_KEY)
        while not stop.is_set():
            try:
                if stored is None:
                    await self._baseline()
                    stored = self.state
                else:
                    self.state = stored
                    self.transport.ready.set()
                    await self.poll_once()
                    metrics.transports.up(ROCKETCHAT)
            except LoginRefused:
                raise
            except Exception as error:  # noqa: BLE001 - the server may be down: try again next round
                metrics.transports.down(ROCKETCHAT, f"poll failed: {type(error).__name__}")
                log.warning("rocketchat poll failed: %s", type(error).__name__)
            try:
                await asyncio.wait_for(stop.wait(), timeout=self.interval)
            except asyncio.TimeoutError:
                pass

    async def _save(self) -> None:
        store = self.transport.desk.transport_state
        await self.transport.app.threads.run(store.put, ROCKETCHAT, STATE_KEY, self.state)

    async def _baseline(self) -> None:
        """First start: remember where every room is now, without answering old messages."""
        answer = await self.client.call("subscriptions_get")
        rooms: dict[str, Any] = {}
        for sub in answer.get("update") or []:
            kind = room_kind(sub, self.channel_name)
            if kind is None:
                continue
            newest = await self.client.call(HISTORY_METHODS[sub["t"]], sub["rid"], count=1, max_count=1)
            if newest:
                rooms[sub["rid"]] = {"ts": _ts(newest[0]), "ids": [newest[0]["_id"]]}
        self.state = {"since": _newest(answer.get("update") or [], None), "rooms": rooms}
        await self._save()

    async def poll_once(self) -> None:
        since = self.state.get("since")
        answer = await self.client.call("subscriptions_get", **({"updatedSince": since} if since else {}))
        updates = answer.get("update") or []
        for sub in oldest_first(updates, "_updatedAt"):
            kind = room_kind(sub, self.channel_name)
            if kind is not None:
                await self._catch_up(sub, kind)
        if self._stop.is_set():
            return  # rooms may be left unread: the subscriptions cursor stays where it was
        newest = _newest(updates, since)
        if newest != since:
            self.state["since"] = newest
            await self._save()

    async def _catch_up(self, sub: dict[str, Any], kind: str) -> None:
        rid = sub["rid"]
        rooms = self.state.setdefault("rooms", {})
        cursor = rooms.get(rid)
        window = {"oldest": cursor["ts"], "inclusive": "true"} if cursor else {}
        messages = await self.client.call(HISTORY_METHODS[sub["t"]], rid, count=PAGE, **window)
        for raw in oldest_first(messages, "ts"):
            if self._stop.is_set():
                return  # stopping (SIGTERM): the rest stay after the cursor, for the next start
            ts = _ts(raw)
            if cursor and (ts < cursor["ts"] or (ts == cursor["ts"] and raw["_id"] in cursor["ids"])):
                continue  # handled before (the history window includes its first millisecond)
            await self._handle(raw, kind)
            cursor = {"ts": ts, "ids": [*cursor["ids"], raw["_id"]]} if cursor and cursor["ts"] == ts else \
                {"ts": ts, "ids": [raw["_id"]]}
            rooms[rid] = cursor
            await self._save()

    async def _handle(self, raw: dict[str, Any], kind: str) -> None:
        message_id = str(raw.get("_id"))
        try:
            await self.transport.on_message(raw, in_channel=kind == CHANNEL)
        except LoginRefused:
            raise
        except Exception as error:
            failures = self._failures[message_id] = self._failures.get(message_id, 0) + 1
            if failures < GIVE_UP_AFTER:
                raise
            log.error("rocketchat: gave up on a message after %d attempts: %s", failures, type(error).__name__)
        self._failures.pop(message_id, None)


def _ts(raw: dict[str, Any]) -> str:
    moment = parse_time(raw.get("ts"))
    return format_time(moment) if moment else ""


def _newest(subscriptions: list[dict[str, Any]], since: str | None) -> str | None:
    times = [t for t in (parse_time(s.get("_updatedAt")) for s in subscriptions) if t is not None]
    if since:
        times.append(parse_time(since))  # type: ignore[arg-type]
    return format_time(max(times)) if times else since
