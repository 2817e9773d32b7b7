"""Writes notifications to the outbox inside the caller's unit of work.

Because the outbox rows are written in the same transaction as the change they
report, a crash can lose neither: either both are stored or neither is.
Delivery is someone else's job (bot.runtime.delivery).
"""
from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime
from typing import Any

from core.models import User
from core.ports import UnitOfWork

CONSOLE = "console"  # every user can open the console; their address there is the username
TELEGRAM = "telegram"  # address: the private chat id (the user's Telegram id), linked by an admin
ROCKETCHAT = "rocketchat"  # address: the Rocket.Chat username, which is the directory username
BALE = "bale"  # address: the private chat id (the user's Bale id, not a Telegram one), linked like Telegram's
# platforms whose accounts are not the directory's own: a person links them (/link, users add --telegram-id)
LINKED_PLATFORMS = (TELEGRAM, BALE)

STATUS_CHANGED = "status_changed"  # to the requester
TICKET_WAITING = "ticket_waiting"  # to the role that acts next
COMMENT_ADDED = "comment_added"  # to the other side of the conversation
DOCUMENT_SENT = "document"  # a document an action made (a receipt), to the requester


Address = tuple[str, str]  # (platform, address)


def chat_addresses(uow: UnitOfWork, user: User) -> list[Address]:
    """Every place a user reads messages: the console plus linked, deliverable accounts."""
    addresses: list[Address] = [(CONSOLE, user.username)]
    for account in uow.users.accounts(user.id):
        if account.undeliverable_reason is None and account.platform != CONSOLE:
            addresses.append((account.platform, account.address))
    return addresses


def notify_user(
    uow: UnitOfWork,
    user: User,
    kind: str,
    ticket_id: int | None,
    payload: dict[str, Any],
    now: datetime,
    skip: Address | None = None,
) -> int:
    """Queue one message per chat account of `user`, except `skip` (the chat the
    change came from, which already got a direct reply). Returns how many."""
    count = 0
    for platform, address in chat_addresses(uow, user):
        if (platform, address) == skip:
            continue
        uow.outbox.add(user.id, platform, address, kind, ticket_id, payload, now)
        count += 1
    return count


def notify_roles(
    uow: UnitOfWork,
    roles: set[str],
    kind: str,
    ticket_id: int | None,
    payload: dict[str, Any],
    now: datetime,
    exclude_user_ids: AbstractSet[int] = frozenset(),
) -> int:
    """Queue `payload` for every user holding any of `roles` (each user once)."""
    seen: set[int] = set(exclude_user_ids)
    count = 0
    for role in sorted(roles):
        for user in uow.users.with_role(role):
            if user.id in seen or user.disabled:  # a disabled account acts no more: the others of the role do
                continue
            seen.add(user.id)
            count += notify_user(uow, user, kind, ticket_id, {**payload, "role": role}, now)
    return count


def notify_channels(
    uow: UnitOfWork,
    channels: Sequence[Address],
    roles: set[str],
    kind: str,
    ticket_id: int | None,
    payload: dict[str, Any],
    now: datetime,
) -> int:
    """Queue `payload` once per shared channel and role (no user: the channel's members read it,
    and whoever acts there is checked as themselves)."""
    count = 0
    for platform, address in channels:
        for role in sorted(roles):
            uow.outbox.add(None, platform, address, kind, ticket_id, {**payload, "role": role}, now)
            count += 1
    return count
