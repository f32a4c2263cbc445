"""Progress reported against commitments and priorities.

Two shapes carry progress in the genre, both recognised by meaning:

- **progress cells**: columns whose header means progress ("Progress", "Update", "Comments",
  "Actions/Progress/Comments", "RAG status") or a quarter ("Qtr 1" .. "Qtr 4", "Q3"). Each line of
  a cell (a bullet or a paragraph) is one update. A quarter column gives the update its period,
  the financial-year quarter "2013-14 Q1" built from the document's first year. The update
  belongs to the commitment of its row: the numbered commitment for a numbered row, else the one
  whose text is the row's commitment cell. A RAG column gives no updates: its rating is the
  status of the row's updates whose words give none (blue/complete done, else in progress);
- **progress sections**: a heading that means progress ("Progress so far", "Progress to date",
  "What we have achieved", "Achievements" ...), then one update per paragraph and list item until
  the section ends: a higher heading, a heading that opens another priority, a heading about plans
  or measures ("Next steps", "How we will measure success"), or a heading of the same level
  (unless the section is itself divided by headings of that level, as a PDF that sets all
  headings in one size does). Footnotes are not progress.

Status comes from :mod:`.status`; the date the text gives from :func:`.dates.find_date`.
"""

from __future__ import annotations

from typing import TypeGuard

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from models import Commitment, ProgressUpdate

from ..blocks import BULLET, Block, BlockDocument, Heading, ListItem, Paragraph, Row, Table
from . import columns, patterns
from .patterns import squash
from .dates import find_date, parse_date
from .evidence import Source
from .issues import IssueLog
from .priorities import Outline
from .status import read_status

#: Column roles whose cells report progress ("next": next steps, reported as planned).
PROGRESS_ROLES = ("progress", "quarter", "next")
#: Column roles whose cell states what a row commits to, best first.
COMMITMENT_ROLES = ("commitment", "outcome", "objective")

