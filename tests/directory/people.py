"""People writing to the desk as a Telegram or Rocket.Chat account would, linking a Telegram account
to their directory username with /link, and the test directory changed under them (ldapmodify)."""
from __future__ import annotations

from bot.events import Inbound, Outbound
from core.notifications import ROCKETCHAT, TELEGRAM
from tests.harness import ChatHarness
from tests.ldap_server import LdapServer


def tg(desk: ChatHarness, telegram_id: int, text: str) -> list[Outbound]:
    """A message from a Telegram account (found by its link, never by a username it claims)."""
    tg.count = getattr(tg, "count", 0) + 1
    inbound = Inbound(platform=TELEGRAM, chat_id=str(telegram_id), sender_id=str(telegram_id), text=text,
                      message_id=f"{telegram_id}:{tg.count}")
    return desk.app.bot.handle(inbound)


def rc(desk: ChatHarness, username: str, text: str) -> list[Outbound]:
    inbound = Inbound(platform=ROCKETCHAT, chat_id=f"dm-{username}", sender_id=f"rc-{username}", text=text,
                      username=username, directory_username=username)
    return desk.app.bot.handle(inbound)


def link(desk: ChatHarness, telegram_id: int, username: str, password: str) -> list[Outbound]:
    tg(desk, telegram_id, "/link")
    tg(desk, telegram_id, username)
    return tg(desk, telegram_id, password)


def linked_to(desk: ChatHarness, telegram_id: int) -> str | None:
    user = desk.app.desk.directory.by_account(TELEGRAM, str(telegram_id))
    return user.username if user else None


def modify(ldap: LdapServer, dn: str, change: str) -> None:
    ldap.modify(f"dn: {dn}\nchangetype: modify\n{change}\n")
