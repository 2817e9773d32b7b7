"""Rocket.Chat through rocketchat_API: see transport.py; poll mode in poller.py, webhook mode in webhook.py."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.app import App
    from bot.transports.rocketchat.transport import RocketChatTransport


def build_transport(app: App) -> RocketChatTransport:
    from bot.transports.rocketchat.client import Credentials, RocketClient
    from bot.transports.rocketchat.transport import RocketChatTransport

    config = app.config.rocketchat
    assert config is not None and config.enabled and config.server_url
    credentials = Credentials(
        server_url=config.server_url.rstrip("/"),
        user=config.resolved_user,
        password=config.resolved_password,
        user_id=config.resolved_user_id,
        auth_token=config.resolved_auth_token,
    )
    return RocketChatTransport(app, config, RocketClient(credentials, timeout=config.timeout_seconds))
