"""The data contract: pydantic models for every published record and for the manifest."""

from .base import ForeignKey, Record, Table
from .manifest import ManifestDocument, SourceFile
from .records import (
    RECORD_TYPES,
    Borough,
    BoroughNeighbour,
    Commitment,
    Document,
    ExtractionIssue,
    Priority,
)

__all__ = [
    "RECORD_TYPES",
    "Borough",
    "BoroughNeighbour",
    "Commitment",
    "Document",
    "ExtractionIssue",
    "ForeignKey",
    "ManifestDocument",
    "Priority",
    "Record",
    "SourceFile",
    "Table",
]
