"""Where a record came from: page or line, and the verbatim source text to quote."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..blocks import Block, Provenance


@dataclass(frozen=True, slots=True)
class Source:
    """The provenance of one record."""

    provenance: Provenance

    @property
    def page(self) -> int | None:
        return self.provenance.page

    @property
    def line(self) -> int | None:
        return self.provenance.line_start

    @property
    def raw(self) -> str:
        return self.provenance.raw.strip("\n")

    @property
    def confidence(self) -> float:
        """How sure the reading of the text is: 1 for a text layer or export, the OCR confidence for a scan."""
        return 1.0 if self.provenance.confidence is None else self.provenance.confidence

    def fields(self, evidence: str | None = None) -> dict[str, Any]:
        """The source fields every record carries (page, line, evidence, confidence), for its constructor:
        ``Commitment(..., **source.fields())``; ``evidence`` when the record quotes less than the raw text."""
        return {"page": self.page, "line": self.line, "evidence": self.raw if evidence is None else evidence,
                "confidence": self.confidence}

    def merge(self, other: Source) -> Source:
        return Source(self.provenance.merge(other.provenance))


def source_of_line(block: Block, offset: int) -> Source:
    """The source of one line of a block: that raw line, when the block kept one raw line per line."""
    where = block.provenance
    raw_lines = where.raw.splitlines()
    lines = getattr(block, "lines", ())
    if len(raw_lines) > 1 and len(raw_lines) == len(lines) and where.line_start is not None:
        number = where.line_start + offset
        return Source(
            Provenance(page=where.page, line_start=number, line_end=number, bbox=where.bbox, raw=raw_lines[offset],
                       confidence=where.confidence)
        )
    return Source(where)
