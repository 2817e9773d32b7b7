"""The admin CLI for people and their chat accounts, as an operator uses it."""
from __future__ import annotations

import json

import pytest

from bot.cli import main
from tests.databases import database_url
from tests.harness import EXAMPLE_CONFIG


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BIMEH_DATABASE_URL", database_url(tmp_path / "bimeh.db"))
    monkeypatch.setenv("BIMEH_DATA_DIR", str(tmp_path / "data"))

    def run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--config", str(EXAMPLE_CONFIG)])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def listed(cli) -> dict[str, dict]:
    code, out, _ = cli("users", "list", "--json")
    assert code == 0
    return {u["username"]: u for u in json.loads(out)}


def test_linking_a_telegram_id_to_an_existing_user_keeps_name_roles_and_language(cli):
    code, out, _ = cli("users", "add", "welfare", "--telegram-id", "۷۷۱۲۳")  # Persian digits, as pasted
    assert code == 0 and "welfare" in out
    welfare = listed(cli)["welfare"]
    assert welfare["name"] == "زهرا رفاهی"
    assert welfare["roles"] == ["welfare_expert"]
    assert welfare["accounts"] == [{"platform": "telegram", "address": "77123", "undeliverable": None}]


def test_a_new_user_needs_a_name(cli):
    code, out, err = cli("users", "add", "newbie", "--telegram-id", "5")
    assert code == 2 and out == ""
    assert "--name" in err
    assert "newbie" not in listed(cli)


def test_a_telegram_id_must_be_a_number(cli):
    code, _, err = cli("users", "add", "maryam", "--telegram-id", "@maryam")
    assert code == 2 and "@maryam" in err
    assert listed(cli)["maryam"]["accounts"] == []


def test_an_id_linked_to_someone_else_is_refused_naming_the_owner(cli):
    cli("users", "add", "maryam", "--telegram-id", "42")
    code, out, err = cli("users", "add", "reza", "--telegram-id", "42")
    assert code == 2 and out == ""
    assert "maryam" in err and "--move" in err
    users = listed(cli)
    assert [a["address"] for a in users["maryam"]["accounts"]] == ["42"]
    assert users["reza"]["accounts"] == []
    # a new user is not created by a refused command either
    code, _, _ = cli("users", "add", "newbie", "--name", "کاربر تازه", "--telegram-id", "42")
    assert code == 2 and "newbie" not in listed(cli)


def test_move_takes_the_id_to_the_new_user(cli):
    cli("users", "add", "maryam", "--telegram-id", "42")
    code, _, _ = cli("users", "add", "reza", "--telegram-id", "42", "--move")
    assert code == 0
    users = listed(cli)
    assert users["maryam"]["accounts"] == []
    assert [a["address"] for a in users["reza"]["accounts"]] == ["42"]


@pytest.mark.parametrize("username", ["", "a b;--", "مریم", "x" * 65, "a/b", "ali@host"])
def test_a_username_outside_the_pattern_is_refused(cli, username):
    code, out, err = cli("users", "add", username, "--name", "نام آزمایشی")
    assert code == 2 and out == ""
    assert "۶۴" in err and "Traceback" not in err
    assert username not in listed(cli)


@pytest.mark.parametrize("username", ["sara", "s.mohammadi", "s_m-1", "x" * 64])
def test_a_username_in_the_pattern_is_accepted(cli, username):
    code, _, _ = cli("users", "add", username, "--name", "نام آزمایشی")
    assert code == 0 and username in listed(cli)


def test_roles_given_replace_roles_omitted_keep(cli):
    cli("users", "add", "sara", "--name", "سارا محمدی", "--role", "insurance_expert", "--lang", "en")
    cli("users", "add", "sara", "--telegram-id", "9")
    sara = listed(cli)["sara"]
    assert (sara["roles"], sara["lang"]) == (["insurance_expert"], "en")
    code, out, _ = cli("users", "list")
    line = next(x for x in out.splitlines() if x.startswith("sara\t"))
    assert line.endswith("telegram:9")


def test_an_account_that_blocked_the_bot_is_shown_as_undeliverable(cli):
    from bot.app import build_app
    from bot.config import load_config

    cli("users", "add", "maryam", "--telegram-id", "42")
    app = build_app(load_config(str(EXAMPLE_CONFIG)))
    try:
        with app.database.uow() as uow:
            uow.users.mark_undeliverable("telegram", "42", "Forbidden: bot was blocked by the user")
            uow.commit()
    finally:
        app.close()
    assert listed(cli)["maryam"]["accounts"][0]["undeliverable"] == "Forbidden: bot was blocked by the user"
    _, out, _ = cli("users", "list")
    assert "telegram:42(undeliverable: Forbidden: bot was blocked by the user)" in out
    cli("users", "add", "maryam", "--telegram-id", "42")  # linking again is how an admin re-enables it
    assert listed(cli)["maryam"]["accounts"][0]["undeliverable"] is None


def test_every_start_writes_back_what_the_config_says_of_its_users_and_keeps_the_others(cli):
    # the next command is a start: the config's name, roles and language win again
    assert cli("users", "add", "welfare", "--name", "نام دیگر", "--role", "admin", "--lang", "en")[0] == 0
    assert cli("users", "add", "sara", "--name", "سارا محمدی", "--role", "insurance_expert")[0] == 0

    users = listed(cli)

    assert (users["welfare"]["name"], users["welfare"]["roles"], users["welfare"]["lang"]) == (
        "زهرا رفاهی", ["welfare_expert"], "fa")
    assert (users["sara"]["name"], users["sara"]["roles"]) == ("سارا محمدی", ["insurance_expert"])
