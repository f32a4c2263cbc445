"""Score the pipeline on the development set of real council documents (../shared/real-documents/).

    python bench/real_documents.py [--shared ../shared] [--json outputs/real-documents/scores.json]

Lays the documents out as a corpus folder under ``outputs/real-documents/corpus`` (the PDFs are
copied there, never into the repository; the manifest is ``tests/gold/real/documents.yml``), builds
it without links, and scores it against ``tests/gold/real/*.json`` with the project's one scorer.
Prints the table of ``strategy-extract evaluate`` and a line per document and kind with the
figures the bars of issue 13 name: recall and precision, and the share of matched records whose
lead, timescale, target value or done / not-done status is right.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOLD = ROOT / "tests" / "gold" / "real"
OUT = ROOT / "outputs" / "real-documents"


def stage_corpus(shared: Path, out: Path = OUT / "corpus") -> Path:
    """A corpus folder holding the development set: its PDFs, its manifest, the councils it needs."""
    documents = shared / "real-documents"
    if not documents.is_dir():
        raise SystemExit(f"{documents}: no such folder; give --shared the folder holding real-documents/")
    out.mkdir(parents=True, exist_ok=True)
    for pdf in sorted(documents.glob("*.pdf")):
        target = out / pdf.name
        if not target.exists() or target.stat().st_size != pdf.stat().st_size:
            shutil.copyfile(pdf, target)
    shutil.copyfile(GOLD / "documents.yml", out / "documents.yml")
    shutil.copyfile(ROOT / "corpus" / "neighbours.csv", out / "neighbours.csv")
    shutil.copyfile(ROOT / "corpus" / "codebook.yml", out / "codebook.yml")
    with (out / "boroughs.csv").open("w", newline="", encoding="utf-8") as file:
        writer = None
        for source in (ROOT / "corpus" / "boroughs.csv", GOLD / "boroughs.csv"):
            with source.open(encoding="utf-8") as rows:
                for row in csv.DictReader(rows):
                    if writer is None:
                        writer = csv.DictWriter(file, fieldnames=list(row))
                        writer.writeheader()
                    writer.writerow(row)
    return out


def markdown(cold: dict, now: dict) -> str:
    """The bars and every document's kinds, cold (the code before it was fitted to these) beside now."""
    lines = ["| bar (averaged over documents) | cold | now |", "|---|---|---|"]
    for name, value in now["averages"].items():
        before = cold["averages"].get(name)
        shown = [f"{v:.2f}" if v is not None else "-" for v in (before, value)]
        lines.append(f"| {name.replace('.', ' ').replace('_', ' ')} | {shown[0]} | {shown[1]} |")
    lines += ["", "| document | kind | gold | cold: found / P / R | now: found / P / R |", "|---|---|---|---|---|"]

    def cell(score: dict | None) -> str:
        return f"{score['found']} / {score['precision']:.2f} / {score['recall']:.2f}" if score else "0 / - / -"

    for document in sorted(now["documents"].keys() | cold["documents"].keys()):
        for kind in sorted(now["documents"].get(document, {}).keys() | cold["documents"].get(document, {}).keys()):
            before, after = cold["documents"].get(document, {}).get(kind), now["documents"].get(document, {}).get(kind)
            gold = (after or before)["gold"]
            lines.append(f"| {document} | {kind.replace('_', ' ')} | {gold} | {cell(before)} | {cell(after)} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--db", type=Path, default=OUT / "real_documents.db")
    parser.add_argument("--json", type=Path, default=None, help="Also write the scores here as JSON.")
    parser.add_argument("--details", action="store_true", help="List what was missed and extra.")
    parser.add_argument("--markdown", action="store_true",
                        help="Also print the README's tables: each bar and each document's kinds, cold beside now.")
    args = parser.parse_args()

    from extract.evaluate import evaluate
    from extract.pipeline.build import build

    corpus = stage_corpus(args.shared)
    args.db.parent.mkdir(parents=True, exist_ok=True)
    report = build(corpus, args.db, links=False, force=True)
    print(report.summary(), file=sys.stderr)
    evaluation = evaluate(args.db, GOLD)
    print(evaluation.table(details=args.details))
    print()
    print(evaluation.bars())
    if args.markdown:
        print()
        print(markdown(json.loads((GOLD / "cold-scores.json").read_text(encoding="utf-8")), evaluation.as_dict()))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(evaluation.as_dict(), indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
