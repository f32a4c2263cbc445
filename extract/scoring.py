"""What scoring against gold shares with the build's own cross-document steps: one way of comparing texts and
one precision / recall / F1.

The gold harness (extract/evaluate/) scores records with these, and so do the people, theme and link
steps when they judge whether two texts are the same item; keeping them here means the build never
imports the gold harness.
"""

from __future__ import annotations

import re

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
