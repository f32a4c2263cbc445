"""Benchmark (b): speedup of extracting with 2 worker processes over 1, cold cache.

On a synthetic PDF corpus (the bundled PDFs copied under synthetic ids, so that there are
enough documents for the load to balance between workers; bench/scale_corpus.py --format pdf),
with no extraction cache: every document is read. Times the extraction alone (every document's
records back in this process, in order) and the whole build (plus people, themes, writing;
without links). The pool's start-up (each worker imports spaCy and the readers) counts against
the workers. Not a test: run it and read the figures.

    python -m bench.workers [--documents 20] [--workers 2]
"""

from __future__ import annotations

import argparse
import time

from bench.common import SYNTHETIC, machine, synthetic_corpus
from extract.corpus import load_corpus
from extract.pipeline.build import build, iter_extractions

BAR = 1.7


def extraction_seconds(corpus_dir, workers: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    corpus = load_corpus(corpus_dir)
    start = time.perf_counter()
    pages = sum(e.document.page_count or 0 for e in iter_extractions(corpus, workers=workers))
    return time.perf_counter() - start, pages


def build_seconds(corpus_dir, workers: int) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    build(corpus_dir, SYNTHETIC / f"workers-{workers}.db", workers=workers, links=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20, help="Synthetic PDF documents (default 20).")
    parser.add_argument("--workers", type=int, default=2, help="Workers to compare with one (default 2).")
    args = parser.parse_args()
    corpus = synthetic_corpus(args.documents, fmt="pdf")
    print(machine())
    one, pages = extraction_seconds(corpus, 1)
    many, _ = extraction_seconds(corpus, args.workers)
    print(f"extraction of {args.documents} PDFs ({pages} pages), cold: 1 worker {one:.1f} s ({pages / one:.1f} pages/s), "
          f"{args.workers} workers {many:.1f} s ({pages / many:.1f} pages/s): speedup {one / many:.2f}x "
          f"(bar >= {BAR}x: {'ok' if one / many >= BAR else 'MISSED'})")
    one, many = build_seconds(corpus, 1), build_seconds(corpus, args.workers)
    print(f"whole build (no cache, no links): 1 worker {one:.1f} s, {args.workers} workers {many:.1f} s: "
          f"speedup {one / many:.2f}x")


if __name__ == "__main__":
    main()
