"""Who is who: users, their roles, and the chat accounts linked to them."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from core import errors
from core.models import ROLES, ChatAccount, User
from core.ports import Units


@dataclass(frozen=True)
class DirectoryEntry:
    """A user as configuration (or, later, Active Directory) describes them."""

    username: str
    full_name: str
    roles: tuple[str, ...] = ()
    lang: str = "fa"


class UnknownRole(ValueError):
    pass


# A directory username, as Active Directory and Rocket.Chat spell them: letters,
# digits, ".", "_" and "-", 1 to 64 characters.
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")


class BadUsername(ValueError):
    pass


class AccountLinkedElsewhere(ValueError):
    """The chat account belongs to another user; moving it moves their notifications and roles."""

    def __init__(self, owner: str) -> None:
        super().__init__(owner)
        self.owner = owner


def canonical_username(username: str) -> str:
    """The one form a username is stored, looked up, linked and locked out by, however it was
    typed: NFKC (fullwidth ｎｅｄａ is neda), case-folded (PARISA and Parisa are parisa), trimmed."""
    return unicodedata.normalize("NFKC", username).casefold().strip()


def check_username(username: str) -> str:
    """The username in its canonical form, when it has a username's shape."""
    canonical = canonical_username(username)
    if not USERNAME_PATTERN.fullmatch(canonical):
        raise BadUsername(username)
    return canonical


def check_roles(roles: Iterable[str]) -> frozenset[str]:
    roles = frozenset(roles)
    unknown = roles - set(ROLES)
    if unknown:
        raise UnknownRole(", ".join(sorted(unknown)))
    return roles


class Directory:
    def __init__(self, units: Units) -> None:
        self.units = units  # where each piece of work goes (core/transactions.py); it ends them

    def sync(self, entries: Iterable[DirectoryEntry]) -> None:
        """Make the database agree with the configured users (config wins on name, roles, lang)."""
        with self.units.write() as uow:
            for entry in entries:
                roles = check_roles(entry.roles)
                existing = uow.users.by_username(entry.username)
                if existing is None:
                    uow.users.add(entry.username, entry.full_name, roles, entry.lang)
                elif (existing.full_name, existing.roles, existing.lang) != (entry.full_name, roles, entry.lang):
                    # (every start does this: a write only for what the file changed)
                    uow.users.update(User(existing.id, existing.username, entry.full_name, roles, entry.lang))

    def add(self, username: str, full_name: str, roles: Iterable[str] = (), lang: str = "fa") -> User:
        username = check_username(username)
        roles = check_roles(roles)
        with self.units.write() as uow:
            existing = uow.users.by_username(username)
            if existing is None:
                user = uow.users.add(username, full_name, roles, lang)
            else:
                user = uow.users.update(User(existing.id, username, full_name, roles, lang))
            return user

    def set_lang(self, user: User, lang: str) -> User:
        with self.units.write() as uow:
            return uow.users.update(User(user.id, user.username, user.full_name, user.roles, lang))

    def get(self, username: str) -> User:
        with self.units.read() as uow:
            user = uow.users.by_username(username)
        if user is None:
            raise errors.UnknownUser(username=username)
        return user

    def by_id(self, user_id: int) -> User | None:
        with self.units.read() as uow:
            return uow.users.get(user_id)

    def find(self, username: str) -> User | None:
        with self.units.read() as uow:
            return uow.users.by_username(username)

    def all(self) -> list[User]:
        with self.units.read() as uow:
            return uow.users.list()

    def link(self, username: str, platform: str, address: str, move: bool = False) -> ChatAccount:
        """Link a chat account to username; one linked to someone else is moved only when `move`."""
        user = self.get(username)
        with self.units.write() as uow:
            owner = uow.users.find_by_account(platform, address)
            if owner is not None and owner.id != user.id and not move:
                raise AccountLinkedElsewhere(owner.username)
            account = uow.users.link_account(user.id, platform, address)
            return account

    def writer(self, platform: str, address: str) -> User | None:
        """Who wrote from this chat account. Having written, it can receive again: a mark
        of undeliverable (they had blocked the bot, then unblocked it) is cleared, written
        only then, in the same unit of work as the lookup."""
        with self.units.read() as uow:
            found = uow.users.find_writer(platform, address)
            if found is None:
                return None
            user, undeliverable = found
            if undeliverable:  # kept when the block ends, with the lookup
                uow.users.mark_undeliverable(platform, address, None)
            return user

    def accounts(self, user: User) -> list[ChatAccount]:
        with self.units.read() as uow:
            return uow.users.accounts(user.id)

    def by_account(self, platform: str, address: str) -> User | None:
        with self.units.read() as uow:
            return uow.users.find_by_account(platform, address)
