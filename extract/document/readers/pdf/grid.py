"""Ruled tables: found from the lines drawn on the page (pdfplumber's lines strategy).

Each cell's text is read from the words inside it, so that a cell keeps its own
lines (bullets, paragraphs). A merged cell spanning several rows (pdfplumber
gives None for the rows it covers) is filled into each row it spans, so that
every row knows its AREA; a cell spanning columns leaves the others empty.
"""

from __future__ import annotations

import colorsys
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace

from pdfplumber.page import Page
from pdfplumber.utils import filter_edges

from ...blocks import Cell, Provenance, Row, Table
from .layout import Word, cell_from_lines, make_lines

SNAP = 3
SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": SNAP}
#: A ruled region smaller than this (points) in either direction is decoration, not a table.
MIN_SIZE = 12


#: How many vertical rules starting (or ending) at one height make the side of a table drawn open there.
OPEN_SIDE_RULES = 3
#: The share of a side's width that horizontal rules must cover for it to be drawn closed (a rule per cell
#: leaves gaps of a rule's width at each vertical rule: some 1%).
CLOSED_SHARE = 0.9


def open_sides(page: Page) -> list[dict]:
    """The rules a table cut by a page break is drawn without: where three or more vertical rules start (or end)
    at one height and no horizontal rule runs across them there, the missing top (or bottom) rule, as an edge
    pdfplumber can take (``explicit_horizontal_lines``). A row carried over from the page before is often
    drawn open at the top; without the rule its cells are not found and its lines are read as rows of their own."""
    tolerance = SNAP
    verticals = [edge for edge in page.edges if edge["orientation"] == "v" and edge["height"] >= MIN_SIZE]
    horizontals = [edge for edge in page.edges if edge["orientation"] == "h"]
    added: list[dict] = []
    for side in ("top", "bottom"):
        for group in _grouped(verticals, side, tolerance):
            if len({round(edge["x0"] / tolerance) for edge in group}) < OPEN_SIDE_RULES:
                continue  # three rules at three places: a table's columns, not one thick rule's sides
            y = sum(edge[side] for edge in group) / len(group)
            x0, x1 = min(edge["x0"] for edge in group), max(edge["x1"] for edge in group)
            if any(x0 - tolerance <= edge["x0"] <= x1 + tolerance and edge["top"] < y - tolerance < y + tolerance
                   < edge["bottom"] for edge in verticals):
                continue  # rules go on across it: not the end of the table, where a page break cut it
            across = [(edge["x0"], edge["x1"]) for edge in horizontals if abs(edge["top"] - y) <= tolerance]
            if _covered(across, x0, x1) >= CLOSED_SHARE * (x1 - x0):
                continue  # drawn closed (in one rule or a rule per cell)
            added.append({"object_type": "open_side_edge", "orientation": "h", "x0": x0, "x1": x1, "top": y,
                          "bottom": y, "doctop": y + page.initial_doctop, "width": x1 - x0, "height": 0})
    return added


def _covered(spans: list[tuple[float, float]], x0: float, x1: float) -> float:
    """How much of ``x0``..``x1`` the spans cover, counting overlaps once."""
    covered, reach = 0.0, x0
    for start, end in sorted(spans):
        start, end = max(start, reach), min(end, x1)
        if end > start:
            covered += end - start
            reach = end
    return covered


def _grouped(edges: list[dict], side: str, tolerance: float) -> list[list[dict]]:
    """Edges whose ``side`` (top or bottom) lies within ``tolerance`` of the one before, in order of height."""
    groups: list[list[dict]] = []
    for edge in sorted(edges, key=lambda e: e[side]):
        if groups and edge[side] - groups[-1][-1][side] <= tolerance:
            groups[-1].append(edge)
        else:
            groups.append([edge])
    return groups


#: A filled rectangle at most this high (points) may be a slice of shading drawn as a stack of slices.
SLICE_HEIGHT = 4.0
#: How many slices touching one another make shading (a gradient), not rules.
STACKED_SLICES = 3


