"""strategy-extract: council strategy documents to a normalised SQLite database.

The pipeline, one stage per module: corpus (the manifest) -> readers (text, PDF)
-> blocks (one document model) -> parsers (one per kind of record) -> models
(pydantic records) -> database (SQLite) -> site (Datasette metadata).
"""

import hashlib
from pathlib import Path

__version__ = "0.1.0"


def _code_fingerprint() -> str:
    """A digest of the code and data that decide what is extracted (extract/ and models/).

    Part of the extractor version, so that cached extractions are never reused after the
    code that made them changed, whether or not anyone remembered to bump a number.
    """
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for root in (package, package.parent / "models"):
        for path in sorted(root.rglob("*")):
            if path.suffix in {".py", ".yml"} and "__pycache__" not in path.parts and "typeset" not in path.parts:
                digest.update(path.relative_to(root.parent).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


#: Recorded on every document; a cached extraction is reused only under the same version.
EXTRACTOR_VERSION = f"{__version__}+{_code_fingerprint()}"
