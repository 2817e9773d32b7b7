"""An adult's heirs and their shares as typed (seed K171–173: «طبق گواهی حصر وراثت»).

One line, or several, the entries separated by «؛», «;», «،», «,» or a new line:

    همسر ۱/۲؛ فرزند ۱/۴؛ فرزند ۱/۴           names and shares as exact fractions
    همسر ۵۰٪؛ علی ۲۵ درصد؛ مریم 25%         or as percentages
    علی=1/2                                   NAME=SHARE, as on the command line
    مسئول علی                                 a beneficiary responsible for the accident

Shares are exact (never floats) and must sum to exactly 1; a bare number is refused, since
«۲۵» could be a percentage or a quarter. Two heirs may have the same name on the certificate
(«فرزند», «فرزند»): they are numbered («فرزند ۱», «فرزند ۲») so each share and each
responsible one is told apart. A mistake is refused with the entry's number (ValidationError),
so the person typing is asked again with the reason.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from core.forms.validators import ValidationError
from core.insurance.claims.money import ClaimInputError, exact_fraction
from core.text import clean_text, normalize_text, to_persian_digits

ENTRY_SEPARATORS = re.compile(r"[؛;\n]")
_HEIR_SEPARATORS = re.compile(r"[؛;،,\n]")
_RESPONSIBLE = re.compile(r"(?:مسئول(?:\s+حادثه)?|مسؤول(?:\s+حادثه)?|responsible)\s+(.+)", re.IGNORECASE)
_SHARE = re.compile(r"(.*?)\s*(?:=\s*)?(\d+\s*/\s*\d+|\d+(?:[.٫]\d+)?\s*(?:%|٪|درصد))")
NAME_MAX = 100


@dataclass(frozen=True)
class Heirs:
    """The heirs (name, share as typed: "1/2", "50%") and the names of those responsible."""

    heirs: tuple[tuple[str, str], ...]
    responsible: tuple[str, ...] = ()


def split_entries(text: str, separators: re.Pattern[str] = ENTRY_SEPARATORS) -> list[str]:
    """The entries of a typed list, several on one line allowed: «جراحی ۳۰۰۰۰۰۰؛ بیمه پایه ۱۰۰۰۰۰»."""
    return [part.strip() for part in separators.split(normalize_text(text))]


def share_fraction(share: str) -> Fraction:
    """A share as typed: "1/4" is a fraction of the whole, "25%" or "25 درصد" a percentage."""
    text = share.replace("درصد", "%").replace("٪", "%").strip()
    if text.endswith("%"):
        return exact_fraction(text[:-1].strip(), "share") / 100
    return exact_fraction(text.replace(" ", ""), "share")


def parse_heirs(text: str) -> Heirs:
    """The heirs typed by the doctor or the claims expert; ValidationError with the entry's number
    for an entry it cannot read, or when the shares do not sum to exactly one."""
    heirs: list[tuple[str, str]] = []
    responsible: list[str] = []
    for n, entry in enumerate(split_entries(text, _HEIR_SEPARATORS), start=1):
        if not entry:
            continue
        blamed = _RESPONSIBLE.fullmatch(entry)
        if blamed:
            responsible.append(_name(blamed.group(1), n))
            continue
        match = _SHARE.fullmatch(entry)
        if match is None or not match.group(1).strip():
            raise ValidationError("heir_entry", entry=n)
        share = re.sub(r"\s+", "", match.group(2)).replace("٫", ".")
        try:
            whole = share_fraction(share)
        except ClaimInputError:  # "1/0", or a number too long to be a share
            raise ValidationError("heir_entry", entry=n) from None
        if whole == 0:
            raise ValidationError("heir_entry", entry=n)
        heirs.append((_name(match.group(1), n), share))
    if not heirs:
        raise ValidationError("heirs_empty")
    heirs = _numbered(heirs)
    total = sum(share_fraction(share) for _, share in heirs)
    if total != 1:
        raise ValidationError("heirs_not_whole", numerator=total.numerator, denominator=total.denominator)
    by_key = {normalize_text(name): name for name, _ in heirs}  # «فرزند ۲» typed with either digits
    for name in responsible:
        if normalize_text(name) not in by_key:
            raise ValidationError("heir_responsible_unknown", name=name)
    return Heirs(tuple(heirs), tuple(dict.fromkeys(by_key[normalize_text(name)] for name in responsible)))


def _name(text: str, n: int) -> str:
    name = re.sub(r"\s+", " ", clean_text(text)).strip(" =")
    if not any(ch.isalpha() for ch in name) or len(name) > NAME_MAX:
        raise ValidationError("heir_entry", entry=n)
    return name


def _numbered(heirs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Heirs of the same name told apart by a number: «فرزند ۱», «فرزند ۲»."""
    counts = Counter(name for name, _ in heirs)
    seen: Counter[str] = Counter()
    numbered = []
    for name, share in heirs:
        if counts[name] > 1:
            seen[name] += 1
            name = f"{name} {to_persian_digits(str(seen[name]))}"
        numbered.append((name, share))
    return numbered
