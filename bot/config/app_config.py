"""Configuration: one TOML file, checked by pydantic; secrets may come from the environment.

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

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from bot.config.checks import (
    LARGEST,
    ListenAddress,
    NonEmpty,
    OptionalListenAddress,
    Rials,
    Username,
    existing_file,
    existing_folder,
    host_port,
    not_a_file,
    web_url,
)
from bot.config.reports import ReportsConfig
from core.identity import DirectoryEntry, check_roles
from core.insurance.receipts import DEFAULT_INSURER
from core.insurance.settings import DEFAULT_OFFICE, InsuranceSettings
from core.notifications import ROCKETCHAT
from core.request_types import REQUEST_TYPES
from core.sla import SlaPolicy
from core.working_calendar import WorkingCalendar, build_calendar, parse_jalali, weekday_numbers

CONFIG_ENV = "BIMEH_CONFIG"
DATABASE_URL_ENV = "BIMEH_DATABASE_URL"
DATA_DIR_ENV = "BIMEH_DATA_DIR"
MAX_DEADLINE_HOURS = 2000
# packaged with bot/ (in a checkout, a link to the project's config.example.toml)
EXAMPLE_CONFIG = Path(__file__).resolve().parents[1] / "config.example.toml"
LOCAL_CONFIG = Path("config.toml")
DEMO_FOLDER = "demo"  # --demo's database and files, under the data folder


class Strict(BaseModel):
    # an unknown key is a typo; inf and nan are never a setting (a deadline of nan broke /queue)
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


Seconds = Annotated[float, Field(gt=0, le=86_400)]  # at most a day


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


class UserConfig(Strict):
    username: Username
    name: NonEmpty
    roles: list[str] = Field(default_factory=list)
    lang: Literal["fa", "en"] = "fa"

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
        return _secret(self.token, "BIMEH_TELEGRAM_TOKEN")

    @property
    def resolved_secret_token(self) -> str | None:
        return _secret(self.secret_token, "BIMEH_TELEGRAM_SECRET")

    @property
    def enabled(self) -> bool:
        return self.resolved_token is not None

    def missing_credentials(self) -> str | None:
        """What `run` lacks to connect, naming the key and its environment variable."""
        if self.resolved_token is None:
            return "[telegram] has no token: set token in the file or $BIMEH_TELEGRAM_TOKEN"
        return None

    @model_validator(mode="after")
    def _webhook_needs_url_and_secret(self) -> TelegramConfig:
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
        return _secret(self.token, "BIMEH_BALE_TOKEN")

    @property
    def resolved_secret_token(self) -> str | None:
        return _secret(self.secret_token, "BIMEH_BALE_SECRET")

    def missing_credentials(self) -> str | None:
        if self.resolved_token is None:
            return "[bale] has no token: set token in the file or $BIMEH_BALE_TOKEN"
        return None

    @model_validator(mode="after")
    def _webhook_needs_url_and_secret(self) -> BaleConfig:
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


class GroupDiscountRow(Strict):
    min_persons: int = Field(ge=1, le=10**9)
    percent: int = Field(ge=0, le=25)  # the seed: at most 25%


class ShortTermRow(Strict):
    up_to_days: int = Field(ge=1, le=366)
    percent: int = Field(ge=0, le=100)


class InsuranceConfig(Strict):
    """The insurer's side (docs/insurance.md): registers, limits and tariffs."""

    contract_number_start: int = Field(default=300_000, ge=1, le=LARGEST // 2)  # room for the numbers after it
    default_office: NonEmpty = DEFAULT_OFFICE
    authority_limit_rials: int = Field(default=5_000_000_000, ge=10_000_000, le=LARGEST)
    office_authority_limits: dict[NonEmpty, Annotated[Rials, Field(ge=10_000_000)]] = Field(default_factory=dict)
    group_discounts: list[GroupDiscountRow] | None = None  # the office's own head-count table; None: none
    short_term_tariff: list[ShortTermRow] | None = None  # the office's own (K26: not in the seed); None: default
    primary_insurer_medical_discount_percent: int = Field(default=0, ge=0, le=100)
    renewal_notice_days: int = Field(default=30, ge=1, le=365)
    payment_deadline_days: int = Field(default=30, ge=0, le=365)
    font_dir: Annotated[str | None, AfterValidator(existing_folder)] = None
    insurer_name: NonEmpty = DEFAULT_INSURER  # at the head of every document
    # username = policyholder name: who speaks for which policyholder in chat (added if absent;
    # `python -m bot insurance policyholders link` does the same for one user)
    # (a username the desk does not know is refused at start: bot/app.py)
    policyholder_links: dict[Username, NonEmpty] = Field(default_factory=dict)
    # Paid beyond the medical capital (seed K16), by the Jalali year of a contract's start: { 1404 = rials }
    kidney_purchase_rials: dict[Annotated[int, Field(ge=1300, le=1499)], Rials] = Field(default_factory=dict)
    lithotripsy_rials: dict[Annotated[int, Field(ge=1300, le=1499)], Rials] = Field(default_factory=dict)

    @field_validator("short_term_tariff")
    @classmethod
    def _never_decreasing(cls, rows: list[ShortTermRow] | None) -> list[ShortTermRow] | None:
        if rows:
            ordered = sorted(rows, key=lambda r: r.up_to_days)
            if any(a.percent > b.percent for a, b in zip(ordered, ordered[1:])):
                raise ValueError("short_term_tariff: the earned percent may not fall as days grow")
        return rows

    def settings(self) -> InsuranceSettings:
        defaults = InsuranceSettings()
        return InsuranceSettings(
            contract_number_start=self.contract_number_start,
            default_office=self.default_office,
            authority_limit_rials=self.authority_limit_rials,
            office_authority_limits=dict(self.office_authority_limits),
            group_discounts=tuple((r.min_persons, r.percent) for r in self.group_discounts)
            if self.group_discounts else defaults.group_discounts,
            short_term_tariff=tuple((r.up_to_days, r.percent) for r in self.short_term_tariff)
            if self.short_term_tariff else defaults.short_term_tariff,
            renewal_notice_days=self.renewal_notice_days,
            payment_deadline_days=self.payment_deadline_days,
            font_dir=self.font_dir,
            insurer_name=self.insurer_name,
            primary_insurer_medical_discount_percent=self.primary_insurer_medical_discount_percent,
            kidney_purchase_rials=dict(self.kidney_purchase_rials),
            lithotripsy_rials=dict(self.lithotripsy_rials),
        )
class CalendarConfig(Strict):
    """The working calendar deadlines are counted in (Tehran time)."""

    weekend: list[str] = Field(default_factory=lambda: ["friday"])
    work_start: str = "08:00"
    work_end: str = "16:00"
    holidays: list[str] = Field(default_factory=list)  # Jalali dates added to the shipped holidays.toml
    shipped_holidays: bool = True

    @model_validator(mode="after")
    def _valid(self) -> CalendarConfig:
        try:
            weekdays = weekday_numbers(self.weekend)
        except ValueError as exc:
            raise ValueError(f"calendar weekend: {exc}") from None
        if len(weekdays) == 7:
            raise ValueError("calendar weekend: every day of the week is off; a week needs a working day")
        for key in ("work_start", "work_end"):
            try:
                dt.time.fromisoformat(getattr(self, key))
            except ValueError:
                raise ValueError(f"calendar {key}: {getattr(self, key)!r} is not a time HH:MM") from None
        if dt.time.fromisoformat(self.work_end) <= dt.time.fromisoformat(self.work_start):
            raise ValueError("calendar work_end must be after work_start")
        for day in self.holidays:
            try:
                parse_jalali(day)
            except ValueError as exc:
                raise ValueError(f"calendar holidays: {day!r} is not a Jalali date YYYY/MM/DD") from exc
        return self

    def build(self) -> WorkingCalendar:
        return build_calendar(self.weekend, self.work_start, self.work_end, self.holidays, self.shipped_holidays)


class DigestConfig(Strict):
    enabled: bool = True
    time: str = "08:00"  # Tehran wall time, on working days

    @field_validator("time")
    @classmethod
    def _time(cls, value: str) -> str:
        dt.time.fromisoformat(value)
        return value


class JobsConfig(Strict):
    interval_seconds: Seconds = 60.0  # how often deadlines and the digest are checked
class DirectoryAttributes(Strict):
    """Which directory attribute holds each thing the desk reads about a person."""

    name: str = "displayName"
    mobile: str = "mobile"
    unit: str = "department"
    email: str = "mail"


class DirectoryConfig(Strict):
    """Active Directory (or any LDAP directory): who people are, and their roles from groups."""

    url: str = Field(pattern=r"^ldaps?://\S+$")
    start_tls: bool = False
    ca_file: Annotated[str | None, AfterValidator(existing_file)] = None
    bind_dn: str | None = None
    bind_password: str | None = None  # else $BIMEH_DIRECTORY_PASSWORD
    base_dn: NonEmpty
    user_filter: str = "(sAMAccountName={username})"
    # Active Directory: not disabled (bit 2 of userAccountControl); "" checks nothing
    enabled_filter: str = "(!(userAccountControl:1.2.840.113556.1.4.803:=2))"
    attributes: DirectoryAttributes = DirectoryAttributes()
    group_roles: dict[str, str] = Field(default_factory=dict)  # group DN -> role
    group_membership: Literal["memberOf", "search"] = "memberOf"
    group_base_dn: str | None = None  # where groups are searched in "search" mode (default: base_dn)
    cache_seconds: int = Field(default=300, ge=0, le=86_400)
    link_max_failures: int = Field(default=5, ge=1, le=1000)
    link_lockout_minutes: int = Field(default=15, ge=1, le=10_080)  # at most a week
    timeout_seconds: float = Field(default=5.0, gt=0, le=300)

    @field_validator("group_roles")
    @classmethod
    def _known_roles(cls, value: dict[str, str]) -> dict[str, str]:
        check_roles(value.values())
        return value

    @field_validator("user_filter")
    @classmethod
    def _names_the_username(cls, value: str) -> str:
        if "{username}" not in value:
            raise ValueError("user_filter must contain {username}")
        return value

    @property
    def resolved_bind_password(self) -> str | None:
        return _secret(self.bind_password, "BIMEH_DIRECTORY_PASSWORD")


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
