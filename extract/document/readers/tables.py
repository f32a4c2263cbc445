"""Tables that cross page breaks, for every reader.

A table interrupted by a page break (or, in a text export, by blank lines, page
furniture or a footnote) continues when the next row fits its columns. The header
row printed again at the top of the new page is dropped, and a row cut in two by
the break (its first cell empty) is put back together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import zip_longest

from ..blocks import Cell, Provenance, Row, Table

#: Text ending like this finishes its sentence; text ending otherwise carries on after a break.
TERMINAL = re.compile(r"[.:;!?)]$")


def continues(rows: Sequence[Row], row: Row) -> bool:
    """After a break, does ``row`` belong to the table made of ``rows``?"""
    columns = max(len(r.cells) for r in rows)
    return len(row.cells) == columns or 2 <= row.width <= columns


#: How many of a table's first rows may be its header (a banner row can stand above the header row).
HEADER_ROWS = 3


def is_repeated_header(rows: Sequence[Row], row: Row) -> bool:
    """Is ``row`` the table's header row (one of its first rows) printed again on a new page?"""
    return row.width > 0 and any(row.texts == top.texts for top in rows[:HEADER_ROWS])


def cut_by_page(upper: Row, lower: Row, after_break: bool) -> bool:
    """Is ``lower`` the rest of ``upper``, cut off by a page break?

    Its first cell is empty where the row above has one. After a break that is enough;
    without one (a row carried on the next line of a text export), the text must also
    run on mid-sentence into a word in lower case.
    """
    if not lower.cells or not lower.cells[0].empty or not upper.cells or upper.cells[0].empty:
        return False
    if lower.width < 2:
        return False
    if after_break:
        return True
    last = next((c for c in reversed(upper.cells[: lower.width]) if not c.empty), None)
    first = next((c for c in lower.cells if not c.empty), None)
    return bool(last and first and not TERMINAL.search(last.lines[-1]) and first.lines[0][:1].islower())


def joined_cell(upper: Cell, lower: Cell) -> Cell:
    """A cell cut by a page break, put back together.

    A continuation that starts in lower case carries on the sentence of the line above;
    anything else (a bullet, a capital) starts a line of its own.
    """
    if upper.empty:
        return lower
    if lower.empty:
        return upper
    first = lower.lines[0]
    if first[:1].islower():
        lines = upper.lines[:-1] + (f"{upper.lines[-1]} {first}",) + lower.lines[1:]
    else:
        lines = upper.lines + lower.lines
    return Cell(lines, bold=upper.bold and lower.bold, fill=upper.fill or lower.fill)


def mend(upper: Row, lower: Row) -> Row:
    """One row from a row and the rest of it found after a page break."""
    cells = tuple(joined_cell(a, b) for a, b in zip_longest(upper.cells, lower.cells, fillvalue=Cell()))
    return Row(cells, upper.provenance.merge(lower.provenance))


def add_row(rows: list[Row], row: Row, after_break: bool) -> bool:
    """Append a row to a table being assembled, dropping a repeated header and mending a cut row.

    Returns False when the row was a repeated header (dropped): the break is then still before the next row.
    """
    if after_break and is_repeated_header(rows, row):
        return False
    if rows and cut_by_page(rows[-1], row, after_break):
        rows[-1] = mend(rows[-1], row)
    else:
        rows.append(row)
    return True


def join(upper: Table, lower: Table) -> Table | None:
    """The table that ``upper`` and ``lower`` make when ``lower`` continues it on the next page."""
    if not lower.rows or not continues(upper.rows, lower.rows[0]):
        return None
    rows = list(upper.rows)
    after_break = True
    for row in lower.rows:
        after_break = not add_row(rows, row, after_break) and after_break
    return Table(tuple(rows), upper.provenance.merge(lower.provenance))


def carry_on(table: Table, lines: Sequence[str], where: Provenance) -> Table | None:
    """The table with text found after a page break that finishes its last cell's sentence.

    A borderless table's row cut by the page break can leave a single line, with no other
    column, at the top of the next page: it belongs to the cell it carries on mid-sentence.
    """
    if not table.rows or not lines or not lines[0][:1].islower():
        return None
    last = table.rows[-1]
    column = next((i for i in range(len(last.cells) - 1, -1, -1) if not last.cells[i].empty), None)
    if column is None or TERMINAL.search(last.cells[column].lines[-1]):
        return None
    cells = list(last.cells)
    cells[column] = joined_cell(cells[column], Cell(tuple(lines)))
    row = Row(tuple(cells), last.provenance.merge(where))
    return Table(table.rows[:-1] + (row,), table.provenance.merge(where))
