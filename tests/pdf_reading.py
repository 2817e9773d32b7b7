"""A PDF's text as a person reads it, with pypdf (pure Python: no poppler-utils needed).

pypdf's layout mode gives each line as it is drawn, left to right: Persian words come out
reversed and numbers the right way round. The Unicode bidi algorithm applied to that visual
line, as to a right-to-left paragraph, puts it back in reading order (a reversal of the
right-to-left runs, undone). python-bidi drops the ZWNJ inside words (a boundary-neutral
character), so the Arabic letter mark, of the same direction as the letters, stands in for it.
"""
from __future__ import annotations

import io
import re

from bidi.algorithm import get_display
from pypdf import PdfReader

ZWNJ = "\u200c"
STAND_IN = "\u061c"  # ARABIC LETTER MARK: right-to-left, and never in the desk's documents


def pdf_text(data: bytes) -> str:
    """The text of each page in reading order, the pages separated by form feeds (as pdftotext does)."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        lines = (line.strip() for line in page.extract_text(extraction_mode="layout").splitlines())
        pages.append("\n".join(_reading_order(line) for line in lines if line))
    return "\f".join(pages)


def _reading_order(visual: str) -> str:
    # layout mode places each run of glyphs by its own estimate of their widths, which leaves gaps
    # (a word drawn in two runs at its ZWNJ came out as «بیمه ... ‌گذار»): spaces are read as one,
    # and none beside a ZWNJ, which joins the parts of one word
    visual = re.sub(r" *‌ *", STAND_IN, re.sub(r" {2,}", " ", visual))
    return get_display(visual, base_dir="R").replace(STAND_IN, ZWNJ)
