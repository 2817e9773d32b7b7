"""Who a person is, from the directory when one is configured, and the chat accounts they link.

The directory (Active Directory over LDAP) is the source of a person's name, profile,
roles (from their groups) and whether their account is enabled. What it said is kept
on the user's row with the time it was asked, and trusted for `cache_seconds`; when
the directory does not answer, people already known keep working from the database.

Linking a chat account (Telegram) proves who one is with the directory password (a
bind as the DN the search found) or with a one-time code shown where one is already
known (Rocket.Chat, the console). Wrong passwords and codes are counted per chat
account and per username; too many lock linking for a while.
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import NoReturn

from core import errors
from core.clock import Clock, utc_now
from core.identity import canonical_username, check_roles
from core.models import DirectoryPerson, LinkCode, User
from core.ports import DirectoryLookup, UnitOfWork, Units
from core.text import normalize_digits

CODE_DIGITS = 8
CODE_LIFETIME = timedelta(minutes=10)


def normalize_dn(dn: str) -> str:
    """DNs compare case-insensitively and without spaces around separators."""
    return ",".join("=".join(part.strip() for part in rdn.split("=", 1)) for rdn in dn.lower().split(","))


@dataclass(frozen=True)
class DirectoryPolicy:
    group_roles: dict[str, str] = field(default_factory=dict)  # group DN -> role
    cache_seconds: int = 300
    link_max_failures: int = 5
    link_lockout_minutes: int = 15

    def __post_init__(self) -> None:
        check_roles(self.group_roles.values())

    def roles_of(self, person: DirectoryPerson) -> frozenset[str]:
        mapping = {normalize_dn(dn): role for dn, role in self.group_roles.items()}
        return frozenset(mapping[g] for g in map(normalize_dn, person.groups) if g in mapping)


@dataclass(frozen=True)
class PasswordCheck:
    """What the directory said of a username and a password (its search, then a bind as the DN
    found), asked before the update's transaction so that a slow or hanging directory holds no
    database lock. It holds no password; what it means (a link, a counted failure, a lockout)
    is decided and recorded in the transaction."""

    username: str
    person: DirectoryPerson | None = None
    accepted: bool = False
    unavailable: errors.DirectoryUnavailable | None = None


def _lock_keys(platform: str, address: str, username: str) -> tuple[str, str]:
    """What /link failures are counted and locked on: the chat account, and the username."""
    return f"{platform}:{address}", f"username:{canonical_username(username)}"


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


class People:
    def __init__(
        self,
        units: Units,
        clock: Clock = utc_now,
        lookup: DirectoryLookup | None = None,
        policy: DirectoryPolicy = DirectoryPolicy(),
    ) -> None:
        self.units = units  # where each piece of work goes (core/transactions.py); it ends them
        self._clock = clock
        self.lookup = lookup
        self.policy = policy

    @property
    def has_directory(self) -> bool:
        return self.lookup is not None

    # -- who is this -------------------------------------------------------------------

    def by_username(self, username: str) -> User | None:
        """A person known by their directory username (the console, Rocket.Chat): created from the
        directory on first contact. None when neither the directory nor the database knows them.
        Raises DirectoryUnavailable only for someone the database does not know yet."""
        username = canonical_username(username)
        with self.units.read() as uow:
            user = uow.users.by_username(username)
        if user is not None:
            return self.current(user)
        if self.lookup is None:
            return None
        person = self.lookup.find(username)  # DirectoryUnavailable: nobody to fall back on
        if person is None:
            return None
        return self._store(None, person)

    def current(self, user: User) -> User:
        """`user` as the directory says now, asked again once cache_seconds have passed."""
        if self.lookup is None or not self._stale(user):
            return user
        try:
            person = self.lookup.find(user.username)
        except errors.DirectoryUnavailable:
            return user  # known people keep working from the database meanwhile
        if person is None:
            if user.directory_checked_at is None:
                return user  # a database-only user (config, `users add`): the directory never knew them
            # gone from the directory: no directory roles, and no more acting
            return self._set_state(user, user.full_name, frozenset(), True, user.mobile, user.unit)
        return self._store(user, person)

    def _stale(self, user: User) -> bool:
        checked = user.directory_checked_at
        return checked is None or self._clock() - checked >= timedelta(seconds=self.policy.cache_seconds)

    def _store(self, user: User | None, person: DirectoryPerson) -> User:
        with self.units.write() as uow:
            if user is None:
                user = uow.users.by_username(person.username) or uow.users.add(
                    person.username, person.full_name or person.username, ())
            stored = self._write_state(uow, user, person.full_name or user.full_name, self.policy.roles_of(person),
                                       not person.enabled, person.mobile, person.unit)
            return stored

    def _set_state(self, user: User, full_name: str, roles: frozenset[str], disabled: bool,
                   mobile: str | None, unit: str | None) -> User:
        with self.units.write() as uow:
            return self._write_state(uow, user, full_name, roles, disabled, mobile, unit)

    def _write_state(self, uow: UnitOfWork, user: User, full_name: str, roles: frozenset[str], disabled: bool,
                     mobile: str | None, unit: str | None) -> User:
        return uow.users.set_directory_state(user.id, full_name, roles, disabled, mobile, unit, self._clock())

    # -- linking a chat account --------------------------------------------------------

    # -- the directory's part, asked before the update's transaction ------------------

    def check_password(self, platform: str, address: str, username: str, password: str) -> PasswordCheck | None:
        """Ask the directory whether `password` is `username`'s, for prove_with_password or
        link_with_password to record in the update's transaction. None when nothing is to be asked:
        no directory, an empty password (never bound: that bind is anonymous, and succeeds), or
        linking locked for this chat account or username (no bind while locked)."""
        username = canonical_username(username)
        return self._ask_ahead(username, password, *_lock_keys(platform, address, username))

    def check_holder_password(self, platform: str, address: str, proof: str) -> PasswordCheck | None:
        """As check_password, for move_link: the holder of this chat account's link, when `proof`
        is a password (a one-time code is checked in the database alone)."""
        if self._is_code(proof):
            return None
        with self.units.read() as uow:
            holder = uow.users.find_by_account(platform, address)
        if holder is None:
            return None
        return self._ask_ahead(holder.username, proof, *_lock_keys(platform, address, holder.username))

    def _ask_ahead(self, username: str, password: str, *lock_keys: str) -> PasswordCheck | None:
        if self.lookup is None or not password:
            return None
        try:
            self._check_not_locked(*lock_keys)
        except errors.LinkLocked:
            return None  # told in the transaction, without a bind
        return self._ask(username, password)

    def _ask(self, username: str, password: str) -> PasswordCheck:
        assert self.lookup is not None and password
        try:
            person = self.lookup.find(username)
            accepted = person is not None and self.lookup.check_password(person, password)
        except errors.DirectoryUnavailable as error:
            return PasswordCheck(username, unavailable=error)
        return PasswordCheck(username, person, accepted)

    def _person_for(self, username: str, password: str, checked: PasswordCheck | None) -> DirectoryPerson | None:
        """The person `username` is when `password` is theirs (None: it is not), from what was
        asked ahead; asked now only when nothing was (a caller with no transaction to keep short)."""
        if checked is None or checked.username != username:
            checked = self._ask(username, password)
        if checked.unavailable is not None:
            raise checked.unavailable
        return checked.person if checked.accepted else None

    # -- recording it -------------------------------------------------------------------

    def link_with_password(self, platform: str, address: str, username: str, password: str,
                           checked: PasswordCheck | None = None) -> User:
        """Check `password` by a bind as the entry the directory finds for `username` (or take
        what check_password found ahead), then link."""
        self._check_not_locked(*_lock_keys(platform, address, canonical_username(username)))
        self._check_not_linked_elsewhere(platform, address, canonical_username(username))
        user = self.prove_with_password(platform, address, username, password, checked)
        return self._link(user, platform, address)

    def prove_with_password(self, platform: str, address: str, username: str, password: str,
                            checked: PasswordCheck | None = None) -> User:
        """The user `username` is, once a bind with `password` as the DN the search found succeeds
        (`checked`: that bind, made ahead by check_password). Failures count on this chat account
        and on the username."""
        if self.lookup is None:
            raise errors.PasswordLinkUnavailable()
        username = canonical_username(username)
        account_key, user_key = _lock_keys(platform, address, username)
        self._check_not_locked(account_key, user_key)
        if not password:
            raise errors.EmptyPassword()  # before any bind: an empty password binds anonymously
        person = self._person_for(username, password, checked)
        if person is None:
            self._failed(account_key, user_key)
        self._clear(account_key, user_key)
        user = self._store(None, person)
        if user.disabled:
            raise errors.AccountDisabled()
        return user

    def issue_code(self, user: User) -> str:
        """A one-time code for `user`, valid for ten minutes and usable once; only its hash is kept."""
        code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
        with self.units.write() as uow:
            uow.link_codes.add(hash_code(code), user.id, self._clock() + CODE_LIFETIME)
        return code

    def link_with_code(self, platform: str, address: str, code: str) -> User:
        user = self._prove_with_code(platform, address, code, before_use=lambda user: self._check_not_linked_elsewhere(
            platform, address, user.username))
        return self._link(user, platform, address)

    def prove_with_code(self, platform: str, address: str, code: str) -> User:
        """The user who made `code` with /linkcode; the code dies here. Failures count on this chat account."""
        return self._prove_with_code(platform, address, code)

    def _prove_with_code(self, platform: str, address: str, code: str,
                         before_use: Callable[[User], None] | None = None) -> User:
        account_key = f"{platform}:{address}"
        self._check_not_locked(account_key)
        stored, user = self._valid_code(code)
        if stored is None or user is None:
            self._failed(account_key, error=errors.BadLinkCode())
        if before_use is not None:
            before_use(user)
        self._use_code(stored.code_hash)
        self._clear(account_key)
        user = self.current(user)
        if user.disabled:
            raise errors.AccountDisabled()
        return user

    def move_link(self, platform: str, address: str, holder_id: int, newcomer_id: int, proof: str,
                  checked: PasswordCheck | None = None) -> User:
        """Move this chat account's link from its holder to the newcomer (who proved who they are
        already), once `proof` is the holder's directory password (`checked`: its bind, made ahead
        by check_holder_password) or a one-time code the holder made.
        Failures count on this chat account and on the holder's username: the same lockout."""
        with self.units.write() as uow:
            holder = uow.users.find_by_account(platform, address)
            newcomer = uow.users.get(newcomer_id)
        if holder is None or holder.id != holder_id or newcomer is None:
            raise errors.LinkChanged()
        account_key, holder_key = _lock_keys(platform, address, holder.username)
        self._check_not_locked(account_key, holder_key)
        code = self._as_code(proof)
        stored = self._code_record(code) if code is not None else None
        if code is not None and stored is not None:  # one someone made with /linkcode: the holder's, and fresh
            valid_stored, owner = self._valid_code(code)
            if valid_stored is None or owner is None or owner.id != holder.id:
                self._failed(account_key, holder_key, error=errors.BadLinkCode())
            self._use_code(stored.code_hash)
        else:
            if not proof:
                raise errors.EmptyPassword()  # before any bind
            person = self._person_for(holder.username, proof, checked) if self.lookup is not None else None
            if person is None:
                self._failed(account_key, holder_key)
        self._clear(account_key, holder_key)
        newcomer = self.current(newcomer)
        if newcomer.disabled:
            raise errors.AccountDisabled()
        return self._link(newcomer, platform, address)

    @staticmethod
    def _as_code(proof: str) -> str | None:
        """`proof` as a one-time code's digits (it may come in Persian digits), if it has a code's shape."""
        code = normalize_digits(proof).replace(" ", "").replace("-", "")
        return code if code.isdigit() and len(code) == CODE_DIGITS else None

    def _is_code(self, proof: str) -> bool:
        """A code someone made with /linkcode (used or not): then it is no password to bind with."""
        code = self._as_code(proof)
        return code is not None and self._code_record(code) is not None

    def _code_record(self, code: str) -> LinkCode | None:
        with self.units.read() as uow:
            return uow.link_codes.get(hash_code(code.strip()))

    def _valid_code(self, code: str) -> tuple[LinkCode | None, User | None]:
        """The code's record and its maker, when it is known, unused and not expired; else (None, None)."""
        now = self._clock()
        with self.units.write() as uow:
            stored = uow.link_codes.get(hash_code(code.strip()))
            user = uow.users.get(stored.user_id) if stored is not None else None
        if stored is None or user is None or stored.used_at is not None or now >= stored.expires_at:
            return None, None
        return stored, user

    def _use_code(self, code_hash: str) -> None:
        with self.units.write() as uow:
            if not uow.link_codes.mark_used(code_hash, self._clock()):
                raise errors.BadLinkCode()  # someone used it a moment ago

    def unlink(self, platform: str, address: str) -> User | None:
        """Undo the link of this chat account; returns whom it was linked to."""
        with self.units.write() as uow:
            user = uow.users.find_by_account(platform, address)
            if user is not None:
                uow.users.unlink_account(platform, address)
            return user

    def _link(self, user: User, platform: str, address: str) -> User:
        with self.units.write() as uow:
            uow.users.link_account(user.id, platform, address)
        return user

    def _check_not_linked_elsewhere(self, platform: str, address: str, username: str) -> None:
        with self.units.write() as uow:
            linked = uow.users.find_by_account(platform, address)
        if linked is not None and linked.username != canonical_username(username):
            raise errors.AlreadyLinked(username=linked.username)

    # -- counting failures -------------------------------------------------------------

    def _check_not_locked(self, *keys: str) -> None:
        now = self._clock()
        with self.units.read() as uow:
            until = [f.locked_until for f in map(uow.link_failures.get, keys)
                     if f is not None and f.locked_until is not None and f.locked_until > now]
        if until:
            raise errors.LinkLocked(until=max(until))

    def _failed(self, *keys: str, error: errors.DeskError | None = None) -> NoReturn:
        """Count one failure on every key, then raise: LinkLocked when that was one too many,
        else `error` (by default WrongCredentials with the attempts left)."""
        now = self._clock()
        limit = self.policy.link_max_failures
        left = limit
        with self.units.write() as uow:
            for key in keys:
                failures = uow.link_failures.get(key)
                count = 1 if failures is None or failures.locked_until is not None else failures.count + 1
                if count >= limit:
                    uow.link_failures.put(key, 0, now + timedelta(minutes=self.policy.link_lockout_minutes), now)
                else:
                    uow.link_failures.put(key, count, None, now)
                left = min(left, max(0, limit - count))
        if left == 0:
            raise errors.LinkLocked(until=now + timedelta(minutes=self.policy.link_lockout_minutes))
        raise error or errors.WrongCredentials(left=left)

    def _clear(self, *keys: str) -> None:
        with self.units.write() as uow:
            for key in keys:
                uow.link_failures.delete(key)
