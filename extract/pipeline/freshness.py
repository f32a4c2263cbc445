"""Is the database already what a build would write? A fingerprint of the build's inputs says.

A build's output is a function of its inputs alone: the corpus folder's manifest and reference
files (the manifest holds each source file's sha256, which loading the corpus checks), the
build's code (a digest of the code and data in extract/ and models/), the versions of the
libraries that read and write, and the build's options. A build stamps a digest of all that in
the database it writes (see :func:`stamp`); a later build that finds its own digest there keeps
the file, which is byte for byte what it would have written. Only builds in which every document
was read are stamped, so a document that failed is tried again next time.

This module imports nothing heavy, so that ``strategy-extract build`` can answer "nothing
changed" before loading spaCy and the readers.
"""

from __future__ import annotations

import hashlib
import sqlite3
from importlib import metadata
from pathlib import Path
from typing import Any

from models import RECORD_TYPES

from .. import CODE_VERSION
from ..corpus import Corpus

#: Libraries whose version can change what a build writes.
LIBRARIES = (
    "pdfplumber", "pdfminer.six", "pypdfium2", "spacy", "dateparser", "rapidfuzz", "pydantic", "sqlite-utils",
)

#: Files of the corpus folder a build reads besides the source files (any *.yml and *.csv at its top:
#: the manifest, boroughs, neighbours, the theme codebook).
CORPUS_DATA = ("*.yml", "*.csv")


def fingerprint(corpus: Corpus, **options: Any) -> str:
    """A hex digest of everything the database built from ``corpus`` with ``options`` depends on."""
    digest = hashlib.sha256()

    def feed(*parts: object) -> None:
        for part in parts:
            digest.update(repr(part).encode())
            digest.update(b"\0")

    feed(CODE_VERSION, sqlite3.sqlite_version, sorted(options.items()))
    for library in LIBRARIES:
        try:
            feed(library, metadata.version(library))
        except metadata.PackageNotFoundError:
            feed(library, None)
    for pattern in CORPUS_DATA:
        for path in sorted(corpus.root.glob(pattern)):
            feed(path.name, hashlib.sha256(path.read_bytes()).hexdigest())
    for document in corpus.documents:  # as validated: every file's sha256 was checked against the manifest
        feed(document.model_dump_json())
    return digest.hexdigest()


def stamp(connection: sqlite3.Connection, digest: str) -> None:
    """Write the first 64 bits of a fingerprint into the database header.

    SQLite's header has two free 32-bit integers, application_id and user_version: together they
    hold it. The file stays a plain database (no extra table for Datasette to show), and the stamp
    travels with it.
    """
    high, low = (_signed(int(digest[i : i + 8], 16)) for i in (0, 8))
    connection.execute(f"PRAGMA application_id = {high}")
    connection.execute(f"PRAGMA user_version = {low}")


def read_stamp(path: Path) -> str | None:
    """The fingerprint stamped in a database (16 hex digits), or None if it has none or cannot be read."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            high = connection.execute("PRAGMA application_id").fetchone()[0]
            low = connection.execute("PRAGMA user_version").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    if not high and not low:
        return None
    return f"{high & 0xFFFFFFFF:08x}{low & 0xFFFFFFFF:08x}"


def is_current(database: Path, digest: str) -> bool:
    """Whether ``database`` was written by a build whose inputs had this fingerprint."""
    return read_stamp(database) == digest[:16]


def table_counts(database: Path) -> dict[str, int]:
    """Rows in each table of a built database, for the build's summary."""
    connection = sqlite3.connect(f"{Path(database).resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {
            model.table.name: connection.execute(f"select count(*) from [{model.table.name}]").fetchone()[0]
            for model in RECORD_TYPES
        }
    finally:
        connection.close()


def unchanged_summary(database: Path, documents: int, counts: dict[str, int]) -> str:
    """What a build that kept the database says."""
    return (
        f"{database} is up to date: nothing changed since it was built from these {documents} documents, "
        "so it was kept as it is (--force rebuilds it).\n"
        "Rows: " + ", ".join(f"{table} {count}" for table, count in counts.items())
    )


def _signed(value: int) -> int:
    """A 32-bit value as the signed integer the pragmas take."""
    return value - (1 << 32) if value >= 1 << 31 else value
