"""core.ports.DirectoryLookup over LDAP (Active Directory, OpenLDAP), with ldap3.

Searches go through a small pool of bound service-account connections (ldap3's
thread-safe SAFE_SYNC strategy), each used by one thread at a time and dropped
after any failure, so a directory that restarts is reconnected to. (ldap3's own
REUSABLE pool mixed up replies between threads under load.) A password is
checked by a separate bind as the DN that the search found, never as a DN the
person typed, and never with an empty password (that would be an anonymous bind,
which succeeds). Usernames are escaped before they go into a filter.

Everything here is blocking; callers run it off the event loop (the bot's handlers
already run in worker threads). Any failure to reach the directory becomes
core.errors.DirectoryUnavailable, with no password or username in the log.
"""
from __future__ import annotations

import logging
import math
import queue
import ssl
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ldap3 import BASE, NONE, SAFE_SYNC, SUBTREE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars

from core import errors
from core.models import DirectoryPerson

log = logging.getLogger(__name__)

AD_USER_FILTER = "(sAMAccountName={username})"
# bit 2 (ACCOUNTDISABLE) of userAccountControl, tested with the bitwise-AND matching rule
AD_ENABLED_FILTER = "(!(userAccountControl:1.2.840.113556.1.4.803:=2))"


@dataclass(frozen=True)
class LdapSettings:
    url: str
    base_dn: str
    bind_dn: str | None = None
    bind_password: str | None = None
    start_tls: bool = False
    ca_file: str | None = None
    user_filter: str = AD_USER_FILTER
    enabled_filter: str | None = AD_ENABLED_FILTER
    attributes: dict[str, str] = field(default_factory=lambda: {
        "name": "displayName", "mobile": "mobile", "unit": "department", "email": "mail"})
    group_membership: Literal["memberOf", "search"] = "memberOf"
    group_base_dn: str | None = None
    timeout_seconds: float = 5.0
    pool_size: int = 4


class LdapDirectory:
    def __init__(self, settings: LdapSettings) -> None:
        self.settings = settings
        tls = None
        if settings.url.lower().startswith("ldaps://") or settings.start_tls or settings.ca_file:
            tls = Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=settings.ca_file)
        # no schema read: attribute names come from config and an unknown one is simply absent
        self.server = Server(settings.url, tls=tls, connect_timeout=settings.timeout_seconds, get_info=NONE)
        self._receive_timeout = max(1, math.ceil(settings.timeout_seconds))  # ldap3 packs it as an int
        self._idle: queue.LifoQueue[Connection] = queue.LifoQueue()

    # -- DirectoryLookup ---------------------------------------------------------------

    def find(self, username: str) -> DirectoryPerson | None:
        username = username.strip()
        if not username:
            return None
        wanted = self.settings.user_filter.replace("{username}", escape_filter_chars(username))
        entries = self._search(self.settings.base_dn, wanted, SUBTREE, self._wanted_attributes())
        if len(entries) != 1:
            return None  # nobody, or an ambiguous filter: neither is a person we can trust
        entry = entries[0]
        dn = entry["dn"]
        return DirectoryPerson(
            username=username,
            dn=dn,
            full_name=self._value(entry, "name") or username,
            enabled=self._enabled(dn),
            mobile=self._value(entry, "mobile"),
            unit=self._value(entry, "unit"),
            email=self._value(entry, "email"),
            groups=self._groups(dn, entry),
        )

    def check_password(self, person: DirectoryPerson, password: str) -> bool:
        if not password:
            return False  # an empty password would be an anonymous bind, and succeed
        connection = Connection(self.server, user=person.dn, password=password, client_strategy=SAFE_SYNC,
                                receive_timeout=self._receive_timeout, raise_exceptions=False)
        try:
            if self.settings.start_tls:
                connection.open()
                connection.start_tls()
            ok = connection.bind()
            if isinstance(ok, tuple):  # SAFE_SYNC answers (status, result, response, request)
                ok = ok[0]
            return bool(ok)
        except LDAPException as exc:
            log.warning("directory bind failed to run: %s", type(exc).__name__)
            raise errors.DirectoryUnavailable() from None
        finally:
            try:
                connection.unbind()
            except LDAPException:
                pass

    def close(self) -> None:
        while True:
            try:
                connection = self._idle.get_nowait()
            except queue.Empty:
                return
            try:
                connection.unbind()
            except LDAPException:
                pass

    # -- internals ---------------------------------------------------------------------

    def _wanted_attributes(self) -> list[str]:
        names = [name for name in self.settings.attributes.values() if name]
        if self.settings.group_membership == "memberOf":
            names.append("memberOf")
        return names

    def _value(self, entry: dict[str, Any], key: str) -> str | None:
        name = self.settings.attributes.get(key)
        if not name:
            return None
        value = entry["attributes"].get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        text = str(value).strip() if value not in (None, "") else ""
        return text or None

    def _enabled(self, dn: str) -> bool:
        if not self.settings.enabled_filter:
            return True
        return bool(self._search(dn, self.settings.enabled_filter, BASE, ["1.1"]))

    def _groups(self, dn: str, entry: dict[str, Any]) -> tuple[str, ...]:
        if self.settings.group_membership == "memberOf":
            groups = entry["attributes"].get("memberOf") or []
            return tuple(str(g) for g in (groups if isinstance(groups, list) else [groups]))
        base = self.settings.group_base_dn or self.settings.base_dn
        found = self._search(base, f"(member={escape_filter_chars(dn)})", SUBTREE, ["1.1"])
        return tuple(e["dn"] for e in found)

    def _connection(self) -> Connection:
        """An idle bound connection, or a new one; give it back with _release."""
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        connection = Connection(
            self.server, user=self.settings.bind_dn, password=self.settings.bind_password,
            client_strategy=SAFE_SYNC, receive_timeout=self._receive_timeout, check_names=False,
        )
        if self.settings.start_tls:
            connection.open()
            connection.start_tls()
        connection.bind()
        return connection

    def _release(self, connection: Connection) -> None:
        if self._idle.qsize() < self.settings.pool_size:
            self._idle.put(connection)
        else:
            connection.unbind()

    def _search(self, base: str, query: str, scope: str, attributes: list[str]) -> list[dict[str, Any]]:
        connection: Connection | None = None
        try:
            connection = self._connection()
            _, result, response, _ = connection.search(base, query, scope, attributes=attributes)
        except LDAPException as exc:
            log.warning("directory search failed: %s", type(exc).__name__)
            if connection is not None:  # dropped: a broken connection is not handed out again
                try:
                    connection.unbind()
                except LDAPException:
                    pass
            raise errors.DirectoryUnavailable() from None
        self._release(connection)
        code = result.get("result") if isinstance(result, dict) else None
        if code == 32:  # noSuchObject: the base (or the entry being checked) is not there
            return []
        if code not in (0, None):
            log.warning("directory search refused: %s", result.get("description"))
            raise errors.DirectoryUnavailable()
        return [e for e in response or [] if e.get("type") == "searchResEntry"]


if TYPE_CHECKING:  # mypy checks the directory against its port (core/ports/users.py)
    from core.ports import DirectoryLookup

    _ADAPTS: type[DirectoryLookup] = LdapDirectory
