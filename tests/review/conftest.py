"""A small database with the tables a review reads, made from records in a moment (no build)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from extract.publish.database import create_tables
from models import Borough, Commitment, CommitmentLink, Document, Priority, ProgressUpdate
from models.records import issue_codes

from .candidates import add_link_candidates

#: Two Barnet documents and one of Enfield's; the commitments' texts say which pairs are the same.
TEXTS = {
    "barnet-2013-plan:1": "Reduce burglary by targeting hotspots",
    "barnet-2013-plan:2": "Run a winter anti-burglary campaign",
    "barnet-2013-plan:3": "Introduce the Community Trigger",
    "barnet-2016-plan:1.1": "Reduce burglary by targeting burglary hotspots with the police",
    "barnet-2016-plan:1.2": "Run winter campaigns against burglary",
    "barnet-2016-plan:1.3": "Keep victims informed of the Community Trigger",
    "enfield-2016-plan:1": "Reduce burglary in hotspots",
}


def _document(id: str, borough: str, start: int, position: int) -> Document:
    return Document(id=id, borough_id=borough, title=f"{borough} plan {start}", doc_type="plan", period_start=start,
                    period_end=start + 2, source_file=f"{id}.txt", source_format="text", sha256="0" * 64,
                    extractor_version="test", position=position, label=f"{borough.title()} {start}: plan")


def small_database(path: Path) -> Path:
    """Commitments of two Barnet plans and an Enfield one; machine links 1->1.1 (continues), 2->1.2 (revised)
    and 1->Enfield (similar); candidates: the links plus 3->1.3 and 1->1.2; progress on commitment 1."""
    db = sqlite_utils.Database(path)
    create_tables(db)
    records = [
        *issue_codes(),
        Borough(id="barnet", name="Barnet", official_name="London Borough of Barnet", gss_code="E09000003",
                region="London", authority_type="london_borough"),
        Borough(id="enfield", name="Enfield", official_name="London Borough of Enfield", gss_code="E09000010",
                region="London", authority_type="london_borough"),
        _document("barnet-2013-plan", "barnet", 2013, 1), _document("barnet-2016-plan", "barnet", 2016, 2),
        _document("enfield-2016-plan", "enfield", 2016, 3),
        Priority(id="barnet-2013-plan:priority:1", document_id="barnet-2013-plan", number="1", title="Burglary",
                 kind="priority", position=1, evidence="1 Burglary"),
    ]
    for position, (id_, text) in enumerate(TEXTS.items(), start=1):
        document, number = id_.split(":")
        records.append(Commitment(id=id_, document_id=document, number=number, text=text, kind="commitment",
                                  position=position, ordinal=position, evidence=text,
                                  priority_id="barnet-2013-plan:priority:1" if document == "barnet-2013-plan" else None))
    records.append(ProgressUpdate(id="barnet-2013-plan:progress:1", document_id="barnet-2013-plan",
                                  commitment_id="barnet-2013-plan:1", period="2013-14 Q1", text="Operation done",
                                  status="done", evidence="Operation done"))
    for source, target, type_, score in (("barnet-2013-plan:1", "barnet-2016-plan:1.1", "continues", 0.8),
                                         ("barnet-2013-plan:2", "barnet-2016-plan:1.2", "revised", 0.5),
                                         ("barnet-2013-plan:1", "enfield-2016-plan:1", "similar", 0.6)):
        records.append(CommitmentLink(id=f"{source}->{target}", from_commitment_id=source, to_commitment_id=target,
                                      from_document_id=source.split(":")[0], to_document_id=target.split(":")[0],
                                      type=type_, score=score, method="lexical+tfidf"))
    db.conn.execute("pragma foreign_keys = on")
    for record in records:
        db[record.table.name].insert(record.row())  # type: ignore[attr-defined]  # every Record has a table
    db.close()
    add_link_candidates(path, [("barnet-2013-plan:1", "barnet-2016-plan:1.1", 0.8),
                               ("barnet-2013-plan:1", "barnet-2016-plan:1.2", 0.3),
                               ("barnet-2013-plan:2", "barnet-2016-plan:1.2", 0.5),
                               ("barnet-2013-plan:3", "barnet-2016-plan:1.3", 0.4)])
    return path


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    return small_database(tmp_path / "small.db")
