"""Benchmark (c): wall time of `strategy-extract build` on the bundled corpus when nothing changed.

Runs the command as a user would (a subprocess, imports and all), several times, after one build
that brings the database up to date; prints the median and the spread. For comparison, it also
times a build that rewrites the database from the extraction cache (``--force``: nothing is read
again, but people, themes and links are worked out again and every row is written). Not a test.

    python -m bench.rebuild [--runs 7]
"""

from __future__ import annotations

import argparse
import subprocess
import time

from bench.common import BIN, ROOT, machine, median

BAR_SECONDS = 3.0


def timed(arguments: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "strategy-extract"), "build", "-q", *arguments], check=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="Timed builds of each kind (default 7).")
    args = parser.parse_args()
    print(machine())
    timed([])  # bring outputs/community_safety.db up to date
    unchanged = [timed([]) for _ in range(args.runs)]
    forced = [timed(["--force"]) for _ in range(max(1, args.runs // 2))]
    print(f"no-change rebuild of the bundled corpus (strategy-extract build -q), {args.runs} runs: "
          f"median {median(unchanged):.2f} s (min {min(unchanged):.2f}, max {max(unchanged):.2f}); "
          f"bar < {BAR_SECONDS:.0f} s: {'ok' if median(unchanged) < BAR_SECONDS else 'MISSED'}")
    print(f"rewrite from the extraction cache (build -q --force), {len(forced)} runs: "
          f"median {median(forced):.2f} s (min {min(forced):.2f}, max {max(forced):.2f})")


if __name__ == "__main__":
    main()
