"""A file past the limit in Telegram (issue 23): refused before a byte of it is fetched, by the size
the message declares or, when it declares none, by the size getFile gives; never cut to the limit."""
from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from tests.platforms import journeys
from tests.platforms.telegram.adapter import TelegramPlatform, TelegramUser
from tests.platforms.telegram.fake_api import FakeBotApi

_ids = itertools.count(1)


async def _limited(tmp_path: Path, driver: str, fake: FakeBotApi) -> TelegramPlatform:
    platform = TelegramPlatform(tmp_path, driver, fake)
    platform.config.forms.attachment_max_mb = 1
    await platform.start()
    return platform


async def test_a_file_declared_past_the_limit_is_refused_unfetched(tmp_path: Path, fake: FakeBotApi,
                                                                  driver: str) -> None:
    platform = await _limited(tmp_path, driver, fake)
    try:
        await journeys.file_over_the_limit(platform)
        fetched = [c for c in fake.calls if c.method in ("getFile", "file")]
        assert len(fetched) == 2  # small.pdf's getFile and download; nothing of big.pdf
    finally:
        await platform.stop()


async def test_a_file_without_a_declared_size_is_refused_on_getfiles_word(tmp_path: Path, fake: FakeBotApi,
                                                                         driver: str) -> None:
    async def undeclared(user: TelegramUser, name: str, data: bytes) -> Any:
        file_id = f"u{next(_ids)}"
        fake.files[file_id] = data
        document = {"file_id": file_id, "file_unique_id": f"uu{file_id}", "file_name": name,
                    "mime_type": "application/pdf"}  # no file_size: the message need not say it
        await user.push({"message": user.message(document=document)})

    platform = await _limited(tmp_path, driver, fake)
    try:
        await journeys.file_over_the_limit(platform, send=undeclared)
        assert not [c for c in fake.calls if c.method == "file" and c.params["path"].startswith("documents/u")]
    finally:
        await platform.stop()
