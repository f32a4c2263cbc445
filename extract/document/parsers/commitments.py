"""Commitments of every kind: numbered pledges, action-plan rows, objectives, delivery points, outcomes.

Which kind a commitment is comes from where it stands, read by meaning: a numbered
pledge ("1.6 We will ..."); a row of a table whose column means action
("Action", "Activity", "Task", a communications plan's "Message"), with the due date
of its date column; a delivery point (a "Delivery" column cell, or the items of a
"What will we do?" cell); an outcome statement (an "Outcomes" column cell); an
objective listed under an objectives heading inside a priority's section.

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

from ..blocks import BULLET, Block, BlockDocument, Cell, Heading, ListItem, Paragraph, Provenance, Row, Table
from . import columns, patterns
from .evidence import Source
from .patterns import squash
from .issues import IssueLog
from .priorities import Outline

#: Columns whose numbered cells are priorities or areas, not commitments.
_PRIORITY_ROLES = {"area", "priority", "outcome", "objective"}
#: Header wordings of a commitment-role column that make its rows pledges, not actions.
_PLEDGE_HEADERS = {"commitment", "commitments", "pledge", "pledges", "what we will do"}


@dataclass
class _Found:
    number: str | None
    lines: list[str]
    source: Source
    block_index: int
    kind: str = "commitment"
    priority_id: str | None = None  # when known from the row itself (an area cell)
    due_text: str | None = None
    prose: bool = False  # an unnumbered pledge in running text
    measure: str | None = None  # the row's success measure

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
    objectives: bool = False  # inside an objectives list of a priority's section


def parse_commitments(document: BlockDocument, outline: Outline, issues: IssueLog) -> list[Commitment]:
    """The commitments of a document, of every kind, in document order."""
    state = _State(outline, issues)
    for index, block in enumerate(document.blocks):
        if state.open and _continues(state.open, block):
            continue
        state.open = None
        if isinstance(block, Heading):
            state.objectives = bool(patterns.OBJECTIVES_HEADING.match(block.text)) and bool(outline.chain(index))
        elif isinstance(block, Table):
            state.objectives = False
            _read_table(state, block, index)
        elif isinstance(block, (Paragraph, ListItem)) and not getattr(block, "footnote", False):
            if state.objectives:
                _read_objective(state, block, index)
            else:
                _read_paragraph(state, block, index)
    if any(found.number for found in state.found):
        # A plan that numbers its commitments states them in its numbered list; its prose pledges
        # ("We will accomplish this by ...") introduce or elaborate them.
        state.found = [found for found in state.found if not found.prose]
    return _records(state)


# -- finding ----------------------------------------------------------------------


def _read_table(state: _State, table: Table, index: int) -> None:
    """Numbered rows anywhere; unnumbered rows under a header that has a commitment-like column.

    A wide table can hold several sections, each with its own header row (governance, targets,
    actions, communications plan): every row that reads as a header sets the roles below it.
    """
    roles: list[str | None] = []
    header_texts: tuple[str, ...] = ()
    area: str | None = None
    for row in table.rows:
        found_roles = columns.header_roles(row)
        if found_roles:
            roles, header_texts, area = found_roles, row.texts, None
            continue
        area = _area_of(state, row, roles) or area
        if _numbered_row(state, row, roles, index):
            continue
        if roles:
            _row_commitments(state, row, roles, header_texts, index, area)
        elif len(row.cells) >= 2 and patterns.DELIVERY_LABEL.match(row.cells[0].text):
            for item in _items(row.cells[1].lines):
                state.found.append(_Found(None, [item], Source(row.provenance), index, kind="delivery"))


def _numbered_row(state: _State, row: Row, roles: list[str | None], index: int) -> bool:
    """A row numbered 1.6 (alone in its cell, or before the text): a numbered pledge.

    Under an action-type column ("Activity", "Action") a numbered row is an action with a reference
    number instead, read with its lead and due date by :func:`_row_commitments`.
    """
    cells = row.cells
    if roles and columns.first_column(roles, "date") is not None and columns.first_column(roles, "commitment") is not None:
        return False
    text_column = columns.first_column(roles, "commitment") if roles else None
    number_at = next((i for i, cell in enumerate(cells[:2]) if patterns.DOTTED.fullmatch(cell.text.strip())), None)
    if number_at is not None:
        dotted = patterns.DOTTED.match(cells[number_at].text.strip())
        assert dotted is not None  # it matched in full just above
        number = dotted.group("number")
        column = text_column if text_column is not None else _next_filled(cells, number_at + 1)
        lines = list(cells[column].lines) if column is not None and column < len(cells) else []
    elif cells and (match := patterns.DOTTED.match(cells[0].text)) and match.group("rest"):
        number, number_at = match.group("number"), 0
        lines = [match.group("rest"), *cells[0].lines[1:]]
    else:
        return False
    if number_at < len(roles) and roles[number_at] in _PRIORITY_ROLES | {"area"}:
        return False  # a numbered area or priority (the priorities parser reads those)
    if lines:
        _accept(state, _Found(number, lines, Source(row.provenance), index))
    return True


def _row_commitments(
    state: _State, row: Row, roles: list[str | None], headers: tuple[str, ...], index: int, area: str | None
) -> None:
    column = columns.first_column(roles, "commitment")
    kind = "action"
    if column is None:
        column, kind = columns.first_column(roles, "outcome"), "outcome"
    if column is None or column >= len(row.cells) or row.cells[column].empty:
        return
    cell = row.cells[column]
    if _is_stray_label(row) or patterns.TEMPLATE_TEXT.match(cell.text):
        return
    header = columns.header_words(headers[column]) if column < len(headers) else ""
    if kind == "action" and header in _PLEDGE_HEADERS:
        kind = "commitment"
    elif kind == "action" and header in columns.DELIVERY_HEADERS:
        kind = "delivery"
    where = Source(row.provenance)
    if kind in ("delivery", "outcome"):
        for item in _items(cell.lines):
            state.found.append(_Found(None, [item], where, index, kind=kind, priority_id=area))
        return
    if not _says_something(cell.text):
        return  # a count or a code in an action-like column ("115", "21") is no action
    date_column = columns.first_column(roles, "date")
    due = ""
    if date_column is not None and date_column < len(row.cells):
        due = row.cells[date_column].text.strip()
        if roles[date_column] != "date":  # a column holding the lead and the date: its date part
            due = columns.split_lead_date(due)[1]
    number, lines = _reference(row, roles), list(cell.lines)
    if number is None and (leading := patterns.LEADING_REFERENCE.match(lines[0])):
        number, lines[0] = patterns.reference_number(leading.group("number")), lines[0][leading.end():]
    measure_column = columns.first_column(roles, "measure")
    measure = squash(" ".join(row.cells[measure_column].lines)) if measure_column is not None and measure_column < len(
        row.cells) else ""
    state.found.append(_Found(number, lines, where, index, kind=kind, priority_id=area, due_text=due or None,
                              measure=measure or None))


def _reference(row: Row, roles: list[str | None]) -> str | None:
    """The row's reference ("1.1.1", "SR2-01", "A3" in a Ref column; a dotted number alone in the first cell)."""
    column = columns.first_column(roles, "number")
    if column is not None:
        return patterns.reference_number(row.cells[column].text) if column < len(row.cells) else None
    if row.cells and (match := patterns.REFERENCE.match(row.cells[0].text.strip())):
        return match.group("number")
    return None


