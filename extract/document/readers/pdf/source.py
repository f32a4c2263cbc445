"""Opening a PDF: what the file really is, whether it can be read, and which way up its pages are.

pypdfium2 does the fast triage (page count, characters per page, rotation) and
says clearly when a file is not a PDF, is damaged or is encrypted; pdfplumber
then reads the pages. A page whose text runs sideways is turned upright by
resetting its /Rotate with pypdfium2 and reading that page again.
"""

from __future__ import annotations

import io
import logging
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.page import Page

from ....errors import ReadError

#: How far into a file the %PDF header may be (junk before it is tolerated).
HEADER_SEARCH = 1024

for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def sniff(data: bytes, source: str) -> None:
    """Raise a clear error when the bytes are not a PDF, saying what they look like instead."""
    if not data.strip():
        raise ReadError(source, "the file is empty", hint="re-download or re-export the document")
    head = data[:HEADER_SEARCH]
    if b"%PDF-" in head:
        return
    lowered = head.lower()
    if b"<html" in lowered or b"<!doctype html" in lowered:
        what = "an HTML web page saved with a .pdf name"
    elif head.startswith(b"PK\x03\x04"):
        what = "a zip-based Office file (e.g. a Word .docx) saved with a .pdf name"
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        what = "an old Office file (e.g. a Word .doc) saved with a .pdf name"
    else:
        what = "not a PDF (no %PDF header)"
    raise ReadError(source, f"this is {what}", hint="export the document to PDF again")


@dataclass
class Triage:
    """What pypdfium2 says about a document before it is read."""

    page_count: int
    chars_per_page: list[int]
    #: Pages with no text that show an image: scans, unlike pages that are simply blank.
    image_only: set[int]


def triage(data: bytes, source: str, password: str | None, page_limit: int | None = None) -> Triage:
    """Open the document with pypdfium2: fail clearly if it cannot be, else count pages, and the text
    of the first ``page_limit`` pages (only those are read; counting pages costs nothing)."""
    try:
        document = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as error:
        message = str(error)
        if _page_count(data, password) == 0:
            no_pages(source)  # PDFium refuses an empty page tree, naming no problem (or a stale one)
        if "password" in message.lower() and b"/Encrypt" in data:
            # PDFium's error code is per process and can be left over from an earlier document: a password
            # error counts only for a file that is encrypted (an encrypted PDF names its /Encrypt dictionary)
            if password:
                raise ReadError(source, "encrypted, and the password in the manifest does not open it") from None
            raise ReadError(
                source, "the PDF is encrypted", hint="give its password as files[].password in documents.yml"
            ) from None
        raise ReadError(source, f"the PDF is damaged and cannot be opened ({message})",
                        hint="try re-saving it from a PDF viewer") from None
    try:
        chars = []
        image_only = set()
        for index in range(min(len(document), page_limit or len(document))):
            page = document[index]
            text = page.get_textpage()
            chars.append(text.count_chars())
            text.close()
            if chars[-1] == 0 and any(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)):
                image_only.add(index)
            page.close()
        return Triage(len(document), chars, image_only)
    finally:
        document.close()


def no_pages(source: str) -> NoReturn:
    raise ReadError(source, "the PDF has no pages", hint="export the document to PDF again")


def _page_count(data: bytes, password: str | None) -> int | None:
    """Pages in the document as pdfminer counts them; None if it cannot open it either."""
    try:
        with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            return len(pdf.pages)
    except Exception:  # pdfminer raises many kinds of error for damaged files
        return None


def open_pdf(data: bytes, source: str, password: str | None, pages: int | None = None) -> pdfplumber.PDF:
    """pdfplumber's view of the document, of its first ``pages`` pages only when given."""
    try:
        return pdfplumber.open(io.BytesIO(data), password=password or "",
                               pages=list(range(1, pages + 1)) if pages else None)
    except Exception as error:  # pdfminer raises many kinds of error for damaged files
        raise ReadError(source, f"the PDF cannot be parsed ({type(error).__name__}: {error})",
                        hint="try re-saving it from a PDF viewer") from None


def text_angle(page: Page) -> int:
    """The direction most of the page's text runs in, as drawn: 0, 90, 180 or 270 degrees."""
    angles: Counter[int] = Counter()
    for char in page.chars:
        a, b = char["matrix"][:2]
        if a or b:
            angles[round(math.degrees(math.atan2(b, a)) / 90) % 4 * 90] += 1
    return angles.most_common(1)[0][0] if angles else 0


def upright_copy(data: bytes, index: int, password: str | None, angle: int) -> pdfplumber.PDF:
    """A one-page PDF of page ``index`` turned so that its text runs left to right."""
    document = pdfium.PdfDocument(data, password=password)
    copy = pdfium.PdfDocument.new()
    try:
        copy.import_pages(document, [index])
        page = copy[0]
        page.set_rotation((page.get_rotation() + angle) % 360)
        page.close()
        buffer = io.BytesIO()
        copy.save(buffer)
    finally:
        copy.close()
        document.close()
    return pdfplumber.open(io.BytesIO(buffer.getvalue()))


def read_bytes(path: Path, source: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ReadError(source, f"cannot open the file: {error.strerror}") from None
