"""`strategy-extract add`: a file or URL into the corpus, its entry proposed, validated, never half added."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import yaml
from click.testing import CliRunner

from extract.cli import cli
from extract.corpus import load_corpus, sha256_of

from .servers import free_port

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "corpus" / "barnet-2015-16-asb-action-plan.pdf"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["add", *args], input=input, catch_exceptions=False)


def snapshot(corpus: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(corpus.iterdir())}


def test_a_pdf_is_copied_in_hashed_proposed_and_validated(corpus_copy: Path, tmp_path: Path):
    source = tmp_path / "downloaded plan.pdf"
    shutil.copy(SOURCE, source)
    manifest = (corpus_copy / "documents.yml").read_text()
    before = len(load_corpus(corpus_copy).documents)
    result = run(str(source), "--corpus", str(corpus_copy), "--title", "ASB Action Plan 2015/16 (a second copy)",
                 input="y\n")
    assert result.exit_code == 0, result.output
    # proposed from the file and the title: its council (named on its first pages), its years, its kind
    assert "barnet-2015-2016-action-plan" in result.output and "Add downloaded plan.pdf" in result.output
    corpus = load_corpus(corpus_copy)  # validates: file present, sha256 right, borough known
    assert len(corpus.documents) == before + 1
    added = corpus.documents[-1]
    assert (added.id, added.borough, added.doc_type, added.period_start, added.period_end) == (
        "barnet-2015-2016-action-plan", "barnet", "action_plan", 2015, 2016)
    assert added.files[0].sha256 == sha256_of(SOURCE) and (corpus_copy / added.files[0].path).is_file()
    assert (corpus_copy / "documents.yml").read_text().startswith(manifest)  # appended: comments and layout kept


def test_declining_or_a_clash_leaves_the_corpus_as_it_was(corpus_copy: Path):
    before = snapshot(corpus_copy)
    declined = run(str(SOURCE), "--corpus", str(corpus_copy), input="n\n")
    assert declined.exit_code == 0 and "Not added." in declined.output
    clash = run(str(SOURCE), "--corpus", str(corpus_copy), "--id", "barnet-2015-16-asb-action-plan", "--yes")
    assert clash.exit_code == 1 and "already listed" in clash.output
    not_pdf = corpus_copy.parent / "plan.pdf"
    not_pdf.write_text("<html>Sign in to continue</html>")
    wrong = run(str(not_pdf), "--corpus", str(corpus_copy), "--yes")
    assert wrong.exit_code == 1 and "not a PDF" in wrong.output and "Traceback" not in wrong.output
    assert snapshot(corpus_copy) == before


def test_a_url_and_a_council_not_yet_listed(corpus_copy: Path, tmp_path: Path):
    served = tmp_path / "site"
    served.mkdir()
    (served / "community-safety-plan.txt").write_text(
        "# Greendale Community Safety Plan 2024-2027\n\nWe will reduce burglary in Greendale.\n", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined,method-assign]
    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{port}/community-safety-plan.txt"
        result = run(url, "--corpus", str(corpus_copy), "--borough-name", "Greendale", "--gss-code", "E07000999",
                     "--borough-type", "district", "--yes")
        missing = run(f"http://127.0.0.1:{port}/nothing.pdf", "--corpus", str(corpus_copy), "--yes")
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    corpus = load_corpus(corpus_copy)
    added = corpus.documents[-1]
    assert (added.id, added.borough, added.doc_type, added.source_url) == (
        "greendale-2024-2027-plan", "greendale", "plan", url)
    assert any(b.id == "greendale" and b.gss_code == "E07000999" for b in corpus.boroughs)
    assert missing.exit_code == 1 and "could not be downloaded" in missing.output
    entry = yaml.safe_load((corpus_copy / "documents.yml").read_text())["documents"][-1]
    assert entry["files"][0]["format"] == "text"
