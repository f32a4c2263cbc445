"""OCR of a scanned page: rendered with pypdfium2, read by Tesseract, returned as positioned words.

The words carry boxes in PDF points and a type size, like the words of a text layer, so the
same layout code finds their lines, headings, lists and borderless tables. Tesseract's hOCR
gives each line its text size (``x_size``) and each word its confidence (``x_wconf``); the
confidence travels with the blocks to the records (their ``confidence`` column).

Tesseract is a Debian package (``apt-get install tesseract-ocr tesseract-ocr-eng``; `make ocr`
installs it as root). It is run one page at a time, single-threaded (``OMP_THREAD_LIMIT=1``:
its OpenMP threads only slow it down on a small machine, and builds run documents in parallel).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from functools import cache

import pypdfium2 as pdfium

from ....errors import StrategyExtractError
from .layout import Word

#: Resolution pages are rendered at: Tesseract reads body text best at about 300 dpi.
DPI = 300
#: Tesseract language(s).
LANGUAGES = "eng"
#: A page read with a lower mean word confidence is left out: its text would be mostly wrong.
MIN_PAGE_CONFIDENCE = 0.5
#: Longest one page may take (the document's own time limit also applies).
PAGE_TIMEOUT = 120
#: Height of capitals and ascenders above the baseline, as a share of the type size, in common text
#: faces: turns a line's ascent into a size comparable with a text layer's.
ASCENT_SHARE = 0.78
#: Type sizes within this share of each other are one size (OCR sizes jitter from line to line).
SIZE_TOLERANCE = 0.08
#: What to run to install Tesseract, for the warning on a scanned page when it is missing.
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-eng"

_TITLE = re.compile(r"(\w+) ([^;]+)")
_LINE_CLASSES = {"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"}


class OcrError(StrategyExtractError):
    """Tesseract could not read a page (it failed, or took too long)."""


@dataclass
class OcrPage:
    """The words Tesseract read on one page, and their mean confidence (0 to 1)."""

    words: list[Word]

    @property
    def confidence(self) -> float | None:
        known = [word.confidence for word in self.words if word.confidence is not None]
        return sum(known) / len(known) if known else None


@cache
def tesseract() -> str | None:
    """Path of the tesseract program, if it is installed."""
    return shutil.which("tesseract")


def ocr_page(page: pdfium.PdfPage, dpi: int = DPI) -> OcrPage:
    """The words of a rendered page, with boxes in PDF points (top-left origin, as pdfplumber gives)."""
    return OcrPage(_same_sizes(read_rendered(page, dpi, layout="3")))


def read_rendered(
    page: pdfium.PdfPage, dpi: int, layout: str, crop: tuple[float, float, float, float] = (0, 0, 0, 0)
) -> list[Word]:
    """The words Tesseract reads on a page rendered at ``dpi`` (``crop``: points cut from its left, bottom,
    right and top, as pypdfium2 takes them), with boxes in points from the rendered area's top left.
    ``layout`` is Tesseract's page segmentation mode: "3" a page to lay out, "6" one block (a table)."""
    program = tesseract()
    if program is None:
        raise OcrError(f"Tesseract is not installed ({INSTALL_HINT})")
    image = page.render(scale=dpi / 72, grayscale=True, crop=crop).to_pil()
    try:
        buffer = io.BytesIO()
        image.save(buffer, format="PPM")  # uncompressed: nothing to encode or decode
    finally:
        image.close()
    try:
        done = subprocess.run(
            [program, "stdin", "stdout", "-l", LANGUAGES, "--dpi", str(dpi), "--psm", layout, "hocr"],
            input=buffer.getvalue(), capture_output=True, timeout=PAGE_TIMEOUT,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired:
        raise OcrError(f"Tesseract took longer than {PAGE_TIMEOUT} s") from None
    if done.returncode != 0:
        raise OcrError(f"Tesseract failed: {done.stderr.decode(errors='replace').strip()[-300:]}")
    return words_of_hocr(done.stdout, 72 / dpi)


def words_of_hocr(hocr: bytes, scale: float) -> list[Word]:
    """Words of an hOCR page, scaled from pixels to points.

    Each word takes its line's box (so the layout code groups exactly Tesseract's lines) and
    its line's type size, estimated from the height above the baseline: unlike the line's
    height, that does not change with whether the line has descenders.
    """
    root = ElementTree.fromstring(hocr)
    words: list[Word] = []
    for element in root.iter():
        if element.get("class") not in _LINE_CLASSES:
            continue
        line = _title(element.get("title", ""))
        left, top, right, bottom = (float(value) for value in line["bbox"].split())
        size = _type_size(line, top, bottom) * scale
        for word in element.iter():
            if word.get("class") != "ocrx_word":
                continue
            text = "".join(word.itertext()).strip()
            if not text:
                continue
            title = _title(word.get("title", ""))
            x0, _, x1, _ = (float(value) for value in title["bbox"].split())
            confidence = float(title["x_wconf"]) / 100 if "x_wconf" in title else None
            words.append(Word(text, x0 * scale, x1 * scale, top * scale, bottom * scale, round(size, 1), False,
                              confidence))
    return words


def _type_size(line: dict[str, str], top: float, bottom: float) -> float:
    """A line's type size in pixels: its ascent (top of the box to the baseline) over ASCENT_SHARE,
    else Tesseract's x_size, else the box's height."""
    baseline = line.get("baseline", "").split()
    if len(baseline) == 2:
        ascent = bottom + float(baseline[1]) - top
        if ascent > 0:
            return ascent / ASCENT_SHARE
    if "x_size" in line:
        return float(line["x_size"].split()[0])
    return bottom - top


def _title(title: str) -> dict[str, str]:
    return {key: value.strip() for key, value in _TITLE.findall(title)}


def _same_sizes(words: list[Word]) -> list[Word]:
    """Sizes within SIZE_TOLERANCE of a more common size take that size, so that lines of one
    paragraph are not taken for different type (the layout code splits blocks on a size change)."""
    counts: dict[float, int] = {}
    for word in words:
        counts[word.size] = counts.get(word.size, 0) + len(word.text)
    canonical: dict[float, float] = {}
    for size in sorted(counts, key=lambda s: -counts[s]):
        near = next((c for c in set(canonical.values()) if abs(size - c) <= SIZE_TOLERANCE * c), None)
        canonical[size] = near if near is not None else size
    for word in words:
        word.size = canonical[word.size]
    return words
