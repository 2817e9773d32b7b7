"""Updates per second through the whole bot, against bare echo bots of the same libraries.
Prints each rate, CPU per update and the ratios; the goals are printed beside them
(the desk at least 0.5x bare python-telegram-bot, at least 0.25x bare aiogram).

    .venv/bin/python -m bench.updates [--users 200] [--seconds 10] [--warmup 3]
                                      [--script form|/help|TEXT] [--db sqlite,postgresql]

Every bot polls a fake Bot API (tests/platforms/telegram/fake_api.py, a real aiohttp
server on 127.0.0.1) started afresh for it in a process of its own, and every bot is
measured in a fresh process of its own too. The fake plays the users, closed loop: each user's next message is
pushed when the bot has answered the last one. By default (`--script form`) each user fills
the whole premium-issuance form and submits it, again and again: /new, the request type's
button, the eight typed answers, «مدرکی ندارم», «ثبت» (12 updates a request); each step
counts as answered once the bot has sent what it sends for that step (counted for one user
before the run). `--script TEXT` sends one text over and over. Message limits are lifted (the code is
measured, not Telegram's 30 a second). Bots: a bare python-telegram-bot echo
(Application, concurrent updates), a bare aiogram echo (Dispatcher), each given the same
users sending the script's texts (a button's label as text), and the desk
(`python -m bot run`'s transport, every user linked) on each driver, on SQLite and on
a throwaway PostgreSQL (skipped with a note when its server binaries are missing). Each
desk is compared with its library's echo measured just before and just after it (the mean of
the two), so a machine whose speed drifts during the run tilts no ratio.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import logging
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402

from tests.harness import GOOD_ANSWERS  # noqa: E402
from tests.platforms.telegram.fake_api import FakeBotApi  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIRST_CHAT = 700_000
GOALS = {"ptb": 0.5, "aiogram": 0.25}
FIRST_ANSWER_SECONDS = 30.0  # calibrating: how long the first message answering a step may take

Step = tuple[str, str]  # ("text", what is typed) or ("press", a label on the last inline keyboard)
FORM: list[Step] = [("text", "/new"), ("press", "درخواست صدور و پرداخت حق بیمه"),
                    *(("text", answer) for answer in GOOD_ANSWERS), ("press", "مدرکی ندارم"), ("press", "ثبت")]


def script_of(name: str) -> list[Step]:
    return FORM if name == "form" else [("text", name)]


def as_texts(script: list[Step]) -> list[Step]:
    """The same users for an echo bot: a button's label is sent as text."""
    return [("text", what) for _, what in script]


# -- the fake Bot API and its users, in a process of their own ---------------------------------


