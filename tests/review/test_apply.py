"""People's decisions applied to a built database: reviewed links win, rejected pairs go, stale ones are reported."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from extract.review.apply import apply_corpus_reviews, apply_reviews
from extract.review.decisions import record
from models import ReviewDecision


def decided(source: str, target: str, verdict: str) -> ReviewDecision:
    return ReviewDecision.model_validate({"from_commitment_id": source, "to_commitment_id": target, "verdict": verdict,
                                          "reviewer": "ab", "date": date(2026, 5, 1)})


def links(connection: sqlite3.Connection) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in connection.execute("select id, type, method, round(score, 2) from commitment_links")}


def candidates(connection: sqlite3.Connection) -> dict[str, str | None]:
    return dict(connection.execute("select id, verdict from link_candidates"))


def test_reviewed_links_replace_the_machines_and_rejected_pairs_are_marked(small_db: Path):
    connection = sqlite3.connect(small_db)
    report = apply_reviews(connection, [
        decided("barnet-2013-plan:1", "barnet-2016-plan:1.1", "revised"),  # over the machine's 'continues'
        decided("barnet-2013-plan:2", "barnet-2016-plan:1.2", "not_same"),  # the machine's link goes
        decided("barnet-2013-plan:1", "barnet-2016-plan:1.2", "not_same"),  # a candidate only
        decided("barnet-2013-plan:3", "barnet-2016-plan:1.3", "continues"),  # a candidate the machine did not link
        decided("barnet-2013-plan:2", "barnet-2016-plan:1.1", "revised"),  # a pair the machine never proposed
    ])
    found = links(connection)
    assert found["barnet-2013-plan:1->barnet-2016-plan:1.1"] == ("revised", "reviewed", 0.8)
    assert "barnet-2013-plan:2->barnet-2016-plan:1.2" not in found
    assert found["barnet-2013-plan:3->barnet-2016-plan:1.3"] == ("continues", "reviewed", 0.4)
    assert found["barnet-2013-plan:2->barnet-2016-plan:1.1"][:2] == ("revised", "reviewed")
    assert found["barnet-2013-plan:1->enfield-2016-plan:1"] == ("similar", "lexical+tfidf", 0.6)  # untouched
    assert len(found) == 4
    # every decided pair keeps its candidate row (the machine's rank and score) with the verdict
    assert candidates(connection) == {
        "barnet-2013-plan:1->barnet-2016-plan:1.1": "revised", "barnet-2013-plan:2->barnet-2016-plan:1.2": "not_same",
        "barnet-2013-plan:1->barnet-2016-plan:1.2": "not_same", "barnet-2013-plan:3->barnet-2016-plan:1.3": "continues"}
    assert (report.decisions, report.confirmed, report.over_machine, report.rejected) == (5, 3, 1, 2)
    assert (report.links_removed, report.candidates_rejected, report.stale) == (1, 2, [])
    assert connection.execute("pragma foreign_key_check").fetchall() == []


def test_a_decision_whose_commitment_is_gone_is_reported_not_dropped(small_db: Path):
    connection = sqlite3.connect(small_db)
    report = apply_reviews(connection, [
        decided("barnet-2013-plan:9", "barnet-2016-plan:1.1", "continues"),  # renumbered away
        decided("barnet-2011-plan:1", "barnet-2016-plan:1.1", "revised"),  # its document left the corpus
        decided("camden-2011-plan:1", "camden-2014-plan:1", "revised"),  # both documents gone
    ])
    assert len(report.stale) == 3 and report.confirmed == 0
    assert "names barnet-2013-plan:9, which this build does not have" in report.stale[0]
    issues = connection.execute("select id, document_id, severity, code, message from extraction_issues order by id").fetchall()
    assert [row[:4] for row in issues] == [
        ("barnet-2013-plan:review:1", "barnet-2013-plan", "warning", "review-stale"),  # on the missing one's document
        ("barnet-2016-plan:review:2", "barnet-2016-plan", "warning", "review-stale"),  # on the other one's
    ]
    assert "barnet-2011-plan:1" in issues[1][4] and "strategy-extract review" in issues[1][4]
    assert "3 not applied (extraction_issues, code review-stale)" in report.summary()
    assert links(connection)["barnet-2013-plan:1->barnet-2016-plan:1.1"][1] == "lexical+tfidf"  # left as it was
    assert connection.execute("pragma foreign_key_check").fetchall() == []


def test_the_build_step_does_nothing_without_a_review_file_or_candidates(small_db: Path, tmp_path: Path):
    connection = sqlite3.connect(small_db)
    assert apply_corpus_reviews(connection, tmp_path) is None  # no reviews.yml
    record(tmp_path / "reviews.yml", decided("barnet-2013-plan:2", "barnet-2016-plan:1.2", "not_same"))
    connection.execute("drop table link_candidates")
    assert apply_corpus_reviews(connection, tmp_path) is None  # no link_candidates: a build before them
    assert "barnet-2013-plan:2->barnet-2016-plan:1.2" in links(connection)
