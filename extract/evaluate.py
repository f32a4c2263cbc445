"""Scoring a built database against the hand-made gold annotations (tests/gold/).

Priorities count as found when kind, number, title and parent all agree;
commitments when number and priority agree, and their text separately when it is
the same text (compared with white space normalised on both sides).
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path


def normal_text(text: str) -> str:
    """Text compared modulo white space: runs collapsed, none before punctuation."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" ([.,;:!?)])", r"\1", text)


@dataclass
class Score:
    """Counts for one kind of record."""

    found: int = 0  # in the database
    expected: int = 0  # in the gold
    correct: int = 0  # in both, agreeing

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    def add(self, other: Score) -> None:
        self.found += other.found
        self.expected += other.expected
        self.correct += other.correct


@dataclass
class DocumentScore:
    priorities: Score = field(default_factory=Score)
    commitments: Score = field(default_factory=Score)
    texts: Score = field(default_factory=Score)  # exact text, over gold commitments
    misses: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    documents: dict[str, DocumentScore]

    def total(self) -> DocumentScore:
        total = DocumentScore()
        for score in self.documents.values():
            total.priorities.add(score.priorities)
            total.commitments.add(score.commitments)
            total.texts.add(score.texts)
        return total

    def table(self) -> str:
        rows = [f"{'document':34} {'priorities P/R':>16} {'commitments P/R':>17} {'text exact':>12}"]
        for name, score in [*self.documents.items(), ("ALL", self.total())]:
            rows.append(
                f"{name:34} {score.priorities.precision:7.3f}/{score.priorities.recall:.3f}"
                f"  {score.commitments.precision:8.3f}/{score.commitments.recall:.3f}"
                f"  {score.texts.correct:5}/{score.texts.expected:<5}"
            )
        misses = [f"  {name}: {miss}" for name, s in self.documents.items() for miss in s.misses]
        return "\n".join(rows + (["Disagreements:", *misses] if misses else []))


def evaluate(database: Path, gold_path: Path) -> Evaluation:
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))["documents"]
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        return Evaluation({doc: _score_document(connection, doc, gold[doc]) for doc in gold})
    finally:
        connection.close()


def _score_document(connection: sqlite3.Connection, document_id: str, gold: dict) -> DocumentScore:
    score = DocumentScore()
    priorities = {
        row["id"]: row
        for row in connection.execute("select * from priorities where document_id = ?", [document_id])
    }
    by_key = {(row["kind"], row["number"]): row for row in priorities.values()}
    score.priorities.found = len(priorities)
    score.priorities.expected = len(gold["priorities"])
    for item in gold["priorities"]:
        row = by_key.get((item["kind"], item["number"]))
        parent = priorities.get(row["parent_id"]) if row and row["parent_id"] else None
        if (
            row
            and normal_text(row["title"]) == normal_text(item["title"])
            and (parent["number"] if parent else None) == item.get("parent")
        ):
            score.priorities.correct += 1
        else:
            score.misses.append(f"priority {item['kind']} {item['number']}: " + ("wrong" if row else "missing"))

    commitments = {
        row["number"]: row
        for row in connection.execute("select * from commitments where document_id = ?", [document_id])
    }
    score.commitments.found = len(commitments)
    score.commitments.expected = score.texts.expected = len(gold["commitments"])
    for item in gold["commitments"]:
        row = commitments.get(item["number"])
        priority = priorities.get(row["priority_id"]) if row and row["priority_id"] else None
        if row and priority and priority["number"] == item["priority"]:
            score.commitments.correct += 1
        else:
            score.misses.append(f"commitment {item['number']}: " + ("wrong priority" if row else "missing"))
        if row and normal_text(row["text"]) == normal_text(item["text"]):
            score.texts.correct += 1
        elif row:
            note = f" ({item['note']})" if item.get("note") else ""
            score.misses.append(f"commitment {item['number']}: text differs{note}")
    return score
