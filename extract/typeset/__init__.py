"""Re-typeset the corpus text exports as PDFs laid out like their originals.

The corpus has only text exports of the councils' PDFs. To exercise the PDF reader on the
same documents, each export is typeset again with reportlab, reproducing the original layout
as far as the export shows it (page size and orientation, ruled or borderless tables, running
headers, footers and watermarks as real page furniture), with the corrections made by reading
that are recorded in ``corpus/typeset.yml``. Output is deterministic: the same inputs give
byte-identical PDFs.

    python -m extract.typeset [--corpus corpus] [ids...]
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .layout import typeset_document
from .spec import DocSpec, SpecError, load_spec

SPEC_FILE = "typeset.yml"

__all__ = ["DocSpec", "SpecError", "Typeset", "load_spec", "typeset_corpus", "typeset_document"]


@dataclass(frozen=True)
class Typeset:
    """One PDF written: its pages, the pages typeset.yml expects (if it says), and how long it took."""

    document_id: str
    pdf: Path
    pages: int
    expected_pages: int | None
    seconds: float

    def summary(self) -> str:
        note = "" if self.expected_pages in (None, self.pages) else f"  (typeset.yml expects {self.expected_pages} pages)"
        return f"{self.pdf}: {self.pages} pages, {self.seconds:.2f} s{note}"


def typeset_corpus(corpus_dir: Path, ids: list[str] | None = None) -> Iterator[Typeset]:
    """Typeset the corpus documents named in typeset.yml (or only ``ids``) to corpus/<id>.pdf, one by one.

    The one loop over the documents, for the command line (``strategy-extract typeset``, ``python -m
    extract.typeset``) and for tests. Every id is checked against typeset.yml before anything is written.
    """
    specs = load_spec(corpus_dir / SPEC_FILE)
    unknown = sorted(set(ids or []) - set(specs))
    if unknown:
        raise SpecError(f"not in {corpus_dir / SPEC_FILE}: {', '.join(unknown)}")
    for doc_id in ids or specs:
        start = time.perf_counter()
        pdf = corpus_dir / f"{doc_id}.pdf"
        pages = typeset_document(corpus_dir / f"{doc_id}.txt", specs[doc_id], pdf)
        yield Typeset(doc_id, pdf, pages, specs[doc_id].expect_pages, time.perf_counter() - start)
