import ast
import string
import tomllib
from pathlib import Path

import jdatetime
import pytest

import core.jalali
from core.forms import validators as v
from core.forms.validators import ValidationError

ROOT = Path(__file__).resolve().parents[2]


def error(func, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        func(*args, **kwargs)
    return info.value


# --- mobile ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "09121234567",
        "9121234567",
        "+989121234567",
        "00989121234567",
        "989121234567",
        "+98 912 123 4567",
        "+98 (0) 912 123 4567",
        "0912-123-4567",
        "0912 123 45 67",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        "+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷",
        "\u202a09121234567\u202c",  # pasted with bidi embedding
    ],
)
def test_mobile_accepted_forms(text):
    assert v.mobile(text) == "09121234567"


@pytest.mark.parametrize(
    "text, got_digits",
    [
        ("912123456", 9),  # nine digits
        ("091212345678", 12),  # one digit too many
        ("0912123456a", 10),  # a letter
        ("شماره ندارم", 0),
        ("", 0),
        ("02188776655", 11),  # a landline where a mobile is expected
        ("08121234567", 11),
        ("+1 912 123 4567", 11),
        ("۰۹۱۲۱۲۳۴۵۶", 10),
    ],
)
def test_mobile_rejected(text, got_digits):
    e = error(v.mobile, text)
    assert (e.code, e.params) == ("mobile_invalid", {"got_digits": got_digits})


# --- landline ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("02188776655", "021-88776655"),
        ("021-88776655", "021-88776655"),
        ("(021) 8877 6655", "021-88776655"),
        ("+98 21 8877 6655", "021-88776655"),
        ("+982188776655", "021-88776655"),
        ("00982188776655", "021-88776655"),
        ("0098 (0)21 88776655", "021-88776655"),
        ("031-32221100", "031-32221100"),
        ("۰۲۱-۸۸۷۷۶۶۵۵", "021-88776655"),
        ("٠٢١٨٨٧٧٦٦٥٥", "021-88776655"),
        ("88776655", "88776655"),
        ("8877 6655", "88776655"),
        ("021-88776655 داخلی 123", "021-88776655 ext 123"),
        ("۰۲۱۸۸۷۷۶۶۵۵ داخلي ۱۲۳", "021-88776655 ext 123"),  # Arabic yeh in «داخلی»
        ("021-88776655 داخلی: ۱۲", "021-88776655 ext 12"),
        ("021-88776655 ext 123", "021-88776655 ext 123"),
        ("021-88776655 EXT. 123456", "021-88776655 ext 123456"),
        ("021-88776655x7", "021-88776655 ext 7"),
        ("021-88776655 #123", "021-88776655 ext 123"),
        ("88776655 داخلی 45", "88776655 ext 45"),
    ],
)
def test_landline_accepted_forms(text, expected):
    assert v.landline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "021-88776655-123",  # extension without a marker is ambiguous
        "021-8877665",  # 7-digit local part
        "021-887766551",
        "1234567",
        "02188776655 ext 1234567",  # extension too long
        "02188776655 ext",
        "021-0877 6655",
        "abc",
        "",
    ],
)
def test_landline_rejected(text):
    assert error(v.landline, text).code == "landline_invalid"


@pytest.mark.parametrize("text", ["09121234567", "+98 912 123 4567", "۰۹۱۲۱۲۳۴۵۶۷", "0912 123 4567 داخلی 1"])
def test_mobile_where_landline_is_expected(text):
    assert error(v.landline, text).code == "landline_is_mobile"


# --- names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("مریم احمدی", "مریم احمدی"),
        ("  علي   كريمي ", "علی کریمی"),  # Arabic yeh/kaf, extra spaces
        ("محمدحسین نیک\u200cنام", "محمدحسین نیک\u200cنام"),  # ZWNJ kept
        ("Seán O'Brien-Smith Jr.", "Seán O'Brien-Smith Jr."),
        ("Иван Петров", "Иван Петров"),
        ("عَلی اَحمدی", "عَلی اَحمدی"),  # short vowel marks
        ("Li Na", "Li Na"),  # two letters a word are enough
    ],
)
def test_full_name_accepted(text, expected):
    assert v.full_name(text) == expected


@pytest.mark.parametrize("text", [
    "", "  ", "اب", "A.B", "- -",
    "ـــــ", "ـــ ـــ",  # tatweels only: no letter
    "\u064e\u064e\u064e", "\u064e\u064e \u064f\u064f",  # bare combining accents
    "مریم", "علی‌اکبر",  # one word: the last name is missing
    "م احمدی", "مـــ احمدی",  # a word of one letter (stretched or not)
])
def test_full_name_too_short(text):
    assert error(v.full_name, text).code == "name_too_short"


