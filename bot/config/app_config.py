"""The configuration file: AppConfig (every section) and how the file is found and read; secrets may come
from the environment.

The file is chosen by --config, else $BIMEH_CONFIG, else ./config.toml. Without any of
them nothing is guessed (ConfigMissing): the example's demo users once went into a real
database that way. `bimeh-desk init` writes config.toml from the example, which ships
inside the package; `--demo` runs on that example and a throwaway database of its own.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, PrivateAttr, field_validator, model_validator

from bot.config.base import Seconds, Strict
from bot.config.checks import NonEmpty, Username, not_a_file
from bot.config.directory import DirectoryConfig, UserConfig
from bot.config.insurance import InsuranceConfig
from bot.config.platforms import BaleConfig, MetricsConfig, RocketChatConfig, TelegramConfig
from bot.config.reports import ReportsConfig
from bot.config.schedule import CalendarConfig, DigestConfig, JobsConfig
from core.identity import check_roles
from core.notifications import ROCKETCHAT
from core.requests.registry import REQUEST_TYPES
from core.sla import SlaPolicy

CONFIG_ENV = "BIMEH_CONFIG"
DATABASE_URL_ENV = "BIMEH_DATABASE_URL"
DATA_DIR_ENV = "BIMEH_DATA_DIR"
MAX_DEADLINE_HOURS = 2000
# packaged with bot/ (in a checkout, a link to the project's config.example.toml)
EXAMPLE_CONFIG = Path(__file__).resolve().parents[1] / "config.example.toml"
LOCAL_CONFIG = Path("config.toml")
DEMO_FOLDER = "demo"  # --demo's database and files, under the data folder


class GeneralConfig(Strict):
    default_lang: str = "fa"
    data_dir: Annotated[str, AfterValidator(not_a_file)] = "data"
    desk_threads: int = Field(default=2, ge=1, le=32)  # blocking desk calls at once (bot/runtime/desk_threads.py)

    @field_validator("default_lang")
    @classmethod
    def _known_lang(cls, value: str) -> str:
        if value not in ("fa", "en"):
            raise ValueError("default_lang must be fa or en")
        return value


class DatabaseConfig(Strict):
    url: str = "sqlite:///data/bimeh.db"
    # how long a process holds the notifications it is sending; those of a process that was
    # killed mid-send go out (again) after this
    outbox_claim_lease_seconds: int = Field(default=300, ge=1, le=86_400)
    # how long a process's lease on its unsent replies lasts without renewal (renewed every third of it):
    # a process started meanwhile leaves them to their live owner, and sends them once it lapsed
    reply_lease_seconds: int = Field(default=30, ge=3, le=86_400)


class ConsoleConfig(Strict):
    default_user: Username | None = None
    poll_interval_seconds: Seconds = 1.0


class FormsConfig(Strict):
    org_units: list[NonEmpty] = Field(min_length=1)
    description_max_length: int = Field(default=2000, ge=10, le=10000)
    attachment_max_mb: int = Field(default=20, ge=1, le=50)
    attachments_max_count: int = Field(default=10, ge=1, le=50)


class LoggingConfig(Strict):
    """Logs go to stderr, as text or one JSON object a line; `-v` says more."""

    format: Literal["text", "json"] = "text"
    level: Literal["debug", "info", "warning", "error"] = "warning"

    @field_validator("format", "level", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value


class AppConfig(Strict):
    general: GeneralConfig = GeneralConfig()
    database: DatabaseConfig = DatabaseConfig()
    console: ConsoleConfig = ConsoleConfig()
    forms: FormsConfig
    users: list[UserConfig] = Field(default_factory=list)
    telegram: TelegramConfig | None = None
    bale: BaleConfig | None = None
    rocketchat: RocketChatConfig | None = None
    insurance: InsuranceConfig = InsuranceConfig()
    calendar: CalendarConfig = CalendarConfig()
    # request type → status → working hours (at most about a working year)
    deadlines: dict[str, dict[str, Annotated[float, Field(gt=0, le=MAX_DEADLINE_HOURS)]]] = Field(default_factory=dict)
    supervisors: dict[str, str] = Field(default_factory=dict)  # role → the role told when its deadline passes
    digest: DigestConfig = DigestConfig()
    jobs: JobsConfig = JobsConfig()
    directory: DirectoryConfig | None = None
    metrics: MetricsConfig = MetricsConfig()
    logging: LoggingConfig = LoggingConfig()
    reports: ReportsConfig = ReportsConfig()
    source: str = ""  # the file this was read from
    _demo: bool = PrivateAttr(default=False)  # --demo: the environment names the real database, not this one

    @field_validator("deadlines")
    @classmethod
    def _known_states(cls, value: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        for request_type, states in value.items():
            if request_type not in REQUEST_TYPES:
                raise ValueError(f"deadlines: unknown request type {request_type!r}")
            known = REQUEST_TYPES[request_type].workflow.states
            for status in states:
                if status not in known:
                    raise ValueError(f"deadlines.{request_type}: unknown status {status!r}")
        return value

    @model_validator(mode="after")
    def _deadlines_end(self) -> AppConfig:
        """Every deadline ends on this calendar (a working minute a day makes 2000 hours ten years)."""
        calendar = dataclasses.replace(self.calendar.build(), beyond=None)  # the weekend and hours decide
        start = dt.datetime(2024, 3, 20, tzinfo=dt.timezone.utc)
        for request_type, states in self.deadlines.items():
            for status, hours in states.items():
                try:
                    calendar.add_working_hours(start, hours)
                except ValueError:
                    raise ValueError(f"deadlines.{request_type}.{status}: {hours} working hours do not end within "
                                     "ten years on this calendar (weekend, work_start, work_end)") from None
        return self

    @field_validator("supervisors")
    @classmethod
    def _known_roles(cls, value: dict[str, str]) -> dict[str, str]:
        check_roles([*value.keys(), *value.values()])
        return value

    def sla_policy(self) -> SlaPolicy:
        return SlaPolicy(self.calendar.build(), self.deadlines, self.supervisors)

    @property
    def digest_at(self) -> dt.time | None:
        return dt.time.fromisoformat(self.digest.time) if self.digest.enabled else None

    @property
    def database_url(self) -> str:
        if self._demo:
            return self.database.url
        return os.environ.get(DATABASE_URL_ENV) or self.database.url

    @property
    def role_channels(self) -> list[tuple[str, str]]:
        """Shared channels that also get expert notifications: (platform, address)."""
        rocketchat = self.rocketchat
        if rocketchat is not None and rocketchat.enabled and rocketchat.expert_channel:
            return [(ROCKETCHAT, rocketchat.channel_address)]
        return []

    def platform_problems(self) -> list[str]:
        """Why a configured platform could not start: a section present without its
        credentials is a mistake to report, never a reason to fall back to the console."""
        sections = (self.telegram, self.bale, self.rocketchat)
        return [problem for section in sections if section is not None
                for problem in [section.missing_credentials()] if problem]

    def listen_addresses(self) -> list[tuple[str, str]]:
        """(key, "HOST:PORT") of every address `run` listens on, with a platform configured."""
        telegram, bale, rocketchat = self.telegram, self.bale, self.rocketchat
        addresses = []
        if telegram is not None and telegram.enabled and telegram.mode == "webhook":
            addresses.append(("[telegram] webhook_listen", telegram.webhook_listen))
        if bale is not None and bale.enabled and bale.mode == "webhook":
            addresses.append(("[bale] webhook_listen", bale.webhook_listen))
        if rocketchat is not None and rocketchat.enabled and rocketchat.mode == "webhook":
            addresses.append(("[rocketchat] webhook_listen", rocketchat.webhook_listen))
        if self.metrics.listen and any(p is not None and p.enabled for p in (telegram, bale, rocketchat)):
            addresses.append(("[metrics] listen", self.metrics.listen))
        return addresses

    @property
    def data_dir(self) -> Path:
        if self._demo:
            return Path(self.general.data_dir)
        return Path(os.environ.get(DATA_DIR_ENV) or self.general.data_dir)


class ConfigMissing(FileNotFoundError):
    """No --config, no $BIMEH_CONFIG and no ./config.toml."""


def config_path(explicit: str | None = None) -> Path:
    if explicit:
        return Path(explicit)
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    return LOCAL_CONFIG


def load_config(explicit: str | None = None) -> AppConfig:
    path = config_path(explicit)
    if not explicit and not os.environ.get(CONFIG_ENV) and not path.exists():
        raise ConfigMissing(str(path))  # nothing named: no file is guessed
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    return AppConfig.model_validate({**raw, "source": str(path)})


def demo_config() -> AppConfig:
    """The packaged example on a database and files of its own, under the data folder's demo/:
    never the database the environment or a config file names."""
    config = load_config(str(EXAMPLE_CONFIG))
    folder = Path(os.environ.get(DATA_DIR_ENV) or config.general.data_dir) / DEMO_FOLDER
    config.general.data_dir = str(folder)
    config.database.url = f"sqlite:///{folder / 'bimeh.db'}"
    config._demo = True
    return config
