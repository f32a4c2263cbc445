"""Fonts, special flowables and page furniture (running headers, footers, watermark).

Page furniture is drawn on the canvas, outside the flow of content, as in the originals: a
PDF reader has to recognise it as furniture, just as the text reader does in the exports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from .spec import DocSpec, Mark

FONT, BOLD, ITALIC, BOLD_ITALIC = "Vera", "Vera-Bold", "Vera-Italic", "Vera-BoldItalic"
#: A copy of Vera that also maps characters Vera lacks, so that they extract as themselves.
SYMBOLS = "Vera-Symbols"
#: Character -> the Vera glyph drawn for it (its ToUnicode entry stays the character itself).
STAND_INS = {"✓": "√", "↑": "ˆ", "↓": "ˇ"}
#: Arrows that, alone on a line, are drawn as vector arrows over an invisible character.
ARROWS = {"↑": 1, "↓": -1}


def register_fonts() -> None:
    """Register Vera (shipped with reportlab, embedded as a subset) once per process."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(reportlab.__file__).parent / "fonts"
    files = {FONT: "Vera.ttf", BOLD: "VeraBd.ttf", ITALIC: "VeraIt.ttf", BOLD_ITALIC: "VeraBI.ttf"}
    for name, file in files.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    symbols = TTFont(SYMBOLS, str(folder / "Vera.ttf"))
    face = symbols.face
    face.name = b"BitstreamVeraSans-Symbols"  # a face name of its own, else registerFont reuses Vera
    for char, stand_in in STAND_INS.items():
        face.charToGlyph[ord(char)] = face.charToGlyph[ord(stand_in)]
        face.charWidths[ord(char)] = face.charWidths[ord(stand_in)]
    pdfmetrics.registerFont(symbols)


class ArrowLine(Flowable):
    """A line holding only an arrow: a vector arrow, over the arrow character drawn invisibly."""

    def __init__(self, char: str, size: float) -> None:
        super().__init__()
        self.char, self.size = char, size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, self.size * 1.6

    def draw(self) -> None:
        canvas, size = self.canv, self.size
        x, low, high = size * 0.5, size * 0.2, size * 1.4
        text = canvas.beginText(x - pdfmetrics.stringWidth(self.char, SYMBOLS, size) / 2, low + size * 0.2)
        text.setTextRenderMode(3)  # invisible: there for text extraction only
        text.setFont(SYMBOLS, size)
        text.textOut(self.char)
        canvas.drawText(text)
        tip, tail = (high, low) if ARROWS[self.char] > 0 else (low, high)
        head = size * 0.35 * (1 if tip < tail else -1)
        canvas.saveState()
        canvas.setLineWidth(size * 0.12)
        canvas.setLineCap(1)
        canvas.line(x, tail, x, tip)
        chevron = canvas.beginPath()  # one path of two strokes: not read as table rules
        chevron.moveTo(x - size * 0.3, tip + head)
        chevron.lineTo(x, tip)
        chevron.lineTo(x + size * 0.3, tip + head)
        canvas.drawPath(chevron, stroke=1, fill=0)
        canvas.restoreState()


class FootnoteBlock(Flowable):
    """Footnotes at the foot of the page, under a short rule. It uses up the rest of the frame,
    so what follows starts a new page: footnotes sit where the export shows a page ending."""

    RULE_GAP = 8.0
    fills_page = True

    def __init__(self, notes: list[Paragraph], rule_width: float = 110.0) -> None:
        super().__init__()
        self.notes, self.rule_width = notes, rule_width
        self.needed = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.needed = sum(note.wrap(availWidth, availHeight)[1] for note in self.notes) + self.RULE_GAP
        self.width, self.height = availWidth, max(availHeight, self.needed)
        return self.width, self.height

    def draw(self) -> None:
        y = 0.0
        for note in reversed(self.notes):
            note.drawOn(self.canv, 0, y)
            y += note.height
        self.canv.setLineWidth(0.5)
        self.canv.line(0, y + self.RULE_GAP / 2, self.rule_width, y + self.RULE_GAP / 2)


class BlankPage(Flowable):
    """A page left blank but for a notice (page furniture, as in a printed board pack)."""

    fills_page = True

    def __init__(self, notice: str, size: float) -> None:
        super().__init__()
        self.notice, self.size = notice, size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, availHeight
        return availWidth, availHeight

    def draw(self) -> None:
        self.canv.setFont(ITALIC, self.size)
        self.canv.drawCentredString(self.width / 2, self.height / 2, self.notice)


class MarkFlowable(Flowable):
    """Zero-size: when laid out, tells the page furniture that something changes from here."""

    _ZEROSIZE = True

    def __init__(self, furniture: PageFurniture, mark: Mark) -> None:
        super().__init__()
        self.furniture, self.mark = furniture, mark

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.furniture.apply(self.mark, at_top=bool(self.canv._doctemplate.frame._atTop))


