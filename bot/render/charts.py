"""The month's figures as a PNG: opened and closed by type, deadlines, busiest experts.

matplotlib 3.11 and later lay text out with libraqm, which joins Persian letters and
orders right-to-left runs itself. An older matplotlib draws each character as given,
so there Persian labels are first shaped (arabic-reshaper) and put in visual order
(python-bidi). Axis numbers get Persian digits. The font is the one the documents use,
Vazirmatn, shipped with the package (core/fonts): it has the Persian and the Latin letters.
"""
from __future__ import annotations

import functools
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: render to files only

import arabic_reshaper  # noqa: E402
from bidi.algorithm import get_display  # noqa: E402
from matplotlib import font_manager, ft2font  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from bot.i18n import Translator  # noqa: E402
from bot.render.text import type_label  # noqa: E402
from core.insurance.shared.pdf import SHIPPED_FONTS  # noqa: E402
from core.stats import MonthStats  # noqa: E402
from core.text import to_persian_digits  # noqa: E402

BACKEND_SHAPES = hasattr(ft2font, "__libraqm_version__")  # complex text layout built in
FONT = "Vazirmatn"  # shipped with the package (core/fonts, SIL OFL): nothing to install for a chart
SIZE_INCHES = (10.0, 7.5)
DPI = 100  # 1000 × 750 pixels
TYPE_LABEL_WIDTH = 20  # characters a line under a bar; longer type names wrap (five types side by side)


@functools.lru_cache(maxsize=1)
def font_family() -> str:
    """The shipped Vazirmatn, registered by path (matplotlib's font cache knows only installed fonts);
    Latin letters are in it too."""
    if FONT not in {f.name for f in font_manager.fontManager.ttflist}:
        for path in (SHIPPED_FONTS / "Vazirmatn-Regular.ttf", SHIPPED_FONTS / "Vazirmatn-Bold.ttf"):
            font_manager.fontManager.addfont(str(path))
    return FONT


def label(t: Translator, text: str) -> str:
    """Text as matplotlib must be given it: for Persian, shaped and in visual order."""
    if t.lang != "fa":
        return text
    text = to_persian_digits(text)
    return text if BACKEND_SHAPES else get_display(arabic_reshaper.reshape(text))


def wrapped_label(t: Translator, text: str, width: int = TYPE_LABEL_WIDTH) -> str:
    """A long label on several lines, each laid out on its own (bidi orders a line, not a block)."""
    return "\n".join(label(t, line) for line in textwrap.wrap(text, width) or [""])


def _digits(t: Translator) -> FuncFormatter:
    def fmt(value: float, _position: int) -> str:
        text = f"{value:g}"
        return to_persian_digits(text) if t.lang == "fa" else text

    return FuncFormatter(fmt)


def render_month_chart(t: Translator, stats: MonthStats, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with _fonts(t):  # tick labels are made again as the file is drawn: in the same fonts
        figure = month_figure(t, stats)
        try:
            figure.savefig(path, format="png")
        finally:
            plt.close(figure)
    return path


def _fonts(t: Translator):  # noqa: ANN202 - matplotlib's rc_context
    # a family per glyph: the Persian font for Persian letters, DejaVu Sans (matplotlib's own) for Latin ones
    families = [font_family(), "DejaVu Sans"] if t.lang == "fa" else ["DejaVu Sans", font_family()]
    return plt.rc_context({"font.family": families, "axes.unicode_minus": False})


def month_figure(t: Translator, stats: MonthStats) -> Figure:
    """The month's chart, laid out (tight) but not yet saved."""
    with _fonts(t):
        figure, (types_ax, deadlines_ax, experts_ax) = plt.subplots(
            3, 1, figsize=SIZE_INCHES, dpi=DPI, gridspec_kw={"height_ratios": [3, 1, 2]}
        )
        figure.suptitle(label(t, t("stats.chart_title", month=stats.label)))

        types = sorted(set(stats.opened) | set(stats.closed))
        positions = range(len(types))
        width = 0.38
        types_ax.bar([p - width / 2 for p in positions], [stats.opened.get(c, 0) for c in types], width,
                     label=label(t, t("stats.opened")), color="#3b7dd8")
        types_ax.bar([p + width / 2 for p in positions], [stats.closed.get(c, 0) for c in types], width,
                     label=label(t, t("stats.closed")), color="#43a36b")
        types_ax.set_xticks(list(positions), [wrapped_label(t, type_label(t, c)) for c in types])
        types_ax.set_title(label(t, t("stats.chart_types")))
        # above the plot, at the side of its title: inside it would hide the bar of a busy type
        types_ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2, frameon=False)

        deadlines_ax.barh([label(t, t("stats.met")), label(t, t("stats.breached"))],
                          [stats.deadlines_met, stats.deadlines_breached], color=["#43a36b", "#d8493b"])
        deadlines_ax.set_title(label(t, t("stats.chart_deadlines")))

        names = [label(t, e.full_name) for e in stats.busiest][::-1]
        experts_ax.barh(names, [e.actions for e in stats.busiest][::-1], color="#8a63c9")
        experts_ax.set_title(label(t, t("stats.chart_busiest")))

        for ax, axis in ((types_ax, "y"), (deadlines_ax, "x"), (experts_ax, "x")):
            target = ax.yaxis if axis == "y" else ax.xaxis
            target.set_major_locator(MaxNLocator(integer=True))
            target.set_major_formatter(_digits(t))
        figure.tight_layout()
    return figure
