"""A local fake Bale Bot API: Telegram's fake (tests/platforms/telegram/fake_api.py) where Bale's
API is the same, answering as Bale does where it is not (our reading of Bale's documents,
docs/telegram.md §6):

- setWebhook takes the URL only: a secret_token given is not kept, and Bale's calls to the
  webhook carry no secret header;
- there are no command menus: setMyCommands and deleteMyCommands are unknown methods (404);
- a file's path is its id: the file URL is {api_base}/file/bot{token}/{file_id};
- Bale's user and chat ids are larger numbers than the Telegram fake's.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.platforms.telegram.fake_api import FakeBotApi, _error

BALE_BOT_USER = {"id": 1_450_000_001, "is_bot": True, "first_name": "میز بیمه", "username": "bimeh_desk_bot"}


@dataclass
class FakeBaleApi(FakeBotApi):
    token: str = "1450000001:BALE-token-for-the-fake-server"

    _m_setMyCommands = None  # not in Bale's API: answered 404 like any unknown method
    _m_deleteMyCommands = None

    async def _m_getMe(self, params: dict[str, Any]) -> Any:
        return BALE_BOT_USER

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {"url": params.get("url")}  # no secret_token in Bale's setWebhook
        return True

    async def _m_getFile(self, params: dict[str, Any]) -> Any:
        file_id = params.get("file_id")
        if file_id not in self.files:
            return _error(400, "Bad Request: invalid file_id")
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(self.files[file_id]),
                "file_path": file_id}
