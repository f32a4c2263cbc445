"""Tables whose header row is not printed again: they take the header of the table they continue.

Councils' action plans often print the header row ("Ref | Action | Lead | Date | Status") once,
at the top of a plan, and every later table of the same plan (after a page break, a chart, a
paragraph of commentary) without it. Such a table has the same number of columns as the headed
table before it and no header of its own: it is read under that header, so that every parser
sees the roles of its columns. The header row it is given carries no evidence of its own (its
``raw`` is empty), since it is not printed there.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..blocks import Block, BlockDocument, Cell, Provenance, Row, Table
from ..readers.tables import mend
from . import columns, patterns

#: How many rows from a table's top its own header may stand (a banner row may come first).
HEADER_WITHIN = 3


def with_carried_headers(document: BlockDocument) -> BlockDocument:
    """The document with each headerless table that continues a headed one given that table's header."""
    headers: dict[int, Row] = {}  # the last header row seen, by its number of columns
    tables: dict[int, int] = {}  # the block index of the last table read under that header
    blocks: list[Block | None] = list(document.blocks)
    for index, block in enumerate(blocks):
        if not isinstance(block, Table) or not block.rows or block.picture:
            continue  # a picture of a table is complete in itself: its header is its own
        found = columns.find_header(block, within=HEADER_WITHIN)
        first_data = found[0] + 1 if found else 0
        compact = without_empty_columns(block, first_data, least=1)
        if compact is not block and (_data_rows(block, first_data) >= 2
                                     or (block.columns not in headers and compact.columns in headers)):
            block = blocks[index] = compact  # a one-row table only when that lines it up with a header seen
            found = columns.find_header(block, within=HEADER_WITHIN)
        if found is not None:
            headers[len(block.rows[found[0]].cells)] = block.rows[found[0]]
            tables[block.columns] = index
            continue
        earlier = tables.get(block.columns)
        if earlier is not None and _carries_on(block.rows[0]):
            # the rest of the last row of the plan's table before, cut off by a page break and a table between
            before = blocks[earlier]
            assert isinstance(before, Table)
            blocks[earlier] = Table((*before.rows[:-1], mend(before.rows[-1], block.rows[0])),
                                    before.provenance.merge(block.rows[0].provenance))
            if len(block.rows) == 1:
                blocks[index] = None  # nothing of it is left to read
                continue
            block = blocks[index] = Table(block.rows[1:], block.provenance)
        last = (headers.get(block.columns) if _worded(block) else None) or inferred_header(block)
        rows = [row for row in block.rows if row.width and not _banner(row)]  # past a section's banner
        if last is not None and any(row.width >= 2 for row in rows[:2]):  # data, not a note in a box
            header = Row(last.cells, Provenance(page=block.provenance.page))
            blocks[index] = Table((header, *block.rows), block.provenance)
            tables[block.columns] = index
    return replace(document, blocks=[block for block in blocks if block is not None])


def _worded(table: Table) -> bool:
    """Rows of words (a plan's rows), not a grid of figures under labels: half its rows have a cell of
    three words or more. A header carries over only to such a table."""
    rows = [row for row in table.rows if row.width >= 2]
    worded = [row for row in rows if any(patterns.word_count(cell.text) >= 3 for cell in row.cells)]
    return bool(rows) and len(worded) * 2 >= len(rows)


def _carries_on(row: Row) -> bool:
    """A row with no first cell whose text starts mid-sentence: the rest of a row cut by a page break."""
    filled = [cell for cell in row.cells if not cell.empty]
    return bool(row.cells) and row.cells[0].empty and len(filled) >= 1 and filled[0].lines[0][:1].islower()


def _data_rows(table: Table, first_data: int) -> int:
    return sum(1 for row in table.rows[first_data:] if row.width >= 2)


def without_empty_columns(table: Table, first_data: int | None = None, least: int = 2) -> Table:
    """The table without the columns no data row fills: the gaps of a grid drawn differently on each page
    (a merged header cell over two grid columns, a sliver between two rules). Then the same plan's
    tables on different pages have the same columns, and a header carries over by their number."""
    if first_data is None:
        header = columns.find_header(table, within=HEADER_WITHIN)
        first_data = header[0] + 1 if header else 0
    data = [row for row in table.rows[first_data:] if row.width >= 2 and not _banner(row)]
    if len(data) < least:
        return table  # one row says too little of which columns are the plan's (unless a header says more)
    width = table.columns
    keep = [c for c in range(width)
            if any(c < len(row.cells) and (not row.cells[c].empty or row.cells[c].fill) for row in data)]
    if len(keep) == width or len(keep) < 2:
        return table
    rows: list[Row] = []
    wrapped: int | None = None  # the dropped column of the banner the last row was
    for row in table.rows:
        column = _banner_column(row)
        if column is not None and column not in keep and column == wrapped:
            rows[-1] = mend(rows[-1], _kept(row, keep))  # a banner wrapped over the grid's rows is one banner
            continue
        rows.append(_kept(row, keep))
        wrapped = column if column is not None and column not in keep else None
    return Table(tuple(rows), table.provenance)


