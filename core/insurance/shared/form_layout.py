"""The blocks of an office form, laid out right to left on a DocumentPdf (core/insurance/shared/pdf.py).

A header with the insurer and the issuing office, the title and the number and date boxes; the copy's
recipient; a grid of fields; a table of items; the amount in figures and in words; signature and stamp
boxes. Every text is fitted to its field: cut with «…» on one line, or wrapped in a bounded number of
lines, so a long name or number never leaves its box nor the page.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.jalali import format_date
from core.number_words import fa_amount, rials_in_words

LINE = 6.0  # mm: one line of body text
GREY = 235


@dataclass(frozen=True)
class Heading:
    insurer: str
    office: str
    title: str
    number_label: str
    number: str
    day: date
    subtitle: str = ""


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # a share of the table's width
    align: str = "R"  # "R" for words, "C" for figures (numbers read the same in a centred cell)
    max_lines: int = 3


def _width(pdf: Any) -> float:
    return pdf.w - pdf.l_margin - pdf.r_margin


def heading(pdf: Any, head: Heading) -> None:
    """The insurer and office at the right, the number and date boxes at the left, the title across."""
    width = _width(pdf)
    top = pdf.t_margin
    right_w, left_w = width * 0.58, width * 0.34
    pdf.set_xy(pdf.w - pdf.r_margin - right_w, top)
    pdf.style(12, bold=True)
    pdf.cell(right_w, 7, pdf.fit(head.insurer, right_w), align="R", new_x="LEFT", new_y="NEXT")
    pdf.style(9)
    pdf.multi_cell(right_w, 5, pdf.wrap(head.office, right_w, 2), align="R", new_x="LEFT", new_y="NEXT")
    boxes = ((head.number_label, head.number), ("تاریخ", format_date(head.day, "fa")))
    for n, (label, value) in enumerate(boxes):
        pdf.set_xy(pdf.l_margin, top + n * 7)
        pdf.set_draw_color(120)
        pdf.style(9)
        text = pdf.fit(f"{label}: {value}", left_w - 2)
        pdf.cell(left_w, 7, text, border=1, align="R")
    pdf.set_y(top + 17)
    pdf.style(15, bold=True)
    pdf.cell(width, 9, pdf.fit(head.title, width), align="C", new_x="LMARGIN", new_y="NEXT")
    if head.subtitle:
        pdf.style(10)
        pdf.multi_cell(width, 5.5, pdf.wrap(head.subtitle, width, 2), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def copy_band(pdf: Any, recipient: str, index: int, total: int) -> None:
    """Whose copy this is: «نسخه ۱ از ۴ — نسخه بیمه‌گذار», on a grey band."""
    width = _width(pdf)
    pdf.set_fill_color(GREY)
    pdf.style(10, bold=True)
    pdf.cell(width, 7, pdf.fit(f"نسخه {index} از {total} — {recipient}", width - 4), align="C", fill=True,
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def fields(pdf: Any, pairs: Sequence[tuple[str, object]], columns: int = 2) -> None:
    """«label: value» in a bordered grid, `columns` a row, the first at the right; a value too long for
    its cell is wrapped in two lines, the second cut with «…»."""
    width = _width(pdf)
    cell_w = width / columns
    pdf.style(9.5)
    pdf.set_draw_color(150)
    for start in range(0, len(pairs), columns):
        row = pairs[start:start + columns]
        texts = [pdf.wrap(f"{label}: {value}", cell_w - 2, 2) for label, value in row]
        height = max(LINE * (t.count("\n") + 1) for t in texts) + 1
        if pdf.will_page_break(height):
            pdf.add_page()
        y = pdf.get_y()
        for n, text in enumerate(texts):
            x = pdf.w - pdf.r_margin - (n + 1) * cell_w
            pdf.rect(x, y, cell_w, height)
            pdf.set_xy(x + 1, y + 0.5)
            pdf.lines_cell(cell_w - 2, LINE, text)
        pdf.set_xy(pdf.l_margin, y + height)
    pdf.ln(2)


def table(pdf: Any, columns: Sequence[Column], rows: Sequence[Sequence[object]],
          total: Sequence[object] | None = None) -> None:
    """The items: a heading row repeated on each page, the rows, and a total row in bold. The first
    column is drawn at the right."""
    from fpdf.fonts import FontFace

    width = _width(pdf)
    share = sum(c.width for c in columns)
    widths = [width * c.width / share for c in columns]
    ordered = list(reversed(range(len(columns))))  # right to left: the first column at the right
    pdf.style(9)
    pdf.set_draw_color(120)
    heading_style = FontFace(emphasis="BOLD", fill_color=GREY)
    with pdf.table(col_widths=[widths[i] for i in ordered], text_align=[columns[i].align for i in ordered],
                   headings_style=heading_style, line_height=5, padding=1, repeat_headings=1,
                   first_row_as_headings=True) as grid:
        row = grid.row()
        for i in ordered:
            row.cell(pdf.fit(columns[i].title, widths[i] - 2))
        for values in rows:
            row = grid.row()
            for i in ordered:
                row.cell(pdf.wrap(str(values[i]), widths[i] - 2, columns[i].max_lines))
        if total is not None:
            row = grid.row(style=FontFace(emphasis="BOLD", fill_color=245))
            for i in ordered:
                row.cell(pdf.wrap(str(total[i]), widths[i] - 2, 2))
    pdf.ln(2)


def amount(pdf: Any, label: str, rials: int) -> None:
    """The amount in figures and in Persian words, in a box."""
    width = _width(pdf)
    words = pdf.wrap(f"به حروف: {rials_in_words(rials)}", width - 4, 3)
    height = 7 + LINE * (words.count("\n") + 1) + 2
    if pdf.will_page_break(height):
        pdf.add_page()
    y = pdf.get_y()
    pdf.set_draw_color(60)
    pdf.rect(pdf.l_margin, y, width, height)
    pdf.set_xy(pdf.l_margin + 2, y + 1)
    pdf.style(11, bold=True)
    pdf.cell(width - 4, 6, pdf.fit(f"{label}: {fa_amount(rials)} ریال", width - 4), align="R",
             new_x="LEFT", new_y="NEXT")
    pdf.style(10)
    pdf.lines_cell(width - 4, LINE, words)
    pdf.set_xy(pdf.l_margin, y + height)
    pdf.ln(2)


def note(pdf: Any, text: str, size: float = 8.5) -> None:
    pdf.style(size)
    pdf.multi_cell(_width(pdf), 4.5, pdf.wrap(text, _width(pdf), 4), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def signatures(pdf: Any, titles: Sequence[str], height: float = 24) -> None:
    """Boxes side by side for each signature and stamp, the first at the right, kept on one page."""
    width = _width(pdf)
    gap = 3
    box_w = (width - gap * (len(titles) - 1)) / len(titles)
    if pdf.will_page_break(height + 2):
        pdf.add_page()
    y = pdf.get_y() + 1
    pdf.set_draw_color(90)
    for n, title in enumerate(titles):
        x = pdf.w - pdf.r_margin - (n + 1) * box_w - n * gap
        pdf.rect(x, y, box_w, height)
        pdf.set_xy(x + 1, y + 1)
        pdf.style(8.5, bold=True)
        pdf.lines_cell(box_w - 2, 4.5, pdf.wrap(title, box_w - 2, 2), align="C")
        pdf.set_xy(x + 1, y + height - 6)
        pdf.style(7.5)
        pdf.cell(box_w - 2, 5, pdf.fit("مهر و امضا", box_w - 2), align="C")
    pdf.set_xy(pdf.l_margin, y + height + 2)
