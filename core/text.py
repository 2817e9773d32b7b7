"""Text clean-up for what users type, and bidi helpers for what we show.

Users type on Persian, Arabic and English keyboards and paste from other apps,
so the "same" text arrives in several byte forms. ``normalize_text`` folds
them into one so that validation and matching only deal with one form.
"""
from __future__ import annotations

import re

_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"  # U+06F0..U+06F9
_ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"  # U+0660..U+0669
_TO_ASCII = str.maketrans(_PERSIAN_DIGITS + _ARABIC_DIGITS, "0123456789" * 2)
_TO_PERSIAN = str.maketrans("0123456789", _PERSIAN_DIGITS)

# Arabic letters that Arabic keyboards produce in place of the Persian ones.
_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})

# Invisible characters that come with pasted text. ZWNJ (U+200C) is kept: it is
# part of Persian spelling (e.g. «می‌خواهم»).
_INVISIBLE = re.compile(
    "[\u200b\u200d\u2060\ufeff"  # zero-width space / joiner, word joiner, BOM
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"  # bidi marks, embeddings, isolates
)
_SPACES = re.compile("[ \t\u00a0]+")  # NBSP too: it is pasted from web pages

# C0 controls but newline and tab, DEL, C1 controls, and lone surrogates: a terminal
# obeys ESC and BEL sequences (clear the screen, set the title, recolour), NUL fails
# on PostgreSQL, and a lone surrogate cannot even be encoded.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


def normalize_digits(s: str) -> str:
    """Persian and Arabic-Indic digits to ASCII; everything else unchanged."""
    return s.translate(_TO_ASCII)


def to_persian_digits(s: str) -> str:
    return s.translate(_TO_PERSIAN)


def strip_controls(s: str) -> str:
    """Drop control characters (all but newline and tab; a carriage return ends a line)
    and lone surrogates: done to every free text when it arrives, on every platform."""
    return _CONTROLS.sub("", s.replace("\r\n", "\n").replace("\r", "\n"))


def escape_controls(s: str) -> str:
    """Show control characters and lone surrogates as `\\u001b` before text reaches a
    terminal, for what was stored before they were stripped on arrival (valid in JSON too)."""
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", s)


def clean_text(s: str) -> str:
    """Fold pasted and Arabic-keyboard forms, but keep the digits as typed: for
    free text (a description, a comment) whose wording is the person's own."""
    s = strip_controls(_INVISIBLE.sub("", s)).translate(_LETTERS)
    lines = (_SPACES.sub(" ", line).rstrip() for line in s.split("\n"))
    return "\n".join(lines).strip()


def normalize_text(s: str) -> str:
    """clean_text, with every digit made ASCII: for values that are numbers or codes."""
    return normalize_digits(clean_text(s))


def ltr(s: str) -> str:
    """Isolate a value known to be left-to-right (number, command, file name)
    so that it keeps its order inside Persian text."""
    return f"{LRI}{s}{PDI}" if s else s


def isolate(s: str) -> str:
    """Isolate user text of unknown direction (the first strong letter decides)."""
    return f"{FSI}{s}{PDI}" if s else s


ZWNJ = "\u200c"
# Arabic diacritics and the tatweel, and letter forms typed for one another (أ/ا, ة/ه, ...)
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_FOLD = str.maketrans({"ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و"})
_NOT_WORD = re.compile(r"[\W_]+")


def phrase_key(s: str) -> str:
    """One form for comparing a typed phrase with a command word or a button's text: Persian
    letters for Arabic ي/ك, ASCII digits, no ZWNJ, space, mark, emoji or punctuation, lower case
    («درخواست‌های من», «درخواستهاي من» and «📋 درخواست های من» are one key)."""
    folded = _MARKS.sub("", normalize_text(s)).translate(_FOLD).lower()
    return _NOT_WORD.sub("", folded.replace(ZWNJ, ""))
