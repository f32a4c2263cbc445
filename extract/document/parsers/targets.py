"""Targets and success measures: what should go up or down, by how much, by when.

A document states its targets in three ways, all recognised by structure and meaning:

- **target tables**: a header row with an indicator column ("Outcome description",
  "Indicator", "KPI") and figure columns (target, baseline, current, previous, change, or
  a date such as "April 2013" / "Mar-14"). Each data row below it is one target; its other
  figures are observations. Only rows between a target header and the next header or
  section row count, so a wide table that merges several sections (roles, governance,
  targets) gives only its target rows, and a template-instruction row under the header
  ("e.g. notes on how the data is recorded") is not data.
- **measure columns** ("SUCCESS MEASURES"): one target per measure in each cell. A cell
  whose measures were run together on one line is split before each measure opening.
  A cell the PDF reader filled into every row it spans is read once.
- **success-measure lists**: list items (or short one-sentence paragraphs) after a heading
  or lead-in that introduces measures ("How we will measure success", "Success will be
  measured by:", "Key indicators ... include:"), until the next heading or other text.

The vocabularies (direction words, measure lead-ins, measure openings) are below, in one
place. Where a row prints current, previous and a percentage change, the change is
recomputed and a difference of more than :data:`ARITHMETIC_TOLERANCE` points is warned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from models import ProgressUpdate, Target, TargetObservation

from ..blocks import BULLET, Block, BlockDocument, Heading, ListItem, Paragraph, Row, Table
from . import columns, patterns, target_sentences
from .dates import find_date, parse_date, split_date
from .evidence import Source
from .patterns import squash
from .issues import IssueLog
from .priorities import Outline

# -- vocabularies -------------------------------------------------------------------------

#: Words that say which way an indicator should move. The first one in the indicator's first
#: clause decides ("Sustained reduction" -> maintain; "Fewer calls, to show a reduction" -> reduce).
DIRECTION_WORDS: dict[str, str] = {
    "reduce": r"reduc\w*|fewer|lower|lowering|decreas\w*|cut|cutting|minimi[sz]\w*|less|falls?|falling|drops?",
    "increase": r"increas\w*|more|higher|improv\w*|rais\w*|greater|boost\w*|grow\w*|rises?|rising|expand\w*",
    "maintain": r"maintain\w*|sustain\w*|stable|steady",
}

#: Words that name measures of success. "Measures" alone is left out: it as often means actions
#: ("preventative measures", "we will take the following measures").
_MEASURE_TERMS = (
    r"measure|measured|measuring|measurement|(?:success|performance|outcome|key) measures|"
    r"measures of (?:success|performance|progress)|indicators?|kpis?|metrics?|success criteria|"
    r"how (?:will|do) we know|we will know"
)
#: A heading that introduces measures: "How we will measure success", "Measures of success",
#: "Key performance indicators", "KPIs", "How will we know".
MEASURE_HEADING = re.compile(rf"\b(?:{_MEASURE_TERMS})\b", re.I)
#: The last sentence of a lead-in paragraph that introduces measures: "Success will be measured
#: by:", "We will measure the following indicators:", "Key indicators ... include:", "Success will be:".
MEASURE_LEAD_IN = re.compile(rf"\b(?:{_MEASURE_TERMS}|success)\b", re.I)

#: Openings of a measure, where a text export ran several measures into one line. Several-word
#: openings are split before wherever they stand mid-line; one-word openings only after a
#: lower-case word (so a name such as "Violence Reduction Unit" is not split).
MEASURE_OPENINGS = (
    "A reduction in", "An increase in", "A decrease in", "An improvement in", "A rise in",
    "Reduction in", "Reductions in", "Increase in", "Increases in", "Decrease in", "Improvement in",
    "Improved", "Increased", "Reduced", "Sustained", "Maintained", "Consistent", "Fewer", "More",
    "Higher", "Lower", "Greater",
)

#: Column roles that hold figures, and the observation kind each gives ("dated" is a column whose
#: header is a date: "April 2013").
FIGURE_KINDS = {
    "target": "target", "baseline": "baseline", "current": "current", "previous": "previous",
    "change": "change", "dated": "value", "floor": "value",
}
#: Roles of the column that names the indicator of a target row.
INDICATOR_ROLES = ("indicator", "measure")
#: Roles that name the indicator when the table also has figure columns ("Outcome | Target").
INDICATOR_FALLBACK_ROLES = ("outcome", "objective", "priority")

#: Roles of the column that names a row of a table broken down by part of the organisation ("Directorate |
#: Target | Gap"): its indicator is the table's title (or its target column's header), for that part.
INDICATOR_BREAKDOWN_ROLES = ("unit",)

#: Roles of a column that says which area or priority a row belongs to, most specific first.
GROUPING_ROLES = ("area", "priority", "outcome", "objective")

#: Largest difference (percentage points) between a printed and a recomputed change.
ARITHMETIC_TOLERANCE = 0.15
#: A paragraph longer than this is prose, not a one-line measure.
MEASURE_MAX_WORDS = 40
#: Paragraphs of prose allowed between a measure heading and its first measure.
MEASURE_PROSE_BEFORE = 2

_DIRECTIONS = [(name, re.compile(rf"\b(?:{words})\b", re.I)) for name, words in DIRECTION_WORDS.items()]
_MULTI = [o for o in MEASURE_OPENINGS if " " in o]
_SINGLE = [o for o in MEASURE_OPENINGS if " " not in o]
_SPLIT = re.compile(
    rf"\s+(?=(?:{'|'.join(map(re.escape, _MULTI))})\b)"
    rf"|(?<=[a-z0-9%).;])\s+(?=(?:{'|'.join(map(re.escape, _SINGLE))})\b)"
)
_NUMBER = r"[-+−–]?\d[\d,]*(?:\.\d+)?"
_NUMBERING = re.compile(r"^\s*\(?\d{1,2}[a-z]?\s*[).:]\s*(?:[-–—]\s*)?")
_PERCENT = r"\s*(?:%|per\s*cent\b|percent\b)"
_RANGE = re.compile(
    rf"\bbetween\s+(?P<low>{_NUMBER})(?P<p1>{_PERCENT})?\s+and\s+(?P<high>{_NUMBER})(?P<p2>{_PERCENT})?"
    rf"|\b(?P<low2>{_NUMBER})(?P<p3>{_PERCENT})?\s*(?:-|–|to)\s*(?P<high2>{_NUMBER})(?P<p4>{_PERCENT})",
    re.I,
)
_FIGURE = re.compile(rf"(?<![^\W\d_]){_NUMBER}")
_CHANGE_BY = re.compile(rf"\bby\s+(?P<n>{_NUMBER})(?P<p>{_PERCENT})?", re.I)
_LEVEL_TO = re.compile(rf"\bto\s+(?P<n>{_NUMBER})(?P<p>{_PERCENT})?", re.I)
#: A change stated before its direction: "a 10% reduction in ...", "20% increase in ...".
_CHANGE_OF = re.compile(
    rf"(?P<n>{_NUMBER})(?P<p>{_PERCENT})\s+(?:reduction|decrease|fall|drop|cut|increase|rise|improvement)\b", re.I
)
#: The clause after an indicator's name that says why it is measured: ", to see how ...", ", will show ...",
#: ", this will show ...", ", which ...", ", as ...", or a remark set off by commas before one (", a
#: difficult measure, as ..."): a comma, then such an opening.
_WHY_MEASURED = re.compile(
    r",\s+(?:(?:a|an|the)\s+[^,]{1,40},\s+)?"  # a remark on the measure set off by commas
    r"(?:to (?:see|show|monitor|measure|understand|ensure|check|track|indicate)|(?:this |which |it )?will (?:show|tell|help|indicate)"
    r"|this (?:will|shows?|is)|which|as|so (?:that|we)|in order to|meaning)\b.*$",
    re.I | re.S,
)
_DIGIT = re.compile(r"\d")
_SECTION = re.compile(r"^(?:section|part|table|appendix)\s+\w+\b", re.I)
_INSTRUCTION = re.compile(r"^\(?(?:e\.g\.|i\.e\.|eg\b|nb\b|note:)", re.I)
_YEARLIKE = re.compile(r"^(?:19|20)\d{2}$")


# -- what is found ------------------------------------------------------------------------


@dataclass
class _Observation:
    column: int
    label: str
    kind: str
    period: str | None
    value: float | None
    unit: str | None
    value_text: str


@dataclass
class _Found(target_sentences.Figures):
    indicator: str
    source: Source
    priority_id: str | None
    observations: list[_Observation] = field(default_factory=list)


@dataclass
class _Layout:
    """What a header row says about the rows below it."""

    kind: str  # "figures" or "measures"
    labels: list[str]
    roles: list[str | None]
    periods: list[str | None]
    indicator: int | None = None
    area: int | None = None
    measure: int | None = None
    date: int | None = None
    needs_figures: bool = False  # the indicator column is an Outcome/Objective column: rows need a figure
    breakdown: bool = False  # the indicator column names parts of the organisation: the measure is the table's title
    title: str | None = None  # the title row above the header, if the table has one
    #: the measures sit beside an action column ("Action | Lead | Success measure"): each is that action's
    #: success measure, kept on the commitment, and a target only when it states a direction or a figure
    beside_actions: bool = False


@dataclass
class _State:
    outline: Outline
    issues: IssueLog
    found: list[_Found] = field(default_factory=list)
    measuring: bool = False  # inside a success-measure list
    item_kind: str | None = None  # "list_item" or "paragraph": how the current list's measures are written
    prose: int = 0  # paragraphs of prose since the measure heading, before any measure
    reported: set[str] = field(default_factory=set)  # the source text of progress updates


def parse_targets(
    document: BlockDocument, outline: Outline, issues: IssueLog, progress: Iterable[ProgressUpdate] = ()
) -> tuple[list[Target], list[TargetObservation]]:
    """The targets of a document and the figures reported against them, in document order.

    ``progress``: the document's progress updates; the text they were read from is a progress report,
    whose figures compared with an earlier period are indicators' readings.
    """
    state = _State(outline, issues, reported={update.evidence for update in progress})
    for index, block in enumerate(document.blocks):
        if isinstance(block, Table):
            if not (state.measuring and _listed_table(state, block, index)):
                _read_table(state, block, index)
            state.measuring = False
        else:
            _read_text(state, block, index)
    return _records(state)


# -- tables -------------------------------------------------------------------------------


def _read_table(state: _State, table: Table, index: int) -> None:
    if not any(_layout(row) for row in table.rows):  # no target table: its cells may state targets
        for row in table.rows:
            for cell in row.cells:
                if len(cell.text.split()) >= 6:
                    _stated_targets(state, squash(cell.text), Source(row.provenance), index)
        return
    layout: _Layout | None = None
    area: str | None = None
    since_header = 0
    last_measure: tuple[str | None, str] | None = None
    title: str | None = None  # a row of one cell above a header: the table's title
    for row in table.rows:
        if row.width == 0:
            continue
        header = _layout(row)
        if header is not None:
            header.title = title
            layout, area, since_header, last_measure = header, None, 0, None
            continue
        filled = [cell.text.strip() for cell in row.cells if not cell.empty]
        title = filled[0] if len(filled) == 1 and not row.cells[0].empty else None
        if layout is None:
            continue
        if columns.header_roles(row) is not None or _is_section_row(row):
            layout = None  # the next part of a table that merges several
            continue
        since_header += 1
        area = _area_of(state, row, layout, index) or area
        priority = area or _priority_at(state.outline, index)
        if layout.kind == "figures":
            _figure_row(state, row, layout, priority, first=since_header == 1)
        else:
            last_measure = _measure_row(state, row, layout, priority, last_measure)


def _layout(row: Row) -> _Layout | None:
    """The layout a row announces if it is the header of a target table or a measure column."""
    labels = [cell.text.strip() for cell in row.cells]
    read = [_header_role(label) for label in labels]
    roles = [role for role, _ in read]
    periods = [period for _, period in read]
    named = [i for i, label in enumerate(labels) if label]
    known = [i for i in named if roles[i]]
    if len(known) < 2 or len(known) * 2 < len(named):
        return None
    figures = [i for i in known if roles[i] in FIGURE_KINDS]
    if figures:
        indicator = _indicator_column(roles, labels, figures)
        if indicator is None:
            return None
        return _Layout(
            "figures", labels, roles, periods, indicator=indicator, area=_grouping_column(roles, indicator),
            date=columns.first_column(roles, "date"), needs_figures=roles[indicator] in INDICATOR_FALLBACK_ROLES,
            breakdown=roles[indicator] in INDICATOR_BREAKDOWN_ROLES,
        )
    measure = columns.first_column(roles, "measure")
    if measure is None:
        return None
    action = columns.first_column(roles, "commitment")
    beside_actions = action is not None and columns.header_words(labels[action]) not in columns.DELIVERY_HEADERS
    return _Layout("measures", labels, roles, periods, area=_grouping_column(roles, measure), measure=measure,
                   beside_actions=beside_actions)


def _grouping_column(roles: list[str | None], indicator: int) -> int | None:
    """The column naming the area (or priority) each row belongs to, other than the indicator's."""
    for wanted in GROUPING_ROLES:
        column = next((i for i, role in enumerate(roles) if role == wanted and i != indicator), None)
        if column is not None:
            return column
    return None


