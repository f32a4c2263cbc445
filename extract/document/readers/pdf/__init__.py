"""Reader for PDFs: pdfplumber layout analysis into the block model.

Page by page: turn the page upright if its text runs sideways, keep only
horizontal text (angled watermarks drop out), find ruled tables, group the
remaining words into lines in reading order, and find borderless tables among
them. Then, with what the whole document shows (its body type size, the lines
repeated in the page margins), lines become headings, paragraphs and list items,
furniture is dropped, and tables and paragraphs cut by a page break are joined.
Every page is closed as soon as it has been read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
from pdfplumber.page import Page

from ...blocks import Block, BlockDocument, Paragraph, ReaderIssue, Table
from .. import tables
from . import clipped, grid, layout, ocr
from .pictures import MAX_PER_DOCUMENT, PictureReader, caption_above, pictures_of
from .furniture import is_furniture, running_keys
from .layout import WordLine, TextStyle, Word
from .source import (
    MAX_CONTENT_MB, close_pdf, no_pages, open_pdf, oversized_pages, page_tree, read_bytes, sniff, text_angle, triage,
    upright_copy,
)

_CID = re.compile(r"\(cid:\d+\)")


@dataclass
class _Page:
    """What one page holds, in reading order: lines of text and ruled tables."""

    number: int
    height: float
    items: list[WordLine | Table] = field(default_factory=list)
    #: tables read from pictures on the page, with where they stand (their top): placed after the block they sit in
    pictures: list[tuple[float, Table]] = field(default_factory=list)

    @property
    def lines(self) -> list[WordLine]:
        return [item for item in self.items if isinstance(item, WordLine)]


def read_pdf(
    path: Path, source: str | None = None, password: str | None = None, page_limit: int | None = None,
    read_images: bool = True,
) -> BlockDocument:
    """Read a PDF into blocks.

    With ``page_limit``, only the first pages are read and an error issue says how many were
    left out: the records of what was read are kept, and a build with ``--strict`` fails.
    ``read_images``: read the text of images with OCR when Tesseract is here: scanned pages, and tables pasted
    as pictures (readers/pdf/pictures.py). Without it only the text layer is read (benchmark (a) compares that
    with raw pdfplumber, which reads no image).
    """
    source = source or path.name
    data = read_bytes(path, source)
    sniff(data, source)
    oversized = oversized_pages(data, password, page_limit)
    info = triage(data, source, password, page_limit, skip=set(oversized))
    if info.page_count == 0:
        no_pages(source)
    issues: list[ReaderIssue] = []
    read_pages = len(info.chars_per_page)
    if read_pages < info.page_count:
        issues.append(ReaderIssue(
            "error", "page-limit",
            f"{source}: the PDF has {info.page_count} pages; only the first {read_pages} were read (the page "
            f"limit). Raise --page-limit, or set page_limit for this document in documents.yml, to read them all.",
            page=read_pages + 1,
        ))
    pages: list[_Page] = []
    pictures_read = PictureReader(data, password) if read_images and ocr.tesseract() is not None else None
    pdf = open_pdf(data, source, password, read_pages if read_pages < info.page_count else None)
    try:
        if not page_tree(pdf, source):
            no_pages(source, data)
        for index, page in enumerate(pdf.pages):
            try:
                if (size := oversized.get(index, 0)) > 0:
                    issues.append(ReaderIssue(
                        "error", "content-too-large",
                        f"page {index + 1}: its content inflates to more than {MAX_CONTENT_MB} MiB ({size >> 20} MiB "
                        "read before stopping): a decompression bomb, or a damaged file. The page was not read; the "
                        "others were. If the page matters, re-save the PDF from a viewer, or print it to a new PDF.",
                        page=index + 1))
                    continue
                scanned = index in info.image_only
                pages.append(_read_page(data, page, index, password, info.chars_per_page[index],
                                        scanned and read_images, issues, pictures_read, info.clipped.get(index)))
            except Exception as error:  # one unreadable page must not lose the rest
                issues.append(ReaderIssue("error", "page-unreadable",
                                          f"page {index + 1} could not be read: {type(error).__name__}: {error}. The "
                                          "other pages were read; re-save the PDF from a viewer to try this one again.",
                                          page=index + 1))
            finally:
                page.close()
        if len(pdf.pages) < read_pages:  # PDFium counts pages pdfminer's walk of the page tree does not reach
            issues.append(ReaderIssue(
                "error", "page-unreadable",
                f"{source}: the PDF says it has {read_pages} pages, but only {len(pdf.pages)} can be found in its page "
                "tree (a loop or a broken entry); the others were not read. Re-save the PDF from a viewer, which "
                "rewrites the page tree.", page=len(pdf.pages) + 1))
    finally:
        close_pdf(pdf)
        if pictures_read is not None:
            pictures_read.close()
    if pictures_read is not None and pictures_read.left:
        left = sorted(set(pictures_read.left))
        issues.append(ReaderIssue(
            "warning", "pictures-not-read",
            f"{source}: {len(pictures_read.left)} pictures on pages {', '.join(map(str, left[:12]))}"
            f"{' ...' if len(left) > 12 else ''} were not read for tables: at most {MAX_PER_DOCUMENT} distinct pictures "
            "are read with OCR in one document (readers/pdf/pictures.py, MAX_PER_DOCUMENT). If a table pasted as a "
            "picture is among them, its figures are missing from this document's records.", page=left[0]))
    return BlockDocument(source, "pdf", _blocks(pages), page_count=info.page_count, issues=issues)


def _horizontal(obj: dict) -> bool:
    """Keep every object but characters not set left to right (angled watermarks, vertical labels)."""
    if obj.get("object_type") != "char":
        return True
    a, b, c, d = obj["matrix"][:4]
    return a > 0 and abs(b) <= 0.05 * a and abs(c) <= 0.05 * max(abs(d), 1e-6)


def _read_page(
    data: bytes, page: Page, index: int, password: str | None, chars: int, scanned: bool,
    issues: list[ReaderIssue], pictures_read: PictureReader | None = None,
    hidden: frozenset[clipped.CharKey] | None = None,
) -> _Page:
    number = index + 1
    if chars <= 0:  # none found by the triage (-1: PDFium could not load the page)
        if scanned:  # a page with no text and no image is simply blank
            return _scanned_page(data, index, password, float(page.width), float(page.height), issues)
        if not page.chars:  # pdfplumber agrees (PDFium gives up on resources nested too deep, pdfplumber not)
            return _Page(number, float(page.height))
    copy = None
    angle = text_angle(page)
    if angle:
        copy = upright_copy(data, index, password, angle)
        page = copy.pages[0]
    try:
        upright = copy is None and not page.rotation % 360  # PDFium's and pdfplumber's coordinates then agree
        content, words = _page_content(page, number, issues, hidden if upright and hidden else frozenset())
        if copy is None and pictures_read is not None:
            content.pictures = _picture_tables(page, number, words, pictures_read)
        return content
    finally:
        if copy is not None:
            copy.close()


def _scanned_page(
    data: bytes, index: int, password: str | None, width: float, height: float, issues: list[ReaderIssue]
) -> _Page:
    """A page that is only an image, read with OCR when Tesseract is installed; always with a warning
    (its records are less sure: they carry the OCR confidence)."""
    number = index + 1
    content = _Page(number, height)
    warning = f"page {number}: no text layer: scanned?"
    if ocr.tesseract() is None:
        issues.append(ReaderIssue("warning", "no-text-layer", f"{warning} Its text cannot be read without OCR: "
                                  f"install Tesseract ({ocr.INSTALL_HINT}) and build again.", page=number))
        return content
    document = pdfium.PdfDocument(data, password=password)
    try:
        read = ocr.ocr_page(document[index])
    except ocr.OcrError as error:
        issues.append(ReaderIssue("warning", "no-text-layer", f"{warning} OCR could not read it: {error}.",
                                  page=number))
        return content
    finally:
        document.close()
    if not read.words:
        issues.append(ReaderIssue("warning", "no-text-layer", f"{warning} OCR found no text on it.", page=number))
        return content
    if read.confidence is not None and read.confidence < ocr.MIN_PAGE_CONFIDENCE:
        issues.append(ReaderIssue("warning", "no-text-layer", f"{warning} OCR read it with a mean word confidence "
                                  f"of only {read.confidence:.0%}, so its text is left out (not in English "
                                  f"({ocr.LANGUAGES}), or a poor scan?).", page=number))
        return content
    sure = f", mean word confidence {read.confidence:.0%}" if read.confidence is not None else ""
    issues.append(ReaderIssue("warning", "no-text-layer", f"{warning} Read with OCR (Tesseract){sure}: "
                              "check its records against the page.", page=number))
    content.items += layout.reading_order(layout.make_lines(read.words, number), width)
    return content


def _picture_tables(page: Page, number: int, words: list[Word], reader: PictureReader) -> list[tuple[float, Table]]:
    """Tables pasted as pictures on a page with a text layer, read with OCR (readers/pdf/pictures.py)."""
    found = pictures_of(page.images, words)
    if not found:
        return []
    lines = layout.make_lines(words, number)  # every line, in tables too: a caption may sit in a table's cell
    read = [(picture.top, reader.table(picture, number, caption_above(lines, picture.box))) for picture in found]
    return [(top, table) for top, table in read if table is not None]


def _doubled(page: Page) -> bool:
    """Are glyphs printed twice over (a fake-bold trick) on this page? Cheap check, costly cure."""
    seen: set[tuple] = set()
    doubled = 0
    for char in page.chars:
        key = (char["text"], round(char["x0"]), round(char["top"]))
        doubled += key in seen
        seen.add(key)
    return doubled > 0.05 * max(len(seen), 1)


def _page_content(
    page: Page, number: int, issues: list[ReaderIssue], hidden: frozenset[clipped.CharKey] = frozenset(),
) -> tuple[_Page, list[Word]]:
    """The page's lines and ruled tables in reading order, and its words (the pictures' captions are among them);
    ``hidden``: the characters the page clips out of sight (readers/pdf/clipped.py), left out."""
    view = (page.dedupe_chars() if _doubled(page) else page).filter(_horizontal)
    if hidden:
        before = len(view.chars)
        view = view.filter(lambda obj: obj.get("object_type") != "char" or clipped.char_key(obj) not in hidden)
        if left_out := before - len(view.chars):
            issues.append(ReaderIssue(
                "warning", "hidden-text",
                f"page {number}: {left_out} characters the PDF draws outside their clipping area (a collapsed or "
                "hidden row, or words cut off at a cell's edge) were left out, as a viewer does not show them. If "
                "the page holds more than it shows, open the source (a spreadsheet?) for the hidden cells.",
                page=number))
    words = [
        Word.of(word)
        for word in view.extract_words(x_tolerance=1.5, y_tolerance=2, extra_attrs=["fontname", "size"])
    ]
    garbled = sum(1 for word in words if _CID.search(word.text))
    if words and garbled > 0.2 * len(words):
        issues.append(ReaderIssue("warning", "glyph-garbage",
                                  f"page {number}: {garbled} of {len(words)} words are unmapped glyphs "
                                  "((cid:NN)): the font has no text encoding; the page needs OCR.", page=number))
    content = _Page(number, float(page.height))
    found = grid.ruled_tables(view)
    ruled = [(grid.to_table(table, words, number), table.bbox) for table in found]
    loose = grid.words_outside(words, [box for _, box in ruled])
    lines = layout.reading_order(layout.make_lines(loose, number), float(page.width))
    pending = sorted(ruled, key=lambda item: item[1][1])
    for line in lines:
        while pending and pending[0][1][1] <= line.top:
            content.items.append(pending.pop(0)[0])
        content.items.append(line)
    content.items += [table for table, _ in pending]
    return content, words


def _blocks(pages: list[_Page]) -> list[Block]:
    all_lines = [line for page in pages for line in page.lines]
    style = TextStyle.learn(all_lines)
    running = running_keys([(page.lines, page.height) for page in pages])
    blocks: list[Block] = []
    for page in pages:
        items = [
            item for item in page.items
            if not (isinstance(item, WordLine) and is_furniture(item, page.height, running))
        ]
        for block in _page_blocks(items, style, page.height, page.number):
            _append(blocks, block)
    for page in pages:
        for top, table in page.pictures:
            blocks.insert(_after_block_at(blocks, page.number, top), table)
    return blocks


def _after_block_at(blocks: list[Block], page: int, top: float) -> int:
    """Where a picture's table goes: after the last block that begins before it (the table or text it sits in)."""
    position = 0
    for index, block in enumerate(blocks):
        where = block.provenance
        begins = (where.page or 0, where.bbox[1] if where.bbox else 0.0)
        if begins <= (page, top):
            position = index + 1
    return position


