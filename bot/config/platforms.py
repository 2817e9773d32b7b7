"""The chat platforms' sections: [telegram], [bale] (Telegram's API at another address), [rocketchat], [metrics]."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from bot.config.base import Seconds, Strict, secret
from bot.config.checks import ListenAddress, OptionalListenAddress, host_port, web_url


class TelegramConfig(Strict):
    """A Telegram bot, or any platform with a Telegram-shaped Bot API (api_base)."""

    token: str | None = None  # else $BIMEH_TELEGRAM_TOKEN
    api_base: Annotated[str, AfterValidator(web_url)] = "https://api.telegram.org"
    driver: Literal["ptb", "aiogram"] = "ptb"
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: Annotated[str | None, AfterValidator(web_url)] = None  # the public URL Telegram posts updates to
    webhook_listen: ListenAddress = "127.0.0.1:8443"  # where this process listens for them
    secret_token: str | None = None  # else $BIMEH_TELEGRAM_SECRET; checked on every webhook call
    messages_per_second: float = Field(default=30.0, gt=0, le=1_000_000)  # bench/updates.py: 1e6, no limit
    per_chat_interval_seconds: float = Field(default=1.0, ge=0, le=3600)
    poll_timeout_seconds: int = Field(default=30, ge=0, le=50)
    request_timeout_seconds: float = Field(default=15.0, gt=0, le=600)  # a call slower than this is retried

    @property
    def resolved_token(self) -> str | None:
        return secret(self.token, "BIMEH_TELEGRAM_TOKEN")

    @property
    def resolved_secret_token(self) -> str | None:
        return secret(self.secret_token, "BIMEH_TELEGRAM_SECRET")

    @property
    def enabled(self) -> bool:
        return self.resolved_token is not None

    def missing_credentials(self) -> str | None:
        """What `run` lacks to connect, naming the key and its environment variable."""
        if self.resolved_token is None:
            return "[telegram] has no token: set token in the file or $BIMEH_TELEGRAM_TOKEN"
        return None

    @model_validator(mode="after")
    def _webhook_needs_url_andsecret(self) -> TelegramConfig:
        if self.mode == "webhook" and self.enabled:
            if not self.webhook_url:
                raise ValueError("telegram mode = \"webhook\" needs webhook_url")
            if not self.resolved_secret_token:
                raise ValueError("telegram mode = \"webhook\" needs secret_token (or $BIMEH_TELEGRAM_SECRET)")
        return self


class BaleConfig(TelegramConfig):
    """A Bale (بله) bot: Telegram's Bot API shape, but a platform of its own (its accounts, outbox and
    rate). Bale's setWebhook takes only a URL, so a webhook's secret rides in the URL's path."""

    token: str | None = None  # else $BIMEH_BALE_TOKEN
    api_base: str = "https://tapi.bale.ai"
    secret_token: str | None = None  # else $BIMEH_BALE_SECRET; the last path segment of the webhook URL
    # Bale publishes no sending limit we could find: Telegram's gap per chat, a lower overall rate
    messages_per_second: float = Field(default=20.0, gt=0, le=1_000_000)

    @property
    def resolved_token(self) -> str | None:
        return secret(self.token, "BIMEH_BALE_TOKEN")

    @property
    def resolved_secret_token(self) -> str | None:
        return secret(self.secret_token, "BIMEH_BALE_SECRET")

    def missing_credentials(self) -> str | None:
        if self.resolved_token is None:
            return "[bale] has no token: set token in the file or $BIMEH_BALE_TOKEN"
        return None

    @model_validator(mode="after")
    def _webhook_needs_url_andsecret(self) -> BaleConfig:
        if self.mode == "webhook" and self.enabled:
            if not self.webhook_url:
                raise ValueError("bale mode = \"webhook\" needs webhook_url")
            secret = self.resolved_secret_token
            if not secret or not all(c.isascii() and (c.isalnum() or c in "_-") for c in secret):
                raise ValueError("bale mode = \"webhook\" needs secret_token (or $BIMEH_BALE_SECRET) "
                                 "of letters, digits, '_' and '-'")
        host_port(self.webhook_listen)
        return self


