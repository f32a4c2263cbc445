"""strategy-extract: council strategy documents to a normalised SQLite database.

The pipeline, one stage per module: corpus (the manifest) -> readers (text, PDF)
-> blocks (one document model) -> parsers (one per kind of record) -> models
(pydantic records) -> database (SQLite) -> site (Datasette metadata).
"""

__version__ = "0.1.0"

#: Recorded on every document; bump when extraction output changes for the same input.
EXTRACTOR_VERSION = __version__