class ClosedLoopApi(FakeBotApi):
    """FakeBotApi whose users take their script's next step as soon as the bot has answered the last."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.calls = _Discard()  # a long run would keep every call otherwise
        self.listeners.append(self._answered)
        self.script: list[Step] = [("text", "/help")]
        self.expected: list[int] = [1]  # messages sent or edited in the chat that answer each step
        self.running = False
        self.answered = 0
        self.lost = 0  # users whose answers stopped matching the script
        self.polled = False
        self._got: dict[int, int] = {}  # chat -> messages received since its last update
        self._step: dict[int, int] = {}  # chat -> index of the step it took last
        self._ids: dict[int, int] = {}
        self._ids_of_presses = itertools.count(1)  # a press's id is handled once: never reuse one
        self._keyboards: dict[int, dict[str, Any]] = {}  # chat -> last message with an inline keyboard

    async def start(self) -> None:  # FakeBotApi.start, with the bench's control routes
        from tests.platforms.running import serve_locally

        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_post("/bench/start", self._start)
        app.router.add_post("/bench/stop", self._stop)
        app.router.add_post("/bench/calibrate", self._calibrate)
        app.router.add_get("/bench/count", self._count)
        self._runner, self.url = await serve_locally(app)

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        self.polled = True
        offset = int(params.get("offset") or 0)
        if offset:  # forget what was confirmed: the scan for ready updates stays short
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        return await super()._m_getUpdates(params)

    def _new_message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        message = super()._new_message(params, **content)
        del self.messages[(message["chat"]["id"], message["message_id"])]  # only keyboards are looked up
        if "reply_markup" in message:
            self._keyboards[message["chat"]["id"]] = message
        return message

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        chat, message = int(params["chat_id"]), self._keyboards.get(int(params["chat_id"]))
        if message is not None and message["message_id"] == int(params["message_id"]):
            self.messages[(chat, message["message_id"])] = message
        answer = await super()._m_editMessageText(params)
        self.messages.pop((chat, int(params["message_id"])), None)
        return answer

    async def say(self, chat: int) -> None:
        """Take the chat's next step."""
        step = self._step[chat] = (self._step.get(chat, -1) + 1) % len(self.script)
        self._got[chat] = 0
        kind, what = self.script[step]
        who = {"id": chat, "is_bot": False, "first_name": f"u{chat}", "username": f"u{chat}", "language_code": "fa"}
        if kind == "press":
            message = self._keyboards.get(chat, {"reply_markup": {"inline_keyboard": []}})
            data = next((b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row
                         if what in b["text"]), None)
            if data is None:  # the bot answered something the script did not expect: leave this user be
                self.lost += 1
                del self._got[chat]
                if self.lost <= 3:
                    print(f"user {chat} lost its place at step {step} ({what!r} not on the last keyboard)",
                          flush=True)
                return
            await self.push({"callback_query": {"id": f"q{next(self._ids_of_presses)}", "from": who, "message": message,
                                                "chat_instance": "ci", "data": data}})
            return
        self._ids[chat] = self._ids.get(chat, 0) + 1
        await self.push({"message": {"message_id": self._ids[chat], "date": int(time.time()), "from": who,
                                     "chat": {"id": chat, "type": "private", "first_name": who["first_name"]},
                                     "text": what}})

    async def _answered(self, what: str, message: dict[str, Any]) -> None:
        chat = message["chat"]["id"]
        if chat not in self._got:
            return
        self._got[chat] += 1
        if self._got[chat] == self.expected[self._step[chat]]:
            if self.running:
                self.answered += 1
                await self.say(chat)
            else:
                del self._got[chat]

    async def _start(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.script, self.expected = [tuple(step) for step in body["script"]], body["expected"]
        self.answered, self.lost, self.running = 0, 0, True
        self._step.clear()
        for chat in range(FIRST_CHAT, FIRST_CHAT + body["users"]):
            await self.say(chat)
        return web.json_response({})

    async def _stop(self, request: web.Request) -> web.Response:
        self.running = False
        self._got.clear()
        self.polled = False
        self._drop_pending()
        return web.json_response({})

    async def _calibrate(self, request: web.Request) -> web.Response:
        """How many messages the bot sends or edits for each step (once it polls), one user walking the script."""
        body = await request.json()
        while not self.polled:
            await asyncio.sleep(0.05)
        self.script, self.expected, self.running = [tuple(step) for step in body["script"]], [], False
        self._drop_pending()
        self._step.clear()
        chat = FIRST_CHAT
        for _ in self.script:
            self.expected.append(0)  # never reached: the step is only counted
            await self.say(chat)
            first_by = time.monotonic() + FIRST_ANSWER_SECONDS
            while not self._got.get(chat) and time.monotonic() < first_by:  # a loaded machine answers late
                await asyncio.sleep(0.02)
            seen, quiet = self._got.get(chat, 0), time.monotonic()
            while seen and time.monotonic() - quiet < body["quiet"]:  # then: how many more follow
                await asyncio.sleep(0.02)
                if self._got.get(chat, 0) != seen:
                    seen, quiet = self._got[chat], time.monotonic()
            self.expected[-1] = seen
        self._got.clear()
        return web.json_response({"expected": self.expected})

    def _drop_pending(self) -> None:
        """Forget updates no bot took: the next bot starts from nothing."""
        self._updates = []
        self._confirmed = next(self._update_ids)

    async def _count(self, request: web.Request) -> web.Response:
        return web.json_response({"answered": self.answered, "lost": self.lost})


class _Discard(list):
    def append(self, item: Any) -> None:
        pass


def _serve_fake(urls: Any) -> None:
    # a bot stopped at the end of its run cuts its requests off: no news
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)

    async def serve() -> None:
        fake = ClosedLoopApi()
        await fake.start()
        urls.put((fake.url, fake.token))
        await asyncio.Event().wait()

    asyncio.run(serve())


@contextlib.contextmanager
def fresh_fake(context: Any) -> Iterator[tuple[str, str]]:
    """A fake Bot API in a new process, for one bot: a fake that served the bots before grows
    (the messages it sent, its heap) and slows, which made a bot measured later in the run
    look slower than one measured earlier."""
    urls = context.Queue()
    fake = context.Process(target=_serve_fake, args=(urls,), daemon=True)
    fake.start()
    try:
        yield urls.get(timeout=60)
    finally:
        fake.terminate()
        fake.join()


