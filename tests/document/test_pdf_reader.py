"""The PDF reader on PDFs the tests make themselves: layout, tables, furniture, and bad files."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from extract.document.blocks import Heading, ListItem, Paragraph, Table
from extract.errors import ReadError
from extract.document.readers.pdf import read_pdf
from tests.pdfs import strategy_pdf


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return strategy_pdf(tmp_path_factory.mktemp("pdf") / "sample.pdf")


def summary(document) -> list[tuple]:  # type: ignore[no-untyped-def]
    out = []
    for block in document.blocks:
        if isinstance(block, Table):
            out.append(("table", tuple(row.texts for row in block.rows)))
        else:
            out.append((block.kind, " ".join(block.lines)))
    return out


def test_headings_paragraphs_and_bullets_with_page_and_bbox(sample: Path):
    document = read_pdf(sample)
    assert document.page_count == 3 and document.format == "pdf"
    first, intro, outcome, lead, *rest = document.blocks
    assert isinstance(first, Heading) and first.text == "Safer Streets Plan" and first.level == 1
    assert isinstance(outcome, Heading) and outcome.level == 2 and outcome.text.startswith("Outcome 1:")
    assert isinstance(intro, Paragraph) and intro.text.startswith("This plan sets out")
    bullets = [b for b in document.blocks if isinstance(b, ListItem)]
    assert [b.text for b in bullets] == ["Anti-social behaviour near shops", "Speeding on residential roads"]
    assert all(b.provenance.page == 1 and len(b.provenance.bbox) == 4 for b in document.blocks[:5])


def test_page_furniture_and_angled_watermark_are_not_content(sample: Path):
    text = " ".join(" ".join(getattr(b, "lines", ())) for b in read_pdf(sample).blocks)
    assert "DRAFT" not in text and "SAFER STREETS PLAN 2030" not in text
    assert not any(isinstance(b, Paragraph) and b.text.strip().isdigit() for b in read_pdf(sample).blocks)


def test_borderless_table_of_numbered_commitments(sample: Path):
    tables = [b for b in read_pdf(sample).blocks if isinstance(b, Table)]
    numbered = tables[0]
    assert [row.texts[0] for row in numbered.rows] == ["1.1", "1.2", "1.3"]
    assert numbered.rows[1].texts[1] == (
        "We will hold a street meeting in every ward, and we will report back to the residents who came "
        "within four weeks of each meeting."
    )


def test_ruled_table_joined_across_pages_with_spans_filled(sample: Path):
    table = [b for b in read_pdf(sample).blocks if isinstance(b, Table)][1]
    assert table.provenance.page == 1 and table.provenance.last_page == 2
    assert table.rows[0].texts == ("Area", "Action", "Lead officer")
    assert len(table.rows) == 31  # the header repeated on page 2 is dropped
    assert [row.texts[0] for row in table.rows[1:4]] == ["Youth services"] * 3  # one merged cell
    assert table.rows[-1].texts == ("Area 30", "Action number 30 to be delivered.", "Head of Community Safety")


def test_a_sideways_page_reads_upright(sample: Path, tmp_path: Path):
    document = pdfium.PdfDocument(str(sample))
    for index in range(len(document)):
        document[index].set_rotation(90)
    rotated = tmp_path / "rotated.pdf"
    document.save(str(rotated))
    document.close()
    assert summary(read_pdf(rotated)) == summary(read_pdf(sample))


def test_encrypted_pdf_needs_its_password(sample: Path, tmp_path: Path):
    writer = pypdf.PdfWriter(clone_from=str(sample))
    writer.encrypt("s3cret")
    locked = tmp_path / "locked.pdf"
    writer.write(str(locked))
    with pytest.raises(ReadError, match="locked.pdf: the PDF is encrypted.*password"):
        read_pdf(locked)
    with pytest.raises(ReadError, match="does not open it"):
        read_pdf(locked, password="wrong")
    assert summary(read_pdf(locked, password="s3cret")) == summary(read_pdf(sample))


def test_each_file_is_judged_on_its_own_not_on_the_error_left_by_the_one_before(sample: Path, tmp_path: Path):
    """PDFium keeps its last error per process: an empty PDF read after an encrypted one, or after a damaged
    one, must still be called empty (found when the test order changed)."""
    writer = pypdf.PdfWriter(clone_from=str(sample))
    writer.encrypt("s3cret")
    locked, empty, broken = tmp_path / "locked.pdf", tmp_path / "empty.pdf", tmp_path / "broken.pdf"
    writer.write(str(locked))
    pypdf.PdfWriter().write(str(empty))
    broken.write_bytes(sample.read_bytes()[: len(sample.read_bytes()) // 3])
    for before in (locked, broken):
        with pytest.raises(ReadError):
            read_pdf(before)
        with pytest.raises(ReadError, match="empty.pdf: the PDF has no pages"):
            read_pdf(empty)


def test_junk_before_the_header_is_tolerated(sample: Path, tmp_path: Path):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"garbage line\n" * 20 + sample.read_bytes())
    assert summary(read_pdf(junk)) == summary(read_pdf(sample))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"<!DOCTYPE html><html><body>Not found</body></html>", "an HTML web page saved with a .pdf name"),
        (b"PK\x03\x04" + b"\x00" * 100, "a zip-based Office file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "an old Office file"),
        (b"%PDF-1.4\n%%EOF\n", "damaged and cannot be opened"),
    ],
)
def test_files_that_are_not_readable_pdfs_say_what_they_are(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=message) as caught:
        read_pdf(path)
    assert str(caught.value).startswith("bad.pdf: ")


def test_truncated_or_flipped_pdf_gives_a_clear_error_or_what_can_be_read(sample: Path, tmp_path: Path):
    data = sample.read_bytes()
    flipped = bytearray(data)
    for offset in range(len(data) // 3, len(data) // 3 + 400, 7):
        flipped[offset] ^= 0xFF
    for name, content in (("truncated.pdf", data[: len(data) // 2]), ("flipped.pdf", bytes(flipped))):
        path = tmp_path / name
        path.write_bytes(content)
        try:
            document = read_pdf(path)
        except ReadError as error:
            assert str(error).startswith(f"{name}: ")
        else:
            assert document.page_count and document.page_count >= 1


def test_a_page_without_text_is_reported_and_the_others_read(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.drawString(72, 720, "A page with text on it.")
    pdf.showPage()
    image = Image.new("RGB", (200, 100), "white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    from reportlab.lib.utils import ImageReader

    pdf.drawImage(ImageReader(buffer), 72, 500, 200, 100)
    pdf.showPage()
    pdf.save()
    document = read_pdf(path)
    assert [b.text for b in document.blocks] == ["A page with text on it."]
    (issue,) = document.issues
    assert (issue.code, issue.page) == ("no-text-layer", 2) and "scanned?" in issue.message


def test_a_blank_page_is_not_taken_for_a_scan(tmp_path: Path):
    path = tmp_path / "blank.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.drawString(72, 720, "Before the blank page.")
    pdf.showPage()
    pdf.showPage()
    pdf.save()
    document = read_pdf(path)
    assert document.page_count == 2 and document.issues == []


def test_glyphs_without_a_text_mapping_are_reported_by_page(tmp_path: Path):
    path = tmp_path / "cid.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.setFont("Helvetica", 11)  # a standard font has no mapping for these: they come out as (cid:NN)
    for row in range(10):
        pdf.drawString(72, 720 - 14 * row, "\u2022\u2022\u2022 \u2022\u2022 \u2022\u2022\u2022\u2022 \u2022 \u2022\u2022")
    pdf.showPage()
    pdf.drawString(72, 720, "A normal page.")
    pdf.showPage()
    pdf.save()
    document = read_pdf(path)
    (issue,) = document.issues
    assert (issue.code, issue.page) == ("glyph-garbage", 1) and "(cid:NN)" in issue.message
    assert any(block.provenance.page == 2 for block in document.blocks)


def test_text_clipped_out_of_sight_is_not_read(tmp_path: Path):
    """A spreadsheet exported to PDF: a collapsed row's banner drawn over the next row but clipped to nothing,
    and a long cell's words cut off at the cell's edge. The page is read as it is seen, with a warning."""
    path = tmp_path / "register.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(842, 595))
    pdf.setFont("Helvetica", 11)
    pdf.drawString(40, 540, "Budget risks register")
    pdf.drawString(40, 500, "ALL")
    pdf.drawString(110, 500, "Market Sustainability")
    pdf.drawString(110, 480, "Income Collection")
    # the collapsed row: one point high, at y 512; its banner set in the row below, where it cannot be seen
    pdf.saveState()
    clip = pdf.beginPath()
    clip.rect(30, 512, 400, 1)
    pdf.clipPath(clip, stroke=0, fill=0)
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(36, 497, "Significant Risks (over 10m)")
    pdf.restoreState()
    # a cell from x 30 to 300 whose text runs on past its edge
    pdf.saveState()
    clip = pdf.beginPath()
    clip.rect(30, 440, 270, 20)
    pdf.clipPath(clip, stroke=0, fill=0)
    pdf.drawString(40, 450, "Cheque paid against bills 133, 132, 139 and many more numbers beyond the edge")
    pdf.restoreState()
    pdf.showPage()
    pdf.save()
    rendered = pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range()
    assert "Significant" in rendered  # the text is in the file: only its clip hides it

    document = read_pdf(path)
    text = "\n".join(" ".join(block.lines) if not isinstance(block, Table) else str(block.rows)
                     for block in document.blocks)
    assert "Market Sustainability" in text and "Income Collection" in text
    assert "Significant" not in text and "Risks" not in text and "(over" not in text
    assert "Cheque paid against bills" in text and "beyond the edge" not in text
    (issue,) = [issue for issue in document.issues if issue.code == "hidden-text"]
    assert issue.severity == "warning" and issue.page == 1
    assert issue.message.startswith("page 1: ") and "clipping area" in issue.message


def test_a_page_without_clipped_text_has_no_hidden_text_warning(sample: Path):
    assert not [issue for issue in read_pdf(sample).issues if issue.code == "hidden-text"]


def test_a_table_row_carried_over_a_page_break_drawn_open_is_still_a_table(tmp_path: Path):
    """A row cut by a page break, drawn on the next page with its column rules and bottom rule but no top rule
    (and its long cell open at the bottom, where its text goes on): its cells are still cells, not lines."""
    path = tmp_path / "open.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pdf.setFont("Helvetica", 10)
    columns, top, bottom = (40, 200, 300, 380, 550), 742, 300
    for x in columns:
        pdf.line(x, top, x, bottom)  # the column rules, from where the page's text begins
    for left, right in zip(columns, columns[1:]):
        if left != 300:  # the comments cell goes on over the page: no rule under it
            pdf.line(left, bottom, right, bottom)
    cells = {40: ["6.A) Provide new public", "toilets as part of the", "new station square."],
             200: ["Planning Team"], 300: ["Ongoing"],
             380: ["Whilst the original", "consent included public", "toilets, these were", "later removed."]}
    for x, lines in cells.items():
        for n, line in enumerate(lines):
            pdf.drawString(x + 4, top - 14 - 13 * n, line)
    pdf.showPage()
    pdf.save()
    (table,) = [block for block in read_pdf(path).blocks if isinstance(block, Table)]
    assert [row.texts for row in table.rows] == [(
        "6.A) Provide new public toilets as part of the new station square.", "Planning Team", "Ongoing",
        "Whilst the original consent included public toilets, these were later removed.")]


def test_shading_drawn_in_slices_does_not_cut_a_tables_rows(tmp_path: Path):
    """A spreadsheet's gradient cell is drawn as a stack of thin filled rectangles, a shade apart: their edges are
    seams, not rules, and the row they shade stays one row."""
    path = tmp_path / "gradient.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(842, 595))
    pdf.setFont("Helvetica", 10)
    columns, rules = (40, 120, 300, 560), (520, 500, 420, 360)
    for y in rules:
        pdf.line(columns[0], y, columns[-1], y)
    for x in columns:
        pdf.line(x, rules[0], x, rules[-1])
    for n in range(50):  # the first data row's first cell, shaded from orange to violet in 1.6-point slices
        pdf.setFillColorRGB(0.7 - n * 0.004, 0.36, 0.15 + n * 0.008)
        pdf.rect(columns[0] + 0.5, 500 - 1.6 * (n + 1), columns[1] - columns[0] - 1, 1.6, stroke=0, fill=1)
    pdf.setFillColorRGB(0, 0, 0)
    for x, y, text in ((44, 508, "Directorate"), (124, 508, "Risk Title"), (304, 508, "Risk Event"),
                       (44, 488, "CYPE"), (124, 488, "Reduction in grants for"), (124, 476, "central services and"),
                       (124, 464, "review of school services"), (304, 488, "Schools cannot be asked to pay."),
                       (44, 408, "ALL"), (124, 408, "Uplift in Public Health Grant"), (304, 408, "Costs rise.")):
        pdf.drawString(x, y, text)
    pdf.showPage()
    pdf.save()
    (table,) = [block for block in read_pdf(path).blocks if isinstance(block, Table)]
    assert [row.texts for row in table.rows] == [
        ("Directorate", "Risk Title", "Risk Event"),
        ("CYPE", "Reduction in grants for central services and review of school services", "Schools cannot be asked to pay."),
        ("ALL", "Uplift in Public Health Grant", "Costs rise."),
    ]
