"""Shared fixtures: the bundled corpus built once per test session, and a Datasette client."""

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


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus, built into a fresh database (from the PDFs, as `make serve` does)."""
    from extract.pipeline import build

    path = tmp_path_factory.mktemp("build") / "community_safety.db"
    report = build(CORPUS, path)
    assert not report.failed, report.summary()
    return path


@pytest.fixture(scope="session")
def built_text_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus built from the text exports instead of the PDFs."""
    from extract.pipeline import build

    path = tmp_path_factory.mktemp("build-text") / "community_safety.db"
    report = build(CORPUS, path, prefer="text")
    assert not report.failed, report.summary()
    return path


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus, to break on purpose."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


class SiteClient:
    """Datasette's own test client, called synchronously."""

    def __init__(self, database: Path) -> None:
        from datasette.app import Datasette

        metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
        self.datasette = Datasette([str(database)], metadata=metadata)

    def get(self, path: str):  # type: ignore[no-untyped-def]
        return asyncio.run(self.datasette.client.get(path))

    def json(self, path: str):  # type: ignore[no-untyped-def]
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text[:500])
        return response.json()


@pytest.fixture(scope="session")
def site(built_db: Path) -> SiteClient:
    return SiteClient(built_db)


def rows(db: Path, sql: str, *params):  # type: ignore[no-untyped-def]
    """The rows of a query on a built database, as dicts."""
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(sql, params)]
    finally:
        connection.close()
