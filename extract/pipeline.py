"""The build: corpus -> readers -> parsers -> records -> SQLite.

One document's failure never stops the others: it is recorded as an error in
extraction_issues, the document is still listed (status ``failed``), and the
build goes on. Each document is extracted under a time, page and memory limit
(extract/limits.py), so a pathological file cannot hang the build. A manifest
problem stops the build before the database is touched.
"""

from __future__ import annotations

import logging
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from models import Document, ExtractionIssue, ManifestDocument, Record
from models.records import SourceFormat

from . import EXTRACTOR_VERSION, cache
from .corpus import Corpus, load_corpus
from .database import write_database
from .errors import StrategyExtractError
from .limits import LimitError, Limits, limits_of, run_limited, with_limits
from .links import fates_view_sql, link_commitments, new_commitments_view_sql
from .parsers import ParsedDocument, parse_document, prepare
from .people import resolve
from .readers import read
from .themes import CODEBOOK_FILE, code_items, load_codebook

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


@dataclass
class BuildReport:
    """What a build did: the summary printed at its end."""

    database: Path
    documents: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    cached: int = 0
    #: PDF pages read (a text export has none).
    pages: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    severities: Counter[str] = field(default_factory=Counter)

    @property
    def errors(self) -> int:
        """Error issues: failed documents, and parts of read documents that could not be read."""
        return self.severities["error"]

    def summary(self) -> str:
        lines = [
            f"Built {self.database}: {self.documents} documents "
            f"({self.documents - len(self.failed)} read, {self.cached} of them unchanged since the last build, "
            f"{len(self.failed)} failed), {self.pages} PDF pages, {sum(self.counts.values())} records, "
            f"{self.severities['warning']} warnings, {self.errors} errors.",
            "Rows: " + ", ".join(f"{table} {count}" for table, count in self.counts.items()),
        ]
        lines += [f"FAILED {document}: {reason}" for document, reason in self.failed.items()]
        return "\n".join(lines)


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
    """Read and parse one document within its time, page and memory limits (extract/limits.py).

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
    document = document.model_copy(update={"page_count": blocks.page_count})
    pages_read = min(blocks.page_count, page_limit) if blocks.page_count and page_limit else None
    return Extraction(document, parsed, pages_read=pages_read)


def _failed(document: Document, code: str, message: str) -> Extraction:
    issue = ExtractionIssue(
        id=f"{document.id}:1", document_id=document.id, severity="error", code=code, message=message
    )
    failed = document.model_copy(update={"status": "failed"})
    return Extraction(failed, ParsedDocument([], [], [issue]), error=message)


def extract_all(
    corpus: Corpus,
    prefer: SourceFormat | None = None,
    workers: int = 1,
    cache_dir: Path | None = None,
    on_document: Callable[[Extraction], None] | None = None,
) -> tuple[list[Extraction], int]:
    """Every document's extraction, in corpus order, and how many came from the cache.

    Documents whose file and extractor version are unchanged are taken from the cache; the
    others are extracted, in ``workers`` processes when there are several to do.
    """
    results: dict[int, Extraction] = {}
    pending: list[int] = []

    def done(index: int, extraction: Extraction) -> None:
        results[index] = extraction
        if on_document:
            on_document(extraction)

    for index, entry in enumerate(corpus.documents):
        cached = cache.load(cache_dir, entry.id, entry.source(prefer), entry.period_start) if cache_dir else None
        if cached:
            document = document_record(entry, prefer).model_copy(update={"page_count": cached[0].page_count})
            done(index, Extraction(document, cached[1]))
        else:
            pending.append(index)
    if workers > 1 and len(pending) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(extract_document, corpus, corpus.documents[i], prefer): i for i in pending}
            for future in as_completed(futures):
                done(futures[future], future.result())
    else:
        for index in pending:
            done(index, extract_document(corpus, corpus.documents[index], prefer))
    for index in pending:
        extraction = results[index]
        if cache_dir and not extraction.error and extraction.parsed:
            cache.save(cache_dir, extraction.document, extraction.parsed)
    return [results[i] for i in range(len(corpus.documents))], len(corpus.documents) - len(pending)


def build(
    corpus_dir: Path,
    database: Path,
    on_document: Callable[[Extraction], None] | None = None,
    prefer: SourceFormat | None = None,
    workers: int = 1,
    cache_dir: Path | None = None,
    limits: Limits | None = None,
) -> BuildReport:
    """Build the database from a corpus folder; return what was built.

    Each document is read from its PDF when it has one, unless ``prefer`` names another format;
    with ``cache_dir``, only documents that changed are read again. ``limits`` bound each
    document's extraction, where its manifest entry sets none of its own.
    """
    corpus = load_corpus(corpus_dir)
    if limits is not None:
        corpus = replace(corpus, documents=with_limits(corpus.documents, limits))
    report = BuildReport(database=Path(database), documents=len(corpus.documents))
    extractions, report.cached = extract_all(corpus, prefer, workers, cache_dir, on_document)
    for extraction in extractions:
        if extraction.error:
            report.failed[extraction.document.id] = extraction.error
        else:
            report.pages += extraction.pages
        if extraction.parsed:
            report.severities.update(issue.severity for issue in extraction.parsed.issues)

    mentions = {e.document.id: e.parsed.lead_mentions for e in extractions if e.parsed}
    people, organisations, leads = resolve(mentions)  # the same person across cells and documents
    # Cross-document steps, after every document is read: themes, then links between commitments.
    parsed = {e.document.id: e.parsed for e in extractions if e.parsed}
    codebook = corpus.root / CODEBOOK_FILE  # without a codebook, nothing is coded
    themes = load_codebook(codebook) if codebook.exists() else []
    item_themes = code_items(themes, parsed) if themes else []
    links = link_commitments(
        [e.document for e in extractions], [c for p in parsed.values() for c in p.commitments]
    )

    def records() -> Iterator[Record]:
        yield from corpus.boroughs
        yield from corpus.neighbours
        for extraction in extractions:
            yield from extraction.records()
        yield from organisations
        yield from people
        yield from leads
        yield from themes
        yield from item_themes
        yield from links

    report.counts = write_database(database, records(), views=(fates_view_sql(), new_commitments_view_sql()))
    return report
