"""A line's params are shown by their type (core.values), not by their names, and keep their type
through the outbox, where older rows (money as a plain int) still read as they did."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

from bot.i18n import Translator
from bot.render.notifications import notification
from bot.render.text import render_line
from core.models import OutboxMessage
from core.notifications import DOCUMENT_SENT, STATUS_CHANGED
from core.requests.hooks import Line, line_from_json, line_json
from core.text import LRI, PDI
from core.values import Day, LeftToRight, Money, value_from_json, value_json
from storage.db import open_database
from tests.databases import database_url

FA, EN = Translator("fa"), Translator("en")
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


def test_money_is_shown_as_money_whatever_its_param_is_called() -> None:
    shown = render_line(FA, Line("insurance_chat.review.more_persons", {"count": Money(1_250_000)}))

    assert f"{LRI}۱,۲۵۰,۰۰۰{PDI}" in shown


def test_an_int_called_amount_is_a_plain_number_unless_it_is_money() -> None:
    plain = render_line(FA, Line("insurance_chat.refund_owed", {"amount": 1_250_000}))
    money = render_line(FA, Line("insurance_chat.refund_owed", {"amount": Money(1_250_000)}))

    assert f"{LRI}۱۲۵۰۰۰۰{PDI}" in plain and "," not in plain
    assert f"{LRI}۱,۲۵۰,۰۰۰{PDI}" in money


def test_a_day_is_shown_in_jalali_in_the_readers_digits_and_a_code_isolated_as_it_is() -> None:
    line = Line("insurance_chat.contract_option", {"number": 12, "start": Day(date(2025, 3, 21)),
                                                   "end": Day(date(2026, 3, 20))})

    assert f"{LRI}۱۴۰۴/۰۱/۰۱{PDI}" in render_line(FA, line) and f"{LRI}1404/01/01{PDI}" in render_line(EN, line)
    coded = render_line(FA, Line("insurance_chat.review.more_persons", {"count": LeftToRight("B-12/7")}))
    assert f"{LRI}B-12/7{PDI}" in coded


def test_each_typed_value_has_one_tagged_json_form_and_plain_values_stay_plain() -> None:
    assert value_json(Money(5)) == {"money": 5}
    assert value_json(Day(date(2025, 3, 21))) == {"day": "2025-03-21"}
    assert value_json(LeftToRight("A/1")) == {"ltr": "A/1"}
    for typed in (Money(-7), Day(date(2024, 2, 29)), LeftToRight("0012345678")):
        assert value_from_json(json.loads(json.dumps(value_json(typed)))) == typed
    for plain in (5, "2025-03-21", {"money": "5"}, {"day": "x", "ltr": "y"}, None):
        assert value_from_json(plain) == plain


TYPED = Line("insurance_chat.receipt_caption", {
    "receipt": 5, "contract": LeftToRight("C-12"), "amount": Money(1_250_000),
    "note": Line("documents.reprint.receipt", {"number": 5, "on": Day(date(2025, 3, 21))}),
    "several": [Line("claim_chat.open_end"), Line("claim_chat.payable", {"amount": Money(3)})],
})


def test_typed_params_survive_the_outbox_table(tmp_path) -> None:  # noqa: ANN001
    url = database_url(tmp_path / "bimeh.db")
    written = open_database(url)
    with written.uow() as uow:
        user = uow.users.add("ali", "علی رضایی", ())
        uow.outbox.add(user.id, "console", "ali", DOCUMENT_SENT, None, {"caption": line_json(TYPED)}, T0)
        uow.commit()
    written.dispose()

    restarted = open_database(url)  # read back as after a restart
    with restarted.uow(write=False) as uow:
        (message,) = uow.outbox.list()
    restarted.dispose()

    assert line_from_json(message.payload["caption"]) == TYPED
    assert render_line(FA, message.payload["caption"]) == render_line(FA, TYPED)


def _message(kind: str, payload: dict) -> OutboxMessage:
    return OutboxMessage(1, 1, "console", "ali", kind, 7, payload, T0)


def test_a_caption_an_older_row_kept_with_money_as_a_plain_int_reads_as_before() -> None:
    old = {"key": "insurance_chat.receipt_caption", "params": {"receipt": 5, "contract": 12, "amount": 1_250_000}}
    new = line_json(Line("insurance_chat.receipt_caption", {"receipt": 5, "contract": 12, "amount": Money(1_250_000)}))
    payload = {"ticket_id": 7, "request_type": "endorsement_request", "filename": "receipt-5.pdf"}

    shown = notification(FA, _message(DOCUMENT_SENT, {**payload, "caption": old}), None).text

    assert shown == notification(FA, _message(DOCUMENT_SENT, {**payload, "caption": new}), None).text
    assert f"{LRI}۱,۲۵۰,۰۰۰{PDI}" in shown and f"{LRI}۱۲{PDI}" in shown


def test_a_status_changes_notes_an_older_row_kept_untyped_read_as_before() -> None:
    payload = {"ticket_id": 7, "request_type": "endorsement_request", "action": "approve",
               "from": "issuance_review", "to": "issued", "version": 2, "actor": "expert",
               "actor_name": "کارشناس", "inputs": {}}
    old = [{"key": "insurance_chat.refund_owed", "params": {"amount": 1_250_000}},
           {"key": "claim_chat.share_line", "params": {"to": "father", "amount": 40}}]
    new = [line_json(Line("insurance_chat.refund_owed", {"amount": Money(1_250_000)})),
           line_json(Line("claim_chat.share_line", {"to": "father", "amount": Money(40)}))]

    shown = notification(FA, _message(STATUS_CHANGED, {**payload, "lines": old}), None).text

    assert shown == notification(FA, _message(STATUS_CHANGED, {**payload, "lines": new}), None).text
    assert f"{LRI}۱,۲۵۰,۰۰۰{PDI}" in shown


def _status_change(request_type: str, action: str, from_status: str, to: str, inputs: dict) -> OutboxMessage:
    return _message(STATUS_CHANGED, {"ticket_id": 7, "request_type": request_type, "action": action,
                                     "from": from_status, "to": to, "version": 2, "actor": "expert",
                                     "actor_name": "کارشناس", "inputs": inputs})


def test_what_an_action_recorded_is_money_or_a_day_as_its_action_declares_not_by_its_name() -> None:
    paid = notification(FA, _status_change("premium_issuance", "pay", "voucher_registered", "paid",
                                           {"cheque_number": "55", "amount": 1_250_000}), None).text
    # "cancel" declares no input: an "amount" it somehow recorded is a plain number
    cancelled = notification(FA, _status_change("premium_issuance", "cancel", "submitted", "cancelled",
                                                {"amount": 1_250_000}), None).text
    # the endorsement's effect declares its amount money; the payment's date is a past_date input
    endorsed = notification(FA, _status_change("endorsement_request", "approve", "issuance_review", "issued",
                                               {"endorsement_number": 3, "amount": 1_250_000}), None).text
    received = notification(FA, _status_change("endorsement_request", "record_payment", "quoted", "issued",
                                               {"cheque_number": "55", "paid_on": "2025-03-21"}), None).text

    assert f"{LRI}۱,۲۵۰,۰۰۰{PDI} ریال" in paid and f"{LRI}۱,۲۵۰,۰۰۰{PDI} ریال" in endorsed
    assert f"{LRI}۱۲۵۰۰۰۰{PDI}" in cancelled and "ریال" not in cancelled
    assert f"{LRI}۱۴۰۴/۰۱/۰۱{PDI}" in received and "2025" not in received
