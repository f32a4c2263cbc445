"""The bundled corpus built end to end, and what a build guarantees when things go wrong."""

import json
import os
from pathlib import Path

import pytest
import yaml

from extract.errors import ManifestError
from extract.evaluate import normal_text
from extract.pipeline.build import build
from tests.conftest import GOLD, rows

STRATEGY = "barnet-2015-2020-strategy"



def test_strategy_has_its_61_numbered_commitments_under_outcomes_1_to_6(built_db: Path):
    commitments = rows(
        built_db,
        "select c.*, p.kind as p_kind, p.number as p_number from commitments c "
        "left join priorities p on p.id = c.priority_id where c.document_id = ? order by c.position",
        STRATEGY,
    )
    expected = [f"{o}.{n}" for o, last in ((1, 14), (2, 5), (3, 18), (4, 7), (5, 6), (6, 11)) for n in range(1, last + 1)]
    assert [c["number"] for c in commitments] == expected
    assert all(c["p_kind"] == "outcome" and c["p_number"] == c["number"].split(".")[0] for c in commitments)
    gold = {item["number"]: item["text"] for item in json.loads(GOLD.read_text())["documents"][STRATEGY]["commitments"]}
    assert len(gold) == 61
    for commitment in commitments:
        assert normal_text(commitment["text"]) == normal_text(gold[commitment["number"]]), commitment["number"]
        assert commitment["page"] and commitment["line"] is None and commitment["evidence"]


def test_text_evidence_is_the_verbatim_source_line_given(built_text_db: Path):
    source = (Path(__file__).resolve().parents[2] / "corpus" / f"{STRATEGY}.txt").read_text().splitlines()
    for table in ("priorities", "commitments"):
        for row in rows(built_text_db, f"select line, evidence from {table} where document_id = ?", STRATEGY):
            first = row["evidence"].splitlines()[0]
            assert source[row["line"] - 1] == first


def test_pdf_evidence_is_text_printed_on_the_page_given(built_db: Path):
    import pdfplumber

    corpus = Path(__file__).resolve().parents[2] / "corpus"
    for document in ("barnet-2015-2020-strategy", "barnet-2015-16-asb-action-plan", "barking-dagenham-2014-17-plan"):
        with pdfplumber.open(corpus / f"{document}.pdf") as pdf:
            words = [set(page.extract_text().split()) for page in pdf.pages]
        for table in ("priorities", "commitments"):
            for row in rows(built_db, f"select page, evidence from {table} where document_id = ?", document):
                printed = words[row["page"] - 1] | (words[row["page"]] if row["page"] < len(words) else set())
                evidence = row["evidence"].split()
                assert sum(word in printed for word in evidence) >= 0.95 * len(evidence), (document, row)


def test_documents_and_reference_tables(built_db: Path):
    documents = {d["id"]: d for d in rows(built_db, "select * from documents")}
    assert len(documents) == 5
    assert documents[STRATEGY]["borough_id"] == "barnet"
    assert documents["barking-dagenham-2014-17-plan"]["borough_id"] == "barking-and-dagenham"
    assert all(d["status"] == "extracted" and len(d["sha256"]) == 64 for d in documents.values())
    codes = {row["gss_code"] for row in rows(built_db, "select gss_code from boroughs")}
    assert codes >= {f"E090000{n:02d}" for n in range(1, 34)}  # London's 33, and any a user added
    neighbours = rows(built_db, "select neighbour_id from borough_neighbours where borough_id = 'barnet'")
    assert {n["neighbour_id"] for n in neighbours} == {"brent", "camden", "enfield", "harrow", "haringey"}


def test_same_corpus_gives_same_ids_and_records(built_db: Path, tmp_path: Path, bundled_corpus: Path):
    again = tmp_path / "again.db"
    build(bundled_corpus, again)
    for table in ("priorities", "commitments", "extraction_issues", "documents"):
        assert rows(again, f"select * from {table} order by id") == rows(built_db, f"select * from {table} order by id")


def test_broken_manifest_stops_the_build_and_keeps_the_previous_database(corpus_copy: Path, tmp_path: Path):
    db = tmp_path / "site.db"
    build(corpus_copy, db, prefer="text")
    before = db.read_bytes()
    manifest = corpus_copy / "documents.yml"
    data = yaml.safe_load(manifest.read_text())
    data["documents"][0]["files"][0]["sha256"] = "f" * 64
    manifest.write_text(yaml.safe_dump(data))
    with pytest.raises(ManifestError, match="field 'files\\[0\\].sha256'"):
        build(corpus_copy, db)
    assert db.read_bytes() == before
    assert rows(db, "select count(*) as n from commitments")[0]["n"] > 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".building")]


def test_one_unreadable_document_does_not_stop_the_others(corpus_copy: Path, tmp_path: Path):
    broken = corpus_copy / "barnet-2013-14-action-plan.pdf"
    broken.write_bytes(b"<html><body>Page not found</body></html>")
    manifest = corpus_copy / "documents.yml"
    data = yaml.safe_load(manifest.read_text())
    from extract.corpus import sha256_of

    data["documents"][0]["files"][1]["sha256"] = sha256_of(broken)
    manifest.write_text(yaml.safe_dump(data))
    db = tmp_path / "site.db"
    report = build(corpus_copy, db)
    assert list(report.failed) == ["barnet-2013-14-action-plan"]
    assert "barnet-2013-14-action-plan.pdf: this is an HTML web page saved with a .pdf name" in (
        report.failed["barnet-2013-14-action-plan"]
    )
    status = {d["id"]: d["status"] for d in rows(db, "select id, status from documents")}
    assert status["barnet-2013-14-action-plan"] == "failed" and list(status.values()).count("extracted") == 4
    (issue,) = rows(db, "select * from extraction_issues where severity = 'error'")
    assert issue["document_id"] == "barnet-2013-14-action-plan" and issue["code"] == "read-error"


def test_a_failed_write_leaves_the_previous_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     bundled_corpus: Path):
    from extract.publish import database

    db = tmp_path / "site.db"
    build(bundled_corpus, db, prefer="text")
    before = db.read_bytes()

    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(database, "check_foreign_keys", explode)
    with pytest.raises(RuntimeError):
        build(bundled_corpus, db, prefer="text")
    assert db.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["site.db"]
