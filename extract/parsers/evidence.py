"""Where a record came from: page or line, and the verbatim source text to quote."""

from __future__ import annotations

from dataclasses import dataclass

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

    def merge(self, other: Source) -> Source:
        return Source(self.provenance.merge(other.provenance))


def source_of_line(block: Block, offset: int) -> Source:
    """The source of one line of a block: that raw line when the block kept one per line."""
    where = block.provenance
    raw_lines = where.raw.splitlines()
    lines = getattr(block, "lines", ())
    if offset and len(raw_lines) == len(lines) and where.line_start is not None:
        return Source(
            Provenance(
                page=where.page,
                line_start=where.line_start + offset,
                line_end=where.line_start + offset,
                bbox=where.bbox,
                raw=raw_lines[offset],
            )
        )
    if len(raw_lines) == len(lines) and len(raw_lines) > 1:
        return Source(Provenance(page=where.page, line_start=where.line_start, line_end=where.line_start,
                                 bbox=where.bbox, raw=raw_lines[0]))
    return Source(where)
