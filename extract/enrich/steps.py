"""The cross-document steps of a build, each an object with the same two methods.

``add(document, parsed)`` is called as each document is read and gives the records that need only
that document (its leads, its items' themes); ``finish(out)`` is called once every document is in,
and writes what needs them all (people and organisations, known only across documents; the links
between commitments, read back from what was written). ``build`` lists the steps and calls them in
that order; nothing is handed down as a callback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

import sqlite_utils

from models import Document, ExtractionIssue, Record

from ..document.parsers import ParsedDocument
from .links import links_from_database
from .people import Resolver, document_leads
from .themes import Theme, document_coder


class Output(Protocol):
    """Where a step writes (``extract.publish.database.DatabaseWriter``)."""

    @property
    def db(self) -> sqlite_utils.Database: ...

    def insert(self, records: Iterable[Record]) -> None: ...

    def update(self, statement: str, parameters: Iterable[tuple[Any, ...]]) -> None: ...


class Step(Protocol):
    """A cross-document step."""

    def add(self, document: Document, parsed: ParsedDocument) -> Iterable[Record]: ...

    def finish(self, out: Output) -> None: ...


class People:
    """People and organisations across every document. Each document's leads are written as it is read,
    their person and organisation filled in at the end, once the same person has been found in every
    cell and document that names them (:class:`~extract.enrich.people.Resolver`)."""

    def __init__(self) -> None:
        self.resolver = Resolver()

    def add(self, document: Document, parsed: ParsedDocument) -> Iterable[Record]:
        self.resolver.add(document.id, parsed.lead_mentions, council=document.borough_id)
        return document_leads(document.id, parsed.lead_mentions)

    def finish(self, out: Output) -> None:
        people, organisations = self.resolver.resolve()
        out.insert(organisations)
        out.insert(people)
        out.update("update leads set person_id = ?, organisation_id = ? where id = ?", self.resolver.lead_ids())
        self.resolver.close()


class Themes:
    """Each document's priorities, commitments and targets coded against the codebook's themes as it is
    read (a document's codings need no other document)."""

    def __init__(self, themes: list[Theme]) -> None:
        self.code = document_coder(themes)

    def add(self, document: Document, parsed: ParsedDocument) -> Iterable[Record]:
        return self.code(parsed)

    def finish(self, out: Output) -> None:
        """Nothing waits for the last document."""


class Links:
    """The links between commitments of different documents, made once every document is in, from the
    commitments read back from the database (memory holds a block of documents, never the corpus).

    A borough whose links cannot be made (out of memory under the build's bound, or a bug) is an error issue
    on each of its documents, and the other boroughs are linked all the same (extract/enrich/links.py)."""

    def __init__(self, on_borough: Callable[[int, int], None] | None = None) -> None:
        self.on_borough = on_borough

    def add(self, document: Document, parsed: ParsedDocument) -> Iterable[Record]:
        return ()

    def finish(self, out: Output) -> None:
        out.insert(links_from_database(out.db, on_borough=self.on_borough))


def step_failed(step: Step, error: Exception, documents: Iterable[str]) -> Iterator[ExtractionIssue]:
    """The error issues of a cross-document step that failed: one on each document, the records being written."""
    name = type(step).__name__.lower()
    why = ("it ran out of memory under the build's bound (--memory-limit)" if isinstance(error, MemoryError)
           else f"internal error: {type(error).__name__}: {error} (please report it)")
    message = (f"The {name} step failed: {why}. Every document's records are written, but what the step adds across "
               f"documents ({STEP_TABLES.get(name, name)}) is incomplete. Build again with a higher --memory-limit"
               f"{', or with --no-links' if name == 'links' else ''}.")
    for document in documents:
        yield ExtractionIssue(id=f"{document}:{name}-failed", document_id=document, severity="error",
                              code="step-failed", message=message)


#: What each cross-document step writes, as the failure message names it.
STEP_TABLES = {"people": "people, organisations, the leads' people", "themes": "item_themes",
               "links": "commitment_links, link_candidates"}
