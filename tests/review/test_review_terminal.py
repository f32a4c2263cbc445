"""A real review session in a terminal (pexpect): keys answer candidates, a second session resumes where the first
stopped, the review file holds the decisions, and a rebuild applies them (method 'reviewed', the rejected pair gone)."""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from pathlib import Path

import pytest

from extract.pipeline.build import build
from extract.review.decisions import load_reviews
from extract.review.session import Session, load_items


pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parents[2]
KEYS_SHOWN = re.escape("q quit")
#: The commitment on screen: its id in brackets after its number.
SHOWN = re.compile(r"\((barnet-[a-z0-9-]+:[^)\s]+)\)")


def spawn(database: Path, corpus: Path, log: Path):
    child = pexpect.spawn(
        sys.executable, ["-m", "extract.cli", "review", "--db", str(database), "--corpus", str(corpus), "--reviewer", "test"],
        cwd=str(ROOT), env={**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm"}, encoding="utf-8", timeout=60,
        dimensions=(60, 110),
    )
    child.logfile_read = log.open("a", encoding="utf-8")
    return child


def screen(child) -> str:
    """The next whole screen (up to the keys line) the session draws."""
    child.expect(KEYS_SHOWN)
    return child.before


def test_a_review_session_in_a_terminal_resumes_and_a_rebuild_applies_it(
        corpus_copy: Path, tmp_path: Path):
    (corpus_copy / "reviews.yml").unlink(missing_ok=True)  # a corpus nobody has reviewed yet
    database = tmp_path / "review.db"
    assert not build(corpus_copy, database).failed  # with the link step's own candidates (link_candidates)
    log = tmp_path / "session.log"
    # what the keys should do, from the session's own logic
    expected = Session(load_items(database), [], "test")
    first = expected.current()
    assert first is not None and expected.undecided_pairs() > 4
    made = [*expected.press("c").decisions, *expected.press("n").decisions]
    expected.press("s")
    after_skip = expected.current()

    child = spawn(database, corpus_copy, log)
    shown = screen(child)
    assert SHOWN.search(shown).group(1) == first.commitment.id and "> 1." in shown  # type: ignore[union-attr]
    assert "Is it the same commitment" in shown and "score" in shown
    child.send("c")
    assert "Saved: " in screen(child)
    child.send("n")
    assert "not the same." in screen(child)
    child.send("s")
    assert after_skip is not None and SHOWN.search(screen(child)).group(1) == after_skip.commitment.id  # type: ignore[union-attr]
    child.send("q")
    child.expect(pexpect.EOF)
    assert "2 decisions written to" in child.before
    child.close()
    assert child.exitstatus == 0

    decisions = load_reviews(corpus_copy / "reviews.yml")
    assert [(d.pair, d.verdict, d.reviewer) for d in decisions] == [(d.pair, d.verdict, "test") for d in made]
    assert [d.verdict for d in decisions] == ["continues", "not_same"]

    # a new session starts where this one stopped, on an undecided candidate
    resumed = Session(load_items(database), decisions, "test")
    assert resumed.current() is not None
    child = spawn(database, corpus_copy, log)
    shown = screen(child)
    now = SHOWN.search(shown).group(1)  # type: ignore[union-attr]
    assert now == resumed.current().commitment.id  # type: ignore[union-attr]
    assert now in {made[-1].from_commitment_id, after_skip.commitment.id}
    highlighted = shown[shown.index("> "):].splitlines()[1]
    assert "decided:" not in highlighted  # the highlighted candidate is one not yet decided
    child.send("q")
    child.expect(pexpect.EOF)
    assert "0 decisions written" in child.before
    child.close()
    assert load_reviews(corpus_copy / "reviews.yml") == decisions

    # the rebuild applies them, after the link step has made its links and candidates
    rebuilt = tmp_path / "rebuilt.db"
    report = build(corpus_copy, rebuilt)
    assert report.reviews is not None and (report.reviews.confirmed, report.reviews.rejected) == (1, 1)
    confirmed, rejected = decisions
    before = sqlite3.connect(database)
    (over,) = before.execute("select count(*) from commitment_links where from_commitment_id = ? and to_commitment_id = ?",
                             confirmed.pair).fetchone()
    before.close()
    assert f"Reviews (reviews.yml): 2 decisions; 1 reviewed links ({over} over a machine link)" in report.summary()
    connection = sqlite3.connect(rebuilt)
    links = connection.execute("select from_commitment_id, to_commitment_id, type, method from commitment_links "
                               "where from_commitment_id in (?, ?)", (confirmed.from_commitment_id, rejected.from_commitment_id)).fetchall()
    assert (*confirmed.pair, "continues", "reviewed") in links
    assert not [link for link in links if link[:2] == rejected.pair]
    assert connection.execute("select verdict from link_candidates where from_commitment_id = ? and to_commitment_id = ?",
                              rejected.pair).fetchall() == [("not_same",)]
    assert connection.execute("select count(*) from commitment_links where method = 'reviewed'").fetchone() == (1,)
