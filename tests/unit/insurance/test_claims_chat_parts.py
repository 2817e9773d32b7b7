"""The chat's own parts of a claim: the doctor's analysis as typed, the incident's date and hour,
the checklist a requester ticks, and the claim as the claims office reads it."""
from __future__ import annotations

import jdatetime
import pytest

from bot.conversations import checklist
from bot.i18n import Translator
from bot.render.text import render_line
from core.forms.validators import ValidationError, incident_datetime
from core.insurance.claims.analysis_input import parse_analysis
from core.insurance.claims.medical import BillLine
from core.insurance.claims.service import DoctorAnalysis
from core.requests.claim import review
from storage.db import Database
from tests.harness import plain
from tests.unit.insurance.claims_support import issue, notice, services
from tests.unit.insurance.support import j

FA = Translator("fa")
LABEL = lambda code: FA(f"claims.document.{code}")  # noqa: E731
NOW = jdatetime.datetime(1403, 8, 30, 11, 0)


def test_the_doctors_lines_become_bill_lines_with_approved_amounts_and_persian_digits_are_read():
    analysis = parse_analysis("جراحی ۳۰,۰۰۰,۰۰۰ ۲۵,۰۰۰,۰۰۰\nاتاق خصوصی 4000000\nبیمه پایه 5000000\nتعرفه رعایت شد")
    assert analysis.bill == (BillLine("surgery", 30_000_000, 25_000_000), BillLine("private_room", 4_000_000, None))
    assert analysis.primary_insurer_paid == 5_000_000
    assert analysis.note == "تعرفه رعایت شد"


def test_disability_and_death_entries_are_read():
    assert parse_analysis("درصد 10\nدندان 2\nنقص thumb") == DoctorAnalysis(
        disability_percent="10", teeth=2, disability_items=("thumb",))
    assert parse_analysis("مسئول حادثه پدر").responsible == ("father",)


@pytest.mark.parametrize("text, line", [("جراحی 100\nچیزی 12", 2), ("نامعلوم 5 6", 1)])
def test_a_line_the_analysis_cannot_read_is_refused_with_its_number(text, line):
    with pytest.raises(ValidationError) as refused:
        parse_analysis(text)
    assert (refused.value.code, refused.value.params) == ("analysis_line", {"line": line})


def test_the_incident_hour_is_read_and_an_hour_not_yet_come_today_is_refused():
    assert incident_datetime("۱۴۰۳/۰۸/۳۰ ساعت ۰۹:۱۵", NOW) == (jdatetime.date(1403, 8, 30), 9, 15)
    assert incident_datetime("1403/08/29 23:50", NOW)[1:] == (23, 50)
    for text, code in (("1403/08/30 11:30", "datetime_future"), ("1403/09/01 08:00", "date_future"),
                       ("1403/08/15", "datetime_format"), ("1403/08/15 25:00", "hour_invalid")):
        with pytest.raises(ValidationError) as refused:
            incident_datetime(text, NOW)
        assert refused.value.code == code, text


def test_a_file_is_ticked_against_the_item_pressed_or_waits_until_its_item_is_named():
    codes = ("policyholder_request", "doctor_certificate", "original_bills")
    state = checklist.new_state()
    checklist.press(FA, state, checklist.item_of("d1", codes), LABEL)
    checklist.receive(FA, state, [11], LABEL)
    checklist.receive(FA, state, [12], LABEL)  # sent before naming its item
    assert "کدام مدرک" in "\n".join(checklist.lines(FA, codes, state, LABEL))
    checklist.press(FA, state, checklist.item_of("d2", codes), LABEL)
    assert checklist.value(codes, state) == {"doctor_certificate": 11, "original_bills": 12}
    shown = "\n".join(checklist.lines(FA, codes, state, LABEL))
    assert "✅ گواهی پزشک معالج" in shown and "⬜ درخواست کتبی بیمه‌گذار" in shown
    assert "همهٔ مدارک رسید" not in shown
    assert [b.data for row in checklist.item_buttons(FA, codes, state, LABEL, str) for b in row] == ["d0"]
    assert checklist.item_of("d7", codes) is None and checklist.item_of("x1", codes) is None


def shown_of(lines) -> str:  # noqa: ANN001
    return plain("\n".join(render_line(FA, line) for line in lines))


def test_the_expert_sees_each_failed_check_with_its_reason_the_kardex_and_what_is_missing(database: Database):
    insurance, claims = services(database)
    number = issue(insurance, paid_on=None)  # the premium never paid
    first = claims.file(notice(number, day=j(1403, 8, 1)), actor="operator")
    view = claims.file(notice(number, day=j(1403, 8, 15)), actor="operator")
    shown = shown_of(review.for_staff(view))
    assert "شرایط پرداخت برقرار نیست" in shown
    assert "❌ پرداخت حق بیمه پیش از حادثه و در ضرب‌الاجل: حق بیمه پیش از حادثه پرداخت نشده بود" in shown
    assert "✅ حادثه در مدت پوشش: برقرار" in shown
    assert f"پرونده‌های دیگر این بیمه‌شده: {FA.number(first.number)}" in shown
    assert "مدارک باقی‌مانده:\n  ⬜ درخواست کتبی بیمه‌گذار" in shown


def test_the_payout_breakdown_is_shown_to_the_expert_and_to_the_policyholder(database: Database):
    insurance, claims = services(database)
    number = issue(insurance)
    filed = claims.file(notice(number), actor="operator")
    claims.record_analysis(filed.number, parse_analysis("جراحی 3000000 2500000\nهمراه 400000"), actor="operator")
    view = claims.assess(filed.number, actor="operator")
    for lines in (review.for_staff(view), review.for_requester(view)):
        shown = shown_of(lines)
        assert "قابل پرداخت: ۲,۵۰۰,۰۰۰ ریال" in shown
        assert "کسر هزینه‌های غیرقابل پرداخت (همراه، پورسانت، اتاق خصوصی، تلفن): -۴۰۰,۰۰۰ ریال" in shown
    assert "شرایط پرداخت" not in shown_of(review.for_requester(view))


def test_a_national_id_is_normalised_and_a_wrong_check_digit_refused():
    from core.forms.validators import national_id
    from tests.unit.insurance.support import nid

    assert national_id(nid(7).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))) == nid(7)
    for text, code in (("12345", "national_id_format"), (nid(7)[:9] + str((int(nid(7)[9]) + 1) % 10),
                                                          "national_id_check_digit")):
        with pytest.raises(ValidationError) as refused:
            national_id(text)
        assert refused.value.code == code
