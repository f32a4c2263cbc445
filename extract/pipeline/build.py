"""The build: corpus -> readers -> parsers -> records -> SQLite.

One document's failure never stops the others: it is recorded as an error in
extraction_issues, the document is still listed (status ``failed``), and the
build goes on. Each document is extracted under a time, page and memory limit
(extract/pipeline/limits.py), so a pathological file cannot hang the build. A manifest
problem stops the build before the database is touched.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from models import Record
from models.records import SourceFormat, issue_codes

from . import cache, freshness
from ..corpus import Corpus, load_corpus
from ..publish.database import write_database
from .executors import Ahead, executor
from .extraction import Extraction, document_record, extract_document
from .limits import Limits, with_limits
from ..enrich.links import fates_view_sql, links_from_database, new_commitments_view_sql
from ..enrich.people import Resolver, document_leads
from ..document.parsers.coverage import LITTLE_READ
from ..enrich.themes import CODEBOOK_FILE, document_coder, load_codebook

log = logging.getLogger(__name__)


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
    unchanged: bool = False  # nothing changed since the database was built: it was kept as it was
    #: Records of each kind read from each document (in the order read).
    read: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Documents that were little read: no commitments, or tables whose columns were not understood.
    little_read: dict[str, list[str]] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        """Error issues: failed documents, and parts of read documents that could not be read."""
        return self.severities["error"]

    def summary(self) -> str:
        if self.unchanged:
            return freshness.unchanged_summary(self.database, self.documents, self.counts)
        lines = [
            f"Built {self.database}: {self.documents} documents "
            f"({self.documents - len(self.failed)} read, {self.cached} of them unchanged since the last build, "
            f"{len(self.failed)} failed), {self.pages} PDF pages, {sum(self.counts.values())} records, "
            f"{self.severities['warning']} warnings, {self.errors} errors.",
            "Rows: " + ", ".join(f"{table} {count}" for table, count in self.counts.items()),
        ]
        for document, counts in self.read.items():
            kinds = ", ".join(f"{count} {kind}" for kind, count in counts.items() if count) or "no records"
            lines.append(f"  {document}: {kinds}")
            lines += [f"    little read: {message}" for message in self.little_read.get(document, [])[:5]]
        lines += [f"FAILED {document}: {reason}" for document, reason in self.failed.items()]
        return "\n".join(lines)


@dataclass
class _Counter:
    cached: int = 0


def iter_extractions(
    corpus: Corpus,
    prefer: SourceFormat | None = None,
    workers: int = 1,
    cache_dir: Path | None = None,
    on_document: Callable[[Extraction], None] | None = None,
    dask_scheduler: str | None = None,
    counter: _Counter | None = None,
) -> Iterator[Extraction]:
    """Each document's extraction, in corpus order, one at a time (memory does not grow with the corpus).

    Documents whose file and extractor version are unchanged are taken from the cache; the others
    are extracted in ``workers`` processes when there are several to do, or on the Dask cluster at
    ``dask_scheduler``, and cached as they arrive. Only a window of results waits to be taken.
    """
    counter = counter if counter is not None else _Counter()
    pending = [
        index for index, entry in enumerate(corpus.documents)
        if not (cache_dir and cache.is_cached(cache_dir, entry.id, entry.source(prefer), entry.period_start))
    ]
    # What a worker needs: the corpus folder (absolute, for workers elsewhere), not the whole manifest.
    folder = replace(corpus, root=corpus.root.resolve(), documents=[], boroughs=[], neighbours=[])

    def task(index: int) -> tuple[Callable, tuple]:
        return extract_document, (folder, corpus.documents[index], prefer)

    with executor(workers if len(pending) > 1 else 1, dask_scheduler if pending else None) as (pool, slots):
        extracted = Ahead(pool, slots, pending, task)
        for index, entry in enumerate(corpus.documents):
            loaded = None
            if cache_dir and index not in extracted.keys:
                loaded = cache.load(cache_dir, entry.id, entry.source(prefer), entry.period_start)
            if loaded:
                document = document_record(entry, prefer).model_copy(update={"page_count": loaded[0].page_count})
                extraction = Extraction(document, loaded[1])
                counter.cached += 1
            else:  # extracted now (or the cache went stale since it was checked: read the document here)
                extraction = extracted.take(index) if index in extracted.keys else extract_document(corpus, entry, prefer)
                if cache_dir and not extraction.error and extraction.parsed:
                    cache.save(cache_dir, extraction.document, extraction.parsed)
            if on_document:
                on_document(extraction)
            yield extraction


def build(
    corpus_dir: Path | Corpus,
    database: Path,
    on_document: Callable[[Extraction], None] | None = None,
    prefer: SourceFormat | None = None,
    workers: int = 1,
    cache_dir: Path | None = None,
    limits: Limits | None = None,
    dask_scheduler: str | None = None,
    links: bool = True,
    force: bool = False,
    on_links: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Build the database from a corpus folder (or a corpus already loaded from one); return what was built.

    Each document is read from its PDF when it has one, unless ``prefer`` names another format;
    with ``cache_dir``, only documents that changed are read again, and when nothing at all changed
    since the database was built (its stamp is the inputs' fingerprint) it is kept as it is, unless
    ``force``. ``limits`` bound each document's extraction, where its manifest entry sets none of its
    own. Records are written document by document as they are read; the cross-document steps
    (people, themes, links) follow. ``links=False`` leaves out the links between commitments (a quicker
    build when only the records are wanted); ``on_links(done, total)`` follows their boroughs.
    """
    corpus = corpus_dir if isinstance(corpus_dir, Corpus) else load_corpus(corpus_dir)
    if limits is not None:
        corpus = replace(corpus, documents=with_limits(corpus.documents, limits))
    report = BuildReport(database=Path(database), documents=len(corpus.documents))
    digest = freshness.fingerprint(corpus, prefer=prefer, links=links)
    if cache_dir is not None and not force and freshness.is_current(database, digest):
        report.unchanged = True
        report.cached = len(corpus.documents)
        report.counts = freshness.table_counts(database)
        return report

    counter = _Counter()
    codebook = corpus.root / CODEBOOK_FILE  # without a codebook, nothing is coded
    themes = load_codebook(codebook) if codebook.exists() else []
    code_document = document_coder(themes) if themes else None
    resolver = Resolver()  # people across every document, from lead mentions kept on disk until the end

    def records() -> Iterator[Record]:
        yield from issue_codes()
        yield from corpus.boroughs
        yield from corpus.neighbours
        yield from themes
        for extraction in iter_extractions(corpus, prefer, workers, cache_dir, on_document, dask_scheduler, counter):
            if extraction.error:
                report.failed[extraction.document.id] = extraction.error
            else:
                report.pages += extraction.pages
            yield from extraction.records()
            parsed = extraction.parsed
            if parsed:
                report.severities.update(issue.severity for issue in parsed.issues)
                report.read[extraction.document.id] = parsed.counts()
                little = [issue.message for issue in parsed.issues if issue.code in LITTLE_READ]
                if little:
                    report.little_read[extraction.document.id] = little
                yield from document_leads(extraction.document.id, parsed.lead_mentions)
                resolver.add(extraction.document.id, parsed.lead_mentions, council=extraction.document.borough_id)
                if code_document:
                    yield from code_document(parsed)
        people, organisations = resolver.resolve()  # the same person across cells and documents
        yield from organisations
        yield from people

    report.counts = write_database(
        database, records(), views=(fates_view_sql(), new_commitments_view_sql()),
        fingerprint=lambda: None if report.failed else digest,  # asked once every document is in
        updates=lambda: [("update leads set person_id = ?, organisation_id = ? where id = ?", resolver.lead_ids())],
        derived=[partial(links_from_database, on_borough=on_links)] if links else (),  # cross-document, read back once every document is in
    )
    resolver.close()  # (a failed build leaves it to be closed with the object: SQLite removed its file on opening it)
    report.cached = counter.cached
    return report