def _header_role(label: str) -> tuple[str | None, str | None]:
    """Role and period of a column header: a known role ("Baseline"), a role with a date
    ("Target 2016", "Baseline 2012/13"), or a date alone ("April 2013", "Mar-14", "2013/14")."""
    if not label:
        return None, None
    role = columns.column_role(label)
    bare, dated = split_date(label) if len(label) <= 40 else (label, None)
    if role is None and bare != label:
        role = (columns.column_role(bare) if bare else None) or "dated"  # "Actual 2014-15" is a dated value
    return role, dated.iso if dated else None


def _indicator_column(roles: list[str | None], labels: list[str], figures: list[int]) -> int | None:
    for wanted in (INDICATOR_ROLES, INDICATOR_FALLBACK_ROLES):
        column = next((i for i, role in enumerate(roles) if role in wanted), None)
        if column is not None:
            return column
    if labels and not labels[0] and len(figures) >= 2 and 0 not in figures:
        return 0  # an unlabelled first column beside several figure columns
    if "target" in roles:  # a breakdown states targets only with a target column; else it is a schedule of figures
        return next((i for i, role in enumerate(roles) if role in INDICATOR_BREAKDOWN_ROLES), None)
    return None


def _is_section_row(row: Row) -> bool:
    """A row naming the next section of a merged table ("SECTION 2: GOVERNANCE")."""
    filled = [cell for cell in row.cells if not cell.empty]
    if len(filled) != 1 or row.cells[0].empty:
        return False
    text = filled[0].text.strip()
    letters = [c for c in text if c.isalpha()]
    return bool(_SECTION.match(text)) or (len(letters) > 3 and all(c.isupper() for c in letters))


