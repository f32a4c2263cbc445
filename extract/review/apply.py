"""People's decisions (corpus/reviews.yml) applied to a built database, over the machine's links.

- a confirmed pair (``continues``, ``revised``) becomes a link in ``commitment_links`` with method
  ``reviewed`` and the verdict as its type, in place of any machine link on the same pair;
- a rejected pair (``not_same``) loses its machine link, and is never proposed again: the fates, the review
  and the site read only candidates nobody has decided;
- either way the pair's candidate row (``link_candidates``) is kept with the ``verdict``, so what the machine
  proposed (its ranks, its automatic links) can still be measured and set beside what people decided;
- a decision naming a commitment the database does not have (renumbered, reworded out, or its document
  left the corpus) is not applied and is reported: an ``extraction_issues`` row (code ``review-stale``) on
  the document of the missing commitment, or on the other one's when that document is gone too, and a
  line of the build's summary.

The build runs :func:`apply_corpus_reviews` once the links are written (extract/pipeline/build.py); it does
nothing when the corpus has no reviews.yml or the database no ``link_candidates`` table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils
from rapidfuzz import fuzz

from models import ExtractionIssue, ReviewDecision

from .decisions import REVIEWS, by_pair, load_reviews
from .session import has_table

METHOD = "reviewed"


@dataclass
class ReviewReport:
    """What applying the decisions did."""

    decisions: int = 0
    confirmed: int = 0  # links written with method 'reviewed'
    over_machine: int = 0  # ... of which took the place of a machine link on the same pair
    rejected: int = 0  # not_same decisions applied
    links_removed: int = 0  # machine links removed by them
    candidates_rejected: int = 0  # candidates marked not_same by them
    stale: list[str] = field(default_factory=list)  # decisions not applied: a commitment is missing

    def summary(self) -> str:
        line = (f"Reviews ({REVIEWS}): {self.decisions} decisions; {self.confirmed} reviewed links "
                f"({self.over_machine} over a machine link), {self.rejected} pairs rejected ({self.links_removed} "
                f"machine links removed, {self.candidates_rejected} candidates marked not_same)")
        if not self.stale:
            return line + "."
        return "\n".join([line + f"; {len(self.stale)} not applied (extraction_issues, code review-stale):",
                          *(f"  {message}" for message in self.stale[:10])]
                         + ([f"  ... and {len(self.stale) - 10} more"] if len(self.stale) > 10 else []))


class _Issues:
    """The review-stale issues, numbered in the order met, on a document the database has."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.count = 0

    def warn(self, code: str, message: str, documents: Iterable[str]) -> bool:
        """Record an issue on the first of ``documents`` the database has; whether there was one."""
        for document in documents:
            if self.connection.execute("select 1 from documents where id = ?", (document,)).fetchone():
                self.count += 1
                row = ExtractionIssue(id=f"{document}:review:{self.count}", document_id=document, severity="warning",
                                      code=code, message=message).row()
                self.connection.execute(
                    f"insert into extraction_issues ({', '.join(row)}) values ({', '.join('?' * len(row))})",
                    list(row.values()))
                return True
        return False


def _connection(db: sqlite3.Connection | sqlite_utils.Database) -> sqlite3.Connection:
    return db.conn if isinstance(db, sqlite_utils.Database) else db


def apply_reviews(db: sqlite3.Connection | sqlite_utils.Database, decisions: Iterable[ReviewDecision]) -> ReviewReport:
    """Apply the decisions (a later one on a pair wins) to a built database's links and candidates."""
    connection = _connection(db)
    candidates = has_table(connection, "link_candidates")
    issues = _Issues(connection)
    report = ReviewReport()
    for decision in by_pair(decisions).values():
        report.decisions += 1
        ends = {
            row[0]: row[1:] for row in connection.execute(
                "select id, document_id, text from commitments where id in (?, ?)", decision.pair)
        }
        missing = [id_ for id_ in decision.pair if id_ not in ends]
        if missing:
            named = " and ".join(missing)
            message = (
                f"{REVIEWS}: the decision '{decision.verdict}' on {decision.from_commitment_id} -> "
                f"{decision.to_commitment_id} (by {decision.reviewer}, {decision.date}) names {named}, which this "
                "build does not have (renumbered, reworded out, or its document left the corpus): it was not applied. "
                "Review the pair's commitments again (strategy-extract review) and remove or correct the decision."
            )
            report.stale.append(message)
            documents = [id_.split(":", 1)[0] for id_ in (*missing, *decision.pair)]
            issues.warn("review-stale", message, documents)
            continue
        pair = decision.pair
        machine = connection.execute(
            "select score from commitment_links where from_commitment_id = ? and to_commitment_id = ?", pair).fetchone()
        proposed = connection.execute(
            "select score from link_candidates where from_commitment_id = ? and to_commitment_id = ?", pair
        ).fetchone() if candidates else None
        removed = connection.execute(
            "delete from commitment_links where from_commitment_id = ? and to_commitment_id = ?", pair).rowcount
        marked = connection.execute(
            "update link_candidates set verdict = ? where from_commitment_id = ? and to_commitment_id = ?",
            (decision.verdict, *pair)).rowcount if candidates else 0
        if decision.confirmed:
            if proposed is not None:
                score = proposed[0]
            elif machine is not None:
                score = machine[0]
            else:  # a pair the machine did not propose: a plain measure of the two texts' overlap
                score = fuzz.token_set_ratio(ends[pair[0]][1], ends[pair[1]][1]) / 100
            connection.execute(
                "insert into commitment_links (id, from_commitment_id, to_commitment_id, from_document_id, "
                "to_document_id, type, score, method) values (?, ?, ?, ?, ?, ?, ?, ?)",
                (f"{pair[0]}->{pair[1]}", *pair, ends[pair[0]][0], ends[pair[1]][0], decision.verdict,
                 round(float(score), 4), METHOD),
            )
            report.confirmed += 1
            report.over_machine += removed > 0
        else:
            report.rejected += 1
            report.links_removed += removed
            report.candidates_rejected += marked
    return report


def apply_corpus_reviews(db: sqlite3.Connection | sqlite_utils.Database, corpus_dir: Path) -> ReviewReport | None:
    """The corpus's review file applied to the database being built; None (nothing done) when the corpus has no
    reviews.yml or the database no link_candidates table (a build without links)."""
    path = Path(corpus_dir) / REVIEWS
    if not path.exists() or not has_table(_connection(db), "link_candidates"):
        return None
    return apply_reviews(db, load_reviews(path))
