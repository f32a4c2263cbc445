"""What scoring against gold shares with the build's own cross-document steps: one way of comparing texts, and
the one scorer (:class:`Score`: precision / recall / F1 and attribute agreement) with its one printer
(:func:`score_table`), used for records, themes and links alike.

The gold harness (extract/evaluate/) scores records with these, and so do the people, theme and link
steps when they judge whether two texts are the same item; keeping them here means the build never
imports the gold harness.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

#: Similarity (0-100) two normalised texts need to be the same item.
MATCH_SCORE = 85


def normal(text: str | None) -> str:
    """Lower case, punctuation and white space collapsed: the form texts are compared in."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w%]+", " ", (text or "").lower())).strip()


def normal_text(text: str) -> str:
    """Text compared modulo white space only: runs collapsed, none before punctuation."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" ([.,;:!?)])", r"\1", text)


def ratio(part: int, whole: int) -> float:
    """part / whole, or 1.0 when there is nothing to measure (nothing found, or nothing to find)."""
    return part / whole if whole else 1.0


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def similarity(a: str | None, b: str | None) -> float:
    return fuzz.ratio(normal(a), normal(b))


# -- one scorer ------------------------------------------------------------------------------


@dataclass
class Score:
    """Precision, recall and F1 of what was found against what was expected, with the agreement on
    attributes of the pairs and what was missed and extra: the one scorer of records, themes and links.

    ``correct`` counts found items that match an expected one (precision's numerator); ``recalled``
    the expected items some found item matches (recall's), which is ``correct`` itself when items are
    paired one to one, and may differ when one link's ends match several (None: the same).
    """

    found: int = 0
    expected: int = 0
    correct: int = 0
    recalled: int | None = None
    attributes: dict[str, list[int]] = field(default_factory=dict)  # name -> [agreeing, compared]
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def hits(self) -> int:
        return self.correct if self.recalled is None else self.recalled

    @property
    def precision(self) -> float:
        return ratio(self.correct, self.found)

    @property
    def recall(self) -> float:
        return ratio(self.hits, self.expected)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def false_positives(self) -> int:
        return self.found - self.correct

    @property
    def false_negatives(self) -> int:
        return self.expected - self.hits

    def agreement(self, name: str) -> float:
        """The share of compared pairs agreeing on an attribute (1.0 when none was compared)."""
        agreeing, compared = self.attributes.get(name, (0, 0))
        return ratio(agreeing, compared)

    def agree(self, name: str, same: bool) -> None:
        tally = self.attributes.setdefault(name, [0, 0])
        tally[0] += int(same)
        tally[1] += 1

    def add(self, other: Score) -> None:
        if other.recalled is not None or self.recalled is not None:
            self.recalled = self.hits + other.hits
        self.found += other.found
        self.expected += other.expected
        self.correct += other.correct
        for name, (agreeing, compared) in other.attributes.items():
            tally = self.attributes.setdefault(name, [0, 0])
            tally[0] += agreeing
            tally[1] += compared


#: The count columns a score table can show: header -> a score's count.
COUNT_COLUMNS = {
    "found": lambda s: s.found, "right": lambda s: s.correct, "gold": lambda s: s.expected,
    "hit": lambda s: s.hits, "tp": lambda s: s.correct, "fp": lambda s: s.false_positives,
    "fn": lambda s: s.false_negatives,
}


def score_table(
    labels: Sequence[tuple[str, int]], counts: Sequence[tuple[str, int]], rows: Iterable[tuple[Sequence[str], Score]],
    agreement: str | None = None, attributes: bool = False,
) -> list[str]:
    """The one printer of scores: a row per score, its label columns (header, width), the count columns
    named (``COUNT_COLUMNS``, each with its width), then P, R and F1; ``agreement`` adds one attribute's
    agreement as a column, ``attributes`` every attribute's "agreeing/compared" at the end."""
    header = " ".join([*(f"{name:{width}}" for name, width in labels), *(f"{name:>{width}}" for name, width in counts),
                       f"{'P':>6}", f"{'R':>6}", f"{'F1':>6}", *([f"{agreement:>6}"] if agreement else [])])
    lines = [header + ("  attributes" if attributes else "")]
    for label, score in rows:
        cells = [*(f"{text[:width]:{width}}" for text, (_, width) in zip(label, labels, strict=True)),
                 *(f"{COUNT_COLUMNS[name](score):{width}}" for name, width in counts),
                 f"{score.precision:6.3f}", f"{score.recall:6.3f}", f"{score.f1:6.3f}",
                 *([f"{score.agreement(agreement):6.3f}"] if agreement else [])]
        line = " ".join(cells)
        if attributes:
            line += "  " + ", ".join(f"{n} {a}/{c}" for n, (a, c) in sorted(score.attributes.items()))
        lines.append(line)
    return lines
