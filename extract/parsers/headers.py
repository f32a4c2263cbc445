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

from ..blocks import BlockDocument, Cell, Provenance, Row, Table
from . import columns, patterns

#: How many rows from a table's top its own header may stand (a banner row may come first).
HEADER_WITHIN = 3


def with_carried_headers(document: BlockDocument) -> BlockDocument:
    """The document with each headerless table that continues a headed one given that table's header."""
    headers: dict[int, Row] = {}  # the last header row seen, by its number of columns
    blocks = list(document.blocks)
    for index, block in enumerate(blocks):
        if not isinstance(block, Table) or not block.rows:
            continue
        block = blocks[index] = without_empty_columns(block)
        found = columns.find_header(block, within=HEADER_WITHIN)
        if found is not None:
            headers[len(block.rows[found[0]].cells)] = block.rows[found[0]]
            continue
        last = headers.get(block.columns) or inferred_header(block)
        if last is not None and any(row.width >= 2 for row in block.rows[:2]):  # data, not a note in a box
            header = Row(last.cells, Provenance(page=block.provenance.page))
            blocks[index] = Table((header, *block.rows), block.provenance)
    return replace(document, blocks=blocks)


def without_empty_columns(table: Table) -> Table:
    """The table without the columns no data row fills: the gaps of a grid drawn differently on each page
    (a merged header cell over two grid columns, a sliver between two rules). Then the same plan's
    tables on different pages have the same columns, and a header carries over by their number."""
    header = columns.find_header(table, within=HEADER_WITHIN)
    first_data = header[0] + 1 if header else 0
    data = [row for row in table.rows[first_data:] if row.width >= 2]
    if not data:
        return table
    width = table.columns
    keep = [c for c in range(width)
            if any(c < len(row.cells) and (not row.cells[c].empty or row.cells[c].fill) for row in data)]
    if len(keep) == width or len(keep) < 2:
        return table
    rows = tuple(Row(tuple(row.cells[c] if c < len(row.cells) else Cell() for c in keep), row.provenance)
                 for row in table.rows)
    return Table(rows, table.provenance)


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

    def share(test) -> float:  # type: ignore[no-untyped-def]
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
