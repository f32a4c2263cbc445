"""The typeset corpus PDFs (extract/typeset): reproducible, faithful to the text exports, and laid
out as corpus/typeset.yml says."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

import pytest

pdfplumber = pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")

from extract.document.readers.markup import to_text  # noqa: E402
from extract.typeset import SpecError, load_spec, typeset_corpus, typeset_document  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SPECS = load_spec(CORPUS / "typeset.yml")
GOLD = json.loads((ROOT / "tests" / "gold" / "priorities_commitments.json").read_text(encoding="utf-8"))["documents"]
ASB = "barnet-2015-16-asb-action-plan"


def norm(text: str) -> str:
    return " ".join(text.split())


@cache
def page_texts(doc_id: str) -> tuple[str, ...]:
    with pdfplumber.open(CORPUS / f"{doc_id}.pdf") as pdf:
        return tuple(page.extract_text() or "" for page in pdf.pages)


def table_rows(doc_id: str) -> list[list[str]]:
    """Rows of every ruled table, in order, a row cut by a page break mended (first cell empty)."""
    rows: list[list[str]] = []
    with pdfplumber.open(CORPUS / f"{doc_id}.pdf") as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                for cells in table.extract():
                    cells = [norm(cell or "") for cell in cells]
                    if rows and not cells[0] and len(cells) == len(rows[-1]):
                        rows[-1] = [norm(f"{a} {b}") for a, b in zip(rows[-1], cells)]
                    else:
                        rows.append(cells)
    return rows


@pytest.mark.parametrize("doc_id", sorted(SPECS))
def test_typesetting_again_gives_the_committed_pdf_byte_for_byte(doc_id: str, tmp_path: Path) -> None:
    out = tmp_path / f"{doc_id}.pdf"
    typeset_document(CORPUS / f"{doc_id}.txt", SPECS[doc_id], out)
    assert out.read_bytes() == (CORPUS / f"{doc_id}.pdf").read_bytes(), (
        "the committed PDF is out of date: run `python -m extract.typeset` and commit corpus/*.pdf"
    )


@pytest.mark.parametrize("doc_id", sorted(SPECS))
def test_pages_have_the_size_and_count_the_spec_says(doc_id: str) -> None:
    spec = SPECS[doc_id]
    with pdfplumber.open(CORPUS / f"{doc_id}.pdf") as pdf:
        sizes = {(round(float(page.width)), round(float(page.height))) for page in pdf.pages}
        assert len(pdf.pages) == spec.expect_pages
    assert sizes == {(round(spec.page_size[0]), round(spec.page_size[1]))}
    width, height = spec.page_size
    expected = {
        "barnet-2013-14-action-plan": "landscape",
        "barnet-2015-2020-strategy": "portrait",
        ASB: "landscape",
        "barnet-2022-23-action-plan": "16:9",
        "barking-dagenham-2014-17-plan": "portrait",
    }[doc_id]
    if expected == "16:9":
        assert width / height == pytest.approx(16 / 9)
    else:
        assert (width > height) == (expected == "landscape")
        assert sorted((width, height)) == pytest.approx([595.28, 841.89], abs=0.01)  # A4


@pytest.mark.parametrize("doc_id", [d for d in sorted(GOLD) if GOLD[d]["commitments"]])
def test_every_gold_commitment_can_be_read_from_the_pdf(doc_id: str) -> None:
    text = norm(" ".join(page_texts(doc_id)))
    for commitment in GOLD[doc_id]["commitments"]:
        assert f"{commitment['number']} " in text, commitment["number"]
        assert norm(commitment["text"])[:40] in text, commitment["number"]


def test_asb_items_1_12_to_1_14_are_clean_rows_of_the_commitment_table() -> None:
    gold = {c["number"]: c["text"] for c in GOLD[ASB]["commitments"]}
    rows = {row[0]: row for row in table_rows(ASB) if len(row) == 3}
    assert list(rows)[-3:] == ["1.12", "1.13", "1.14"]
    for number in ("1.12", "1.13", "1.14"):
        assert rows[number][1] == gold[number]  # whole, and no progress words mixed in
    assert rows["1.14"][2] == "In place – monthly meetings take place."
    assert rows["1.12"][2].startswith(
        "Delivered through partnership days, walk abouts, environmental audits etc. with members and residents"
    )


def _interleaves(run: list[str], left: list[str], right: list[str]) -> bool:
    """Is ``run`` the words of ``left`` and ``right`` merged, each kept in its order?"""
    reachable = {(0, 0)}
    for word in run:
        reachable = {(i + 1, j) for i, j in reachable if i < len(left) and left[i] == word} | {
            (i, j + 1) for i, j in reachable if j < len(right) and right[j] == word
        }
    return (len(left), len(right)) in reachable


def test_asb_correction_uses_every_interleaved_word_once_in_order() -> None:
    fix = next(f for f in SPECS[ASB].corrections if "rows" in f)
    cells = [[norm(to_text(cell)) for cell in row] for row in fix["rows"]]
    left = " ".join(f"{number} {commitment}" for number, commitment, _ in cells).split()
    right = " ".join(progress for _, _, progress in cells).split()
    source = (CORPUS / f"{ASB}.txt").read_text(encoding="utf-8").splitlines()
    run = [word for line in (25, 38, 31) for word in to_text(source[line - 1]).split()]  # 1.14 ends "...it may" "take."
    assert _interleaves(run, left, right)


def test_ruled_and_borderless_tables() -> None:
    with pdfplumber.open(CORPUS / f"{ASB}.pdf") as pdf:
        first, second = (page.find_tables() for page in pdf.pages[:2])
        assert [len(t.rows[0].cells) for t in first + second] == [3, 3]
        assert (first[0].extract()[-1][0], second[0].extract()[0][0]) == ("1.6", "")  # a row cut by the page break
    with pdfplumber.open(CORPUS / "barnet-2015-2020-strategy.pdf") as pdf:
        page = next(p for p in pdf.pages if "1.1 We will keep victims" in (p.extract_text() or ""))
        assert page.find_tables() == [] and page.lines == [] and page.rects == []  # whitespace only
    with pdfplumber.open(CORPUS / "barking-dagenham-2014-17-plan.pdf") as pdf:
        areas = [t.extract() for p in pdf.pages for t in p.find_tables() if t.extract()[0][0] == "AREA"]
        assert len(areas) == 3
        assert all(row[0] is None for table in areas for row in table[1:] if row[0] is None or not row[0])  # merged
        assert sum(row[0] is None for row in areas[0]) == 6  # the rows under 1.1, 1.2, 1.3 and 1.4


def test_page_furniture_is_on_every_page() -> None:
    assert all(t.startswith("ACTION PLANNING 2013/14: SAFER COMMUNITIES STRATEGY")
               for t in page_texts("barnet-2013-14-action-plan"))
    assert all(t.rstrip().endswith("www.barnet.gov.uk/community-safety") for t in page_texts("barnet-2022-23-action-plan"))
    numbers = [t.split()[-1] for t in page_texts("barking-dagenham-2014-17-plan")]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]


def test_characters_vera_lacks_extract_as_themselves() -> None:
    assert "Decision Required: ✓" in page_texts("barnet-2015-2020-strategy")[7]
    first = page_texts("barnet-2013-14-action-plan")[0]
    assert first.count("↑") == 2 and first.count("↓") == 2
    assert "“early adopter”" in " ".join(page_texts("barnet-2015-2020-strategy"))


def test_one_loop_typesets_the_corpus_and_checks_every_id_first(tmp_path: Path) -> None:
    doc_id = next(iter(SPECS))
    shutil.copy(CORPUS / "typeset.yml", tmp_path / "typeset.yml")
    shutil.copy(CORPUS / f"{doc_id}.txt", tmp_path / f"{doc_id}.txt")
    with pytest.raises(SpecError, match="not-a-document"):
        list(typeset_corpus(tmp_path, [doc_id, "not-a-document"]))
    assert not (tmp_path / f"{doc_id}.pdf").exists()  # nothing written before every id is known
    [made] = typeset_corpus(tmp_path, [doc_id])
    assert made.pdf.read_bytes() == (CORPUS / f"{doc_id}.pdf").read_bytes()
    assert made.summary().startswith(f"{made.pdf}: {made.pages} pages")
