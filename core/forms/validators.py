"""Validation of what users type into forms.

Each function normalizes its input (digits, Arabic letters, pasted marks) and
returns the canonical value, or raises ``ValidationError``. The error carries
only a code and params; the user-facing text lives in the catalogs
``bot/locales/<lang>/validation.toml`` under ``[validation]`` and is rendered
with ``message.format(**params)``.
"""
from __future__ import annotations

import re
import unicodedata

import jdatetime

from core import jalali
from core.errors import ValidationError
from core.insurance.shared.national_id import national_id_problem, normalize_national_id
from core.text import clean_text, normalize_text

# Every code raised here or in core.jalali, with the params it carries.
# The catalogs must have one message per code using exactly these placeholders.
CODES: dict[str, tuple[str, ...]] = {
    "date_format": (),
    "date_invalid": (),
    "date_too_old": (),
    "date_future": (),
    "name_too_short": (),
    "name_too_long": ("max",),
    "name_chars": (),
    "landline_invalid": (),
    "landline_is_mobile": (),
    "mobile_invalid": ("got_digits",),
    "letter_number_invalid": (),
    "text_empty": (),
    "text_too_long": ("max", "length"),
    "choice_unknown": ("options",),
    "reference_invalid": (),
    "amount_invalid": (),
    "amount_not_positive": (),
    "amount_too_large": (),
    "file_empty": (),
    "file_too_large": ("max_mb",),
    "file_type": ("allowed",),
    "datetime_format": (),
    "hour_invalid": (),
    "datetime_future": (),
    "national_id_format": (),
    "national_id_check_digit": (),
    "not_on_contract": ("contract",),
    "analysis_line": ("line",),
    "analysis_amount_too_large": ("line",),  # above what a 64-bit money column holds
    "heir_entry": ("entry",),  # an adult's heirs (core/insurance/claims/heirs.py)
    "heirs_empty": (),
    "heirs_not_whole": ("numerator", "denominator"),
    "heir_responsible_unknown": ("name",),
    "checklist_invalid": (),
    "not_insured_on_date": ("contract",),
    "not_your_ward": ("contract",),  # a guardian, for a person their link does not name
    "discount_invalid": ("max",),
    "org_identifier_invalid": (),
    "org_name_invalid": ("max",),
    "national_ids_empty": (),
    "national_id_invalid": ("value",),
    "file_expected": (),
}


ZWNJ = "\u200c"


def _is_letter(ch: str) -> bool:
    # Marks (category M) count as letters: Persian short vowels and many
    # scripts' vowel signs are combining marks.
    return unicodedata.category(ch)[0] in "LM"


# --- names -------------------------------------------------------------------

# A full name is a first and a last name: at least NAME_WORDS words with at least
# NAME_WORD_LETTERS letters each. A letter is Unicode category L, but not the
# tatweel (U+0640, a stretching stroke); combining marks (short vowels) are allowed
# in a name but are not letters, so five tatweels or three bare accents are no name.
NAME_MIN, NAME_MAX = 3, 100
NAME_WORDS, NAME_WORD_LETTERS = 2, 2
TATWEEL = "\u0640"
_NAME_PUNCT = set(" -'’." + ZWNJ)


def _counts_as_letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "L" and ch != TATWEEL


def full_name(text: str) -> str:
    s = normalize_text(text)
    if len(s) > NAME_MAX:
        raise ValidationError("name_too_long", max=NAME_MAX)
    if any(not (_is_letter(ch) or ch in _NAME_PUNCT) for ch in s):
        raise ValidationError("name_chars")
    words = [word for word in s.split(" ") if sum(map(_counts_as_letter, word)) >= NAME_WORD_LETTERS]
    if len(s) < NAME_MIN or len(words) < NAME_WORDS:
        raise ValidationError("name_too_short")
    return s


# --- phone numbers -------------------------------------------------------------

# Separators people put inside phone numbers; removed before matching.
_PHONE_SEPARATORS = re.compile(r"[\s\-()]")
_MOBILE_RE = re.compile(r"(?:(?:\+98|0098|98)0?|0)?(9\d{9})")
# Area codes are 0 + two digits whose first is 1-8 (09… is mobile).
_LANDLINE_RE = re.compile(r"(?:(?:\+98|0098)0?|0)([1-8]\d)([1-9]\d{7})|([1-9]\d{7})")
# An extension needs an explicit marker, so "021-88776655-123" stays invalid.
_EXTENSION_RE = re.compile(r"(.*?)\s*(?:داخلی|ext\.?|x|#)\s*:?\s*(\d{1,6})", re.IGNORECASE)