# -- the bots ----------------------------------------------------------------------------


Runner = Callable[[str, str, asyncio.Event, asyncio.Event], Awaitable[None]]  # url, token, ready, stop


async def bare_ptb(url: str, token: str, ready: asyncio.Event, stop: asyncio.Event) -> None:
    from telegram import Update
    from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(update.message.text or "")

    # The desk's pool (bot/transports/telegram/ptb_api.py): httpcore's pool looks at every
    # connection for every waiting request, and with ptb's default of 256 connections that scan
    # took about half the echo's CPU, which varied 2.8-5.4 ms an update from run to run (with 64:
    # 3.3-3.9 ms).
    app = (ApplicationBuilder().token(token).base_url(f"{url}/bot").base_file_url(f"{url}/file/bot")
           .concurrent_updates(True).connection_pool_size(64).pool_timeout(30.0).build())
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=2)
        ready.set()
        await stop.wait()
        await app.updater.stop()
        await app.stop()


async def bare_aiogram(url: str, token: str, ready: asyncio.Event, stop: asyncio.Event) -> None:
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(url), limit=64))  # the desk's pool
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    logging.getLogger("aiogram").setLevel(logging.CRITICAL)  # sends cut off by the stop are no news
    polling = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False, polling_timeout=2))
    ready.set()
    await stop.wait()
    await dispatcher.stop_polling()
    await polling
    await bot.session.close()


def desk(driver: str, database_url: str, users: int) -> Runner:
    async def run(url: str, token: str, ready: asyncio.Event, stop: asyncio.Event) -> None:
        from bot.app import build_app
        from bot.config import TelegramConfig, load_config
        from bot.transports.telegram import build_transport
        from core.notifications import TELEGRAM

        with tempfile.TemporaryDirectory() as tmp:
            config = load_config(str(ROOT / "config.example.toml"))
            config.database.url = database_url or f"sqlite:///{Path(tmp) / 'bimeh.db'}"
            config.general.data_dir = str(Path(tmp) / "data")
            config.telegram = TelegramConfig(token=token, api_base=url, driver=driver, poll_timeout_seconds=2,
                                             messages_per_second=1e6, per_chat_interval_seconds=0.0)
            app = build_app(config)
            for i in range(users):
                chat = FIRST_CHAT + i
                app.desk.directory.add(f"u{chat}", f"کاربر {i}")
                app.desk.directory.link(f"u{chat}", TELEGRAM, str(chat))
            transport = build_transport(app)
            task = asyncio.create_task(transport.run(stop))
            ready.set()
            try:
                await task
            finally:
                app.close()

    return run


# -- measuring ---------------------------------------------------------------------------


@dataclass
class Rate:
    updates_per_second: float
    cpu_ms_per_update: float
    messages_per_step: list[int]
    lost: int  # users that left the script (the bot answered what it did not expect)


