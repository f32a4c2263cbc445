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
from pathlib import Path

from models import ExtractionIssue, document_order
from models.records import SourceFormat, issue_codes

from . import cache, freshness
from ..corpus import Corpus, load_corpus
from ..publish.database import DatabaseWriter
from .executors import Ahead, executor
from .extraction import Extraction, document_record, extract_document
from .limits import Limits, memory_bound, with_limits
from ..enrich.continuity import fate_counts_view_sql, fates_view_sql, new_commitments_view_sql
from ..enrich.steps import Links, People, Step, Themes, step_failed
from ..document.parsers.coverage import LITTLE_READ
from ..enrich.themes import CODEBOOK_FILE, load_codebook
from ..review.apply import ReviewReport, apply_corpus_reviews

log = logging.getLogger(__name__)

#: A figure's document is its target's; its place is its target's, then the order the figures were read in.
OBSERVATIONS_DOCUMENT = (
    "update target_observations set document_id = t.document_id from targets t where t.id = target_observations.target_id"
)
OBSERVATIONS_ORDER = (
    "update target_observations set ordinal = ranked.n from (select o.id, row_number() over "
    "(order by t.ordinal, o.rowid) as n from target_observations o join targets t on t.id = o.target_id) as ranked "
    "where ranked.id = target_observations.id"
)

#: How pages name a document (documents.label): its borough, its years and its title.
DOCUMENT_LABELS = (
    "update documents set label = coalesce((select name from boroughs where id = documents.borough_id), borough_id)"
    " || ' ' || period_start || case when period_end != period_start then '-' || period_end else '' end"
    " || ': ' || title"
)


@dataclass
class BuildReport:
    """What a build did: the summary printed at its end."""

    database: Path
    documents: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    #: documents read but not whole (a page or a kind of record could not be read): their error messages
    incomplete: dict[str, list[str]] = field(default_factory=dict)
    #: cross-document steps, or boroughs' links, that failed (their error issues are in the database)
    step_errors: list[str] = field(default_factory=list)
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
    #: What people's decisions on links (corpus/reviews.yml) did, when there were any to apply.
    reviews: ReviewReport | None = None
    #: Warnings about the build itself, not a document (a cache folder that could not be written).
    notes: list[str] = field(default_factory=list)

    def add(self, extraction: Extraction) -> None:
        """Note what one document's extraction gave (or why it failed), for the summary."""
        if extraction.error:
            self.failed[extraction.document.id] = extraction.error
        else:
            self.pages += extraction.pages
        if extraction.document.status == "incomplete" and extraction.parsed:
            self.incomplete[extraction.document.id] = [i.message for i in extraction.parsed.issues if i.severity == "error"]
        parsed = extraction.parsed
        if parsed:
            self.severities.update(issue.severity for issue in parsed.issues)
            self.read[extraction.document.id] = parsed.counts()
            little = [issue.message for issue in parsed.issues if issue.code in LITTLE_READ]
            if little:
                self.little_read[extraction.document.id] = little

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
        for document, errors in self.incomplete.items():
            lines.append(f"INCOMPLETE {document}: {len(errors)} part(s) not read (extraction_issues, severity error)")
            lines += [f"  {message}" for message in errors[:5]]
        lines += [f"FAILED {document}: {reason}" for document, reason in self.failed.items()]
        lines += [f"STEP FAILED: {message}" for message in self.step_errors]
        if self.reviews:
            lines.append(self.reviews.summary())
        lines += [f"WARNING: {note}" for note in self.notes]
        return "\n".join(lines)


@dataclass
class _Counter:
    cached: int = 0
    unwritable: str | None = None  # why the cache could not be written, if it could not


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
            loaded, altered = None, None
            if cache_dir and index not in extracted.keys:
                try:
                    loaded = cache.load(cache_dir, entry.id, entry.source(prefer), entry.period_start)
                except cache.CacheAltered as error:
                    altered = str(error)
            if loaded:
                document = document_record(entry, prefer).model_copy(update={"page_count": loaded[0].page_count})
                extraction = Extraction(document, loaded[1])
                counter.cached += 1
            else:  # extracted now (or the cache went stale since it was checked: read the document here)
                extraction = extracted.take(index) if index in extracted.keys else extract_document(corpus, entry, prefer)
                if altered and extraction.parsed:
                    extraction.parsed.issues.append(ExtractionIssue(
                        id=f"{entry.id}:cache", document_id=entry.id, severity="warning", code="cache-altered",
                        message=altered))
                if cache_dir and not extraction.error and extraction.parsed:
                    try:
                        cache.save(cache_dir, extraction.document, extraction.parsed)
                    except OSError as error:  # full, read-only: the build goes on, the records just are not kept
                        counter.unwritable = counter.unwritable or (
                            f"the cache folder {cache_dir} could not be written ({error.strerror or error}): the "
                            f"records were built but not kept, so the next build reads the documents again; "
                            f"free or fix the folder, or build with --no-cache")
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
    current = None if cache_dir is None or force else freshness.up_to_date(corpus, database, prefer, links)
    if current is not None:
        report.unchanged = True
        report.cached = len(corpus.documents)
        report.counts = current
        return report
    digest = freshness.fingerprint(corpus, prefer=prefer, links=links)

    counter = _Counter()
    codebook = corpus.root / CODEBOOK_FILE  # without a codebook, nothing is coded
    themes = load_codebook(codebook) if codebook.exists() else []
    steps: list[Step] = [People(), *([Themes(themes)] if themes else []), *([Links(on_links)] if links else [])]

    with DatabaseWriter(database) as out:
        out.insert([*issue_codes(), *corpus.boroughs, *corpus.neighbours, *themes])
        for extraction in iter_extractions(corpus, prefer, workers, cache_dir, on_document, dask_scheduler, counter):
            report.add(extraction)
            out.insert(extraction.records())
            if extraction.parsed:
                for step in steps:
                    out.insert(step.add(extraction.document, extraction.parsed))
        for step in steps:  # what needs every document: people, links; under the build's memory bound
            try:
                with memory_bound((limits or Limits()).memory):
                    step.finish(out)
            except Exception as error:  # MemoryError among them: the records are written, the step's failure said
                documents = [row[0] for row in out.db.execute("select id from documents order by id")]
                issues = list(step_failed(step, error, documents))
                out.insert(issues)
                report.severities["error"] += len(issues)
                report.step_errors += [issues[0].message] if issues else []
        for (message, count) in out.db.execute(  # boroughs whose links failed (extract/enrich/links.py)
                "select message, count(*) from extraction_issues where code = 'links-failed' group by 1 order by 1"):
            report.severities["error"] += count
            report.step_errors.append(message)
        if links:  # people's decisions (corpus/reviews.yml) over the machine's links: extract/review/apply.py
            report.reviews = apply_corpus_reviews(out.db, corpus.root)
            report.severities["warning"] += len(report.reviews.stale) if report.reviews else 0
        ordered = sorted(corpus.documents, key=document_order)
        out.update("update documents set position = ? where id = ?", ((n, e.id) for n, e in enumerate(ordered, 1)))
        out.order()
        out.update(OBSERVATIONS_DOCUMENT)
        out.locate()
        out.update(OBSERVATIONS_ORDER)
        out.update(DOCUMENT_LABELS)
        out.views((fates_view_sql(), fate_counts_view_sql(), new_commitments_view_sql()))
        if not report.failed:
            out.stamp(digest)
    report.counts = out.counts
    report.cached = counter.cached
    if counter.unwritable:
        report.notes.append(counter.unwritable)
    return report
