"""Message catalogs: every user-facing string, per language, in bot/locales/<lang>/*.toml.

Keys are dotted paths of the TOML tables ("form.ask.mobile"). A key missing in a
language falls back to Persian, then to the key itself, so a gap shows up as a
visible key rather than a crash.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.text import to_persian_digits

_PLAIN_NUMBER = re.compile(r"\d+(\.\d+)?")
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("fa", "en")
FALLBACK = "fa"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


def _files(lang: str) -> list[tuple[str, dict[str, str]]]:
    files = []
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        with path.open("rb") as handle:
            files.append((path.name, _flatten(tomllib.load(handle))))
    return files


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for _, keys in _files(lang):
        merged.update(keys)
    return merged


def keys_defined_twice(lang: str) -> dict[str, list[str]]:
    """Keys defined in more than one file of a language, with the files: the later file's text
    would silently win over the earlier's (tests/unit/test_catalogs.py keeps this empty)."""
    where: dict[str, list[str]] = {}
    for name, keys in _files(lang):
        for key in keys:
            where.setdefault(key, []).append(name)
    return {key: names for key, names in where.items() if len(names) > 1}


class Translator:
    """`platform`: the chat platform the reader is in, named by `{chat_platform}` in a string
    («حساب تلگرام شما», «حساب بله شما»); unknown, the string says "messenger"."""

    def __init__(self, lang: str, platform: str | None = None) -> None:
        self.lang = lang if lang in LANGUAGES else FALLBACK
        self.platform = platform

    def __call__(self, key: str, **params: Any) -> str:
        text = catalog(self.lang).get(key) or catalog(FALLBACK).get(key) or key
        if "{chat_platform}" in text and "chat_platform" not in params:
            params["chat_platform"] = self.platform_name(self.platform)
        if params:
            text = text.format(**{k: self._localized(v) for k, v in params.items()})
        return text

    def _localized(self, value: Any) -> Any:
        """Plain numbers (ints, or digit strings like "0.5") get the reader's digits."""
        if isinstance(value, bool):
            return value
        if isinstance(value, int) or (isinstance(value, str) and _PLAIN_NUMBER.fullmatch(value)):
            return self.number(value)
        return value

    def platform_name(self, platform: str | None) -> str:
        """A platform as its readers call it (تلگرام، بله، راکت‌چت), never its code."""
        return self(self.first_key(f"platform_name.{platform}", "platform_name.any") if platform else "platform_name.any")

    def has(self, key: str) -> bool:
        return key in catalog(self.lang) or key in catalog(FALLBACK)

    def first_key(self, *keys: str) -> str:
        """The first of `keys` the catalogs have, a more particular wording before a general one
        (none: the last, shown as the visible key)."""
        return next((key for key in keys if self.has(key)), keys[-1])

    def number(self, value: int | str) -> str:
        """A number in the reader's digits (Persian digits for fa)."""
        text = str(value)
        return to_persian_digits(text) if self.lang == "fa" else text


def translator(lang: str) -> Translator:
    return Translator(lang)
