"""Scoring theme coding against the hand-coded gold (tests/gold/themes.json): which (item, theme) pairs
the build gave, against those a person gave, on the gold items paired with records."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from models import Commitment, ItemTheme, Priority, Record, Target

from ..document.parsers import ParsedDocument
from ..scoring import MATCH_SCORE, Score, normal, score_table

def parsed_from_database(path: Path) -> dict[str, ParsedDocument]:
    """The priorities, commitments and targets of a built database, to code or score without re-reading PDFs."""
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        documents = [row["id"] for row in connection.execute("select id from documents where status != 'failed'")]
        return {
            document: ParsedDocument(
                priorities=_rows(connection, Priority, "priorities", document),
                commitments=_rows(connection, Commitment, "commitments", document),
                issues=[],
                targets=_rows(connection, Target, "targets", document),
            )
            for document in documents
        }
    finally:
        connection.close()


def _rows(connection: sqlite3.Connection, model: type[Record], table: str, document: str) -> list:
    query = f"select * from {table} where document_id = ? order by position"
    return [model(**{key: row[key] for key in row.keys() if key in model.model_fields})
            for row in connection.execute(query, (document,))]


@dataclass
class ThemeScores:
    """Precision and recall of theme assignments over the gold items paired with records."""

    themes: dict[str, Score]  # theme code -> its (item, theme) assignments scored
    paired: int
    gold_items: int
    unpaired: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Score:
        """Micro-average over (item, theme) pairs; ``uncoded`` counts like any theme."""
        total = Score()
        for score in self.themes.values():
            total.add(score)
        return total

    def table(self, details: bool = False) -> str:
        """A text report: one row per theme, then overall; with ``details`` the disagreements."""
        rows = [((code,), score) for code, score in [*sorted(self.themes.items()), ("OVERALL", self.overall)]]
        lines = [f"{self.paired} of {self.gold_items} gold items paired with records", "",
                 *score_table([("theme", 24)], [("tp", 4), ("fp", 4), ("fn", 4)], rows)]
        if details:
            lines += [f"  unpaired gold: {text}" for text in self.unpaired]
            lines += [f"  {error}" for error in self.errors]
        return "\n".join(lines)


def evaluate_themes(items: list[ItemTheme], parsed: dict[str, ParsedDocument], gold_path: Path) -> ThemeScores:
    """Pair gold items with records and score the themes given to the pairs.

    Pairs are one-to-one within a document and kind, best first: the same number when both
    have one (the closer text breaks ties between a priority's kinds, "Outcome 1" and
    "Objective 1"), otherwise normalised texts equal or a rapidfuzz ratio of at least 85.
    """
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))["items"]
    given: dict[str, set[str]] = defaultdict(set)
    for record in items:
        given[record.priority_id or record.commitment_id or record.target_id or ""].add(record.theme_id)
    records = _records_by_group(parsed)
    scores = ThemeScores(themes=defaultdict(Score), paired=0, gold_items=len(gold))
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for entry in gold:
        groups[(entry["document_id"], entry["kind"])].append(entry)
    for key, entries in groups.items():
        paired = _pair(entries, records.get(key, []))
        for entry in entries:
            matched = paired.get(id(entry))
            if matched is None:
                scores.unpaired.append(f"{key[0]} {key[1]} {entry.get('number')}: {entry['text'][:80]}")
                continue
            scores.paired += 1
            _tally(scores, entry, set(entry["themes"]), given.get(matched.id, set()))
    scores.themes = dict(scores.themes)
    return scores


@dataclass(frozen=True)
class _Record:
    id: str
    number: str | None
    text: str


def _records_by_group(parsed: dict[str, ParsedDocument]) -> dict[tuple[str, str], list[_Record]]:
    groups: dict[tuple[str, str], list[_Record]] = defaultdict(list)
    for document_id, document in parsed.items():
        for priority in document.priorities:
            groups[(document_id, "priority")].append(_record_of(priority))
        for commitment in document.commitments:
            groups[(document_id, "commitment")].append(_record_of(commitment))
        for target in document.targets:
            groups[(document_id, "target")].append(_record_of(target))
    return groups


def _record_of(record: Priority | Commitment | Target) -> _Record:
    if isinstance(record, Priority):
        return _Record(record.id, record.number, record.title)
    if isinstance(record, Commitment):
        return _Record(record.id, record.number, record.text)
    return _Record(record.id, None, record.indicator)


def _pair(entries: list[dict], records: list[_Record]) -> dict[int, _Record]:
    """Gold entry (by id()) -> its record, one-to-one, best pair first."""
    candidates = []
    for gi, entry in enumerate(entries):
        for ri, record in enumerate(records):
            similarity = 100.0 if normal(entry["text"]) == normal(record.text) else fuzz.ratio(
                normal(entry["text"]), normal(record.text))
            number = entry.get("number")
            if number and record.number:
                if str(number) != record.number:
                    continue
                candidates.append((200.0 + similarity, gi, ri))
            elif similarity >= MATCH_SCORE:
                candidates.append((similarity, gi, ri))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_records: set[int] = set()
    paired: dict[int, _Record] = {}
    for _, gi, ri in candidates:
        if gi in used_gold or ri in used_records:
            continue
        used_gold.add(gi)
        used_records.add(ri)
        paired[id(entries[gi])] = records[ri]
    return paired


def _tally(scores: ThemeScores, entry: dict, expected: set[str], found: set[str]) -> None:
    for code in expected | found:
        score = scores.themes[code]
        score.found += code in found
        score.expected += code in expected
        score.correct += code in found and code in expected
    if expected != found:
        missed, extra = sorted(expected - found), sorted(found - expected)
        scores.errors.append(f"{entry['document_id']} {entry['kind']} {entry.get('number') or ''}: "
                             f"{entry['text'][:70]!r} missed {missed} extra {extra}")
