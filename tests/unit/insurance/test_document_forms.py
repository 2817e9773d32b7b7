"""The documents laid out as office forms (issue 23, documents out): each rendered to PNG under
tests/artifacts/ (pypdfium2) and its text layer read back (pypdf), as a person and a machine would."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.i18n import Translator
from core.insurance.claims.payment_orders import PaymentOrderData, payment_order_pdf
from core.insurance.contracts.endorsement_document import EndorsementData, EndorsementPerson, endorsement_pdf
from core.insurance.contracts.quotes import QuoteData, QuoteLine, quote_pdf
from core.insurance.contracts.receipts import ReceiptData, receipt_pdf
from core.insurance.reports.claims import OrderLine, SemiannualStatistics, semiannual_pdf
from core.insurance.shared.pdf import REPLACEMENT, FontMissing, find_fonts
from tests.document_pages import glyphs_outside_pages, page_texts, render_png, text_of
from tests.pdf_reading import pdf_text
from tests.unit.insurance.support import j

FA = Translator("fa")
CODE = "KMPQRSTXYZ"
OFFICE = "اداره صدور بیمه‌نامه‌های حوادث و تحصیلی"
LATIN_DIGIT = re.compile(r"[0-9]")


def receipt(subject: str = "contract", endorsement: int | None = None, policyholder: str = "مهدکودک گل‌های بهاری",
            amount: int = 10_735_000, agency: str | None = "نمایندگی ۱۲") -> ReceiptData:
    return ReceiptData(17, 300_042, policyholder, "death_disability_medical", amount, "778899", j(1403, 6, 5),
                       j(1403, 6, 1), j(1404, 6, 1), 12, OFFICE, agency, subject, endorsement)


def quote() -> QuoteData:
    lines = [QuoteLine("0012345679", "سارا محمدی", "child", 1_125_000,
                       (("age_surcharge", 30, 300_000), ("extra_risk", 20, 200_000), ("group_discount", 25, 375_000))),
             QuoteLine("0000000019", "علی رضایی", "staff", 1_000_000)]
    return QuoteData(5, "contract", "مهدکودک گل‌های بهاری", "death_disability", 100_000_000, 0, j(1403, 6, 1),
                     j(1404, 6, 1), j(1403, 5, 20), OFFICE, None, 25, lines, 2_125_000)


def order() -> PaymentOrderData:
    return PaymentOrderData(4127, 58, 300_042, "مهدکودک گل‌های بهاری", "سارا محمدی", "0000000019", "death",
                            j(1403, 8, 15), 31_000_000, [("death_capital", 100_000_000),
                                                         ("death_disability_already_paid", -38_000_000),
                                                         ("death_responsible_share", -31_000_000)],
                            [("mother", 31_000_000)], datetime(2024, 11, 10, 20, 45, tzinfo=timezone.utc), "اداره خسارت")


def endorsement() -> EndorsementData:
    return EndorsementData(12, "swap", 300_042, "مهدکودک گل‌های بهاری", "death_disability", j(1403, 9, 1),
                           j(1403, 9, 3), j(1404, 6, 1), OFFICE, None, 250_000,
                           [EndorsementPerson("0012345679", "سارا محمدی", "child", "joins", 800_000),
                            EndorsementPerson("0000000019", "علی رضایی", "staff", "leaves", -550_000)], 18)


def statistics() -> SemiannualStatistics:
    at = datetime(2024, 11, 10, 8, tzinfo=timezone.utc)
    return SemiannualStatistics(300_042, "مهدکودک گل‌های بهاری", "شعبه مرکزی", 1, j(1403, 6, 1), j(1403, 12, 1), [
        OrderLine(4127, 58, 300_042, "مهدکودک گل‌های بهاری", "شعبه مرکزی", "سارا محمدی", "medical", j(1403, 8, 1), at,
                  2_500_000, None)])


def _latin_digits_outside_the_code(pdf: bytes) -> list[str]:
    raw = pdf_text(pdf).replace(CODE, "")
    return LATIN_DIGIT.findall(raw)


@pytest.mark.no_database
def test_a_receipt_is_an_office_form_in_four_copies_with_the_amount_in_words(tmp_path: Path):
    pdf = receipt_pdf(receipt(), code=CODE)
    pngs = render_png(pdf, "receipt")

    assert len(pngs) == 4 and all(p.stat().st_size > 10_000 for p in pngs)
    pages = page_texts(pdf)
    for n, (page, recipient) in enumerate(zip(pages, ("نسخه بیمه‌گذار", "نسخه اداره کل حسابداری و آمار",
                                                       "نسخه نمایندگی معرف", "نسخه بایگانی اداره صدور")), start=1):
        assert "شرکت بیمه" in page and OFFICE in page and "قبض رسید حق بیمه" in page  # the header
        assert f"نسخه {n} از 4 — {recipient}" in page  # the copy's recipient
        assert "شماره قبض رسید: 17" in page and "تاریخ: 1403/06/05" in page
        assert "ردیف شرح مبلغ ریال" in page and "جمع 10,735,000" in page  # the table of items
        assert "مبلغ دریافتی: 10,735,000 ریال" in page
        assert "به حروف: ده میلیون و هفتصد و سی و پنج هزار ریال" in page
        assert "مهر و امضا مهر و امضا مهر و امضا" in page and "رئیس اداره صدور" in page  # signature boxes
        assert CODE in page  # the verification code on every page
    # Persian digits throughout, «٬» between thousands: no Latin digit but the code's (it has none)
    assert _latin_digits_outside_the_code(pdf) == []
    assert "۱۰٬۷۳۵٬۰۰۰" in pdf_text(pdf)


def test_an_endorsements_receipt_names_the_endorsement_and_its_number():
    pdf = receipt_pdf(receipt("additional", 12), code=CODE)
    render_png(pdf, "receipt-endorsement")
    text = text_of(pdf)
    assert "بابت حق بیمه الحاقی اضافی شماره 12 قرارداد 300042" in text
    assert "1 حق بیمه الحاقی اضافی شماره 12 قرارداد 300042 10,735,000" in text

    renewal = text_of(receipt_pdf(ReceiptData(18, 300_043, "مهد", "death_disability", 5_000_000, "1", j(1404, 6, 1),
                                              j(1404, 6, 1), j(1405, 6, 1), 5, OFFICE, None, "renewal"), code=CODE))
    assert "حق بیمه الحاقی تمدیدی شماره 300043" in renewal  # numbered in the contract register (K126)


def test_the_payment_order_is_three_copies_with_its_items_shares_and_signatures():
    pdf = payment_order_pdf(order(), label=FA, code=CODE)
    render_png(pdf, "payment-order")
    pages = page_texts(pdf)
    assert len(pages) == 3
    for n, page in enumerate(pages, start=1):
        assert f"نسخه {n} از 3" in page and "حواله پرداخت خسارت" in page and "شماره حواله: 4127" in page
        assert "1 سرمایه فوت 100,000,000" in page  # the breakdown, each line named; a deduction with its minus
        assert "2 کسر نقص عضو پرداخت‌شده پیش از فوت 38,000,000−" in page  # (read right to left: «−۳۸٬۰۰۰٬۰۰۰»)
        assert "مبلغ حواله: 31,000,000 ریال" in page and "به حروف: سی و یک میلیون ریال" in page
        assert "مادر 31,000,000" in page  # the shares
        assert "کارشناس اداره خسارت" in page and "دریافت‌کننده چک" in page and CODE in page
    assert _latin_digits_outside_the_code(pdf) == []


def test_the_quote_tables_each_persons_premium_and_the_rules_by_name():
    pdf = quote_pdf(quote(), FA, code=CODE)
    render_png(pdf, "quote")
    text = text_of(pdf)
    assert "طرح بیمه حوادث گروهی مهدکودک‌ها" in text and "شماره طرح: 5" in text
    assert "1 سارا محمدی 0012345679 کودک" in text and "2 علی رضایی 0000000019 کارکنان" in text
    assert re.search(r"ریسک اضافی (20٪|٪20): 200,000", text) and "age_surcharge" not in text  # no code shown
    assert "ردیف نام و نام خانوادگی کد ملی نسبت" in text  # every heading whole
    assert "مبلغ قابل پرداخت: 2,125,000 ریال" in text and "دو میلیون و صد و بیست و پنج هزار ریال" in text
    assert "کارشناس صدور" in text and CODE in text
    assert _latin_digits_outside_the_code(pdf) == []


def test_the_endorsement_lists_who_joins_and_leaves_and_what_it_costs():
    pdf = endorsement_pdf(endorsement(), FA, code=CODE)
    render_png(pdf, "endorsement")
    pages = page_texts(pdf)
    assert len(pages) == 2 and "نسخه بیمه‌گذار" in pages[0] and "نسخه اداره صدور" in pages[1]
    for page in pages:
        assert "الحاقیه — الحاقی جابه‌جایی" in page and "شماره الحاقیه: 12" in page and "300042" in page
        assert "سارا محمدی 0012345679 کودک افزوده 800,000" in page
        assert "علی رضایی 0000000019 کارکنان کاسته 550,000−" in page
        assert "به حروف: دویست و پنجاه هزار ریال" in page and "قبض رسید: 18" in page and CODE in page


def test_the_six_monthly_statistics_are_three_copies_with_their_total_in_words():
    pdf = semiannual_pdf(statistics(), label=FA, code=CODE)
    render_png(pdf, "statistics")
    pages = page_texts(pdf)
    assert len(pages) == 3 and "آموزش و پرورش" in pages[1]
    for page in pages:
        assert "آمار غرامت پرداختی شش‌ماهه" in page and "دوره 1: از 1403/06/01 تا 1403/11/30" in page
        assert "4127 58 سارا محمدی هزینه پزشکی" in page and "دو میلیون و پانصد هزار ریال" in page and CODE in page


def test_what_the_font_cannot_draw_is_replaced_visibly_never_dropped():
    pdf = receipt_pdf(receipt(policyholder="مهدکودک 🌼 گل‌ها 中文"), code=CODE)
    render_png(pdf, "receipt-replaced-glyphs")
    text = pdf_text(pdf)
    # one «�» for each character the font lacks, in its place
    assert f"مهدکودک {REPLACEMENT} گل‌ها {REPLACEMENT}{REPLACEMENT}" in text


def test_long_names_and_numbers_stay_within_their_fields_and_pages():
    long_name = "مهدکودک " + "بسیار " * 80 + "بزرگ"
    pdf = receipt_pdf(receipt(policyholder=long_name, amount=10**18 - 1), code=CODE)
    render_png(pdf, "receipt-long")
    pages = page_texts(pdf)
    assert len(pages) == 4  # still a page per copy
    assert all("…" in page for page in pages) and "بزرگ" not in pages[0]  # cut with «…» within the field
    assert glyphs_outside_pages(pdf) == []
    assert "999,999,999,999,999,999" in pages[0].replace("\n", "")  # wrapped within its cell, not lost


def test_the_same_document_printed_again_is_the_same_file():
    assert receipt_pdf(receipt(), code=CODE) == receipt_pdf(receipt(), code=CODE)


@pytest.mark.no_database
def test_the_fonts_ship_with_the_package_and_font_dir_still_overrides(tmp_path: Path):
    shipped = find_fonts()
    assert shipped.regular.name == "Vazirmatn-Regular.ttf" and (shipped.regular.parent / "OFL.txt").is_file()
    assert "/usr/share/fonts" not in str(shipped.regular)  # no Debian font package is needed
    with pytest.raises(FontMissing, match="font_dir"):
        receipt_pdf(receipt(), font_dir=str(tmp_path))
    for name in ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf"):
        (tmp_path / name).write_bytes((shipped.regular.parent / name).read_bytes())
    assert "قبض رسید حق بیمه" in text_of(receipt_pdf(receipt(), font_dir=str(tmp_path)))
