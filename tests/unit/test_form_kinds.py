"""Each field kind reads, checks and shows its own value (core/forms/kinds.py, bot/render/fields.py);
validators are the functions themselves, and a name given in data is looked up once, when the desk
is built."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.conversations.askers import ASKERS
from bot.i18n import Translator
from bot.render.fields import DRAWN, field_value
from core.desk import Desk
from core.forms import kinds, validators
from core.forms.definition import Form, FormField
from core.forms.validators import ValidationError
from core.requests.checks import HookMissing
from core.requests.registry import REQUEST_TYPES
from core.requests.types import RequestType
from core.text import LRI, PDI
from core.workflow.definition import Action, Workflow

FA = Translator("fa")
NOW = datetime(2024, 11, 10, 8, 15, tzinfo=timezone.utc)  # 1403/08/20 11:45 on Tehran's wall clock
READING = kinds.Reading(lambda: NOW, text_max_length=20, words={"امروز": "today", "دیروز": "yesterday"})


def refused(read) -> str:  # noqa: ANN001
    with pytest.raises(ValidationError) as info:
        read()
    return info.value.code


def shown(kind: kinds.FieldKind, value, field_id: str = "answer", t: Translator = FA) -> str:  # noqa: ANN001
    return field_value(t, FormField(field_id, kind), value)


# -- lines --------------------------------------------------------------------------------


def test_a_mobile_is_read_by_its_validator_and_shown_left_to_right_in_persian_digits():
    mobile = kinds.Text(validators.mobile, left_to_right=True, shares_contact=True)
    assert mobile.parse("+98 912 123 4567", READING) == "09121234567"
    assert refused(lambda: mobile.parse("0912", READING)) == "mobile_invalid"
    assert shown(mobile, "09121234567") == f"{LRI}۰۹۱۲۱۲۳۴۵۶۷{PDI}"
    assert mobile.shares_contact and not kinds.Text(validators.full_name).shares_contact


def test_a_landline_with_its_extension_and_a_letter_number_as_typed():
    landline = kinds.Text(validators.landline, left_to_right=True)
    assert landline.parse("021-88776655 داخلی 12", READING) == "021-88776655 ext 12"
    assert shown(landline, "021-88776655 ext 12") == f"{LRI}۰۲۱-۸۸۷۷۶۶۵۵{PDI} داخلی {LRI}۱۲{PDI}"
    letter = kinds.Text(validators.letter_number, left_to_right=True, local_digits=False)
    assert shown(letter, "1403/2345") == f"{LRI}1403/2345{PDI}"  # the number as on the letter
    assert "1403/2345" in shown(kinds.Text(validators.letter_number), "1403/2345")  # no direction: isolated as text
    assert LRI not in shown(kinds.Text(validators.letter_number), "1403/2345")


def test_long_text_is_held_to_the_desks_limit():
    assert kinds.LongText().parse("  سمعک  ", READING) == "سمعک"
    assert refused(lambda: kinds.LongText().parse("ب" * 21, READING)) == "text_too_long"  # READING's limit: 20


def test_a_person_a_check_found_is_shown_by_name_and_national_id():
    person = {"name": "سارا رضایی", "national_id": "0012345679"}
    assert shown(kinds.Text(validators.national_id), person) == "\u2068سارا رضایی\u2069 (کد ملی \u2066۰۰۱۲۳۴۵۶۷۹\u2069)"


# -- money and days -----------------------------------------------------------------------


def test_money_reads_persian_digits_and_rials_and_shows_separators():
    assert kinds.Money().parse("۱٬۲۰۰٬۰۰۰ ریال", READING) == 1_200_000
    assert refused(lambda: kinds.Money().parse("0", READING)) == "amount_not_positive"
    assert shown(kinds.Money(), 1_200_000) == f"{LRI}۱,۲۰۰,۰۰۰{PDI} ریال"


def test_a_date_is_typed_pressed_or_named_by_its_buttons_word_and_kept_in_iso():
    day = kinds.Date(validators.incident_date)
    assert day.parse("1403/08/15", READING) == "2024-11-05"
    assert day.parse("امروز", READING) == "2024-11-10" == day.press("today", READING)
    assert day.press("yesterday", READING) == "2024-11-09"
    assert refused(lambda: day.parse("1403/08/21", READING)) == "date_future"
    assert kinds.Date(validators.any_date).parse("1403/08/21", READING) == "2024-11-11"
    with pytest.raises(kinds.StaleButton):
        day.press("tomorrow", READING)
    assert shown(day, "2024-11-05") == f"{LRI}۱۴۰۳/۰۸/۱۵{PDI}"
    assert shown(day, "2024-11-05", t=Translator("en")) == f"{LRI}1403/08/15{PDI}"


def test_a_date_and_hour_is_kept_as_tehrans_wall_clock_and_not_after_now():
    moment = kinds.DateTime()
    assert moment.parse("1403/08/15 10:30", READING) == "2024-11-05T10:30"
    assert refused(lambda: moment.parse("1403/08/20 12:00", READING)) == "datetime_future"
    assert shown(moment, "2024-11-05T10:30") == f"{LRI}۱۴۰۳/۰۸/۱۵ ۱۰:۳۰{PDI}"


# -- choices ------------------------------------------------------------------------------


PRIORITY = kinds.Choice(kinds.FixedOptions(("low", "high")))
CHOOSING = kinds.Reading(lambda: NOW, options=("low", "high"), choices=(("low", ("کم", "low")), ("high", ("زیاد", "high"))))


def test_a_fixed_choice_by_number_label_or_the_position_its_button_carries():
    assert PRIORITY.parse("۲", CHOOSING) == "high"
    assert PRIORITY.parse("high", CHOOSING) == "high" == PRIORITY.parse("زیاد", CHOOSING)
    assert PRIORITY.press("0", CHOOSING) == "low"
    assert refused(lambda: PRIORITY.parse("متوسط", CHOOSING)) == "choice_unknown"
    for forged in ("2", "high", "-1"):
        with pytest.raises(kinds.StaleButton):
            PRIORITY.press(forged, CHOOSING)
    assert shown(PRIORITY, "high", field_id="priority") == "زیاد"  # its label in the catalog


def test_the_persons_own_option_is_pressed_by_its_code_and_refused_once_no_longer_theirs():
    contract = kinds.Choice(kinds.OwnOptions("my_contracts"))
    mine = kinds.Reading(lambda: NOW, options=("1403100", "1403101"))
    assert contract.press("1403101", mine) == "1403101"
    with pytest.raises(kinds.StaleButton):
        contract.press("1403999", mine)
    assert contract.hooks() == (("option source", "my_contracts"),)
    assert shown(contract, "1403101") == f"{LRI}۱۴۰۳۱۰۱{PDI}"
    assert shown(kinds.Choice(kinds.ConfiguredOptions("org_units")), "معاونت درمان") == "\u2068معاونت درمان\u2069"


# -- files --------------------------------------------------------------------------------


def test_a_file_step_refuses_a_typed_line_unless_its_kind_reads_one():
    roster = kinds.File(parser="roster")
    assert refused(lambda: roster.parse("1403", READING)) == "file_expected"
    ids = kinds.File(parser="roster_ids", typed_validator=validators.national_id_list)
    assert ids.parse("0012345679، 0012345679", READING) == ["0012345679"]
    assert roster.hooks() == (("file parser", "roster"),)
    assert shown(roster, {"filename": "roster.xlsx", "count": 12}) == f"{LRI}roster.xlsx{PDI} (۱۲ نفر)"
    assert shown(ids, ["0012345679"]) == f"{LRI}۰۰۱۲۳۴۵۶۷۹{PDI}"


def test_files_and_checklists_take_files_not_lines_and_show_how_many():
    assert not kinds.Files().typed and kinds.Files().holds_attachments and not kinds.Files().shows_current
    assert not kinds.Checklist("claim_documents").typed and not kinds.Checklist("claim_documents").holds_attachments
    assert refused(lambda: kinds.Checklist("claim_documents").parse("done", READING)) == "file_expected"
    assert shown(kinds.Files(), [4, 5]) == "۲ فایل"
    assert shown(kinds.Checklist("claim_documents"), {"report": 4}) == "۱ مدرک رسید"
    assert shown(kinds.Files(), []) == "—"


def test_every_kind_has_its_asker_and_its_drawing_in_the_bot():
    made = {k for k in vars(kinds).values() if isinstance(k, type) and issubclass(k, kinds.FieldKind)}
    usable = made - {kinds.FieldKind, kinds.Unnamed}
    assert usable == set(ASKERS) == set(DRAWN)


# -- validators referenced, names looked up once --------------------------------------------


def test_the_desks_own_forms_hold_their_kinds_and_validators_not_names():
    for rtype in REQUEST_TYPES.values():
        for field in rtype.form.fields:
            assert isinstance(field.kind, kinds.FieldKind) and not isinstance(field.kind, kinds.Unnamed), field.id
            validator = getattr(field.kind, "validator", None)
            assert validator is None or callable(validator), field.id


def test_a_field_named_in_data_is_made_once_when_the_field_is_made():
    field = FormField("subject", "text", "description")
    assert field.kind == kinds.LongText(validators.description)
    assert FormField("mobile", "text", "mobile").kind.shares_contact
    assert FormField("when", "date", "any_date").kind == kinds.Date(validators.any_date)
    assert FormField("x", "choice", "choice", options_source="fixed", fixed_options=("a",)).kind == \
        kinds.Choice(kinds.FixedOptions(("a",)))
    assert FormField("leaving", "file", "national_id_list", parser="roster_ids").kind == \
        kinds.File("roster_ids", validators.national_id_list)


def _desk_with(field: FormField) -> None:
    workflow = Workflow(code="spelt", initial_state="open", states=("open", "done"),
                        final_states=frozenset({"done"}), actions=(Action("close", frozenset({"open"}), "done", "admin"),))
    Desk.build(units=None, files=None,  # type: ignore[arg-type]
               request_types={**REQUEST_TYPES, "spelt": RequestType("spelt", Form((field,)), workflow)})


@pytest.mark.parametrize(("field", "line"), [
    (FormField("subject", "text", "descripton"), "request type spelt, field subject: no validator named 'descripton'"),
    (FormField("subject", "txt", "description"), "request type spelt, field subject: no field kind named 'txt'"),
    (FormField("unit", "choice", "choice", options_source="confg:org_units"),
     "request type spelt, field unit: no option source named 'confg:org_units'"),
    (FormField("papers", kinds.Checklist("claim_documnts")),
     "request type spelt, field papers: no checklist hook named 'claim_documnts'"),
])
def test_a_misspelt_name_fails_the_build_before_anyone_answers(field, line):
    with pytest.raises(HookMissing) as failed:
        _desk_with(field)
    assert str(failed.value) == line
