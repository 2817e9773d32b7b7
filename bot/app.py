"""Composition root: config → database → desk → bot. The only bot module that names storage."""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import AppConfig, DirectoryConfig
from bot.i18n import Translator
from core.clock import Clock, utc_now
from core.desk import Desk
from core.errors import DirectoryUnavailable
from core.jalali import format_date
from core.people import DirectoryPolicy
from core.requests.checks import HookMissing
from core.transactions import OwnUnits
from storage.db import Database, DatabaseUnavailable, open_database, upgrade_database
from storage.dumps import BackupError  # noqa: F401 - what backup and restore raise, for the command line
from storage.files import LocalFileStore
from storage.schema_version import head_revisions

if TYPE_CHECKING:
    from bot.handlers.router import Bot
    from bot.runtime.desk_threads import DeskThreads
    from bot.runtime.kept_replies import ProcessLease, ReplyKeeper
    from bot.runtime.runner import BotRunner
    from storage.backup import Manifest
    from storage.ldap_directory import LdapDirectory
    from storage.upgrade import AppliedMigration

log = logging.getLogger(__name__)
CONFIG_LINKS = "config"  # who linked a policyholder's person named in [insurance] policyholder_links
STARTUP_WRITES = "bimeh-desk start-up"  # the advisory lock key of what every start writes


class StartupError(Exception):
    """Something the operator must fix before the bot can start; the message is one line."""


@dataclass
class App:
    config: AppConfig
    database: Database
    desk: Desk
    directory: LdapDirectory | None = None

    # The chat side is made on first use: a command of the CLI (users, tickets, insurance)
    # needs only the desk, and the handlers' and metrics' imports are most of a start's time.
    @functools.cached_property
    def bot(self) -> Bot:
        from bot.handlers.router import Bot

        return Bot(self.desk, self.config)

    @functools.cached_property
    def runner(self) -> BotRunner:
        from bot.runtime.desk_threads import DeskThreads
        from bot.runtime.runner import BotRunner

        return BotRunner(self.bot, self.database.transaction, DeskThreads(self.config.general.desk_threads))

    @functools.cached_property
    def reply_lease(self) -> ProcessLease:
        """One for every transport of this process (bot/runtime/kept_replies.py)."""
        from bot.runtime.kept_replies import ProcessLease

        return ProcessLease(self.desk.kept_replies, self.threads.run, self.config.database.reply_lease_seconds)

    @property
    def threads(self) -> DeskThreads:
        """Where the event loop's blocking calls into the desk run."""
        return self.runner.threads

    def reply_keeper(self, platform: str) -> ReplyKeeper:
        """Keeps a transport's direct replies until they are sent."""
        from bot.runtime.kept_replies import ReplyKeeper

        return ReplyKeeper(self.desk.kept_replies, self.reply_lease, platform, self.threads.run)

    def close(self) -> None:
        if "runner" in self.__dict__:  # its threads, if it was made
            self.threads.close()
        if self.directory is not None:
            self.directory.close()
        self.database.dispose()


def build_app(config: AppConfig, clock: Clock = utc_now) -> App:
    try:
        database = open_database(config.database_url)  # applies migrations
    except DatabaseUnavailable as exc:
        raise StartupError(f"[database] url: {exc}") from None
    files = LocalFileStore(config.data_dir / "attachments")
    max_bytes = config.forms.attachment_max_mb * 1024 * 1024
    directory = ldap_directory(config.directory) if config.directory is not None else None
    policy = directory_policy(config.directory) if config.directory is not None else DirectoryPolicy()
    try:
        desk = Desk.build(OwnUnits(database.uow), files, clock=clock, max_attachment_bytes=max_bytes,
                          role_channels=config.role_channels, insurance_settings=config.insurance.settings(),
                          sla_policy=config.sla_policy(), digest_at=config.digest_at,
                          directory_lookup=directory, directory_policy=policy,
                          outbox_claim_lease=timedelta(seconds=config.database.outbox_claim_lease_seconds),
                          document_label=Translator("fa"),  # documents (payment orders) are Persian
                          outbox_rows_committed=database.outbox_rows_committed,
                          report_recipients=config.reports.build(bool(config.rocketchat
                                                                      and config.rocketchat.enabled)),
                          reports_at=config.reports.at)
    except HookMissing as exc:  # a request type names a hook nobody registered
        if directory is not None:
            directory.close()
        database.dispose()
        raise StartupError(str(exc)) from None
    # The configured users and links, written by one starting process at a time: several starting
    # together on PostgreSQL each found a user absent and added it (a duplicate key for all but one).
    with database.transaction(chat_key=STARTUP_WRITES) as transaction:
        starting = desk.within(transaction)  # all of them in one transaction, or none
        starting.directory.sync(user.entry() for user in config.users)
        _link_policyholders(starting, config)
        _check_report_recipients(starting, config)
    return App(config, database, desk, directory)


