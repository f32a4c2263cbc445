"""Benchmark (e): peak memory (RSS) of builds of 100, 500 and 2,000 synthetic documents.

Each build runs as its own process (`strategy-extract build --workers 1 --no-links --force`, the
extraction cache warm, so what is measured is the build's own process: reading the manifest,
loading each document's records, coding its themes, writing it, and resolving people across
documents), and its peak resident set size is read from the kernel (``os.wait4``'s rusage: no
third-party library). The manifest is read an entry at a time, the records stream to the writer a
document at a time and the lead mentions wait on disk until people are resolved, so the peak
should not grow with the number of documents (but for the manifest's entries, ~2 KiB each). The
first run of each size fills the cache when it is cold (that run's extraction is in the same
process, one document at a time). With ``--links`` the builds make the links between commitments
too, reading the commitments back a block of documents at a time (extract.enrich.links.BLOCK_DOCUMENTS),
so that what the link step holds does not grow with a borough's documents either. Not a test: run
it and read the figures.

    python -m bench.memory [--sizes 100 500 2000] [--links]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import time

from bench.common import BIN, SYNTHETIC, SYNTHETIC_CACHE, machine, synthetic_corpus


def peak_rss(arguments: list[str]) -> tuple[float, float]:
    """(peak RSS in MiB, wall seconds) of a command run to its end."""
    start = time.perf_counter()
    process = subprocess.Popen(arguments)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(arguments)} failed with exit code {process.returncode}")
    return usage.ru_maxrss / 1024, time.perf_counter() - start  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    parser.add_argument("--links", action="store_true", help="Make the links between commitments too.")
    args = parser.parse_args()
    print(machine())
    print(f"{'documents':>9} {'peak RSS MiB':>12} {'wall s':>7}  rows written")
    for size in args.sizes:
        corpus = synthetic_corpus(size)
        database = SYNTHETIC / f"memory-{size}{'-links' if args.links else ''}.db"
        command = [str(BIN / "strategy-extract"), "build", "--corpus", str(corpus), "--db", str(database),
                   "--cache", str(SYNTHETIC_CACHE), "--workers", "1", "-q", *([] if args.links else ["--no-links"])]
        peak_rss([*command, "--no-links"])  # fills the cache for documents not yet extracted (links need none)
        peak, seconds = peak_rss([*command, "--force"])
        connection = sqlite3.connect(database)
        rows = sum(connection.execute(f"select count(*) from [{name}]").fetchone()[0] for (name,) in connection.execute(
            "select name from sqlite_master where type = 'table' and name not like '%_fts%'").fetchall())
        connection.close()
        print(f"{size:9} {peak:12.0f} {seconds:7.1f}  {rows}")


if __name__ == "__main__":
    main()
