"""The documents as a person sees them: their text layer read back (pypdf, tests/pdf_reading.py) and
their pages rendered to PNG (pypdfium2), kept under tests/artifacts/ to be looked at."""
from __future__ import annotations

import io
import re
from pathlib import Path

from core.text import normalize_digits
from tests.pdf_reading import pdf_text

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069()]")


def canon(text: str) -> str:
    """Text to compare as read: Latin digits and commas, one space, no bidi marks or brackets (pypdf's
    reading order mirrors them), a lam-alef ligature read either way round."""
    text = normalize_digits(_MARKS.sub("", text)).replace("\u066c", ",").replace("لا", "ال")
    return re.sub(r"[ \t]+", " ", text)


def text_of(pdf: bytes) -> str:
    """Every page's text in reading order (pages separated by form feeds), in canonical form."""
    return canon(pdf_text(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return text_of(pdf).split("\f")


def render_png(pdf: bytes, name: str, scale: float = 1.5) -> list[Path]:
    """Each page as tests/artifacts/NAME-N.png (pypdfium2: no poppler needed)."""
    import pypdfium2 as pdfium

    ARTIFACTS.mkdir(exist_ok=True)
    document = pdfium.PdfDocument(io.BytesIO(pdf))
    paths = []
    try:
        for n in range(len(document)):
            path = ARTIFACTS / f"{name}-{n + 1}.png"
            document[n].render(scale=scale).to_pil().save(path)
            paths.append(path)
    finally:
        document.close()
    return paths


def glyphs_outside_pages(pdf: bytes) -> list[str]:
    """Characters drawn (partly) outside their page: none, for a document that keeps to its pages."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(io.BytesIO(pdf))
    outside = []
    try:
        for page in document:
            width, height = page.get_size()
            text = page.get_textpage()
            for i in range(text.count_chars()):
                left, bottom, right, top = text.get_charbox(i)
                if left < 0 or bottom < 0 or right > width or top > height:
                    outside.append(text.get_text_range(i, 1))
    finally:
        document.close()
    return outside
