"""One document, one pure step: its source file in, its validated records out.

What a document yields depends only on its file, its manifest entry and the code imported here
(the readers, the block model, the parsers, the models); that code's digest is the extractor
version, so a cached extraction is reused exactly when this step would give the same result. The
steps that follow in the parent (people, themes, links, the database) are not part of it: editing
them rebuilds the database from the cache without reading a document again.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from models import Document, ExtractionIssue, ManifestDocument, Record
from models.records import SourceFormat

from .. import EXTRACTOR_VERSION
from ..corpus import Corpus
from ..errors import StrategyExtractError
from .limits import LimitError, limits_of, run_limited
from ..document.parsers import ParsedDocument, parse_document, prepare
from ..document.readers import read

log = logging.getLogger(__name__)


@dataclass
class Extraction:
    """Everything read from one document."""

    document: Document
    parsed: ParsedDocument | None
    error: str | None = None
    #: PDF pages read, when the page limit left some out (else all of ``document.page_count``).
    pages_read: int | None = None

    @property
    def pages(self) -> int:
        return self.document.page_count or 0 if self.pages_read is None else self.pages_read

    def records(self) -> Iterator[Record]:
        yield self.document
        if self.parsed:
            yield from self.parsed.records()


def document_record(entry: ManifestDocument, prefer: SourceFormat | None = None) -> Document:
    """The documents row of a manifest entry, before its file is read."""
    source = entry.source(prefer)
    return Document(
        id=entry.id,
        borough_id=entry.borough,
        title=entry.title,
        doc_type=entry.doc_type,
        period_start=entry.period_start,
        period_end=entry.period_end,
        published=entry.published,
        source_url=entry.source_url,
        source_file=source.path,
        source_format=source.format,
        sha256=source.sha256,
        extractor_version=EXTRACTOR_VERSION,
    )


def extract_document(corpus: Corpus, entry: ManifestDocument, prefer: SourceFormat | None = None) -> Extraction:
    """Read and parse one document within its time, page and memory limits (extract/pipeline/limits.py).

    Errors are caught and reported, never raised.
    """
    limits = limits_of(entry)
    prepare()  # built once here, inherited by every forked extraction
    try:
        return run_limited(partial(_extract_document, corpus, entry, prefer, limits.pages), limits)
    except LimitError as error:
        return _failed(document_record(entry, prefer), error.code, f"{entry.source(prefer).path}: {error}")


def _extract_document(
    corpus: Corpus, entry: ManifestDocument, prefer: SourceFormat | None, page_limit: int | None
) -> Extraction:
    source = entry.source(prefer)
    document = document_record(entry, prefer)
    try:
        blocks = read(corpus.path(source.path), source.format, source=source.path, password=source.password,
                      page_limit=page_limit)
        parsed = parse_document(blocks, entry.id, period_start=entry.period_start)
    except StrategyExtractError as error:
        return _failed(document, "read-error", str(error))
    except MemoryError:
        raise  # the limit guard names the limit
    except Exception as error:  # a bug met on one document must not lose the others
        detail = traceback.format_exception_only(error)[-1].strip()
        log.debug("internal error on %s", entry.id, exc_info=True)
        return _failed(document, "internal-error", f"{source.path}: internal error: {detail} (please report it)")
    update: dict[str, object] = {"page_count": blocks.page_count}
    if any(issue.severity == "error" for issue in parsed.issues):  # a page, or a kind of record, could not be read
        update["status"] = "incomplete"
    document = document.model_copy(update=update)
    pages_read = min(blocks.page_count, page_limit) if blocks.page_count and page_limit else None
    return Extraction(document, parsed, pages_read=pages_read)


def _failed(document: Document, code: str, message: str) -> Extraction:
    issue = ExtractionIssue(
        id=f"{document.id}:1", document_id=document.id, severity="error", code=code, message=message
    )
    failed = document.model_copy(update={"status": "failed"})
    return Extraction(failed, ParsedDocument([], [], [issue]), error=message)


