"""Parsers: one per kind of record, all reading the block model.

:func:`parse_document` runs them in order: priorities first (their outline tells
the others which priority each block sits under), then commitments.
"""

from __future__ import annotations

from dataclasses import dataclass

from models import Commitment, ExtractionIssue, Priority

from ..blocks import BlockDocument
from .commitments import parse_commitments
from .issues import IssueLog
from .priorities import Outline, parse_priorities


@dataclass
class ParsedDocument:
    """The records parsed from one document."""

    priorities: list[Priority]
    commitments: list[Commitment]
    issues: list[ExtractionIssue]


def parse_document(document: BlockDocument, document_id: str) -> ParsedDocument:
    """Every record of one document read into blocks."""
    log = IssueLog(document_id)
    log.extend_from_reader(document.issues)
    outline = parse_priorities(document, document_id)
    commitments = parse_commitments(document, outline, log)
    return ParsedDocument(outline.priorities, commitments, log.issues)


__all__ = ["Outline", "ParsedDocument", "parse_commitments", "parse_document", "parse_priorities"]
