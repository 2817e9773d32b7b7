"""Every key of config.example.toml, given a bad value, stops the desk with one line naming the key.

The keys come from the example file itself, the commented-out sections ([telegram],
[rocketchat], [directory]) and keys included, so a key added there is tried too: a number
must refuse nan, inf, a negative and a huge value; a key with a meaning of its own gets the
bad values below; any other gets a value of the wrong kind.
"""
from __future__ import annotations

import copy
import functools
import json
import math
import re
import socket
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from tests.harness import EXAMPLE_CONFIG

ROOT = Path(__file__).resolve().parents[2]
COMMENTED_SECTIONS = ("telegram", "bale", "rocketchat", "directory")
_KEY_LINE = re.compile(r"^#(?: #)? ?([a-z_]+) = (.*)$")
_SECTION_LINE = re.compile(r"^(?:# )?\[([a-z_.]+)\]\s*(?:#.*)?$")
NUMBERS = [math.nan, math.inf, -1, 1e308]

# Bad values with a meaning (TOML values; "<FILE>" is a file that exists, "<BUSY>" an address in use)
BAD: dict[str, list[Any]] = {
    "general.default_lang": ["de"],
    "general.data_dir": ["<FILE>"],
    "database.url": ["notaurl"],
    "console.default_user": ["not a user!"],
    "forms.org_units": [[], ["  "]],
    "users.username": ["two words"],
    "users.name": [""],
    "users.roles": [["boss"]],
    "users.lang": ["de"],
    "calendar.weekend": [["someday"], ["saturday", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday"]],
    "calendar.work_start": ["25:00", "17:00"],
    "calendar.work_end": ["8 pm", "07:00"],
    "calendar.holidays": [["1405/13/40"]],
    "supervisors.*": ["boss"],
    "digest.time": ["8 o'clock"],
    "insurance.default_office": [" "],
    "insurance.office_authority_limits": [{"شعبه مرکزی": -1}, {"شعبه مرکزی": 10**30}, {"": 20_000_000_000}],
    "insurance.policyholder_links": [{"kindergarten": ""}, {"not a user!": "مهد"}, {"nobody": "مهدکودک گل‌ها"}],
    "insurance.font_dir": ["/no/such/folder"],
    "insurance.group_discounts": [[{"min_persons": 1, "percent": 30}], [{"min_persons": 10**30, "percent": 5}]],
    "insurance.short_term_tariff": [[{"up_to_days": 5, "percent": 50}, {"up_to_days": 10, "percent": 5}],
                                    [{"up_to_days": 10**9, "percent": 5}]],
    "metrics.listen": ["127.0.0.1:99999", "127.0.0.1:port"],
    "logging.format": ["xml"],
    "logging.level": ["loud"],
    "telegram.api_base": ["ftp://api.telegram.org"],
    "telegram.driver": ["pyrogram"],
    "telegram.mode": ["push"],
    "telegram.webhook_url": ["bot.example.org/hook"],
    "telegram.webhook_listen": ["127.0.0.1:0", "nowhere"],
    "rocketchat.server_url": ["chat.example.ac.ir"],
    "rocketchat.mode": ["push"],
    "rocketchat.webhook_listen": ["127.0.0.1:65536"],
    "rocketchat.webhook_path": ["rocketchat"],
    "directory.url": ["http://dc1.example.ac.ir"],
    "directory.ca_file": ["/no/such/ca.pem"],
    "directory.base_dn": [""],
    "directory.user_filter": ["(uid=someone)"],
    "directory.group_membership": ["nested"],
    "directory.group_roles": [{"cn=x,dc=example": "boss"}],
}
# What is not in the file before start (a database, a user) is refused at start, still in one line.
CHECKED_AT_START = {"database.url", "insurance.policyholder_links"}


def _value(text: str) -> Any:
    """The TOML value at the start of `text` (a comment may follow it)."""
    for end in range(len(text), 0, -1):
        try:
            return tomllib.loads(f"v = {text[:end]}")["v"]
        except tomllib.TOMLDecodeError:
            continue
    raise ValueError(text)


def commented(name: str) -> dict[str, Any]:
    """The example's commented-out section `name` (its first example), keys and sub-tables."""
    lines = EXAMPLE_CONFIG.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"# [{name}]")
    section: dict[str, Any] = {}
    table = section
    for line in lines[start + 1:]:
        header = _SECTION_LINE.match(line)
        if header and (header.group(1).split(".")[0] != name or header.group(1) == name) or not line.startswith("#"):
            break  # the next section, the next example of this one, or a live line
        if header:
            table = section.setdefault(header.group(1).split(".", 1)[1], {})
            continue
        key = _KEY_LINE.match(line)
        if key:
            table[key.group(1)] = _value(key.group(2))
    return section


def commented_keys_of_live_sections() -> dict[str, dict[str, Any]]:
    """`# key = value` lines inside live sections ([general] desk_threads, [insurance] font_dir...)."""
    found: dict[str, dict[str, Any]] = {}
    lines = EXAMPLE_CONFIG.read_text(encoding="utf-8").splitlines()
    current = None
    for number, line in enumerate(lines):
        if re.match(r"^\[\[?([a-z_.]+)\]\]?", line):
            current = re.match(r"^\[\[?([a-z_.]+)\]\]?", line).group(1)
            continue
        if line.startswith("# [") and line.split()[1].strip("[]") in COMMENTED_SECTIONS:
            current = None  # a commented-out section follows
        key = re.match(r"^# ([a-z_]+) = (.*)$", line)
        if current and key:
            text = key.group(2)
            for more in lines[number + 1:]:  # a value over several lines (group_discounts = [ ...)
                try:
                    value = _value(text)
                    break
                except ValueError:
                    text += "\n" + more.removeprefix("#")
            found.setdefault(current, {})[key.group(1)] = value
    return found


def example() -> dict[str, Any]:
    return copy.deepcopy(_example())


@functools.lru_cache(maxsize=1)
def _example() -> dict[str, Any]:
    raw = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    for section, keys in commented_keys_of_live_sections().items():
        raw.setdefault(section, {}).update({k: v for k, v in keys.items() if k not in raw[section]})
    for name in COMMENTED_SECTIONS:
        raw[name] = commented(name)
    return raw


def _keys(raw: dict[str, Any]) -> list[tuple[str, ...]]:
    keys = []
    for section, table in raw.items():
        if section == "users":
            keys += [("users", key) for key in {k for user in table for k in user}]
        elif section in ("deadlines", "supervisors"):
            keys += [(section, rtype, status) for rtype, states in table.items() for status in states] \
                if section == "deadlines" else [(section, role) for role in table]
        else:
            for key, value in table.items():
                nested = isinstance(value, dict) and key not in ("office_authority_limits", "policyholder_links",
                                                                  "group_roles")
                keys += [(section, key, sub) for sub in value] if nested else [(section, key)]
    return sorted(keys)


def _bad_values(key: tuple[str, ...], good: Any) -> list[Any]:
    dotted = ".".join(key)
    named = BAD.get(dotted) or BAD.get(f"{key[0]}.*")
    if named:
        return named
    if isinstance(good, bool):
        return ["maybe"]
    if isinstance(good, (int, float)):
        return NUMBERS
    return [["a list where one value belongs"]]


def _lookup(raw: dict[str, Any], key: tuple[str, ...]) -> Any:
    if key[0] == "users":
        return next(user[key[1]] for user in raw["users"] if key[1] in user)
    value: Any = raw
    for part in key:
        value = value[part]
    return value


CASES = [pytest.param(key, bad, id=f"{'.'.join(key)}={bad!r}"[:90])
         for key in _keys(_example()) for bad in _bad_values(key, _lookup(_example(), key))]


def test_every_section_of_the_example_is_tried():
    tried = {case.values[0][0] for case in CASES}
    assert tried == set(example()), "a section of config.example.toml has no key tried"
    assert {"telegram", "rocketchat", "directory", "logging", "metrics"} <= tried
    assert ("general", "desk_threads") in {case.values[0] for case in CASES}  # a commented key of a live section


def toml(raw: dict[str, Any]) -> str:
    """The dict as TOML: tables as sections, [[users]] as an array of tables, the rest inline."""
    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
            return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        if isinstance(v, list):
            return "[" + ", ".join(value(item) for item in v) + "]"
        return "{ " + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {value(item)}" for k, item in v.items()) + " }"

    out = []
    for section, table in raw.items():
        if section == "users":
            for user in table:
                out += ["[[users]]", *(f"{k} = {value(v)}" for k, v in user.items())]
        else:
            out += [f"[{section}]", *(f"{json.dumps(k, ensure_ascii=False)} = {value(v)}" for k, v in table.items())]
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("every-key")
    (folder / "ca.pem").write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    return folder


