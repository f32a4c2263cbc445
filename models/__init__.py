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
    GovernanceBody,
    Lead,
    Organisation,
    Person,
    Priority,
    ProgressUpdate,
    Risk,
    Target,
    TargetObservation,
)

__all__ = [
    "RECORD_TYPES",
    "Borough",
    "BoroughNeighbour",
    "Commitment",
    "Document",
    "ExtractionIssue",
    "GovernanceBody",
    "Lead",
    "Organisation",
    "Person",
    "ProgressUpdate",
    "Risk",
    "Target",
    "TargetObservation",
    "ForeignKey",
    "ManifestDocument",
    "Priority",
    "Record",
    "SourceFile",
    "Table",
]
