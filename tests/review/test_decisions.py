"""The review file (corpus/reviews.yml): checked like the manifest, written a decision at a time, kept readable."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from extract.cli import cli
from extract.corpus import load_corpus
from extract.errors import ManifestError
from extract.review.decisions import ReviewFileError, append, load_reviews, record
from models import ReviewDecision

A, B, C = "barnet-2013-plan:1", "barnet-2016-plan:1.1", "barnet-2016-plan:1.2"


def decision(target: str = B, verdict: str = "continues", **given: object) -> ReviewDecision:
    return ReviewDecision.model_validate({"from_commitment_id": A, "to_commitment_id": target, "verdict": verdict,
                                          "reviewer": "ab", "date": date(2026, 5, 1), **given})


def test_every_problem_is_named_by_line_decision_and_field_with_what_to_write(tmp_path: Path):
    path = tmp_path / "reviews.yml"
    path.write_text(f"""version: 2
decisions:
  - from_commitment_id: {A}
    to_commitment_id: {B}
    verdict: same
    reviewer: ab
    date: 2026-05-01
  - from_commitment_id: {A}
    to_commitment_id: {C}
    verdict: revised
    date: 1 May 2026
    colour: red
  - from_commitment_id: {A}
    to_commitment_id: {C}
    verdict: not_same
    reviewer: ab
    date: 2026-05-02
  - from_commitment_id: {A}
    to_commitment_id: {C}
    verdict: not_same
    reviewer: ab
    date: 2026-05-03
  - just words
""")
    with pytest.raises(ReviewFileError) as raised:
        load_reviews(path)
    problems = raised.value.problems
    text = "\n".join(problems)
    assert f"{path}, field 'version': is 2 (write version: 1)" in problems
    assert (f"{path} line 3: decision #1 ({A} -> {B}), field 'verdict': Input should be 'continues', 'revised' or "
            "'not_same' (write continues, revised or not_same)") in problems
    assert f"line 8: decision #2 ({A} -> {C}), field 'reviewer': Field required (write who decided" in text
    assert "decision #2" in text and "field 'date'" in text and "write the day as YYYY-MM-DD" in text
    assert "field 'colour': Extra inputs are not permitted (remove it: a decision has" in text
    # one decision per pair: the second on a pair is named, with the first's place
    assert f"line 18: decision #4 ({A} -> {C}): decides again the pair of decision #3 (line 13): keep one" in text
    assert "line 23: decision #5: expected a mapping of fields" in text
    assert len(problems) == 7, text


def test_the_corpus_check_and_validate_report_the_review_file(corpus_copy: Path):
    (corpus_copy / "reviews.yml").write_text(f"version: 1\ndecisions:\n  - from_commitment_id: {A}\n"
                                             f"    to_commitment_id: {A}\n    verdict: revised\n    reviewer: ab\n"
                                             "    date: 2026-05-01\n")
    with pytest.raises(ManifestError, match="decision #1 .*the same commitment"):
        load_corpus(corpus_copy)
    result = CliRunner().invoke(cli, ["validate", "--corpus", str(corpus_copy)])
    assert result.exit_code == 1 and "reviews.yml line 3: decision #1" in result.output
    record(corpus_copy / "reviews.yml.new", decision())
    (corpus_copy / "reviews.yml.new").replace(corpus_copy / "reviews.yml")
    result = CliRunner().invoke(cli, ["validate", "--corpus", str(corpus_copy)])
    assert result.exit_code == 0 and "1 review decisions" in result.output, result.output


def test_decisions_are_appended_in_order_and_a_new_one_on_a_pair_replaces_the_old(tmp_path: Path):
    path = tmp_path / "reviews.yml"
    record(path, decision(B))
    assert path.read_text().startswith("# Decisions of people who reviewed")
    text = path.read_text().replace("decisions:\n", "decisions:\n  # Barnet, read against the PDFs\n")
    path.write_text(text + "# the end\n")
    record(path, decision(C, "not_same", note="a panel, not the trigger: it: is"))
    record(path, decision(B, "revised"))  # a change of mind: the old decision goes, the new one is last
    decisions = load_reviews(path)
    assert [(d.to_commitment_id, d.verdict) for d in decisions] == [(C, "not_same"), (B, "revised")]
    assert decisions[0].note == "a panel, not the trigger: it: is"
    written = path.read_text()
    assert "# Barnet, read against the PDFs" in written and "# the end" in written  # comments kept
    assert written.count(f"to_commitment_id: {B}") == 1
    # a diff reads: one field a line, the date as written
    assert f"  - from_commitment_id: {A}\n    to_commitment_id: {B}\n    verdict: revised\n    reviewer: ab\n" \
           "    date: 2026-05-01\n" in written
    assert yaml.safe_load(written)["version"] == 1


def test_a_session_appends_new_pairs_without_reading_the_file_whole_and_only_where_the_list_is_last(tmp_path: Path):
    path = tmp_path / "reviews.yml"
    assert not append(path, [decision()])  # no file yet: record() makes it
    record(path, decision())
    with path.open("a", encoding="utf-8") as file:
        file.write("    # a reader's comment at the end\n")
    assert append(path, [decision(C, "not_same"), decision("barnet-2016-plan:2", "revised", note="narrowed")])
    assert [(d.to_commitment_id, d.verdict) for d in load_reviews(path)] == [
        (B, "continues"), (C, "not_same"), ("barnet-2016-plan:2", "revised")]
    assert "# a reader's comment at the end" in path.read_text()
    other = tmp_path / "other.yml"
    other.write_text(path.read_text() + "later: 1\n")  # the list is not the last thing: nothing appended
    assert not append(other, [decision("barnet-2016-plan:3")]) and "barnet-2016-plan:3" not in other.read_text()


def test_an_empty_list_and_a_wrong_file_are_handled(tmp_path: Path):
    path = tmp_path / "reviews.yml"
    path.write_text("version: 1\ndecisions: []\n")
    assert load_reviews(path) == []
    record(path, decision())
    assert [d.pair for d in load_reviews(path)] == [(A, B)]
    path.write_text("version: 1\ndecisions:\n  - verdict: maybe\n")
    before = path.read_text()
    with pytest.raises(ReviewFileError, match="decision #1"):
        record(path, decision(C))
    assert path.read_text() == before  # a wrong file is reported, never written over
    assert load_reviews(tmp_path / "none.yml") == []


def test_a_decision_whose_aliases_expand_without_bound_is_refused(tmp_path: Path):
    """The review file is read under the manifest's bound (extract/bounded_yaml.py): no billion laughs."""
    path = tmp_path / "reviews.yml"
    levels = "".join(f"    n{n}: &a{n} [{', '.join(['*a' if n == 0 else f'*a{n - 1}'] * 10)}]\n" for n in range(9))
    path.write_text("version: 1\ndecisions:\n  - note: &a [x, x, x, x, x, x, x, x, x, x]\n" + levels)
    with pytest.raises(ReviewFileError, match="decision #1: expands to over 10,000 values"):
        load_reviews(path)