def shading_seams(page: Page) -> set[tuple[float, float, float]]:
    """Where the slices of shading drawn as a stack of thin filled rectangles meet (a gradient cell: dozens of
    slices 1-2 points high, each a shade darker): (x0, x1, y) of each seam. Every slice has a top and a bottom
    edge, which the lines strategy takes for ruling lines, cutting the table's rows at random heights; only the
    stack's own top and bottom are rules."""
    slices = sorted((rect for rect in page.rects if rect.get("fill") and not rect.get("stroke")
                     and 0 < rect["height"] <= SLICE_HEIGHT), key=lambda r: (round(r["x0"]), round(r["x1"]), r["top"]))
    seams: set[tuple[float, float, float]] = set()
    stack: list[dict] = []
    for rect in [*slices, None]:
        if (rect is not None and stack and abs(rect["x0"] - stack[-1]["x0"]) <= 0.5
                and abs(rect["x1"] - stack[-1]["x1"]) <= 0.5 and rect["top"] - stack[-1]["bottom"] <= 0.5):
            stack.append(rect)
            continue
        if len(stack) >= STACKED_SLICES:
            for upper, lower in zip(stack, stack[1:]):
                for y in (upper["bottom"], lower["top"]):
                    seams.add((round(upper["x0"], 1), round(upper["x1"], 1), round(y, 1)))
        stack = [rect] if rect is not None else []
    return seams


def ruling_edges(page: Page, seams: set[tuple[float, float, float]]) -> list[dict]:
    """The page's horizontal edges that can be rules, as pdfplumber's lines strategy takes them, but for the
    seams of stacked shading (:func:`shading_seams`)."""
    return [edge for edge in filter_edges(page.edges, "h", min_length=1)  # as the lines strategy takes them
            if not (edge["object_type"] == "rect_edge"
                    and (round(edge["x0"], 1), round(edge["x1"], 1), round(edge["top"], 1)) in seams)]


def ruled_tables(page: Page) -> list:
    """pdfplumber tables with at least two cells, drawn with ruling lines (and the rules a table cut by a page
    break is drawn without: :func:`open_sides`; not the seams of shading drawn in slices: :func:`shading_seams`)."""
    settings: dict = dict(SETTINGS)
    if seams := shading_seams(page):
        rules = ruling_edges(page, seams)
        if len(rules) >= 2:
            settings.update(horizontal_strategy="explicit", explicit_horizontal_lines=rules)
    sides = open_sides(page)
    if sides:
        settings["explicit_horizontal_lines"] = [*settings.get("explicit_horizontal_lines", []), *sides]
    tables = page.find_tables(table_settings=settings)
    return [
        table
        for table in tables
        if len(table.cells) >= 2
        and max(len(row.cells) for row in table.rows) >= 2  # a one-column box is framed text
        and table.bbox[2] - table.bbox[0] >= MIN_SIZE
        and table.bbox[3] - table.bbox[1] >= MIN_SIZE
    ]


