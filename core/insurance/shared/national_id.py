"""Iranian national ids (کد ملی): ten digits, the last one a check digit."""
from __future__ import annotations

from core.text import normalize_digits


def check_digit(first_nine: str) -> int:
    """The check digit of nine digits: weights 10..2, sum mod 11; below 2 it is the remainder, else 11 minus it."""
    remainder = sum(int(d) * (10 - i) for i, d in enumerate(first_nine)) % 11
    return remainder if remainder < 2 else 11 - remainder


def with_check_digit(first_nine: str) -> str:
    """A valid national id made from nine digits (tests and examples)."""
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise ValueError("nine digits expected")
    return first_nine + str(check_digit(first_nine))


def normalize_national_id(text: str) -> str:
    """Persian/Arabic digits made ASCII, spaces and dashes dropped; the leading zeros a spreadsheet ate put back."""
    digits = normalize_digits(str(text)).strip().replace("-", "").replace(" ", "")
    if digits.isdigit() and 8 <= len(digits) < 10:
        digits = digits.zfill(10)
    return digits


def national_id_problem(national_id: str) -> str | None:
    """None when valid; else `national_id_format` (not ten digits) or `national_id_check_digit`."""
    if len(national_id) != 10 or not national_id.isascii() or not national_id.isdigit():
        return "national_id_format"
    if len(set(national_id)) == 1:  # 0000000000, 1111111111 ... pass the sum but are never issued
        return "national_id_check_digit"
    if int(national_id[9]) != check_digit(national_id[:9]):
        return "national_id_check_digit"
    return None


def is_valid_national_id(national_id: str) -> bool:
    return national_id_problem(national_id) is None
