"""Benchmark (a): pages per second of the PDF reader and of the whole pipeline beside raw pdfplumber.

Raw pdfplumber here means what a plain script would do: open the PDF and call
page.extract_text() and page.extract_tables() on every page, closing each page.
The reader does more (rotation, tables of both kinds, reading order, blocks), and the
pipeline parses the blocks into records as well (what a build does to a document), so the
ratios say what that costs. Both read the text layer only, as raw pdfplumber does; the last
column ("+OCR") adds what a build also does when Tesseract is installed, reading the text of images
(scanned pages, tables pasted as pictures) with OCR, timed once. The three are timed on the same file one after the other, each
``--repeat`` times, keeping the fastest (the machine is shared: the best time is the least
disturbed). Not a test: run it and read the figures.

    python bench/pdf_reader.py [--repeat 3] [PDF ...]     # default: corpus/*.pdf and ../shared/robustness-pdfs
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from functools import partial
from pathlib import Path

import pdfplumber

from extract.errors import ReadError
from extract.document.parsers import parse_document
from extract.document.readers.pdf import read_pdf

ROOT = Path(__file__).resolve().parent.parent


def default_pdfs() -> list[Path]:
    pdfs = sorted((ROOT / "corpus").glob("*.pdf"))
    shared = ROOT.parent / "shared" / "robustness-pdfs"
    if shared.is_dir():
        pdfs += sorted(shared.glob("*.pdf"))
    return pdfs


def raw_pdfplumber(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.close()
        return len(pdf.pages)


def timed(function, path: Path) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    pages = function(path)
    return time.perf_counter() - start, pages


def reader(path: Path) -> int:
    return read_pdf(path, read_images=False).page_count or 0


def pipeline(path: Path, read_images: bool = False) -> int:
    """What a build does to a document: read it, parse every kind of record (extract_document). By default
    the text layer only, as raw pdfplumber reads it; ``read_images``: also the text of images with OCR
    (scanned pages, tables pasted as pictures), as a build does when Tesseract is installed."""
    blocks = read_pdf(path, read_images=read_images)
    parse_document(blocks, path.stem, period_start=None)
    return blocks.page_count or 0


def fastest(function, path: Path, repeat: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    runs = [timed(function, path) for _ in range(repeat)]
    return min(seconds for seconds, _ in runs), runs[0][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each on each file; the fastest counts.")
    parser.add_argument("pdfs", nargs="*", type=Path)
    args = parser.parse_args()
    pdfs = args.pdfs or default_pdfs()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"{'file':44} {'pages':>5} {'raw p/s':>8} {'reader p/s':>10} {'ratio':>6} {'pipeline p/s':>12} {'ratio':>6}"
          f" {'+OCR p/s':>13} {'ratio':>6}")
    totals = {"raw": 0.0, "reader": 0.0, "pipeline": 0.0, "pictures": 0.0}
    total_pages = 0
    for path in pdfs:
        try:
            raw_seconds, pages = fastest(raw_pdfplumber, path, args.repeat)
            reader_seconds, _ = fastest(reader, path, args.repeat)
            pipeline_seconds, _ = fastest(pipeline, path, args.repeat)
            pictures_seconds, _ = fastest(partial(pipeline, read_images=True), path, 1)  # OCR is the same each time: once is enough
        except ReadError:
            continue  # unreadable files (empty, encrypted, corrupt) are the robustness tests' business
        except Exception as error:  # raw pdfplumber fails on some broken files
            print(f"{path.name[:44]:44} skipped: {type(error).__name__}")
            continue
        if not pages:
            continue
        totals["raw"] += raw_seconds
        totals["reader"] += reader_seconds
        totals["pipeline"] += pipeline_seconds
        totals["pictures"] += pictures_seconds
        total_pages += pages
        print(
            f"{path.name[:44]:44} {pages:5} {pages / raw_seconds:8.1f} {pages / reader_seconds:10.1f}"
            f" {raw_seconds / reader_seconds:6.2f} {pages / pipeline_seconds:12.1f} {raw_seconds / pipeline_seconds:6.2f}"
            f" {pages / pictures_seconds:13.1f} {raw_seconds / pictures_seconds:6.2f}"
        )
    raw, read, whole, pictured = totals["raw"], totals["reader"], totals["pipeline"], totals["pictures"]
    print(
        f"{'ALL':44} {total_pages:5} {total_pages / raw:8.1f} {total_pages / read:10.1f} {raw / read:6.2f}"
        f" {total_pages / whole:12.1f} {raw / whole:6.2f} {total_pages / pictured:13.1f} {raw / pictured:6.2f}"
    )
    print("ratio = speed / raw pdfplumber speed; bar (issue 13): pipeline >= 0.8: "
          + ("ok" if raw / whole >= 0.8 else "MISSED")
          + "; +OCR = the pipeline also reading images with OCR, scanned pages and pasted tables (a build's default"
          " with Tesseract; raw pdfplumber reads no image)")


if __name__ == "__main__":
    main()
