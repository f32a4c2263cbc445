"""The same database whether a document is read from its PDF or its text export, except where
the PDF is better (the export interleaved the columns of three rows of the 2015-16 action plan)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from extract.evaluate import normal_text
from tests.conftest import GOLD

ASB = "barnet-2015-16-asb-action-plan"


def records(db: Path, table: str) -> dict[tuple[str, str], dict]:
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        return {(row["document_id"], row["id"]): dict(row) for row in connection.execute(f"select * from {table}")}
    finally:
        connection.close()


def test_pdf_path_finds_every_priority_the_text_path_finds(built_db: Path, built_text_db: Path):
    pdf, text = records(built_db, "priorities"), records(built_text_db, "priorities")
    assert set(text) <= set(pdf)
    for key, row in text.items():
        assert (pdf[key]["kind"], pdf[key]["number"], pdf[key]["parent_id"]) == (row["kind"], row["number"], row["parent_id"])
        assert normal_text(pdf[key]["title"]) == normal_text(row["title"])


def test_pdf_path_gives_the_same_commitments_or_better_ones(built_db: Path, built_text_db: Path):
    pdf, text = records(built_db, "commitments"), records(built_text_db, "commitments")
    gold = {
        (document, f"{document}:{item['number']}"): item["text"]
        for document, annotations in json.loads(GOLD.read_text())["documents"].items()
        for item in annotations["commitments"]
    }
    assert set(text) == set(pdf)
    better = set()
    for key, row in text.items():
        assert pdf[key]["priority_id"] == row["priority_id"] and pdf[key]["number"] == row["number"]
        assert pdf[key]["page"] and row["line"]
        if normal_text(pdf[key]["text"]) != normal_text(row["text"]):
            assert normal_text(pdf[key]["text"]) == normal_text(gold[key]), key  # different only where right
            better.add(key[1])
    assert better == {f"{ASB}:1.12", f"{ASB}:1.13", f"{ASB}:1.14"}


def test_interleaved_rows_come_out_clean_from_the_pdf(built_db: Path):
    commitments = records(built_db, "commitments")
    texts = {row["number"]: row["text"] for (document, _), row in commitments.items() if document == ASB}
    assert texts["1.12"].startswith("We will engage and consult with residents and businesses to gain")
    assert texts["1.14"].endswith("violent extremism in whatever form it may take.")
    for number in ("1.12", "1.13", "1.14"):
        assert not any(word in texts[number] for word in ("Delivered", "In place", "Section 115")), number
    issues = records(built_db, "extraction_issues")
    assert not [row for (document, _), row in issues.items() if document == ASB and row["code"] == "run-together-items"]
