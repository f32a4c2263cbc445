"""What each measure adds to the ranking of link candidates, and how much of it is fitted to the gold.

For the bundled corpus's borough with gold (tests/gold/links.json: three exhaustive document pairs,
76 same-borough links), this ranks candidates as the build does (extract.enrich.links.link_candidates)
with measures switched on one at a time and prints recall@1/3/5 (a gold link counts when its other end
is within the top k candidates of one of its ends). Then leave-one-document-pair-out: the weights are
chosen by grid on two document pairs (best recall@5, then @3, then @1) and scored on the third; the
held-out figures against the in-sample ones show the overfit.

Measures not in the ablation: numbering lineage (`same_number`, recorded on each candidate but not
weighted: every gold pair with the same number is already first by its text) and an action plan dated
within a strategy's period (a property of the document pair, the same for all of its candidates, so it
cannot reorder them).

    python bench/link_candidates.py [--db outputs/community_safety.db] [--gold tests/gold/links.json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

from extract.enrich.links import THRESHOLDS, Thresholds, link_candidates
from extract.evaluate.links import RECALL_AT, evaluate_links
from models import Commitment, Document

ROOT = Path(__file__).resolve().parent.parent
GRID = {"theme_weight": (0.0, 0.1, 0.2, 0.3), "priority_weight": (0.0, 0.1, 0.2, 0.3), "position_weight": (0.0, 0.05, 0.1)}


def load(database: Path, boroughs: set[str]):
    connection = sqlite3.connect(database)
    connection.row_factory = sqlite3.Row
    try:
        documents = [Document(**dict(r)) for r in connection.execute("select * from documents") if r["borough_id"] in boroughs]
        ids = {d.id for d in documents}
        commitments = [Commitment(**dict(r)) for r in connection.execute("select * from commitments") if r["document_id"] in ids]
        themes: dict[str, dict[str, float]] = {}
        for commitment_id, theme, score in connection.execute(
                "select commitment_id, theme_id, score from item_themes where commitment_id is not null"):
            themes.setdefault(commitment_id, {})[theme] = score
    finally:
        connection.close()
    return documents, commitments, themes


def recall(documents, commitments, themes, gold: Path, thresholds: Thresholds) -> dict[str, tuple[int, dict[int, int]]]:
    candidates = link_candidates(documents, commitments, thresholds, themes)
    return evaluate_links([], commitments, gold, candidates).candidates


def cells(found: tuple[int, dict[int, int]]) -> str:
    gold, hits = found
    return " ".join(f"{hits[k] / gold:9.3f}" for k in RECALL_AT) + f"   ({hits[5]}/{gold} at 5)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "outputs" / "community_safety.db")
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold" / "links.json")
    args = parser.parse_args()
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    pairs = [f"{a} -> {b}" for a, b in gold["exhaustive_pairs"]]
    with sqlite3.connect(args.db) as connection:
        boroughs = {row[0] for pair in gold["exhaustive_pairs"] for row in connection.execute(
            "select borough_id from documents where id in (?, ?)", pair)}
    documents, commitments, themes = load(args.db, boroughs)
    header = f"{'measures (same-borough candidates)':44} " + " ".join(f"{f'recall@{k}':>9}" for k in RECALL_AT)
    print(header)
    # the ranking's own worth: no floor on the score (the build's floor, 0.3, is the last row)
    off = replace(THRESHOLDS, theme_weight=0.0, priority_weight=0.0, position_weight=0.0, candidate_floor=0.0)
    every = replace(THRESHOLDS, candidate_floor=0.0)
    rows = [
        ("lexical (text) alone", off),
        ("+ shared themes", replace(off, theme_weight=THRESHOLDS.theme_weight)),
        ("+ priority correspondence", replace(off, priority_weight=THRESHOLDS.priority_weight)),
        ("+ position in document", replace(off, position_weight=THRESHOLDS.position_weight)),
        ("+ themes + priority", replace(every, position_weight=0.0)),
        ("all: themes + priority + position", every),
        ("all but themes", replace(every, theme_weight=0.0)),
        ("all but priority", replace(every, priority_weight=0.0)),
        ("the build (all, score floor 0.3)", THRESHOLDS),
    ]
    for name, thresholds in rows:
        print(f"{name:44} {cells(recall(documents, commitments, themes, args.gold, thresholds)['same borough'])}")
    print("\nleave one document pair out: weights chosen on the other two pairs (grid), scored on this one")
    scored = {}
    for combination in itertools.product(*GRID.values()):
        thresholds = replace(THRESHOLDS, **dict(zip(GRID, combination, strict=True)))
        scored[combination] = recall(documents, commitments, themes, args.gold, thresholds)
    total_in, total_out = [0, dict.fromkeys(RECALL_AT, 0)], [0, dict.fromkeys(RECALL_AT, 0)]
    build = tuple(getattr(THRESHOLDS, name) for name in GRID)
    for held in pairs:
        rest = [p for p in pairs if p != held]

        def fit(combination: tuple[float, ...], rest: list[str] = rest) -> tuple[int, ...]:
            return tuple(sum(scored[combination][p][1][k] for p in rest) for k in (5, 3, 1))

        chosen = max(scored, key=lambda c: (fit(c), c == build))
        for total, found in ((total_out, scored[chosen][held]), (total_in, scored[build][held])):
            total[0] += found[0]
            for k in RECALL_AT:
                total[1][k] += found[1][k]
        weights = ", ".join(f"{name.split('_')[0]} {value}" for name, value in zip(GRID, chosen, strict=True))
        print(f"  {held}: weights {weights}\n    {'held out':40} {cells(scored[chosen][held])}"
              f"\n    {'the build weights (fitted on all three)':40} {cells(scored[build][held])}")
    print(f"  {'all pairs, held out':42} {cells((total_out[0], total_out[1]))}")
    print(f"  {'all pairs, the build weights':42} {cells((total_in[0], total_in[1]))}")


if __name__ == "__main__":
    main()
