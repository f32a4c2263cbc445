"""Parsers: one per kind of record, all reading the block model.

:func:`parse_document` runs them in order: priorities first (their outline tells the
others which priority each block sits under), then commitments (progress and leads
point at them), then progress, targets (a progress report's figures are
indicators' readings), governance bodies, risks and lead mentions.
People and organisations are resolved across documents afterwards (extract/enrich/people.py).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar, TypeVar

from models import (
    Commitment,
    ExtractionIssue,
    GovernanceBody,
    Priority,
    ProgressUpdate,
    Record,
    Risk,
    Target,
    TargetObservation,
)

from .. import nlp
from ..blocks import BlockDocument
from .commitments import parse_commitments
from .coverage import report_coverage
from .dates import parse_date
from .governance import parse_governance
from .headers import with_carried_headers
from .issues import IssueLog
from .leads import LeadMention, parse_leads
from .priorities import Outline, parse_priorities
from .progress import parse_progress
from .risks import parse_risks
from .targets import parse_targets

T = TypeVar("T")


@dataclass
class ParsedDocument:
    """The records parsed from one document (people and organisations come from all documents)."""

    priorities: list[Priority]
    commitments: list[Commitment]
    issues: list[ExtractionIssue]
    targets: list[Target] = field(default_factory=list)
    observations: list[TargetObservation] = field(default_factory=list)
    progress: list[ProgressUpdate] = field(default_factory=list)
    governance: list[GovernanceBody] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    lead_mentions: list[LeadMention] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Records of each kind, for the build summary."""
        return {
            "priorities": len(self.priorities), "commitments": len(self.commitments), "targets": len(self.targets),
            "progress updates": len(self.progress), "leads": len(self.lead_mentions),
            "governance bodies": len(self.governance), "risks": len(self.risks),
        }

    #: The fields holding records, with the record class that reads each back (:meth:`from_json`).
    RECORD_FIELDS: ClassVar[dict[str, type[Record]]] = {
        "priorities": Priority, "commitments": Commitment, "issues": ExtractionIssue, "targets": Target,
        "observations": TargetObservation, "progress": ProgressUpdate, "governance": GovernanceBody, "risks": Risk,
    }

    def to_json(self) -> dict[str, Any]:
        """Every record and lead mention as JSON-ready data (what the extraction cache keeps)."""
        return {
            **{name: [record.row() for record in getattr(self, name)] for name in self.RECORD_FIELDS},
            "lead_mentions": [mention.to_json() for mention in self.lead_mentions],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ParsedDocument:
        """The parsed document :meth:`to_json` wrote; KeyError, TypeError or ValueError (a pydantic
        ValidationError) when the data is not one, e.g. written by another version of the models."""
        records: dict[str, Any] = {
            name: [model.model_validate(row) for row in data[name]] for name, model in cls.RECORD_FIELDS.items()
        }
        return cls(**records, lead_mentions=[LeadMention.from_json(row) for row in data["lead_mentions"]])

    def records(self) -> Iterator[Record]:
        """Every record of this document but leads (which need people resolved across documents)."""
        yield from self.priorities
        yield from self.commitments
        yield from self.targets
        yield from self.observations
        yield from self.progress
        yield from self.governance
        yield from self.risks
        yield from self.issues


def parse_document(document: BlockDocument, document_id: str, period_start: int | None = None) -> ParsedDocument:
    """Every record of one document read into blocks.

    Each parser after the outline is isolated: if one fails on an unusual document, its kind is
    left empty with an error in extraction_issues, and every other kind is still kept.
    """
    log = IssueLog(document_id)
    log.extend_from_reader(document.issues)
    document = with_carried_headers(document)
    outline = parse_priorities(document, document_id)
    no_commitments: list[Commitment] = []
    commitments = _guarded(log, "commitments", lambda: parse_commitments(document, outline, log), no_commitments)
    no_progress: list[ProgressUpdate] = []
    progress = _guarded(
        log, "progress updates", lambda: parse_progress(document, outline, commitments, log, period_start), no_progress
    )
    no_targets: tuple[list[Target], list[TargetObservation]] = ([], [])
    targets, observations = _guarded(log, "targets", lambda: parse_targets(document, outline, log, progress), no_targets)
    parsed = ParsedDocument(
        priorities=outline.priorities,
        commitments=commitments,
        issues=log.issues,
        targets=targets,
        observations=observations,
        progress=progress,
        governance=_guarded(log, "governance bodies", lambda: parse_governance(document, outline, log, commitments), []),
        risks=_guarded(log, "risks", lambda: parse_risks(document, outline, log), []),
        lead_mentions=_guarded(log, "leads", lambda: parse_leads(document, outline, commitments, log), []),
    )
    _guarded(log, "coverage", lambda: report_coverage(document, parsed, log), None)
    return parsed


@cache
def prepare() -> None:
    """Build once per process what every parse needs (the spaCy pipeline, dateparser's language
    data), so that documents extracted in forked children inherit it instead of building it each."""
    nlp.language()
    parse_date("1 January 2020")


def _guarded(log: IssueLog, kind: str, parse: Callable[[], T], empty: T) -> T:
    """Run one parser; on an unexpected error keep the document, record the error, return ``empty``."""
    try:
        return parse()
    except Exception as error:  # a bug met on one document must not lose its other records
        detail = traceback.format_exception_only(error)[-1].strip()
        log.error("parser-error", f"{kind} could not be read from this document: {detail} (please report it)")
        return empty


__all__ = ["Outline", "ParsedDocument", "parse_commitments", "parse_document", "parse_priorities", "prepare"]
