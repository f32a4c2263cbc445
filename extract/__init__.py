"""strategy-extract: council strategy documents to a normalised SQLite database.

The pipeline, a folder per stage: corpus.py (the manifest and reference data) ->
document/ (readers -> one block model -> parsers, one per kind of record: what a document
yields) -> enrich/ (across documents: people, themes, links) -> publish/ (the SQLite database,
the Datasette site). pipeline/ runs it (limits, workers, cache, freshness); evaluate/ scores
a database against the hand-made gold and is never imported by the build; models/ (outside
this package) is the data contract.
"""

import hashlib
import shutil
from pathlib import Path

__version__ = "0.1.0"


#: What decides what a document yields: the document stage (readers, block model, parsers and their language
#: data), the models it fills and the errors it raises. The extractor version is a digest of these alone, so
#: editing anything else (the build, the database, the site, links) rebuilds from the cache without reading a
#: document again; tests/test_imports.py holds that the document stage imports nothing else of the project.
EXTRACTION_CODE = ("extract/document", "models", "extract/errors.py")


def _code_fingerprint(extraction_only: bool) -> str:
    """A digest of the code and data of extract/ and models/ (with ``extraction_only``, of
    :data:`EXTRACTION_CODE` only).

    Part of the extractor version, so that cached extractions are never reused after the
    code that made them changed, whether or not anyone remembered to bump a number.
    """
    root = Path(__file__).resolve().parent.parent
    paths = [root / part for part in (EXTRACTION_CODE if extraction_only else ("extract", "models"))]
    digest = hashlib.sha256()
    for path in sorted(file for top in paths for file in ([top] if top.is_file() else top.rglob("*"))):
        if path.suffix not in {".py", ".yml"} or "__pycache__" in path.parts or "typeset" in path.parts:
            continue
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


#: Recorded on every document; a cached extraction is reused only under the same version. Whether Tesseract is
#: installed is part of it: with it, scanned pages and tables pasted as pictures are read (readers/pdf/ocr.py,
#: pictures.py), so installing it must re-read the documents.
EXTRACTOR_VERSION = f"{__version__}+{_code_fingerprint(extraction_only=True)}" + ("+ocr" if shutil.which("tesseract") else "")
#: All of the build's code: part of the database's freshness stamp (extract/pipeline/freshness.py).
CODE_VERSION = f"{__version__}+{_code_fingerprint(extraction_only=False)}"
