"""Scanned pages are read with OCR (Tesseract) into the same blocks and records as text pages,
with a lower confidence; without Tesseract they get a warning saying how to install it.

The scan is made here: a page of a corpus PDF rendered to an image and saved as an image-only
PDF. Its commitments are compared with those read from the same page's text layer.
"""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from rapidfuzz import fuzz

from extract.evaluate import normal_text
from extract.pipeline.build import build
from extract.document.readers.pdf import ocr, read_pdf
from tests import badfiles

STRATEGY = badfiles.CORPUS / "barnet-2015-2020-strategy.pdf"
#: The page of Outcome 1's numbered commitments ("1.1 We will keep victims ..." to 1.14).
PAGE = 18
#: Resolution of the made-up scan: an office scanner's usual setting.
SCAN_DPI = 300
#: A commitment counts as recovered when its number is found and its text is this similar.
TEXT_SIMILARITY = 90

needs_tesseract = pytest.mark.skipif(ocr.tesseract() is None, reason="Tesseract is not installed (make ocr)")


def one_page(page: int) -> bytes:
    """The page alone, with its text layer."""
    source = pdfium.PdfDocument(str(STRATEGY))
    copy = pdfium.PdfDocument.new()
    try:
        copy.import_pages(source, [page - 1])
        buffer = io.BytesIO()
        copy.save(buffer)
        return buffer.getvalue()
    finally:
        copy.close()
        source.close()


def scanned(page: int, dpi: int = SCAN_DPI) -> bytes:
    """The page as a scanner gives it: an image, no text layer."""
    source = pdfium.PdfDocument(str(STRATEGY))
    try:
        image = source[page - 1].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        source.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=dpi)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def ocr_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ocr")
    corpus = badfiles.corpus_of(root / "corpus", {"text-page": (one_page(PAGE), "pdf", {}),
                                                   "scanned-page": (scanned(PAGE), "pdf", {})})
    db = root / "ocr.db"
    report = build(corpus, db)
    assert not report.failed, report.summary()
    return db


def commitments(db: Path, document: str) -> dict[str, sqlite3.Row]:
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        found = connection.execute("select * from commitments where document_id = ? and number is not null", (document,))
        return {row["number"]: row for row in found}
    finally:
        connection.close()


@needs_tesseract
def test_a_scanned_page_gives_nine_in_ten_of_its_commitments(ocr_db: Path):
    expected = commitments(ocr_db, "text-page")
    read = commitments(ocr_db, "scanned-page")
    assert len(expected) >= 10 and all(row["confidence"] == 1.0 for row in expected.values())
    recovered = [
        number for number, row in expected.items()
        if number in read and fuzz.ratio(normal_text(row["text"]), normal_text(read[number]["text"])) >= TEXT_SIMILARITY
    ]
    rate = len(recovered) / len(expected)
    print(f"OCR recovered {len(recovered)} of {len(expected)} commitments ({rate:.0%})")
    assert rate >= 0.9
    assert all(0 < read[number]["confidence"] < 1 for number in recovered)  # less sure than a text layer
    assert all(read[number]["page"] == 1 and read[number]["evidence"] for number in recovered)


@needs_tesseract
def test_a_scanned_page_is_laid_out_like_a_text_page_and_warned(ocr_db: Path):
    connection = sqlite3.connect(ocr_db)
    try:
        (message,) = connection.execute(
            "select message from extraction_issues where document_id = 'scanned-page' and code = 'no-text-layer'"
        ).fetchone()
        titles = {row[0]: row[1] for row in connection.execute(
            "select document_id, group_concat(title, ' | ') from priorities group by 1")}
    finally:
        connection.close()
    assert message.startswith("page 1: no text layer: scanned? Read with OCR (Tesseract), mean word confidence ")
    assert message.endswith("%: check its records against the page.")
    assert titles["scanned-page"] == titles["text-page"]  # the outcome heading, read from the image


def test_without_tesseract_a_scanned_page_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "scan.pdf"
    Image.new("L", (850, 1100), 255).save(path, format="PDF", resolution=100)
    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    (issue,) = read_pdf(path).issues
    assert (issue.code, issue.page) == ("no-text-layer", 1)
    assert issue.message == (
        "page 1: no text layer: scanned? Its text cannot be read without OCR: install Tesseract "
        "(apt-get install tesseract-ocr tesseract-ocr-eng) and build again."
    )


def test_hocr_words_take_their_line_box_and_a_size_from_the_baseline():
    hocr = b"""<html xmlns="http://www.w3.org/1999/xhtml"><body>
    <span class='ocr_line' title="bbox 100 200 900 262; baseline 0 -13; x_size 63; x_descenders 13">
      <span class='ocrx_word' title='bbox 100 205 300 249; x_wconf 91'>Outcome</span>
      <span class='ocrx_word' title='bbox 320 200 400 262; x_wconf 45'>1:</span></span>
    <span class='ocr_line' title="bbox 100 300 900 349; baseline 0 0; x_size 49">
      <span class='ocrx_word' title='bbox 100 300 300 349; x_wconf 99'>Barnet</span></span>
    </body></html>"""
    first, second, third = ocr.words_of_hocr(hocr, 72 / 300)
    assert (first.top, first.bottom) == (second.top, second.bottom) == pytest.approx((48.0, 62.88))
    assert first.size == second.size == third.size  # a descender does not make a line larger
    assert (first.confidence, second.confidence) == (0.91, 0.45) and first.x0 == 24.0
