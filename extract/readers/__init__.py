"""Readers: a source file in, a :class:`~extract.blocks.BlockDocument` out."""

from __future__ import annotations

from pathlib import Path

from ..blocks import BlockDocument
from ..errors import ReadError
from .text import parse_text, read_text

READERS = {"text": read_text}


def read(path: Path, format: str, source: str | None = None) -> BlockDocument:
    """Read a source file with the reader for its format."""
    try:
        reader = READERS[format]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise ReadError(source or path.name, f"no reader for format {format!r} (known: {known})") from None
    return reader(path, source)


__all__ = ["READERS", "parse_text", "read", "read_text"]
