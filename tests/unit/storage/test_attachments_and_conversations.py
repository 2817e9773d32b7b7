from __future__ import annotations

from datetime import timedelta

import pytest

from core.models import AttachmentMeta
from storage.db import Database
from storage.repositories import SqlUnitOfWork
from tests.unit.storage.support import T0, add_user


def _add_attachment(uow: SqlUnitOfWork, owner_id: int, name: str, ticket_id: int | None = None) -> AttachmentMeta:
    return uow.attachments.add(
        owner_id=owner_id,
        filename=name,
        content_type="image/jpeg",
        size=5_000_000_000,  # larger than 32 bits
        sha256="ab" * 32,
        stored_path=f"files/{name}",
        now=T0,
        ticket_id=ticket_id,
    )


def test_attachment_round_trip(uow: SqlUnitOfWork) -> None:
    owner = add_user(uow)

    meta = _add_attachment(uow, owner.id, "نسخه-پزشک.jpg")

    assert uow.attachments.get(meta.id) == meta
    assert meta.ticket_id is None
    assert meta.filename == "نسخه-پزشک.jpg"
    assert meta.size == 5_000_000_000
    assert meta.created_at == T0
    assert uow.attachments.get(meta.id + 1) is None


def test_attach_to_ticket_and_for_ticket(uow: SqlUnitOfWork) -> None:
    owner = add_user(uow)
    ticket = uow.tickets.add("reimbursement", owner.id, {}, "submitted", T0)
    first = _add_attachment(uow, owner.id, "a.jpg")
    second = _add_attachment(uow, owner.id, "b.jpg")
    loose = _add_attachment(uow, owner.id, "c.jpg")

    uow.attachments.attach_to_ticket([first.id, second.id], ticket.id)

    assert [a.id for a in uow.attachments.for_ticket(ticket.id)] == [first.id, second.id]
    assert all(a.ticket_id == ticket.id for a in uow.attachments.for_ticket(ticket.id))
    loaded = uow.attachments.get(loose.id)
    assert loaded is not None and loaded.ticket_id is None


def test_attach_unknown_attachment_fails(uow: SqlUnitOfWork) -> None:
    owner = add_user(uow)
    ticket = uow.tickets.add("reimbursement", owner.id, {}, "submitted", T0)
    with pytest.raises(LookupError):
        uow.attachments.attach_to_ticket([12345], ticket.id)


def test_conversation_put_get_replace_delete(db: Database) -> None:
    state = {"form": "reimbursement", "draft": {"شرح": "عینک طبی"}, "step": 2}
    with db.uow() as uow:
        user = add_user(uow)
        assert uow.conversations.get("telegram:1") is None
        uow.conversations.put("telegram:1", user.id, state, T0)
        uow.commit()

    with db.uow() as uow:
        conversation = uow.conversations.get("telegram:1")
        assert conversation is not None
        assert (conversation.user_id, conversation.state, conversation.updated_at) == (user.id, state, T0)
        # The caller edits its copy and stores it again: the change must be written.
        conversation.state["draft"]["شرح"] = "سمعک"
        uow.conversations.put("telegram:1", user.id, conversation.state, T0 + timedelta(minutes=1))
        uow.commit()

    with db.uow() as uow:
        conversation = uow.conversations.get("telegram:1")
        assert conversation is not None
        assert conversation.state["draft"] == {"شرح": "سمعک"}
        assert conversation.updated_at == T0 + timedelta(minutes=1)
        uow.conversations.delete("telegram:1")
        uow.conversations.delete("telegram:1")  # deleting twice is harmless
        uow.commit()

    with db.uow() as uow:
        assert uow.conversations.get("telegram:1") is None
