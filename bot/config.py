"""Configuration: one TOML file, checked by pydantic; secrets may come from the environment.

The file is chosen by --config, else $BIMEH_CONFIG, else ./config.toml, else the
shipped config.example.toml (demo users, SQLite), so a fresh checkout runs as is.
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.identity import DirectoryEntry, check_roles

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


class AppConfig(Strict):
    general: GeneralConfig = GeneralConfig()
    database: DatabaseConfig = DatabaseConfig()
    console: ConsoleConfig = ConsoleConfig()
    forms: FormsConfig
    users: list[UserConfig] = Field(default_factory=list)
    source: str = ""  # the file this was read from

    @property
    def database_url(self) -> str:
        return os.environ.get(DATABASE_URL_ENV) or self.database.url

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
