"""Composition root: config → database → desk → bot. The only bot module that names storage."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from bot.config import AppConfig, DirectoryConfig
from bot.desk_threads import DeskThreads
from bot.handlers.router import Bot
from bot.i18n import Translator
from bot.runner import BotRunner
from core.clock import Clock, utc_now
from core.desk import Desk
from core.people import DirectoryPolicy
from storage.db import Database, DatabaseUnavailable, open_database
from storage.files import LocalFileStore
from storage.ldap_directory import LdapDirectory, LdapSettings

log = logging.getLogger(__name__)


class StartupError(Exception):
    """Something the operator must fix before the bot can start; the message is one line."""


@dataclass
class App:
    config: AppConfig
    database: Database
    desk: Desk
    bot: Bot
    runner: BotRunner
    directory: LdapDirectory | None = None

    @property
    def threads(self) -> DeskThreads:
        """Where the event loop's blocking calls into the desk run."""
        return self.runner.threads

    def close(self) -> None:
        self.threads.close()
        if self.directory is not None:
            self.directory.close()
        self.database.dispose()


def build_app(config: AppConfig, clock: Clock = utc_now) -> App:
    try:
        database = open_database(config.database_url)  # applies migrations
    except DatabaseUnavailable as exc:
        raise StartupError(f"database: {exc}") from None
    files = LocalFileStore(config.data_dir / "attachments")
    max_bytes = config.forms.attachment_max_mb * 1024 * 1024
    directory = ldap_directory(config.directory) if config.directory is not None else None
    policy = directory_policy(config.directory) if config.directory is not None else DirectoryPolicy()
    desk = Desk.build(database.uow, files, clock=clock, max_attachment_bytes=max_bytes,
                      role_channels=config.role_channels, insurance_settings=config.insurance.settings(),
                      sla_policy=config.sla_policy(), digest_at=config.digest_at,
                      directory_lookup=directory, directory_policy=policy,
                      outbox_claim_lease=timedelta(seconds=config.database.outbox_claim_lease_seconds),
                      document_label=Translator("fa"),  # documents (payment orders) are Persian
                      one_transaction=database.one_transaction,
                      outbox_rows_committed=database.outbox_rows_committed,
                      report_recipients=config.reports.build(bool(config.rocketchat and config.rocketchat.enabled)),
                      reports_at=config.reports.at)
    desk.directory.sync(user.entry() for user in config.users)
    for username, policyholder in config.insurance.policyholder_links.items():
        user = desk.directory.find(username)
        if user is not None:
            desk.insurance.link_user(user.id, policyholder)
    if config.reports.channels() and not (config.rocketchat and config.rocketchat.enabled):
        log.warning("reports.recipients names channels (%s), but Rocket.Chat is not configured: they get nothing",
                    ", ".join(config.reports.channels()))
    bot = Bot(desk, config)
    runner = BotRunner(bot, database.chat_lock, DeskThreads(config.general.desk_threads))
    return App(config, database, desk, bot, runner, directory)


def ldap_directory(config: DirectoryConfig) -> LdapDirectory:
    return LdapDirectory(LdapSettings(
        url=config.url, base_dn=config.base_dn, bind_dn=config.bind_dn,
        bind_password=config.resolved_bind_password, start_tls=config.start_tls, ca_file=config.ca_file,
        user_filter=config.user_filter, enabled_filter=config.enabled_filter or None,
        attributes=config.attributes.model_dump(), group_membership=config.group_membership,
        group_base_dn=config.group_base_dn, timeout_seconds=config.timeout_seconds,
    ))


def directory_policy(config: DirectoryConfig) -> DirectoryPolicy:
    return DirectoryPolicy(dict(config.group_roles), config.cache_seconds, config.link_max_failures,
                           config.link_lockout_minutes)


def setup_logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # library loggers can print request URLs, which carry bot tokens
    for noisy in ("httpx", "httpcore", "urllib3", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
