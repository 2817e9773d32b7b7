"""The morning digest goes only to people with work waiting; /stats gives a month's figures, checked by hand."""
from __future__ import annotations

import json
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jdatetime
import pytest
from matplotlib import image

from bot.cli import main
from bot.i18n import Translator
from bot.render.charts import font_family, label, render_month_chart
from core.digest import DIGEST
from core.jalali import TEHRAN
from core.stats import ExpertLoad, MonthStats, StateTime, percentile
from tests.harness import EXAMPLE_CONFIG, ChatHarness, ref, said


def at(y: int, m: int, d: int, hour: int) -> datetime:
    return datetime.combine(jdatetime.date(y, m, d).togregorian(), datetime.min.time(), TEHRAN) \
        .replace(hour=hour).astimezone(timezone.utc)


def digests(desk: ChatHarness) -> list:
    with desk.app.database.uow() as uow:
        return [m for m in uow.outbox.list() if m.kind == DIGEST]


# -- the digest -----------------------------------------------------------------------------


def test_the_digest_goes_once_and_only_to_people_with_waiting_items(desk: ChatHarness):
    first = desk.file_request("maryam")
    desk.file_request("reza")
    for person in ("welfare", "maryam", "reza"):
        desk.inbox(person)  # the notices of filing
    desk.clock.now = at(1403, 9, 3, 7)  # Saturday 07:00: before the digest time (08:00)
    assert desk.app.desk.digest.run() == 0
    desk.clock.now = at(1403, 9, 3, 8)  # two working days and more have passed: both past half time
    assert desk.app.desk.digest.run() == 1
    assert desk.app.desk.digest.run() == 0
    desk.restart()
    assert desk.app.desk.digest.run() == 0
    [message] = desk.inbox("welfare")
    text = said([message])
    assert "۲ درخواست منتظر شماست" in text and ref(first) in text
    assert "نزدیک به مهلت: ۲" in text and "گذشته از مهلت: ۰" in text
    for idle in ("insurance", "insurer", "finance", "treasurer", "admin", "maryam"):
        assert desk.inbox(idle) == [], idle
    queue = desk.press("welfare", "صف من")
    assert "۲" in said(queue) and ref(first) in said(queue)


def test_no_digest_on_a_friday_and_none_for_items_taken_by_someone_else(desk: ChatHarness):
    desk.app.desk.directory.add("welfare2", "لیلا رفاهی", ["welfare_expert"])
    n = desk.file_request("maryam")
    desk.clock.now = at(1403, 9, 2, 9)  # Friday
    assert desk.app.desk.digest.run() == 0
    desk.say("welfare2", f"/take {n}")
    desk.clock.now = at(1403, 9, 3, 9)
    assert desk.app.desk.digest.run() == 1
    assert [m.user_id for m in digests(desk)] == [desk.app.desk.directory.find("welfare2").id]


# -- statistics --------------------------------------------------------------------------------


def seed_azar_1403(desk: ChatHarness) -> tuple[int, int, int]:
    """Three requests in Azar 1403 (Saturday 09/03 is 2024-11-23), by the working day 08:00-16:00:

    A: filed Sat 09:00, approved Sat 13:00 (4 h in submitted), forwarded Sun 10:00 (3 + 2 = 5 h in
       document_review), draft Mon 10:00 (6 + 2 = 8 h in company_review): three deadlines met.
    B: filed Sat 10:00, rejected Wed 10:00 (6 + 8 + 8 + 8 + 2 = 32 h in submitted > 16): breached.
    C: filed Sun 08:00, cancelled by its requester at 12:00 (4 h in submitted): met.
    """
    desk.clock.now = at(1403, 9, 3, 9)
    a = desk.file_request("maryam")
    desk.clock.now = at(1403, 9, 3, 10)
    b = desk.file_request("reza")
    desk.clock.now = at(1403, 9, 3, 13)
    desk.say("welfare", f"/approve {a}")
    desk.clock.now = at(1403, 9, 4, 8)
    c = desk.file_request("maryam")
    desk.clock.now = at(1403, 9, 4, 10)
    desk.say("insurance", f"/forward {a}")
    desk.clock.now = at(1403, 9, 4, 12)
    desk.say("maryam", f"/cancel {c}")
    desk.press("maryam", "بله")
    desk.clock.now = at(1403, 9, 5, 10)
    desk.say("insurer", f"/draft {a}")
    desk.clock.now = at(1403, 9, 7, 10)
    desk.say("welfare", f"/reject {b} مدارک ناقص است")
    assert [desk.ticket(i).status for i in (a, b, c)] == ["draft_policy", "rejected", "cancelled"]
    return a, b, c


def test_the_figures_of_a_seeded_month_match_the_ones_worked_out_by_hand(desk: ChatHarness):
    seed_azar_1403(desk)
    stats = desk.app.desk.stats.month(1403, 9)
    assert stats.opened == {"premium_issuance": 3}
    assert stats.closed == {"premium_issuance": 2}
    assert stats.time_in_state == [
        StateTime("premium_issuance", "submitted", 3, 4.0, 32.0),  # 4, 4, 32: median 4; p90 at rank ⌈2.7⌉ = 3
        StateTime("premium_issuance", "document_review", 1, 5.0, 5.0),
        StateTime("premium_issuance", "company_review", 1, 8.0, 8.0),
    ]
    assert (stats.deadlines_met, stats.deadlines_breached) == (4, 1)
    assert stats.busiest == [ExpertLoad("welfare", "زهرا رفاهی", 2), ExpertLoad("insurance", "علی بیمه‌ای", 1),
                             ExpertLoad("insurer", "سارا شرکت بیمه", 1)]
    # the month before holds none of it
    assert desk.app.desk.stats.month(1403, 8).opened == {}


