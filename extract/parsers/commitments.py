"""Numbered commitments: "1.6 We will introduce the Community Trigger ...".

A numbered commitment is a hierarchical number (1.6) with its text, in a table
row ("1.6 | We will ...") or at the start of a paragraph. It belongs to the
priority whose number is its major part (1.6 -> Outcome 1). Numbered paragraphs
that sit under no such priority and make no pledge (the "1.1 This report ..."
paragraphs of a committee cover sheet) are not commitments.

The text is complete: lines of the row carried over a page break are mended by
the reader; bullet points that continue the commitment after a page break (a
list, or a one-column table of bullets, right after it) are added here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from models import Commitment

from ..blocks import BULLET, Block, BlockDocument, Cell, ListItem, Paragraph, Provenance, Table
from . import columns, patterns
from .evidence import Source
from .issues import IssueLog
from .priorities import Outline

#: Columns whose numbered cells are priorities or areas, not commitments.
_PRIORITY_ROLES = {"area", "priority", "outcome", "objective"}


@dataclass
class _Found:
    number: str
    lines: list[str]
    source: Source
    block_index: int
    run_together: bool = False

    @property
    def open_ended(self) -> bool:
        """Does the text invite a continuation (a list, or a lead-in ending in a colon)?"""
        last = self.lines[-1] if self.lines else ""
        return last.startswith(BULLET) or last.rstrip().endswith(":")


@dataclass
class _State:
    outline: Outline
    issues: IssueLog
    found: list[_Found] = field(default_factory=list)
    open: _Found | None = None  # the last commitment, while a continuation may follow


def parse_commitments(document: BlockDocument, outline: Outline, issues: IssueLog) -> list[Commitment]:
    """The numbered commitments of a document, in document order."""
    state = _State(outline, issues)
    for index, block in enumerate(document.blocks):
        if state.open and _continues(state.open, block):
            continue
        state.open = None
        if isinstance(block, Table):
            _read_table(state, block, index)
        elif isinstance(block, (Paragraph, ListItem)) and not getattr(block, "footnote", False):
            _read_paragraph(state, block, index)
    return _records(state)


# -- finding ----------------------------------------------------------------------


def _read_table(state: _State, table: Table, index: int) -> None:
    header = columns.find_header(table)
    roles = header[1] if header else []
    text_column = columns.first_column(roles, "commitment") if roles else None
    for row in table.rows[(header[0] + 1) if header else 0 :]:
        cells = row.cells
        number_at = next(
            (i for i, cell in enumerate(cells[:2]) if patterns.DOTTED.fullmatch(cell.text.strip())), None
        )
        if number_at is not None:
            number = patterns.DOTTED.match(cells[number_at].text.strip()).group("number")
            column = text_column if text_column is not None else _next_filled(cells, number_at + 1)
            lines = list(cells[column].lines) if column is not None and column < len(cells) else []
        elif cells and (match := patterns.DOTTED.match(cells[0].text)) and match.group("rest"):
            number = match.group("number")
            lines = [match.group("rest"), *cells[0].lines[1:]]
        else:
            continue
        if number_at is None:
            number_at = 0
        if number_at < len(roles) and roles[number_at] in _PRIORITY_ROLES:
            continue  # a numbered area or priority (the priorities parser reads those)
        if lines:
            _accept(state, _Found(number, lines, Source(row.provenance), index))


def _next_filled(cells: tuple[Cell, ...], start: int) -> int | None:
    return next((i for i in range(start, len(cells)) if not cells[i].empty), None)


def _read_paragraph(state: _State, block: Paragraph | ListItem, index: int) -> None:
    text = "\n".join(block.lines)
    match = patterns.DOTTED.match(text)
    if not match or not match.group("rest"):
        return
    pieces = _split_run_together(match.group("number"), match.group("rest"))
    for number, rest in pieces:
        lines = [line for line in rest.split("\n") if line.strip()]
        _accept(state, _Found(number, lines, Source(block.provenance), index, run_together=len(pieces) > 1))
    if len(pieces) > 1:
        numbers = ", ".join(number for number, _ in pieces)
        state.issues.warn(
            "run-together-items",
            f"numbered items {numbers} are run together in one paragraph: table columns may be "
            "interleaved in this source. Check these commitments' text against the original.",
            Source(block.provenance),
        )


def _split_run_together(number: str, rest: str) -> list[tuple[str, str]]:
    """Split a paragraph holding several numbered items in sequence ("1.12 ... 1.13 ...")."""
    pieces = [(number, rest)]
    while True:
        current_number, current_text = pieces[-1]
        for following in patterns.next_numbers(current_number):
            match = re.search(rf"(?:^|\s){re.escape(following)}\.?\s+(?=[A-Z])", current_text)
            if match and match.start() > 0:
                pieces[-1] = (current_number, current_text[: match.start()].strip())
                pieces.append((following, current_text[match.end() :]))
                break
        else:
            return pieces


def _accept(state: _State, found: _Found) -> None:
    """Keep a numbered item if it sits under a priority of its number, or makes a pledge."""
    text = " ".join(found.lines)
    if state.outline.for_number(found.number, found.block_index) or patterns.PLEDGE.match(text):
        state.found.append(found)
        state.open = found


def _continues(found: _Found, block: Block) -> bool:
    """Add bullet points that carry on an open-ended commitment after a page break."""
    if not found.open_ended:
        return False
    if isinstance(block, Paragraph) and block.footnote:
        return True  # a footnote at the foot of the page does not end the commitment
    if isinstance(block, ListItem):
        found.lines.append(f"{BULLET} {block.text}")
    elif isinstance(block, Table) and block.columns == 1 and all(
        line.startswith(BULLET) for row in block.rows for line in row.cells[0].lines
    ):
        found.lines.extend(line for row in block.rows for line in row.cells[0].lines)
    else:
        return False
    found.source = found.source.merge(Source(block.provenance))
    return True


# -- records ----------------------------------------------------------------------


def _records(state: _State) -> list[Commitment]:
    document_id = state.outline.document_id
    records: list[Commitment] = []
    seen: dict[str, int] = {}
    for position, found in enumerate(state.found, start=1):
        priority = state.outline.for_number(found.number, found.block_index)
        chain = state.outline.chain(found.block_index)
        if priority is None and chain:
            priority = chain[0]
        seen[found.number] = seen.get(found.number, 0) + 1
        suffix = "" if seen[found.number] == 1 else f"-{seen[found.number]}"
        if suffix:
            state.issues.warn(
                "duplicate-number",
                f"commitment number {found.number} appears more than once; the later one is "
                f"{document_id}:{found.number}{suffix}",
                found.source,
            )
        records.append(
            Commitment(
                id=f"{document_id}:{found.number}{suffix}",
                document_id=document_id,
                priority_id=priority.id if priority else None,
                number=found.number,
                text="\n".join(_tidy(line) for line in found.lines if line.strip()),
                kind="commitment",
                position=position,
                page=found.source.page,
                line=found.source.line,
                evidence=found.source.raw,
            )
        )
    _report_gaps(state, records)
    return records


def _tidy(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip()


def _report_gaps(state: _State, records: list[Commitment]) -> None:
    """Warn where a numbered sequence skips a number (1.4, 1.6): a row may have been lost."""
    last: dict[str, tuple[int, Commitment]] = {}
    for record in records:
        head, _, tail = (record.number or "").partition(".")
        if not tail.isdigit():
            continue
        minor = int(tail)
        previous = last.get(head)
        if previous and minor > previous[0] + 1:
            missing = ", ".join(f"{head}.{n}" for n in range(previous[0] + 1, minor))
            state.issues.warn(
                "numbering-gap",
                f"no commitment numbered {missing} between {previous[1].number} and {record.number}: "
                "check whether the source skips it or a row was not read",
                Source(Provenance(page=record.page, line_start=record.line, line_end=record.line)),
            )
        last[head] = (minor, record)
