"""Extraction measured against the hand-made gold (tests/gold/<document>.json), and the scorer itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.evaluate import KINDS, MATCH_SCORE, Score, evaluate, pair, similarity

GOLD = Path(__file__).resolve().parents[1] / "gold"
#: The bars of the issue: overall F1 per kind, and F1 per document and kind.
OVERALL_F1 = 0.95
DOCUMENT_F1 = 0.90


@pytest.mark.parametrize("source", ["pdf", "text"])
def test_every_kind_meets_the_bars(source: str, built_db: Path, built_text_db: Path):
    evaluation = evaluate(built_db if source == "pdf" else built_text_db, GOLD)
    assert set(evaluation.documents) == {
        "barnet-2013-14-action-plan", "barnet-2015-2020-strategy", "barnet-2015-16-asb-action-plan",
        "barnet-2022-23-action-plan", "barking-dagenham-2014-17-plan",
    }
    report = evaluation.table()
    for kind in KINDS:
        assert evaluation.total(kind).f1 >= OVERALL_F1, f"{source} {kind}\n{report}"
        for document, scores in evaluation.documents.items():
            score = scores[kind]
            if score.found or score.expected:
                assert score.f1 >= DOCUMENT_F1, f"{source} {document} {kind}\n{report}"


def test_pairs_are_one_to_one_best_first():
    gold = [{"text": "Reduce burglary"}, {"text": "Reduce robbery"}]
    found = [{"text": "reduce robbery."}, {"text": "Reduce burglary!"}, {"text": "Reduce burglary"}]
    pairs = pair(gold, found, lambda g, f: similarity(g["text"], f["text"]))
    assert [(g["text"], f["text"]) for g, f in pairs] == [
        ("Reduce burglary", "Reduce burglary!"),
        ("Reduce robbery", "reduce robbery."),
    ]


def test_similarity_ignores_case_punctuation_and_spacing_but_not_words():
    assert similarity("Hold  a street meeting, monthly.", "hold a street meeting monthly") == 100
    assert similarity("Increase hate crime reporting", "Reduce hate crime") < MATCH_SCORE


def test_scores_count_precision_recall_and_f1():
    score = Score(found=4, expected=5, correct=3)
    assert (score.precision, score.recall) == (0.75, 0.6)
    assert round(score.f1, 4) == round(2 * 0.75 * 0.6 / 1.35, 4)
    assert Score().f1 == 1.0  # nothing to find, nothing found
    assert Score(found=2, expected=0).f1 == 0.0


def test_one_scorer_counts_hits_apart_when_pairing_is_not_one_to_one_and_one_printer_shows_it():
    from extract.scoring import score_table

    links = Score(found=4, expected=3, correct=3, recalled=2)  # two links found match one gold link
    links.agree("type", True)
    links.agree("type", False)
    assert (links.precision, links.recall, links.false_negatives, links.agreement("type")) == (0.75, 2 / 3, 1, 0.5)
    total = Score(found=1, expected=1, correct=1)
    total.add(links)
    assert (total.found, total.correct, total.hits, total.attributes) == (5, 4, 3, {"type": [1, 2]})
    header, row = score_table([("links", 6)], [("found", 5), ("hit", 4)], [(("same",), links)], agreement="type")
    assert header.split() == ["links", "found", "hit", "P", "R", "F1", "type"]
    assert row.split() == ["same", "4", "2", "0.750", "0.667", "0.706", "0.500"]


def test_the_readme_gives_the_cross_document_figures_evaluate_prints(built_db: Path):
    import re

    from extract.evaluate import evaluate_cross_document

    readme = (GOLD.parent.parent / "README.md").read_text(encoding="utf-8")
    printed = "\n".join(evaluate_cross_document(built_db, GOLD))
    themes = re.search(r"themes\.json`: precision (\d\.\d+), recall (\d\.\d+)", readme)
    assert themes, "the README no longer gives the themes' figures"
    overall = next(line.split() for line in printed.splitlines() if line.startswith("OVERALL"))
    assert (themes.group(1), themes.group(2)) == (overall[4], overall[5])
    links = re.search(r"`continues` precision (\d\.\d+) \((\d+)/(\d+)\), recall (\d\.\d+)", readme)
    assert links, "the README no longer gives the links' figures"
    continues = next(line.split() for line in printed.splitlines() if line.startswith("continues"))
    assert (links.group(1), links.group(4)) == (continues[5], continues[6])
    assert (links.group(2), links.group(3)) == (continues[2], continues[1])
    reviewed = re.search(r"reviewed same-borough links have precision (\d\.\d+) \((\d+)/(\d+)\)\s+and recall (\d\.\d+)",
                         readme)
    if (GOLD.parent.parent / "corpus" / "reviews.yml").exists():  # the corpus's review, set beside the gold
        assert reviewed, "the README no longer gives the reviewed links' figures"
        section = printed[printed.index("reviewed links"):]
        same = next(line.split() for line in section.splitlines() if line.startswith("same borough"))
        assert (reviewed.group(1), reviewed.group(4), reviewed.group(2), reviewed.group(3)) == (
            same[6], same[7], same[3], same[2])
