"""Builds at scale: nothing-changed builds keep the database, records stream to the writer, Dask
extracts the same records as a plain build, and the synthetic benchmark corpus stays apart."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from extract.pipeline import executors
from extract.publish import database
from extract.cli import cli
from extract.corpus import load_corpus, sha256_of
from extract.pipeline.freshness import fingerprint, read_stamp
from extract.pipeline.build import build
from models import RECORD_TYPES, Borough

ROOT = Path(__file__).resolve().parents[2]
TABLES = [model.table.name for model in RECORD_TYPES]


def table_rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in rowid order (the order records were written in)."""
    connection = sqlite3.connect(db)
    try:
        return {table: connection.execute(f"select rowid, * from [{table}] order by rowid").fetchall()
                for table in TABLES}
    finally:
        connection.close()


def test_a_build_with_nothing_changed_keeps_the_database_a_full_build_writes(corpus_copy: Path, tmp_path: Path):
    db, cache = tmp_path / "site.db", tmp_path / "extracted"
    first = build(corpus_copy, db, prefer="text", cache_dir=cache, links=False)
    assert not first.unchanged and read_stamp(db)
    before = db.stat()
    again = build(corpus_copy, db, prefer="text", cache_dir=cache, links=False)
    assert again.unchanged and again.counts == first.counts and "up to date" in again.summary()
    assert (db.stat().st_ino, db.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not rewritten
    full = tmp_path / "full.db"
    build(corpus_copy, full, prefer="text", links=False)  # no cache: every document read again
    assert table_rows(full) == table_rows(db) and read_stamp(full) == read_stamp(db)

    # Whatever decides the database makes the next build write it again: the codebook, an option ...
    codebook = corpus_copy / "codebook.yml"
    codebook.write_text(codebook.read_text() + "\n# edited\n")
    rebuilt = build(corpus_copy, db, prefer="text", cache_dir=cache, links=False)
    assert not rebuilt.unchanged and rebuilt.cached == 5
    corpus = load_corpus(corpus_copy)
    assert len({fingerprint(corpus, prefer=prefer, links=links) for prefer in ("text", None) for links in (1, 0)}) == 4
    # ... and --force, whatever the stamp says.
    assert not build(corpus_copy, db, prefer="text", cache_dir=cache, links=False, force=True).unchanged


def test_a_build_with_a_failed_document_is_not_stamped_so_the_next_one_tries_again(
    corpus_copy: Path, tmp_path: Path
):
    manifest = corpus_copy / "documents.yml"
    data = yaml.safe_load(manifest.read_text())
    data["documents"] = data["documents"][2:3]  # the short ASB action plan, read from its PDF alone
    broken = corpus_copy / "barnet-2015-16-asb-action-plan.pdf"
    broken.write_bytes(b"not a PDF at all")
    data["documents"][0]["files"] = [{"path": broken.name, "format": "pdf", "sha256": sha256_of(broken)}]
    manifest.write_text(yaml.safe_dump(data))
    db, cache = tmp_path / "site.db", tmp_path / "extracted"
    assert build(corpus_copy, db, cache_dir=cache).failed
    assert read_stamp(db) is None
    assert not build(corpus_copy, db, cache_dir=cache).unchanged


def test_the_command_line_says_when_nothing_changed(corpus_copy: Path, tmp_path: Path):
    arguments = ["build", "--corpus", str(corpus_copy), "--db", str(tmp_path / "site.db"),
                 "--cache", str(tmp_path / "extracted"), "--prefer", "text", "--no-links"]
    runner = CliRunner()
    first = runner.invoke(cli, arguments)
    assert first.exit_code == 0 and "Built" in first.output
    second = runner.invoke(cli, arguments)
    assert second.exit_code == 0 and "is up to date" in second.output and "commitments 226" in second.output
    assert runner.invoke(cli, [*arguments, "--quiet"]).output == ""


def test_records_are_written_as_they_come_not_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(database, "BATCH_ROWS", 10)
    made: list[str] = []
    flushed: list[tuple[int, int]] = []  # (rows written, records made by then)
    flush = database._flush

    def spy(db, by_table):  # type: ignore[no-untyped-def]
        flushed.append((sum(len(rows) for rows in by_table.values()), len(made)))
        flush(db, by_table)

    monkeypatch.setattr(database, "_flush", spy)

    def records():  # type: ignore[no-untyped-def]
        for number in range(25):
            made.append(f"b{number}")
            yield Borough(id=f"b{number}", name="B", official_name="B", gss_code="X", region="R",
                          authority_type="unitary")

    counts = database.write_database(tmp_path / "stream.db", records())
    assert counts["boroughs"] == 25
    assert flushed == [(10, 10), (10, 20), (5, 25)]  # written while the stream goes on, a batch at a time


def test_dask_cluster_builds_the_same_database_as_a_plain_build(built_text_db: Path, tmp_path: Path,
                                                                bundled_corpus: Path):
    distributed = pytest.importorskip("distributed")
    seen: list[str] = []
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as cluster:
        report = build(bundled_corpus, tmp_path / "dask.db", prefer="text", dask_scheduler=cluster.scheduler_address,
                       on_document=lambda extraction: seen.append(extraction.document.id))
    assert not report.failed and report.cached == 0
    assert seen == [entry.id for entry in load_corpus(bundled_corpus).documents]  # progress, in corpus order
    assert table_rows(tmp_path / "dask.db") == table_rows(built_text_db)


def test_an_unreachable_dask_scheduler_says_what_to_do(corpus_copy: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(executors, "DASK_TIMEOUT", 1)
    result = CliRunner().invoke(cli, ["build", "--corpus", str(corpus_copy), "--db", str(tmp_path / "x.db"),
                                      "--no-cache", "--dask-scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "could not reach the Dask scheduler at 'tcp://127.0.0.1:9'" in result.output
    assert "dask scheduler" in result.output and not (tmp_path / "x.db").exists()


# -- the synthetic benchmark corpus -----------------------------------------------------------


def test_the_real_manifest_lists_no_synthetic_document():
    from bench.scale_corpus import MARK, PREFIX

    manifest = yaml.safe_load((ROOT / "corpus" / "documents.yml").read_text())
    for entry in manifest["documents"]:
        assert not entry["id"].startswith(PREFIX) and MARK.strip() not in entry["title"], entry["id"]
        assert all(not Path(file["path"]).name.startswith(PREFIX) for file in entry["files"]), entry["id"]
    assert not list((ROOT / "corpus").rglob(f"{PREFIX}*"))


def test_the_synthetic_corpus_is_marked_deterministic_and_readable(tmp_path: Path):
    from bench.scale_corpus import MARK, PREFIX, generate

    first = generate(tmp_path / "a", 40, seed=7)
    second = generate(tmp_path / "b", 40, seed=7)
    fewer = generate(tmp_path / "c", 6, seed=7)
    other = generate(tmp_path / "d", 6, seed=8)
    assert first.read_bytes() == second.read_bytes() and "SYNTHETIC CORPUS" in first.read_text()
    corpus = load_corpus(first.parent)  # valid: files exist and their sha256s match
    assert len({entry.borough for entry in corpus.documents}) == 33
    assert len({entry.period_start for entry in corpus.documents}) == 2  # the next year after 33 boroughs
    for entry in corpus.documents:
        assert entry.id.startswith(PREFIX) and entry.title.endswith(MARK), entry.id
    small = load_corpus(fewer.parent)
    assert [e.model_dump() for e in small.documents] == [e.model_dump() for e in corpus.documents[:6]]
    texts = [(first.parent / e.files[0].path).read_text() for e in corpus.documents]
    assert len(set(texts)) == len(texts)  # recombined and perturbed: no two alike
    assert [(tmp_path / "d" / e.files[0].path).read_text() for e in load_corpus(other.parent).documents] != texts[:6]
    for entry, text in zip(corpus.documents, texts, strict=True):  # each names its own borough only
        assert entry.borough == "barnet" or "Barnet" not in text, entry.id

    manifest = yaml.safe_load(fewer.read_text())
    manifest["documents"] = manifest["documents"][:3]
    fewer.write_text(yaml.safe_dump(manifest))
    report = build(fewer.parent, tmp_path / "synthetic.db", prefer="text", links=False)
    assert not report.failed and report.counts["commitments"] > 0 and report.counts["priorities"] > 0
