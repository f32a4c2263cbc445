"""Governance bodies: the boards, groups and meetings of a governance table.

A governance table has a header row with a column naming the body ("Name of group/board",
"Group", "Forum") and at least one column saying how often it meets, who sits on it or what it
is for. The header row may sit anywhere in a table that merges several sections ("SECTION 2:
GOVERNANCE", the header, its rows, "SECTION 2: TARGET OUTCOMES" ...); the bodies are the rows up
to the next title or header row. Bodies the prose describes are read by
:mod:`.governance_prose` and follow the table's, unless a table lists them already.
"""

from __future__ import annotations

import re

from collections.abc import Sequence

from models import Commitment, GovernanceBody

from ..blocks import BlockDocument, Row, Table
from .evidence import Source
from .patterns import squash
from .issues import IssueLog
from .priorities import Outline
from .governance_prose import prose_bodies
from .progress import table_sections

#: Columns besides the name that make a table a governance table.
DETAIL_ROLES = ("frequency", "membership", "purpose")

#: Row numbering before a name: "1)", "(2)", "3.", "a)", with any stray dash after it.
_NUMBERING = re.compile(r"^\s*(?:\(?\d{1,2}[a-z]?[.):]|\(?[a-z][.)])\s*(?:[-–—]\s*)?", re.I)
#: A number glued to the name with no separator: "2Acquisitive Crime Sub Group".
_GLUED = re.compile(r"^\s*\d{1,2}(?=[A-Z][a-z])")


def parse_governance(
    document: BlockDocument, outline: Outline, issues: IssueLog, commitments: Sequence[Commitment] = ()
) -> list[GovernanceBody]:
    """The governance bodies of a document: its governance tables' rows in document order, then
    the bodies its prose describes that no table lists."""
    bodies: list[GovernanceBody] = []
    table_rows: set[int] = set()
    for index, block in enumerate(document.blocks):
        if not isinstance(block, Table):
            continue
        for _header, roles, rows in _governance_sections(block):
            table_rows.update(id(row) for row in rows)
            for ordinal, row in enumerate(rows, start=1):
                body = _body(outline, index, roles, row, ordinal, len(bodies) + 1, issues)
                if body is not None:
                    bodies.append(body)
    return bodies + prose_bodies(document, outline, bodies, table_rows, commitments)


def _governance_sections(table: Table) -> list[tuple[Row, list[str | None], list[Row]]]:
    return [
        (header, roles, rows)
        for header, roles, rows in table_sections(table)
        if "body" in roles and any(role in roles for role in DETAIL_ROLES)
    ]


def _body(
    outline: Outline, index: int, roles: list[str | None], row: Row, ordinal: int, number: int, issues: IssueLog
) -> GovernanceBody | None:
    values = {role: _cell(row, roles.index(role)) for role in ("body", *DETAIL_ROLES) if role in roles}
    name = strip_numbering(values.pop("body") or "", ordinal)
    source = Source(row.provenance)
    if not name:
        if any(values.values()):
            issues.warn("unnamed-governance-body", "a governance table row gives details but no name", source)
        return None
    chain = outline.chain(index)
    priority = next((p for p in chain if p.kind != "area"), chain[0] if chain else None)
    return GovernanceBody(
        id=f"{outline.document_id}:body:{number}",
        document_id=outline.document_id,
        priority_id=priority.id if priority else None,
        name=name,
        frequency=values.get("frequency"),
        membership=values.get("membership"),
        purpose=values.get("purpose"),
        **source.fields(),
    )


def strip_numbering(name: str, ordinal: int | None = None) -> str:
    """A body's name without the row numbering: "1)Burglary Review Group", "2Acquisitive ...", "3 MAPPA".

    A bare number followed by a space ("3 MAPPA") is numbering only when it is the row's ordinal,
    so that a name that starts with a number is kept.
    """
    text = squash(name)
    stripped = _NUMBERING.sub("", text, count=1)
    if stripped == text:
        stripped = _GLUED.sub("", text, count=1)
    if stripped == text and ordinal is not None:
        stripped = re.sub(rf"^{ordinal}\s+(?:[-–—]\s*)?(?=\S)", "", text, count=1)
    return stripped.strip(" -–—")


def _cell(row: Row, column: int) -> str | None:
    if column >= len(row.cells) or row.cells[column].empty:
        return None
    return squash(row.cells[column].text) or None
