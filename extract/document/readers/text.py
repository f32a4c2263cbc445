"""Reader for text exports of PDFs: markdown-ish lines, tab-separated tables, inline HTML.

Each line is classified (blank, page rule, heading, list item, table row, text);
consecutive text lines make a paragraph; table rows make a table. A table
interrupted only by blank lines, a page rule, page furniture or a footnote
continues when the next row fits its columns; a repeated header row is dropped
and a row cut by the page break (first cell empty) is mended into the row above.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..blocks import (
    BULLET,
    Block,
    BlockDocument,
    Cell,
    Heading,
    ListItem,
    Paragraph,
    Provenance,
    ReaderIssue,
    Row,
    Table,
)
from ...errors import ReadError
from . import tables
from .furniture import furniture_lines
from .markup import MarkupLine, to_lines, to_text

_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)*\s*:?-{2,}:?\s*\|?\s*$")
_PIPE_ROW = re.compile(r"^\s*(?:[-*+]\s+)?(\|.*\|)\s*$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*([-*+•●▪◦‣]|\d{1,2}[.)]|[ivxIVX]{1,5}\.|[a-z][.)])\s+(\S.*)$")
_FOOTNOTE = re.compile(r"^\s*(?:<sup>|\*\*\d{1,3}\*\*\s)")

#: A single all-bold line no longer than this reads as a heading.
BOLD_HEADING_MAX = 250
#: Level given to headings known only by being bold.
BOLD_HEADING_LEVEL = 4


#: Byte-order marks of the encodings other than UTF-8 that editors save text in (UTF-32 first:
#: its little-endian mark begins with UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, source: str) -> tuple[str, list[ReaderIssue]]:
    """Text of a file: UTF-8 (with or without a byte-order mark), UTF-16 or -32 with a byte-order
    mark, else Windows-1252 with a warning. A binary file is refused, saying so."""
    if not data.strip():
        raise ReadError(source, "the file is empty", hint="check that the export wrote any text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), []
            except UnicodeDecodeError as error:
                raise ReadError(source, f"not valid {encoding.upper()} text (byte {error.start})",
                                hint="re-save the file as UTF-8") from None
    if data.lstrip().startswith(b"%PDF-") or b"\x00" in data[:4096]:
        what = "a PDF" if data.lstrip().startswith(b"%PDF-") else "a binary file"
        raise ReadError(source, f"this is {what}, not a text export",
                        hint="give its format as pdf in documents.yml, or export the document to text again")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        issue = ReaderIssue(
            "warning",
            "encoding",
            f"not valid UTF-8 (byte {error.start}); read as Windows-1252. Re-save the file as UTF-8 "
            "if any characters look wrong.",
        )
        return data.decode("cp1252", errors="replace"), [issue]


def read_text(path: Path, source: str | None = None) -> BlockDocument:
    """Read a text export into blocks."""
    source = source or path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(source, f"cannot open the file: {error.strerror}") from error
    text, issues = decode(data, source)
    document = parse_text(text, source)
    document.issues[:0] = issues
    return document


def parse_text(text: str, source: str = "<text>") -> BlockDocument:
    """Blocks of a text export given as a string."""
    lines = text.splitlines()
    builder = _Builder(furniture=furniture_lines(lines))
    for index, line in enumerate(lines):
        builder.feed(index, line)
    builder.finish()
    return BlockDocument(source=source, format="text", blocks=builder.blocks)


def _cells(raw_cells: list[str]) -> tuple[Cell, ...]:
    cells = []
    for raw in raw_cells:
        lines = to_lines(raw)
        cells.append(Cell(tuple(line.text for line in lines), bold=bool(lines) and all(ln.bold for ln in lines)))
    return tuple(cells)


@dataclass
class _Builder:
    furniture: set[int]
    blocks: list[Block] = field(default_factory=list)
    paragraph: list[tuple[int, str, list[MarkupLine]]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    held: list[Block] = field(default_factory=list)  # footnotes met inside an open table
    gap: bool = False  # a blank line, page rule or furniture since the last table row

    # -- dispatch -----------------------------------------------------------------
    def feed(self, index: int, line: str) -> None:
        number = index + 1
        if index in self.furniture or not line.strip() or _RULE.match(line):
            self._end_paragraph()
            self.gap = True
            return
        if _PIPE_SEPARATOR.match(line):
            return
        pipe = _PIPE_ROW.match(line)
        if pipe:
            self._end_paragraph()
            self._row(number, line, pipe.group(1).strip().strip("|").split("|"))
            return
        if "\t" in line:
            self._end_paragraph()
            self._row(number, line, line.split("\t"))
            return
        heading = _HEADING.match(line)
        if heading:
            self._end_paragraph()
            text = to_text(heading.group(2))
            if text:
                self._emit(Heading(text, len(heading.group(1)), _where(number, line)))
            return
        item = _LIST_ITEM.match(line)
        if item:
            self._end_paragraph()
            text = to_text(item.group(2))
            if text:
                self._emit(ListItem(text, _where(number, line), marker=_marker(item.group(1))))
            return
        if not self.paragraph and _FOOTNOTE.match(line):
            self._footnote(number, line)
            return
        self.paragraph.append((number, line, to_lines(line)))

    def finish(self) -> None:
        self._end_paragraph()
        self._end_table()

    # -- blocks ---------------------------------------------------------------------
    def _emit(self, block: Block) -> None:
        self._end_table()
        self.blocks.append(block)

    def _footnote(self, number: int, line: str) -> None:
        block = Paragraph(tuple(ln.text for ln in to_lines(line)), _where(number, line), footnote=True)
        if self.rows:
            self.held.append(block)  # a footnote at the foot of a page does not end a table
            self.gap = True
        else:
            self.blocks.append(block)

    def _end_paragraph(self) -> None:
        if not self.paragraph:
            return
        parts, self.paragraph = self.paragraph, []
        lines = [line for _, _, converted in parts for line in converted]
        if not lines:
            return
        where = Provenance(
            line_start=parts[0][0], line_end=parts[-1][0], raw="\n".join(raw for _, raw, _ in parts)
        )
        if len(lines) == 1 and lines[0].bold and len(lines[0].text) <= BOLD_HEADING_MAX:
            self._emit(Heading(lines[0].text, BOLD_HEADING_LEVEL, where))
        else:
            self._emit(Paragraph(tuple(ln.text for ln in lines), where, bold=all(ln.bold for ln in lines)))

    # -- tables ---------------------------------------------------------------------
    def _row(self, number: int, line: str, raw_cells: list[str]) -> None:
        row = Row(_cells(raw_cells), _where(number, line))
        if row.width == 0:
            return
        after_break, self.gap = self.gap, False
        if self.rows and after_break and not tables.continues(self.rows, row):
            self._end_table()
        tables.add_row(self.rows, row, after_break and bool(self.rows))

    def _end_table(self) -> None:
        if self.rows:
            where = self.rows[0].provenance
            for row in self.rows[1:]:
                where = where.merge(row.provenance)
            self.blocks.append(Table(tuple(self.rows), where))
            self.rows = []
        if self.held:
            self.blocks.extend(self.held)
            self.held = []
        self.gap = False


def _where(number: int, raw: str) -> Provenance:
    return Provenance(line_start=number, line_end=number, raw=raw)


def _marker(marker: str) -> str:
    return marker if marker[0].isalnum() else BULLET