async def measure(bot: Runner, url: str, token: str, users: int, script: list[Step], warmup: float,
                  seconds: float, quiet: float = 1.0) -> Rate:
    ready, stop = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(bot(url, token, ready, stop))
    async with aiohttp.ClientSession() as http:
        async def control(what: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
            if task.done():
                task.result()  # the bot failed: say why
            method = http.get if body is None else http.post
            async with method(f"{url}/bench/{what}", **({} if body is None else {"json": body})) as answer:
                return await answer.json()

        try:
            readied = asyncio.create_task(ready.wait())
            await asyncio.wait([readied, task], return_when=asyncio.FIRST_COMPLETED)
            readied.cancel()
            if task.done():
                task.result()  # the bot failed before it was ready: say why, rather than wait for ever
            expected = (await control("calibrate", {"script": script, "quiet": quiet}))["expected"]
            if not all(expected):
                raise RuntimeError(f"the bot did not answer every step: {expected} messages for {script}")
            await control("start", {"users": users, "script": script, "expected": expected})
            await asyncio.sleep(warmup)
            first, cpu, at = (await control("count"))["answered"], time.process_time(), time.perf_counter()
            await asyncio.sleep(seconds)
            counted = await control("count")
            last, cpu, at = counted["answered"] - first, time.process_time() - cpu, time.perf_counter() - at
        finally:
            await control("stop", {})
            stop.set()
            await asyncio.wait_for(task, 30)
    return Rate(last / at, cpu * 1000 / max(last, 1), expected, counted["lost"])


BotSpec = tuple[Any, ...]  # ("bare python-telegram-bot echo",), ("bare aiogram echo",) or ("desk", driver, url, users)


def _runner(spec: BotSpec) -> Runner:
    if spec[0] == "desk":
        return desk(*spec[1:])
    return bare_ptb if "python-telegram-bot" in spec[0] else bare_aiogram


def _measure_here(spec: BotSpec, args: tuple[Any, ...], answers: Any) -> None:
    try:
        answers.put(asyncio.run(measure(_runner(spec), *args)))
    except BaseException as exc:  # noqa: BLE001 - said in the parent, which stops
        answers.put(RuntimeError(f"{type(exc).__name__}: {exc}"))


def measured_in_own_process(context: Any, spec: BotSpec, url: str, token: str, users: int, script: list[Step],
                            warmup: float, seconds: float, quiet: float) -> Rate:
    """measure() in a process of its own: one bot's imports and heap (aiogram's types are
    150 MB of objects the garbage collector walks) do not slow the next bot measured."""
    answers = context.Queue()
    process = context.Process(target=_measure_here,
                              args=(spec, (url, token, users, script, warmup, seconds, quiet), answers))
    process.start()
    answer = answers.get(timeout=warmup + seconds + 600)
    process.join(60)
    if isinstance(answer, BaseException):
        raise answer
    return answer


def postgresql_server() -> tuple[Any, str]:
    """A throwaway server, or (None, why not)."""
    try:
        from tests.databases import PostgresServer

        server = PostgresServer()
    except RuntimeError as exc:
        return None, str(exc)
    server.start()
    return server, ""


def fresh_database(server: Any, name: str) -> str:
    """A new empty database on the server: every bot measured starts from nothing."""
    from psycopg import sql

    server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return str(server.url(name))


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--script", default="form", help="'form' (the whole form, submitted) or a text to repeat")
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--drivers", default="ptb,aiogram")
    parser.add_argument("--quiet", type=float, default=1.0, help="seconds without a message that end an answer")
    args = parser.parse_args(argv)

    context = multiprocessing.get_context("spawn")
    server = None
    results: dict[str, float] = {}
    try:
        def run(name: str, bot: BotSpec) -> Rate:
            texts_only = name.startswith("bare")
            with fresh_fake(context) as (url, token):
                rate = measured_in_own_process(context, bot, url, token, args.users,
                                               as_texts(script) if texts_only else script,
                                               args.warmup, args.seconds, args.quiet)
            print(f"{name:<34} {rate.updates_per_second:8.1f} updates/s  {rate.cpu_ms_per_update:6.2f} ms CPU/update"
                  f"  (messages a step: {rate.messages_per_step})"
                  + (f"  {rate.lost} of {args.users} users lost their place" if rate.lost else ""), flush=True)
            return rate

        script = script_of(args.script)
        what = "filling the whole form and submitting" if args.script == "form" else f"sending {args.script!r}"
        print(f"{args.users} users, closed loop, each {what}; {args.seconds:g} s measured "
              f"after {args.warmup:g} s warm-up", flush=True)
        bare_names = {"ptb": "bare python-telegram-bot echo", "aiogram": "bare aiogram echo"}
        for driver in args.drivers.split(","):
            # The echo runs before and after each desk, which is compared with the mean of the two:
            # on this VM one echo measured five times in a row made 193-353 updates/s, so a desk
            # compared with one echo measured minutes before it got whatever ratio the drift gave.
            echo_before = run(bare_names[driver], (bare_names[driver],))
            for backend in args.db.split(","):
                database = ""
                if backend == "postgresql":
                    if server is None:
                        server, why_not = postgresql_server()
                    if server is None:
                        print(f"PostgreSQL skipped: {why_not}")
                        continue
                    database = fresh_database(server, f"bench_{driver}")
                rate = run(f"desk on {driver}, {backend}", ("desk", driver, database, args.users))
                echo_after = run(bare_names[driver], (bare_names[driver],))
                echo = (echo_before.updates_per_second + echo_after.updates_per_second) / 2
                ratio = rate.updates_per_second / echo
                results[f"{driver}/{backend}"] = ratio
                print(f"  ratio desk/bare {driver} on {backend}: {ratio:.2f} of the echo's mean {echo:.1f} /s "
                      f"before and after  (goal >= {GOALS[driver]})", flush=True)
                echo_before = echo_after
    finally:
        if server is not None:
            server.stop()
    return results


if __name__ == "__main__":
    main()
