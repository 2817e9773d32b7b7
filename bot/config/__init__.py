"""Configuration: one TOML file, checked by pydantic when it is read (`from bot.config import AppConfig, load_config`).

The whole file and its loading are in app_config.py; each group of sections in its own module: platforms
([telegram], [bale], [rocketchat], [metrics]), directory ([[users]], [directory]), insurance, schedule
([calendar], [digest], [jobs]), reports; what they are made of in base.py and checks.py. The names below
are the configuration's public ones, kept here so that a section moving between modules moves no import.
"""
from bot.config.app_config import (
    CONFIG_ENV,
    DATA_DIR_ENV,
    DATABASE_URL_ENV,
    EXAMPLE_CONFIG,
    AppConfig,
    ConfigMissing,
    ConsoleConfig,
    DatabaseConfig,
    FormsConfig,
    GeneralConfig,
    LoggingConfig,
    config_path,
    demo_config,
    load_config,
)
from bot.config.directory import DirectoryAttributes, DirectoryConfig, UserConfig
from bot.config.insurance import GroupDiscountRow, InsuranceConfig, ShortTermRow
from bot.config.platforms import BaleConfig, MetricsConfig, RocketChatConfig, TelegramConfig
from bot.config.reports import ReportsConfig
from bot.config.schedule import CalendarConfig, DigestConfig, JobsConfig

__all__ = [
    "CONFIG_ENV", "DATABASE_URL_ENV", "DATA_DIR_ENV", "EXAMPLE_CONFIG", "AppConfig", "BaleConfig", "CalendarConfig",
    "ConfigMissing", "ConsoleConfig", "DatabaseConfig", "DigestConfig", "DirectoryAttributes", "DirectoryConfig",
    "FormsConfig", "GeneralConfig", "GroupDiscountRow", "InsuranceConfig", "JobsConfig", "LoggingConfig",
    "MetricsConfig", "ReportsConfig", "RocketChatConfig", "ShortTermRow", "TelegramConfig", "UserConfig",
    "config_path", "demo_config", "load_config",
]