def test_nearest_rank_percentile():
    assert percentile([4, 4, 32], 0.9) == 32
    assert percentile(list(range(1, 11)), 0.9) == 9


def test_stats_in_chat_for_managers_as_text_and_a_chart(desk: ChatHarness):
    seed_azar_1403(desk)
    assert "مدیران" in said(desk.say("maryam", "/stats"))
    assert "مدیران" in said(desk.say("welfare", "/stats 1403/09"))
    [reply] = desk.say("admin", "/stats 1403/09")  # admin reads English
    assert "opened 3 · closed 2" in reply.text
    assert "Deadlines: 4 met · 1 breached" in reply.text
    assert "median" in reply.text and "32 (3 stays)" in reply.text
    assert reply.photo is not None and Path(reply.photo).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "year/month" in said(desk.say("admin", "/stats 1403/13"))
    desk.app.desk.directory.add("boss", "مدیر رفاه", ["admin"], lang="fa")
    [persian] = desk.say("boss", "/stats ۱۴۰۳/۰۹")
    assert "ثبت ۳ · بسته ۲" in persian.text and "۴ به‌موقع · ۱ دیر" in persian.text


def test_python_m_bot_stats_gives_the_same_figures_as_json(desk: ChatHarness, monkeypatch, capsys):
    seed_azar_1403(desk)
    monkeypatch.setenv("BIMEH_DATABASE_URL", desk.config.database.url)
    monkeypatch.setenv("BIMEH_DATA_DIR", str(desk.tmp_path / "data"))
    assert main(["stats", "1403/09", "--json", "--config", str(EXAMPLE_CONFIG)]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["period"] == "1403/09" and figures["opened"] == {"premium_issuance": 3}
    assert (figures["deadlines_met"], figures["deadlines_breached"]) == (4, 1)
    assert figures["time_in_state"][0] == {"request_type": "premium_issuance", "status": "submitted",
                                         "stays": 3, "median_hours": 4.0, "p90_hours": 32.0}
    assert main(["stats", "1403/09", "--config", str(EXAMPLE_CONFIG)]) == 0
    assert "ثبت ۳ · بسته ۲" in capsys.readouterr().out
    assert main(["stats", "آبان", "--config", str(EXAMPLE_CONFIG)]) == 2


# -- the chart ------------------------------------------------------------------------------------


SAMPLE = MonthStats(1404, 8, {"premium_issuance": 12}, {"premium_issuance": 7},
                    [StateTime("premium_issuance", "submitted", 9, 6.5, 20.0)], 15, 3,
                    [ExpertLoad("welfare", "زهرا رفاهی", 9), ExpertLoad("insurance", "علی بیمه‌ای", 4)])


@pytest.mark.no_database
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_chart_renders_at_its_size_without_missing_glyphs(tmp_path: Path, lang: str):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = render_month_chart(Translator(lang), SAMPLE, tmp_path / "chart.png")
    assert not [w for w in caught if "glyph" in str(w.message).lower() or "missing" in str(w.message).lower()]
    height, width = image.imread(path).shape[:2]
    assert (width, height) == (1000, 750)


def test_persian_labels_get_persian_digits_and_are_shaped_where_the_backend_does_not(monkeypatch):
    from bot.render import charts

    t = Translator("fa")
    monkeypatch.setattr(charts, "BACKEND_SHAPES", True)  # matplotlib 3.11+: libraqm joins and orders
    assert label(t, "آمار 1404/08") == "آمار ۱۴۰۴/۰۸"
    monkeypatch.setattr(charts, "BACKEND_SHAPES", False)  # older: shaped and in visual order here
    shaped = label(t, "آمار 1404/08")
    joined = [i for i, ch in enumerate(shaped) if "\ufb50" <= ch <= "\ufeff"]  # presentation forms
    assert joined and "۱۴۰۴/۰۸" in shaped
    assert shaped.index("۱") < joined[0]  # right to left: the word that comes first is drawn last
    assert label(Translator("en"), "Figures 1404/08") == "Figures 1404/08"
    assert font_family() in ("Noto Sans Arabic", "Noto Naskh Arabic", "Vazirmatn")


def test_a_month_boundary_is_tehran_midnight():
    from core.stats import month_bounds

    start, end = month_bounds(1403, 9)
    assert start == datetime(2024, 11, 21, tzinfo=TEHRAN)
    assert end - start == timedelta(days=30)


# the rightmost (renewal_request, last by code) the tallest: where the legend sits
EVERY_TYPE = MonthStats(1404, 8, {"premium_issuance": 5, "contract_request": 3, "endorsement_request": 5,
                                  "renewal_request": 12, "claim": 4},
                        {"premium_issuance": 2, "renewal_request": 12, "claim": 4}, [], 15, 3, [])


def test_the_chart_keeps_five_type_names_and_the_legend_apart():
    from matplotlib import pyplot as plt
    from matplotlib.transforms import Bbox

    from bot.render.charts import month_figure

    figure = month_figure(Translator("fa"), EVERY_TYPE)
    try:
        renderer = figure.canvas.get_renderer()
        types_ax = figure.axes[0]
        names: list[Bbox] = [tick.get_window_extent(renderer) for tick in types_ax.get_xticklabels()]
        assert len(names) == 5
        for i, a in enumerate(names):  # each type's name readable: none runs into the next
            assert not any(a.overlaps(b) for b in names[i + 1:]), [n.bounds for n in names]
            assert a.x0 >= 0 and a.x1 <= figure.bbox.width  # and none cut off at the edge
        legend = types_ax.get_legend().get_window_extent(renderer)
        bars = [bar.get_window_extent(renderer) for bar in types_ax.patches]
        assert not any(legend.overlaps(bar) for bar in bars)  # the legend hides no bar
    finally:
        plt.close(figure)
