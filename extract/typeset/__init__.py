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

from pathlib import Path

from .layout import typeset_document
from .spec import DocSpec, SpecError, load_spec

SPEC_FILE = "typeset.yml"

__all__ = ["DocSpec", "SpecError", "load_spec", "typeset_corpus", "typeset_document"]


def typeset_corpus(corpus_dir: Path, ids: list[str] | None = None) -> dict[str, int]:
    """Typeset the corpus documents named in typeset.yml (or only ``ids``) to corpus/<id>.pdf.

    Returns the page count of each PDF written.
    """
    specs = load_spec(corpus_dir / SPEC_FILE)
    unknown = sorted(set(ids or []) - set(specs))
    if unknown:
        raise SpecError(f"not in {corpus_dir / SPEC_FILE}: {', '.join(unknown)}")
    return {
        doc_id: typeset_document(corpus_dir / f"{doc_id}.txt", specs[doc_id], corpus_dir / f"{doc_id}.pdf")
        for doc_id in (ids or specs)
    }
