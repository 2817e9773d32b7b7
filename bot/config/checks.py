"""Checks shared by the configuration's sections, and how a mistake in the file is told.

Every key is checked when the file is read: numbers finite and within bounds, files and
folders that exist, listen addresses that are addresses, usernames in their one form. A
mistake is one line naming the key (`[database] outbox_claim_lease_seconds: ...`), and the
command exits 2 (bot/cli/__init__.py).
"""
from __future__ import annotations

import errno
import socket
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationError

from core.identity import BadUsername, check_username

LARGEST = 2**63 - 1  # the largest number a 64-bit database column holds
Rials = Annotated[int, Field(ge=0, le=LARGEST)]
NonEmpty = Annotated[str, Field(min_length=1), AfterValidator(lambda v: _not_blank(v))]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("may not be empty")
    return value.strip()


def host_port(value: str) -> tuple[str, int]:
    """"HOST:PORT" (or ":PORT", or "PORT": 127.0.0.1) as (host, port); ValueError saying what is wrong."""
    host, _, port = value.rpartition(":")
    host = host.strip("[]")  # "[::1]:9108"
    if not port.strip().isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"{value!r} is not HOST:PORT with a port from 1 to 65535")
    return host or "127.0.0.1", int(port)


def listen_address(value: str) -> str:
    host_port(value)
    return value


ListenAddress = Annotated[str, AfterValidator(listen_address)]
# "" (off) or an address
OptionalListenAddress = Annotated[str, AfterValidator(lambda value: value and listen_address(value))]


def existing_file(value: str | None) -> str | None:
    if value is not None and not Path(value).expanduser().is_file():
        raise ValueError(f"{value!r}: no such file")
    return value


def existing_folder(value: str | None) -> str | None:
    if value is not None and not Path(value).expanduser().is_dir():
        raise ValueError(f"{value!r}: no such folder")
    return value


def not_a_file(value: str) -> str:
    """A folder the desk creates when missing: it may not be a file already."""
    if Path(value).expanduser().exists() and not Path(value).expanduser().is_dir():
        raise ValueError(f"{value!r} is a file, not a folder")
    return value


def web_url(value: str | None) -> str | None:
    if value is not None and not value.startswith(("http://", "https://")):
        raise ValueError(f"{value!r} is not an http:// or https:// address")
    return value


def username(value: str) -> str:
    try:
        return check_username(value)
    except BadUsername:
        raise ValueError(f"{value!r}: a username has 1-64 Latin letters, digits, '.', '_' or '-'") from None


Username = Annotated[str, AfterValidator(username)]


def key_of(location: tuple[Any, ...]) -> str:
    """`("database", "outbox_claim_lease_seconds")` as `[database] outbox_claim_lease_seconds`,
    `("deadlines", "claim", "inquiry")` as `[deadlines.claim] inquiry`; list items by their
    number from 1 (`[[users]] #3 username`)."""
    names = [f"#{part + 1}" if isinstance(part, int) else str(part) for part in location if part != "[key]"]
    if not names:
        return "the file"
    if len(names) == 1:
        return f"[{names[0]}]"
    if isinstance(location[1], int):
        return " ".join([f"[[{names[0]}]] {names[1]}", *names[2:]])
    return f"[{'.'.join(names[:-1])}] {names[-1]}"


def one_line(error: ValidationError) -> str:
    """Each mistake pydantic found, with its key, on one line."""
    said = []
    for item in error.errors(include_url=False):
        message = str(item.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
        said.append(f"{key_of(tuple(item.get('loc', ())))}: {message}")
    return "; ".join(" ".join(text.split()) for text in said)


def address_in_use(address: str) -> str | None:
    """Why nothing could listen on "HOST:PORT" now (in use, no such host...), or None when it can."""
    host, port = host_port(address)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return f"no such host ({exc.strerror})"
    family, kind, proto, _, where = infos[0]
    probe = socket.socket(family, kind, proto)
    try:
        # as the servers bind (aiohttp sets SO_REUSEADDR): a port left in TIME_WAIT is free, one in use is not
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(where)
    except OSError as exc:
        return "the address is in use" if exc.errno == errno.EADDRINUSE else (exc.strerror or type(exc).__name__)
    finally:
        probe.close()
    return None