def _is_instruction(row: Row, layout: _Layout, first: bool) -> bool:
    """A template row telling the user what to write ("e.g. notes on how the data is recorded")."""
    texts = [cell.text.strip() for cell in row.cells]
    if any(_INSTRUCTION.match(text) for text in texts if text):
        return True
    figures = [texts[i] for i in _figure_columns(layout) if i < len(texts) and texts[i]]
    indicator = texts[layout.indicator] if layout.indicator is not None and layout.indicator < len(texts) else ""
    filled = sum(1 for text in texts if text)
    return first and filled >= 2 and not any(re.search(r"\d", t) for t in figures) and not _NUMBERING.match(indicator)


def _figure_columns(layout: _Layout) -> list[int]:
    return [i for i, role in enumerate(layout.roles) if role in FIGURE_KINDS and i != layout.indicator]


def _figure_row(state: _State, row: Row, layout: _Layout, priority: str | None, first: bool) -> None:
    """One target from a data row of a target table, with its figures as observations."""
    indicator = _row_indicator(row, layout, first)
    if indicator is None:
        return
    if layout.breakdown:  # "Savings Delivery Forecast Quarter 2 – Adult Social Care"
        target = columns.first_column(layout.roles, "target")
        measure = layout.title or (layout.labels[target] if target is not None else "")
        indicator = f"{measure} – {indicator}" if measure else indicator
    found = _Found(indicator, Source(row.provenance), priority)
    target_text = _read_figures(found, row, layout)
    if layout.date is not None and layout.date < len(row.cells):
        due = parse_date(row.cells[layout.date].text)
        if due is not None and due.iso:
            found.deadline, found.deadline_text = due.iso, due.text
    found.direction = (_direction(indicator) or _direction(target_text) or _direction_of_value(found.value)
                       or _direction_of_floor(found))
    if found.unit is None:
        found.unit = next((o.unit for o in found.observations if o.kind != "change" and o.value is not None), None)
    _check_arithmetic(state, found)
    state.found.append(found)


