"""A review session's logic: what it asks next, what each key does, where it starts again (no terminal)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from extract.review.session import Session, keys_of, load_items, render
from models import ReviewDecision

from .candidates import add_link_candidates


def session(small_db: Path, decisions: list[ReviewDecision] | None = None, **given: object) -> Session:
    return Session(load_items(small_db, **given), decisions or [], "ab", date(2026, 5, 1))  # type: ignore[arg-type]


def test_the_items_are_a_boroughs_commitments_with_their_candidates_and_links(small_db: Path):
    items = load_items(small_db)
    assert [item.commitment.id for item in items] == ["barnet-2013-plan:1", "barnet-2013-plan:2", "barnet-2013-plan:3"]
    first = items[0]
    assert first.commitment.priority == "1 Burglary" and first.commitment.progress == ("2013-14 Q1: done: Operation done",)
    # ranked candidates first; the machine's link marked; another borough's commitment ('similar') is not asked
    assert [(c.commitment.id, c.rank, c.link) for c in first.candidates] == [
        ("barnet-2016-plan:1.1", 1, "automatic continues"), ("barnet-2016-plan:1.2", 2, None)]
    assert load_items(small_db, top=1)[0].candidates[1:] == ()
    assert [item.commitment.id for item in load_items(small_db, document="barnet-2016-plan")] == []


def test_an_item_shows_what_ranks_it_from_the_later_end_too(small_db: Path):
    """A later commitment that ranks this one first is shown though this one ranks it second: the pairs candidate
    recall@k counts (either end) are the pairs a review sees."""
    add_link_candidates(small_db, [("barnet-2013-plan:1", "barnet-2016-plan:1.1", 0.8),
                                   ("barnet-2013-plan:2", "barnet-2016-plan:1.2", 0.5),
                                   ("barnet-2013-plan:2", "barnet-2016-plan:1.3", 0.45),
                                   ("barnet-2013-plan:3", "barnet-2016-plan:1.3", 0.4)])
    second = load_items(small_db, top=1)[1]
    assert second.commitment.id == "barnet-2013-plan:2" and second.later == "Barnet 2016: plan"
    assert [(c.commitment.id, c.rank, c.reverse_rank) for c in second.candidates] == [
        ("barnet-2016-plan:1.2", 1, 1), ("barnet-2016-plan:1.3", 2, 1)]
    assert "rank 2, reverse rank 1" in render(Session([second], [], "ab"))


def test_keys_give_verdicts_to_the_highlighted_candidate_and_move_on(small_db: Path):
    review = session(small_db)
    screen = render(review)
    assert "in Barnet 2016: plan?" in screen and "> 1. commitment 1.1   score" in screen
    assert "automatic continues" in screen and "progress: 2013-14 Q1" in screen
    outcome = review.press("c")
    assert [(d.pair, d.verdict, d.reviewer, d.date) for d in outcome.decisions] == [
        (("barnet-2013-plan:1", "barnet-2016-plan:1.1"), "continues", "ab", date(2026, 5, 1))]
    assert review.cursor == 1 and "Saved: 1.1 continues." in render(review)  # the next undecided candidate
    assert "decided: continues" in render(review)
    assert review.press("n").decisions[0].verdict == "not_same"
    assert review.current().commitment.id == "barnet-2013-plan:2"  # type: ignore[union-attr]  # all decided: the next one
    assert review.press("z").message.startswith("'z' does nothing here")
    assert review.press("e").ask_note
    review.note = "reworded"
    assert review.press("r").decisions[0].note == "reworded" and review.note is None
    assert review.current().commitment.id == "barnet-2013-plan:3"  # type: ignore[union-attr]
    review.press("s")  # skipped: nothing else is left in this session
    assert review.current() is None and render(review) == "Nothing left to review."
    assert review.undecided_pairs() == 1 and review.written == 3


def test_choosing_a_candidate_going_back_and_none_of_the_rest(small_db: Path):
    review = session(small_db)
    review.press("2")
    assert review.cursor == 1 and render(review).count("> ") == 1 and "> 2." in render(review)
    review.press("j")
    assert review.cursor == 0
    review.press("\x1b[A")
    assert review.cursor == 1
    outcome = review.press("N")  # not the same, each undecided candidate, then the next commitment
    assert [d.to_commitment_id for d in outcome.decisions] == ["barnet-2016-plan:1.1", "barnet-2016-plan:1.2"]
    assert review.current().commitment.id == "barnet-2013-plan:2"  # type: ignore[union-attr]
    review.press("b")  # back, to change a verdict
    assert review.current().commitment.id == "barnet-2013-plan:1"  # type: ignore[union-attr]
    assert review.press("c").decisions[0].to_commitment_id == "barnet-2016-plan:1.1"
    assert review.press("q").quit


def test_a_new_session_starts_where_the_last_stopped(small_db: Path):
    first, second = ("barnet-2013-plan:1", "barnet-2016-plan:1.1"), ("barnet-2013-plan:2", "barnet-2016-plan:1.2")
    made = [ReviewDecision(from_commitment_id=a, to_commitment_id=b, verdict="continues", reviewer="ab",
                           date=date(2026, 5, 1)) for a, b in (first, second)]
    # the last decision's commitment is fully decided: the next one with an undecided candidate
    assert session(small_db, made).current().commitment.id == "barnet-2013-plan:3"  # type: ignore[union-attr]
    # the last decision's commitment still has an undecided candidate: there, on it
    resumed = session(small_db, made[::-1])
    assert resumed.current().commitment.id == "barnet-2013-plan:1" and resumed.cursor == 1  # type: ignore[union-attr]
    assert session(small_db).current().commitment.id == "barnet-2013-plan:1"  # type: ignore[union-attr]


def test_keys_read_together_are_taken_one_by_one():
    assert keys_of("cn") == ["c", "n"]
    assert keys_of("\x1b[Bc") == ["\x1b[B", "c"]
    assert keys_of("\x1b") == ["\x1b"]
