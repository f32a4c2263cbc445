"""From positioned words to lines, and from lines to the block model.

Lines are words sharing a baseline. A line is split into segments where the gap
between two words is much wider than a space: segments aligned down several
lines are the columns of a whitespace table, or the two columns of a page.
Everything else is grouped into paragraphs, list items and headings by spacing,
indentation and type: a heading is larger (or bold) relative to the document's
body text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...blocks import BULLET, Cell, Heading, ListItem, Paragraph, Provenance, Row, Table

#: A gap between words wider than this many times the font size separates segments (columns).
SEGMENT_GAP = 1.2
#: Column starts within this many points count as aligned.
ALIGN = 4.0
#: Text this much larger than body text (or bold) is a heading.
HEADING_RATIO = 1.12
#: Text this much smaller than body text, low on the page, is a footnote.
FOOTNOTE_RATIO = 0.9

#: Bullets set in the Symbol or Wingdings font, as Word writes them: private-use code points.
SYMBOL_BULLETS = "\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8\uf06e\uf0e8\uf0d7"
_BULLETS = {"•", "●", "▪", "◦", "‣", "∙", "·", "■", "□", "➢", "➤", "►", "o", "-", "–", *SYMBOL_BULLETS} | {
    f"(cid:{n})" for n in range(256)
}
#: A bullet: a bullet character, a dash and a space, or a glyph with no text mapping ("(cid:127)"),
#: which is how bullets set in a symbol font usually come out.
_BULLET_START = re.compile(rf"^([•●▪◦‣∙·■□➢➤►{SYMBOL_BULLETS}]\s*|[–-]\s+|\(cid:\d+\)\s*)(\S.*)$")
_NUMBER_START = re.compile(r"^(\d{1,2}[.)]|\([a-z0-9]{1,3}\)|[a-z][.)]|[ivx]{1,4}[.)])\s+(\S.*)$")


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    #: OCR confidence (0 to 1) of a word read from an image; None for a text layer.
    confidence: float | None = None

    @classmethod
    def of(cls, word: dict) -> Word:
        font = word.get("fontname", "")
        return cls(
            word["text"], word["x0"], word["x1"], word["top"], word["bottom"], round(word.get("size", 0), 1),
            bool(re.search(r"bold|black|heavy|semibold|demi", font, re.I)) or font.endswith(("Bd", "BI")),
        )


@dataclass
class WordLine:
    """Words on one baseline, in reading order."""

    words: list[Word]
    page: int

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    def segments(self) -> list[WordLine]:
        """The line cut where words are far apart: the parts of a line in different columns."""
        parts: list[list[Word]] = [[self.words[0]]]
        for before, word in zip(self.words, self.words[1:], strict=False):
            if before.text in _BULLETS:
                parts[-1].append(word)  # a bullet and its hanging indent belong together
            elif word.x0 - before.x1 > SEGMENT_GAP * max(word.size, before.size, 1):
                parts.append([word])
            else:
                parts[-1].append(word)
        return [WordLine(part, self.page) for part in parts]


def make_lines(words: Sequence[Word], page: int) -> list[WordLine]:
    """Group words into lines: a word joins the line its vertical middle falls within."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (round(w.top, 1), w.x0)):
        middle = (word.top + word.bottom) / 2
        for line in reversed(lines[-3:]):
            top, bottom = min(w.top for w in line), max(w.bottom for w in line)
            if top - 0.5 <= middle <= bottom + 0.5:
                line.append(word)
                break
        else:
            lines.append([word])
    result = [WordLine(sorted(line, key=lambda w: w.x0), page) for line in lines]
    return sorted(result, key=lambda line: (round(line.top), line.x0))


def body_size(lines: Sequence[WordLine]) -> float:
    """The most common type size, weighted by the amount of text set in it."""
    weights: dict[float, int] = {}
    for line in lines:
        for word in line.words:
            weights[word.size] = weights.get(word.size, 0) + len(word.text)
    return max(weights, key=weights.__getitem__) if weights else 10.0


# -- columns of a page --------------------------------------------------------------

#: A segment at least this share of the page wide is running text (not a table cell).
COLUMN_TEXT_WIDTH = 0.18
#: A column needs at least this many running-text segments starting at its left edge.
COLUMN_MIN_SEGMENTS = 5


def column_starts(lines: Sequence[WordLine], page_width: float) -> list[float]:
    """Left edges of the text columns of a page (one edge: a single-column page)."""
    segments = [part for line in lines for part in line.segments()]
    wide = sorted(p.x0 for p in segments if p.x1 - p.x0 >= COLUMN_TEXT_WIDTH * page_width)
    clusters: list[list[float]] = []
    for x0 in wide:
        if clusters and x0 - clusters[-1][-1] <= 2 * ALIGN:
            clusters[-1].append(x0)
        else:
            clusters.append([x0])
    starts = [min(c) for c in clusters if len(c) >= COLUMN_MIN_SEGMENTS]
    split = sum(1 for line in lines if len(line.segments()) >= 2)
    if len(starts) < 2 or split < 0.3 * len(lines):
        return starts[:1]
    return starts