def _row_indicator(row: Row, layout: _Layout, first: bool) -> str | None:
    """The indicator a data row names without its numbering, or None if the row is not a target."""
    cells = row.cells
    if layout.indicator is None or layout.indicator >= len(cells) or _is_instruction(row, layout, first):
        return None
    indicator = squash(_NUMBERING.sub("", cells[layout.indicator].text))
    if not re.search(r"[^\W\d_]", indicator) or _is_group_label(row, layout.indicator):
        return None  # an empty numbered template row ("3)"), or a label grouping the rows below
    figures = [cells[i].text for i in _figure_columns(layout) if i < len(cells)]
    if layout.needs_figures and not any(_is_figure(text) for text in figures):
        return None  # an outcome with progress notes, not a target with figures
    return indicator


def _read_figures(found: _Found, row: Row, layout: _Layout) -> str:
    """The target value and the observations of a row; returns the target cell's text."""
    target_text: str | None = None
    for column in _figure_columns(layout):
        text = row.cells[column].text.strip() if column < len(row.cells) else ""
        if not re.search(r"\w", text):
            continue
        value, unit = _figure(text, layout.labels[column])
        kind = FIGURE_KINDS[layout.roles[column] or ""]
        if kind == "target" and target_text is None:
            target_text = text  # the first target column is the target; any other is an observation
            found.value, found.unit = _signed(value, text), unit
            _deadline_from_header(found, layout.labels[column])
            continue
        found.observations.append(
            _Observation(column, layout.labels[column], kind, layout.periods[column], value, unit, text)
        )
    return target_text or ""