def mobile(text: str) -> str:
    s = normalize_text(text)
    m = _MOBILE_RE.fullmatch(_PHONE_SEPARATORS.sub("", s))
    if not m:
        raise ValidationError("mobile_invalid", got_digits=sum(ch.isdigit() for ch in s))
    return "0" + m[1]


def landline(text: str) -> str:
    s = normalize_text(text)
    ext = ""
    if m := _EXTENSION_RE.fullmatch(s):
        s, ext = m[1], m[2]
    number = _PHONE_SEPARATORS.sub("", s)
    if _MOBILE_RE.fullmatch(number):
        raise ValidationError("landline_is_mobile")
    m = _LANDLINE_RE.fullmatch(number)
    if not m:
        raise ValidationError("landline_invalid")
    canonical = f"0{m[1]}-{m[2]}" if m[1] else m[3]
    return f"{canonical} ext {ext}" if ext else canonical


# --- numbers and references --------------------------------------------------

_LETTER_NUMBER_PUNCT = set("/-._ " + ZWNJ)  # ZWNJ: Persian words inside the number


def letter_number(text: str) -> str:
    s = normalize_text(text)
    ok = (
        1 <= len(s) <= 40
        and any(ch in "0123456789" for ch in s)
        and all(ch in "0123456789" or _is_letter(ch) or ch in _LETTER_NUMBER_PUNCT for ch in s)
    )
    if not ok:
        raise ValidationError("letter_number_invalid")
    return s


_REFERENCE_RE = re.compile(r"(?=.*[0-9])[A-Za-z0-9/.\-]{1,40}")


def reference_number(text: str) -> str:
    """Policy, voucher or cheque number: ASCII letters, digits, / - ."""
    s = normalize_text(text)
    if not _REFERENCE_RE.fullmatch(s):
        raise ValidationError("reference_invalid")
    return s


AMOUNT_MAX = 10**15
# Thousands separators: ASCII comma, Arabic thousands separator, Persian comma.
_AMOUNT_SEPARATORS = re.compile("[,\u066c\u060c\\s]")
_AMOUNT_UNIT = re.compile(r"\s*(?:ریال|rials?)$", re.IGNORECASE)


def amount_rials(text: str) -> int:
    s = _AMOUNT_UNIT.sub("", normalize_text(text))
    s = _AMOUNT_SEPARATORS.sub("", s)
    m = re.fullmatch(r"([-+]?)(\d+)", s)
    if not m:
        raise ValidationError("amount_invalid")
    digits = m[2].lstrip("0")
    if m[1] == "-" or not digits:
        raise ValidationError("amount_not_positive")
    # Check the length first: int() refuses very long digit strings.
    if len(digits) > len(str(AMOUNT_MAX)) or int(digits) > AMOUNT_MAX:
        raise ValidationError("amount_too_large")
    return int(digits)


def amount_rials_or_zero(text: str) -> int:
    """An amount in rials that may be nothing (0): a part of a figure that may not be set apart."""
    s = _AMOUNT_SEPARATORS.sub("", _AMOUNT_UNIT.sub("", normalize_text(text)))
    if s and set(s) == {"0"}:
        return 0
    return amount_rials(text)


DISCOUNT_MAX = 25  # K35: the group discount is at most 25%


def discount_percent(text: str) -> int:
    """The group discount agreed, a whole percent from 0 to 25 («۱۰», «10%», «۱۰٪»)."""
    s = normalize_text(text).replace("%", "").replace("٪", "").replace("درصد", "").strip()
    if not s.isdigit() or len(s) > 3 or int(s) > DISCOUNT_MAX:
        raise ValidationError("discount_invalid", max=DISCOUNT_MAX)
    return int(s)


def org_identifier(text: str) -> str:
    """A policyholder's national id (11 digits) or registration number: 4 to 20 digits."""
    s = re.sub(r"[\s\-/]", "", normalize_text(text))
    if not re.fullmatch(r"\d{4,20}", s):
        raise ValidationError("org_identifier_invalid")
    return s


