"""PDF documents with shaped right-to-left Persian text (fpdf2 + HarfBuzz).

The font is Noto Naskh Arabic from Debian's fonts-noto-core (installed by
.ci/run), with Noto Sans as the fallback for Latin; `[insurance] font_dir`
points elsewhere when the fonts live in another place.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fpdf (with numpy and fontTools) is imported on the first PDF, not at start:
    from fpdf import FPDF  # it would add 100 MB to every bot process (bench/drafts_rss.py)

FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto", "/usr/local/share/fonts/noto")
PERSIAN_FONT = "NotoNaskhArabic-Regular.ttf"
PERSIAN_BOLD = "NotoNaskhArabic-Bold.ttf"
LATIN_FONT = "NotoSans-Regular.ttf"


class FontMissing(RuntimeError):
    pass


def _find(name: str, font_dir: str | None) -> Path:
    for folder in ((font_dir,) if font_dir else ()) + FONT_DIRS:
        path = Path(folder) / name
        if path.exists():
            return path
    raise FontMissing(f"{name} not found (install fonts-noto-core or set [insurance] font_dir)")


def persian_pdf(font_dir: str | None = None) -> FPDF:
    """An A5 document whose text is shaped and laid out right to left."""
    from fpdf import FPDF

    pdf = FPDF(format=(148, 210))  # A5 in mm
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_font("naskh", fname=str(_find(PERSIAN_FONT, font_dir)))
    pdf.add_font("naskh", style="B", fname=str(_find(PERSIAN_BOLD, font_dir)))
    pdf.add_font("latin", fname=str(_find(LATIN_FONT, font_dir)))
    pdf.set_fallback_fonts(["latin"])
    pdf.set_text_shaping(True)
    pdf.set_font("naskh", size=11)
    return pdf


def line(pdf: FPDF, text: str, size: int = 11, bold: bool = False, height: float = 8) -> None:
    pdf.set_font("naskh", style="B" if bold else "", size=size)
    pdf.multi_cell(0, height, text, align="R", new_x="LMARGIN", new_y="NEXT")