def reading_order(lines: list[WordLine], page_width: float) -> list[WordLine]:
    """Lines in reading order: on a page of several columns, each band column by column.

    A line that runs across a gutter (a title, a full-width figure caption) ends a band.
    """
    starts = column_starts(lines, page_width)
    if len(starts) < 2:
        return lines
    ordered: list[WordLine] = []
    band: list[list[WordLine]] = [[] for _ in starts]
    for line in lines:
        parts = line.segments()
        if len(parts) == 1 and _crosses_gutter(line, starts):
            ordered += [part for column in band for part in column] + [line]
            band = [[] for _ in starts]
            continue
        for part in parts:
            band[_column_of(part.x0, starts) or 0].append(part)
    return ordered + [part for column in band for part in column]


def _crosses_gutter(line: WordLine, starts: Sequence[float]) -> bool:
    return any(line.x0 < start - ALIGN and line.x1 > start + ALIGN for start in starts[1:])


# -- whitespace tables ------------------------------------------------------------------


def find_whitespace_tables(lines: list[WordLine]) -> list[tuple[int, int, list[float]]]:
    """(first, last, column starts) of runs of lines that form a borderless table."""
    found = []
    index = 0
    while index < len(lines):
        run = _table_run(lines, index)
        if run:
            end, starts = run
            found.append((index, end, starts))
            index = end + 1
        else:
            index += 1
    return found


def _table_run(lines: list[WordLine], start: int) -> tuple[int, list[float]] | None:
    first = lines[start].segments()
    if len(first) < 2:
        return None
    starts = [part.x0 for part in first]
    size = lines[start].size
    end = start
    aligned = 1
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if line.top - lines[end].bottom > 2.2 * size or abs(line.size - size) > 1.5:
            break
        parts = line.segments()
        found = [_column_of(part.x0, starts) for part in parts]
        columns = [c for c in found if c is not None]
        if len(columns) < len(found) or columns != sorted(set(columns)):
            break
        if len(parts) >= 2:
            if all(abs(part.x0 - starts[c]) <= ALIGN for part, c in zip(parts, columns, strict=False)):
                aligned += 1
            end = index
        elif columns[0] >= 1:
            end = index  # a cell's text wrapping onto the next line
        else:
            break
    return (end, starts) if aligned >= 2 else None


def _column_of(x0: float, starts: Sequence[float]) -> int | None:
    for index in range(len(starts) - 1, -1, -1):
        if x0 >= starts[index] - ALIGN:
            return index
    return None


def whitespace_table(lines: Sequence[WordLine], starts: Sequence[float], page: int) -> Table:
    """A table from a run of aligned lines: a line with text in the first column starts a row."""
    rows: list[list[list[WordLine]]] = []
    for line in lines:
        parts = line.segments()
        columns = [_column_of(part.x0, starts) or 0 for part in parts]
        if 0 in columns or not rows:
            rows.append([[] for _ in starts])
        for part, column in zip(parts, columns, strict=False):
            rows[-1][column].append(part)
    table_rows = []
    for cells in rows:
        used = [line for cell in cells for line in cell]
        where = _provenance(used, page, "\t".join(" ".join(line.text for line in cell) for cell in cells))
        table_rows.append(Row(tuple(cell_from_lines(cell) for cell in cells), where))
    where = _provenance(list(lines), page, "\n".join(row.provenance.raw for row in table_rows))
    return Table(tuple(table_rows), where)


# -- cells and text blocks ----------------------------------------------------------------


def cell_from_lines(lines: Sequence[WordLine], right: float | None = None) -> Cell:
    """A cell's logical lines: wrapped lines joined; a new line at a bullet, a paragraph gap, or
    after a line ending well short of the cell's right edge when the next begins a sentence."""
    logical: list[str] = []
    previous: WordLine | None = None
    right = max(right or 0.0, *(line.x1 for line in lines)) if lines else (right or 0.0)
    for line in lines:
        text = _bulleted(line.text)
        gap = line.top - previous.bottom if previous else 0.0
        short = previous is not None and _broken_early(previous, line, right)
        if (
            previous is None
            or text.startswith(BULLET)
            or gap > 0.45 * line.size
            or (short and text[:1].isupper())
        ):
            logical.append(text)
        else:
            logical[-1] = f"{logical[-1]} {text}"
        previous = line
    return Cell(tuple(logical), bold=bool(lines) and all(line.bold for line in lines))


