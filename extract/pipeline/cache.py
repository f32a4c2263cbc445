"""Extracted records kept per document, so that a build re-reads only what changed.

Extracting a document is a function of its source file and the extractor version alone,
so its records are written to ``<cache>/<document id>.json`` and reused while the file's
sha256 and the extractor version are the same. Bump ``EXTRACTOR_VERSION`` whenever a change
to the code changes what is extracted: that invalidates every cached document at once.
Documents that failed, or were cut short by the page limit, are not cached (a retry costs
little and may succeed).
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from models import (
    Commitment,
    Document,
    ExtractionIssue,
    GovernanceBody,
    Priority,
    ProgressUpdate,
    Risk,
    SourceFile,
    Target,
    TargetObservation,
)

from .. import EXTRACTOR_VERSION
from ..document.blocks import Provenance
from ..document.parsers import ParsedDocument
from ..document.parsers.evidence import Source
from ..document.parsers.leads import LeadMention

#: ParsedDocument field -> record class, for the fields that hold pydantic records.
_RECORD_FIELDS: dict[str, Any] = {
    "priorities": Priority,
    "commitments": Commitment,
    "issues": ExtractionIssue,
    "targets": Target,
    "observations": TargetObservation,
    "progress": ProgressUpdate,
    "governance": GovernanceBody,
    "risks": Risk,
}


def cache_file(cache_dir: Path, document_id: str) -> Path:
    return Path(cache_dir) / f"{document_id}.json"


def load(
    cache_dir: Path, document_id: str, source: SourceFile, period_start: int | None
) -> tuple[Document, ParsedDocument] | None:
    """The cached records of a document, if they were extracted from this very file by this version
    (and with the same first year, which dates quarterly progress)."""
    path = cache_file(cache_dir, document_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not _current(data, source, period_start):
        return None
    try:
        parsed = ParsedDocument(
            **{name: [model.model_validate(row) for row in data[name]] for name, model in _RECORD_FIELDS.items()},
            lead_mentions=[_mention(row) for row in data["lead_mentions"]],
        )
        return Document.model_validate(data["document"]), parsed
    except (KeyError, TypeError, ValueError):
        return None  # written by an incompatible version: extract again


#: Issue codes of an extraction that depends on more than the file and the code (a build's limits).
UNCACHED_CODES = frozenset({"page-limit"})


def save(cache_dir: Path, document: Document, parsed: ParsedDocument) -> None:
    """Write a document's records atomically (a half-written file is never read back).

    A document cut short by the page limit is not kept: a build with a higher limit must read it whole.
    """
    if any(issue.code in UNCACHED_CODES for issue in parsed.issues):
        return
    data: dict[str, Any] = {
        "extractor_version": EXTRACTOR_VERSION,
        "source_file": document.source_file,
        "sha256": document.sha256,
        "period_start": document.period_start,
        "document": document.row(),
        **{name: [record.row() for record in getattr(parsed, name)] for name in _RECORD_FIELDS},
        "lead_mentions": [dataclasses.asdict(mention) for mention in parsed.lead_mentions],
    }
    directory = Path(cache_dir)
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{document.id}.", suffix=".json", dir=directory)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump(data, file, ensure_ascii=False)
    os.replace(temporary, cache_file(directory, document.id))


def _current(data: dict[str, Any], source: SourceFile, period_start: int | None) -> bool:
    return (
        data.get("extractor_version") == EXTRACTOR_VERSION
        and data.get("sha256") == source.sha256
        and data.get("source_file") == source.path
        and data.get("period_start") == period_start
    )


def _mention(row: dict[str, Any]) -> LeadMention:
    provenance = dict(row["source"]["provenance"])
    if provenance.get("bbox") is not None:
        provenance["bbox"] = tuple(provenance["bbox"])
    return LeadMention(**{**row, "source": Source(Provenance(**provenance))})


def is_cached(cache_dir: Path, document_id: str, source: SourceFile, period_start: int | None) -> bool:
    """Whether the cache holds the document as extracted from this very file by this version
    (checked without validating the records: :func:`load` does that)."""
    try:
        data = json.loads(cache_file(cache_dir, document_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and _current(data, source, period_start)
