"""Shared fixtures: the bundled corpus built once per test session, and a Datasette client; and which tests
are slow (``pytest -m "not slow"`` runs the rest in seconds)."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "gold" / "priorities_commitments.json"
SHARED = ROOT.parent / "shared"

#: Modules whose tests build corpora, read many PDFs, run OCR, a browser, a server or many generated examples.
SLOW_MODULES = {
    "test_api_client", "test_bad_inputs", "test_browser", "test_build", "test_cache", "test_interrupted_build",
    "test_load_test", "test_ocr", "test_parser_properties", "test_pdf_reader", "test_picture_tables",
    "test_real_documents", "test_robustness", "test_scale", "test_typeset",
}
#: Fixtures that build the bundled corpus: a test that needs one is slow wherever it is.
BUILDING_FIXTURES = {"built_db", "built_text_db", "site"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: builds a corpus or reads many files (deselect with -m 'not slow')")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
        if module in SLOW_MODULES or BUILDING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def bundled_ids() -> list[str]:
    """The documents the per-document gold annotates (``tests/gold/<id>.json``): the corpus the suite knows."""
    ids = []
    for path in sorted((ROOT / "tests" / "gold").glob("*.json")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("document_id") == path.stem:
            ids.append(path.stem)
    return ids


def copy_bundled_corpus(target: Path) -> Path:
    """A copy of ``corpus/`` holding the bundled documents only (its reference data, codebook and layouts
    whole). A user adds documents to ``corpus/``; the suite builds this copy, so adding one breaks no test."""
    target.mkdir(parents=True)
    manifest = yaml.safe_load((CORPUS / "documents.yml").read_text(encoding="utf-8"))
    known = set(bundled_ids())
    entries = [entry for entry in manifest["documents"] if entry["id"] in known]
    listed = {file["path"] for entry in manifest["documents"] for file in entry["files"]}
    for path in CORPUS.iterdir():
        if path.is_file() and (path.name not in listed or any(path.name == f["path"] for e in entries for f in e["files"])):
            shutil.copy2(path, target / path.name)
    (target / "documents.yml").write_text(
        "# The bundled documents of corpus/documents.yml (tests/conftest.py copies them for the suite)\n"
        + yaml.safe_dump({"documents": entries}, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def bundled_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus as the suite knows it, whatever else a user has added to ``corpus/`` (read only)."""
    return copy_bundled_corpus(tmp_path_factory.mktemp("bundled") / "corpus")


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory, bundled_corpus: Path) -> Path:
    """The bundled corpus, built into a fresh database (from the PDFs, as `make serve` does)."""
    from extract.pipeline.build import build

    path = tmp_path_factory.mktemp("build") / "community_safety.db"
    report = build(bundled_corpus, path)
    assert not report.failed, report.summary()
    return path


@pytest.fixture(scope="session")
def built_text_db(tmp_path_factory: pytest.TempPathFactory, bundled_corpus: Path) -> Path:
    """The bundled corpus built from the text exports instead of the PDFs."""
    from extract.pipeline.build import build

    path = tmp_path_factory.mktemp("build-text") / "community_safety.db"
    report = build(bundled_corpus, path, prefer="text")
    assert not report.failed, report.summary()
    return path


@pytest.fixture
def corpus_copy(tmp_path: Path, bundled_corpus: Path) -> Path:
    """A writable copy of the bundled corpus, to break on purpose."""
    target = tmp_path / "corpus"
    shutil.copytree(bundled_corpus, target)
    return target


class SiteClient:
    """Datasette's own test client, called synchronously."""

    def __init__(self, database: Path, corpus: Path = CORPUS) -> None:
        from datasette.app import Datasette

        from extract.publish.site import PLUGINS

        metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
        self.datasette = Datasette([str(database)], metadata=metadata, plugins_dir=str(PLUGINS),
                                   static_mounts=[("corpus", str(corpus))])

    def get(self, path: str):  # type: ignore[no-untyped-def]
        return asyncio.run(self.datasette.client.get(path))

    def json(self, path: str):  # type: ignore[no-untyped-def]
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text[:500])
        return response.json()


@pytest.fixture(scope="session")
def site(built_db: Path, bundled_corpus: Path) -> SiteClient:
    return SiteClient(built_db, bundled_corpus)


def rows(db: Path, sql: str, *params):  # type: ignore[no-untyped-def]
    """The rows of a query on a built database, as dicts."""
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(sql, params)]
    finally:
        connection.close()
