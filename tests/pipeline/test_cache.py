"""Extracted records are kept per document and reused only while nothing that decides them changed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import yaml

from extract import EXTRACTOR_VERSION
from extract.pipeline.cache import cache_file
from extract.pipeline.build import build

TABLES = ("documents", "priorities", "commitments", "targets", "progress_updates", "leads", "people",
          "item_themes", "commitment_links", "extraction_issues")


def rows(db: Path, table: str) -> list[tuple]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(f"select * from {table} order by 1").fetchall()
    finally:
        connection.close()


def test_unchanged_documents_come_from_the_cache_with_the_same_records(corpus_copy: Path, tmp_path: Path):
    cache = tmp_path / "extracted"
    first = build(corpus_copy, tmp_path / "first.db", prefer="text", cache_dir=cache)
    assert first.cached == 0 and len(list(cache.glob("*.json"))) == 5
    header, body = map(json.loads, cache_file(cache, "barnet-2015-2020-strategy").read_text().splitlines())
    assert header["extractor_version"] == EXTRACTOR_VERSION and len(body["parsed"]["commitments"]) == 61
    second = build(corpus_copy, tmp_path / "second.db", prefer="text", cache_dir=cache)
    assert second.cached == 5
    for table in TABLES:
        assert rows(tmp_path / "first.db", table) == rows(tmp_path / "second.db", table), table


def test_a_changed_file_or_a_damaged_cache_is_read_again_and_manifest_fields_are_current(
    corpus_copy: Path, tmp_path: Path
):
    cache = tmp_path / "extracted"
    build(corpus_copy, tmp_path / "first.db", prefer="text", cache_dir=cache)
    cache_file(cache, "barnet-2013-14-action-plan").write_text("{not json")
    header, body = cache_file(cache, "barnet-2022-23-action-plan").read_text().splitlines()
    stale = json.loads(header)
    stale["sha256"] = "0" * 64  # as if extracted from another version of the file
    cache_file(cache, "barnet-2022-23-action-plan").write_text(json.dumps(stale) + "\n" + body)
    manifest = corpus_copy / "documents.yml"
    data = yaml.safe_load(manifest.read_text())
    data["documents"][1]["title"] = "A corrected title"  # the manifest changes, the file does not
    manifest.write_text(yaml.safe_dump(data, sort_keys=False))
    report = build(corpus_copy, tmp_path / "second.db", prefer="text", cache_dir=cache)
    assert report.cached == 3 and not report.failed
    titles = dict((row[0], row[2]) for row in rows(tmp_path / "second.db", "documents"))
    assert titles["barnet-2015-2020-strategy"] == "A corrected title"
    assert rows(tmp_path / "first.db", "commitments") == rows(tmp_path / "second.db", "commitments")


def test_two_workers_give_the_same_database_as_one(corpus_copy: Path, tmp_path: Path):
    build(corpus_copy, tmp_path / "one.db", prefer="text")
    build(corpus_copy, tmp_path / "two.db", prefer="text", workers=2)
    for table in TABLES:
        assert rows(tmp_path / "one.db", table) == rows(tmp_path / "two.db", table), table


def test_the_document_stage_imports_nothing_left_out_of_the_extractor_version():
    """The extractor version is a digest of extract/document (with models and errors.py): editing links or the
    database must not re-read every document, and must never leave a stale cache. So importing the document
    stage may load nothing else of the project."""
    import subprocess
    import sys

    script = (
        "import sys, extract.document.readers, extract.document.parsers\n"
        "print('\\n'.join(n for n in sys.modules if n.startswith(('extract', 'models'))))"
    )
    loaded = set(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split())
    assert "extract.document.blocks" in loaded and "extract.document.parsers.targets" in loaded
    outside = {name for name in loaded
               if not name.startswith(("extract.document", "models")) and name not in ("extract", "extract.errors")}
    assert not outside, outside


def test_a_parsed_document_writes_and_reads_itself_back_unchanged():
    from extract.document.parsers import ParsedDocument, parse_document
    from extract.document.readers import read

    path = Path(__file__).resolve().parents[2] / "corpus" / "barnet-2013-14-action-plan.txt"
    parsed = parse_document(read(path, "text", path.name), "barnet-2013-14-action-plan")
    assert parsed.lead_mentions and parsed.governance and parsed.commitments
    again = ParsedDocument.from_json(json.loads(json.dumps(parsed.to_json())))
    assert again == parsed
    broken = parsed.to_json()
    broken["lead_mentions"][0]["role"] = "emperor"
    with pytest.raises(ValueError, match="not a lead role"):
        ParsedDocument.from_json(broken)


def test_a_cache_edited_by_hand_is_not_published(corpus_copy: Path, tmp_path: Path):
    """Issue 17: a cached extraction edited by hand (sha256 and version left alone) must not change the data."""
    cache = tmp_path / "extracted"
    build(corpus_copy, tmp_path / "first.db", prefer="text", cache_dir=cache)
    path = cache_file(cache, "barnet-2015-2020-strategy")
    header, body = path.read_text(encoding="utf-8").split("\n", 1)
    assert "We will introduce the Community Trigger" in body
    path.write_text(header + "\n" + body.replace("We will introduce the Community Trigger", "We will abolish the police"),
                    encoding="utf-8")
    for force in (False, True):
        report = build(corpus_copy, tmp_path / f"second-{force}.db", prefer="text", cache_dir=cache, force=force)
        texts = [text for (text,) in sqlite3.connect(tmp_path / f"second-{force}.db").execute("select text from commitments")]
        assert not any("abolish the police" in text for text in texts)
        assert any("We will introduce the Community Trigger" in text for text in texts)
        if not force:
            assert report.cached == 4  # the other documents still come from the cache
            codes = rows(tmp_path / f"second-{force}.db", "extraction_issues")
            assert [row for row in codes if "cache-altered" in row and "barnet-2015-2020-strategy" in row]
    assert "abolish" not in path.read_text(encoding="utf-8")  # the cache was rewritten from the document


def test_a_cache_that_cannot_be_written_is_a_warning_not_a_failed_build(corpus_copy: Path, tmp_path: Path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")  # as a full or read-only disk would refuse
    report = build(corpus_copy, tmp_path / "site.db", prefer="text", cache_dir=blocked)
    assert not report.failed and report.counts["commitments"] > 0
    assert f"WARNING: the cache folder {blocked} could not be written" in report.summary()