def _direction_of_floor(found: _Found) -> str | None:
    """A KPI table's floor (or tolerance) sits on the bad side of the target: below it when higher is
    better (increase), above it when lower is better (reduce)."""
    floor = next((o.value for o in found.observations if o.label.strip().lower() in _FLOOR_LABELS), None)
    if floor is None or found.value is None or floor == found.value:
        return None
    return "increase" if floor < found.value else "reduce"


_FLOOR_LABELS = {"floor", "tolerance", "minimum standard", "minimum"}


def _is_figure(text: str) -> bool:
    """A cell holding a figure ("-4.70%", "24590", "72 repeat cases"), not a sentence."""
    return bool(_FIGURE.search(text)) and len(text.split()) <= 4


def _is_group_label(row: Row, indicator: int) -> bool:
    """A bold, unnumbered label alone on its row groups the indicators below it; it is not one."""
    filled = [i for i, cell in enumerate(row.cells) if not cell.empty]
    cell = row.cells[indicator]
    return filled == [indicator] and cell.bold and not _NUMBERING.match(cell.text)


def _deadline_from_header(found: _Found, label: str) -> None:
    """A target column headed with a date ("Target 2016", "Target March 2017") sets the deadline."""
    _, dated = split_date(label)
    if dated is not None and dated.iso:
        found.deadline, found.deadline_text = dated.iso, dated.text