def migrate(config: AppConfig) -> tuple[list[AppliedMigration], str]:
    """The migrations alone (`bimeh-desk migrate`): those applied, and the revision the schema is at."""
    try:
        applied = upgrade_database(config.database_url)
    except DatabaseUnavailable as exc:
        raise StartupError(f"[database] url: {exc}") from None
    return applied, ", ".join(sorted(head_revisions()))


def _link_policyholders(desk: Desk, config: AppConfig) -> None:
    """[insurance] policyholder_links: a username nobody knows is a mistake to name, not to skip."""
    for username, policyholder in config.insurance.policyholder_links.items():
        try:
            user = desk.people.by_username(username)  # asks the directory, as the router does
        except DirectoryUnavailable:
            log.warning("[insurance] policyholder_links: the directory did not answer for %r; "
                        "linked once they are known", username)
            continue
        if user is None:
            raise StartupError(f"[insurance] policyholder_links: no user named {username!r} (add them under "
                               "[[users]], with `python -m bot users add`, or to the directory)")
        desk.insurance.link_user(user.id, policyholder, actor=CONFIG_LINKS)


def _check_report_recipients(desk: Desk, config: AppConfig) -> None:
    """[reports] recipients: a username nobody knows, or a channel with no Rocket.Chat to post in, is a
    mistake to name (the monthly reports would silently reach no one)."""
    for department, names in config.reports.recipients.items():
        for name in names:
            if name.startswith("#"):
                if not (config.rocketchat and config.rocketchat.enabled):
                    raise StartupError(f"[reports] recipients.{department}: {name} is a Rocket.Chat channel, "
                                       "but [rocketchat] is not configured")
                continue
            try:
                user = desk.people.by_username(name)  # asks the directory, as the router does
            except DirectoryUnavailable:
                log.warning("[reports] recipients.%s: the directory did not answer for %r", department, name)
                continue
            if user is None:
                raise StartupError(f"[reports] recipients.{department}: no user named {name!r} (add them under "
                                   "[[users]], with `python -m bot users add`, or to the directory)")


def log_calendar_horizon(app: App) -> None:
    """Said at the start of a long-running command: the shipped holidays end within 60 days (or did)."""
    calendar = app.desk.sla.calendar
    today = calendar.local_day(app.desk.clock())
    last = calendar.runs_out_within(today)
    if last is not None:
        log.warning("the official holidays in core/data/holidays.toml end on %s (%s): add the next year's "
                    "table from the official calendar; until then that year's holidays come from the holidays "
                    "package, whose lunar dates are estimates", format_date(last, "en"),
                    f"in {(last - today).days} days" if last >= today else "passed")


def backup(config: AppConfig, out: Path, version: str) -> Manifest:
    """The configured database and data folder into one archive, as they are: neither migrated nor
    filled from the configuration (the desk is not built). Raises BackupError."""
    from storage.backup import backup as write_archive

    return write_archive(config.database_url, config.data_dir, out, version)


def restore(config: AppConfig, archive: Path) -> Manifest:
    """An archive back into the configured database and data folder, both empty. Raises BackupError."""
    from storage.backup import restore as read_archive

    return read_archive(archive, config.database_url, config.data_dir)


def ldap_directory(config: DirectoryConfig) -> LdapDirectory:
    from storage.ldap_directory import LdapDirectory, LdapSettings  # ldap3, only with a [directory]

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
