"""Reviewing through a spreadsheet: ``review --export FILE.csv`` writes the candidate pairs, a person fills
the verdict column, ``review --import FILE.csv`` checks every row and merges the verdicts into the review file.

The export has one row per pair a session would show (the same commitments, candidates and order), both
texts side by side, and the verdict already given where there is one (with who gave it, in ``decided``).
The import takes the rows whose verdict is filled: a row whose verdict and note are the file's already
changes nothing; any other is a decision by the row's ``reviewer`` (else ``--reviewer``) on the row's
``date`` (else today), in place of an earlier one on its pair. A row left blank stays undecided. Every
problem is reported at once, by row number (as the spreadsheet numbers rows: the header is row 1) and
column, and then nothing is merged.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from models import ReviewDecision

from ..errors import StrategyExtractError
from .decisions import by_pair, load_reviews, record
from .session import TOP, load_items

COLUMNS = (
    "from_document", "from_number", "from_text", "to_document", "to_number", "to_text", "score", "rank",
    "machine_link", "verdict", "note", "reviewer", "date", "decided", "from_commitment_id", "to_commitment_id",
)
#: What a person may write in the verdict column (any case; spaces, hyphens and underscores alike).
SPELLINGS = {
    "continues": "continues", "continued": "continues", "c": "continues",
    "revised": "revised", "r": "revised",
    "not_same": "not_same", "not_the_same": "not_same", "n": "not_same",
}


class SpreadsheetError(StrategyExtractError):
    """A spreadsheet's rows could not be imported: every problem, by row and column; nothing was merged."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{path}: {len(problems)} problem(s), nothing imported:\n{lines}")


@dataclass(frozen=True)
class Exported:
    rows: int
    decided: int


@dataclass(frozen=True)
class Imported:
    added: int  # pairs not decided before
    changed: int  # pairs whose verdict or note the rows change
    unchanged: int  # rows saying what the file says already
    blank: int  # rows left undecided

    def summary(self, reviews: Path) -> str:
        return (f"{reviews}: {self.added} new decisions, {self.changed} changed, {self.unchanged} as they were; "
                f"{self.blank} rows left undecided.")


def export_csv(database: Path, reviews: Path, target: Path, document: str | None = None, top: int = TOP) -> Exported:
    """Write every candidate pair (a session's, in its order) to ``target``, with the verdicts given so far."""
    decided = by_pair(load_reviews(reviews))
    rows = decided_count = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8-sig", newline="") as file:  # with a BOM: spreadsheets then read UTF-8
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        for item in load_items(database, document=document, top=top):
            this = item.commitment
            for candidate in item.candidates:
                other = candidate.commitment
                decision = decided.get((this.id, other.id))
                writer.writerow({
                    "from_document": this.document, "from_number": this.named, "from_text": this.text,
                    "to_document": other.document, "to_number": other.named, "to_text": other.text,
                    "score": f"{candidate.score:.3f}", "rank": candidate.rank if candidate.rank is not None else "",
                    "machine_link": candidate.link or "",
                    "verdict": decision.verdict if decision else "", "note": decision.note or "" if decision else "",
                    "reviewer": "", "date": "",
                    "decided": f"{decision.verdict} by {decision.reviewer} on {decision.date}" if decision else "",
                    "from_commitment_id": this.id, "to_commitment_id": other.id,
                })
                rows += 1
                decided_count += decision is not None
    return Exported(rows, decided_count)


