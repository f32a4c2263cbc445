"""strategy-extract: council strategy documents to a normalised SQLite database.

The pipeline, one stage per module: corpus (the manifest) -> readers (text, PDF)
-> blocks (one document model) -> parsers (one per kind of record) -> models
(pydantic records) -> database (SQLite) -> site (Datasette metadata).
"""

import hashlib
import shutil
from pathlib import Path

__version__ = "0.1.0"


#: Code and data that run after every document is extracted (or outside the build): they shape
#: the database, not what a document yields, so editing them rebuilds from the cache without
#: reading a document again. tests/test_cache.py checks that extraction imports none of them.
AFTER_EXTRACTION = frozenset({
    "abbreviations.yml", "cli.py", "database.py", "evaluate.py", "executors.py", "freshness.py", "links.py",
    "people.py", "pipeline.py", "scoring.py", "site.py", "themes.py", "themes.yml",
})


def _code_fingerprint(extraction_only: bool) -> str:
    """A digest of the code and data in extract/ and models/ (with ``extraction_only``, of what
    decides what is extracted: all but :data:`AFTER_EXTRACTION`).

    Part of the extractor version, so that cached extractions are never reused after the
    code that made them changed, whether or not anyone remembered to bump a number.
    """
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for root in (package, package.parent / "models"):
        for path in sorted(root.rglob("*")):
            if path.suffix not in {".py", ".yml"} or "__pycache__" in path.parts or "typeset" in path.parts:
                continue
            if extraction_only and path.parent == package and path.name in AFTER_EXTRACTION:
                continue
            digest.update(path.relative_to(root.parent).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


#: Recorded on every document; a cached extraction is reused only under the same version. Whether Tesseract is
#: installed is part of it: with it, scanned pages and tables pasted as pictures are read (readers/pdf/ocr.py,
#: pictures.py), so installing it must re-read the documents.
EXTRACTOR_VERSION = f"{__version__}+{_code_fingerprint(extraction_only=True)}" + ("+ocr" if shutil.which("tesseract") else "")
#: All of the build's code: part of the database's freshness stamp (extract/freshness.py).
CODE_VERSION = f"{__version__}+{_code_fingerprint(extraction_only=False)}"
