"""Blocks -> reportlab flowables -> a PDF: headings, paragraphs, lists, tables, footnotes."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreakIfNotEmpty,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..document.blocks import BULLET, Block, Cell, Heading, ListItem
from ..document.blocks import Paragraph as TextParagraph
from ..document.blocks import Table as TextTable
from .content import document_blocks
from .drawing import (
    ARROWS,
    BOLD,
    FONT,
    STAND_INS,
    SYMBOLS,
    ArrowLine,
    BlankPage,
    FootnoteBlock,
    MarkFlowable,
    PageFurniture,
    register_fonts,
)
from .spec import DocSpec, Region

CELL_PADDING = (4.0, 2.5)  # horizontal, vertical
HEADER_FILL = colors.Color(0.88, 0.88, 0.88)
_FOOTNOTE_NUMBER = re.compile(r"^\s*<sup>\s*(\d{1,3})\s*</sup>")


# -- text and styles ------------------------------------------------------------------
def markup(text: str, bold: bool = False) -> str:
    """Plain text as reportlab paragraph markup; characters Vera lacks use the symbol font."""
    out = escape(text)
    for char in STAND_INS:
        out = out.replace(char, f'<font name="{SYMBOLS}">{char}</font>')
    return f"<b>{out}</b>" if bold else out


@lru_cache(maxsize=None)
def style(kind: str, size: float, align: str = "left", space_before: float = 0.0) -> ParagraphStyle:
    """Paragraph styles by kind (body, h1-h4, item, number, cell, bullet, footnote) and size."""
    alignment = TA_CENTER if align == "center" else TA_LEFT
    base = dict(fontName=FONT, fontSize=size, leading=round(size * 1.28, 2), alignment=alignment,
                spaceBefore=space_before, bulletFontName=FONT, bulletFontSize=size)
    if kind.startswith("h"):
        return ParagraphStyle(kind, **{**base, "fontName": BOLD, "leading": round(size * 1.22, 2),
                                       "spaceBefore": size * 0.9, "spaceAfter": size * 0.45})
    if kind == "body":
        return ParagraphStyle(kind, **base, spaceAfter=size * 0.6)
    if kind in ("item", "number"):
        indent = size * (1.5 if kind == "item" else 2.4)
        return ParagraphStyle(kind, **base, leftIndent=indent, bulletIndent=size * 0.3, spaceAfter=size * 0.35)
    if kind == "cell":
        return ParagraphStyle(kind, **{**base, "leading": round(size * 1.22, 2)})
    if kind == "bullet":
        return ParagraphStyle(kind, **{**base, "leading": round(size * 1.22, 2)}, leftIndent=size * 1.1, bulletIndent=0)
    if kind == "footnote":
        return ParagraphStyle(kind, **{**base, "leading": round(size * 1.25, 2), "spaceBefore": 1})
    raise ValueError(f"unknown paragraph style {kind!r}")


def _size(spec: DocSpec, key: str, region: Region | None) -> float:
    return spec.sizes[key] * (region.size_scale if region else 1.0)


# -- blocks ---------------------------------------------------------------------------
def heading(block: Heading, spec: DocSpec) -> list[Flowable]:
    """A heading, moved to the next page when too little room is left under it for some text."""
    region = spec.region(block.provenance.line_start)
    key = f"h{min(block.level, 4)}"
    size = _size(spec, key, region)
    text = Paragraph(markup(block.text), style(key, size, region.align if region else "left"))
    return [CondPageBreak(size * 3 + spec.sizes["body"] * 5), text]


def paragraph(block: TextParagraph, spec: DocSpec) -> list[Flowable]:
    """A paragraph keeps its hard line breaks; a line that is only an arrow becomes a drawn arrow."""
    region = spec.region(block.provenance.line_start)
    size, align = _size(spec, "body", region), region.align if region else "left"
    flowables: list[Flowable] = []
    lines: list[str] = []

    def flush(last: bool) -> None:
        if lines:
            text = "<br/>".join(markup(line, block.bold) for line in lines)
            flowables.append(Paragraph(text, style("body", size, align) if last else style("cell", size, align)))
            lines.clear()

    for line in block.lines:
        if line.strip() in ARROWS:
            flush(last=False)
            flowables.append(ArrowLine(line.strip(), size))
        else:
            lines.append(line)
    flush(last=True)
    return flowables


def list_item(block: ListItem, spec: DocSpec) -> Flowable:
    region = spec.region(block.provenance.line_start)
    size = _size(spec, "body", region)
    kind = "item" if block.marker == BULLET else "number"
    return Paragraph(markup(block.text), style(kind, size), bulletText=block.marker)


def footnotes(blocks: list[TextParagraph], spec: DocSpec) -> Flowable:
    """Footnotes with their numbers (the text reader drops the <sup> number; the raw line has it)."""
    notes = []
    for block in blocks:
        number = _FOOTNOTE_NUMBER.match(block.provenance.raw)
        text = markup(block.text)
        if number:
            text = f"<super>{number.group(1)}</super> {text}"
        notes.append(Paragraph(text, style("footnote", spec.sizes["footnote"])))
    return FootnoteBlock(notes)


# -- tables ---------------------------------------------------------------------------
def _cell_flowables(cell: Cell, size: float, bold: bool, spacing: float) -> list[Flowable] | str:
    """One paragraph per line of the cell; '• ' lines are bullet items with a hanging indent."""
    out: list[Flowable] = []
    for index, line in enumerate(cell.lines):
        before = spacing if index else 0.0
        if line.startswith(f"{BULLET} "):
            out.append(Paragraph(markup(line[2:], bold), style("bullet", size, space_before=before), bulletText=BULLET))
        else:
            out.append(Paragraph(markup(line, bold), style("cell", size, space_before=before)))
    return out or ""


def _text_width(text: str, size: float, bold: bool) -> float:
    return stringWidth(text, BOLD if bold else FONT, size)


def _least_and_wanted(rows: list[list[Cell]], size: float, width: float, header: bool) -> tuple[list[float], list[float]]:
    """Per column: the longest word (the least it can take) and the longest line (what it would like)."""
    pad = 2 * CELL_PADDING[0] + size * 1.2
    least, wanted = [pad] * len(rows[0]), [pad] * len(rows[0])
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            bold = cell.bold or (header and r == 0)
            for line in cell.lines:
                words = max((_text_width(w, size, bold) for w in line.split()), default=0.0)
                least[c] = max(least[c], min(words + pad, width / 4))
                if not (header and r == 0):
                    wanted[c] = max(wanted[c], _text_width(line, size, bold) + pad)
    return least, [max(w, m) for w, m in zip(wanted, least)]


def column_widths(rows: list[list[Cell]], size: float, width: float, header: bool,
                  fractions: tuple[float, ...] | None = None) -> list[float]:
    """Each column gets at least its longest word; the rest of the width goes to the columns
    whose text is longest, in proportion to how much more room they would like (or as the
    spec's fractions say)."""
    least, wanted = _least_and_wanted(rows, size, width, header)
    if fractions and len(fractions) != len(least):
        raise ValueError(f"column_widths has {len(fractions)} widths for a table of {len(least)} columns")
    if fractions:
        wanted = [max(width * f / sum(fractions), m) for f, m in zip(fractions, least)]
    if sum(wanted) <= width:
        return [w * width / sum(wanted) for w in wanted]
    spare, extra = width - sum(least), [w - m for w, m in zip(wanted, least)]
    return [m + spare * e / sum(extra) for m, e in zip(least, extra)]


def _spans(rows: list[list[Cell]], columns: tuple[int, ...], first_body: int) -> list[tuple]:
    """SPAN commands: an empty cell joins the cell above it (within the same first-column group)."""
    commands: list[tuple] = []
    for c in (col for col in columns if col < len(rows[0])):
        anchor = None
        for r in range(first_body, len(rows) + 1):
            ends = r == len(rows) or not rows[r][c].empty or (c and not rows[r][0].empty)
            if not ends:
                continue
            if anchor is not None and r - 1 > anchor:
                commands.append(("SPAN", (c, anchor), (c, r - 1)))
            anchor = r if r < len(rows) and not rows[r][c].empty else None
    return commands


def table(block: TextTable, spec: DocSpec, width: float) -> Flowable:
    """A table, ruled or borderless as the spec says; shrunk to fit when the spec asks."""
    columns = max(1, max(row.width for row in block.rows))
    rows = [list(row.cells[:columns]) + [Cell()] * (columns - len(row.cells)) for row in block.rows]
    first = block.provenance.line_start
    header = columns >= spec.header_row_min_columns and len(rows) > 1
    ruled = spec.is_ruled(first)
    size = spec.sizes["table"]
    while True:
        built = _table(rows, spec, first, size, width, header, ruled)
        if not spec.fit_tables or size <= 5.5 or built.wrap(width, 10**6)[1] <= spec.fit_tables:
            return built
        size -= 0.25


def _table(rows: list[list[Cell]], spec: DocSpec, first: int | None, size: float, width: float,
           header: bool, ruled: bool) -> Table:
    widths = column_widths(rows, size, width, header, spec.column_widths.get(first) if first is not None else None)
    data = [[_cell_flowables(cell, size, cell.bold or (header and r == 0), spec.cell_spacing) for cell in row]
            for r, row in enumerate(rows)]
    spans = _spans(rows, spec.span_columns, 1 if header else 0)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING[0] if ruled else 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING[0] if ruled else size * 1.2),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING[1]),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING[1] + (0 if ruled else 2)),
        *spans,
    ]
    if ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        # close the cells at a page break, a cut row included, so each page has whole cells
        commands.append(("LINEBELOW", (0, "inrowsplitstart"), (-1, "inrowsplitstart"), 0.5, colors.black))
        commands.append(("LINEABOVE", (0, "inrowsplitend"), (-1, "inrowsplitend"), 0.5, colors.black))
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
    return Table(data, colWidths=widths, style=TableStyle(commands), hAlign="LEFT",
                 repeatRows=1 if header and spec.repeat_header else 0,
                 splitInRow=1 if spec.split_in_row and not spans else 0,
                 spaceBefore=4, spaceAfter=8)


