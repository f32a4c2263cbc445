"""What every benchmark prints about the machine, and the synthetic databases they share.

Timings on a shared machine are noisy: each script prints the load average beside its figures.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SYNTHETIC = ROOT / "outputs" / "synthetic"
#: One extraction cache for every synthetic corpus: document k is the same in all of them.
SYNTHETIC_CACHE = SYNTHETIC / "extracted"


def machine() -> str:
    """Cores, memory, Python and the load when the benchmark ran."""
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {pages / 2**30:.1f} GiB RAM, "
        f"Python {platform.python_version()}, load average {load}"
    )


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def synthetic_corpus(documents: int, fmt: str = "text", seed: int = 1) -> Path:
    """The synthetic corpus of this size (made by bench/scale_corpus.py when missing)."""
    from bench.scale_corpus import generate

    folder = SYNTHETIC / f"{fmt}-{documents}"
    if not (folder / "documents.yml").exists():
        generate(folder, documents, seed, fmt)
    return folder


def synthetic_database(documents: int, workers: int = 2) -> Path:
    """The database of the synthetic text corpus of this size, built when missing or out of date (with links)."""
    corpus = synthetic_corpus(documents)
    database = SYNTHETIC / f"text-{documents}.db"
    subprocess.run(
        [str(BIN / "strategy-extract"), "build", "--corpus", str(corpus), "--db", str(database),
         "--cache", str(SYNTHETIC_CACHE), "--workers", str(workers), "-q"],
        check=True,
    )
    return database
