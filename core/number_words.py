"""Amounts in Persian: in figures (Persian digits, «٬» between thousands) and in words.

«۱۰٬۷۳۵٬۰۰۰» and «ده میلیون و هفتصد و سی و پنج هزار». The words follow the short scale
the Academy of Persian Language and Literature gives (هزار، میلیون، میلیارد، تریلیون،
کوادریلیون، کوینتیلیون), enough for every figure a 64-bit column holds. Written here, not
taken from a package: num2words drops the part above 10^18 without a word and calls 10^15
«تریلیارد»; num2fawords uses the long scale (10^12 «بیلیون») and is GPL; num2persian names
no repository of its own (docs/insurance.md, «Documents»).
"""
from __future__ import annotations

ONES = ("", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده", "یازده", "دوازده", "سیزده",
        "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده")
TENS = ("", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود")
HUNDREDS = ("", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد")
SCALES = ("", "هزار", "میلیون", "میلیارد", "تریلیون", "کوادریلیون", "کوینتیلیون")
AND = " و "
ZERO = "صفر"
MINUS = "منفی"
LARGEST = 1000 ** len(SCALES) - 1
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
THOUSANDS_SEPARATOR = "\u066c"  # ARABIC THOUSANDS SEPARATOR «٬»


def _below_thousand(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    parts = [HUNDREDS[hundreds]] if hundreds else []
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        parts.append(TENS[tens])
        if ones:
            parts.append(ONES[ones])
    elif rest:
        parts.append(ONES[rest])
    return parts


def in_words(n: int) -> str:
    """A whole number in Persian words: 1,001,001 → «یک میلیون و یک هزار و یک»."""
    if abs(n) > LARGEST:
        raise ValueError(f"{n} is beyond {SCALES[-1]}")
    if n == 0:
        return ZERO
    if n < 0:
        return f"{MINUS} {in_words(-n)}"
    groups = []
    for scale in SCALES:
        n, group = divmod(n, 1000)
        if group:
            words = AND.join(_below_thousand(group))
            groups.append(f"{words} {scale}" if scale else words)
    return AND.join(reversed(groups))


def fa_digits(text: object) -> str:
    """Latin digits as Persian ones."""
    return str(text).translate(PERSIAN_DIGITS)


def fa_amount(n: int) -> str:
    """A figure as printed: Persian digits, «٬» between thousands (−۱٬۵۰۰ for a refund)."""
    return fa_digits(f"{n:,}".replace(",", THOUSANDS_SEPARATOR)).replace("-", "−")


def rials_in_words(n: int) -> str:
    """«ده میلیون و هفتصد و سی و پنج هزار ریال»."""
    return f"{in_words(n)} ریال"