def _says_something(text: str) -> bool:
    """Words, not only figures or a code ("115*", "21")."""
    return patterns.word_count(text) > 0


def _area_of(state: _State, row: Row, roles: list[str | None]) -> str | None:
    """The id of the area a row's area cell names ("1.4. Serious Youth Violence"), if any."""
    column = columns.first_column(roles, "area") if roles else None
    if column is None or column >= len(row.cells):
        return None
    match = patterns.DOTTED.match(row.cells[column].text.strip())
    if not match:
        return None
    area = next((p for p in state.outline.priorities if p.kind == "area" and p.number == match.group("number")), None)
    return area.id if area else None


def _is_stray_label(row: Row) -> bool:
    """A row holding nothing but a column label ("Qtr 4" left over from a header) or a bold title
    ("SECTION 5: COMMUNICATIONS PLAN") of the next part of a table that merges several."""
    filled = [cell for cell in row.cells if not cell.empty]
    return len(filled) == 1 and (filled[0].bold or columns.column_role(filled[0].text) is not None)


def _items(lines: tuple[str, ...] | list[str]) -> list[str]:
    """The separate items of a cell: one per line, numbered items split, run-together points split."""
    items: list[str] = []
    for line in lines:
        text = line[2:] if line.startswith(BULLET + " ") else line
        numbered = [m.start(1) for m in patterns.INLINE_NUMBERED.finditer(text)]
        if len(numbered) >= 2 or (numbered and numbered[0] == 0):
            bounds = numbered + [len(text)]
            parts = [re.sub(r"^\d{1,2}[.)]\s+", "", text[a:b]).strip() for a, b in zip(bounds, bounds[1:], strict=False)]
            items.extend(part for part in parts if part)
        else:
            items.extend(_split_points(text))
    return [item for item in items if item.strip()]


