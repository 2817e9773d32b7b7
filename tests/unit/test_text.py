import pytest

from core.text import isolate, ltr, normalize_digits, normalize_text, to_persian_digits


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),  # Persian
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),  # Arabic-Indic
        ("کد ۱۲۳ و ٤٥٦ و 789", "کد 123 و 456 و 789"),
        ("۱٫۵", "1٫5"),  # only digits change, not the decimal separator
    ],
)
def test_normalize_digits(raw, expected):
    assert normalize_digits(raw) == expected


def test_to_persian_digits():
    assert to_persian_digits("1403/08/15 14:30") == "۱۴۰۳/۰۸/۱۵ ۱۴:۳۰"
    assert to_persian_digits("abc") == "abc"


def test_arabic_letters_become_persian():
    assert normalize_text("علي كريمي") == "علی کریمی"
    assert normalize_text("مصطفى") == "مصطفی"


def test_digits_are_normalized_in_text():
    assert normalize_text("  ۰۹۱۲ ٣٤٥ ") == "0912 345"


def test_spaces_collapse_but_newlines_stay():
    assert normalize_text("  سلام \t\t  دنیا  \n  خط   دوم   \n") == "سلام دنیا\n خط دوم"
    assert normalize_text("a\r\nb") == "a\nb"
    assert normalize_text("a\u00a0\u00a0b") == "a b"  # NBSP pasted from the web


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
                                  "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"])
def test_pasted_bidi_marks_are_dropped(mark):
    assert normalize_text(f"{mark}0912{mark}1234567{mark}") == "09121234567"


def test_zero_width_dropped_but_zwnj_kept():
    assert normalize_text("\ufeffمی\u200cخواهم\u200b") == "می\u200cخواهم"
    assert normalize_text("a\u200db\u2060c") == "abc"


def test_our_own_isolated_output_pasted_back_is_clean():
    assert normalize_text(ltr("021-88776655")) == "021-88776655"


def test_ltr_and_isolate():
    assert ltr("09121234567") == "\u206609121234567\u2069"
    assert isolate("سلام") == "\u2068سلام\u2069"
    assert ltr("") == "" and isolate("") == ""
