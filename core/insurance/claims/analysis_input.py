"""The trusted doctor's analysis («آنالیز پزشکی») as typed in chat or on the command line.

One entry a line, or several on one line separated by «؛» or «;» (the console sends every
line it reads as a message of its own, so the whole analysis must fit on one line there):

    جراحی 30,000,000 25,000,000      a bill item, its billed rials and the approved rials (optional)
    بیمه پایه 5,000,000              what a primary insurer paid
    درصد 10                          disability: the percentage the company doctor set
    دندان 2                          disability: teeth lost beyond repair
    نقص thumb                        disability: an item of the disability table (its code)
    مسئول پدر                        death: a beneficiary responsible for the accident
    تأیید تعاون 123/45               a kidney purchase: the welfare department's approval letter
    anything else without a digit    a note kept with the analysis

English keys work too (surgery, primary, percent, teeth, item, responsible, welfare). An
entry that is none of these, or an amount above what a money column holds, is refused with
its number, so a typo never passes silently. Whether the figures make sense for the claim is
the claims service's check (record_analysis), told to the doctor the same way.
"""
from __future__ import annotations

import re

from core.forms.validators import ValidationError
from core.insurance.claims.bill_items import bill_item_code
from core.insurance.claims.heirs import split_entries
from core.insurance.claims.medical import BillLine
from core.insurance.claims.money import MAX_RIALS, ClaimInputError
from core.insurance.claims.payout import FATHER, MOTHER
from core.insurance.claims.records import DoctorAnalysis
from core.text import clean_text

_AMOUNT = r"\d[\d,\u066c\u060c]*"
_LINE = re.compile(rf"(.*?)\s*({_AMOUNT})(?:\s+({_AMOUNT}))?\s*(?:ریال|rials?)?")
_KEYS = {
    "primary": ("primary", "بیمه پایه", "بیمه‌گر پایه", "بیمه گر پایه", "بیمه اول"),
    "percent": ("percent", "درصد", "درصد نقص عضو"),
    "teeth": ("teeth", "دندان", "دندانها", "دندان‌ها"),
    "item": ("item", "نقص", "نقص عضو"),
    "responsible": ("responsible", "مسئول", "مسئول حادثه"),
    "kidney_approval": ("welfare", "welfare approval", "تأیید تعاون", "تایید تعاون", "تأیید اداره کل تعاون",
                        "تایید اداره کل تعاون", "تأیید اداره تعاون", "تایید اداره تعاون"),
}
APPROVAL_MAX = 64
_BENEFICIARIES = {"پدر": FATHER, "father": FATHER, "مادر": MOTHER, "mother": MOTHER}


def _fold(s: str) -> str:
    return re.sub(r"[\s\u200c_\-:]+", " ", s).strip().lower()


_KEY_OF = {_fold(alias): key for key, aliases in _KEYS.items() for alias in aliases}


def _split_key(line: str) -> tuple[str | None, str]:
    """(the key a line starts with, the rest), trying the longest names first; (None, line) if none."""
    folded = _fold(line)
    for alias in sorted(_KEY_OF, key=len, reverse=True):
        if folded.startswith(alias + " "):
            return _KEY_OF[alias], folded[len(alias):].strip()
    return None, line


def _number(text: str, n: int) -> int:
    digits = re.sub(r"[,\u066c\u060c]", "", text).lstrip("0") or "0"
    # the length first: Python will not read an integer of thousands of digits
    if len(digits) > len(str(MAX_RIALS)) or int(digits) > MAX_RIALS:
        raise ValidationError("analysis_amount_too_large", line=n)
    return int(digits)


def parse_analysis(text: str) -> DoctorAnalysis:
    """The analysis typed by the doctor; ValidationError("analysis_line", line=n) for an entry it cannot read."""
    bill: list[BillLine] = []
    primary, teeth, percent = 0, 0, "0"
    items: list[str] = []
    responsible: list[str] = []
    notes: list[str] = []
    approval = ""
    for n, line in enumerate(split_entries(text), start=1):
        if not line:
            continue
        kind, rest = _split_key(line)
        if kind == "kidney_approval":
            approval = clean_text(rest).strip()
            if not approval or len(approval) > APPROVAL_MAX:
                raise ValidationError("analysis_line", line=n)
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            if kind == "item" and rest:
                items.append(rest)
            elif kind == "responsible" and rest:
                responsible.append(_BENEFICIARIES.get(_fold(rest), clean_text(rest).strip()))
            elif kind is None and not any(ch.isdigit() for ch in line):
                notes.append(line)
            else:
                raise ValidationError("analysis_line", line=n)
            continue
        name, first, second = match.group(1), match.group(2), match.group(3)
        kind = _KEY_OF.get(_fold(name))
        if kind in ("primary", "percent", "teeth") and second is None:
            value = _number(first, n)
            if kind == "primary":
                primary = value
            elif kind == "teeth":
                teeth = value
            else:
                percent = str(value)
            continue
        try:
            item = bill_item_code(name)
        except ClaimInputError:
            raise ValidationError("analysis_line", line=n) from None
        bill.append(BillLine(item, _number(first, n), _number(second, n) if second is not None else None))
    if not (bill or primary or teeth or percent != "0" or items or responsible or notes or approval):
        raise ValidationError("text_empty")
    return DoctorAnalysis(bill=tuple(bill), primary_insurer_paid=primary, disability_items=tuple(items),
                          disability_percent=percent, teeth=teeth, responsible=tuple(responsible),
                          note="\n".join(notes), kidney_approval=approval)
