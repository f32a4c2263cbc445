"""The SQLite schema follows from the models: keys, indexes, full-text search with triggers."""

from pathlib import Path

import sqlite_utils

from extract.publish.database import write_database
from models import RECORD_TYPES, Borough, Commitment, Document, Priority


def test_every_model_is_a_table_with_its_columns_and_keys(built_db: Path):
    db = sqlite_utils.Database(built_db)
    for model in RECORD_TYPES:
        table = db[model.table.name]
        assert table.exists()
        assert [c.name for c in table.columns] == list(model.model_fields)
        expected_pk = [model.table.pk] if isinstance(model.table.pk, str) else list(model.table.pk)
        assert table.pks == expected_pk
        keys = {(fk.column, fk.other_table) for fk in table.foreign_keys}
        assert keys == {(column, other) for column, other, _ in model.foreign_keys()}
        # every foreign key leads an index: its own, or one of the model's extra indexes
        indexed = {tuple(index.columns) for index in table.indexes}
        assert all(any(columns[0] == column for columns in indexed) for column, _, _ in model.foreign_keys())
        declared = {tuple(c.split()[0] for c in columns) for columns in model.table.extra_indexes}
        assert declared <= indexed
        assert len(table.indexes) == len(indexed)  # no index twice


def test_index_columns_keep_their_declared_order(built_db: Path):
    db = sqlite_utils.Database(built_db)
    (index,) = [i for i in db["commitment_links"].xindexes if i.columns[0].name == "from_commitment_id"]
    assert [(c.name, c.desc) for c in index.columns if c.key] == [
        ("from_commitment_id", 0), ("type", 0), ("score", 1), ("to_document_id", 0), ("to_commitment_id", 0)]


def test_required_fields_are_not_null(built_db: Path):
    db = sqlite_utils.Database(built_db)
    notnull = {c.name for c in db["commitments"].columns if c.notnull}
    assert {"id", "document_id", "text", "kind", "evidence"} <= notnull and "priority_id" not in notnull


def test_full_text_search_is_porter_stemmed_and_kept_in_step(tmp_path: Path):
    db_path = tmp_path / "fts.db"
    document = Document(
        id="d", borough_id="b", title="T", doc_type="plan", period_start=2020, period_end=2021,
        source_file="d.txt", source_format="text", sha256="0" * 64, extractor_version="test",
    )
    records = [
        Borough(id="b", name="B", official_name="B", gss_code="X", region="R", authority_type="unitary"),
        document,
        Priority(id="d:p", document_id="d", title="Tackling burglaries", kind="priority", position=1, evidence="e"),
        Commitment(id="d:1.1", document_id="d", priority_id="d:p", number="1.1", text="We will reduce burglaries",
                   kind="commitment", position=1, evidence="e"),
    ]
    write_database(db_path, records)
    db = sqlite_utils.Database(db_path)
    assert "tokenize='porter'" in db["commitments_fts"].schema
    assert [r["id"] for r in db["commitments"].search("burglary")] == ["d:1.1"]
    db["commitments"].update("d:1.1", {"text": "We will fund refuges"})
    assert list(db["commitments"].search("burglary")) == []
    assert [r["id"] for r in db["priorities"].search("burglary")] == ["d:p"]
