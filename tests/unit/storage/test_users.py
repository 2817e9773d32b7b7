from __future__ import annotations

import dataclasses

import pytest

from core.models import REQUESTER
from storage.db import Database
from storage.repositories import SqlUnitOfWork
from tests.unit.storage.support import T0, add_user


def test_add_and_get_round_trip(uow: SqlUnitOfWork) -> None:
    added = uow.users.add("zahra", "زهرا محمدی", ["welfare_expert", "admin"], lang="en")

    assert uow.users.get(added.id) == added
    assert uow.users.by_username("zahra") == added
    assert added.full_name == "زهرا محمدی"
    assert added.roles == frozenset({"welfare_expert", "admin"})
    assert isinstance(added.roles, frozenset)
    assert added.lang == "en"


def test_defaults_and_missing(uow: SqlUnitOfWork) -> None:
    user = uow.users.add("reza", "رضا", [])

    assert user.lang == "fa"
    assert user.roles == frozenset()
    assert uow.users.get(9999) is None
    assert uow.users.by_username("nobody") is None


def test_requester_role_is_implicit_and_not_stored(uow: SqlUnitOfWork) -> None:
    user = uow.users.add("reza", "رضا", [REQUESTER, "treasurer"])

    assert user.roles == frozenset({"treasurer"})


def test_update_stores_name_roles_and_lang(db: Database) -> None:
    with db.uow() as uow:
        user = add_user(uow, roles=("welfare_expert",))
        uow.commit()

    with db.uow() as uow:
        changed = dataclasses.replace(user, full_name="علی احمدی", roles=frozenset({"finance_officer"}), lang="en")
        assert uow.users.update(changed) == changed
        uow.commit()

    with db.uow() as uow:
        assert uow.users.get(user.id) == changed


def test_update_of_unknown_user_fails(uow: SqlUnitOfWork) -> None:
    user = add_user(uow)
    with pytest.raises(LookupError):
        uow.users.update(dataclasses.replace(user, id=user.id + 100))


def test_list_and_with_role(uow: SqlUnitOfWork) -> None:
    ali = add_user(uow, "ali", ("welfare_expert",))
    sara = add_user(uow, "sara", ("welfare_expert", "admin"))
    omid = add_user(uow, "omid")

    assert uow.users.list() == [ali, sara, omid]
    assert uow.users.with_role("welfare_expert") == [ali, sara]
    assert uow.users.with_role("admin") == [sara]
    assert uow.users.with_role("treasurer") == []
    assert uow.users.with_role(REQUESTER) == [ali, sara, omid]


def test_with_role_matches_whole_role_names_from_the_database_and_the_directory(uow: SqlUnitOfWork) -> None:
    expert = add_user(uow, "expert", ("expert",))
    add_user(uow, "claims", ("claims_expert",))  # a name that holds "expert" is another role
    add_user(uow, "percent", ("a%b_c",))  # LIKE's wildcards in a role name match only themselves
    from_directory = add_user(uow, "dir")
    from_directory = uow.users.set_directory_state(from_directory.id, from_directory.full_name, ["expert"],
                                                   False, None, None, T0)

    assert [u.username for u in uow.users.with_role("expert")] == [expert.username, from_directory.username]
    assert [u.username for u in uow.users.with_role("a%b_c")] == ["percent"]
    assert uow.users.with_role("a_b%c") == []


def test_link_account_and_find_by_account(uow: SqlUnitOfWork) -> None:
    user = add_user(uow)

    account = uow.users.link_account(user.id, "telegram", "12345")

    assert (account.user_id, account.platform, account.address) == (user.id, "telegram", "12345")
    assert account.undeliverable_reason is None
    assert uow.users.accounts(user.id) == [account]
    assert uow.users.find_by_account("telegram", "12345") == user
    assert uow.users.find_by_account("telegram", "99999") is None
    assert uow.users.find_by_account("rocketchat", "12345") is None


def test_link_account_is_idempotent(uow: SqlUnitOfWork) -> None:
    user = add_user(uow)
    first = uow.users.link_account(user.id, "telegram", "12345")

    again = uow.users.link_account(user.id, "telegram", "12345")

    assert again == first
    assert uow.users.accounts(user.id) == [first]


def test_relinking_moves_account_and_clears_undeliverable(uow: SqlUnitOfWork) -> None:
    old_owner = add_user(uow, "ali")
    new_owner = add_user(uow, "sara")
    first = uow.users.link_account(old_owner.id, "telegram", "12345")
    uow.users.mark_undeliverable("telegram", "12345", "bot was blocked")

    moved = uow.users.link_account(new_owner.id, "telegram", "12345")

    assert moved.id == first.id
    assert moved.user_id == new_owner.id
    assert moved.undeliverable_reason is None
    assert uow.users.accounts(old_owner.id) == []
    assert uow.users.find_by_account("telegram", "12345") == new_owner


def test_mark_undeliverable_sets_and_clears_reason(uow: SqlUnitOfWork) -> None:
    user = add_user(uow)
    uow.users.link_account(user.id, "telegram", "12345")
    uow.users.link_account(user.id, "rocketchat", "ali")

    uow.users.mark_undeliverable("telegram", "12345", "کاربر ربات را مسدود کرد")
    reasons = {a.platform: a.undeliverable_reason for a in uow.users.accounts(user.id)}
    assert reasons == {"telegram": "کاربر ربات را مسدود کرد", "rocketchat": None}

    uow.users.mark_undeliverable("telegram", "12345", None)
    assert all(a.undeliverable_reason is None for a in uow.users.accounts(user.id))

    uow.users.mark_undeliverable("telegram", "no-such-address", "x")  # harmless


def test_accounts_are_listed_in_link_order(uow: SqlUnitOfWork) -> None:
    user = add_user(uow)
    telegram = uow.users.link_account(user.id, "telegram", "1")
    console = uow.users.link_account(user.id, "console", "ali")

    assert uow.users.accounts(user.id) == [telegram, console]
