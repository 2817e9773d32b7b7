"""The command menus Telegram shows beside the text box (setMyCommands).

Everyone gets the requester's commands (the default scope, per language); each
linked expert's private chat gets the expert commands too (a chat scope), and
a manager's (admin, a supervising role) /assign and /stats.
"""
from __future__ import annotations

import logging

from bot.i18n import LANGUAGES, Translator
from bot.runtime.delivery import DeliveryError
from bot.transports.telegram.api import BotApi, Command
from core.desk import Desk
from core.models import User
from core.notifications import TELEGRAM
from core.requests.registry import REQUEST_TYPES
from core.workflow.definition import OWNER

log = logging.getLogger(__name__)

REQUESTER_COMMANDS = ("new", "my", "show", "comment", "resubmit", "cancel", "back", "find",
                      "whoami", "link", "unlink", "linkcode", "lang", "help", "start")
MANAGER_COMMANDS = ("assign", "stats")  # admin and the supervising roles


def expert_commands() -> list[str]:
    names = ["queue", "take"]
    for rtype in REQUEST_TYPES.values():
        for action in rtype.workflow.actions:
            if action.role != OWNER and action.code not in names:
                names.append(action.code)
    return names


def menu(t: Translator, staff: bool, manager: bool = False) -> list[Command]:
    names = list(REQUESTER_COMMANDS) + (expert_commands() if staff else []) + \
        (list(MANAGER_COMMANDS) if manager else [])
    return [Command(name, _description(t, name)) for name in names]


def _description(t: Translator, name: str) -> str:
    return t(t.first_key(f"telegram.command.{name}", f"action_name.{name}"))[:256]


class CommandMenus:
    def __init__(self, api: BotApi, desk: Desk, default_lang: str, platform: str = TELEGRAM,
                 supported: bool = True) -> None:
        self.api = api
        self.desk = desk
        self.default_lang = default_lang
        self.platform = platform
        self.supported = supported  # False: the platform has no command menus (Bale): none is set

    async def publish_all(self) -> None:
        """The default menus, then every linked expert's own."""
        if not self.supported:
            return
        try:
            await self.api.set_commands(menu(Translator(self.default_lang), staff=False), None, None)
            for lang in LANGUAGES:
                await self.api.set_commands(menu(Translator(lang), staff=False), None, lang)
        except DeliveryError as exc:
            log.warning("could not set the command menu: %s", type(exc).__name__)
        for user in self.desk.directory.all():
            if user.is_staff:
                for account in self.desk.directory.accounts(user):
                    if account.platform == self.platform and account.undeliverable_reason is None:
                        await self.publish_for(user, account.address)

    async def publish_for(self, user: User, chat_id: str) -> None:
        """An expert's chat shows the expert commands as well (and a manager's, /assign and /stats),
        in their language."""
        if not user.is_staff or not self.supported:
            return
        manager = bool(user.all_roles & self.desk.sla.policy.manager_roles())
        try:
            await self.api.set_commands(menu(Translator(user.lang), staff=True, manager=manager), int(chat_id), None)
        except DeliveryError as exc:
            log.warning("could not set an expert's command menu: %s", type(exc).__name__)