def _banner_column(row: Row) -> int | None:
    """The column of a banner row's one cell of text; None for any other row."""
    filled = [column for column, cell in enumerate(row.cells) if not cell.empty]
    return filled[0] if len(filled) == 1 else None


def _banner(row: Row) -> bool:
    """A row with one cell of text, shaded across the row or not: a section's banner ("2. Existing Council
    provision:"), which says nothing of which columns the plan's rows fill, however wide its shading."""
    return _banner_column(row) is not None


def _kept(row: Row, keep: list[int]) -> Row:
    """A row cut to the columns kept; a dropped cell with text (a banner's, set in a sliver column) takes the place
    of the nearest kept cell before it, or else after it, when that cell is empty."""
    cells = [row.cells[c] if c < len(row.cells) else Cell() for c in keep]
    for column, cell in enumerate(row.cells):
        if column in keep or cell.empty:
            continue
        after = next((i for i, kept in enumerate(keep) if kept > column), len(keep))
        target = next((i for i in (after - 1, after) if 0 <= i < len(keep) and cells[i].empty), None)
        if target is not None:
            cells[target] = cell  # its text, weight and shading
    return Row(tuple(cells), row.provenance)


#: The share of a column's filled cells that must look alike for the cells to decide its role.
CELLS_AGREE = 0.6
#: The header words a role inferred from cells is given, so that every parser reads it as it reads a header.
_ROLE_HEADERS = {"commitment": "Action", "lead": "Lead", "date": "Date", "status": "Status", "progress": "Progress"}


def inferred_header(table: Table) -> Row | None:
    """When a table has no header and continues none, its cells decide: a column of numbered or imperative
    actions is the action, one of status words the status, one of dates the timescale, short names or
    posts beside an action the lead, and long sentences after it progress. Only a table with an action
    column and a lead, date or status column is read this way (an action table); else None."""
    data = [row for row in table.rows if row.width >= 2]
    if len(data) < 2 or table.columns < 3:
        return None
    roles: list[str | None] = [None] * table.columns
    for column in range(table.columns):
        texts = [row.cells[column].text.strip() for row in data if column < len(row.cells) and not row.cells[column].empty]
        if len(texts) < max(2, len(data) // 2):
            continue
        roles[column] = _role_of_cells(texts)
    if "commitment" not in roles:
        return None
    action = roles.index("commitment")
    roles = [None if i != action and role == "commitment" else role for i, role in enumerate(roles)]
    if not {"lead", "date", "status"} & set(roles):
        return None
    cells = tuple(Cell((_ROLE_HEADERS[role],)) if role else Cell() for role in roles)
    return Row(cells, Provenance(page=table.provenance.page))


def _role_of_cells(texts: list[str]) -> str | None:
    from .progress import row_status  # noqa: PLC0415 (progress imports the parsers this module serves)

    def share(test) -> float:
        return sum(1 for text in texts if test(text)) / len(texts)

    words = [len(text.split()) for text in texts]
    if share(lambda t: row_status(t)[1] and len(t.split()) <= 4) >= CELLS_AGREE:
        return "status"
    if share(lambda t: bool(patterns.DATE_START.match(t)) and len(t.split()) <= 6) >= CELLS_AGREE:
        return "date"
    if share(lambda t: bool(patterns.LEADING_REFERENCE.match(t)) or t.split()[0] in patterns.ACTION_VERBS) >= CELLS_AGREE:
        return "commitment"
    if max(words) <= 8 and share(_names_someone) >= CELLS_AGREE:
        return "lead"
    if sum(words) / len(words) >= 8:
        return "progress"
    return None


def _names_someone(text: str) -> bool:
    """A short cell naming a post, team, service or person: capitalised words, no sentence."""
    tokens = re.findall(r"[A-Za-z][\w'&-]*", text)
    return bool(tokens) and not text.rstrip().endswith(".") and sum(t[0].isupper() for t in tokens) * 2 >= len(tokens)