def _page_blocks(items: list[WordLine | Table], style: TextStyle, height: float, number: int) -> list[Block]:
    blocks: list[Block] = []
    run: list[WordLine] = []
    right = layout.text_edge([item for item in items if isinstance(item, WordLine)])

    def flush() -> None:
        blocks.extend(_text_and_borderless_tables(run, style, height, number, right))
        run.clear()

    for item in items:
        if isinstance(item, Table):
            flush()
            blocks.append(item)
        else:
            run.append(item)
    flush()
    return blocks


def _text_and_borderless_tables(
    lines: list[WordLine], style: TextStyle, height: float, number: int, right: float
) -> list[Block]:
    blocks: list[Block] = []
    start = 0
    for first, last, starts in layout.find_whitespace_tables(lines):
        blocks += layout.text_blocks(lines[start:first], style, height, right)
        blocks.append(layout.whitespace_table(lines[first : last + 1], starts, number))
        start = last + 1
    blocks += layout.text_blocks(lines[start:], style, height, right)
    return blocks


def _append(blocks: list[Block], block: Block) -> None:
    """Add a block, joining it to the one it continues from the previous page."""
    position = len(blocks)
    while position and _is_footnote(blocks[position - 1]):
        position -= 1  # footnotes at the foot of the previous page stand between the two parts
    previous = blocks[position - 1] if position else None
    if previous is not None and _last_page(previous) == (block.provenance.page or 0) - 1:
        joined = _joined(previous, block)
        if joined is not None:
            blocks[position - 1] = joined
            return
    blocks.append(block)


def _is_footnote(block: Block) -> bool:
    return isinstance(block, Paragraph) and block.footnote


def _last_page(block: Block) -> int:
    return block.provenance.last_page or 0


def _joined(previous: Block, block: Block) -> Block | None:
    if isinstance(previous, Table) and isinstance(block, Table):
        return tables.join(previous, block)
    if isinstance(previous, Table) and isinstance(block, Paragraph) and not block.footnote:
        return tables.carry_on(previous, block.lines, block.provenance)
    if (
        isinstance(previous, Paragraph)
        and isinstance(block, Paragraph)
        and not previous.footnote
        and not block.footnote
        and not tables.TERMINAL.search(previous.lines[-1])
        and block.lines[0][:1].islower()
    ):
        lines = previous.lines[:-1] + (f"{previous.lines[-1]} {block.lines[0]}",) + block.lines[1:]
        return Paragraph(lines, previous.provenance.merge(block.provenance), bold=previous.bold)
    return None


__all__ = ["read_pdf"]
