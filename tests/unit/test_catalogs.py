"""Every string a person can see is in both catalogs, with the same placeholders."""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from bot.i18n import Translator, catalog, keys_defined_twice
from core.requests.registry import REQUEST_TYPES
from core.workflow.definition import OWNER

ROOT = Path(__file__).resolve().parents[2]
# any string literal shaped like a key of one of the catalog's tables ("form.ask.mobile")
LITERAL_KEY = re.compile(r"""["']([a-z_]+(?:\.[a-z_]+)+)["']""")


TABLES = {key.split(".")[0] for key in catalog("fa")}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def keys_used_in_code() -> set[str]:
    keys: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        for match in LITERAL_KEY.finditer(path.read_text(encoding="utf-8")):
            key = match.group(1)
            if key.split(".")[0] in TABLES:
                keys.add(key)
    return keys


def keys_built_from_data() -> set[str]:
    keys = set()
    for rtype in REQUEST_TYPES.values():
        keys.add(f"request_type.{rtype.code}")
        keys |= {f"status.{s}" for s in rtype.workflow.states}
        for action in rtype.workflow.actions:
            keys.add(f"action_name.{action.code}")
            keys.add(f"usage.{action.code}")
            if action.role != OWNER:
                keys.add(f"role.{action.role}")
            for spec in action.inputs:
                keys |= {f"input.{spec.name}", f"input_hint.{spec.name}"}
        for field in rtype.form.fields:
            keys |= {f"field.{field.id}", f"form.ask.{field.id}"}
            keys |= {f"{field.id}.{code}" for code in field.fixed_options}
    return keys


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_every_key_the_code_uses_exists(lang):
    missing = sorted((keys_used_in_code() | keys_built_from_data()) - set(catalog(lang)))
    assert not missing, f"{lang} catalog lacks {missing}"


def test_both_languages_have_the_same_keys_and_placeholders():
    fa, en = catalog("fa"), catalog("en")
    assert set(fa) == set(en)
    different = [key for key in fa if placeholders(fa[key]) != placeholders(en[key])]
    assert not different


def test_persian_catalog_shows_persian_digits():
    # digits inside placeholders are filled in at run time in the reader's digits
    offenders = [key for key, text in catalog("fa").items() if re.search(r"[0-9]", re.sub(r"\{[^}]*\}", "", text))]
    assert not offenders


def test_commands_inside_persian_text_are_isolated():
    for key, text in catalog("fa").items():
        for command in re.finditer(r"/[a-z]+", text):
            before = text[: command.start()]
            assert before.count("\u2066") > before.count("\u2069"), f"{key}: {command.group()} not isolated"


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_no_key_is_defined_in_two_files(lang):
    # one file's text would silently replace the other's (the claim form's contract question was lost so)
    assert keys_defined_twice(lang) == {}


def test_a_request_type_may_word_a_shared_field_its_own_way():
    claim = Translator("fa")("form.ask_for.claim.contract")
    assert "خسارت" in claim and claim != Translator("fa")("form.ask.contract")
