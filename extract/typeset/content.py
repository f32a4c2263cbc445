"""The content to typeset: the text reader's blocks, with the spec's corrections applied.

The text reader already drops page furniture and mends tables cut by page breaks. What it
cannot know is written down in the spec as corrections made by reading the export (two
table columns interleaved into one run of words, a footnote whose markup was mangled), and
as table rows that are really section titles (a spreadsheet whose sections were glued into
one wide table).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..document.blocks import Block, Cell, Heading, Paragraph, Provenance, Row, Table
from ..document.readers.markup import to_lines, to_text
from ..document.readers.text import read_text
from .spec import DocSpec, SpecError

#: Heading level given to a table row that is a section title ("SECTION 2: GOVERNANCE").
TITLE_ROW_LEVEL = 3


def document_blocks(text_path: Path, spec: DocSpec) -> list[Block]:
    """The blocks to typeset for one document."""
    source_lines = text_path.read_text(encoding="utf-8-sig").splitlines()
    blocks = read_text(text_path).blocks
    for fix in spec.corrections:
        blocks = apply_correction(blocks, fix, source_lines, spec.id)
    blocks = [piece for block in blocks for piece in split_table(block, spec)]
    return place_held_footnotes(blocks)


def place_held_footnotes(blocks: list[Block]) -> list[Block]:
    """A footnote the text reader held back until the end of a table goes back between the rows
    it was printed after: the table's page ended there, under that footnote."""
    out: list[Block] = []
    for block in blocks:
        table = out[-1] if out else None
        if isinstance(block, Paragraph) and block.footnote and isinstance(table, Table):
            line = _start(block)
            above = tuple(r for r in table.rows if _start(r) < line)
            below = tuple(r for r in table.rows if _start(r) > line)
            if above and below and len(above) + len(below) == len(table.rows):
                out[-1:] = [_table_of(above), block, _table_of(below)]
                continue
        out.append(block)
    return out


def _table_of(rows: tuple[Row, ...]) -> Table:
    where = rows[0].provenance
    for row in rows[1:]:
        where = where.merge(row.provenance)
    return Table(rows, where)


def _lines_of(fix: dict[str, Any], doc_id: str) -> tuple[int, int]:
    lines = fix.get("lines")
    if isinstance(lines, int):
        return lines, lines
    if not (isinstance(lines, list) and len(lines) == 2):
        raise SpecError(f"{doc_id}: a correction needs `lines: [first, last]`: {fix}")
    return int(lines[0]), int(lines[1])


def _cell(raw: str) -> Cell:
    """A cell from export markup, read the way the text reader reads one."""
    lines = to_lines(raw)
    return Cell(tuple(line.text for line in lines), bold=bool(lines) and all(line.bold for line in lines))


def _rows(raw_rows: list[list[str]], where: Provenance) -> tuple[Row, ...]:
    return tuple(Row(tuple(_cell(str(raw)) for raw in raw_row), where) for raw_row in raw_rows)


def apply_correction(blocks: list[Block], fix: dict[str, Any], source: list[str], doc_id: str) -> list[Block]:
    """Replace the blocks read from ``fix['lines']`` by what the correction says they are."""
    first, last = _lines_of(fix, doc_id)
    inside = [b for b in blocks if first <= _start(b) and _end(b) <= last]
    taken = {id(b) for b in inside}
    straddling = [b for b in blocks if id(b) not in taken and _start(b) <= last and _end(b) >= first]
    if straddling:
        raise SpecError(f"{doc_id}: correction of lines {first}-{last} cuts a block ({straddling[0].provenance.line_start}-"
                        f"{straddling[0].provenance.line_end}); widen its lines")
    kept = [b for b in blocks if id(b) not in taken]
    at = next((i for i, b in enumerate(kept) if _start(b) > last), len(kept))
    raw = "\n".join(source[first - 1:last])
    where = Provenance(line_start=first, line_end=last, raw=raw)
    if "rows" in fix or "join_cell" in fix:
        previous = kept[at - 1] if at else None
        if not isinstance(previous, Table):
            raise SpecError(f"{doc_id}: correction of lines {first}-{last} extends a table, but none precedes it")
        if "rows" in fix:
            extended = Table(previous.rows + _rows(fix["rows"], where), previous.provenance.merge(where))
        else:
            extended = _join_cell(previous, inside, where, doc_id)
        return kept[:at - 1] + [extended] + kept[at:]
    return kept[:at] + list(_replacement(fix, inside, source, first, where, doc_id)) + kept[at:]


def _join_cell(table: Table, inside: list[Block], where: Provenance, doc_id: str) -> Table:
    """A one-cell table that is the rest of the last cell above, cut off by a page break."""
    if len(inside) != 1 or not isinstance(inside[0], Table) or inside[0].columns != 1:
        raise SpecError(f"{doc_id}: join_cell needs lines holding one one-column table")
    extra = tuple(line for row in inside[0].rows for line in row.cells[0].lines)
    last = table.rows[-1]
    cells = last.cells[:-1] + (Cell(last.cells[-1].lines + extra, last.cells[-1].bold),)
    rows = table.rows[:-1] + (Row(cells, last.provenance.merge(where)),)
    return Table(rows, table.provenance.merge(where))


def _replacement(
    fix: dict[str, Any], inside: list[Block], source: list[str], first: int, where: Provenance, doc_id: str
) -> Iterator[Block]:
    if fix.get("drop"):
        return
    if "as_heading" in fix:
        text = " ".join(b.text for b in inside if hasattr(b, "text")) or to_text(source[first - 1]).strip()
        yield Heading(text, int(fix["as_heading"]), where)
    elif "footnote" in fix:
        markup = str(fix["footnote"])
        yield Paragraph(tuple(ln.text for ln in to_lines(markup)), Provenance(where.page, where.line_start,
                        where.line_end, raw=markup), footnote=True)
    elif "table" in fix:
        yield Table(_rows(fix["table"], where), where)
    else:
        raise SpecError(f"{doc_id}: correction of lines {where.line_start}-{where.line_end} says nothing to do: {fix}")


def split_table(block: Block, spec: DocSpec) -> Iterable[Block]:
    """A table cut where a row is a section title (which becomes a heading) or starts a new table."""
    if not isinstance(block, Table) or not (spec.title_rows or spec.split_before_rows):
        return [block]
    pieces: list[Block] = []
    rows: list[Row] = []

    def flush() -> None:
        if rows:
            pieces.append(_table_of(tuple(rows)))
            rows.clear()

    for row in block.rows:
        text = row.cells[0].text if row.cells else ""
        if spec.title_rows and row.width == 1 and re.search(spec.title_rows, text):
            flush()
            pieces.append(Heading(text, TITLE_ROW_LEVEL, row.provenance))
            continue
        if spec.split_before_rows and re.search(spec.split_before_rows, text):
            flush()
        rows.append(row)
    flush()
    return pieces


def _start(block: Block | Row) -> int:
    """The first line of a block of a text export (every block of one has its lines)."""
    assert block.provenance.line_start is not None, block
    return block.provenance.line_start


def _end(block: Block | Row) -> int:
    assert block.provenance.line_end is not None, block
    return block.provenance.line_end
