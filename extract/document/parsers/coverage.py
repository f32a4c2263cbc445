"""Saying when little was read: tables whose columns were not understood, documents with no commitments.

A plan in an unfamiliar layout fails quietly: its tables are skipped and the build says "ok".
After parsing, each table that looks like a plan's table (several rows and columns of words) but
whose columns were not understood gets a warning naming its page and its first row, and a
document that yields no commitments says so. ``strategy-extract build --strict`` fails on either
(:data:`LITTLE_READ`), so that a user adding a document learns at once that it was not read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..blocks import BlockDocument, Table
from . import columns, patterns
from .evidence import Source
from .issues import IssueLog

if TYPE_CHECKING:
    from . import ParsedDocument

#: The issue codes that say a document was little read; ``build --strict`` fails on them.
LITTLE_READ = ("table-not-understood", "no-commitments")
#: Roles that let a table's rows give records (commitments, targets, progress, governance, risks).
_READABLE = {"commitment", "outcome", "objective", "measure", "indicator", "target", "progress", "quarter", "body",
             "risk", "area", "priority"}
#: A table this small, or with cells this short, is a box or a grid of figures, not a plan's table.
_MIN_ROWS, _MIN_COLUMNS, _MIN_WORDS = 2, 3, 3


def report_coverage(document: BlockDocument, parsed: ParsedDocument, log: IssueLog) -> None:
    """Warn of tables not understood (no record was read from their rows), and of a document that
    yields no commitments."""
    # leads alone do not make a table read: the issue is leads hanging on no commitment
    evidence = {line for record in parsed.records() for line in getattr(record, "evidence", "").split("\n") if line}
    unread = []
    for block in document.blocks:
        if isinstance(block, Table) and _looks_like_a_plan_table(block):
            header = columns.find_header(block)
            roles = header[1] if header else []
            read = any(line in evidence for row in block.rows for line in row.provenance.raw.split("\n") if line)
            if not read and not any(role and set(role.split("+")) & _READABLE for role in roles):
                first = block.rows[header[0]] if header else next(
                    (row for row in block.rows if row.width >= 2), block.rows[0])  # not a title row above it
                cells = " | ".join(text[:30] for text in first.texts if text.strip())
                what = "no action, measure or progress column recognised" if header else "no header row recognised"
                where = block.provenance
                place = f"page {where.page}" if where.page is not None else f"line {where.line_start}"
                message = f"{place}: columns {cells!r}: {what}"
                unread.append(message)
                log.warn("table-not-understood", f"{message}; its rows were not read: if they hold actions, targets or "
                         "progress, their header words are not ones the pipeline knows (README: Tables read by meaning)",
                         Source(block.provenance))
    if not parsed.commitments:
        detail = f"; tables not understood: {'; '.join(unread[:5])}" if unread else ""
        log.warn("no-commitments", f"no commitments were read from this document{detail}")


def _looks_like_a_plan_table(table: Table) -> bool:
    rows = [row for row in table.rows if row.width >= 2]
    if len(rows) < _MIN_ROWS or table.columns < _MIN_COLUMNS:
        return False
    worded = [cell for row in rows for cell in row.cells if patterns.word_count(cell.text) >= _MIN_WORDS]
    return len(worded) * 2 >= len(rows)  # a cell of words in every other row at least: text, not a grid of figures