def _figure(text: str, label: str) -> tuple[float | None, str | None]:
    """The number in a figure cell and its unit ("-4.70%" -> -4.7 percent; "Not available" -> None)."""
    match = _FIGURE.search(text)
    if not match:
        return None, None
    value = _float(match.group(0))
    percent = re.match(_PERCENT, text[match.end() :], re.I) or re.search(r"%|\bper\s*cent|\bpercent", label, re.I)
    return value, "percent" if percent else "count"


def _signed(value: float | None, text: str) -> float | None:
    """A target written as an unsigned reduction ("5% reduction") is a negative change."""
    if value is None or value < 0:
        return value
    return -value if _direction(text) == "reduce" else value


def _check_arithmetic(state: _State, found: _Found) -> None:
    """Warn where a printed change does not follow from the printed current and previous figures."""
    figures = {o.kind: o for o in reversed(found.observations) if o.value is not None}
    current, previous, change = figures.get("current"), figures.get("previous"), figures.get("change")
    if not (current and previous and change) or previous.value == 0:
        return
    assert current.value is not None and previous.value is not None and change.value is not None
    relative = (current.value - previous.value) / previous.value * 100
    points = current.value - previous.value
    percent_change = change.unit == "percent" or bool(re.search(r"%|percent", change.label, re.I))
    candidates = [relative] if percent_change else [points]
    if percent_change and current.unit == previous.unit == "percent":
        candidates.append(points)  # a change of percentages may be printed in points
    if min(abs(change.value - c) for c in candidates) <= ARITHMETIC_TOLERANCE:
        return
    shown = f"{relative:.2f}%" if percent_change else f"{points:g}"
    state.issues.warn(
        "arithmetic",
        f"target {found.indicator!r}: printed change {change.value_text} but (current {current.value_text} - "
        f"previous {previous.value_text}) gives {shown}; check the figures against the original",
        found.source,
    )


def _measure_row(
    state: _State, row: Row, layout: _Layout, priority: str | None, last: tuple[str | None, str] | None
) -> tuple[str | None, str] | None:
    """One target per measure in the row's measure cell; a cell repeated from the row above is read once."""
    column = layout.measure
    if column is None or column >= len(row.cells) or row.cells[column].empty:
        return last
    cell = row.cells[column]
    key = (priority, cell.text.strip())
    if key == last:
        return last  # a cell spanning several rows, filled into each by the reader
    for line in cell.lines:
        text = line[2:] if line.startswith(BULLET + " ") else line
        for measure in split_measures(text):
            if measure.endswith(":"):
                continue
            found = _measure(measure, Source(row.provenance), priority)
            if layout.beside_actions and found.direction is None and not _DIGIT.search(measure):
                continue  # an action's success measure without a direction or figure: kept on its commitment only
            state.found.append(found)
    return key



def split_measures(line: str) -> list[str]:
    """The measures a line runs together: "A reduction in X An increase in Y" -> two."""
    parts = [squash(part) for part in _SPLIT.split(line)]
    return [part for part in parts if re.search(r"[^\W\d_]", part)]


# -- success-measure lists ----------------------------------------------------------------


def _read_text(state: _State, block: Heading | Paragraph | ListItem, index: int) -> None:
    if isinstance(block, Heading) or _is_heading_like(block):
        state.measuring, state.item_kind, state.prose = bool(MEASURE_HEADING.search(block.text)), None, 0
        return
    if isinstance(block, Paragraph):
        if block.footnote:
            return
        text = squash(block.text)
        if _is_lead_in(text):
            state.measuring, state.item_kind, state.prose = True, None, 0
            return
        if not state.measuring:
            _stated_targets(state, text, Source(block.provenance), index)
            return
        if _is_fragment(text):
            return  # a fragment is a stray piece of another column, left between the items by an export
        if state.item_kind in (None, "paragraph") and _is_one_measure(text):
            _add_listed(state, block, text, index)
        else:
            state.prose += 1  # the list has ended, or not begun after a few paragraphs of prose
            state.measuring = state.item_kind is None and state.prose <= MEASURE_PROSE_BEFORE
        return
    if isinstance(block, ListItem) and state.measuring and not block.text.rstrip().endswith(":"):
        _add_listed(state, block, squash(block.text), index)
    elif isinstance(block, ListItem):
        _stated_targets(state, squash(block.text), Source(block.provenance), index)