# Stroke letters for the watermark, in a box 0.62 wide and 1 high (drawn as paths, not text,
# so a text extractor does not mix the watermark's letters into the lines it crosses).
_LETTERS: dict[str, list[tuple[Any, ...]]] = {
    "D": [("M", 0, 0), ("L", 0, 1), ("L", 0.25, 1), ("C", 0.66, 1, 0.66, 0, 0.25, 0), ("Z",)],
    "R": [("M", 0, 0), ("L", 0, 1), ("L", 0.3, 1), ("C", 0.64, 1, 0.64, 0.5, 0.3, 0.5), ("L", 0, 0.5),
          ("M", 0.28, 0.5), ("L", 0.62, 0)],
    "A": [("M", 0, 0), ("L", 0.31, 1), ("L", 0.62, 0), ("M", 0.1, 0.33), ("L", 0.52, 0.33)],
    "F": [("M", 0, 0), ("L", 0, 1), ("L", 0.58, 1), ("M", 0, 0.52), ("L", 0.46, 0.52)],
    "T": [("M", 0, 1), ("L", 0.62, 1), ("M", 0.31, 1), ("L", 0.31, 0)],
}


def draw_watermark(canvas: Canvas, page: tuple[float, float], settings: dict[str, Any]) -> None:
    """A large light-grey diagonal word across the middle of the page, in stroke letters."""
    text, height = str(settings.get("text", "DRAFT")), float(settings.get("height", 140))
    unknown = set(text) - set(_LETTERS)
    if unknown:
        raise ValueError(f"no watermark stroke letters for {sorted(unknown)}: add them to _LETTERS")
    advance = 0.9 * height
    canvas.saveState()
    canvas.setStrokeGray(float(settings.get("gray", 0.8)))
    canvas.setStrokeAlpha(float(settings.get("alpha", 0.6)))
    canvas.setLineWidth(height * 0.13)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    canvas.translate(page[0] / 2, page[1] / 2)
    canvas.rotate(float(settings.get("angle", 45)))
    canvas.translate(-(advance * len(text) - 0.28 * height) / 2, -height / 2)
    for letter in text:
        path, here = canvas.beginPath(), (0.0, 0.0)
        for op, *args in _LETTERS[letter]:
            points = [value * height for value in args]
            if op == "L":  # via the midpoint: a one-segment path would read as a table rule
                path.lineTo((here[0] + points[0]) / 2, (here[1] + points[1]) / 2)
            {"M": path.moveTo, "L": path.lineTo, "C": path.curveTo, "Z": path.close}[op](*points)
            here = tuple(points[-2:]) if points else here
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.translate(advance, 0)
    canvas.restoreState()


class PageFurniture:
    """Draws what each page carries besides its content, following the spec's marks."""

    def __init__(self, spec: DocSpec) -> None:
        self.spec = spec
        self.header = spec.header
        watermark = spec.watermark or {}
        self.watermark = bool(watermark) and bool(watermark.get("from_start", True))
        self.page_header, self.page_watermark = self.header, self.watermark
        self.badge: str | None = None

    def apply(self, mark: Mark, at_top: bool) -> None:
        """A mark met on the current page: it governs this page if met at its top, else the next."""
        if mark.kind == "header":
            self.header = mark.value
            if at_top or mark.value:
                self.page_header = mark.value if at_top else (self.page_header or mark.value)
        elif mark.kind == "watermark":
            self.watermark = bool(mark.value)
            if at_top or self.watermark:
                self.page_watermark = self.watermark
        elif mark.kind == "badge":
            self.badge = str(mark.value)

    def on_page(self, canvas: Canvas, doc: Any) -> None:
        self.page_header, self.page_watermark, self.badge = self.header, self.watermark, None

    def on_page_end(self, canvas: Canvas, doc: Any) -> None:
        spec, size = self.spec, self.spec.sizes["furniture"]
        width, height = spec.page_size
        top, right, bottom, left = spec.margins
        canvas.saveState()
        if self.page_header:
            canvas.setFont(BOLD, size)
            canvas.drawString(left, height - top / 2 - size / 2, self.page_header)
            canvas.setLineWidth(0.6)
            canvas.line(left, height - top / 2 - size, width - right, height - top / 2 - size)
        if self.badge:
            canvas.setFont(BOLD, size * 3.2)
            canvas.setFillGray(0.55)
            canvas.drawRightString(width - right, height - top / 2 - size * 1.2, self.badge)
            canvas.setFillGray(0)
        if spec.footer:
            canvas.setFont(FONT, size)
            canvas.drawString(left, bottom / 2 - size / 2, spec.footer)
        if spec.page_numbers:
            canvas.setFont(FONT, size)
            canvas.drawCentredString(width / 2, bottom / 2 - size / 2, str(doc.page))
        canvas.restoreState()
        if self.page_watermark and spec.watermark:
            draw_watermark(canvas, spec.page_size, spec.watermark)
