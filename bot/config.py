"""Configuration: one TOML file, checked by pydantic; secrets may come from the environment.

The file is chosen by --config, else $BIMEH_CONFIG, else ./config.toml, else the
shipped config.example.toml (demo users, SQLite), so a fresh checkout runs as is.
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.identity import DirectoryEntry, check_roles
from core.notifications import ROCKETCHAT

CONFIG_ENV = "BIMEH_CONFIG"
DATABASE_URL_ENV = "BIMEH_DATABASE_URL"
DATA_DIR_ENV = "BIMEH_DATA_DIR"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CONFIG = PROJECT_ROOT / "config.example.toml"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GeneralConfig(Strict):
    default_lang: str = "fa"
    data_dir: str = "data"

    @field_validator("default_lang")
    @classmethod
    def _known_lang(cls, value: str) -> str:
        if value not in ("fa", "en"):
            raise ValueError("default_lang must be fa or en")
        return value


class DatabaseConfig(Strict):
    url: str = "sqlite:///data/bimeh.db"


class ConsoleConfig(Strict):
    default_user: str | None = None
    poll_interval_seconds: float = Field(default=1.0, gt=0)


class FormsConfig(Strict):
    org_units: list[str] = Field(min_length=1)
    description_max_length: int = Field(default=2000, ge=10, le=10000)
    attachment_max_mb: int = Field(default=20, ge=1, le=50)
    attachments_max_count: int = Field(default=10, ge=1, le=50)


class UserConfig(Strict):
    username: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1)
    roles: list[str] = Field(default_factory=list)
    lang: str = "fa"

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, value: list[str]) -> list[str]:
        check_roles(value)
        return value

    def entry(self) -> DirectoryEntry:
        return DirectoryEntry(self.username, self.name, tuple(self.roles), self.lang)


def _secret(value: str | None, env: str) -> str | None:
    """A secret from the file, else from the environment (so it need not sit in the file)."""
    return value or os.environ.get(env) or None


def host_port(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    return host or "127.0.0.1", int(port)


class TelegramConfig(Strict):
    """A Telegram bot, or any platform with a Telegram-shaped Bot API (api_base)."""

    token: str | None = None  # else $BIMEH_TELEGRAM_TOKEN
    api_base: str = "https://api.telegram.org"
    driver: Literal["ptb", "aiogram"] = "ptb"
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None  # the public URL Telegram posts updates to
    webhook_listen: str = "127.0.0.1:8443"  # where this process listens for them
    secret_token: str | None = None  # else $BIMEH_TELEGRAM_SECRET; checked on every webhook call
    messages_per_second: float = Field(default=30.0, gt=0)
    per_chat_interval_seconds: float = Field(default=1.0, ge=0)
    poll_timeout_seconds: int = Field(default=30, ge=0, le=50)
    request_timeout_seconds: float = Field(default=15.0, gt=0)  # a call slower than this is retried

    @property
    def resolved_token(self) -> str | None:
        return _secret(self.token, "BIMEH_TELEGRAM_TOKEN")

    @property
    def resolved_secret_token(self) -> str | None:
        return _secret(self.secret_token, "BIMEH_TELEGRAM_SECRET")

    @property
    def enabled(self) -> bool:
        return self.resolved_token is not None

    @model_validator(mode="after")
    def _webhook_needs_url_and_secret(self) -> TelegramConfig:
        if self.mode == "webhook" and self.enabled:
            if not self.webhook_url:
                raise ValueError("telegram mode = \"webhook\" needs webhook_url")
            if not self.resolved_secret_token:
                raise ValueError("telegram mode = \"webhook\" needs secret_token (or $BIMEH_TELEGRAM_SECRET)")
        host_port(self.webhook_listen)
        return self


class MetricsConfig(Strict):
    listen: str = ""  # "127.0.0.1:9108" serves /healthz and /metrics; empty: off

    @field_validator("listen")
    @classmethod
    def _host_port(cls, value: str) -> str:
        if value:
            host_port(value)
        return value


class RocketChatConfig(Strict):
    """A Rocket.Chat bot user; its direct messages are the conversation."""

    server_url: str | None = None
    user: str | None = None  # else $BIMEH_ROCKETCHAT_USER
    password: str | None = None  # else $BIMEH_ROCKETCHAT_PASSWORD
    user_id: str | None = None  # personal access token: else $BIMEH_ROCKETCHAT_USER_ID
    auth_token: str | None = None  # else $BIMEH_ROCKETCHAT_AUTH_TOKEN
    mode: Literal["poll", "webhook"] = "poll"
    poll_interval_seconds: float = Field(default=2.0, gt=0)
    webhook_listen: str = "127.0.0.1:8090"
    webhook_path: str = "/rocketchat"
    webhook_token: str | None = None  # else $BIMEH_ROCKETCHAT_WEBHOOK_TOKEN
    messages_per_second: float = Field(default=5.0, gt=0)
    per_chat_interval_seconds: float = Field(default=0.0, ge=0)
    timeout_seconds: float = Field(default=10.0, gt=0)
    expert_channel: str | None = None  # a channel or private group that also gets expert notifications

    @property
    def resolved_user(self) -> str | None:
        return _secret(self.user, "BIMEH_ROCKETCHAT_USER")

    @property
    def resolved_password(self) -> str | None:
        return _secret(self.password, "BIMEH_ROCKETCHAT_PASSWORD")

    @property
    def resolved_user_id(self) -> str | None:
        return _secret(self.user_id, "BIMEH_ROCKETCHAT_USER_ID")

    @property
    def resolved_auth_token(self) -> str | None:
        return _secret(self.auth_token, "BIMEH_ROCKETCHAT_AUTH_TOKEN")

    @property
    def resolved_webhook_token(self) -> str | None:
        return _secret(self.webhook_token, "BIMEH_ROCKETCHAT_WEBHOOK_TOKEN")

    @property
    def channel_address(self) -> str:
        """The expert channel as chat.postMessage takes it: "#name"."""
        return "#" + (self.expert_channel or "").lstrip("#")

    @property
    def enabled(self) -> bool:
        has_login = self.resolved_user and self.resolved_password
        has_token = self.resolved_user_id and self.resolved_auth_token
        return bool(self.server_url and (has_login or has_token))

    @model_validator(mode="after")
    def _webhook_needs_token(self) -> RocketChatConfig:
        if self.mode == "webhook" and self.enabled and not self.resolved_webhook_token:
            raise ValueError("rocketchat mode = \"webhook\" needs webhook_token (or $BIMEH_ROCKETCHAT_WEBHOOK_TOKEN)")
        host_port(self.webhook_listen)
        return self


class AppConfig(Strict):
    general: GeneralConfig = GeneralConfig()
    database: DatabaseConfig = DatabaseConfig()
    console: ConsoleConfig = ConsoleConfig()
    forms: FormsConfig
    users: list[UserConfig] = Field(default_factory=list)
    telegram: TelegramConfig | None = None
    rocketchat: RocketChatConfig | None = None
    metrics: MetricsConfig = MetricsConfig()
    source: str = ""  # the file this was read from

    @property
    def database_url(self) -> str:
        return os.environ.get(DATABASE_URL_ENV) or self.database.url

    @property
    def role_channels(self) -> list[tuple[str, str]]:
        """Shared channels that also get expert notifications: (platform, address)."""
        rocketchat = self.rocketchat
        if rocketchat is not None and rocketchat.enabled and rocketchat.expert_channel:
            return [(ROCKETCHAT, rocketchat.channel_address)]
        return []

    @property
    def data_dir(self) -> Path:
        return Path(os.environ.get(DATA_DIR_ENV) or self.general.data_dir)


def config_path(explicit: str | None = None) -> Path:
    if explicit:
        return Path(explicit)
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    local = Path("config.toml")
    return local if local.exists() else EXAMPLE_CONFIG


def load_config(explicit: str | None = None) -> AppConfig:
    path = config_path(explicit)
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    return AppConfig.model_validate({**raw, "source": str(path)})