def _stated_targets(state: _State, text: str, source: Source, index: int) -> None:
    """Indicators a paragraph, list item or table cell states in sentences against a target; in text read
    as a progress report, also the figures it reports as readings (target_sentences: reported readings)."""
    reported = source.raw in state.reported
    if not _DIGIT.search(text) or not (
        target_sentences.TARGET_CUE.search(text) or reported and target_sentences.READING_CUE.search(text)
    ):
        return  # no figure, or no cue: no sentence of it states a target (most text: checked at once)
    for read in target_sentences.read_text(text, reported):
        if read.indicator is None:
            continue
        found = _Found(read.indicator, source, _priority_at(state.outline, index), **read.figures())
        found.unit = found.unit if found.unit in ("percent", "count") else None  # the models' units
        for column, (label, kind, value, unit, written) in enumerate(read.observations, start=1):
            found.observations.append(_Observation(
                column, label, kind, None, value, unit if unit in ("percent", "count") else None, written))
        state.found.append(found)


def _listed_table(state: _State, table: Table, index: int) -> bool:
    """A list of measures laid out as a one-column table (one filled cell a row) after a lead-in."""
    if any(sum(not cell.empty for cell in row.cells) > 1 for row in table.rows):
        return False
    for row in table.rows:
        for cell in row.cells:
            for line in cell.lines:
                text = squash(line[2:] if line.startswith(BULLET + " ") else line)
                if text and columns.column_role(text) is None and not text.endswith(":"):
                    state.found.append(_measure(text, Source(row.provenance), _priority_at(state.outline, index)))
    return True


def _is_heading_like(block: Block) -> bool:
    """A paragraph that declares a priority ("Priority Two: ...") opens a section, as a heading does."""
    return isinstance(block, Paragraph) and not block.footnote and bool(patterns.LABELLED.match(block.text))


def _add_listed(state: _State, block: Paragraph | ListItem, text: str, index: int) -> None:
    state.found.append(_measure(text, Source(block.provenance), _priority_at(state.outline, index)))
    state.item_kind = block.kind


def _is_lead_in(text: str) -> bool:
    """A paragraph introducing measures: its last sentence names them and ends in a colon."""
    if not text.endswith(":"):
        return False
    last = patterns.last_sentence(text)
    return bool(MEASURE_LEAD_IN.search(last))


def _is_fragment(text: str) -> bool:
    return len(text.split()) <= 8 and text[:1].islower()


def _is_one_measure(text: str) -> bool:
    """A short, single-sentence paragraph standing as an item of a measure list."""
    if text.endswith(":") or len(text.split()) > MEASURE_MAX_WORDS or not text[:1].isupper():
        return False
    return not re.search(r"[.!?]\s+[A-Z]", text)


# -- reading one measure ------------------------------------------------------------------


def _measure(text: str, source: Source, priority: str | None) -> _Found:
    """A measure's direction, any stated figure or range, and any deadline. Its indicator is its name:
    the clause after it saying why it is measured ("..., to see how well we are ...") is not part of it."""
    found = _Found(_WHY_MEASURED.sub("", text).strip(), source, priority, direction=_direction(text))
    low, high, percent = _stated_range(text)
    if low is not None:
        found.low, found.high, found.unit = low, high, "percent" if percent else "count"
    else:
        found.value, found.unit = _stated_value(text, found.direction)
    deadline = find_date(text)
    if deadline and deadline.iso and not re.match(r"(?:from|since|after)\b", deadline.text, re.I):
        found.deadline, found.deadline_text = deadline.iso, deadline.text
    return found