def _inside(word: Word, box: Sequence[float]) -> bool:
    x = (word.x0 + word.x1) / 2
    y = (word.top + word.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def words_outside(words: Sequence[Word], boxes: Sequence[Sequence[float]]) -> list[Word]:
    return [word for word in words if not any(_inside(word, box) for box in boxes)]


class _WordIndex:
    """Words sorted by their vertical middle, for finding the words of each cell quickly."""

    def __init__(self, words: Sequence[Word]) -> None:
        self.words = sorted(words, key=lambda w: (w.top + w.bottom) / 2)
        self.middles = [(w.top + w.bottom) / 2 for w in self.words]

    def inside(self, box: Sequence[float]) -> list[Word]:
        start = bisect_left(self.middles, box[1])
        end = bisect_right(self.middles, box[3])
        return [word for word in self.words[start:end] if _inside(word, box)]


def to_table(table, words: Sequence[Word], page_number: int) -> Table:
    """The block-model table of a pdfplumber table, cells filled from their spans, each with the colour
    family of its shading (a RAG status shown as a cell's colour)."""
    index = _WordIndex([word for word in words if _inside(word, table.bbox)])
    fills = _fills(table)
    grid = [list(row.cells) for row in table.rows]
    columns = max(len(row) for row in grid)
    boxes: list[list[tuple[float, float, float, float] | None]] = [row + [None] * (columns - len(row)) for row in grid]
    spans = _vertical_spans(boxes)
    rows: list[Row] = []
    for r, row in enumerate(boxes):
        cells = []
        spanned = own = 0
        for c, box in enumerate(row):
            from_above = box is None and (r, c) in spans
            box = spans[(r, c)] if from_above else box
            words = index.inside(box) if box else []
            spanned += from_above and bool(words)
            own += not from_above and bool(words)
            inner = box[2] - 3 if box else None  # the cell's right edge, less its padding
            cell = cell_from_lines(make_lines(words, page_number), inner) if box else Cell()
            colour = _fill_of(box, fills) if box and not from_above else None
            cells.append(replace(cell, fill=colour) if colour else cell)
        raw = "\t".join(cell.text for cell in cells)
        this = Row(tuple(cells), Provenance(page=page_number, bbox=_row_box(row), raw=raw))
        if rows and spanned and spanned >= own:
            rows[-1] = _sub_row_joined(rows[-1], this)  # a line of a row whose other cells span it
        else:
            rows.append(this)
    where = Provenance(page=page_number, bbox=tuple(round(v, 1) for v in table.bbox), raw="\n".join(r.provenance.raw for r in rows))
    return Table(tuple(rows), where)


#: Share of a cell a shaded rectangle must cover to be the cell's shading.
FILL_COVER = 0.6


def _fills(table) -> list[tuple[tuple[float, float, float, float], str]]:
    """The coloured rectangles painted inside a table: (box, colour family)."""
    x0, top, x1, bottom = table.bbox
    found = []
    for rect in getattr(table.page, "rects", ()):
        if not rect.get("fill") or rect["x1"] < x0 or rect["x0"] > x1 or rect["bottom"] < top or rect["top"] > bottom:
            continue
        family = colour_family(rect.get("non_stroking_color"))
        if family:
            found.append(((rect["x0"], rect["top"], rect["x1"], rect["bottom"]), family))
    return found


def _fill_of(box: Sequence[float], fills: list[tuple[tuple[float, float, float, float], str]]) -> str | None:
    area = max((box[2] - box[0]) * (box[3] - box[1]), 1e-6)
    for (x0, top, x1, bottom), family in fills:
        overlap = max(0.0, min(x1, box[2]) - max(x0, box[0])) * max(0.0, min(bottom, box[3]) - max(top, box[1]))
        if overlap / area >= FILL_COVER:
            return family
    return None


def colour_family(colour: object) -> str | None:
    """The RAG family of a fill colour as pdfplumber gives it (grey, RGB or CMYK components 0-1): red, amber,
    green or blue by its hue (colorsys); None for white, black, greys and pale tints (a header's shading)."""
    if not isinstance(colour, (tuple, list)) or not all(isinstance(v, (int, float)) for v in colour):
        return None
    if len(colour) == 3:
        red, green, blue = colour
    elif len(colour) == 4:
        c, m, y, k = colour
        red, green, blue = (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    else:
        return None  # a grey
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    if saturation < 0.35 or not 0.15 <= lightness <= 0.85:
        return None
    degrees = hue * 360
    for bound, family in ((15, "red"), (70, "amber"), (170, "green"), (265, "blue"), (330, "purple"), (360, "red")):
        if degrees < bound:
            return family if family != "purple" else None
    return None


def _sub_row_joined(upper: Row, lower: Row) -> Row:
    """One row from a row and a sub-row under it, most of whose cells are the row's own cells spanning
    down: a table ruled line by line (each line of text between rules) whose merged cells make the row.
    A cell the two share is kept once; a cell of the sub-row's own is the next lines of the row's cell."""
    cells = []
    for a, b in zip(upper.cells, lower.cells, strict=False):
        if b.empty or a.lines == b.lines:
            cells.append(a)
        elif a.empty:
            cells.append(b)
        else:
            cells.append(Cell(a.lines + b.lines, bold=a.bold and b.bold))
    raw = "\t".join(cell.text for cell in cells)
    return Row(tuple(cells), Provenance(page=upper.provenance.page, bbox=upper.provenance.bbox, raw=raw))


def _vertical_spans(boxes: list[list[tuple | None]]) -> dict[tuple[int, int], tuple]:
    """For each empty grid position covered by a merged cell above it, that cell's box."""
    spans: dict[tuple[int, int], tuple] = {}
    for c in range(len(boxes[0]) if boxes else 0):
        above = None
        for r, row in enumerate(boxes):
            box = row[c]
            if box is not None:
                above = box
                continue
            row_top = _row_top(row)
            if above is not None and row_top is not None and above[3] > row_top + 1:
                spans[(r, c)] = above
    return spans


def _row_top(row: Sequence[tuple | None]) -> float | None:
    tops = [box[1] for box in row if box]
    return min(tops) if tops else None


def _row_box(row: Sequence[tuple | None]) -> tuple[float, float, float, float] | None:
    boxes = [box for box in row if box]
    if not boxes:
        return None
    return (
        round(min(b[0] for b in boxes), 1),
        round(min(b[1] for b in boxes), 1),
        round(max(b[2] for b in boxes), 1),
        round(min(b[3] for b in boxes), 1),
    )

