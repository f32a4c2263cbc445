"""Scoring the links between commitments against the hand-made gold (tests/gold/links.json): endpoints
either way, each type on its own, same-borough links only on the gold's exhaustive document pairs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from models import Commitment, CommitmentLink, LinkCandidate
from models.records import LinkType

from ..scoring import MATCH_SCORE, Score, normal, score_table

SAME_BOROUGH = ("continues", "revised")
#: The k of candidate recall@k.
RECALL_AT = (1, 3, 5)


@dataclass
class LinkScores:
    """Scores per group: same-borough (continues + revised), similar, and each type on its own."""

    groups: dict[str, Score]  # correct: links found matching a gold link; recalled: gold links found; attribute "type"
    unresolved: list[str] = field(default_factory=list)
    #: candidate recall: group -> (gold links, {k: gold links whose other end is in the top k of one of their ends})
    candidates: dict[str, tuple[int, dict[int, int]]] = field(default_factory=dict)
    title: str = "automatic links"
    #: the people's verdicts on the gold links they were shown: group -> (gold links, decided, confirmed)
    decided: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def table(self, details: bool = False) -> str:
        width = max(len(name) for name in [self.title, *self.groups])
        lines = score_table([(self.title, width)], [("found", 5), ("right", 5), ("gold", 5), ("hit", 5)],
                            [((name,), score) for name, score in self.groups.items()], agreement="type")
        lines += [f"  unresolved gold endpoint: {item}" for item in self.unresolved]
        if self.candidates:
            lines += ["", f"{'candidates':{width}}  gold " + " ".join(f"{f'recall@{k}':>9}" for k in RECALL_AT)]
            for name, (gold, hits) in self.candidates.items():
                lines.append(f"{name:{width}} {gold:5} " + " ".join(
                    f"{hits[k] / gold if gold else 1.0:9.3f}" for k in RECALL_AT))
        if self.decided:
            lines += ["", f"{'gold links reviewed':{width}}  gold decided confirmed rejected"]
            for name, (gold, decided, confirmed) in self.decided.items():
                lines.append(f"{name:{width}} {gold:5} {decided:7} {confirmed:9} {decided - confirmed:8}")
        if details:
            for name, s in self.groups.items():
                lines += [f"  missed {name}: {item}" for item in s.missed]
                lines += [f"  extra {name}: {item}" for item in s.extra]
        return "\n".join(lines)


def resolve(endpoint: dict, commitments: Sequence[Commitment]) -> set[str]:
    """The ids of the commitments a gold endpoint names: same document, number, else text (ratio >= 85)."""
    candidates = [
        c for c in commitments
        if c.document_id == endpoint["document_id"] and endpoint.get("kind", c.kind) == c.kind
    ]
    if endpoint.get("number"):
        return {c.id for c in candidates if c.number == endpoint["number"]}
    wanted = normal(endpoint["text"])
    scored = [(fuzz.ratio(wanted, normal(c.text)), c.id) for c in candidates]
    best = max((score for score, _ in scored), default=0.0)
    return {cid for score, cid in scored if score == best and score >= MATCH_SCORE}


@dataclass(frozen=True)
class _GoldLink:
    ends: tuple[frozenset[str], frozenset[str]]
    type: LinkType
    documents: frozenset[str]
    label: str

    def matches(self, a: str, b: str) -> bool:
        first, second = self.ends
        return (a in first and b in second) or (b in first and a in second)


def candidate_recall(
    candidates: Sequence[LinkCandidate], gold_links: Sequence[_GoldLink], ks: Sequence[int] = RECALL_AT,
) -> tuple[int, dict[int, int]]:
    """How many gold links have their other end among the top k candidates of one of their ends, for each k.

    A gold link counts at k when some candidate joins its two ends (either way round) with ``rank`` <= k
    (from the earlier end) or ``reverse_rank`` <= k (from the later end).
    """
    best: dict[frozenset[str], int] = {}
    for c in candidates:
        key = frozenset((c.from_commitment_id, c.to_commitment_id))
        best[key] = min(best.get(key, c.rank), c.rank, c.reverse_rank)
    hits = dict.fromkeys(ks, 0)
    for g in gold_links:
        first, second = g.ends
        found = min((best[frozenset((a, b))] for a in first for b in second if frozenset((a, b)) in best), default=None)
        for k in ks:
            hits[k] += found is not None and found <= k
    return len(gold_links), hits


def review_agreement(decided: Sequence[LinkCandidate], gold_links: Sequence[_GoldLink]) -> tuple[int, int, int]:
    """(gold links, how many of them people decided, how many of those they confirmed): the two readings set
    side by side on the pairs both judged (``decided``: candidates with a verdict)."""
    verdicts = {frozenset((c.from_commitment_id, c.to_commitment_id)): c.verdict for c in decided if c.verdict}
    seen = confirmed = 0
    for g in gold_links:
        first, second = g.ends
        found = [verdicts[key] for a in first for b in second if (key := frozenset((a, b))) in verdicts]
        seen += bool(found)
        confirmed += any(verdict != "not_same" for verdict in found)
    return len(gold_links), seen, confirmed


def evaluate_links(
    links: Sequence[CommitmentLink], commitments: Sequence[Commitment], gold_path: Path,
    candidates: Sequence[LinkCandidate] | None = None, title: str = "automatic links",
    decided: Sequence[LinkCandidate] | None = None,
) -> LinkScores:
    """Score predicted links against the gold: endpoints either way, types reported on their own.

    Same-borough links are scored for precision only on the gold's exhaustive document pairs;
    `similar` links only on the document pairs the gold gives similar links for (not exhaustive).
    With ``candidates``, the candidates' recall@k; with ``decided`` (candidates people gave a verdict), how
    many gold links they were shown and confirmed.
    """
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    unresolved: list[str] = []
    gold_links = []
    for entry in gold["links"]:
        ends = [resolve(entry[end], commitments) for end in ("from", "to")]
        label = f"{_label(entry['from'])} -> {_label(entry['to'])} [{entry['type']}]"
        if not all(ends):
            unresolved.append(label)
            continue
        documents = frozenset((entry["from"]["document_id"], entry["to"]["document_id"]))
        gold_links.append(_GoldLink((frozenset(ends[0]), frozenset(ends[1])), entry["type"], documents, label))
    document_of = {c.id: c.document_id for c in commitments}
    exhaustive = {frozenset(pair) for pair in gold["exhaustive_pairs"]}
    similar_pairs = {g.documents for g in gold_links if g.type == "similar"}
    scored_pairs = {"same borough": exhaustive, "similar": similar_pairs}
    groups: dict[str, Score] = {}
    for name, types in (("same borough", SAME_BOROUGH), ("similar", ("similar",))):
        pairs = scored_pairs[name]
        wanted = [g for g in gold_links if g.type in types]
        predicted = [link for link in links if link.type in types and _documents(link, document_of) in pairs]
        groups[name] = _score(predicted, wanted, typed=False)
        if name != "same borough":
            continue
        for link_type in SAME_BOROUGH:
            groups[link_type] = _score(
                [link for link in predicted if link.type == link_type],
                [g for g in wanted if g.type == link_type], typed=True,
            )
        for first, second in gold["exhaustive_pairs"]:
            pair = frozenset((first, second))
            groups[f"{first} -> {second}"] = _score(
                [link for link in predicted if _documents(link, document_of) == pair],
                [g for g in wanted if g.documents == pair], typed=False,
            )
    scores = LinkScores(groups, unresolved, title=title)
    if candidates is not None:
        same = [g for g in gold_links if g.type in SAME_BOROUGH]
        scores.candidates["same borough"] = candidate_recall(candidates, same)
        for first, second in gold["exhaustive_pairs"]:
            pair = frozenset((first, second))
            scores.candidates[f"{first} -> {second}"] = candidate_recall(candidates, [g for g in same if g.documents == pair])
    if decided is not None:
        same = [g for g in gold_links if g.type in SAME_BOROUGH]
        scores.decided["same borough"] = review_agreement(decided, same)
        for link_type in SAME_BOROUGH:
            scores.decided[link_type] = review_agreement(decided, [g for g in same if g.type == link_type])
        for first, second in gold["exhaustive_pairs"]:
            pair = frozenset((first, second))
            scores.decided[f"{first} -> {second}"] = review_agreement(decided, [g for g in same if g.documents == pair])
    return scores


def _documents(link: CommitmentLink, document_of: dict[str, str]) -> frozenset[str | None]:
    return frozenset((document_of.get(link.from_commitment_id), document_of.get(link.to_commitment_id)))


def _score(predicted: Sequence[CommitmentLink], wanted: Sequence[_GoldLink], typed: bool) -> Score:
    """Predicted links against gold links (a link's ends may match several gold links' and the other way
    round, so ``correct`` and ``recalled`` are counted apart); the attribute "type" is the agreement of
    the recalled gold links' types; with ``typed`` only links of the gold's type were passed."""
    score = Score(found=len(predicted), expected=len(wanted), recalled=0)
    for link in predicted:
        if any(g.matches(link.from_commitment_id, link.to_commitment_id) for g in wanted):
            score.correct += 1
        else:
            score.extra.append(f"{link.id} [{link.type} {link.score:.2f}]")
    for g in wanted:
        hits = [link for link in predicted if g.matches(link.from_commitment_id, link.to_commitment_id)]
        if hits:
            score.recalled = score.hits + 1
            score.agree("type", typed or any(link.type == g.type for link in hits))
        else:
            score.missed.append(g.label)
    return score


def _label(endpoint: dict) -> str:
    return f"{endpoint['document_id']}:{endpoint.get('number') or normal(endpoint['text'])[:40]}"


