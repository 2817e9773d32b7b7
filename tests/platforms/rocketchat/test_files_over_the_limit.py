"""A file past the limit in Rocket.Chat (issue 23): refused by the size its upload declares before it is
downloaded; from a server that declares none, the download stops a byte past the limit and the file is
refused whole, never cut to the limit and passed on."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.platforms import journeys
from tests.platforms.rocketchat.adapter import RcPlatform, RcUser


async def _limited(tmp_path: Path) -> RcPlatform:
    platform = RcPlatform(tmp_path, mode="poll")
    platform.config.forms.attachment_max_mb = 1
    await platform.start()
    return platform


async def test_a_file_declared_past_the_limit_is_refused_undownloaded(tmp_path: Path) -> None:
    platform = await _limited(tmp_path)
    try:
        await journeys.file_over_the_limit(platform)
        assert len(platform.server.downloads) == 1  # small.pdf only
    finally:
        await platform.close()


async def test_a_file_from_a_server_that_declares_no_size_is_refused_whole(tmp_path: Path) -> None:
    async def undeclared(user: RcUser, name: str, data: bytes) -> Any:
        await platform.server.post(user.username, "", room=user.room, file=(name, data, "application/pdf"),
                                   declare_size=False)

    platform = await _limited(tmp_path)
    try:
        await journeys.file_over_the_limit(platform, send=undeclared)
    finally:
        await platform.close()
