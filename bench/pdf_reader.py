"""Benchmark: the PDF reader's pages per second beside raw pdfplumber, measured in one run.

Raw pdfplumber here means what a plain script would do: open the PDF and call
page.extract_text() and page.extract_tables() on every page, closing each page.
The reader does more (rotation, tables of both kinds, reading order, blocks), so
the ratio says what that costs. Not a test: run it and read the figures.

    python bench/pdf_reader.py [PDF ...]     # default: corpus/*.pdf and ../shared/robustness-pdfs
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

import pdfplumber

from extract.errors import ReadError
from extract.readers.pdf import read_pdf

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
    return read_pdf(path).page_count or 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    args = parser.parse_args()
    pdfs = args.pdfs or default_pdfs()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'file':48} {'pages':>5} {'raw p/s':>8} {'reader p/s':>10} {'ratio':>6}")
    total_raw = total_reader = 0.0
    total_pages = 0
    for path in pdfs:
        try:
            raw_seconds, pages = timed(raw_pdfplumber, path)
            reader_seconds, _ = timed(reader, path)
        except ReadError:
            continue  # unreadable files (empty, encrypted, corrupt) are the robustness tests' business
        except Exception as error:  # raw pdfplumber fails on some broken files
            print(f"{path.name[:48]:48} skipped: {type(error).__name__}")
            continue
        if not pages:
            continue
        total_raw += raw_seconds
        total_reader += reader_seconds
        total_pages += pages
        print(
            f"{path.name[:48]:48} {pages:5} {pages / raw_seconds:8.1f} {pages / reader_seconds:10.1f}"
            f" {raw_seconds / reader_seconds:6.2f}"
        )
    print(
        f"{'ALL':48} {total_pages:5} {total_pages / total_raw:8.1f} {total_pages / total_reader:10.1f}"
        f" {total_raw / total_reader:6.2f}   (ratio = reader speed / raw pdfplumber speed)"
    )


if __name__ == "__main__":
    main()
