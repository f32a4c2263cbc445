"""Tables pasted as pictures (a spreadsheet's table set into a report as an image) are read with OCR.

The picture is made here: a table typeset with reportlab, rendered to an image, and placed on a page
with a text layer under a caption, as a report pastes one. Skipped without Tesseract (`make ocr`).
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from extract.document.blocks import Table
from extract.document.parsers import parse_document
from extract.document.readers.pdf import ocr, read_pdf
from extract.document.readers.pdf.layout import Word
from extract.document.readers.pdf.pictures import table_of_words

needs_tesseract = pytest.mark.skipif(ocr.tesseract() is None, reason="Tesseract is not installed (make ocr)")

ROWS = [
    ("Department", "Target £k", "Actual £k", "Variance £k"),
    ("Children's Services", "1,250", "1,100", "150"),
    ("Environment", "2,400", "2,650", "-250"),
    ("Housing", "3,075", "2,990", "85"),
    ("Total", "6,725", "6,740", "-15"),
]


def _table_image() -> bytes:
    """A small table typeset as a spreadsheet prints one, rendered at 150 dpi to a PNG."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(360, 110))
    page.setFont("Helvetica-Bold", 9)
    for row, cells in enumerate(ROWS):
        y = 95 - row * 18
        page.setFont("Helvetica-Bold" if row in (0, len(ROWS) - 1) else "Helvetica", 9)
        page.drawString(8, y, cells[0])
        for column, text in enumerate(cells[1:], start=1):
            page.drawRightString(170 + column * 60, y, text)
    page.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    try:
        image = document[0].render(scale=150 / 72).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _report(path: Path, caption: str | None) -> Path:
    page = canvas.Canvas(str(path), pagesize=landscape(A4))
    page.setFont("Helvetica", 11)
    page.drawString(60, 520, "Quarter 2 monitoring: the savings agreed for this year are set out below.")
    if caption:
        page.drawString(60, 470, caption)
    page.drawImage(ImageReader(io.BytesIO(_table_image())), 60, 340, width=360, height=110)
    page.drawString(60, 300, "The position will be reported again at Quarter 3.")
    page.save()
    return path


@needs_tesseract
def test_a_picture_of_a_table_is_read_as_a_table(tmp_path: Path) -> None:
    document = read_pdf(_report(tmp_path / "report.pdf", "Savings Forecast Quarter 2"))
    pictures = [block for block in document.blocks if isinstance(block, Table) and block.picture]
    assert len(pictures) == 1
    rows = [row.texts for row in pictures[0].rows]
    assert rows[0][0] == "Savings Forecast Quarter 2"  # the caption above it, as the table's title row
    assert rows[1][:2] == ("Department", "Target £k")
    assert ("Environment", "2,400", "2,650", "-250") in rows
    assert pictures[0].provenance.confidence is not None  # its records say how sure the reading is
    # it stands where it is on the page: after the text above it, before the text below it
    texts = [block.text if not isinstance(block, Table) else "<table>" for block in document.blocks]
    assert texts.index("<table>") < next(i for i, text in enumerate(texts) if "reported again" in text)


@needs_tesseract
def test_a_picture_table_by_department_gives_targets_named_by_its_title(tmp_path: Path) -> None:
    document = read_pdf(_report(tmp_path / "report.pdf", "Savings Forecast Quarter 2"))
    parsed = parse_document(document, "report")
    found = {target.indicator: target.value for target in parsed.targets}
    assert found["Savings Forecast Quarter 2 – Housing"] == 3075
    assert found["Savings Forecast Quarter 2 – Environment"] == 2400
    assert len(found) == 4  # the three departments and the total


@needs_tesseract
def test_without_a_caption_the_target_column_names_the_measure(tmp_path: Path) -> None:
    parsed = parse_document(read_pdf(_report(tmp_path / "report.pdf", None)), "report")
    assert {target.indicator for target in parsed.targets} >= {"Target £k – Housing"}


def test_words_that_are_not_a_table_make_none() -> None:
    """A chart's labels (a figure beside each name, in no columns) are not a table."""
    def word(text: str, x0: float, top: float) -> Word:
        return Word(text, x0, x0 + 6 * len(text), top, top + 9, 9.0, False, 0.9)

    words = [
        word("Walworth", 10, 10), word("59", 70, 10), word("(3.6%)", 90, 10),
        word("Peckham", 200, 40), word("131", 250, 40), word("(8.1%)", 275, 40),
        word("Camberwell", 40, 80), word("82", 110, 80), word("(5.0%)", 130, 80),
        word("Others", 150, 120), word("814", 195, 120), word("(50.3%)", 220, 120),
    ]
    assert table_of_words(words, 1, (0, 0, 320, 140)) is None