# -- the story ------------------------------------------------------------------------
def _ends_page(flowables: list[Flowable]) -> bool:
    """Does the story so far end with something that fills its page (so what follows starts a page)?"""
    for flowable in reversed(flowables):
        if not isinstance(flowable, Spacer):
            return getattr(flowable, "fills_page", False)
    return False


def story(blocks: list[Block], spec: DocSpec, furniture: PageFurniture, width: float) -> list[Flowable]:
    """The flowables for a document, with page breaks and furniture marks where the spec puts them."""
    out: list[Flowable] = []
    marks = list(spec.marks)
    breaks = sorted(spec.break_lines)
    held: list[TextParagraph] = []
    previous: Block | None = None
    for block in blocks:
        line = block.provenance.line_start or 0
        if isinstance(block, TextParagraph) and block.footnote:
            held.append(block)
            continue
        if held:
            out.append(footnotes(held, spec))
            held = []
        if isinstance(previous, ListItem) and not isinstance(block, ListItem):
            out.append(Spacer(1, spec.sizes["body"] * 0.4))  # a list ends
        previous = block
        due = [b for b in breaks if b <= line]
        breaks = breaks[len(due):]
        page_full = _ends_page(out)
        if (due or (isinstance(block, Heading) and block.level in spec.break_levels)) and not page_full:
            out.append(PageBreakIfNotEmpty())
        while marks and marks[0].line <= line:
            mark = marks.pop(0)
            if mark.kind == "blank_page":
                out.extend([PageBreakIfNotEmpty(), BlankPage(str(mark.value), spec.sizes["body"])])
            else:
                out.append(MarkFlowable(furniture, mark))
        if isinstance(block, Heading):
            out.extend(heading(block, spec))
        elif isinstance(block, TextParagraph):
            out.extend(paragraph(block, spec))
        elif isinstance(block, ListItem):
            out.append(list_item(block, spec))
        elif isinstance(block, TextTable):
            out.append(table(block, spec, width))
    if held:
        out.append(footnotes(held, spec))
    return out


def typeset_document(text_path: Path, spec: DocSpec, pdf_path: Path) -> int:
    """Typeset one text export as a PDF laid out like its original; returns the page count."""
    rl_config.invariant = 1  # byte-identical output on every run
    register_fonts()
    page_width, page_height = spec.page_size
    top, right, bottom, left = spec.margins
    frame = Frame(left, bottom, page_width - left - right, page_height - top - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="content")
    furniture = PageFurniture(spec)
    template = PageTemplate("page", [frame], onPage=furniture.on_page, onPageEnd=furniture.on_page_end,
                            pagesize=spec.page_size)
    doc = BaseDocTemplate(str(pdf_path), pagesize=spec.page_size, pageTemplates=[template], invariant=1,
                          title=spec.title, author="strategy-extract typeset", subject=spec.id,
                          creator="strategy-extract (extract.typeset)")
    doc.build(story(document_blocks(text_path, spec), spec, furniture, frame._aW))
    return doc.page
