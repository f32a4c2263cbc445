"""Collecting extraction issues as the parsers meet them."""

from __future__ import annotations

from dataclasses import dataclass, field

from models import ExtractionIssue

from ..blocks import ReaderIssue
from .evidence import Source


@dataclass
class IssueLog:
    """The extraction_issues of one document, numbered in the order they were met."""

    document_id: str
    issues: list[ExtractionIssue] = field(default_factory=list)

    def add(self, severity: str, code: str, message: str, page: int | None = None, line: int | None = None) -> None:
        self.issues.append(
            ExtractionIssue(
                id=f"{self.document_id}:{len(self.issues) + 1}",
                document_id=self.document_id,
                page=page,
                line=line,
                severity=severity,
                code=code,
                message=message,
            )
        )

    def warn(self, code: str, message: str, source: Source | None = None) -> None:
        self.add("warning", code, message, source.page if source else None, source.line if source else None)

    def error(self, code: str, message: str, page: int | None = None, line: int | None = None) -> None:
        self.add("error", code, message, page, line)

    def extend_from_reader(self, issues: list[ReaderIssue]) -> None:
        for issue in issues:
            self.add(issue.severity, issue.code, issue.message, issue.page, issue.line)
