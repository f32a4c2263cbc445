"""Dependencies and risks to delivering a priority.

Action plans mark them line by line: "D – That the partnership has ...", "R – That the
partnership has adequate resources ...", or "Dependency: ..." / "Risk: ...". They are read from
the cells of a column that means risks ("Dependencies/Risks", "Risks") and from paragraphs and
list items. In a column that means only risks (or only dependencies) a line without a marker is
of that kind; a line that carries on the one before (no marker, lower case) is joined to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models import Risk

from ..blocks import BlockDocument, ListItem, Paragraph, Table
from .evidence import Source
from .patterns import squash
from .issues import IssueLog
from .priorities import Outline
from .progress import table_sections

#: "D – ", "R - ", "(D) ", "Dependency: ", "Risks – ". The letters must be capitals.
MARKER = re.compile(
    r"^\s*[•*\-–]?\s*(?:(?P<letter>[DR])\s*[–—-]\s+|\((?P<paren>[DR])\)\s*"
    r"|(?P<word>(?i:dependenc(?:y|ies)|risks?))(?:\s*:\s*|\s+[–—-]\s+))(?P<text>\S.*)$",
    re.S,
)


@dataclass
class _Line:
    kind: str | None
    text: str
    source: Source
    block_index: int


def parse_risks(document: BlockDocument, outline: Outline, issues: IssueLog) -> list[Risk]:
    """The dependencies and risks a document states, in document order."""
    lines: list[_Line] = []
    for index, block in enumerate(document.blocks):
        if isinstance(block, Table):
            lines += _table_lines(block, index)
        elif isinstance(block, (Paragraph, ListItem)) and not getattr(block, "footnote", False):
            lines += _marked(block.lines, Source(block.provenance), index)
    risks: list[Risk] = []
    for line in lines:
        if line.kind is None:
            issues.warn(
                "risk-kind-unknown",
                "a line of a dependencies/risks cell has no D/R marker, so it is not known which it is: "
                f"{line.text[:60]!r}",
                line.source,
            )
            continue
        risks.append(_record(outline, line, len(risks) + 1))
    return risks


def kind_of(marker: re.Match[str]) -> str:
    """dependency or risk, from a marker's letter or word."""
    letter = (marker.group("letter") or marker.group("paren") or marker.group("word") or "").lower()
    return "dependency" if letter.startswith("d") else "risk"


def _table_lines(table: Table, index: int) -> list[_Line]:
    found: list[_Line] = []
    for header, roles, rows in table_sections(table):
        if "risk_detail" in roles:  # a risk register: a row is a risk, named in its first risk column
            column = roles.index("risk") if "risk" in roles else None
            for row in rows:
                if column is not None and column < len(row.cells) and _names_risk(row, column):
                    found.append(_Line("risk", _tidy(" ".join(row.cells[column].lines)), Source(row.provenance), index))
            continue
        for column, role in enumerate(roles):
            if role != "risk":
                continue
            default = _column_kind(header.cells[column].text)
            for row in rows:
                if column < len(row.cells) and not row.cells[column].empty:
                    found += _marked(row.cells[column].lines, Source(row.provenance), index, default, in_column=True)
    return found


def _names_risk(row, column: int) -> bool:
    """A register row with its risk named and something said of it (not a banner or a totals row)."""
    cell = row.cells[column]
    others = [c for i, c in enumerate(row.cells) if i != column and not c.empty and re.search(r"[A-Za-z]{3}", c.text)]
    return not cell.empty and re.search(r"[A-Za-z]{3}", cell.text) is not None and len(others) >= 2


def _column_kind(header: str) -> str | None:
    """The kind a header gives its unmarked lines: only risks, only dependencies, or None for both."""
    text = header.lower()
    risk, dependency = "risk" in text, "depend" in text
    if risk != dependency:
        return "risk" if risk else "dependency"
    return None


def _marked(
    lines: tuple[str, ...], source: Source, index: int, default: str | None = None, in_column: bool = False
) -> list[_Line]:
    """The lines that state a risk or dependency; in a risk column, also those without a marker."""
    found: list[_Line] = []
    for line in lines:
        text = line.strip()
        if not text:
            continue
        marker = MARKER.match(text)
        if marker:
            found.append(_Line(kind_of(marker), _tidy(marker.group("text")), source, index))
        elif found and text[:1].islower():
            found[-1].text = f"{found[-1].text} {_tidy(text)}"
        elif in_column:
            found.append(_Line(default, _tidy(text.lstrip("•*-– ")), source, index))
    return found


def _record(outline: Outline, line: _Line, number: int) -> Risk:
    chain = outline.chain(line.block_index, line.source.page)
    priority = next((p for p in chain if p.kind != "area"), chain[0] if chain else None)
    return Risk(
        id=f"{outline.document_id}:risk:{number}",
        document_id=outline.document_id,
        priority_id=priority.id if priority else None,
        kind=line.kind,
        text=line.text,
        **line.source.fields(),
    )


def _tidy(text: str) -> str:
    return squash(text)
