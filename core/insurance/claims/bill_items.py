"""The items of a hospital or treatment bill, by code, and the names people write for them.

A bill arrives as a CSV (``item,amount``) or as lines the trusted doctor fills in;
the item may be written in English or in Persian. ``bill_item_code`` folds both
to one code.
"""
from __future__ import annotations

import re

from core.insurance.claims.money import ClaimInputError
from core.text import clean_text

BILL_ITEMS = (
    "treatment",
    "surgery",
    "anaesthesia",
    "medicine",
    "hospital_stay",
    "lab",
    "imaging",
    "ambulance",
    "companion",
    "hospital_commission",
    "private_room",
    "telephone",
    "kidney_purchase",
    "lithotripsy",
)

# The seed: «هزینه همراه، پورسانت بیمارستان، اطاق خصوصی و تلفن ... بهیچوجه قابل پرداخت نمیباشد».
NON_PAYABLE_ITEMS = frozenset({"companion", "hospital_commission", "private_room", "telephone"})

AMBULANCE = "ambulance"

# The seed (K16): «علاوه بر میزان سقف تعهدات» a yearly amount for obtaining or buying a kidney, and an
# amount «طبق قرارداد» for kidney stones treated by lithotripsy: paid beyond the medical capital.
KIDNEY_PURCHASE, LITHOTRIPSY = "kidney_purchase", "lithotripsy"
BEYOND_CAPITAL_ITEMS = (KIDNEY_PURCHASE, LITHOTRIPSY)

_ALIASES = {
    "treatment": ("درمان", "معالجه", "هزینه درمان", "هزینه معالجه", "ویزیت", "treatment"),
    "surgery": ("جراحی", "عمل جراحی", "حق العمل", "حق العمل جراحی", "surgery"),
    "anaesthesia": ("بیهوشی", "حق بیهوشی", "anaesthesia", "anesthesia"),
    "medicine": ("دارو", "داروها", "هزینه دارو", "medicine", "medicines", "drugs"),
    "hospital_stay": ("بستری", "هزینه بستری", "اقامت در بیمارستان", "هتلینگ", "hospital stay"),
    "lab": ("آزمایش", "آزمایشات", "آزمایشگاه", "lab", "laboratory"),
    "imaging": ("تصویربرداری", "رادیولوژی", "رادیوگرافی", "imaging", "radiology"),
    "ambulance": ("آمبولانس", "ambulance"),
    "companion": ("همراه", "هزینه همراه", "companion"),
    "hospital_commission": ("پورسانت", "پورسانت بیمارستان", "hospital commission"),
    "private_room": ("اتاق خصوصی", "اطاق خصوصی", "private room"),
    "telephone": ("تلفن", "هزینه تلفن", "telephone", "phone"),
    "kidney_purchase": ("خرید کلیه", "تهیه کلیه", "تهیه و خرید کلیه", "kidney purchase", "kidney"),
    "lithotripsy": ("سنگ شکن", "سنگ شکنی", "سنگ‌شکن", "سنگ‌شکنی", "سنگ شکن کلیه", "lithotripsy"),
}

_SEPARATORS = re.compile(r"[\s\u200c_\-]+")


def _key(name: str) -> str:
    # ZWNJ, underscores and hyphens all count as a space: «حق‌العمل» = «حق العمل»,
    # "hospital-stay" = "hospital_stay" = "Hospital Stay".
    return _SEPARATORS.sub(" ", clean_text(name)).strip().lower()


_BY_NAME = {_key(alias): code for code, aliases in _ALIASES.items() for alias in aliases}


def bill_item_code(name: str) -> str:
    """The code of a bill item written in English or Persian; ClaimInputError if unknown."""
    code = _BY_NAME.get(_key(name))
    if code is None:
        raise ClaimInputError(problem="unknown_bill_item", item=name)
    return code
