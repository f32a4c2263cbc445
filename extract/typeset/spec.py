"""The typesetting spec (corpus/typeset.yml): per-document page, type and table settings.

Every choice that makes one document look like its original lives in the spec, not in the
code, so the layout of a document can be read (and changed) in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from reportlab.lib.pagesizes import A4, landscape, portrait

from ..errors import StrategyExtractError

PAGE_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "slide-16:9": (960.0, 540.0)}
SIZE_KEYS = ("body", "h1", "h2", "h3", "h4", "table", "footnote", "furniture")


class SpecError(StrategyExtractError, ValueError):
    """The spec file is missing, malformed or names something unknown (a user's error: the CLI reports it)."""


@dataclass(frozen=True)
class Mark:
    """Page furniture that changes at a source line (a running header, a badge, a blank page...)."""

    line: int
    kind: str  # "header" | "badge" | "blank_page" | "watermark"
    value: Any


@dataclass(frozen=True)
class Region:
    """Lines of the source typeset in a different size or alignment (a cover, slides)."""

    first: int
    last: int
    size_scale: float = 1.0
    align: str = "left"

    def covers(self, line: int | None) -> bool:
        return line is not None and self.first <= line <= self.last


@dataclass(frozen=True)
class DocSpec:
    """How one document is typeset."""

    id: str
    title: str
    page_size: tuple[float, float]
    margins: tuple[float, float, float, float]  # top, right, bottom, left
    sizes: dict[str, float]
    ruled: bool = True
    ruled_tables: frozenset[int] = frozenset()
    borderless_tables: frozenset[int] = frozenset()
    header_row_min_columns: int = 3
    repeat_header: bool = False
    split_in_row: bool = True
    fit_tables: float | None = None  # shrink table type until a table is at most this tall
    cell_spacing: float = 0.0
    column_widths: dict[int, tuple[float, ...]] = field(default_factory=dict)
    span_columns: tuple[int, ...] = ()
    title_rows: str | None = None
    split_before_rows: str | None = None
    header: str | None = None
    footer: str | None = None
    page_numbers: bool = False
    watermark: dict[str, Any] | None = None
    break_levels: frozenset[int] = frozenset()
    break_lines: frozenset[int] = frozenset()
    marks: tuple[Mark, ...] = ()
    regions: tuple[Region, ...] = ()
    corrections: tuple[dict[str, Any], ...] = ()
    expect_pages: int | None = None

    def region(self, line: int | None) -> Region | None:
        return next((r for r in self.regions if r.covers(line)), None)

    def is_ruled(self, first_line: int | None) -> bool:
        if first_line in self.borderless_tables:
            return False
        return self.ruled or first_line in self.ruled_tables


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` laid on ``base``, nested dicts merged key by key."""
    merged = dict(base)
    for key, value in over.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def _page_size(page: dict[str, Any], doc_id: str) -> tuple[float, float]:
    try:
        size = PAGE_SIZES[page["size"]]
    except KeyError as error:
        raise SpecError(f"{doc_id}: unknown page size {page.get('size')!r}; known: {sorted(PAGE_SIZES)}") from error
    return landscape(size) if page.get("orientation") == "landscape" else portrait(size)


def _marks(raw: list[dict[str, Any]], doc_id: str) -> tuple[Mark, ...]:
    marks = []
    for entry in raw:
        kinds = [k for k in ("header", "badge", "blank_page", "watermark") if k in entry]
        if "line" not in entry or len(kinds) != 1:
            raise SpecError(f"{doc_id}: a furniture entry needs `line` and one of header/badge/blank_page/watermark: {entry}")
        marks.append(Mark(int(entry["line"]), kinds[0], entry[kinds[0]]))
    return tuple(sorted(marks, key=lambda m: m.line))


def doc_spec(doc_id: str, raw: dict[str, Any], defaults: dict[str, Any]) -> DocSpec:
    """One document's settings, defaults filled in."""
    s = _merge(defaults, raw)
    tables, breaks, page = s.get("tables", {}), s.get("page_break_before", {}), s.get("page", {})
    sizes = {key: float(s["sizes"][key]) for key in SIZE_KEYS}
    return DocSpec(
        id=doc_id,
        title=s.get("title", doc_id),
        page_size=_page_size(page, doc_id),
        margins=_margins(page["margins"], doc_id),
        sizes=sizes,
        ruled=bool(tables.get("ruled", True)),
        ruled_tables=frozenset(tables.get("ruled_at", []) or []),
        borderless_tables=frozenset(tables.get("borderless_at", []) or []),
        header_row_min_columns=int(tables.get("header_row_min_columns", 3)),
        repeat_header=bool(tables.get("repeat_header", False)),
        split_in_row=bool(tables.get("split_in_row", True)),
        fit_tables=tables.get("fit_height"),
        cell_spacing=float(tables.get("cell_spacing", 0)),
        column_widths={int(k): tuple(map(float, v)) for k, v in (tables.get("column_widths") or {}).items()},
        span_columns=tuple(tables.get("span_columns", []) or []),
        title_rows=tables.get("title_rows"),
        split_before_rows=tables.get("split_before_rows"),
        header=s.get("header"),
        footer=s.get("footer"),
        page_numbers=bool(s.get("page_numbers", False)),
        watermark=s.get("watermark"),
        break_levels=frozenset(breaks.get("levels", []) or []),
        break_lines=frozenset(breaks.get("lines", []) or []),
        marks=_marks(s.get("furniture", []) or [], doc_id),
        regions=tuple(
            Region(int(r["lines"][0]), int(r["lines"][1]), float(r.get("scale", 1.0)), r.get("align", "left"))
            for r in s.get("regions", []) or []
        ),
        corrections=tuple(s.get("corrections", []) or []),
        expect_pages=s.get("expect_pages"),
    )


def load_spec(path: Path) -> dict[str, DocSpec]:
    """All documents' specs from a typeset.yml, by document id."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SpecError(f"cannot read {path}: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
        raise SpecError(f"{path}: expected a mapping with `defaults` and `documents`")
    defaults = data.get("defaults", {}) or {}
    return {doc_id: doc_spec(doc_id, raw or {}, defaults) for doc_id, raw in data["documents"].items()}


def _margins(values: Any, doc_id: str) -> tuple[float, float, float, float]:
    """The page margins: four lengths (top, right, bottom, left)."""
    try:
        top, right, bottom, left = (float(value) for value in values)
    except (TypeError, ValueError):
        raise SpecError(f"{doc_id}: page.margins must be four lengths in points, not {values!r}") from None
    return top, right, bottom, left
