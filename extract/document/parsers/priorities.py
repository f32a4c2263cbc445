"""Priorities, outcomes, strategic objectives and their areas, and the outline they give a document.

A document declares its priorities in several ways, all recognised here:

- labelled: "Priority 1 – Property crime ...", "Priority One: ...", "Outcome 3: ...",
  or "Priority 3:" with the title in the next block;
- a numbered list under a heading that names them ("Outcome", "Our priorities");
- a table numbering them across its columns (1 | 2 | 3 above their texts);
- numbered sub-areas: "3a. Domestic Violence ..." headings, or "1.4. Serious Youth
  Violence" in a column that means area ("AREA", "Theme").

The same priority is often declared twice (a summary list, then a section heading):
it is recorded once, where it is first declared, and every later mention makes it
the current priority again. A section heading that matches a declared title
("PROPERTY CRIME, WITH A FOCUS ON BURGLARY") does the same. The resulting
:class:`Outline` tells the other parsers which priority each block sits under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, utils

from models import Priority

from ..blocks import Block, BlockDocument, Heading, ListItem, Paragraph, Table
from . import columns, patterns
from .evidence import Source, source_of_line
from .patterns import squash

#: Similarity (0-100) a section heading needs to a declared priority's title to reopen it.
TITLE_MATCH_SCORE = 88


@dataclass
class Outline:
    """The priorities of a document and, for each block, the priority it sits under."""

    document_id: str
    priorities: list[Priority] = field(default_factory=list)
    current: list[str | None] = field(default_factory=list)  # by block index
    declared_at: dict[str, int] = field(default_factory=dict)  # priority id -> block index
    #: Tables whose priority changes at a page: block index -> (first page, priority id), in order.
    by_page: dict[int, list[tuple[int, str | None]]] = field(default_factory=dict)

    def get(self, priority_id: str | None) -> Priority | None:
        return next((p for p in self.priorities if p.id == priority_id), None)

    def chain(self, block_index: int, page: int | None = None) -> list[Priority]:
        """The priority a block (on ``page``, for a table running over pages) sits under, then its parents."""
        found: list[Priority] = []
        priority = self.get(self._current(block_index, page))
        while priority is not None and priority not in found:
            found.append(priority)
            priority = self.get(priority.parent_id)
        return found

    def _current(self, block_index: int, page: int | None) -> str | None:
        pages = self.by_page.get(block_index)
        if pages and page is not None:
            return next((pid for start, pid in reversed(pages) if start <= page), pages[0][1])
        return self.current[block_index] if block_index < len(self.current) else None

    def for_number(self, number: str, block_index: int) -> Priority | None:
        """The priority a numbered item belongs to, as of a block: the one numbered like its longest
        prefix ("1.1.1" -> objective 1.1, else priority 1; "1.6" -> outcome 1)."""
        parts = number.split(".")
        for wanted in [".".join(parts[:n]) for n in range(len(parts) - 1, 1, -1)] + [patterns.major(number)]:
            for priority in self.chain(block_index):
                if priority.number == wanted:
                    return priority
            declared = [
                p
                for p in self.priorities
                if p.number == wanted and p.kind != "area" and self.declared_at[p.id] <= block_index
            ]
            if declared:
                return declared[-1]
        return None


@dataclass
class _State:
    outline: Outline
    list_kind: str | None = None  # set by a heading such as "Outcomes"
    pending_title: str | None = None  # a "Priority 3:" waiting for its title
    current: str | None = None
    block_index: int = 0
    announced: str | None = None  # the kind of the list a paragraph has just announced ("our priorities ... are:")


def parse_priorities(document: BlockDocument, document_id: str) -> Outline:
    """Read the priorities of a document and the outline they give it."""
    state = _State(Outline(document_id))
    for index, block in enumerate(document.blocks):
        state.block_index = index
        following = document.blocks[index + 1] if index + 1 < len(document.blocks) else None
        if not _page_title(state, block, following):
            _read_block(state, block)
        state.outline.current.append(state.current)
    return state.outline


#: Headings that name a part of a document, not a priority or service area, over a table of actions.
_PART_HEADING = re.compile(
    r"\b(?:plan|plans|appendix|annex|section|part|table|contents|report|actions?|summary|introduction|background"
    r"|progress|update|key|notes?)\b"
    r"|^(?:how|what|why|where|when|who|our|we)\b",  # a lead-in ("How we will make this happen"), not a name
    re.I,
)


def _page_title(state: _State, block: Block, following: Block | None) -> bool:
    """A title heading a page of action tables names the section (a service area, a theme) the actions sit
    under: an unnumbered heading right before a table with an action column is a priority; the same title
    heading the next pages makes it current again."""
    if not isinstance(block, Heading) or not isinstance(following, Table):
        return False
    text = re.sub(r"\s+", " ", block.text).strip(" :")
    if (patterns.LABELLED.match(text) or patterns.LIST_HEADING.match(text) or _PART_HEADING.search(text)
            or not 1 <= len(text.split()) <= 10 or re.search(r"\d", text)):
        return False
    header = columns.find_header(following)
    if header is None or columns.first_column(header[1], "commitment") is None:
        return False
    existing = next((p for p in state.outline.priorities if p.number is None and p.title == text), None)
    if existing is not None:
        state.current = existing.id
    else:
        _declare(state, "priority", None, text, Source(block.provenance))
    return True


def _read_block(state: _State, block: Block) -> None:
    if state.pending_title and isinstance(block, (Paragraph, Heading)):
        if not patterns.LABELLED.match(block.text):
            _set_title(state, state.pending_title, block.text, Source(block.provenance).raw)
        state.pending_title = None
    if isinstance(block, Table):
        state.announced = None
        _read_table(state, block)
        return
    if _announced(state, block):
        return
    if isinstance(block, Heading):
        state.list_kind = None
        listing = patterns.LIST_HEADING.match(block.text)
        if listing:
            state.list_kind = patterns.label_kind(listing.group("label"))
            return
    lines = block.lines if isinstance(block, (Paragraph, Heading, ListItem)) else ()
    for offset, line in enumerate(lines):
        if _labelled(state, block, offset, line):
            continue
        if isinstance(block, Heading) and _area_heading(state, block, line):
            continue
        if isinstance(block, ListItem) and state.list_kind and _list_item(state, block, line):
            continue
        if isinstance(block, Heading) and not block.text[:1].isdigit():
            _reopen_by_title(state, line)


def _announced(state: _State, block: Block) -> bool:
    """Priorities announced in prose and then listed: a paragraph whose last sentence announces the document's
    own priorities and ends in a colon ("... we have agreed our priorities to reduce crime, which are:"), then
    a list, bulleted or numbered, each item a priority. The list summarises: it declares the priorities but does
    not open a section (the blocks after it sit under whatever they sat under before)."""
    if isinstance(block, ListItem) and state.announced:
        line = block.text.strip()
        numbered = patterns.LIST_NUMBER.match(line)
        number = numbered.group("number") if numbered else (block.marker.rstrip(".)") if block.marker[:1].isdigit() else None)
        title = numbered.group("title") if numbered else line
        current = state.current
        if 2 <= len(title.split()) <= 25:
            _declare(state, state.announced, number, title.rstrip(" .;"), source_of_line(block, 0))
        state.current = current
        return True
    state.announced = None
    if isinstance(block, Paragraph) and not block.footnote:
        match = patterns.ANNOUNCED_LIST.search(patterns.last_sentence(block.text))
        if match:
            label = match.group("label") or match.group("label2") or match.group("label3")
            state.announced = patterns.label_kind(label)
            return True
    return False


def _labelled(state: _State, block: Block, offset: int, line: str) -> bool:
    match = patterns.LABELLED.match(line)
    if not match:
        return False
    title = match.group("title").strip()
    number = patterns.number_value(match.group("number"))
    # "Objective 1.1" subdivides priority 1: its parent is the priority of its major number
    parent = _parent_for(state, patterns.major(number)) if "." in number else None
    priority = _declare(
        state,
        kind=patterns.label_kind(match.group("label")),
        number=number,
        title=title,
        where=source_of_line(block, offset),
        parent=parent,
    )
    if not title and not priority.title:
        state.pending_title = priority.id
    return True


def _area_heading(state: _State, block: Heading, line: str) -> bool:
    match = patterns.AREA_HEADING.match(line)
    if not match:
        return False
    number = match.group("number").lower()
    parent = _parent_for(state, patterns.major(number))
    _declare(state, "area", number, match.group("title"), source_of_line(block, 0), parent=parent)
    return True


def _list_item(state: _State, block: ListItem, line: str) -> bool:
    match = patterns.LIST_NUMBER.match(line)
    number = match.group("number") if match else None
    title = match.group("title") if match else None
    if number is None and block.marker[:1].isdigit():
        number, title = block.marker.rstrip(".)"), line
    if number is None or title is None:
        return False
    _declare(state, state.list_kind or "priority", number, title, source_of_line(block, 0))
    return True


def _read_table(state: _State, table: Table) -> None:
    if _numbered_across(state, table):
        return
    _read_banners(state, table)
    header = columns.find_header(table)
    if not header:
        return
    header_index, roles = header
    _reopen_by_opening_rows(state, table.rows[header_index + 1 :], roles)
    for row in table.rows[header_index + 1 :]:
        for cell, role in zip(row.cells, roles, strict=False):
            if role not in ("area", "priority", "outcome", "objective"):
                continue
            match = patterns.DOTTED.match(cell.text) or patterns.LIST_NUMBER.match(cell.text)
            if not match:
                continue
            number = match.group("number")
            title = (match.groupdict().get("rest") or match.groupdict().get("title") or "").strip()
            if not title:
                continue
            kind = "area" if role == "area" else role
            parent = _parent_for(state, patterns.major(number)) if "." in number else None
            _declare(state, kind, number, title, Source(row.provenance), parent=parent)


#: A banner row's label: "Statutory Recommendation 2", "Theme 3", "Outcome 1:" (words, then a number).
_BANNER = re.compile(
    r"^(?P<label>[A-Za-z][A-Za-z&' ]{1,48}?)\s+(?P<number>\d{1,2}[a-z]?)(?![\w/])\s*(?:[:.)\-–—]+\s*)?(?P<title>.*)$"
)
#: A numbered banner: "1. Governance", "2) Existing Council provision:" (a number, then a title in words).
_NUMBERED_BANNER = re.compile(r"^(?P<number>\d{1,2})[.)]\s+(?P<title>[A-Z][^\d]{2,80}?)\s*:?$")
#: Labels that title a part of a document or a figure, not a priority.
_NOT_BANNER_LABELS = re.compile(r"\b(?:section|part|appendix|annex|table|figure|chart|page|q(?:tr|uarter)?|year|phase)$", re.I)


def _read_banners(state: _State, table: Table) -> None:
    """Banner rows: a row spanning a table above its header or between its groups of rows, naming the
    priority (recommendation, theme, outcome ...) the rows below sit under: "Statutory Recommendation 2 |
    Ensure planned savings ...". A banner repeated after a page break, or carried on in the next row,
    is the same priority (its title completed)."""
    if table.columns < 3:
        return
    rows = table.rows
    last: Priority | None = None
    for index, row in enumerate(rows):
        filled = [cell for cell in row.cells if not cell.empty]
        if not filled or len(filled) > 2 or len(row.cells) < 3:
            last = None
            continue
        first_line = filled[0].lines[0].strip() if filled[0].lines else ""
        if last is not None and len(filled) == 1 and filled[0].bold and not _NUMBERED_BANNER.match(first_line):
            _set_title(state, last.id, f"{last.title} {filled[0].text}".strip(), Source(row.provenance).raw)
            last = state.outline.get(last.id)
            continue  # a banner's title wrapped over the next rows of its cell
        numbered = _NUMBERED_BANNER.match(first_line) if len(filled) == 1 and filled[0].bold else None
        if numbered:  # "1. Governance" alone and bold across an action table: a numbered section
            last = _declare(state, "priority", numbered.group("number"),
                            " ".join([numbered.group("title"), *filled[0].lines[1:]]), Source(row.provenance))
            continue
        match = _BANNER.match(first_line)
        above_header = index + 1 < len(rows) and columns.header_roles(rows[index + 1]) is not None
        if not match or _NOT_BANNER_LABELS.search(match.group("label").strip()):
            last = None
            continue
        if not (above_header or all(cell.bold for cell in filled)):
            continue
        label = match.group("label").strip()
        title = " ".join(part for part in (match.group("title"), *filled[0].lines[1:],
                                           filled[1].text if len(filled) > 1 else "") if part).strip()
        kind = patterns.label_kind(label) if label.split()[-1].lower().rstrip("s") in patterns.LABEL_KINDS else "priority"
        number = patterns.number_value(match.group("number"))
        if last is not None and (last.kind, last.number) == (kind, number):
            if title and title not in last.title:
                _set_title(state, last.id, f"{last.title} {title}", Source(row.provenance).raw)
            continue
        last = _declare(state, kind, number, title or label, Source(row.provenance))


def _reopen_by_opening_rows(state: _State, rows: tuple, roles: list[str | None]) -> None:
    """A table, or a page of one, that opens with its priority's title instead of a heading.

    Slides and tables often repeat a section's title as the first outcome ("Early intervention
    and prevention of Domestic Abuse and VAWG") rather than heading the page with it: the first
    line of such a cell, worded like a declared priority, makes that priority current, for the
    whole table when it is the table's first row, else from that row's page on.
    """
    page = None
    for index, row in enumerate(rows):
        if index and row.provenance.page == page:
            continue
        page = row.provenance.page
        before = state.current
        for cell, role in zip(row.cells, roles, strict=False):
            if role in ("priority", "outcome", "objective") and cell.lines and cell.lines[0].strip():
                _reopen_by_title(state, cell.lines[0])
        if index and state.current != before and page is not None:
            pages = state.outline.by_page.setdefault(state.block_index, [(rows[0].provenance.page or 0, before)])
            pages.append((page, state.current))


def _numbered_across(state: _State, table: Table) -> bool:
    """A table that numbers priorities across its columns: a row '1 | 2 | 3' above their texts."""
    rows = table.rows
    for index, row in enumerate(rows[:-1]):
        numbers = [cell.text for cell in row.cells if not cell.empty]
        if len(numbers) < 2 or numbers != [str(n) for n in range(1, len(numbers) + 1)]:
            continue
        kind = state.list_kind or _kind_in_rows(rows[:index])
        if kind is None:
            return False
        texts = rows[index + 1].cells
        for cell, title in zip(row.cells, texts, strict=False):
            if not cell.empty and not title.empty:
                _declare(state, kind, cell.text, title.text, Source(rows[index + 1].provenance))
        return True
    return False


def _kind_in_rows(rows: tuple) -> str | None:
    for row in rows:
        for cell in row.cells:
            match = patterns.LIST_HEADING.match(cell.text)
            if match:
                return patterns.label_kind(match.group("label"))
    return None


def _parent_for(state: _State, number: str) -> str | None:
    """The priority an area numbered under ``number`` subdivides: the current one if it fits."""
    outline = state.outline
    current = outline.get(state.current)
    while current is not None:
        if current.kind != "area" and current.number == number:
            return current.id
        current = outline.get(current.parent_id)
    candidates = [p for p in outline.priorities if p.kind != "area" and p.number == number]
    return candidates[-1].id if candidates else None


def _reopen_by_title(state: _State, heading: str) -> None:
    """A section heading worded like a declared priority makes that priority current."""
    if len(heading.split()) < 2:
        return
    scored = [
        (fuzz.token_set_ratio(heading, p.title, processor=utils.default_process), p)
        for p in state.outline.priorities
        if p.kind != "area" and p.title
    ]
    scored = [item for item in scored if item[0] >= TITLE_MATCH_SCORE]
    if not scored:
        return
    scored.sort(key=lambda item: -item[0])
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return  # ambiguous: leave the outline as it is
    state.current = scored[0][1].id


def _declare(
    state: _State, kind: str, number: str | None, title: str, where: Source, parent: str | None = None
) -> Priority:
    outline = state.outline
    title = _clean_title(title)
    for existing in outline.priorities:
        same = existing.number == number if number is not None else existing.number is None and existing.title == title
        if existing.kind == kind and same:  # an unnumbered priority is the same one only by its title
            state.current = existing.id
            if not existing.title and title:
                _set_title(state, existing.id, title, where.raw)
                return outline.get(existing.id)  # type: ignore[return-value]
            return existing
    priority = Priority(
        id=_new_id(outline, kind, number),
        document_id=outline.document_id,
        parent_id=parent,
        number=number,
        title=title,
        kind=kind,
        position=len(outline.priorities) + 1,
        **where.fields(),
    )
    outline.priorities.append(priority)
    outline.declared_at[priority.id] = state.block_index
    state.current = priority.id
    return priority


def _new_id(outline: Outline, kind: str, number: str | None) -> str:
    """A priority's id: by its number, else its position; made unique when an unnumbered priority's position
    is another's number ("Priority 2" declared, then an unnumbered second one)."""
    base = f"{outline.document_id}:{kind}:{number or len(outline.priorities) + 1}"
    taken = {priority.id for priority in outline.priorities}
    candidate, suffix = base, 2
    while candidate in taken:
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    return candidate


def _set_title(state: _State, priority_id: str, title: str, evidence: str | None = None) -> None:
    outline = state.outline
    for index, priority in enumerate(outline.priorities):
        if priority.id == priority_id:
            update = {"title": _clean_title(title)}
            if evidence:
                update["evidence"] = f"{priority.evidence}\n{evidence}"
            outline.priorities[index] = priority.model_copy(update=update)


def _clean_title(title: str) -> str:
    return squash(title)
