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
from ..publish.stamp import read_stamp

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


def is_current(database: Path, digest: str) -> bool:
    """Whether ``database`` was written by a build whose inputs had this fingerprint."""
    return read_stamp(database) == digest[:16]


def up_to_date(corpus: Corpus, database: Path, prefer: str | None, links: bool) -> dict[str, int] | None:
    """The one up-to-date check: the rows of each table of ``database`` when a build of ``corpus`` with these
    options would write it as it is (its stamp is their fingerprint), else None. The command line asks it
    before importing the pipeline (a build with nothing to do takes a moment); :func:`build` asks it too,
    for callers of the library."""
    if not is_current(database, fingerprint(corpus, prefer=prefer, links=links)):
        return None
    return table_counts(database)


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
