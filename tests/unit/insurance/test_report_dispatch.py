"""Reports that go by themselves (issue 23): the past month's four reports to each department's
recipients on the month's first working day, once across restarts and processes; a contract's
six-monthly claims statistics to its policyholder's people on each six-month mark, once.
(The same over real HTTP to a Rocket.Chat channel: tests/platforms/rocketchat/test_reports_sent.py.)"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.app import build_app
from bot.config.reports import ReportsConfig
from bot.runtime.jobs import JobRunner
from core.insurance.contracts.service_types import ContractRequest
from core.insurance.reports.dispatch import CATCH_UP_DAYS
from tests.harness import ChatHarness, said
from tests.pdf_reading import pdf_text
from tests.unit.insurance.support import j, person
from tests.unit.insurance.test_monthly_reports import TEHRAN_OFFSET, tehran

RECIPIENTS = {"accounting": ["reports"], "statistics": ["reports", "accountant"], "claims_supervision": ["claimsmgr"]}


@pytest.fixture
def chat(tmp_path: Path):
    harness = ChatHarness(tmp_path)  # now: 1403/08/30 11:00 in Tehran, past 1403/08's first working day
    harness.config.reports = ReportsConfig(recipients=RECIPIENTS)
    harness.restart()
    yield harness
    harness.close()


def issue(chat: ChatHarness, on: dt.datetime, start: dt.date, holder: str = "مهدکودک گل‌ها", persons: int = 3) -> int:
    """A contract issued at `on` (the desk's clock put back for it)."""
    now = chat.clock.now
    chat.clock.now = on
    try:
        issued = chat.app.desk.insurance.issue_contract(ContractRequest(
            holder, "death_disability", 100_000_000, 1_000_000, start, [person(n) for n in range(1, persons + 1)]),
            paid_on=(on + TEHRAN_OFFSET).date(), cheque="1", actor="operator")
    finally:
        chat.clock.now = now
    return issued.contract.number


def test_the_past_months_reports_reach_each_departments_recipients_once(chat: ChatHarness):
    issue(chat, tehran(1403, 7, 15), j(1403, 7, 15))
    sent = JobRunner(chat.app.desk).run_once()
    assert sent["monthly_reports"] == 4  # contracts, renewals, endorsements, claims of 1403/07

    reports = chat.inbox("reports")  # accounting and statistics: each report once, naming both
    assert len(reports) == 4 and all(m.document and m.document.endswith(".xlsx") for m in reports)
    text = said(reports)
    assert text.count("گزارش ماهانه برای") == 4
    assert text.count("اداره کل حسابداری و آمار") == 4 and text.count("اداره کل آمار و اتکایی") == 4
    assert "گزارش قراردادهای ماه ۱۴۰۳/۰۷: ۱ قرارداد، ۳ نفر، ۳,۰۰۰,۰۰۰ ریال" in text
    assert "گزارش خسارت‌های پرداختی ماه ۱۴۰۳/۰۷: ۰ حواله" in text
    book = load_workbook(next(m.document for m in reports if "contracts-1403-07" in m.document))
    assert [r[0] for r in book["گزارش"].iter_rows(values_only=True)][2] == "اداره کل حسابداری و آمار"
    assert len(chat.inbox("accountant")) == 4  # statistics: the issuing office's three and the claims'
    only_claims = chat.inbox("claimsmgr")
    assert len(only_claims) == 1 and "اداره نظارت بر خسارت بیمه‌نامه‌ها" in said(only_claims)

    assert sum(JobRunner(chat.app.desk).run_once().values()) == 0  # the same process, the next round
    chat.restart()
    assert JobRunner(chat.app.desk).run_once()["monthly_reports"] == 0  # after a restart
    other = build_app(chat.config, clock=chat.clock)  # another process on the same database
    try:
        assert JobRunner(other.desk).run_once()["monthly_reports"] == 0
    finally:
        other.close()
    assert chat.inbox("reports") == []


def test_nothing_goes_before_the_months_first_working_day_at_its_hour(chat: ChatHarness):
    dispatcher = chat.app.desk.reports
    assert dispatcher.due_month(tehran(1404, 1, 4, 12)) is None  # Nowruz: no working day yet in 1404/01
    assert dispatcher.due_month(tehran(1404, 1, 5, 7, 59)) is None  # the first working day, before 08:00
    assert dispatcher.due_month(tehran(1404, 1, 5, 8, 0)) == (1403, 12)
    assert dispatcher.due_month(tehran(1404, 1, 20)) == (1403, 12)  # a desk that was down sends them later
    chat.clock.now = tehran(1403, 9, 1, 7, 30)  # a Thursday, a working day, before 08:00
    assert JobRunner(chat.app.desk).run_once()["monthly_reports"] == 0
    chat.clock.now = tehran(1403, 9, 1, 8, 5)
    assert JobRunner(chat.app.desk).run_once()["monthly_reports"] == 4  # 1403/08's
    assert "ماه ۱۴۰۳/۰۸" in said(chat.inbox("reports"))


def test_without_recipients_nothing_is_sent_or_recorded(tmp_path: Path):
    chat = ChatHarness(tmp_path)  # the example config names no recipient
    try:
        assert JobRunner(chat.app.desk).run_once()["monthly_reports"] == 0
        chat.config.reports = ReportsConfig(recipients=RECIPIENTS)  # set later in the month: still sent
        chat.restart()
        assert JobRunner(chat.app.desk).run_once()["monthly_reports"] == 4
    finally:
        chat.close()


def test_the_six_monthly_statistics_reach_the_policyholder_on_the_mark_once(chat: ChatHarness, tmp_path: Path):
    number = issue(chat, tehran(1403, 2, 1), j(1403, 2, 1))  # its first six months: 1403/02/01 to 1403/07/30
    issue(chat, tehran(1402, 6, 1), j(1402, 6, 1), holder="مهد دیگر")  # its marks 1402/12/01 and 1403/06/01: long past
    runner = JobRunner(chat.app.desk)
    assert runner.run_once()["claims_statistics"] == 1
    [told] = chat.inbox("kindergarten")
    assert number == 300_000
    assert "آمار غرامت پرداختی شش‌ماههٔ ۱ قرارداد ۳۰۰۰۰۰ (از ۱۴۰۳/۰۲/۰۱ تا ۱۴۰۳/۰۷/۳۰): ۰ حواله" in said([told])
    text = pdf_text(Path(told.document).read_bytes())
    for copy in ("نسخه بیمه‌گذار", "نسخه مسئولین اجرای قرارداد", "نسخه بایگانی شعبه"):
        assert copy in text

    chat.clock.now += dt.timedelta(days=1)  # the next day's round
    assert JobRunner(chat.app.desk).run_once()["claims_statistics"] == 0
    chat.restart()
    assert JobRunner(chat.app.desk).run_once()["claims_statistics"] == 0
    assert chat.inbox("kindergarten") == []
    assert CATCH_UP_DAYS == 31


def test_any_report_on_demand_in_chat_by_command_or_by_its_words(chat: ChatHarness):
    issue(chat, tehran(1403, 7, 15), j(1403, 7, 15))
    for typed, name in (("/report contracts 1403/07", "contracts-1403-07.xlsx"),
                        ("/report renewals 1403/07", "renewals-1403-07.xlsx"),
                        ("گزارش الحاقیه‌ها ۱۴۰۳/۰۷", "endorsements-1403-07.xlsx"),
                        ("گزارش خسارت‌ها ۱۴۰۳/۰۷", "claims-1403-07.xlsx")):
        [reply] = chat.say("reports", typed)
        assert reply.document and Path(reply.document).name == name, typed
    assert "گزارش قراردادهای ماه ۱۴۰۳/۰۷: ۱ قرارداد، ۳ نفر، ۳,۰۰۰,۰۰۰ ریال" in said(
        chat.say("reports", "/report contracts 1403/07"))
    assert "گیرندگان گزارش" in said(chat.say("kindergarten", "/report renewals 1403/07"))
