"""When something breaks inside, the person gets an apology, keeps their draft, and the log keeps no personal data."""
from __future__ import annotations

import logging

from core.tickets import TicketService
from tests.harness import GOOD_ANSWERS, ChatHarness

MOBILE = "09121234567"


def test_an_internal_error_apologises_keeps_the_draft_and_logs_no_personal_data(desk: ChatHarness, monkeypatch,
                                                                                caplog):
    desk.say("maryam", "/new")
    desk.press("maryam", "صدور")
    for answer in GOOD_ANSWERS:
        desk.say("maryam", answer)
    desk.press("maryam", "مدرکی ندارم")

    def broken_submit(self, user, request_type, fields, *args, **kwargs):  # noqa: ANN001, ANN202
        raise RuntimeError(f"disk full while saving {fields['mobile']}")

    monkeypatch.setattr(TicketService, "submit", broken_submit)
    with caplog.at_level(logging.DEBUG):
        replies = desk.press("maryam", "ثبت")

    assert "خطایی پیش آمد" in replies[0].text and "محفوظ" in replies[0].text
    assert "Traceback" not in replies[0].text and MOBILE not in replies[0].text
    assert "خلاصه" in replies[-1].text  # the summary again, with its buttons
    assert "RuntimeError" in caplog.text  # the operator learns what failed ...
    assert MOBILE not in caplog.text  # ... but not what the person typed
    monkeypatch.undo()
    replies = desk.press("maryam", "ثبت")  # the draft is intact: submitting again works
    assert "ثبت شد" in replies[-1].text


def test_database_errors_do_not_carry_the_values_that_were_written(desk: ChatHarness):
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    with desk.app.database.engine.connect() as connection:
        try:
            connection.execute(text("INSERT INTO users (id, username, full_name, roles, lang) "
                                    "VALUES (:id, :u, :n, '[]', 'fa')"), {"id": 1, "u": "x", "n": MOBILE})
        except IntegrityError as error:
            assert MOBILE not in str(error)
        else:  # pragma: no cover - user 1 exists in the demo directory
            raise AssertionError("expected a duplicate id")
