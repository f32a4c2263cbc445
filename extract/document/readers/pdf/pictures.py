"""Tables pasted as pictures: a spreadsheet's table set into a report as an image.

Reports often paste a table from a spreadsheet as a picture (a savings forecast by directorate, a
KPI summary): a page with a text layer then holds a table whose text is not in it. Each picture
large enough to hold a table (:data:`MIN_WIDTH` by :data:`MIN_HEIGHT` points) is read with OCR
(Tesseract, as scanned pages are) and kept only if its words form a table: at least
:data:`MIN_ROWS` rows of figures with a label (a chart, a map, a photograph or a logo does not).

The table's columns are the gaps in its words' horizontal extent across the rows of figures, so
right-aligned figures and left-aligned labels each make one column; the lines above the first row
of figures are its header, joined column by column ("Target" over "£'000s"). The text-layer line
just above the picture, if any, is its caption, kept as the table's first row (a title row the
target parser reads: "Savings Delivery Forecast Quarter 2"). The table's cells carry the OCR
confidence, so its records say how sure their reading is.

Cost: Tesseract takes about a third of a second a picture, mostly starting up, which is more than
pdfplumber takes for a page. So a picture is read only when it can be a pasted table: not when
the text layer already has words over it (a background, a scan under its own text), each distinct
image once (a table pasted twice is read once and placed twice), and at most
:data:`MAX_PER_DOCUMENT` a document (an infographic-heavy report has dozens of pictures; a
warning says which were left unread). ``read_pdf(..., read_images=False)`` reads none.

Without Tesseract the pictures are left unread (pictures are not the document's text layer, so
nothing that was read is lost).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pypdfium2 as pdfium

from ...blocks import Cell, Provenance, Row, Table
from . import ocr
from .layout import WordLine, Word, make_lines

#: Smallest picture read, in points: a table of three rows of 8-point text is about this size.
MIN_WIDTH = 150.0
MIN_HEIGHT = 40.0
#: At most this many pictures are read on one page (a page of thumbnails is not a table).
MAX_PER_PAGE = 6
#: At most this many distinct pictures are read in one document (about 7 s of OCR).
MAX_PER_DOCUMENT = 20
#: Text-layer words over a picture that make it a background, not a pasted table (a few stray words, a page
#: number or a label laid over a chart, still leave it a picture to read).
MAX_WORDS_OVER = 5
#: Rows of figures a picture's words need to be a table (each with two cells that are figures alone).
MIN_ROWS = 3
#: A gap at least this wide (in points) with no word across the rows of figures separates columns: wider than
#: the space between two words of a label (about 2-3 pt at the 8-11 pt type of pasted tables), narrower than the
#: gutter between right-aligned figure columns (10 pt and more in the tables seen).
COLUMN_GAP = 6.0
#: How far above a picture (points) its caption may be: about one and a half lines of 11 pt body text.
CAPTION_GAP = 20.0
#: Resolution pictures are read at: small type in pasted tables needs it.
DPI = 300
_FIGURE = re.compile(r"^\(?[-+−–£$]?\d[\d,.]*%?\)?$")


@dataclass(frozen=True)
class Picture:
    """A picture on a page: its box in points (x0, top, x1, bottom, top-left origin) and which image it shows."""

    box: tuple[float, float, float, float]
    image: object = None  # the image's identity in the file (its object number): the same picture pasted twice

    @property
    def top(self) -> float:
        return self.box[1]


def pictures_of(images: Sequence[dict], words: Sequence[Word] = ()) -> list[Picture]:
    """The pictures of a page (pdfplumber's ``page.images``) that can be pasted tables: large enough, and
    with no text-layer words over them."""
    found: list[Picture] = []
    for image in images:
        box = (float(image["x0"]), float(image["top"]), float(image["x1"]), float(image["bottom"]))
        if box[2] - box[0] < MIN_WIDTH or box[3] - box[1] < MIN_HEIGHT or any(p.box == box for p in found):
            continue
        over = sum(1 for w in words if box[0] <= w.x0 and w.x1 <= box[2] and box[1] <= w.top and w.bottom <= box[3])
        if over < MAX_WORDS_OVER:
            stream = image.get("stream")
            found.append(Picture(box, getattr(stream, "objid", None) or id(stream)))
    return found[:MAX_PER_PAGE]


@dataclass
class PictureReader:
    """Reads a document's pictures, each distinct image once, at most :data:`MAX_PER_DOCUMENT`; the document is
    opened for rendering once, when a first picture needs it (:meth:`close` when the document is read)."""

    data: bytes
    password: str | None = None
    read: dict[object, list[Word] | None] = field(default_factory=dict)  # OCR words by image, relative to the box
    left: list[int] = field(default_factory=list)  # pages of pictures not read (over the limit)
    _document: pdfium.PdfDocument | None = None

    def table(self, picture: Picture, number: int, caption: str | None) -> Table | None:
        """The table a picture on page ``number`` shows, or None (not a table, over the limit, unreadable)."""
        if picture.image not in self.read:
            if len(self.read) >= MAX_PER_DOCUMENT:
                self.left.append(number)
                return None
            if self._document is None:
                self._document = pdfium.PdfDocument(self.data, password=self.password)
            self.read[picture.image] = ocr_picture(self._document[number - 1], picture)
        words = self.read[picture.image]
        if not words:
            return None
        x0, top = picture.box[0], picture.box[1]
        placed = [Word(w.text, w.x0 + x0, w.x1 + x0, w.top + top, w.bottom + top, w.size, w.bold, w.confidence)
                  for w in words]
        return table_of_words(placed, number, picture.box, caption)

    def close(self) -> None:
        if self._document is not None:
            self._document.close()
            self._document = None


def ocr_picture(page: pdfium.PdfPage, picture: Picture) -> list[Word] | None:
    """A picture's words read with OCR (:func:`ocr.read_rendered`, one block), with boxes in points from the
    picture's top left; None if Tesseract could not read it."""
    x0, top, x1, bottom = picture.box
    width, height = page.get_width(), page.get_height()
    try:
        return ocr.read_rendered(page, DPI, layout="6",
                                 crop=(max(x0, 0), max(height - bottom, 0), max(width - x1, 0), max(top, 0)))
    except ocr.OcrError:
        return None


def table_of_words(
    words: Sequence[Word], number: int, box: tuple[float, float, float, float], caption: str | None = None
) -> Table | None:
    """A table of a picture's words, if they form one: rows of figures beside a label."""
    lines = make_lines(words, number)
    body = [i for i, line in enumerate(lines) if _is_figure_row(line)]
    if len(body) < MIN_ROWS:
        return None
    columns = _columns([lines[i] for i in body])
    gridded = [i for i in body if sum(1 for text in _cells(lines[i], columns) if _FIGURE.match(text)) >= 2]
    if len(columns) < 3 or len(gridded) < MIN_ROWS:
        return None  # figures not in columns of their own: a chart's labels, not a table
    first = body[0]
    header = _header_cells(lines[:first], columns) if first else None
    confidences = [w.confidence for w in words if w.confidence is not None]
    provenance = Provenance(
        page=number, bbox=box, raw="\n".join(line.text for line in lines),
        confidence=sum(confidences) / len(confidences) if confidences else None,
    )
    rows: list[Row] = []
    if caption:
        rows.append(Row((Cell((caption,)), *[Cell(()) for _ in columns[1:]]), Provenance(page=number, raw=caption)))
    if header is not None:
        rows.append(Row(tuple(Cell((text,) if text else ()) for text in header), provenance))
    data_start = len(rows)
    for line in lines[first:]:
        texts = _cells(line, columns)
        if len(rows) > data_start and texts[0] and not any(texts[1:]):
            previous = rows[-1]  # a label wrapped onto a second line ("Children's, Families & Education &" / "NRPF")
            label = Cell((f"{previous.cells[0].text} {texts[0]}",))
            rows[-1] = Row((label, *previous.cells[1:]), previous.provenance)
            continue
        rows.append(Row(tuple(Cell((text,) if text else ()) for text in texts), Provenance(
            page=number, bbox=line.bbox, raw=line.text, confidence=provenance.confidence)))
    return Table(tuple(rows), provenance, picture=True)


def caption_above(lines: Sequence[WordLine], box: tuple[float, float, float, float]) -> str | None:
    """The text-layer line just above a picture and overlapping it across: its caption."""
    x0, top, x1, _ = box
    near = [
        line for line in lines
        if 0 <= top - line.bottom <= CAPTION_GAP and line.x0 < x1 and line.x1 > x0
    ]
    if not near:
        return None
    line = max(near, key=lambda line: line.bottom)
    segment = min(line.segments(), key=lambda part: abs(part.x0 - x0))
    text = segment.text.strip()
    return text if 0 < len(text.split()) <= 12 else None


def _is_figure_row(line: WordLine) -> bool:
    figures = sum(1 for word in line.words if _FIGURE.match(word.text))
    labels = sum(1 for word in line.words if re.search(r"[^\W\d_]{2,}", word.text))
    return figures >= 2 and labels >= 1


def _columns(lines: Sequence[WordLine]) -> list[tuple[float, float]]:
    """Column extents: the stretches of the x axis that words of the rows of figures cover."""
    spans = sorted((word.x0, word.x1) for line in lines for word in line.words)
    columns: list[list[float]] = []
    for start, end in spans:
        if columns and start - columns[-1][1] < COLUMN_GAP:
            columns[-1][1] = max(columns[-1][1], end)
        else:
            columns.append([start, end])
    return [(start, end) for start, end in columns]


def _column_of(word: Word, columns: Sequence[tuple[float, float]]) -> int:
    middle = (word.x0 + word.x1) / 2
    return min(range(len(columns)), key=lambda i: 0 if columns[i][0] <= middle <= columns[i][1]
               else min(abs(middle - columns[i][0]), abs(middle - columns[i][1])))


def _cells(line: WordLine, columns: Sequence[tuple[float, float]]) -> list[str]:
    texts: list[list[str]] = [[] for _ in columns]
    for word in line.words:
        texts[_column_of(word, columns)].append(word.text)
    return [" ".join(words) for words in texts]


def _header_cells(lines: Sequence[WordLine], columns: Sequence[tuple[float, float]]) -> list[str]:
    """The lines above the first row of figures, joined column by column."""
    header = [""] * len(columns)
    for line in lines:
        for column, text in enumerate(_cells(line, columns)):
            if text:
                header[column] = f"{header[column]} {text}".strip()
    return header
