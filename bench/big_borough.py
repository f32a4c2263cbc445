"""Benchmark (g): one borough with two very long documents: does the links step stay under a memory bound?

Writes a corpus (under outputs/, never the real corpus) of two text exports of one borough, an
action plan of N numbered commitments (default 10,000) and its successor of N more, each
commitment a sentence drawn from the bundled documents' own commitments with words swapped, so
that some pairs are near copies, many share a topic and most have nothing in common, as in a
real borough's plans. Extracts them into a cache first, then builds from it in one process
(``--workers 1 --force``: the records loaded, coded, written, then the links) and reports that
build's peak resident memory (``os.wait4``'s rusage), its wall time, the links and candidates
written, and any error issue of the build's cross-document steps. Issue 17's bar: peak under 2 GB, or the records
written and the links step's failure reported as an error issue. Not a test: run it and read the
figures.

    python -m bench.big_borough [--commitments 10000] [--memory-limit MiB]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
import sqlite3
from pathlib import Path

import yaml

from bench.common import BIN, ROOT, machine
from bench.memory import peak_rss

CORPUS = ROOT / "corpus"
OUTPUT = ROOT / "outputs" / "big-borough"
BOROUGH = "barnet"


def sentences() -> list[str]:
    """The bundled Barnet documents' commitment-like lines ('We will ...', numbered rows), as material."""
    found = []
    for path in sorted(CORPUS.glob("barnet-*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = re.sub(r"<[^>]+>|[*_#]", " ", line).split("\t")
            for cell in text:
                cell = " ".join(cell.split())
                if 40 <= len(cell) <= 300 and re.match(r"(We will|To |Ensure|Increase|Reduce|Deliver|Work)", cell):
                    found.append(cell.rstrip("."))
    return sorted(set(found))


def document_text(title: str, count: int, material: list[str], words: list[str], rng: random.Random) -> str:
    """A plan of ``count`` commitments under outcomes of 50 each: a table of number, commitment, progress."""
    lines = [f"## {title}", ""]
    for number in range(count):
        outcome, item = divmod(number, 50)
        if item == 0:
            lines += ["", f"## Outcome {outcome + 1}: {rng.choice(material)}", "", "\tCommitment\tProgress"]
        text = rng.choice(material).split()
        for _ in range(rng.randint(0, 4)):  # a few words swapped: near copies, rewordings and strangers
            text[rng.randrange(len(text))] = rng.choice(words)
        lines.append(f"{outcome + 1}.{item + 1}\t{' '.join(text)}.\tIn progress")
    return "\n".join(lines) + "\n"


def make_corpus(folder: Path, commitments: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    material = sentences()
    words = sorted({w for s in material for w in s.split() if w.isalpha() and len(w) > 3})
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in ("boroughs.csv", "neighbours.csv", "codebook.yml"):
        shutil.copy(CORPUS / name, folder / name)
    entries = []
    for index, (start, end) in enumerate(((2020, 2021), (2022, 2023))):
        id_ = f"big-{BOROUGH}-{start}-plan"
        path = folder / f"{id_}.txt"
        path.write_text(document_text(f"Action plan {start}-{end} (synthetic)", commitments, material, words, rng),
                        encoding="utf-8")
        entries.append({
            "id": id_, "borough": BOROUGH, "title": f"Action plan {start}-{end} (synthetic, {commitments} commitments)",
            "doc_type": "action_plan", "period_start": start, "period_end": end, "published": None,
            "source_url": None, "files": [{"path": path.name, "format": "text",
                                           "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}],
        })
    (folder / "documents.yml").write_text(
        "# SYNTHETIC: two very long plans of one borough, made by bench/big_borough.py. Not findings.\n"
        + yaml.safe_dump({"documents": entries}, sort_keys=False), encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commitments", type=int, default=10_000)
    parser.add_argument("--memory-limit", type=int, default=None, help="MiB: the build's --memory-limit.")
    args = parser.parse_args()
    print(machine())
    corpus = make_corpus(OUTPUT / f"corpus-{args.commitments}", args.commitments)
    database = OUTPUT / f"big-{args.commitments}.db"
    command = [str(BIN / "strategy-extract"), "build", "--corpus", str(corpus), "--db", str(database),
               "--cache", str(OUTPUT / "extracted"), "-q"]
    # the extraction first, into the cache (two workers, no time limit: a 10,000-commitment plan takes minutes)
    peak_rss([*command, "--workers", "2", "--time-limit", "0", "--no-links"])
    if args.memory_limit is not None:
        command += ["--memory-limit", str(args.memory_limit)]
    peak, seconds = peak_rss([*command, "--workers", "1", "--force"])  # the build's own process: records, links
    connection = sqlite3.connect(database)
    counts = {table: connection.execute(f"select count(*) from {table}").fetchone()[0]
              for table in ("commitments", "commitment_links", "link_candidates")}
    errors = connection.execute("select code, message from extraction_issues where code in ('links-failed', "
                                "'step-failed') group by code, message").fetchall()
    connection.close()
    print(f"2 documents x {args.commitments} commitments: peak RSS {peak:.0f} MiB, {seconds:.1f} s wall")
    print("rows: " + ", ".join(f"{table} {count}" for table, count in counts.items()))
    for code, message in errors:
        print(f"error issue {code}: {message}")


if __name__ == "__main__":
    main()
