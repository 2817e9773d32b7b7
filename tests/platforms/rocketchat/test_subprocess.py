"""The real program, `python -m bot run --config FILE`, against the fake Rocket.Chat server."""
from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest

from tests.databases import database_url
from tests.harness import EXAMPLE_CONFIG
from tests.platforms.chat import ChatUser
from tests.platforms.rocketchat.adapter import seen
from tests.platforms.rocketchat.fake_server import FakeRocketChat
from tests.platforms.running import bot_run

pytestmark = pytest.mark.slow


def write_config(tmp_path: Path, server: FakeRocketChat) -> Path:
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    text = text.replace('url = "sqlite:///data/bimeh.db"', f'url = "{database_url(tmp_path / "bimeh.db")}"')
    text = text.replace('data_dir = "data"', f'data_dir = "{(tmp_path / "data").as_posix()}"')
    text += f"""
[rocketchat]
server_url = "{server.url}"
user = "{server.bot}"
mode = "poll"
poll_interval_seconds = 0.1
"""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


async def test_python_m_bot_run_answers_in_rocketchat_and_stops_on_sigint(tmp_path: Path) -> None:
    server = FakeRocketChat()
    await server.start()
    maryam = ChatUser("maryam")
    server.add_user("maryam", "مریم احمدی")

    async def to_maryam(room, message) -> None:  # noqa: ANN001
        if room.t == "d" and "maryam" in room.members:
            await maryam.received(seen(message))

    server.listeners.append(to_maryam)
    config = write_config(tmp_path, server)
    env = {**os.environ, "BIMEH_ROCKETCHAT_PASSWORD": server.password}  # the secret from the environment
    try:
        async with bot_run(config, env) as process:
            # the first round takes what is there as read: write once the bot polls for news
            await server.wait_calls("subscriptions.get", 2)
            await server.post("maryam", "/new")
            menu = await maryam.expect("نوع درخواست را انتخاب کنید", timeout=20)
            assert menu.buttons == ["درخواست صدور و پرداخت حق بیمه"]
            await server.post("maryam", "1")
            await maryam.expect("(۱ از ۹)", timeout=20)

            process.send_signal(signal.SIGINT)
            code = await asyncio.wait_for(process.wait(), timeout=20)
            stderr = (await process.stderr.read()).decode()  # type: ignore[union-attr]
            assert code == 0, stderr
            assert "Traceback" not in stderr and server.password not in stderr
    finally:
        await server.stop()


async def test_wrong_credentials_end_run_with_a_message_not_a_traceback(tmp_path: Path) -> None:
    server = FakeRocketChat()
    await server.start()
    config = write_config(tmp_path, server)
    env = {**os.environ, "BIMEH_ROCKETCHAT_PASSWORD": "not-the-password"}
    try:
        async with bot_run(config, env) as process:
            code = await asyncio.wait_for(process.wait(), timeout=30)
            stderr = (await process.stderr.read()).decode()  # type: ignore[union-attr]
    finally:
        await server.stop()
    assert code == 1
    assert "login refused" in stderr and "LoginRefused" in stderr
    assert "Traceback" not in stderr and "not-the-password" not in stderr


async def test_sigterm_finishes_the_message_in_hand_and_its_answer_in_flight(tmp_path: Path) -> None:
    server = FakeRocketChat()
    await server.start()
    maryam = ChatUser("maryam")
    server.add_user("maryam", "مریم احمدی")

    async def to_maryam(room, message) -> None:  # noqa: ANN001
        if room.t == "d" and "maryam" in room.members:
            await maryam.received(seen(message))

    server.listeners.append(to_maryam)
    config = write_config(tmp_path, server)
    env = {**os.environ, "BIMEH_ROCKETCHAT_PASSWORD": server.password}
    try:
        async with bot_run(config, env) as process:
            await server.wait_calls("subscriptions.get", 2)
            await server.post("maryam", "/new")
            await maryam.expect("نوع درخواست را انتخاب کنید", timeout=20)
            sent = len(server.calls("chat.postMessage"))
            server.stall("chat.postMessage", 2.0, status=0)  # the next answer is slow, but arrives
            await server.post("maryam", "1")
            await server.post("maryam", "/help")  # behind it: not started once the signal came
            await server.wait_calls("chat.postMessage", sent + 1)  # the answer to "1" is in flight
            process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), timeout=20)
            stderr = (await process.stderr.read()).decode()  # type: ignore[union-attr]
            assert code == 0, stderr
        await maryam.expect("(۱ از ۹)")  # the message in hand was finished and its answer delivered
        # its two messages (the form's heading, slow, then the question); /help was not begun
        assert len(server.calls("chat.postMessage")) == sent + 2

        async with bot_run(config, env) as process:  # the next start answers what was left
            await maryam.expect("هر کار با یک دکمهٔ منو شروع می‌شود", timeout=20)  # the help
    finally:
        await server.stop()
