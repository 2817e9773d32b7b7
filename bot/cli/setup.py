"""Commands that set the desk up and keep it safe: `init`, `--demo`, `backup FILE`, `restore FILE`.

None of them builds the desk: `init` runs before there is a configuration, and `backup` and
`restore` must not migrate or fill the database they copy (`restore` needs it empty).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bot import __version__
from bot.i18n import Translator
from core.text import ltr

if TYPE_CHECKING:  # the configuration (pydantic) is read by the commands, not for the parser: --help stays light
    from bot.app import BackupError
    from bot.config import AppConfig

PROG_ENV = "BIMEH_PROG"  # how the person calls the desk (./desk sets it), for usage lines and hints
BACKENDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

Say = Callable[[str], None]


def prog() -> str:
    """The name the person typed: `./desk`, `bimeh-desk`, or `python -m bot`."""
    if os.environ.get(PROG_ENV):
        return os.environ[PROG_ENV]
    return "bimeh-desk" if Path(sys.argv[0]).name == "bimeh-desk" else "python -m bot"


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    init = sub.add_parser("init", parents=[common],
                          help="write config.toml (or --config FILE) from the example, to edit")
    init.add_argument("--force", action="store_true", help="overwrite a file that is there")
    backup = sub.add_parser("backup", parents=[common],
                            help="copy the database and the data folder into one archive, while the desk runs")
    backup.add_argument("file", help="the archive to write (it must not exist)")
    restore = sub.add_parser("restore", parents=[common],
                             help="bring an archive back into an empty database and data folder")
    restore.add_argument("file", help="an archive written by backup")


def add_options(common: argparse.ArgumentParser) -> None:
    common.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                        help="the example's demo users on a throwaway database under the data folder's demo/")


class SetupRefused(Exception):
    """No configuration to run on; the message (one line) says how to get one."""


def chosen_config(args: argparse.Namespace, err: Say) -> AppConfig:
    """The configuration the command runs on: the demo's when asked for, else the file named or found.
    Other faults of the file (OSError, TOML, validation) are raised as load_config raises them."""
    from bot import config as configuration

    t = Translator("fa")
    if getattr(args, "demo", False):
        if getattr(args, "config", None):
            raise SetupRefused(t("setup.demo_and_config", demo=ltr("--demo"), config=ltr("--config")))
        config = configuration.demo_config()
        err(t("setup.demo", database=ltr(config.database_url.removeprefix("sqlite:///")),
              folder=ltr(config.general.data_dir), init=ltr(f"{prog()} init")))
        return config
    try:
        return configuration.load_config(getattr(args, "config", None))
    except configuration.ConfigMissing:
        raise SetupRefused(t("setup.no_config", path=ltr(str(configuration.config_path(None))),
                             env=ltr("$" + configuration.CONFIG_ENV),
                             init=ltr(f"{prog()} init"), demo=ltr(f"{prog()} --demo"))) from None


def init(args: argparse.Namespace, out: Say, err: Say) -> int:
    from bot.config import EXAMPLE_CONFIG, config_path

    t = Translator("fa")
    target = config_path(getattr(args, "config", None))
    shown = ltr(str(target))
    if target.exists() and not args.force:
        err(t("setup.init_exists", path=shown, force=ltr("--force")))
        return 2
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(EXAMPLE_CONFIG, target)
    except OSError as exc:
        err(t("setup.init_failed", path=shown, reason=exc.strerror or str(exc)))
        return 2
    out(t("setup.init_done", path=shown, run=ltr(f"{prog()} run"),
          users=ltr(f"{prog()} users list")))
    return 0


def backup(config: AppConfig, args: argparse.Namespace, out: Say, err: Say) -> int:
    from bot.app import BackupError
    from bot.app import backup as write_backup
    from bot.render.text import size_text

    t = Translator(config.general.default_lang)
    path = Path(args.file)
    try:
        manifest = write_backup(config, path, __version__)
    except BackupError as exc:
        err(_refusal(t, exc))
        return 2
    out(t("backup.done", path=ltr(str(path)), backend=BACKENDS[manifest.backend],
          revision=ltr(manifest.schema_revision or "-"), files=manifest.files, size=ltr(size_text(path.stat().st_size))))
    return 0


def restore(config: AppConfig, args: argparse.Namespace, out: Say, err: Say) -> int:
    from bot.app import BackupError
    from bot.app import restore as read_backup
    from core.jalali import format_datetime

    t = Translator(config.general.default_lang)
    try:
        manifest = read_backup(config, Path(args.file))
    except BackupError as exc:
        err(_refusal(t, exc))
        return 2
    out(t("backup.restored", path=ltr(args.file), made=ltr(format_datetime(manifest.created, digits=t.lang)),
          version=ltr(manifest.version), backend=BACKENDS[manifest.backend], files=manifest.files,
          data=ltr(str(config.data_dir))))
    return 0


def _refusal(t: Translator, exc: BackupError) -> str:
    params = {name: ltr(str(value)) for name, value in exc.params.items()}
    for name in ("made", "target"):  # the backends by their names
        if name in params:
            params[name] = BACKENDS.get(str(exc.params[name]), str(exc.params[name]))
    return t(f"backup.{exc.key}", **params)
