"""The command line's argument types, each bounded: a mistake is one line on stderr and exit 2.

Numbers come as a person types them: Persian or Arabic digits, thousands separated by «,»,
the Persian «٬» or «_». Every number fits a 64-bit column (a contract number of 30 digits is
refused here, never an OverflowError further in); dates are Jalali from 1300/01/01; a file
to write must have an existing, writable folder.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

from core.text import normalize_text

LARGEST = 2**63 - 1  # the largest a 64-bit (BIGINT) column holds
MIN_YEAR = 1300  # as core.jalali.MIN_YEAR (not imported: the parser is built without jdatetime)
MAX_YEAR = 1499  # Jalali; 2121 in the Gregorian calendar
# thousands separators: ASCII comma, the Persian (Arabic) thousands separator «٬», underscore
_SEPARATORS = re.compile("[,\u066c_]")
_DATE = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_MONTH = re.compile(r"(\d{4})/(\d{1,2})")


class Parser(argparse.ArgumentParser):
    """argparse, whose refusals are one line (`prog: error: ...`) with exit code 2, no usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
            sys.stderr.flush()
        raise SystemExit(status)


def _refuse(key: str, text: str, **params: object) -> NoReturn:
    from bot.i18n import Translator

    # argparse frames the message in English ("argument --date: ..."): the sentence stays English whole
    raise argparse.ArgumentTypeError(Translator("en")(f"cli_args.{key}", value=repr(text), **params))


def _digits(text: str, what: str) -> int:
    digits = _SEPARATORS.sub("", normalize_text(text).strip())
    if not digits.isdigit():  # str.isdigit is ASCII only after normalize_text
        _refuse(what, text)
    # the length first: int() refuses very long digit strings, and a 4,000-digit one is no number
    if len(digits.lstrip("0")) > len(str(LARGEST)) or int(digits) > LARGEST:
        _refuse("too_large", text, largest=f"{LARGEST:,}")
    return int(digits)


def number(text: str) -> int:
    """A register number (contract, claim, order, ticket): a whole number from 1."""
    value = _digits(text, "not_a_number")
    if value < 1:
        _refuse("not_a_number", text)
    return value


def count(text: str) -> int:
    """A whole number from 0 (days, teeth, a percent, a period), at most LARGEST."""
    return _digits(text, "not_a_count")


def rials(text: str) -> int:
    """An amount in rials: 1,500,000 or ۱٬۵۰۰٬۰۰۰ or 1_500_000."""
    return _digits(text, "not_rials")


def jalali_date(text: str) -> date:
    """YYYY/MM/DD (or YYYY-MM-DD) in the Jalali calendar, from 1300/01/01; the Gregorian date."""
    match = _DATE.fullmatch(normalize_text(text).strip().replace("-", "/"))
    if match is None:
        _refuse("not_a_date", text)
    year, month, day = (int(part) for part in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        _refuse("year_out_of_range", text, first=MIN_YEAR, last=MAX_YEAR)
    import jdatetime  # here: building the parser (--help) imports no calendar library

    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        _refuse("no_such_day", text)


def jalali_month(text: str) -> tuple[int, int]:
    """YYYY/MM in the Jalali calendar, from 1300/01."""
    match = _MONTH.fullmatch(normalize_text(text).strip().replace("-", "/"))
    if match is None or not 1 <= int(match.group(2)) <= 12:
        _refuse("not_a_month", text)
    year = int(match.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        _refuse("year_out_of_range", text, first=MIN_YEAR, last=MAX_YEAR)
    return year, int(match.group(2))


def out_file(text: str) -> str:
    """A file to write: its folder must exist and be writable, and it must not be a folder itself."""
    path = Path(text).expanduser()
    folder = path.parent
    try:
        if not folder.is_dir():
            _refuse("no_folder", text, folder=str(folder))
        if path.is_dir():
            _refuse("is_a_folder", text)
    except OSError:  # a name the file system cannot hold (too long): one line, not a traceback
        _refuse("bad_name", text)
    if not os.access(folder, os.W_OK):
        _refuse("folder_not_writable", text, folder=str(folder))
    return str(path)
