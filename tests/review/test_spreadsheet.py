"""Reviewing through a spreadsheet: export the pairs, fill the verdicts, import them into reviews.yml."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract.cli import cli
from extract.review.decisions import load_reviews
from extract.review.spreadsheet import SpreadsheetError, export_csv, import_csv


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_a_filled_spreadsheet_round_trips_through_the_review_file(small_db: Path, tmp_path: Path):
    reviews, sheet = tmp_path / "corpus" / "reviews.yml", tmp_path / "pairs.csv"
    assert export_csv(small_db, reviews, sheet).rows == 4
    rows = read(sheet)
    assert [(r["from_number"], r["to_number"], r["rank"], r["machine_link"]) for r in rows] == [
        ("commitment 1", "commitment 1.1", "1", "automatic continues"), ("commitment 1", "commitment 1.2", "2", ""),
        ("commitment 2", "commitment 1.2", "1", "automatic revised"), ("commitment 3", "commitment 1.3", "1", "")]
    assert rows[0]["from_text"] == "Reduce burglary by targeting hotspots" and rows[0]["verdict"] == ""
    rows[0]["verdict"] = "Continues"
    rows[1]["verdict"], rows[1]["note"] = "not the same", "winter campaign"
    rows[2].update(verdict="revised", reviewer="cd", date="2026-04-30")
    write(sheet, rows)
    imported = import_csv(sheet, reviews, "ab", today=date(2026, 5, 1))
    assert (imported.added, imported.changed, imported.unchanged, imported.blank) == (3, 0, 0, 1)
    assert [(d.verdict, d.reviewer, d.date, d.note) for d in load_reviews(reviews)] == [
        ("continues", "ab", date(2026, 5, 1), None), ("not_same", "ab", date(2026, 5, 1), "winter campaign"),
        ("revised", "cd", date(2026, 4, 30), None)]
    # exported again: the verdicts are there, with who gave them; imported again, nothing changes
    again = tmp_path / "again.csv"
    assert export_csv(small_db, reviews, again).decided == 3
    rows = read(again)
    assert [r["verdict"] for r in rows] == ["continues", "not_same", "revised", ""]
    assert rows[2]["decided"] == "revised by cd on 2026-04-30"
    assert import_csv(again, reviews, None).unchanged == 3
    rows[0]["verdict"] = "revised"  # a change of mind replaces the decision
    write(again, rows)
    assert import_csv(again, reviews, "ef", today=date(2026, 6, 1)).changed == 1
    assert [(d.to_commitment_id, d.verdict, d.reviewer) for d in load_reviews(reviews)][-1] == (
        "barnet-2016-plan:1.1", "revised", "ef")


def test_every_wrong_row_is_named_and_nothing_is_imported(small_db: Path, tmp_path: Path):
    reviews, sheet = tmp_path / "reviews.yml", tmp_path / "pairs.csv"
    export_csv(small_db, reviews, sheet)
    rows = read(sheet)
    rows[0]["verdict"] = "same"
    rows[1].update(verdict="continues", date="01/05/2026")
    rows[2].update(verdict="revised", to_commitment_id="")
    rows[3].update(verdict="revised", from_commitment_id=rows[0]["from_commitment_id"],
                   to_commitment_id=rows[0]["to_commitment_id"])
    write(sheet, rows)
    with pytest.raises(SpreadsheetError) as raised:
        import_csv(sheet, reviews, None)
    problems = raised.value.problems
    assert problems[0] == ("row 2 (barnet-2013-plan:1 -> barnet-2016-plan:1.1), column 'verdict': 'same' is not a "
                           "verdict (write continues, revised or not_same, or leave it empty to decide later)")
    assert problems[1].startswith("row 2 (barnet-2013-plan:1 -> barnet-2016-plan:1.1), column 'reviewer': empty")
    assert problems[2].startswith("row 3 (barnet-2013-plan:1 -> barnet-2016-plan:1.2), column 'date': '01/05/2026' "
                                  "is not a date: write it as YYYY-MM-DD")
    assert any(p.startswith("row 4 (barnet-2013-plan:2 -> ?), column 'reviewer'") for p in problems)
    assert not reviews.exists()
    result = CliRunner().invoke(cli, ["review", "--import", str(sheet), "--corpus", str(tmp_path), "--reviewer", "ab"])
    assert result.exit_code == 1 and "problem(s), nothing imported" in result.output
    assert "row 4 (barnet-2013-plan:2 -> ?), column 'to_commitment_id'" in result.output
    assert "row 5 (barnet-2013-plan:1 -> barnet-2016-plan:1.1): the same pair as row 2: keep one" in result.output
    assert not reviews.exists()


def test_the_commands_export_and_import(small_db: Path, tmp_path: Path):
    sheet = tmp_path / "pairs.csv"
    result = CliRunner().invoke(cli, ["review", "--db", str(small_db), "--corpus", str(tmp_path), "--export", str(sheet)])
    assert result.exit_code == 0 and "4 candidate pairs, 0 of them decided" in result.output, result.output
    rows = read(sheet)
    rows[3]["verdict"] = "continues"
    write(sheet, rows)
    result = CliRunner().invoke(cli, ["review", "--corpus", str(tmp_path), "--import", str(sheet), "--reviewer", "ab"])
    assert result.exit_code == 0 and "1 new decisions, 0 changed" in result.output, result.output
    assert [d.to_commitment_id for d in load_reviews(tmp_path / "reviews.yml")] == ["barnet-2016-plan:1.3"]
