"""PDF documents with shaped right-to-left Persian text (fpdf2 + HarfBuzz), in the fonts the package ships.

Vazirmatn (SIL OFL 1.1, `core/fonts/` with its OFL.txt) has the Persian and the Latin letters and the
Persian digits, so nothing has to be installed to print a receipt. `[insurance] font_dir` points at
another folder: Vazirmatn's files there, or Debian's Noto Naskh Arabic with Noto Sans for Latin.

What the font cannot draw is replaced by «�» (U+FFFD, which Vazirmatn has), never dropped: HarfBuzz
would draw nothing for it. Bidi control characters are taken out: fpdf2 orders the runs itself, and
the isolates the chat side wraps numbers in would break a word apart on paper.
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.number_words import fa_digits

if TYPE_CHECKING:  # the mixin's base for the type checker: at run time fpdf is imported on the first PDF
    from fpdf import FPDF as _PdfBase
else:
    _PdfBase = object

SHIPPED_FONTS = Path(__file__).resolve().parents[2] / "fonts"
# (regular, bold, a fallback for what the first two lack): the first set found in the folder serves
FONT_SETS = (
    ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf", None),
    ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf", "NotoSans-Regular.ttf"),
)
REPLACEMENT = "\ufffd"
ELLIPSIS = "…"
BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
KEPT = frozenset("\n")
FAMILY, FALLBACK = "desk", "desk-fallback"


class FontMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Fonts:
    regular: Path
    bold: Path
    fallback: Path | None = None

    @property
    def paths(self) -> tuple[Path, ...]:
        return (self.regular, self.bold) + ((self.fallback,) if self.fallback else ())


def find_fonts(font_dir: str | None = None) -> Fonts:
    """The fonts of `font_dir` when given (Vazirmatn, else Noto Naskh Arabic and Noto Sans), else the shipped ones."""
    folder = Path(font_dir) if font_dir else SHIPPED_FONTS
    for regular, bold, fallback in FONT_SETS:
        paths = [folder / regular, folder / bold] + ([folder / fallback] if fallback else [])
        if all(p.is_file() for p in paths):
            return Fonts(*paths)
    names = " or ".join("/".join(n for n in names if n) for names in FONT_SETS)
    raise FontMissing(f"[insurance] font_dir {folder}: {names} not found there")


@functools.lru_cache(maxsize=8)
def _codepoints(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


def covered(fonts: Fonts) -> frozenset[int]:
    """Every character the regular font or its fallback draws (bold has the same letters)."""
    cover = _codepoints(fonts.regular)
    return cover | _codepoints(fonts.fallback) if fonts.fallback else cover


def drawable(text: str, cover: frozenset[int]) -> str:
    """The text with bidi controls taken out and every character the fonts lack as «�»; a mark or
    joiner the fonts lack after such a character belongs to it and goes with it."""
    out: list[str] = []
    replaced = False
    for char in text:
        if char in BIDI_CONTROLS:
            continue
        if ord(char) in cover or char in KEPT:
            out.append(char)
            replaced = False
        elif replaced and unicodedata.category(char) in ("Mn", "Me", "Cf", "Sk"):
            continue  # a variation selector, a skin tone, a ZWJ of an emoji sequence: part of the one replaced
        else:
            out.append(REPLACEMENT)
            replaced = True
    return "".join(out)


def persian_pdf(font_dir: str | None = None, page: tuple[float, float] = (148, 210), code: str | None = None,
                made_on: date | None = None) -> DocumentPdf:
    """A document (A5 by default) whose text is shaped and laid out right to left; `code` (the
    verification code) is printed at the foot of every page; `made_on` fixes the file's dates, so the
    same document printed again is the same file."""
    from fpdf import FPDF  # imported on the first PDF, not at start: with numpy and fontTools it would add
    # 100 MB to every bot process (bench/drafts_rss.py)

    class _Pdf(DocumentPdf, FPDF):
        pass

    pdf = _Pdf(format=page)
    pdf.setup(find_fonts(font_dir), code, made_on)
    return pdf


class DocumentPdf(_PdfBase):
    """Mixed into fpdf2's FPDF (imported late): fonts, clean text, the verification code on every page."""

    font_set: Fonts
    cover: frozenset[int]
    fitted: dict[tuple[object, ...], str]
    verification_code: str | None
    copy_first_page: int

    def setup(self: Any, fonts: Fonts, code: str | None, made_on: date | None) -> None:
        self.font_set, self.cover, self.verification_code = fonts, covered(fonts), code
        self.copy_first_page = 1
        self.fitted: dict[tuple[object, ...], str] = {}  # the copies repeat their texts: measured once
        self.add_font(FAMILY, fname=str(fonts.regular))
        self.add_font(FAMILY, style="B", fname=str(fonts.bold))
        if fonts.fallback:
            self.add_font(FALLBACK, fname=str(fonts.fallback))
            self.set_fallback_fonts([FALLBACK])
        self.set_text_shaping(True)
        self.set_auto_page_break(True, margin=16)
        self.set_margins(10, 10, 10)
        self.set_font(FAMILY, size=10)
        if made_on is not None:
            self.set_creation_date(datetime.combine(made_on, time(12), tzinfo=timezone.utc))
        self.set_creator("Bimeh Desk")
        self.set_producer("Bimeh Desk")

    def clean(self, text: object) -> str:
        """Persian digits, no bidi controls, and «�» for what the fonts cannot draw."""
        return drawable(fa_digits(text), self.cover)

    def style(self: Any, size: float = 10, bold: bool = False) -> None:
        self.set_font(FAMILY, style="B" if bold else "", size=size)

    def start_copy(self: Any) -> None:
        """A new copy starts on a new page; its pages are counted from one."""
        self.add_page()
        self.copy_first_page = self.page_no()

    def fit(self: Any, text: str, width: float) -> str:
        """One line for a cell `width` (mm) wide, inside its margins: as it is, or cut with «…»."""
        key = ("fit", text, width, self.font_style, self.font_size_pt)
        if key not in self.fitted:
            self.fitted[key] = self._fit(text, width)
        return self.fitted[key]

    def _fit(self: Any, text: str, width: float) -> str:
        text = self.clean(text)
        room = width - 2 * self.c_margin - 0.3
        if self.get_string_width(text) <= room:
            return text
        low, high = 0, len(text)
        while low < high:  # the longest beginning that fits with the ellipsis
            middle = (low + high + 1) // 2
            if self.get_string_width(text[:middle].rstrip() + ELLIPSIS) <= room:
                low = middle
            else:
                high = middle - 1
        return text[:low].rstrip() + ELLIPSIS

    def wrap(self: Any, text: str, width: float, max_lines: int = 3) -> str:
        """Lines for a cell `width` (mm) wide: wrapped in at most `max_lines`, the last cut with «…» when more
        is left."""
        key = ("wrap", text, width, max_lines, self.font_style, self.font_size_pt)
        if key not in self.fitted:
            self.fitted[key] = self._wrap(text, width, max_lines)
        return self.fitted[key]

    def _wrap(self: Any, text: str, width: float, max_lines: int) -> str:
        text = self.clean(text)
        if "\n" not in text and self.get_string_width(text) <= width - 2 * self.c_margin - 0.3:
            return text  # one line: fpdf2's line breaking shapes a text a character at a time
        lines = self.multi_cell(width, 5, text, dry_run=True, output="LINES", align="R")
        if len(lines) <= max_lines:
            return "\n".join(line.strip() for line in lines)  # its breaks made explicit: drawn as they were measured
        kept = [line.strip() for line in lines[:max_lines - 1]]
        rest = " ".join(line.strip() for line in lines[max_lines - 1:])
        return "\n".join(kept + [self.fit(rest, width)])

    def ltr_cell(self: Any, width: float, height: float, text: str, align: str = "R") -> None:
        """A Latin line (a command, a code) in a cell, without the bidi algorithm: fpdf2 2.8 keeps one
        paragraph direction for every fragment, and a Persian text measured or drawn near it turned
        "/verify X" into "verify X/". Latin needs no shaping."""
        self.set_text_shaping(False)
        try:
            self.cell(width, height, text, align=align)
        finally:
            self.set_text_shaping(True)

    def lines_cell(self: Any, width: float, height: float, text: str, align: str = "R") -> None:
        """Text already fitted (fit, wrap): one line drawn as a cell, several with multi_cell."""
        if "\n" in text:
            self.multi_cell(width, height, text, align=align)
        else:
            self.cell(width, height, text, align=align)

    def footer(self: Any) -> None:
        self.set_y(-13)
        self.style(7.5)
        self.set_draw_color(150)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        y = self.get_y()
        code = self.verification_code
        if code:
            # the command in a cell of its own: a Latin run inside a Persian line would put its slash at the end
            said = self.clean("کد تصدیق این سند؛ درستی آن را در میز بیمه بپرسید:")
            said_w = self.get_string_width(said) + 2
            self.set_xy(self.w - self.r_margin - said_w, y)
            self.cell(said_w, 6, said, align="R")
            self.style(8.5, bold=True)
            command = f"/verify {code}"
            command_w = self.get_string_width(command) + 2
            self.set_xy(self.w - self.r_margin - said_w - command_w, y)
            self.ltr_cell(command_w, 6, command)
        self.style(7.5)
        self.set_xy(self.l_margin, y)
        self.cell(20, 6, self.clean(f"برگ {self.page_no() - self.copy_first_page + 1}"), align="L")
