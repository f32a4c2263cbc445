"""Readers: a source file in, a :class:`~extract.blocks.BlockDocument` out."""

from __future__ import annotations

from pathlib import Path

from ..blocks import BlockDocument
from ...errors import ReadError
from .pdf import read_pdf
from .text import parse_text, read_text


def read(
    path: Path, format: str, source: str | None = None, password: str | None = None, page_limit: int | None = None
) -> BlockDocument:
    """Read a source file with the reader for its format (``page_limit``: PDF pages read at most)."""
    if format == "pdf":
        return read_pdf(path, source, password, page_limit)
    if format == "text":
        return read_text(path, source)
    raise ReadError(source or path.name, f"no reader for format {format!r} (known: pdf, text)")


__all__ = ["parse_text", "read", "read_pdf", "read_text"]
