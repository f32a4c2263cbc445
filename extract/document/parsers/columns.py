"""Table columns recognised by meaning, not by one document's wording.

"Lead officer", "Led by", "Responsible officer", "Lead(s)" and "Action owner" all mean a lead;
"AREA", "Theme" and "Priority area" all name the area a row belongs to. A header is read in
three steps: its whole wording against the known wordings (fuzzy, so close variants need no
entry); else its words, the last telling word deciding ("Target date" is a date, "Action owner"
a lead, "Key deliverables" an action, "Progress update" progress); a header naming two roles
("Responsible Officer and Target Date") has both, joined by '+'. A header row is the first row
whose non-empty cells mostly have a known role.
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
        "progress", "progress update", "update", "updates", "comments", "progress so far",
        "actions/progress/comments",
    ),
    "status": ("status", "rag", "rag status", "brag", "brag status", "rag rating", "current status"),
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
    "current": ("current rolling 12 months", "current", "current year", "this year", "latest", "actual"),
    "floor": ("floor", "minimum standard", "tolerance"),
    "travel": ("direction of travel", "dot", "trend"),
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


#: Header wordings of an action-like column whose rows are delivery points, not actions.
DELIVERY_HEADERS = {"delivery", "delivery points", "how we will deliver"}


def header_words(text: str) -> str:
    """A header as words only (lower case, punctuation and runs of white space collapsed), to compare with a wording."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w ]+", " ", text.lower())).strip()


def _header_form(text: str) -> str:
    text = re.sub(r"\s*/\s*", "/", text.lower())
    return re.sub(r"[^\w/#. ]+", " ", text).strip(" .")


#: The words of a header that tell its role, when its whole wording is not a known one. The last
#: telling word of a header decides ("Target date" -> date, "Action owner" -> lead), so a column
#: is named by its head noun as English names things; phrases are looked for first.
HEADER_PHRASES: tuple[tuple[str, str], ...] = (
    # a status word as a header heads a column of counts (a status-count table), not of statuses or risks
    (r"^(?:at risk|on track|off track|in progress|delivered|completed?|not started|overdue|total)$", "other"),
    (r"\bwhat (?:we|will|are|the)\b.*\bdo\b|\bhow (?:we )?will\b.*\bdeliver", "commitment"),
    (r"\bdirection of travel\b", "travel"),
    (r"\b(?:by when|time ?frames?|time ?scales?|target dates?|due dates?|completion dates?|end dates?)\b", "date"),
    (r"\b(?:led by|responsible|accountable)\b", "lead"),
    (r"\b(?:how (?:we|will we) (?:will )?(?:know|measure)|success (?:criteria|measures?))\b", "measure"),
    (r"\b(?:b?rag)\b", "status"),
    (r"\bnext (?:steps?|actions?)\b", "next"),
)
HEADER_WORDS: dict[str, str] = {
    **dict.fromkeys("action actions deliverable deliverables activity activities task tasks commitment commitments "
                    "pledge pledges milestone milestones intervention interventions".split(), "commitment"),
    **dict.fromkeys("lead leads owner owners officer officers responsibility who".split(), "lead"),
    **dict.fromkeys("date dates deadline deadlines timescale timescales timeframe timeframes when due "
                    "quarter completion".split(), "date"),
    **dict.fromkeys("status rating".split(), "status"),
    **dict.fromkeys("progress update updates commentary comments comment narrative".split(), "progress"),
    **dict.fromkeys("measure measures kpi kpis indicator indicators metric metrics".split(), "measure"),
    **dict.fromkeys("outcome outcomes".split(), "outcome"),
    **dict.fromkeys("objective objectives".split(), "objective"),
    **dict.fromkeys("target targets".split(), "target"),
    **dict.fromkeys("baseline".split(), "baseline"),
    **dict.fromkeys("latest current actual".split(), "current"),
    **dict.fromkeys("previous".split(), "previous"),
    **dict.fromkeys("floor".split(), "floor"),
    **dict.fromkeys("risk risks".split(), "risk"),
    #: the other columns of a risk register: what causes a risk, what follows, how it is scored and met
    **dict.fromkeys("cause causes consequence consequences mitigation mitigations mitigating controls likelihood "
                    "probability exposure".split(), "risk_detail"),
    **dict.fromkeys("ref reference no id".split(), "number"),
    #: a column naming the part of the organisation a row's figures are for: a table broken down by directorate
    **dict.fromkeys("directorate directorates department departments division divisions ward wards locality "
                    "localities district districts".split(), "unit"),
    **dict.fromkeys("variance gap".split(), "change"),
    #: words that make a header something else whatever came before ("Outcome code", "Risk score")
    **dict.fromkeys("code codes score cost costs budget funding saving savings impact notes severity".split(), "other"),
}
#: Roles two halves of a header can share ("Responsible Officer and Target Date" is lead+date).
_COMBINABLE = {"lead", "date", "status", "progress", "commitment", "measure", "target"}


@lru_cache(maxsize=4096)
def column_role(header: str) -> str | None:
    """The role of a column from its header text, or None if it has no known meaning."""
    text = _header_form(header)
    if not text or len(text) > 60:
        return None
    if text in _CHOICES:
        return _CHOICES[text]
    match = process.extractOne(text, _CHOICES.keys(), scorer=fuzz.ratio, score_cutoff=ROLE_SCORE)
    if match:
        return _CHOICES[match[0]]
    halves = [half for half in re.split(r"\s+(?:and|&)\s+|\s*/\s*", text) if half]
    if len(halves) == 2:
        roles = [_role_of_words(half) for half in halves]
        if all(role in _COMBINABLE for role in roles) and roles[0] != roles[1]:
            return "+".join(roles)  # type: ignore[arg-type]
    role = _role_of_words(text)
    return None if role == "other" else role


def _role_of_words(text: str) -> str | None:
    """The role the words of a header give: a telling phrase, else its last telling word."""
    for pattern, role in HEADER_PHRASES:
        if re.search(pattern, text):
            return role
    text = re.sub(r"\((?:s|es)\)", "s", text)
    if " of " in text:  # "Cause of risk", "Date of completion": the head noun stands before "of"
        head = _role_of_words(text.split(" of ")[0])
        if head is not None:
            return head
    words = re.findall(r"[a-z]+", text)
    for word in reversed(words):
        if word in HEADER_WORDS:
            return HEADER_WORDS[word]
    return None


def has_role(role: str | None, wanted: str) -> bool:
    """Does a column of this role hold ``wanted`` (alone, or as one half of a combined header)?"""
    return role is not None and (role == wanted or wanted in role.split("+"))


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
    """Index of the first column with a role (alone, or as half of a combined header)."""
    exact = [index for index, r in enumerate(roles) if r == role]
    combined = [index for index, r in enumerate(roles) if has_role(r, role)]
    return (exact or combined)[0] if exact or combined else None


def split_lead_date(text: str) -> tuple[str, str]:
    """A cell of a column headed with a lead and a date ("Responsible Officer and Target Date"): its lead
    and its date, split where the date begins ("Interim Director of Finance October 2025 and ongoing")."""
    from .patterns import DATE_START  # noqa: PLC0415

    match = DATE_START.search(text)
    if match is None:
        return text.strip(), ""
    return text[: match.start()].strip().strip(",;-–").strip(), text[match.start() :].strip()
