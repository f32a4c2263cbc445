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
import re
import zlib
from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.page import Page

from ....errors import ReadError
from .clipped import CharKey, clipped_chars

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


#: The most a page's content streams may inflate to (MiB) before the page is left unread as a decompression
#: bomb. The largest page of the 34 bundled, development and robustness PDFs holds 146 KiB of content (measured
#: with :func:`content_size`, December 2026: chelsea_pdta.pdf, page 21); a map or plan drawn in vectors may reach
#: some tens of MiB, so the bound is some 900 times the largest seen. Images are not content streams.
MAX_CONTENT_MB = 128


@dataclass
class Triage:
    """What pypdfium2 says about a document before it is read."""

    page_count: int
    #: characters PDFium finds on each page; -1 for a page it cannot load (pdfplumber is then asked)
    chars_per_page: list[int]
    #: Pages with no text that show an image: scans, unlike pages that are simply blank.
    image_only: set[int]
    #: The characters each page draws outside its clipping area (clipped.py), for the pages that have any.
    clipped: dict[int, frozenset[CharKey]] = field(default_factory=dict)


def triage(data: bytes, source: str, password: str | None, page_limit: int | None = None,
           skip: AbstractSet[int] = frozenset()) -> Triage:
    """Open the document with pypdfium2: fail clearly if it cannot be, else count pages, and the text (and the
    text clipped out of sight) of the first ``page_limit`` pages (only those are read; counting pages costs nothing), but for the pages
    in ``skip`` (decompression bombs: :func:`oversized_pages`), counted -1 like a page PDFium cannot load."""
    try:
        document = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as error:
        message = str(error)
        if _page_count(data, password) == 0:
            no_pages(source, data)  # PDFium refuses an empty page tree, naming no problem (or a stale one)
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
        clipped: dict[int, frozenset[CharKey]] = {}
        for index in range(min(len(document), page_limit or len(document))):
            if index in skip:
                chars.append(-1)
                continue
            try:
                page = document[index]
            except pdfium.PdfiumError:  # a page PDFium cannot load (a loop in the page tree, a broken dictionary)
                chars.append(-1)
                continue
            text = page.get_textpage()
            chars.append(text.count_chars())
            if chars[-1] > 0 and (hidden := clipped_chars(page, text)):
                clipped[index] = hidden
            text.close()
            if chars[-1] == 0 and any(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)):
                image_only.add(index)
            page.close()
        return Triage(len(document), chars, image_only, clipped)
    finally:
        document.close()


#: A page object, as a PDF's bytes spell it (/Type /Page, not /Pages).
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_OBJECT_AT = re.compile(rb"\s*\d+\s+\d+\s+obj\b")


def xref_misplaced(data: bytes) -> bool:
    """Does the file's last cross-reference table (a classic one) point past the end of the file, or at places
    where no object starts? (False for a cross-reference stream, which PDFium and pdfminer check themselves.)"""
    found = list(_STARTXREF.finditer(data))
    if not found:
        return False
    start = int(found[-1].group(1))
    if start >= len(data):
        return True
    if not data[start:start + 4] == b"xref":
        return False
    end = data.find(b"trailer", start)
    for offset, _, kind in _XREF_ENTRY.findall(data[start:end if end > 0 else len(data)]):
        if kind == b"n" and not _OBJECT_AT.match(data, int(offset)):
            return True
    return False


def no_pages(source: str, data: bytes | None = None) -> NoReturn:
    """No page could be found: an empty page tree, or page objects the file's cross-reference table loses."""
    if data is not None and _PAGE_OBJECT.search(data) and xref_misplaced(data):
        raise ReadError(
            source, "the PDF's pages cannot be found: the file holds page objects, but its cross-reference table (the "
            "index of where each object starts) points elsewhere, e.g. past the end of the file",
            hint="open it in a PDF viewer and save it again, which rebuilds the table, or export it again")
    raise ReadError(source, "the PDF has no pages", hint="export the document to PDF again")


def page_tree(pdf: pdfplumber.PDF, source: str) -> list[Page]:
    """pdfplumber's pages; a clear error, naming the page where it can, when its page tree or a page's box
    cannot be read (a loop in the tree, a MediaBox that is not four numbers)."""
    try:
        return pdf.pages
    except Exception as error:  # pdfminer and pdfplumber raise many kinds of error for a damaged tree
        cause = f"{type(error).__name__}: {error}"
    _check_tree(pdf, source)
    raise ReadError(source, f"the PDF's page tree cannot be read ({cause})",
                    hint="open it in a PDF viewer and save it again, or export it again")


