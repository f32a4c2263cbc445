"""Table columns recognised by meaning, not by one document's wording.

"Lead officer", "Led by", "Responsible officer" and "Owner" all mean a lead; "AREA",
"Theme" and "Priority area" all name the area a row belongs to. A header row is
the first row whose non-empty cells mostly have a known role.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..blocks import Row, Table

#: Header wordings for each column role. Matching is fuzzy, so close variants need no entry.
COLUMN_ROLES: dict[str, tuple[str, ...]] = {
    "number": ("no", "no.", "number", "ref", "reference", "#", "item"),
    "area": ("area", "theme", "priority area", "focus area", "key area", "strand", "workstream"),
    "priority": ("priority", "priorities", "strategic priority"),
    "outcome": ("outcome", "outcomes", "expected outcome", "expected outcomes", "intended outcomes"),
    "objective": ("objective", "objectives", "strategic objective"),
    "commitment": (
        "commitment", "commitments", "action", "actions", "what we will do", "pledge",
        "delivery", "key actions", "activity", "activities", "task", "tasks", "message",
    ),
    "progress": (
        "progress", "progress update", "update", "updates", "status", "comments", "progress so far",
        "actions/progress/comments", "rag", "rag status",
    ),
    "quarter": ("qtr 1", "qtr 2", "qtr 3", "qtr 4", "q1", "q2", "q3", "q4", "quarter 1", "quarter 2",
                "quarter 3", "quarter 4"),
    "lead": (
        "lead", "lead officer", "led by", "responsible officer", "owner", "lead agency",
        "responsibility", "responsible", "lead partner", "who", "lead officer/agency",
    ),
    "date": (
        "date", "due", "due date", "deadline", "by when", "timescale", "timescales", "timeframe",
        "target date", "when", "completion date",
    ),
    "measure": ("success measures", "success measure", "measure", "measures", "indicator", "indicators",
                "kpi", "kpis", "performance indicator"),
    "indicator": ("outcome description", "target outcome", "target outcomes", "description"),
    "target": ("target", "target (%)", "mopac target", "target value", "target %"),
    "current": ("current rolling 12 months", "current", "current year", "this year"),
    "previous": ("previous rolling 12 months", "previous", "previous year", "last year"),
    "change": ("percentage change versus previous 12 months", "% change", "percentage change", "change"),
    "baseline": ("baseline", "baseline: strategy", "baseline year"),
    "notes": ("notes", "note"),
    "service": ("service", "services", "partner", "partners", "agency"),
    "risk": ("dependencies/risks", "risks", "risk", "dependencies", "risks/issues"),
    "body": ("name of group/board", "group", "board", "meeting", "name of group", "forum"),
    "frequency": ("frequency", "how often", "meets"),
    "membership": ("membership", "members", "attendees"),
    "purpose": ("purpose/objectives", "purpose", "terms of reference", "remit"),
    "channel": ("channel (s)", "channels", "channel"),
}
_CHOICES = {wording: role for role, wordings in COLUMN_ROLES.items() for wording in wordings}
#: Similarity (0-100) a header needs to a known wording.
ROLE_SCORE = 88


def _normal(text: str) -> str:
    text = re.sub(r"\s*/\s*", "/", text.lower())
    return re.sub(r"[^\w/#. ]+", " ", text).strip(" .")


@lru_cache(maxsize=4096)
def column_role(header: str) -> str | None:
    """The role of a column from its header text, or None if it has no known meaning."""
    text = _normal(header)
    if not text or len(text) > 60:
        return None
    if text in _CHOICES:
        return _CHOICES[text]
    match = process.extractOne(text, _CHOICES.keys(), scorer=fuzz.ratio, score_cutoff=ROLE_SCORE)
    return _CHOICES[match[0]] if match else None


def header_roles(row: Row) -> list[str | None] | None:
    """Roles of a row's cells if it reads as a header row, else None."""
    roles = [column_role(cell.text) for cell in row.cells]
    named = [role for role, cell in zip(roles, row.cells, strict=False) if not cell.empty]
    known = [role for role in named if role]
    if len(known) >= 2 and len(known) * 2 >= len(named):
        return roles
    return None


def find_header(table: Table, within: int = 3) -> tuple[int, list[str | None]] | None:
    """Index and roles of the table's header row, looked for among its first rows."""
    for index, row in enumerate(table.rows[:within]):
        roles = header_roles(row)
        if roles:
            return index, roles
    return None


def first_column(roles: Sequence[str | None], role: str) -> int | None:
    """Index of the first column with a role."""
    return next((index for index, r in enumerate(roles) if r == role), None)
