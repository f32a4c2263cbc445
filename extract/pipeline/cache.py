"""Extracted records kept per document, so that a build re-reads only what changed.

Extracting a document is a function of its source file and the extractor version alone,
so its records are written to ``<cache>/<document id>.json`` and reused while the file's
sha256 and the extractor version are the same. The extractor version is a digest of the code and
language data that decide what a document yields (``extract.EXTRACTION_CODE``): changing any of it
invalidates every cached document at once, with nobody to remember a number. The cache knows files
and versions only: the parsed document writes and reads its own records (``ParsedDocument.to_json``).
Documents that failed, or were cut short by the page limit, are not cached (a retry costs
little and may succeed).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from models import Document, SourceFile

from .. import EXTRACTOR_VERSION
from ..document.parsers import ParsedDocument


def cache_file(cache_dir: Path, document_id: str) -> Path:
    return Path(cache_dir) / f"{document_id}.json"


#: A cache file is two JSON lines: the header (what the records were extracted from, and by which
#: version), then the document row and its parsed records (``ParsedDocument.to_json``). Whether a
#: document is cached is answered from the header alone; the records are read once, when used.
HEADER_KEYS = ("extractor_version", "source_file", "sha256", "period_start", "content_sha256")


class CacheAltered(Exception):
    """A cache file whose records are not what was written (``content_sha256`` differs): edited by hand, or
    damaged. Not used: the document is read again."""


def load(
    cache_dir: Path, document_id: str, source: SourceFile, period_start: int | None
) -> tuple[Document, ParsedDocument] | None:
    """The cached records of a document, if they were extracted from this very file by this version
    (and with the same first year, which dates quarterly progress).

    Raises :class:`CacheAltered` when the records are not those written (the header's digest of them).
    """
    path = cache_file(cache_dir, document_id)
    try:
        with path.open("rb") as file:
            header = _header(file.readline().decode("utf-8"))
            if not _current(header, source, period_start):
                return None
            body = file.read()
        if hashlib.sha256(body).hexdigest() != header.get("content_sha256"):
            raise CacheAltered(f"{path}: its records were changed after they were written (their digest does not "
                               f"match): not used; {document_id} was read again")
        data = json.loads(body)
        return Document.model_validate(data["document"]), ParsedDocument.from_json(data["parsed"])
    except (OSError, KeyError, TypeError, ValueError):
        return None  # unreadable, or written by an incompatible version: extract again


def is_cached(cache_dir: Path, document_id: str, source: SourceFile, period_start: int | None) -> bool:
    """Whether the cache holds the document as extracted from this very file by this version
    (from the file's header line: :func:`load` reads and validates the records)."""
    try:
        with cache_file(cache_dir, document_id).open(encoding="utf-8") as file:
            return _current(_header(file.readline()), source, period_start)
    except (OSError, ValueError):
        return False


#: Issue codes of an extraction that depends on more than the file and the code (a build's limits).
UNCACHED_CODES = frozenset({"page-limit"})


def save(cache_dir: Path, document: Document, parsed: ParsedDocument) -> None:
    """Write a document's records atomically (a half-written file is never read back).

    A document cut short by the page limit is not kept: a build with a higher limit must read it whole.
    """
    if any(issue.code in UNCACHED_CODES for issue in parsed.issues):
        return
    body = json.dumps({"document": document.row(), "parsed": parsed.to_json()}, ensure_ascii=False).encode("utf-8")
    header = {
        "extractor_version": EXTRACTOR_VERSION,
        "source_file": document.source_file,
        "sha256": document.sha256,
        "period_start": document.period_start,
        "content_sha256": hashlib.sha256(body).hexdigest(),  # the cache cannot change the data (load checks it)
    }
    directory = Path(cache_dir)
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{document.id}.", suffix=".json", dir=directory)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n")
            file.write(body)
        os.replace(temporary, cache_file(directory, document.id))
    except BaseException:
        Path(temporary).unlink(missing_ok=True)  # a full disk leaves no half-written file behind
        raise


def _header(line: str) -> dict[str, Any]:
    header = json.loads(line)
    return header if isinstance(header, dict) else {}


def _current(header: dict[str, Any], source: SourceFile, period_start: int | None) -> bool:
    return (
        header.get("extractor_version") == EXTRACTOR_VERSION
        and header.get("sha256") == source.sha256
        and header.get("source_file") == source.path
        and header.get("period_start") == period_start
    )
