"""/link in Telegram through both drivers and the fake Bot API: the password message is deleted
(deleteMessage) before the answer goes out, against a real slapd started by the tests."""
from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.notifications import TELEGRAM
from tests.directory.conftest import directory_config, ldap  # noqa: F401 - the session's slapd
from tests.ldap_server import LdapServer
from tests.platforms.telegram.adapter import TelegramPlatform
from tests.platforms.telegram.fake_api import FakeBotApi


@pytest.fixture
async def linked_telegram(tmp_path: Path, fake: FakeBotApi, driver: str,
                          ldap: LdapServer) -> AsyncIterator[TelegramPlatform]:  # noqa: F811
    platform = TelegramPlatform(tmp_path, driver, fake)
    platform.config.directory = directory_config(ldap)
    await platform.start(link=False)
    yield platform
    await platform.stop()


async def test_link_by_password_deletes_the_password_message(linked_telegram: TelegramPlatform):
    person = linked_telegram.stranger(7777)
    await person.say("/link")
    await person.expect("نام کاربری سازمانی")
    await person.say("neda")
    await person.expect("گذرواژهٔ حساب")
    await person.say("neda-pass-1")
    password_message_id = next(person._message_ids) - 1
    await person.expect("وصل شد")
    assert (7777, password_message_id) in linked_telegram.fake.deleted
    deleted_at = next(c.at for c in linked_telegram.fake.calls if c.method == "deleteMessage")
    answered_at = [c.at for c in linked_telegram.fake.calls if c.method == "sendMessage"][-1]
    assert deleted_at <= answered_at  # gone before the answer is sent
    assert not any("neda-pass-1" in str(c.params) for c in linked_telegram.fake.calls if c.method != "getUpdates")
    user = linked_telegram.app.desk.directory.by_account(TELEGRAM, "7777")
    assert user is not None and user.username == "neda"
    await person.say("/whoami")
    await person.expect("ندا کاظمی")