def _stated_range(text: str) -> tuple[float | None, float | None, bool]:
    """A target range: "between 14% and 26%", "10-15%" (low, high, whether in percent); years are not a range."""
    for match in _RANGE.finditer(text):
        low = match.group("low") or match.group("low2")
        high = match.group("high") or match.group("high2")
        percent = any(match.group(g) for g in ("p1", "p2", "p3", "p4"))
        if not percent and _YEARLIKE.match(low.lstrip("-+")) and _YEARLIKE.match(high.lstrip("-+")):
            continue  # "between 2014 and 2016" is a period
        return _float(low), _float(high), percent
    return None, None, False


def _stated_value(text: str, direction: str | None) -> tuple[float | None, str | None]:
    """A target figure stated in words: "by 5%" (a change, negative for a reduction) or "to 80%" (a level)."""
    for pattern, is_change in ((_CHANGE_BY, True), (_CHANGE_OF, True), (_LEVEL_TO, False)):
        for match in pattern.finditer(text):
            number, percent = match.group("n"), bool(match.group("p"))
            if not percent and _YEARLIKE.match(number):
                continue  # "by 2016" is a deadline
            value = _float(number)
            if is_change and direction == "reduce" and value is not None and value > 0:
                value = -value
            return value, "percent" if percent else "count"
    return None, None


def _direction(text: str) -> str | None:
    """reduce, increase or maintain: the first direction word in the text's first clause."""
    clause = re.split(r"[,;:(]|\s[–—-]\s|\bto show\b|\bso that\b", text, maxsplit=1)[0]
    hits = [(match.start(), name) for name, pattern in _DIRECTIONS if (match := pattern.search(clause))]
    return min(hits)[1] if hits else None


def _direction_of_value(value: float | None) -> str | None:
    """A negative target (-5.0%) asks for a reduction even when the wording does not say so."""
    return "reduce" if value is not None and value < 0 else None


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text.replace(",", "").replace("−", "-").replace("–", "-"))
    except ValueError:
        return None



# -- priorities -----------------------------------------------------------------------------


def _priority_at(outline: Outline, index: int) -> str | None:
    chain = outline.chain(index)
    return chain[0].id if chain else None


def _area_of(state: _State, row: Row, layout: _Layout, index: int) -> str | None:
    """The id of the area (or priority) a row's grouping cell names ("1.4. Serious Youth Violence"), if any."""
    column = layout.area
    if column is None or column >= len(row.cells):
        return None
    text = row.cells[column].text.strip()
    match = patterns.DOTTED.match(text) or patterns.AREA_HEADING.match(text) or patterns.LIST_NUMBER.match(text)
    if not match and re.fullmatch(r"\d{1,2}", text):
        match = re.match(r"(?P<number>\d{1,2})", text)
    if not match:
        return None
    number = match.group("number").lower()
    outline = state.outline
    is_area = layout.roles[column] == "area" or not number.isdigit()
    named = [p for p in outline.priorities if p.number == number and (p.kind == "area") == is_area]
    declared = [p for p in named if outline.declared_at.get(p.id, 0) <= index]
    chosen = (declared or named)[-1] if declared or named else None
    return chosen.id if chosen else None


# -- records --------------------------------------------------------------------------------


def _records(state: _State) -> tuple[list[Target], list[TargetObservation]]:
    document_id = state.outline.document_id
    targets: list[Target] = []
    observations: list[TargetObservation] = []
    for position, found in enumerate(state.found, start=1):
        target_id = f"{document_id}:target:{position}"
        targets.append(
            Target(
                id=target_id,
                document_id=document_id,
                priority_id=found.priority_id,
                indicator=found.indicator,
                direction=found.direction,
                unit=found.unit,
                value=found.value,
                low=found.low,
                high=found.high,
                deadline=found.deadline,
                deadline_text=found.deadline_text,
                position=position,
                **found.source.fields(),
            )
        )
        for seen in found.observations:
            observations.append(
                TargetObservation(
                    id=f"{target_id}:{seen.column}",
                    target_id=target_id,
                    label=seen.label,
                    kind=seen.kind,
                    period=seen.period,
                    value=seen.value,
                    unit=seen.unit,
                    value_text=seen.value_text,
                )
            )
    return targets, observations