def _broken_early(previous: WordLine, line: WordLine, right: float) -> bool:
    """Was the line before broken on purpose? It was if this line's first word would have fitted on it."""
    first = line.words[0]
    return previous.x1 + 0.5 * first.size + (first.x1 - first.x0) < right - 1


def _bulleted(text: str) -> str:
    match = _BULLET_START.match(text)
    if match and match.group(1).strip() not in "–-":
        return f"{BULLET} {match.group(2)}"
    return text


@dataclass
class TextStyle:
    """The document's body size and heading sizes, learnt from all its pages."""

    body: float
    heading_sizes: list[float]

    @classmethod
    def learn(cls, lines: Sequence[WordLine]) -> TextStyle:
        body = body_size(lines)
        sizes = sorted({line.size for line in lines if line.size >= body * HEADING_RATIO}, reverse=True)
        return cls(body, sizes)

    def heading_level(self, line: WordLine) -> int | None:
        if line.size >= self.body * HEADING_RATIO:
            return min(self.heading_sizes.index(line.size) + 1, 3) if line.size in self.heading_sizes else 3
        if line.bold and abs(line.size - self.body) < 1.0:
            return 4
        return None


def text_edge(lines: Sequence[WordLine]) -> float:
    """Where the page's running text ends on the right: lines that wrap reach it."""
    ends = sorted(line.x1 for line in lines if len(line.words) >= 5)
    return ends[int(0.9 * (len(ends) - 1))] if ends else max((line.x1 for line in lines), default=0.0)


def text_blocks(lines: Sequence[WordLine], style: TextStyle, page_height: float, right: float) -> list:
    """Headings, paragraphs and list items from lines outside tables."""
    blocks = []
    group: list[WordLine] = []
    for line in lines:
        if group and _starts_block(group, line, style):
            blocks.append(_block(group, style, page_height, right))
            group = []
        group.append(line)
    if group:
        blocks.append(_block(group, style, page_height, right))
    return blocks


def _starts_block(group: list[WordLine], line: WordLine, style: TextStyle) -> bool:
    last = group[-1]
    if line.top - last.bottom > 0.8 * max(line.size, last.size):
        return True
    if abs(line.size - last.size) > 0.6 or line.bold != last.bold:
        return True
    if _BULLET_START.match(line.text) or _NUMBER_START.match(line.text):
        return True
    return line.x0 < group[0].x0 - ALIGN and not _list_marker(group[0].text)


def _list_marker(text: str) -> str | None:
    match = _BULLET_START.match(text) or _NUMBER_START.match(text)
    return match.group(1).strip() if match else None


def _joined_lines(lines: Sequence[WordLine], right: float) -> list[str]:
    """Visual lines joined into logical ones; a line ending well short of the text edge is a hard break."""
    right = max(right, *(line.x1 for line in lines))
    logical: list[str] = []
    previous: WordLine | None = None
    for line in lines:
        if previous is None or _broken_early(previous, line, right):
            logical.append(line.text)
        else:
            logical[-1] = f"{logical[-1]} {line.text}"
        previous = line
    return logical


def _block(lines: list[WordLine], style: TextStyle, page_height: float, right: float):
    page = lines[0].page
    raw = "\n".join(line.text for line in lines)
    where = _provenance(lines, page, raw)
    text_lines = _joined_lines(lines, right)
    level = style.heading_level(lines[0])
    text = " ".join(text_lines)
    if level is not None and all(style.heading_level(line) == level for line in lines) and len(text) <= 250:
        return Heading(text, level, where)
    bullet = _BULLET_START.match(text)
    if bullet:
        return ListItem(bullet.group(2), where, marker=BULLET)
    numbered = _NUMBER_START.match(text)
    if numbered:
        return ListItem(numbered.group(2), where, marker=numbered.group(1))
    footnote = lines[0].size < style.body * FOOTNOTE_RATIO and lines[0].top > page_height * 0.6
    return Paragraph(tuple(text_lines), where, bold=all(line.bold for line in lines), footnote=footnote)


def _provenance(lines: Sequence[WordLine], page: int, raw: str) -> Provenance:
    if not lines:
        return Provenance(page=page, raw=raw)
    read = [word.confidence for line in lines for word in line.words if word.confidence is not None]
    confidence = round(sum(read) / len(read), 2) if read else None
    bbox = (
        round(min(line.x0 for line in lines), 1),
        round(min(line.top for line in lines), 1),
        round(max(line.x1 for line in lines), 1),
        round(max(line.bottom for line in lines), 1),
    )
    return Provenance(page=page, bbox=bbox, raw=raw, confidence=confidence)