def _split_points(text: str) -> list[str]:
    """Two imperative points run together on one line, split before the second's verb."""
    words = text.split(" ")
    for i in range(2, len(words) - 2):
        if words[i] in patterns.ACTION_VERBS and words[i - 1][-1:].islower():
            return [" ".join(words[:i]), *_split_points(" ".join(words[i:]))]
    return [text]


def _read_objective(state: _State, block: Paragraph | ListItem, index: int) -> None:
    """An item listed under an objectives heading inside a priority's section."""
    for line in block.lines:
        if line.strip() and not line.rstrip().endswith(":"):
            state.found.append(_Found(None, [line], Source(block.provenance), index, kind="objective"))


def _next_filled(cells: tuple[Cell, ...], start: int) -> int | None:
    return next((i for i in range(start, len(cells)) if not cells[i].empty), None)


def _read_paragraph(state: _State, block: Paragraph | ListItem, index: int) -> None:
    text = "\n".join(block.lines)
    match = patterns.DOTTED.match(text)
    if not match or not match.group("rest"):
        _read_pledge(state, block, index)
        return
    pieces = _split_run_together(match.group("number"), match.group("rest"))
    for number, rest in pieces:
        lines = [line for line in rest.split("\n") if line.strip()]
        _accept(state, _Found(number, lines, Source(block.provenance), index))
    if len(pieces) > 1:
        numbers = ", ".join(number for number, _ in pieces)
        state.issues.warn(
            "run-together-items",
            f"numbered items {numbers} are run together in one paragraph: table columns may be "
            "interleaved in this source. Check these commitments' text against the original.",
            Source(block.provenance),
        )


def _read_pledge(state: _State, block: Paragraph | ListItem, index: int) -> None:
    """An unnumbered pledge in prose: a paragraph or list item that opens "We will ...", "This year, we
    will ...", "The council will ...", "We are committed to ..." (a report paragraph's own number,
    "28.", does not count as the pledge's number)."""
    text = squash(block.text)
    text = re.sub(r"^\d{1,3}\.\s+", "", text)  # a committee report's paragraph number
    for sentence in patterns.SENTENCE_BREAK.split(text):
        if patterns.PROSE_PLEDGE.match(sentence) and len(sentence.split()) >= 6 and not sentence.endswith(":"):
            state.found.append(_Found(None, [sentence], Source(block.provenance), index, kind="commitment", prose=True))


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
    if (found.number is not None and state.outline.for_number(found.number, found.block_index)) or patterns.PLEDGE.match(text):
        state.found.append(found)
        state.open = found


def _continues(found: _Found, block: Block) -> bool:
    """Add bullet points that carry on an open-ended commitment after a page break."""
    if found.kind != "commitment" or not found.open_ended:
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
        priority_id = found.priority_id or _priority_for(state.outline, found)
        key = found.number or f"{found.kind}:{sum(1 for r in records if r.kind == found.kind and not r.number) + 1}"
        seen[key] = seen.get(key, 0) + 1
        suffix = "" if seen[key] == 1 else f"-{seen[key]}"
        if suffix:
            state.issues.warn(
                "duplicate-number",
                f"commitment number {found.number} appears more than once; the later one is "
                f"{document_id}:{key}{suffix}",
                found.source,
            )
        due = _due(found.due_text)
        records.append(
            Commitment(
                id=f"{document_id}:{key}{suffix}",
                document_id=document_id,
                priority_id=priority_id,
                number=found.number,
                text="\n".join(squash(line) for line in found.lines if line.strip()),
                kind=found.kind,
                due=due.iso if due else None,
                due_text=found.due_text,
                due_precision=due.precision if due else None,
                ongoing=bool(due and due.ongoing),
                measure=found.measure,
                position=position,
                **found.source.fields(),
            )
        )
    _report_gaps(state, records)
    return records


def _priority_for(outline: Outline, found: _Found) -> str | None:
    if found.number:
        priority = outline.for_number(found.number, found.block_index)
        if priority:
            return priority.id
    chain = outline.chain(found.block_index, found.source.page)
    return chain[0].id if chain else None


def _due(text: str | None):
    if not text:
        return None
    from .dates import parse_due  # noqa: PLC0415 (dates pulls in dateparser: load it only when needed)

    return parse_due(text)



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