@pytest.mark.parametrize("text", ["مریم 2", "Ali@example", "علی\nاحمدی", "مریم_احمدی"])
def test_full_name_bad_characters(text):
    assert error(v.full_name, text).code == "name_chars"


def test_full_name_too_long():
    assert v.full_name("ا" * 50 + " " + "ا" * 49) == "ا" * 50 + " " + "ا" * 49
    e = error(v.full_name, "ا" * 101)
    assert (e.code, e.params) == ("name_too_long", {"max": 100})


# --- letter and reference numbers -------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("۱۴۰۳/۴۵۶۷", "1403/4567"),
        ("۱۲۳/ص/۱۴۰۳", "123/ص/1403"),
        ("ن-٤٥.٦_7", "ن-45.6_7"),
        ("AB 12", "AB 12"),
        ("5", "5"),
        ("1" * 40, "1" * 40),
    ],
)
def test_letter_number_accepted(text, expected):
    assert v.letter_number(text) == expected


@pytest.mark.parametrize("text", ["", "ص/الف", "12#3", "1" * 41, "12\n34"])
def test_letter_number_rejected(text):
    assert error(v.letter_number, text).code == "letter_number_invalid"


@pytest.mark.parametrize(
    "text, expected",
    [("BN-1403/12345", "BN-1403/12345"), ("۱۴۰۳.۹۹", "1403.99"), (" 7 ", "7"), ("A" * 39 + "1", "A" * 39 + "1")],
)
def test_reference_number_accepted(text, expected):
    assert v.reference_number(text) == expected


@pytest.mark.parametrize("text", ["", "ABC", "12 34", "ب-123", "12_3", "A" * 40 + "1"])
def test_reference_number_rejected(text):
    assert error(v.reference_number, text).code == "reference_invalid"


# --- amount -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("25000000", 25_000_000),
        ("25,000,000", 25_000_000),
        ("۲۵٬۰۰۰٬۰۰۰", 25_000_000),  # Arabic thousands separator
        ("۲۵،۰۰۰،۰۰۰ ریال", 25_000_000),  # Persian comma
        ("٢٥ ٠٠٠ ٠٠٠ ريال", 25_000_000),  # Arabic digits, Arabic yeh
        ("1500 Rials", 1500),
        ("1500rial", 1500),
        ("0012", 12),
        ("1,000,000,000,000,000", 10**15),
    ],
)
def test_amount_accepted(text, expected):
    assert v.amount_rials(text) == expected


@pytest.mark.parametrize("text", ["", "ریال", "25 تومان", "12.5", "۱۲٫۵", "1e6", "یک میلیون", "12 ریال 5"])
def test_amount_invalid(text):
    assert error(v.amount_rials, text).code == "amount_invalid"


@pytest.mark.parametrize("text", ["0", "۰", "-5", "-1,000 ریال"])
def test_amount_not_positive(text):
    assert error(v.amount_rials, text).code == "amount_not_positive"


@pytest.mark.parametrize("text", ["1000000000000001", "9" * 5000])
def test_amount_too_large(text):
    assert error(v.amount_rials, text).code == "amount_too_large"


# --- dates and free text -----------------------------------------------------------


def test_incident_date_uses_jalali_parser():
    today = jdatetime.date(1403, 9, 1)
    assert v.incident_date("۱۴۰۳/۰۸/۱۵", today) == jdatetime.date(1403, 8, 15)
    assert error(v.incident_date, "1403/09/02", today).code == "date_future"


@pytest.mark.parametrize("func", [v.description, v.reason])
def test_free_text(func):
    assert func("  خسارت  به سپر\u200f \n") == "خسارت به سپر"
    assert error(func, " \u200e\n\t").code == "text_empty"


def test_text_too_long_reports_limit_and_length():
    assert len(v.description("ا" * 2000)) == 2000
    e = error(v.description, "ا" * 2001)
    assert (e.code, e.params) == ("text_too_long", {"max": 2000, "length": 2001})
    e = error(v.reason, "ا" * 1001)
    assert e.params == {"max": 1000, "length": 1001}
    assert error(v.reason, "abcd", max_length=3).params == {"max": 3, "length": 4}


# --- choice ------------------------------------------------------------------------

OPTIONS = [
    ("car", ["خودرو", "ماشین", "Car"]),
    ("fire", ["آتش‌سوزی", "Fire"]),
    ("health", ["درمان تکمیلی", "Health"]),
]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("خودرو", "car"),
        ("  ماشین ", "car"),
        ("CAR", "car"),  # the code itself, any case
        ("fire", "fire"),
        ("آتش\u200cسوزی", "fire"),
        ("درمان تكميلي", "health"),  # Arabic kaf and yeh typed
        ("درمان   تکمیلی", "health"),
        ("health", "health"),
    ],
)
def test_choice_matches(text, expected):
    assert v.choice(text, OPTIONS) == expected