# --- dates, free text, choices -------------------------------------------------


def incident_date(text: str, today: jdatetime.date) -> jdatetime.date:
    return jalali.parse_jalali_date(text, today)


def national_id(text: str) -> str:
    """An Iranian national id: ten digits (Persian digits, spaces and dashes allowed) with a valid check digit."""
    nid = normalize_national_id(re.sub(r"[\s\-]", "", normalize_text(text)))
    problem = national_id_problem(nid)
    if problem == "national_id_format":
        raise ValidationError("national_id_format")
    if problem:
        raise ValidationError("national_id_check_digit")
    return nid


_HOUR_RE = re.compile(r"(.*?)\s*(?:ساعت|at)?\s*(\d{1,2})\s*[:.]\s*(\d{2})")


def incident_datetime(text: str, now: jdatetime.datetime) -> tuple[jdatetime.date, int, int]:
    """A Jalali date and an hour, «1403/08/15 10:30», not after ``now`` (Tehran's wall clock):
    (date, hour, minute)."""
    s = normalize_text(text)
    m = _HOUR_RE.fullmatch(s)
    if not m or not m[1].strip():
        raise ValidationError("datetime_format")
    day = jalali.parse_jalali_date(m[1], now.date())
    hour, minute = int(m[2]), int(m[3])
    if hour > 23 or minute > 59:
        raise ValidationError("hour_invalid")
    if day == now.date() and (hour, minute) > (now.hour, now.minute):
        raise ValidationError("datetime_future")
    return day, hour, minute


def any_date(text: str, today: jdatetime.date) -> jdatetime.date:
    """A real Jalali date, past or future (a contract's start, an endorsement's effective date)."""
    return jalali.parse_jalali_date(text, today, allow_future=True)


ORG_NAME_MAX = 200


def org_name(text: str) -> str:
    """A kindergarten's or organisation's name: letters, with digits and punctuation allowed."""
    s = normalize_text(text)
    if len(s) > ORG_NAME_MAX or sum(map(_counts_as_letter, s)) < 3:
        raise ValidationError("org_name_invalid", max=ORG_NAME_MAX)
    return s


def national_id_list(text: str) -> list[str]:
    """National ids typed one after another (spaces, commas or new lines between), each checked."""
    ids = [normalize_national_id(part) for part in re.split(r"[\s,،;]+", normalize_text(text)) if part]
    if not ids:
        raise ValidationError("national_ids_empty")
    for national_id in ids:
        if national_id_problem(national_id):
            raise ValidationError("national_id_invalid", value=national_id)
    return list(dict.fromkeys(ids))


def file(text: str) -> str:
    """A field that takes only a file: typed text is no answer."""
    raise ValidationError("file_expected")


def description(text: str, max_length: int = 2000) -> str:
    s = clean_text(text)  # the person's own wording: digits stay as typed
    if not s:
        raise ValidationError("text_empty")
    if len(s) > max_length:
        raise ValidationError("text_too_long", max=max_length, length=len(s))
    return s


def reason(text: str, max_length: int = 1000) -> str:
    return description(text, max_length)


def _key(s: str) -> str:
    return normalize_text(s).casefold()


def choice(text: str, options: list[tuple[str, list[str]]]) -> str:
    """Return the code of the option whose code or one of whose labels was typed.

    The error lists each option's first label, the one shown to the user."""
    key = _key(text)
    for code, labels in options:
        if key and (key == _key(code) or any(key == _key(label) for label in labels)):
            return code
    shown = [labels[0] if labels else code for code, labels in options]
    raise ValidationError("choice_unknown", options="، ".join(shown))


# --- attachments -----------------------------------------------------------------

ALLOWED_FILE_TYPES = "JPEG، PNG، WebP، PDF"


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def attachment(filename: str, data: bytes, max_bytes: int) -> str:
    """Return the content type, judged by the bytes: a name can be anything."""
    if not data:
        raise ValidationError("file_empty")
    content_type = _sniff(data)
    if content_type is None:
        raise ValidationError("file_type", allowed=ALLOWED_FILE_TYPES)
    if len(data) > max_bytes:
        raise ValidationError("file_too_large", max_mb=f"{max_bytes / 2**20:g}")
    return content_type