def read_rows(source: Path, reviewer: str | None, today: date,
              decided: dict[tuple[str, str], ReviewDecision] | None = None) -> tuple[list[ReviewDecision], Imported]:
    """The new or changed decisions of a filled spreadsheet's rows (beside ``decided``, the file's), and the counts;
    or every problem."""
    decided = decided or {}
    problems: list[str] = []
    decisions: list[ReviewDecision] = []
    counts = {"added": 0, "changed": 0, "unchanged": 0, "blank": 0}
    seen: dict[tuple[str, str], int] = {}
    try:
        with source.open(encoding="utf-8-sig", newline="") as file:
            reader = csv.DictReader(file)
            missing = [column for column in ("from_commitment_id", "to_commitment_id", "verdict")
                       if column not in (reader.fieldnames or [])]
            if missing:
                raise SpreadsheetError(source, [f"row 1 (the header): no column {', '.join(map(repr, missing))} "
                                                "(export one with strategy-extract review --export and fill that)"])
            for number, row in enumerate(reader, start=2):
                if not (row.get("verdict") or "").strip():
                    counts["blank"] += 1
                    continue
                found = _row(row, number, reviewer, today, seen, decided, problems)
                if found is None:
                    continue
                if found is UNCHANGED:
                    counts["unchanged"] += 1
                    continue
                assert isinstance(found, ReviewDecision)
                counts["changed" if found.pair in decided else "added"] += 1
                decisions.append(found)
    except UnicodeDecodeError:
        raise SpreadsheetError(source, ["not UTF-8 text: save it as CSV UTF-8"]) from None
    except csv.Error as error:
        raise SpreadsheetError(source, [f"not a readable CSV file: {error}"]) from None
    if problems:
        raise SpreadsheetError(source, problems)
    return decisions, Imported(**counts)


#: A row saying what the review file says already.
UNCHANGED = object()


def _row(row: dict[str, str | None], number: int, reviewer: str | None, today: date, seen: dict[tuple[str, str], int],
         decided: dict[tuple[str, str], ReviewDecision], problems: list[str]) -> ReviewDecision | object | None:
    """The row's decision, UNCHANGED, or None (with its problems)."""
    def cell(column: str) -> str:
        return (row.get(column) or "").strip()

    pair = (cell("from_commitment_id"), cell("to_commitment_id"))
    where = f"row {number} ({pair[0] or '?'} -> {pair[1] or '?'})"
    written = cell("verdict")
    verdict = SPELLINGS.get(re.sub(r"[\s_-]+", "_", written.lower()))
    if verdict is None:
        problems.append(f"{where}, column 'verdict': {written!r} is not a verdict (write continues, revised or "
                        "not_same, or leave it empty to decide later)")
    if pair in seen:
        problems.append(f"{where}: the same pair as row {seen[pair]}: keep one of the two rows")
        return None
    seen[pair] = number
    before = decided.get(pair)
    if verdict is not None and before is not None and (before.verdict, before.note) == (verdict, cell("note") or None):
        return UNCHANGED
    day: date | None = today
    if cell("date"):
        try:
            day = date.fromisoformat(cell("date"))
        except ValueError:
            day = None
            problems.append(f"{where}, column 'date': {cell('date')!r} is not a date: write it as YYYY-MM-DD, or leave "
                            "it empty for today (a spreadsheet may have reformatted it: format the column as text)")
    who = cell("reviewer") or reviewer
    if not who:
        problems.append(f"{where}, column 'reviewer': empty: write who decided, or give --reviewer NAME")
    try:
        decision = ReviewDecision.model_validate({
            "from_commitment_id": pair[0], "to_commitment_id": pair[1], "verdict": verdict or "continues",
            "reviewer": who or "?", "date": day or today, "note": cell("note") or None})
    except ValidationError as error:
        for detail in error.errors():
            field = ".".join(str(part) for part in detail["loc"]) or "from_commitment_id"
            problems.append(f"{where}, column '{field}': {detail['msg']} (keep the ids as the export wrote them)")
        return None
    return decision if verdict and who and day else None


def import_csv(source: Path, reviews: Path, reviewer: str | None, today: date | None = None) -> Imported:
    """Merge a filled spreadsheet's verdicts into the review file (all rows or, on any problem, none)."""
    decisions, counts = read_rows(source, reviewer, today or date.today(), by_pair(load_reviews(reviews)))
    record(reviews, decisions)
    return counts
