"""Bad input never breaks a build or loses a document: each is read, or listed as failed with a
message naming the file, the problem and what to do; the others are read all the same.

The bad files are made here from the bundled corpus (truncated, flipped, encrypted, re-encoded
...), so these tests need nothing beside the checkout.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from extract import pipeline
from extract.pipeline import extraction
from extract.cli import cli
from extract.errors import ManifestError
from extract.pipeline.limits import Limits
from extract.pipeline.build import build
from tests import badfiles
from tests.conftest import rows

TEXT = (badfiles.CORPUS / "barnet-2015-16-asb-action-plan.txt").read_text(encoding="utf-8")
PAGE_LIMIT = 20

#: document -> (content, format, manifest fields); made once.
FILES = {
    "good": (badfiles.SAMPLE.read_bytes(), "pdf", {}),
    "empty": (b"", "pdf", {}),
    "no-pages": (badfiles.no_pages(), "pdf", {}),
    "truncated": (badfiles.truncated(badfiles.SAMPLE.read_bytes()), "pdf", {}),
    "flipped": (badfiles.flipped(badfiles.SAMPLE.read_bytes()), "pdf", {}),
    "junk-before-header": (b"junk line\n" * 50 + badfiles.SAMPLE.read_bytes(), "pdf", {}),
    "encrypted": (badfiles.encrypted(badfiles.SAMPLE.read_bytes(), "s3cret"), "pdf", {}),
    "encrypted-with-password": (badfiles.encrypted(badfiles.SAMPLE.read_bytes(), "s3cret"), "pdf",
                                {"password": "s3cret"}),
    "encrypted-wrong-password": (badfiles.encrypted(badfiles.SAMPLE.read_bytes(), "s3cret"), "pdf",
                                 {"password": "guess"}),
    "html": (b"<!DOCTYPE html>\n<html><head><title>404</title></head><body>Not found</body></html>", "pdf", {}),
    "docx": (badfiles.docx(), "pdf", {}),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "pdf", {}),
    "cp1252": (TEXT.replace("-", "\u2013").encode("cp1252"), "text", {}),
    "utf8-bom": (TEXT.encode("utf-8-sig"), "text", {}),
    "utf16-bom": (TEXT.encode("utf-16"), "text", {}),
    "pdf-as-text": (badfiles.SAMPLE.read_bytes(), "text", {}),
    "thousand-pages": (badfiles.long_pdf(1000), "pdf", {"page_limit": PAGE_LIMIT}),
    # hostile PDFs (issue 17, item 8), written object by object
    "deep-resources": (badfiles.deep_resources(), "pdf", {}),
    "kids-loop": (badfiles.parent_loop(), "pdf", {}),
    "no-page-box": (badfiles.parent_cycle(), "pdf", {}),
    "huge-media-box": (badfiles.huge_media_box(), "pdf", {}),
    "nan-media-box": (badfiles.nan_media_box(), "pdf", {}),
    "xref-past-end": (badfiles.xref_past_end(), "pdf", {}),
    "decompression-bomb": (badfiles.decompression_bomb(megabytes=256), "pdf", {}),
}

#: The hostile PDFs that are read (one page each): the first three whole, the bomb without its page.
HOSTILE_READ = ("deep-resources", "kids-loop", "huge-media-box", "decompression-bomb")

#: Documents refused -> their error message, in full.
REFUSED = {
    "empty": "empty.pdf: the file is empty (re-download or re-export the document)",
    "no-pages": "no-pages.pdf: the PDF has no pages (export the document to PDF again)",
    "truncated": "truncated.pdf: the PDF is damaged and cannot be opened (Failed to load document "
    "(PDFium: Data format error).) (try re-saving it from a PDF viewer)",
    "encrypted": "encrypted.pdf: the PDF is encrypted (give its password as files[].password in documents.yml)",
    "encrypted-wrong-password": "encrypted-wrong-password.pdf: encrypted, and the password in the manifest "
    "does not open it",
    "html": "html.pdf: this is an HTML web page saved with a .pdf name (export the document to PDF again)",
    "docx": "docx.pdf: this is a zip-based Office file (e.g. a Word .docx) saved with a .pdf name "
    "(export the document to PDF again)",
    "doc": "doc.pdf: this is an old Office file (e.g. a Word .doc) saved with a .pdf name "
    "(export the document to PDF again)",
    "pdf-as-text": "pdf-as-text.txt: this is a PDF, not a text export (give its format as pdf in documents.yml, "
    "or export the document to text again)",
    "nan-media-box": "nan-media-box.pdf: page 1: its page box (MediaBox [0 0 612 nan]) is not four finite numbers, "
    "so the page has no size (open it in a PDF viewer and save it again, which rewrites the page tree, or export it "
    "again)",
    "no-page-box": "no-page-box.pdf: page 1: it has no page box (no MediaBox of its own, nor of the page-tree nodes "
    "above it), so the page has no size (open it in a PDF viewer and save it again, which rewrites the page tree, or "
    "export it again)",
    "xref-past-end": "xref-past-end.pdf: the PDF's pages cannot be found: the file holds page objects, but its "
    "cross-reference table (the index of where each object starts) points elsewhere, e.g. past the end of the file "
    "(open it in a PDF viewer and save it again, which rebuilds the table, or export it again)",
}



@pytest.fixture(scope="module")
def bad_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pipeline.BuildReport]:
    root = tmp_path_factory.mktemp("bad")
    corpus = badfiles.corpus_of(root / "corpus", FILES)
    db = root / "bad.db"
    return db, build(corpus, db)


def test_every_bad_file_is_read_or_listed_as_failed_with_its_message(bad_build):
    db, report = bad_build
    documents = {row["id"]: row["status"] for row in rows(db, "select id, status from documents")}
    assert set(documents) == set(FILES)  # nothing lost
    assert report.failed == REFUSED
    assert {d for d, status in documents.items() if status == "failed"} == set(REFUSED)
    errors = {row["document_id"]: row for row in rows(db, "select * from extraction_issues where code = 'read-error'")}
    assert {d: e["message"] for d, e in errors.items()} == REFUSED
    assert all(e["severity"] == "error" for e in errors.values())


def test_files_that_can_be_read_give_the_same_commitments_as_the_good_one(bad_build):
    db, _ = bad_build
    numbers = {}
    for row in rows(db, "select document_id, group_concat(number, ' ') as n from commitments group by 1"):
        numbers[row["document_id"]] = row["n"]
    good = numbers["good"]
    assert len(good.split()) >= 10
    for document in ("junk-before-header", "encrypted-with-password", "flipped", "cp1252", "utf8-bom", "utf16-bom"):
        assert numbers.get(document) == good, document


def test_text_in_another_encoding_is_read_with_a_warning_only_when_it_is_not_unicode(bad_build):
    db, _ = bad_build
    encoding = {row["document_id"]: row["message"] for row in rows(db, "select * from extraction_issues "
                                                                        "where code = 'encoding'")}
    assert list(encoding) == ["cp1252"]
    assert "not valid UTF-8" in encoding["cp1252"] and "Re-save the file as UTF-8" in encoding["cp1252"]
    texts = [row["text"] for row in rows(db, "select text from commitments where document_id = 'cp1252'")]
    assert any("\u2013" in text for text in texts)  # the en dash came through


def test_hostile_pdfs_are_read_where_their_text_is_and_otherwise_say_which_page_is_lost(bad_build):
    """Issue 17, item 8: what PDFium's triage cannot see is read by pdfplumber; a loop in the page tree and a
    huge page do not stop the reading; a decompression bomb is an error on its page, not memory for the build."""
    db, report = bad_build
    status = {row["id"]: row["status"] for row in rows(db, "select id, status from documents")}
    texts = {row["document_id"]: row["text"] for row in rows(db, "select document_id, text from commitments")}
    for document in HOSTILE_READ[:3]:
        assert texts[document] == "We will publish the plan on time.", document
    assert status["deep-resources"] == status["huge-media-box"] == "extracted"
    # the loop's tree says two pages (/Count 2), one can be found: read, and said to be incomplete
    assert status["kids-loop"] == "incomplete"
    (lost,) = rows(db, "select * from extraction_issues where document_id = 'kids-loop'")
    assert (lost["severity"], lost["code"], lost["page"]) == ("error", "page-unreadable", 2)
    assert "says it has 2 pages, but only 1 can be found" in lost["message"]
    assert "decompression-bomb" not in texts and status["decompression-bomb"] == "incomplete"
    (issue,) = rows(db, "select * from extraction_issues where document_id = 'decompression-bomb' and severity = 'error'")
    assert (issue["severity"], issue["code"], issue["page"]) == ("error", "content-too-large", 1)
    assert "inflates to more than 128 MiB" in issue["message"] and "The page was not read" in issue["message"]
    assert "INCOMPLETE decompression-bomb: 1 part(s) not read" in report.summary()


def test_a_thousand_page_pdf_is_cut_at_the_page_limit_with_an_error(bad_build):
    db, report = bad_build
    (document,) = rows(db, "select * from documents where id = 'thousand-pages'")
    assert document["status"] == "incomplete" and document["page_count"] == 1000  # read, but not whole
    (issue,) = rows(db, "select * from extraction_issues where document_id = 'thousand-pages'")
    assert (issue["severity"], issue["code"], issue["page"]) == ("error", "page-limit", PAGE_LIMIT + 1)
    assert issue["message"] == (
        f"thousand-pages.pdf: the PDF has 1000 pages; only the first {PAGE_LIMIT} were read (the page limit). "
        "Raise --page-limit, or set page_limit for this document in documents.yml, to read them all."
    )
    pages = {row["page"] for row in rows(db, "select page from commitments where document_id = 'thousand-pages'")}
    assert pages == set(range(1, PAGE_LIMIT + 1))
    read = sum(1 for d in FILES if d not in REFUSED and FILES[d][1] == "pdf")
    one_page = len(HOSTILE_READ)  # the hostile PDFs that are read have one page (kids-loop says 2); the others are
    assert f"{report.pages} PDF pages" in report.summary()  # the 3-page sample
    assert report.pages == 3 * (read - 1 - one_page) + one_page + 1 + PAGE_LIMIT


def test_the_summary_gives_documents_pages_records_warnings_errors_and_each_failure(bad_build):
    db, report = bad_build
    summary = report.summary()
    records = sum(report.counts.values())
    issues = rows(db, "select severity, count(*) as n from extraction_issues group by 1")
    counts = {row["severity"]: row["n"] for row in issues}
    assert (
        f"{len(FILES)} documents ({len(FILES) - len(REFUSED)} read, 0 of them unchanged since the last build, "
        f"{len(REFUSED)} failed), {report.pages} PDF pages, {records} records, "
        f"{counts['warning']} warnings, {counts['error']} errors." in summary
    )
    for document, message in REFUSED.items():
        assert f"FAILED {document}: {message}" in summary


def test_a_manifest_with_bad_entries_stops_the_build_naming_each(tmp_path: Path):
    corpus = badfiles.corpus_of(tmp_path / "corpus", {"good": FILES["good"]})
    manifest = corpus / "documents.yml"
    data = yaml.safe_load(manifest.read_text())
    good = data["documents"][0]
    data["documents"] += [
        {**good, "id": "Bad Id", "pages": 3},
        {**good, "id": "missing-file", "files": [{**good["files"][0], "path": "nowhere.pdf"}]},
        {**good, "id": "bad-format", "files": [{**good["files"][0], "format": "docx"}]},
        {**good, "id": "bad-limit", "page_limit": -1},
        "just a string",
    ]
    manifest.write_text(yaml.safe_dump(data))
    db = tmp_path / "site.db"
    with pytest.raises(ManifestError) as caught:
        build(corpus, db)
    message = str(caught.value)
    for expected in (
        "document 'Bad Id', field 'id': String should match pattern",
        "document 'Bad Id', field 'pages': Extra inputs are not permitted",
        "document 'missing-file', field 'files[0].path': file not found",
        "document 'bad-format', field 'files.0.format': Input should be 'text' or 'pdf'",
        "document 'bad-limit', field 'page_limit': Input should be greater than or equal to 0",
        "document #6: expected a mapping of fields",
    ):
        assert expected in message
    assert not db.exists()


# -- time and memory limits: a document that hangs or grows is stopped, the others are read -------


def _misbehave(how: str):  # type: ignore[no-untyped-def]
    """A reader that misbehaves on files whose name starts with ``bad``, and reads the others."""
    original = extraction.read

    def read(path: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if path.name.startswith("bad"):
            if how == "hang":
                time.sleep(3600)
            elif how == "grow":
                hoard = []
                while True:
                    hoard.append(bytearray(64 * 2**20))
            elif how == "crash":
                os.kill(os.getpid(), signal.SIGKILL)  # as the kernel OOM killer does
        return original(path, *args, **kwargs)

    return read


@pytest.mark.parametrize(
    ("how", "limits", "workers", "code", "message"),
    [
        ("hang", Limits(time=1.5), 1, "time-limit", "bad.pdf: took longer than 1.5 s and was stopped (raise "
         "--time-limit, or set time_limit for this document in documents.yml, if it is just long; else re-save "
         "the file from a PDF viewer)"),
        ("hang", Limits(time=1.5), 2, "time-limit", "bad.pdf: took longer than 1.5 s"),
        ("grow", Limits(time=60, memory=256), 1, "memory-limit", "bad.pdf: needed more than 256 MiB and was "
         "stopped (raise --memory-limit, or set memory_limit for this document in documents.yml; else re-save "
         "the file from a PDF viewer)"),
        ("crash", Limits(time=60), 1, "crashed", "bad.pdf: the reader's process died (killed by signal SIGKILL)"),
    ],
)
def test_a_document_over_a_limit_fails_clearly_and_the_others_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, limits: Limits, workers: int, code: str, message: str
):
    monkeypatch.setattr(extraction, "read", _misbehave(how))
    corpus = badfiles.corpus_of(tmp_path / "corpus", {"bad": FILES["good"], "good": FILES["good"]})
    db = tmp_path / "site.db"
    start = time.monotonic()
    report = build(corpus, db, workers=workers, limits=limits)
    assert time.monotonic() - start < 30
    assert list(report.failed) == ["bad"] and report.failed["bad"].startswith(message)
    status = {row["id"]: row["status"] for row in rows(db, "select id, status from documents")}
    assert status == {"bad": "failed", "good": "extracted"}
    (issue,) = rows(db, "select * from extraction_issues where document_id = 'bad'")
    assert (issue["severity"], issue["code"]) == ("error", code) and issue["message"].startswith(message)
    assert rows(db, "select count(*) as n from commitments where document_id = 'good'")[0]["n"] >= 10


def test_a_manifest_entry_limit_wins_over_the_build_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(extraction, "read", _misbehave("hang"))
    corpus = badfiles.corpus_of(tmp_path / "corpus", {"bad": (*FILES["good"][:2], {"time_limit": 1})})
    report = build(corpus, tmp_path / "site.db", limits=Limits(time=600))
    assert report.failed["bad"].startswith("bad.pdf: took longer than 1 s")


def test_strict_fails_on_any_error_and_the_limits_are_options(tmp_path: Path):
    corpus = badfiles.corpus_of(tmp_path / "corpus", {"long": (badfiles.long_pdf(30), "pdf", {})})
    runner = CliRunner()
    base = ["build", "--corpus", str(corpus), "--db", str(tmp_path / "site.db"), "--no-cache"]
    result = runner.invoke(cli, [*base, "--page-limit", "5", "--time-limit", "120", "--memory-limit", "2048"])
    assert result.exit_code == 0, result.output
    assert "1 documents (1 read, 0 of them unchanged since the last build, 0 failed), 5 PDF pages" in result.output
    assert "0 warnings, 1 errors." in result.output
    result = runner.invoke(cli, [*base, "--page-limit", "5", "--strict"])
    assert result.exit_code == 1
    result = runner.invoke(cli, [*base, "--page-limit", "0", "--strict"])  # 0: no limit
    assert result.exit_code == 0 and "30 PDF pages" in result.output and "0 errors." in result.output
