"""The PDF reader over real files nobody here wrote (../shared/robustness-pdfs, see its README).

Every file is either read or refused with the clear message its README names; nothing
crashes or hangs. Skipped when ../shared is not beside the checkout.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from extract.document.blocks import ListItem, Table
from extract.errors import ReadError
from extract.document.readers.pdf import read_pdf

ROBUSTNESS = Path(__file__).resolve().parents[2].parent / "shared" / "robustness-pdfs"
pytestmark = pytest.mark.skipif(not ROBUSTNESS.is_dir(), reason="../shared/robustness-pdfs is not here")

#: File -> the start of the clear error it must give.
REFUSED = {
    "empty.pdf": "empty.pdf: the file is empty",
    "issue-297-example.pdf": "issue-297-example.pdf: the PDF has no pages",
    "malformed_cabinet_office_wikipedia.corrupt.pdf": "malformed_cabinet_office_wikipedia.corrupt.pdf: this is not a PDF",
    "password-example.pdf": "password-example.pdf: the PDF is encrypted",
}


def pdfs() -> list[str]:
    return sorted(path.name for path in ROBUSTNESS.glob("*.pdf")) if ROBUSTNESS.is_dir() else []


@cache
def read(name: str):  # type: ignore[no-untyped-def]
    """Each file read once for the whole module (the reader keeps no state between files)."""
    return read_pdf(ROBUSTNESS / name)


def tables(name: str) -> list[Table]:
    return [block for block in read(name).blocks if isinstance(block, Table)]


@pytest.mark.parametrize("name", pdfs())
def test_every_file_is_read_or_refused_clearly(name: str):
    if name in REFUSED:
        with pytest.raises(ReadError) as caught:
            read_pdf(ROBUSTNESS / name)
        assert str(caught.value).startswith(REFUSED[name])
    else:
        document = read(name)
        assert document.page_count and document.page_count >= 1
        assert document.blocks or document.issues


def test_encrypted_file_opens_with_its_password():
    document = read_pdf(ROBUSTNESS / "password-example.pdf", password="test")
    assert document.blocks


def test_image_only_pages_each_get_a_warning():
    document = read("issue-203-decimalize.pdf")
    assert [(i.code, i.page) for i in document.issues] == [("no-text-layer", n) for n in (1, 2, 3)]
    assert all("no text layer: scanned?" in issue.message for issue in document.issues)


def test_junk_before_header_and_rotated_pages_read_upright():
    document = read("issue-848.pdf")
    text = " ".join(" ".join(getattr(block, "lines", ())) for block in document.blocks if not isinstance(block, Table))
    text += " ".join(" ".join(row.texts) for block in document.blocks if isinstance(block, Table) for row in block.rows)
    assert "The movie opens with a news report" in text
    assert {block.provenance.page for block in document.blocks} >= {1, 2, 3, 5, 6}  # the sideways pages too


def test_doubled_glyphs_are_read_once():
    document = read("issue-71-duplicate-chars-2.pdf")
    text = " ".join(" ".join(getattr(block, "lines", ())) for block in document.blocks[:6])
    assert "DÉSORDRES" in text and "DDÉÉ" not in text


def test_rotated_and_unrotated_table_come_out_the_same():
    upright = tables("nics-background-checks-2015-11.pdf")
    rotated = tables("nics-background-checks-2015-11-rotated.pdf")
    assert len(upright) == len(rotated) == 1
    assert [row.texts for row in upright[0].rows] == [row.texts for row in rotated[0].rows]
    assert any("Alabama" in text for row in upright[0].rows for text in row.texts)


def test_table_with_header_on_page_one_only_is_one_table_across_pages():
    found = tables("WARN-Report-for-7-1-2015-to-03-25-2016.pdf")
    longest = max(found, key=lambda table: len(table.rows))
    assert longest.provenance.page == 1 and longest.provenance.last_page >= 14
    assert longest.rows[0].texts[0] == "Notice Date" and len(longest.rows) > 500


def test_municipal_action_plan_and_report_tables_found():
    assert len(tables("chelsea_pdta.pdf")) >= 40
    # 9 tables: the 5 two-column "tables" once counted on pages 23-25 are bulleted lists whose bullets are
    # set in the Symbol font (U+F0B7): they are list items, checked below
    assert len(tables("uk_hmrc_research_report_361.pdf")) >= 9


def test_bullets_set_in_a_symbol_font_make_list_items():
    blocks = [block for block in read("uk_hmrc_research_report_361.pdf").blocks if block.provenance.page in (23, 24, 25)]
    items = [block for block in blocks if isinstance(block, ListItem)]
    assert not [block for block in blocks if isinstance(block, Table)]
    assert any(item.text.startswith("Recount risk triggers experienced") for item in items)


def test_multi_column_page_read_column_by_column():
    document = read("federal-register-2020-17221.pdf")
    paragraphs = [" ".join(block.lines) for block in document.blocks if not isinstance(block, Table)]
    assert any(p.startswith("This section of the FEDERAL REGISTER contains notices to the public") for p in paragraphs)
    assert sum(isinstance(block, Table) for block in document.blocks) <= 5  # columns are not tables


def test_a_scan_in_a_language_ocr_cannot_read_is_left_out_saying_why():
    from extract.document.readers.pdf import ocr

    if ocr.tesseract() is None:
        pytest.skip("Tesseract is not installed (make ocr)")
    document = read("issue-203-decimalize.pdf")  # Chinese, read with English OCR
    assert not document.blocks
    assert all("mean word confidence of only" in issue.message and "its text is left out" in issue.message
               for issue in document.issues)