#: A heading that opens a progress section: a small vocabulary of the genre's wording.
PROGRESS_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*[.)]?\s+)?(?:(?:our|key|recent|summary\s+of)\s+)*"
    r"(?:progress(?:\s+(?:so\s+far|to\s+date|update|made|report|review|against\s+\S.*))?"
    r"|update\s+on\s+progress|what\s+(?:we\s+have|has\s+been)\s+(?:achieved|done|delivered)"
    r"|achievements?|successes|delivery\s+to\s+date|highlights"
    r"|areas?\s+of\s+(?:\w+\s+)?(?:progress|focus))"  # "Areas of progress", "Areas of (continued) focus"
    r"(?:\s+(?:in|during|for|since|to|of)\s+\S.*)?\s*:?$",
    re.I,
)
#: The colours of a RAG / BRAG rating: blue is complete; green, amber and red rate work under way.
_RAG_WORDS = {
    "blue": "done", "b": "done", "complete": "done", "completed": "done",
    "green": "in_progress", "g": "in_progress", "amber": "in_progress", "a": "in_progress",
    "red": "in_progress", "r": "in_progress",
}
#: What a status column's words say of the row, longest first (the genre's monitoring vocabulary).
_STATUS_PHRASES = (
    ("not started", "planned"), ("not yet started", "planned"), ("not due", "planned"), ("future", "planned"),
    ("planned", "planned"), ("scheduled", "planned"),
    ("on track", "in_progress"), ("in progress", "in_progress"), ("at risk", "in_progress"), ("off track", "in_progress"),
    ("behind", "in_progress"), ("delayed", "in_progress"), ("ongoing", "in_progress"), ("on going", "in_progress"),
    ("on hold", "in_progress"), ("partially", "in_progress"), ("started", "in_progress"), ("underway", "in_progress"),
    ("complete", "done"), ("completed", "done"), ("closed", "done"), ("delivered", "done"), ("achieved", "done"),
    ("done", "done"), ("implemented", "done"), ("met", "done"),
)
#: A heading about plans or measures, which ends a progress section at any level.
ENDS_PROGRESS = re.compile(
    r"^(?:next\s+steps|looking\s+ahead|the\s+future|what\s+(?:we\s+will|will\s+we|needs\s+to)\b"
    r"|how\s+(?:we\s+will|will\s+we)\b|(?:our\s+|future\s+|key\s+)*(?:plans?|priorities|actions?|targets?"
    r"|measures?|challenges|risks|areas\s+for\s+improvement)\b)",
    re.I,
)
_QUARTER = re.compile(r"\b(?:q|qtr|quarter)\s*\.?\s*(?P<n>[1-4])\b", re.I)
_MARK = re.compile(rf"^\s*(?:[{BULLET}·▪●◦*\-–—\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8]\s*)+")
#: Words before a date that make it no event of the report: the end of a funding or statistics period.
_NOT_EVENT = re.compile(r"\b(?:until|till|ending|ended)\s*$", re.I)
#: The first month of a range that ends at a dated month: "April to ", "April -".
_RANGE_START = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*(?:[-–—]|to|until)\s*$", re.I
)
_MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)
_YEARLESS = re.compile(
    r"\b(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?|(?:in|by|from|during)\s+(?:early\s+|late\s+|mid[-\s])?)"
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b(?!\.?\s*,?\s*(?:\d|')|-\d)",
    re.I,
)


@dataclass
class _Found:
    """One update before it becomes a record."""

    text: str
    source: Source
    block_index: int
    in_table: bool
    period: str | None = None
    commitment_id: str | None = None
    status: str | None = None


@dataclass
class _Section:
    """An open progress section."""

    level: int
    priority: str | None
    subheaded: bool | None = None  # does it open with a heading of its own level?
    lead_in: _Found | None = None  # the last paragraph, if it ends with a colon


@dataclass
class _State:
    document_id: str
    outline: Outline
    commitments: list[Commitment]
    issues: IssueLog
    period_start: int | None
    found: list[_Found] = field(default_factory=list)
    section: _Section | None = None
    #: What each colour of a RAG / BRAG column means, from the document's own key ("Blue = Complete").
    colour_key: dict[str, str] = field(default_factory=dict)


def parse_progress(
    document: BlockDocument,
    outline: Outline,
    commitments: list[Commitment],
    issues: IssueLog,
    period_start: int | None,
) -> list[ProgressUpdate]:
    """Every progress update of a document, in document order."""
    state = _State(outline.document_id, outline, commitments, issues, period_start, colour_key=colour_key(document))
    for index, block in enumerate(document.blocks):
        _read_section(state, block, index)
        if isinstance(block, Table):
            _read_table(state, block, index)
    return [_record(state, number, found) for number, found in enumerate(state.found, start=1)]


# -- tables -------------------------------------------------------------------------


def table_sections(table: Table) -> Iterator[tuple[Row, list[str | None], list[Row]]]:
    """Each header row of a table with its column roles and the rows under it.

    A table can merge several sections (a title row "SECTION 2: GOVERNANCE", a header row, its
    rows, the next title row ...): a header row may be anywhere, and a section ends at the next
    header row or title row.
    """
    header: Row | None = None
    roles: list[str | None] = []
    rows: list[Row] = []
    for row in table.rows:
        found = columns.header_roles(row)
        if found or is_title_row(row):
            if header is not None:
                yield header, roles, rows
            header, roles, rows = (row, found, []) if found else (None, [], [])
        elif header is not None:
            rows.append(row)
    if header is not None:
        yield header, roles, rows


def is_title_row(row: Row) -> bool:
    """A row that only titles what follows: "SECTION 2: TARGET OUTCOMES" in the first cell alone."""
    filled = [cell for cell in row.cells if not cell.empty]
    if len(row.cells) < 2 or len(filled) != 1 or row.cells[0].empty:
        return False
    text = row.cells[0].text.strip()
    if re.match(r"^\(?\d{1,2}", text):
        return False  # a numbered row ("6) MARAC") is data, however it is cased
    letters = [c for c in text if c.isalpha()]
    shouting = len(text.split()) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
    return shouting or bool(re.match(r"^(?:section|part|appendix)\s+\w+", text, re.I)) or text.endswith(":")


def _read_table(state: _State, table: Table, index: int) -> None:
    for header, roles, rows in table_sections(table):
        rated = [i for i, role in enumerate(roles) if columns.has_role(role, "status")]
        wanted = [i for i, role in enumerate(roles) if role in PROGRESS_ROLES and i not in rated]
        if not wanted:
            continue
        for row in rows:
            commitment_id = _row_commitment(state, roles, row)
            ratings = [row_status(row.cells[i].text) if not row.cells[i].empty else _colour_status(state, row.cells[i].fill)
                       for i in rated if i < len(row.cells)]
            rating, stated = next(((status, stated) for status, stated in ratings if status), (None, False))
            for column in wanted:
                if column >= len(row.cells) or row.cells[column].empty:
                    continue
                period = _period(state, roles[column], header.cells[column].text, row)
                # A row rated by a status column is one report on its action: its whole commentary is one
                # update, with the row's status. Without one, each line or bullet is an update of its own.
                texts = [_unmarked(" ".join(row.cells[column].lines))] if rated else _cell_updates(row.cells[column].lines)
                for text in texts:
                    if patterns.word_count(text) < 2:
                        continue  # a figure in a quarter column ("6,731,240") is an observation, not a report
                    found = _Found(text, Source(row.provenance), index, True, period, commitment_id)
                    # A status stated in words ("Complete", "In progress") is the row's; a RAG colour rates
                    # confidence, not completion, so it only fills in where the text says nothing.
                    if roles[column] == "next":
                        found.status = "planned"  # a next step is what is still to do, whatever the row's status
                    elif rating and (stated or _status(state, found) == "unknown"):
                        found.status = rating
                    state.found.append(found)


#: A colour key printed in a document: "Blue = Complete", "Green – on track", "Red: at risk".
_KEY = re.compile(r"\b(?P<colour>blue|green|amber|red|yellow)\b\s*(?:[-–=:]|means|is)\s*(?P<meaning>[a-z][a-z /]{2,30})", re.I)


def colour_key(document: BlockDocument) -> dict[str, str]:
    """The statuses a document's colour key gives its colours, where it prints one."""
    key: dict[str, str] = {}
    for block in document.blocks:
        for line in block.lines:
            for match in _KEY.finditer(line):
                status, stated = row_status(match.group("meaning"))
                colour = "amber" if match.group("colour").lower() == "yellow" else match.group("colour").lower()
                if status and stated:
                    key.setdefault(colour, status)
    return key


def _colour_status(state: _State, fill: str | None) -> tuple[str | None, bool]:
    """The status a cell's colour gives: by the document's key (stated), else by the RAG convention."""
    if fill is None:
        return None, False
    if fill in state.colour_key:
        return state.colour_key[fill], True
    return _RAG_WORDS.get(fill), False


def row_status(text: str) -> tuple[str | None, bool]:
    """The status a status / RAG cell gives its row, and whether it is stated in words: "Complete",
    "Closed" -> done; "On track", "In progress", "At risk" -> in_progress; "Not started" -> planned
    (stated); a colour, "Blue" -> done, "Green" / "Amber" / "Red" -> in_progress (not stated)."""
    words = _comparable(text)
    for wording, status in _STATUS_PHRASES:
        if words.startswith(wording):
            return status, True
    first = words.split()[0] if words else ""
    return _RAG_WORDS.get(first), False


def _cell_updates(lines: tuple[str, ...]) -> list[str]:
    """One update per line of a cell; a line that is not a bullet carries on a bullet before it."""
    updates: list[str] = []
    bulleted = False
    for line in lines:
        if not line.strip():
            continue
        is_bullet = line.lstrip().startswith(BULLET)
        if updates and bulleted and not is_bullet and line[:1].islower():
            updates[-1] = f"{updates[-1]} {_unmarked(line)}"
            continue
        bulleted = is_bullet
        updates.append(_unmarked(line))
    return [text for text in updates if text]


def _period(state: _State, role: str | None, header: str, row: Row) -> str | None:
    """The financial-year quarter of a quarter column ("2013-14 Q1"), when the year is known."""
    if role != "quarter":
        return None
    match = _QUARTER.search(header)
    if match is None:
        return None
    if state.period_start is None:
        state.issues.warn(
            "progress-period-unknown",
            f"a {header!r} column reports progress but the document's first year is not known, "
            "so its quarter cannot be dated; give the document a period_start",
            Source(row.provenance),
        )
        return None
    year = state.period_start
    return f"{year}-{(year + 1) % 100:02d} Q{match.group('n')}"


def _row_commitment(state: _State, roles: list[str | None], row: Row) -> str | None:
    """The commitment a row reports on: by the row's number, else by its commitment cell's text."""
    for cell in row.cells[:2]:
        match = patterns.DOTTED.fullmatch(cell.text.strip())
        if match:
            wanted = f"{state.document_id}:{match.group('number')}"
            return wanted if any(c.id == wanted for c in state.commitments) else None
    for role in COMMITMENT_ROLES:
        column = columns.first_column(roles, role)
        if column is None or column >= len(row.cells) or row.cells[column].empty:
            continue
        texts = {_comparable(row.cells[column].text), _comparable(patterns.without_leading_reference(row.cells[column].text))}
        matches = [c for c in state.commitments if _comparable(c.text) in texts]
        if not matches:
            return None
        same_row = [c for c in matches if c.evidence.strip() == Source(row.provenance).raw]
        return (same_row or matches)[0].id
    return None


# -- sections -------------------------------------------------------------------------


def _read_section(state: _State, block: Block, index: int) -> None:
    """Open, continue or close a progress section, collecting its paragraphs and list items."""
    if isinstance(block, Heading) or _heading_like(block):
        _at_heading(state, block, index)
        return
    if _labelled_section(state, block, index):
        return
    section = state.section
    if section is None:
        return
    if state.outline.current[index] != section.priority:
        state.section = None
        return
    if section.subheaded is None:
        section.subheaded = False
    if isinstance(block, Paragraph) and block.footnote:
        return
    if isinstance(block, (Paragraph, ListItem)):
        _section_update(state, block, index)


def _labelled_section(state: _State, block: Block, index: int) -> bool:
    """A paragraph led by a progress label on a line of its own ("Areas of progress:"), its reports on
    the lines below: the section opens there, and each line after the label is an update."""
    if not isinstance(block, Paragraph) or block.footnote or not block.lines:
        return False
    label = block.lines[0].strip()
    if not label.endswith(":") or len(label.split()) > 5 or not PROGRESS_HEADING.match(label):
        return False
    state.section = _Section(99, state.outline.current[index])
    bulleted = any(_MARK.match(line) for line in block.lines[1:])
    updates: list[str] = []
    for line in block.lines[1:]:
        text = _unmarked(line)
        if not text:
            continue
        if updates and bulleted and not _MARK.match(line):
            updates[-1] = f"{updates[-1]} {text}"  # a bullet's text wrapped onto the next line
        else:
            updates.append(text)
    state.found.extend(_Found(text, Source(block.provenance), index, False) for text in updates)
    return True


def _heading_like(block: Block) -> TypeGuard[Paragraph]:
    """A short bold paragraph standing alone, read as a heading (as many exports set them)."""
    if not isinstance(block, Paragraph) or not block.bold or block.footnote:
        return False
    text = block.text.strip()
    return 0 < len(text.split()) <= 8 and not text.endswith((".", ",", ";"))


def _at_heading(state: _State, block: Heading | Paragraph, index: int) -> None:
    level = block.level if isinstance(block, Heading) else None
    text = block.text.strip()
    if PROGRESS_HEADING.match(text):
        state.section = _Section(level if level is not None else 99, state.outline.current[index])
        return
    section = state.section
    if section is None:
        return
    if ENDS_PROGRESS.match(text):
        state.section = None
        return
    opens_priority = (
        state.outline.current[index] != section.priority
        or bool(patterns.LABELLED.match(text) or patterns.AREA_HEADING.match(text))
    )
    level = level if level is not None else section.level
    if opens_priority or level < section.level:
        state.section = None
    elif level == section.level:
        if section.subheaded is None:
            section.subheaded = True
        if not section.subheaded:
            state.section = None
    # a lower heading ("DV MARAC" under "Progress so far") titles a part of the section


def _section_update(state: _State, block: Paragraph | ListItem, index: int) -> None:
    """One update; list items after a lead-in ("... took steps to:") share its tense when they have none."""
    section = state.section
    assert section is not None
    text = _unmarked(block.text)
    if not text:
        return
    last = state.found[-1] if state.found else None
    if (isinstance(block, Paragraph) and last is not None and not last.in_table and last.block_index == index - 1
            and last.text.endswith((",", " and", " or", " the", " of"))):
        # the rest of the update above, cut where a line or page broke mid-sentence ("At the end of Q2," / "81% ...")
        last.text = f"{last.text} {text}"
        last.source = last.source.merge(Source(block.provenance))
        last.status = _status(state, last)
        return
    found = _Found(text, Source(block.provenance), index, False)
    found.status = _status(state, found)
    if isinstance(block, Paragraph):
        section.lead_in = found if text.endswith(":") else None
    elif section.lead_in is not None and found.status == "unknown":
        found.status = section.lead_in.status
    state.found.append(found)


# -- records --------------------------------------------------------------------------


def _status(state: _State, found: _Found) -> str:
    return read_status(found.text, in_table=found.in_table, first_year=state.period_start)


def _record(state: _State, number: int, found: _Found) -> ProgressUpdate:
    chain = state.outline.chain(found.block_index, found.source.page)
    priority = next((p for p in chain if p.kind != "area"), chain[0] if chain else None)
    date = event_date(found.text, state.period_start)
    return ProgressUpdate(
        id=f"{state.document_id}:progress:{number}",
        document_id=state.document_id,
        priority_id=priority.id if priority else None,
        commitment_id=found.commitment_id,
        period=found.period,
        text=found.text,
        status=found.status or _status(state, found),
        date=date[0] if date else None,
        date_text=date[1] if date else None,
        **found.source.fields(),
    )


def event_date(text: str, first_year: int | None = None) -> tuple[str, str] | None:
    """The date of the event a report gives (ISO, as written), skipping ends of periods.

    "confirmed until March 2024" and "in the year ending March 2022" date no event; a range of
    months ("April to September 2013") gives its year. A day or month without a year ("closed on
    24th October") takes the year from the document's first year (its financial year: January to
    March fall in the next calendar year).
    """
    rest = text
    while rest:
        found = find_date(rest)
        if found is None or found.iso is None:
            break
        at = _locate(rest, found.text)
        if at is None:
            return found.iso, found.text
        before = rest[: at[0]]
        if not _NOT_EVENT.search(before) and not re.match(r"(?:until|till)\b", found.text, re.I):
            opening = _RANGE_START.search(before)
            if opening and found.precision == "month":  # "April to September 2013": the year it falls in
                return found.iso[:4], f"{opening.group(0)}{rest[at[0] : at[1]]}".strip()
            return found.iso, found.text
        rest = rest[at[1] :]
    return _yearless(text, first_year)


def _locate(text: str, written: str) -> tuple[int, int] | None:
    pattern = r"\s+".join(re.escape(part) for part in written.split())
    match = re.search(pattern, text, re.I)
    return (match.start(), match.end()) if match else None


def _yearless(text: str, first_year: int | None) -> tuple[str, str] | None:
    if first_year is None or re.search(r"\b(?:19|20)\d{2}\b", text):
        return None  # a month beside a year is part of a dated range, not a year-less date
    match = next((m for m in _YEARLESS.finditer(text) if m.group("month") != "may"), None)
    if match is None:
        return None
    month = _MONTHS.index(match.group("month")[:3].lower()) + 1
    year = first_year + 1 if month <= 3 else first_year
    day = match.group("day")
    parsed = parse_date(f"{day} {match.group('month')} {year}" if day else f"{match.group('month')} {year}")
    if parsed is None or parsed.iso is None:
        return None
    written = match.group(0).strip()
    return parsed.iso, written


def _unmarked(text: str) -> str:
    """Text without its list marks, white space squashed."""
    return squash(_MARK.sub("", text))


def _comparable(text: str) -> str:
    """Text to compare a cell with a commitment: bullets, case and runs of white space do not count."""
    return squash(text.replace(BULLET, " ")).casefold()
