"""The block model: one format-independent view of a document.

Readers (text, PDF) turn a source file into an ordered list of blocks; parsers
only ever see blocks. Every block carries its provenance, so every record built
from it can say where in the source it came from and quote it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

BULLET = "•"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a block came from: a page (PDF) or a line range (text), and the verbatim source."""

    page: int | None = None
    page_end: int | None = None
    line_start: int | None = None
    line_end: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    raw: str = ""
    #: Mean OCR confidence (0 to 1) of text read from a scanned page; None for a text layer or export.
    confidence: float | None = None

    @property
    def last_page(self) -> int | None:
        return self.page_end if self.page_end is not None else self.page

    def merge(self, other: Provenance) -> Provenance:
        """The provenance of two consecutive pieces read as one."""
        starts = [n for n in (self.line_start, other.line_start) if n is not None]
        ends = [n for n in (self.line_end, other.line_end) if n is not None]
        pages = [n for n in (self.page, self.page_end, other.page, other.page_end) if n is not None]
        return Provenance(
            page=min(pages) if pages else None,
            page_end=max(pages) if pages else None,
            line_start=min(starts) if starts else None,
            line_end=max(ends) if ends else None,
            bbox=self.bbox or other.bbox,
            raw="\n".join(part for part in (self.raw, other.raw) if part),
            confidence=min(known) if (known := [c for c in (self.confidence, other.confidence) if c is not None])
            else None,  # the less sure of the two
        )


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading; level 1 is the largest."""

    text: str
    level: int
    provenance: Provenance
    kind: Literal["heading"] = "heading"

    @property
    def lines(self) -> tuple[str, ...]:
        return (self.text,)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Body text. ``lines`` keeps hard line breaks; ``bold`` is true when all of it is bold."""

    lines: tuple[str, ...]
    provenance: Provenance
    bold: bool = False
    footnote: bool = False
    kind: Literal["paragraph"] = "paragraph"

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass(frozen=True, slots=True)
class ListItem:
    """A bulleted or numbered list item; ``marker`` is the bullet or number as printed."""

    text: str
    provenance: Provenance
    marker: str = BULLET
    kind: Literal["list_item"] = "list_item"

    @property
    def lines(self) -> tuple[str, ...]:
        return (self.text,)


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell. Each line of the cell is kept; list items in a cell start with '• '. ``fill`` is
    the colour family of a cell shaded in a colour (red, amber, green, blue), which a RAG status
    column may show instead of words; None for an unshaded, white or grey cell."""

    lines: tuple[str, ...] = ()
    bold: bool = False
    fill: str | None = None

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def empty(self) -> bool:
        return not any(line.strip() for line in self.lines)


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    provenance: Provenance

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(cell.text for cell in self.cells)

    @property
    def width(self) -> int:
        """Cells up to the last non-empty one."""
        for index in range(len(self.cells), 0, -1):
            if not self.cells[index - 1].empty:
                return index
        return 0


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[Row, ...]
    provenance: Provenance
    kind: Literal["table"] = "table"
    #: read with OCR from a picture pasted into a page (readers/pdf/pictures.py): a table complete in itself,
    #: which neither continues another table nor is continued
    picture: bool = False

    @property
    def columns(self) -> int:
        return max((len(row.cells) for row in self.rows), default=0)

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple("\t".join(row.texts) for row in self.rows)


Block = Heading | Paragraph | ListItem | Table


@dataclass(frozen=True, slots=True)
class ReaderIssue:
    """A problem a reader met; becomes an extraction_issues row."""

    severity: Literal["error", "warning"]
    code: str
    message: str
    page: int | None = None
    line: int | None = None


@dataclass(slots=True)
class BlockDocument:
    """A source file read into blocks."""

    source: str
    format: Literal["text", "pdf"]
    blocks: list[Block] = field(default_factory=list)
    page_count: int | None = None
    issues: list[ReaderIssue] = field(default_factory=list)

    def __iter__(self) -> Iterator[Block]:
        return iter(self.blocks)

    def __len__(self) -> int:
        return len(self.blocks)