def test_choice_labels_with_arabic_letters_match_persian_input():
    assert v.choice("بیمه کارگری", [("worker", ["بيمه كارگري"])]) == "worker"


@pytest.mark.parametrize("text", ["قایق", "", "خود"])
def test_choice_unknown_lists_the_options(text):
    e = error(v.choice, text, OPTIONS)
    assert (e.code, e.params) == ("choice_unknown", {"options": "خودرو، آتش‌سوزی، درمان تکمیلی"})


# --- attachments -------------------------------------------------------------------

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 20
MB = 2**20


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("photo.jpg", JPEG, "image/jpeg"),
        ("scan.png", PNG, "image/png"),
        ("policy.pdf", PDF, "application/pdf"),
        ("image.webp", WEBP, "image/webp"),
        ("policy.pdf", PNG, "image/png"),  # the bytes decide, not the name
        ("no_extension", JPEG, "image/jpeg"),
    ],
)
def test_attachment_type_by_magic_number(name, data, expected):
    assert v.attachment(name, data, max_bytes=MB) == expected


@pytest.mark.parametrize(
    "name, data",
    [
        ("photo.jpg", b"hello, I am text"),
        ("doc.pdf", b"<html>%PDF-</html>"),
        ("a.gif", b"GIF89a" + b"\x00" * 10),
        ("a.webp", b"RIFF\x24\x00\x00\x00WAVEfmt "),  # RIFF but not WebP
        ("a.docx", b"PK\x03\x04" + b"\x00" * 10),
    ],
)
def test_attachment_wrong_type(name, data):
    e = error(v.attachment, name, data, max_bytes=MB)
    assert (e.code, e.params) == ("file_type", {"allowed": "JPEG، PNG، WebP، PDF"})


def test_attachment_empty_and_too_large():
    assert error(v.attachment, "a.jpg", b"", max_bytes=MB).code == "file_empty"
    big = JPEG + b"\x00" * (10 * MB)
    e = error(v.attachment, "a.jpg", big, max_bytes=10 * MB)
    assert (e.code, e.params) == ("file_too_large", {"max_mb": "10"})
    assert error(v.attachment, "a.jpg", big, max_bytes=MB // 2).params == {"max_mb": "0.5"}
    assert v.attachment("a.jpg", JPEG, max_bytes=len(JPEG)) == "image/jpeg"


# --- error codes and catalogs ------------------------------------------------------


def _raised_codes() -> dict[str, set[frozenset[str]]]:
    """Codes and keyword params of every ValidationError(...) written in the sources."""
    found: dict[str, set[frozenset[str]]] = {}
    # the form's checks against the desk's records raise them too
    for path in (v.__file__, core.jalali.__file__, ROOT / "core/insurance/claims/analysis_input.py",
                 ROOT / "core/insurance/claims/heirs.py",
                 ROOT / "core/requests/claim/hooks.py", ROOT / "core/tickets.py"):
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ValidationError":
                code = node.args[0]
                assert isinstance(code, ast.Constant), f"{path}: code must be a literal"
                found.setdefault(code.value, set()).add(frozenset(k.arg for k in node.keywords))
    return found


def test_codes_table_matches_the_raise_sites():
    raised = _raised_codes()
    assert set(raised) == set(v.CODES)
    for code, param_sets in raised.items():
        assert param_sets == {frozenset(v.CODES[code])}, code


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_every_code_has_a_message_with_exactly_its_params(lang):
    path = ROOT / "bot" / "locales" / lang / "validation.toml"
    messages = tomllib.loads(path.read_text(encoding="utf-8"))["validation"]
    assert set(messages) == set(v.CODES)
    for code, params in v.CODES.items():
        placeholders = {name for _, name, _, _ in string.Formatter().parse(messages[code]) if name is not None}
        assert placeholders == set(params), f"{lang}: {code}"
        sample = {p: "X" for p in params}
        assert messages[code].format(**sample)  # formats without error


def test_fa_catalog_examples_use_persian_digits():
    messages = tomllib.loads((ROOT / "bot/locales/fa/validation.toml").read_text(encoding="utf-8"))["validation"]
    for code, text in messages.items():
        assert not any(ch in "0123456789" for ch in text), code


def test_error_keeps_code_and_params():
    e = ValidationError("mobile_invalid", got_digits=12)
    assert isinstance(e, ValueError)
    assert (e.code, e.params) == ("mobile_invalid", {"got_digits": 12})
