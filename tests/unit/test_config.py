"""Which configuration file is used, and what a broken one tells the operator."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import CONFIG_ENV, DATABASE_URL_ENV, EXAMPLE_CONFIG, ConfigMissing, config_path, load_config

ROOT = Path(__file__).resolve().parents[2]


def test_nothing_is_guessed_when_no_file_is_named_or_found(tmp_path, monkeypatch):
    # the example once ran its demo users into a real database this way (issue 24)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    assert config_path() == Path("config.toml")
    with pytest.raises(ConfigMissing):
        load_config()


@pytest.mark.no_database
def test_local_file_then_environment_then_flag(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    local = tmp_path / "config.toml"
    local.write_text(EXAMPLE_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    assert config_path() == Path("config.toml")
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "env.toml"))
    assert config_path() == tmp_path / "env.toml"
    assert config_path("flag.toml") == Path("flag.toml")


def test_database_url_from_the_environment_wins(monkeypatch):
    monkeypatch.setenv(DATABASE_URL_ENV, "sqlite:////tmp/other.db")
    assert load_config(str(EXAMPLE_CONFIG)).database_url == "sqlite:////tmp/other.db"


@pytest.mark.parametrize("content,words", [
    ('[forms]\norg_units = []\n', "org_units"),
    ('[forms]\norg_units = ["x"]\n[[users]]\nusername = "a"\nname = "b"\nroles = ["boss"]\n', "boss"),
    ('[forms\n', "config.toml"),
    ('[forms]\norg_units = ["x"]\n[unknown]\nkey = 1\n', "unknown"),
    ('[general]\ndesk_threads = 0\n[forms]\norg_units = ["x"]\n', "desk_threads"),
])
@pytest.mark.no_database
def test_a_broken_file_is_named_with_its_fault_and_no_traceback(tmp_path, content, words):
    (tmp_path / "config.toml").write_text(content, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "bot", "users", "list", "--config", str(tmp_path / "config.toml")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60,
                          env={"PATH": "", "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2
    assert words in proc.stderr and "Traceback" not in proc.stderr


def _with(section: str) -> dict:
    import tomllib

    raw = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    raw.pop("telegram", None)
    raw.pop("rocketchat", None)
    return {**raw, **tomllib.loads(section)}


def test_a_transport_without_credentials_is_reported_and_the_environment_can_supply_them(monkeypatch):
    from bot.config import AppConfig

    for name in ("BIMEH_TELEGRAM_TOKEN", "BIMEH_ROCKETCHAT_USER", "BIMEH_ROCKETCHAT_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    config = AppConfig.model_validate(_with('[telegram]\n[rocketchat]\nserver_url = "http://127.0.0.1:3000"\n'))
    assert not config.telegram.enabled and not config.rocketchat.enabled
    assert len(config.platform_problems()) == 2  # `run` refuses to start rather than open the console
    monkeypatch.setenv("BIMEH_TELEGRAM_TOKEN", "123:abc")
    monkeypatch.setenv("BIMEH_ROCKETCHAT_USER", "bimeh.bot")
    monkeypatch.setenv("BIMEH_ROCKETCHAT_PASSWORD", "pw")
    assert config.telegram.enabled and config.telegram.resolved_token == "123:abc"
    assert config.rocketchat.enabled and config.platform_problems() == []


@pytest.mark.parametrize("section,words", [
    ('[telegram]\ntoken = "1:a"\nmode = "webhook"\nsecret_token = "s"\n', "webhook_url"),
    ('[telegram]\ntoken = "1:a"\nmode = "webhook"\nwebhook_url = "https://x/tg"\n', "secret_token"),
    ('[telegram]\ntoken = "1:a"\ndriver = "pyrogram"\n', "driver"),
    ('[rocketchat]\nserver_url = "http://rc"\nuser = "b"\npassword = "p"\nmode = "webhook"\n', "webhook_token"),
])
def test_a_transport_config_that_cannot_work_is_refused_with_the_key_named(monkeypatch, section, words):
    from pydantic import ValidationError

    from bot.config import AppConfig

    for name in ("BIMEH_TELEGRAM_SECRET", "BIMEH_ROCKETCHAT_WEBHOOK_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ValidationError, match=words):
        AppConfig.model_validate(_with(section))


@pytest.mark.no_database
def test_the_desks_threads_are_as_many_as_configured_and_documented(tmp_path):
    from bot.app import build_app
    from bot.config import AppConfig

    assert "desk_threads = 2" in EXAMPLE_CONFIG.read_text(encoding="utf-8")  # the default, explained there
    config = AppConfig.model_validate(_with(f'[general]\ndesk_threads = 3\ndata_dir = "{tmp_path}"\n'
                                            f'[database]\nurl = "sqlite:///{tmp_path / "bimeh.db"}"\n'))
    app = build_app(config)
    try:
        assert app.threads.count == 3
    finally:
        app.close()


def test_bale_is_a_section_of_its_own_with_its_own_token_and_webhook_secret(monkeypatch):
    from bot.config import AppConfig

    for name in ("BIMEH_TELEGRAM_TOKEN", "BIMEH_BALE_TOKEN", "BIMEH_BALE_SECRET"):
        monkeypatch.delenv(name, raising=False)
    config = AppConfig.model_validate(_with('[bale]\n'))
    assert config.platform_problems() == ["[bale] has no token: set token in the file or $BIMEH_BALE_TOKEN"]
    monkeypatch.setenv("BIMEH_TELEGRAM_TOKEN", "123:telegram")  # Telegram's token is not Bale's
    assert not config.bale.enabled and config.telegram is None
    monkeypatch.setenv("BIMEH_BALE_TOKEN", "456:bale")
    assert config.bale.enabled and config.bale.api_base == "https://tapi.bale.ai" and config.platform_problems() == []
    with pytest.raises(ValueError, match="bale mode = \"webhook\" needs secret_token"):
        AppConfig.model_validate(_with('[bale]\nmode = "webhook"\nwebhook_url = "https://b.example/hook"\n'))
    monkeypatch.setenv("BIMEH_BALE_SECRET", "not a path/segment")
    with pytest.raises(ValueError, match="letters, digits"):
        AppConfig.model_validate(_with('[bale]\nmode = "webhook"\nwebhook_url = "https://b.example/hook"\n'))