def valid(place: Path) -> dict[str, Any]:
    """The example with its commented sections in, made to work here: a database in `place`, a CA file."""
    raw = example()
    raw["database"]["url"] = f"sqlite:///{place / 'bimeh.db'}"
    raw["general"]["data_dir"] = str(place / "data")
    raw["directory"]["ca_file"] = str(place / "ca.pem")
    raw["insurance"].pop("font_dir")  # the example's folder may not be on this machine
    return raw


def set_value(raw: dict[str, Any], key: tuple[str, ...], bad: Any, place: Path) -> None:
    bad = str(place / "ca.pem") if bad == "<FILE>" else bad
    if key[0] == "users":
        raw["users"][0][key[1]] = bad
        return
    table = raw
    for part in key[:-1]:
        table = table[part]
    table[key[-1]] = bad


def test_the_example_made_to_work_here_is_valid(place, monkeypatch, capsys):
    monkeypatch.setenv("BIMEH_DIRECTORY_PASSWORD", "x")
    path = place / "valid.toml"
    path.write_text(toml(valid(place)), encoding="utf-8")
    from bot.config import load_config

    assert load_config(str(path)).directory is not None


@pytest.mark.parametrize(("key", "bad"), CASES)
def test_a_bad_value_is_one_line_naming_the_key_and_exit_2(place, monkeypatch, capsys, key, bad):
    for name in ("BIMEH_DATABASE_URL", "BIMEH_TELEGRAM_TOKEN", "BIMEH_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    raw = valid(place)  # the commented sections are in: each valid but for the key tried
    if ".".join(key) in CHECKED_AT_START:
        raw.pop("directory")  # the example's directory is not reachable from here: the database decides
    set_value(raw, key, bad, place)
    path = place / "config.toml"
    path.write_text(toml(raw), encoding="utf-8")
    if ".".join(key) not in CHECKED_AT_START and (place / "bimeh.db").exists():
        (place / "bimeh.db").unlink()
    code = main(["users", "list", "--config", str(path)])
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1 and "Traceback" not in err, err
    assert key[-1] in lines[0] or (key[0] == "supervisors" and "[supervisors]" in lines[0]), lines[0]
    assert not any(word in lines[0] for word in ("function-after", "literal[", "[key]")), lines[0]  # pydantic's inside
    if ".".join(key) not in CHECKED_AT_START:
        assert not (place / "bimeh.db").exists(), "refused before the database is opened"


# -- at start: the addresses `run` listens on --------------------------------------------------


@pytest.fixture
def busy_port():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_a_busy_metrics_port_is_named_with_its_address_before_anything_starts(place, busy_port):
    raw = valid(place)
    for name in COMMENTED_SECTIONS:
        raw.pop(name)
    raw["telegram"] = {"token": "123:abc", "api_base": "http://127.0.0.1:9"}  # never reached
    raw["metrics"]["listen"] = f"127.0.0.1:{busy_port}"
    path = place / "busy.toml"
    path.write_text(toml(raw), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "bot", "run", "--config", str(path)], capture_output=True, text=True,
                          timeout=60, cwd=place, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert f"[metrics] listen 127.0.0.1:{busy_port}: the address is in use" in proc.stderr


def test_a_busy_webhook_port_is_named_too(place, busy_port, capsys, monkeypatch):
    monkeypatch.delenv("BIMEH_DATABASE_URL", raising=False)
    raw = valid(place)
    for name in COMMENTED_SECTIONS:
        raw.pop(name)
    raw["rocketchat"] = {"server_url": "http://127.0.0.1:9", "user": "b", "password": "p", "mode": "webhook",
                         "webhook_token": "t", "webhook_listen": f"127.0.0.1:{busy_port}"}
    path = place / "busy-webhook.toml"
    path.write_text(toml(raw), encoding="utf-8")
    assert main(["run", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"[rocketchat] webhook_listen 127.0.0.1:{busy_port}: the address is in use" in err