class MetricsConfig(Strict):
    listen: OptionalListenAddress = ""  # "127.0.0.1:9108" serves /healthz and /metrics; empty: off


class RocketChatConfig(Strict):
    """A Rocket.Chat bot user; its direct messages are the conversation."""

    server_url: Annotated[str | None, AfterValidator(web_url)] = None
    user: str | None = None  # else $BIMEH_ROCKETCHAT_USER
    password: str | None = None  # else $BIMEH_ROCKETCHAT_PASSWORD
    user_id: str | None = None  # personal access token: else $BIMEH_ROCKETCHAT_USER_ID
    auth_token: str | None = None  # else $BIMEH_ROCKETCHAT_AUTH_TOKEN
    mode: Literal["poll", "webhook"] = "poll"
    poll_interval_seconds: Seconds = 2.0
    webhook_listen: ListenAddress = "127.0.0.1:8090"
    webhook_path: str = Field(default="/rocketchat", pattern=r"^/\S*$")
    webhook_token: str | None = None  # else $BIMEH_ROCKETCHAT_WEBHOOK_TOKEN
    messages_per_second: float = Field(default=5.0, gt=0, le=1_000_000)
    per_chat_interval_seconds: float = Field(default=0.0, ge=0, le=3600)
    timeout_seconds: float = Field(default=10.0, gt=0, le=600)
    expert_channel: str | None = None  # a channel or private group that also gets expert notifications
    # the server's Message_MaxAllowedSize (5000 by default): longer messages go out in parts
    message_limit: int = Field(default=5000, ge=200, le=1_000_000)

    @property
    def resolved_user(self) -> str | None:
        return secret(self.user, "BIMEH_ROCKETCHAT_USER")

    @property
    def resolved_password(self) -> str | None:
        return secret(self.password, "BIMEH_ROCKETCHAT_PASSWORD")

    @property
    def resolved_user_id(self) -> str | None:
        return secret(self.user_id, "BIMEH_ROCKETCHAT_USER_ID")

    @property
    def resolved_auth_token(self) -> str | None:
        return secret(self.auth_token, "BIMEH_ROCKETCHAT_AUTH_TOKEN")

    @property
    def resolved_webhook_token(self) -> str | None:
        return secret(self.webhook_token, "BIMEH_ROCKETCHAT_WEBHOOK_TOKEN")

    @property
    def channel_address(self) -> str:
        """The expert channel as chat.postMessage takes it: "#name"."""
        return "#" + (self.expert_channel or "").lstrip("#")

    @property
    def enabled(self) -> bool:
        return self.missing_credentials() is None

    def missing_credentials(self) -> str | None:
        """What `run` lacks to log in, naming the key and its environment variable."""
        if not self.server_url:
            return "[rocketchat] has no server_url"
        user, password = self.resolved_user, self.resolved_password
        user_id, auth_token = self.resolved_user_id, self.resolved_auth_token
        if (user and password) or (user_id and auth_token):
            return None
        if user:
            return "[rocketchat] user is set but no password: set password in the file or $BIMEH_ROCKETCHAT_PASSWORD"
        if user_id:
            return ("[rocketchat] user_id is set but no auth_token: set auth_token in the file "
                    "or $BIMEH_ROCKETCHAT_AUTH_TOKEN")
        return ("[rocketchat] has no credentials: set user and password ($BIMEH_ROCKETCHAT_USER, "
                "$BIMEH_ROCKETCHAT_PASSWORD) or user_id and auth_token ($BIMEH_ROCKETCHAT_USER_ID, "
                "$BIMEH_ROCKETCHAT_AUTH_TOKEN)")

    @model_validator(mode="after")
    def _webhook_needs_token(self) -> RocketChatConfig:
        if self.mode == "webhook" and self.enabled and not self.resolved_webhook_token:
            raise ValueError("rocketchat mode = \"webhook\" needs webhook_token (or $BIMEH_ROCKETCHAT_WEBHOOK_TOKEN)")
        return self