def _check_tree(pdf: pdfplumber.PDF, source: str) -> None:
    """Walk the page tree as the file spells it, in page order: a loop, or a page whose box (its own MediaBox, or
    the one it inherits) is not four finite numbers, is an error naming it."""
    from pdfminer.pdftypes import PDFObjRef, resolve1

    hint = "open it in a PDF viewer and save it again, which rewrites the page tree, or export it again"
    seen: set[int] = set()
    number = 0
    stack: list[tuple[object, object]] = [(pdf.doc.catalog.get("Pages"), None)]
    while stack:
        node, box = stack.pop()
        if isinstance(node, PDFObjRef):
            if node.objid in seen:
                raise ReadError(source, f"the PDF's page tree loops: object {node.objid} is reached twice (a /Kids "
                                f"entry leads back to a node above it), after page {number}", hint=hint)
            seen.add(node.objid)
        node = resolve1(node)
        if not isinstance(node, dict):
            continue
        box = node.get("MediaBox", box)
        kids = resolve1(node.get("Kids"))
        if isinstance(kids, list):
            stack += [(kid, box) for kid in reversed(kids)]
            continue
        number += 1
        values = [resolve1(value) for value in resolve1(box)] if isinstance(resolve1(box), list) else []
        if box is None:
            raise ReadError(source, f"page {number}: it has no page box (no MediaBox of its own, nor of the page-tree "
                            "nodes above it), so the page has no size", hint=hint)
        if len(values) != 4 or not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
            shown = " ".join(_spelled(v) for v in values) if values else _spelled(resolve1(box))
            raise ReadError(source, f"page {number}: its page box (MediaBox [{shown}]) is not four finite numbers, so "
                            "the page has no size", hint=hint)


def _spelled(value: object) -> str:
    """A PDF value as the file spells it (a keyword's or name's bytes as text)."""
    name = getattr(value, "name", value)
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def close_pdf(pdf: pdfplumber.PDF) -> None:
    """Close a pdfplumber document, even one whose page tree cannot be read (its close walks the pages)."""
    try:
        pdf.close()
    except Exception:
        pdf.stream.close()


def oversized_pages(data: bytes, password: str | None, page_limit: int | None = None,
                    limit_mb: int = MAX_CONTENT_MB) -> dict[int, int]:
    """The pages (0-based, of the first ``page_limit``) whose content inflates to more than ``limit_mb`` MiB, with
    the bytes counted before stopping. Found with pdfminer before PDFium's triage, which would inflate them whole;
    empty when pdfminer cannot walk the pages (the triage and the reader then say what is wrong)."""
    cap = limit_mb << 20
    try:
        pdf = pdfplumber.open(io.BytesIO(data), password=password or "",
                              pages=list(range(1, page_limit + 1)) if page_limit else None)
    except Exception:
        return {}
    try:
        found = {}
        for index, page in enumerate(pdf.pages):
            if (size := content_size(page, cap)) > cap:
                found[index] = size
        return found
    except Exception:
        return {}
    finally:
        close_pdf(pdf)


def content_size(page: Page, cap: int) -> int:
    """How many bytes the page's content streams (and the form XObjects it names) inflate to, counted up to
    just over ``cap``: enough to tell a decompression bomb without inflating it."""
    from pdfminer.pdftypes import PDFStream, resolve1

    streams = [resolve1(item) for item in page.page_obj.contents]
    forms = resolve1((resolve1(page.page_obj.resources) or {}).get("XObject")) or {}
    if isinstance(forms, dict):
        streams += [form for form in map(resolve1, forms.values())
                    if isinstance(form, PDFStream) and getattr(form.get("Subtype"), "name", None) == "Form"]
    total = 0
    for stream in streams:
        if not isinstance(stream, PDFStream) or stream.rawdata is None:
            continue
        filters = [getattr(f, "name", f) for f, _ in stream.get_filters()]
        if filters[:1] not in (["FlateDecode"], ["Fl"]):
            total += len(stream.rawdata)
            continue
        inflater = zlib.decompressobj()
        pending = stream.rawdata
        try:
            while pending and total <= cap:
                total += len(inflater.decompress(pending, 1 << 20))
                pending = inflater.unconsumed_tail
        except zlib.error:
            continue  # damaged: pdfminer says so when it reads the page
    return total


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
