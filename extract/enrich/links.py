"""Links between the commitments of different documents: continues, revised, similar.

A borough's later document often carries an earlier commitment on, word for word, renumbered,
merged with its neighbour ("1.5" and "1.6" of a strategy become "1.6" of its action plan), or
reworded and narrowed; another borough may promise much the same thing. Those links are found
by comparing texts the way a reader would skim them: abbreviations expanded (ASB is anti-social
behaviour), spellings and boilerplate ("We will ensure ...") set aside, then two measures combined:
TF-IDF cosine over the corpus's commitments (rare shared words such as "Community Trigger" count
most) and rapidfuzz token-set similarity (one text's words inside the other's). One text written
inside the other (partial ratio) marks a commitment carried on. The vocabulary is data
(``abbreviations.yml``); the thresholds were chosen on the hand-made gold ``tests/gold/links.json``.
"""

from __future__ import annotations

import heapq
import math
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import chain, combinations
from pathlib import Path
from typing import NamedTuple, Protocol

import numpy as np
from scipy import sparse
import sqlite_utils
from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz, process

from models import CommitmentLink, Document, ExtractionIssue, LinkCandidate, document_order
from models.records import LinkType

from ..document.vocabulary import load_vocabulary

VOCABULARY = Path(__file__).with_name("abbreviations.yml")
METHOD = "lexical+tfidf"
CONTAINED_METHOD = "containment"


@dataclass(frozen=True)
class Thresholds:
    """Where a score becomes a link, and which kind; how candidates are ranked and how many are kept.

    Two tiers. An automatic link (same borough) is only the same commitment carried on: a score of at
    least ``continues`` or one text written inside the other; on tests/gold/links.json every such
    link is right. Every other same-borough pair is at most a ranked candidate (:class:`~models.LinkCandidate`),
    for a person to decide. ``similar`` (another borough) maximises F1 of its links; per_item and
    relative by grid. The candidate weights were chosen on the gold (bench/link_candidates.py
    reports each measure's share and the leave-one-document-pair-out figures).
    """

    continues: float = 0.70  # same borough: the same commitment carried on (an automatic link)
    similar: float = 0.44  # another borough's commitment about the same thing
    contained: float = 95.0  # partial ratio (0-100) at which the shorter text is inside the longer
    contained_length: int = 40  # characters the shorter text needs for containment to count
    per_item: int = 3  # strongest links kept per commitment and other document (the rest is noise)
    relative: float = 0.7  # share of the best score of each end a link needs
    cosine_weight: float = 0.6  # weight of TF-IDF cosine against token-set similarity
    #: TF-IDF cosine under which a pair is not a candidate at all (blocking: the cheap measure first).
    #: It drops nine pairs in ten; the weakest link of the bundled corpus has cosine 0.21.
    candidate_cosine: float = 0.1
    # -- candidates (same borough): score = lexical + the weights below times their measures, scaled to 0..1
    theme_weight: float = 0.1  # cosine of the two commitments' theme scores
    priority_weight: float = 0.2  # correspondence of the priorities they sit under
    position_weight: float = 0.05  # closeness of their places in their documents
    candidates: int = 5  # a pair is kept when within the top this many of either end (rank or reverse rank)
    candidate_floor: float = 0.3  # ... and it scores at least this
    candidate_rows: int = 256  # earlier commitments scored at once (memory: this many times the later document)


THRESHOLDS = Thresholds()


# -- the vocabulary ------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkVocabulary:
    """Abbreviations, spelling variants and stop words (extract/enrich/abbreviations.yml)."""

    abbreviations: dict[str, str]
    variants: dict[str, str]  # variant phrase -> canonical form
    stop_words: frozenset[str]
    abbreviation_pattern: re.Pattern[str] = field(init=False)
    variant_pattern: re.Pattern[str] | None = field(init=False)

    def __post_init__(self) -> None:
        keys = sorted(self.abbreviations, key=len, reverse=True)  # "CS MARAC" before "MARAC"
        pattern = r"\b(" + "|".join(re.escape(key).replace(r"\ ", r"\s+") for key in keys) + r")(s?)\b"
        object.__setattr__(self, "abbreviation_pattern", re.compile(pattern))
        variants = sorted(self.variants, key=len, reverse=True)
        object.__setattr__(
            self, "variant_pattern",
            re.compile(r"\b(" + "|".join(re.escape(v) for v in variants) + r")\b") if variants else None,
        )


class AbbreviationsFile(BaseModel):
    """The schema of ``abbreviations.yml``: an unknown key or a wrong type is an error naming the file and the key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    abbreviations: dict[str, str] = {}
    variants: dict[str, list[str]] = {}
    stop_words: str = ""


@lru_cache(maxsize=4)
def load_link_vocabulary(path: Path = VOCABULARY) -> LinkVocabulary:
    """Read the vocabulary file once, validated."""
    data = load_vocabulary(Path(path), AbbreviationsFile)
    variants = {
        _plain(variant): _plain(canonical)
        for canonical, forms in data.variants.items()
        for variant in forms
    }
    return LinkVocabulary(
        abbreviations={_spaced(k): v for k, v in data.abbreviations.items()},
        variants=variants,
        stop_words=frozenset(data.stop_words.lower().split()),
    )


def expand(text: str, vocabulary: LinkVocabulary | None = None) -> str:
    """The text with every abbreviation written out ("ASB" -> "anti-social behaviour")."""
    vocabulary = vocabulary or load_link_vocabulary()

    def replace(match: re.Match[str]) -> str:
        return vocabulary.abbreviations[_spaced(match.group(1))] + ("s" if match.group(2) else "")

    return vocabulary.abbreviation_pattern.sub(replace, text)


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


def _plain(text: str) -> str:
    """Lower case, hyphens and punctuation as spaces, white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", text.lower())).strip()


def normalise(text: str, vocabulary: LinkVocabulary | None = None) -> str:
    """Abbreviations expanded, lower case, punctuation dropped, spellings made one."""
    vocabulary = vocabulary or load_link_vocabulary()
    plain = _plain(expand(text, vocabulary))
    if vocabulary.variant_pattern is not None:
        plain = vocabulary.variant_pattern.sub(lambda m: vocabulary.variants[m.group(1)], plain)
    return plain


_SUFFIXES = (
    "isations", "izations", "isation", "ization", "ations", "ation", "nesses", "ness", "ments", "ment",
    "ings", "ing", "ised", "ized", "ises", "izes", "ise", "ize", "ions", "ion", "ors", "or", "ers", "er",
    "ies", "ied", "ed", "es", "ly", "s",
)


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """A light suffix-stripping stem, so that "victims", "victimisation" and "victim" are one word."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            root = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return root + "y"
            if suffix == "s" and root.endswith(("s", "u")):
                return word  # "process", "focus"
            return root[:-1] if root.endswith("e") and len(root) > 3 else root
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


#: Prefixes a compound may be written with or without ("re-offending", "offending"; "under-reporting", "reporting").
PREFIXES = ("under", "over", "multi", "cross", "anti", "non", "re", "co")


def with_roots(words: Sequence[str], known: Container[str]) -> list[str]:
    """The words, each prefixed compound followed by its root when the root is a word of the corpus
    (``known``): "reoffend" is also "offend", so that reducing re-offending and reducing offending share a word."""
    out = []
    for word in words:
        out.append(word)
        for prefix in PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 4 and word[len(prefix):] in known:
                out.append(word[len(prefix):])
                break
    return out


def tokens(text: str, vocabulary: LinkVocabulary | None = None) -> list[str]:
    """Content words of a text, normalised and stemmed, in order."""
    vocabulary = vocabulary or load_link_vocabulary()
    words = normalise(text, vocabulary).split()
    return [stem(w) for w in words if w not in vocabulary.stop_words and (len(w) > 1 or w.isdigit())]


# -- similarity ------------------------------------------------------------------------------


class TfIdf:
    """TF-IDF vectors (sublinear tf, smoothed idf, unit length) over a corpus of token lists."""

    def __init__(self, frequency: Counter[str], count: int) -> None:
        """From each term's document frequency over ``count`` token lists (counted as they stream by)."""
        self.idf = {term: math.log((1 + count) / (1 + df)) + 1.0 for term, df in frequency.items()}
        self.default_idf = math.log(1 + count) + 1.0

    @classmethod
    def fit(cls, documents: Iterable[Sequence[str]]) -> TfIdf:
        documents = list(documents)
        return cls(Counter(term for words in documents for term in set(words)), len(documents))

    def vector(self, words: Sequence[str]) -> dict[str, float]:
        counts = Counter(words)
        weights = {t: (1 + math.log(n)) * self.idf.get(t, self.default_idf) for t, n in counts.items()}
        length = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / length for t, w in weights.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


@dataclass(frozen=True)
class ComparedCommitment:
    """A commitment as compared: its content words, their TF-IDF vector, its normalised text."""

    id: str
    document_id: str
    words: tuple[str, ...]
    vector: dict[str, float]
    text: str  # normalised, stop words kept: for containment
    priority_id: str | None = None  # the priority it sits under (candidates: the priorities' correspondence)
    number: str | None = None
    themes: tuple[tuple[str, float], ...] = ()  # its themes and their scores (item_themes)


@dataclass(frozen=True)
class Similarity:
    """How alike two commitments are, by each measure and combined (0-1)."""

    cosine: float
    overlap: float  # rapidfuzz token_set_ratio of the content words, 0-1
    contained: float  # rapidfuzz partial_ratio of the shorter normalised text in the longer, 0-100
    shorter: int  # characters of the shorter normalised text
    score: float


class Placed(Protocol):
    """What the linker reads of a document (a :class:`~models.Document`, or a :class:`Place`)."""

    @property
    def id(self) -> str: ...
    @property
    def borough_id(self) -> str: ...
    @property
    def period_start(self) -> int: ...
    @property
    def published(self) -> date | None: ...
    @property
    def period_end(self) -> int: ...


class Place(NamedTuple):
    """A document's id, borough and dates: all the linker needs of it (a few fields, not the record)."""

    id: str
    borough_id: str
    period_start: int
    published: date | None
    period_end: int


class Linkable(Protocol):
    """What the linker reads of a commitment (a :class:`~models.Commitment`, or a database row)."""

    id: str
    document_id: str
    text: str


def items_of(
    commitments: Sequence[Linkable], extra_stop_words: AbstractSet[str] = frozenset(),
    themes: Mapping[str, Mapping[str, float]] | None = None,
) -> list[ComparedCommitment]:
    """Commitments prepared for comparison, with IDF over all of them (each compound with its root: :func:`with_roots`).

    A commitment's priority and number are read when it has them; ``themes`` gives each commitment's themes
    and scores (commitment id -> theme -> score), for ranking candidates.
    """
    words = [content_words(c.text, extra_stop_words) for c in commitments]
    tfidf = TfIdf.fit(words)
    known = set(tfidf.idf)
    themes = themes or {}
    items = []
    for c, w in zip(commitments, words, strict=True):
        w = with_roots(w, known)
        items.append(ComparedCommitment(
            c.id, c.document_id, tuple(w), tfidf.vector(w), normalise(c.text), getattr(c, "priority_id", None),
            getattr(c, "number", None), tuple(sorted(themes.get(c.id, {}).items())),
        ))
    return items


def content_words(text: str, extra_stop_words: AbstractSet[str] = frozenset()) -> list[str]:
    """The words of a commitment that are compared (:func:`tokens`, less the extra stop words)."""
    return [w for w in tokens(text) if w not in extra_stop_words]


def similarity(a: ComparedCommitment, b: ComparedCommitment, thresholds: Thresholds = THRESHOLDS) -> Similarity:
    """Combined similarity of two prepared commitments."""
    cos = cosine(a.vector, b.vector)
    overlap = fuzz.token_set_ratio(" ".join(a.words), " ".join(b.words)) / 100 if a.words and b.words else 0.0
    shorter, longer = sorted((a.text, b.text), key=len)
    contained = fuzz.partial_ratio(shorter, longer) if shorter else 0.0
    weight = thresholds.cosine_weight
    return Similarity(cos, overlap, contained, len(shorter), weight * cos + (1 - weight) * overlap)


# -- one document's commitments against another's, at once -------------------------------------

#: Token-set similarity under which a text is not taken to be written inside the other, so containment
#: (a character-level comparison, the costliest measure) is not computed: every pair of the bundled
#: corpus's commitments with containment >= 95 has token-set similarity 1.0 (one's words inside the other's).
CONTAINMENT_HINT = 0.8


@dataclass
class Side:
    """One document's commitments, as a sparse matrix of their TF-IDF weights over the corpus's terms,
    with what ranking candidates reads: each one's place, priority and themes.

    Sparse (scipy.sparse CSR): a commitment has a few dozen terms of the thousands a corpus has, so the
    matrix takes memory in proportion to the document's words, not to its length times the vocabulary
    (a dense one was 10,000 x 20,000 x 8 bytes for a long plan: issue 17).
    """

    document: Placed
    items: list[ComparedCommitment]
    joined: list[str]  # each item's content words, space-joined (what token-set similarity compares)
    lengths: np.ndarray  # each item's normalised text's length (for containment)
    weights: sparse.csr_matrix  # items x the corpus's terms, each row a unit vector
    positions: np.ndarray  # each item's relative place in the document, 0 (first) to 1 (last)
    groups: np.ndarray  # each item's priority, as a row of ``profiles``
    profiles: sparse.csr_matrix  # priorities x terms: the sum of each priority's items' rows, a unit vector
    themes: np.ndarray  # items x the corpus's themes: each item's theme scores, a unit vector (or zero)

    @classmethod
    def of(
        cls, document: Placed, items: list[ComparedCommitment], term_ids: dict[str, int],
        theme_ids: Mapping[str, int] | None = None,
    ) -> Side:
        rows = [row for row, item in enumerate(items) for _ in item.vector]
        columns = [term_ids[term] for item in items for term in item.vector]
        values = [weight for item in items for weight in item.vector.values()]
        weights = sparse.csr_matrix((values, (rows, columns)), shape=(len(items), len(term_ids)), dtype=np.float64)
        group_of: dict[str | None, int] = {}
        groups = np.array([group_of.setdefault(item.priority_id, len(group_of)) for item in items], dtype=np.int64)
        members = sparse.csr_matrix((np.ones(len(items)), (groups, np.arange(len(items)))),
                                    shape=(len(group_of), len(items)))
        profiles = sparse.csr_matrix(members @ weights)
        norms = np.sqrt(np.asarray(profiles.multiply(profiles).sum(axis=1)).ravel())
        profiles = sparse.csr_matrix(sparse.diags(1 / np.maximum(norms, 1e-12)) @ profiles)
        theme_ids = theme_ids or {}
        themes = np.zeros((len(items), max(1, len(theme_ids))))
        for row, item in enumerate(items):
            for theme, score in item.themes:
                if theme in theme_ids:
                    themes[row, theme_ids[theme]] = score
        themes /= np.maximum(np.linalg.norm(themes, axis=1, keepdims=True), 1e-12)
        return cls(
            document, items, [" ".join(item.words) for item in items], np.array([len(i.text) for i in items]),
            weights, np.arange(len(items)) / max(1, len(items) - 1), groups, profiles, themes,
        )


def scored_pairs(
    a: Side, b: Side, thresholds: Thresholds = THRESHOLDS, same_borough: bool = True,
) -> Iterator[tuple[ComparedCommitment, ComparedCommitment, Similarity]]:
    """The pairs of a's and b's commitments that may be links, with their similarity.

    The same measures as :func:`similarity`, for a document pair ``thresholds.candidate_rows`` of a's
    commitments at a time (memory: that many times b's length, whatever a's): cosine as a sparse matrix
    product, token-set similarity in rapidfuzz's C++ loop for the pairs whose cosine can still reach a
    link (:func:`cosine_floor`), containment only where it decides something (a same-borough pair short
    of `continues` whose words are nearly all shared). Pairs that cannot be links are left out.
    """
    floor = cosine_floor(thresholds)
    for start in range(0, len(a.items), thresholds.candidate_rows):
        chunk = np.arange(start, min(len(a.items), start + thresholds.candidate_rows))
        cosines = (a.weights[chunk] @ b.weights.T).toarray()
        rows, columns = np.nonzero(cosines >= floor)
        if len(rows):
            yield from _scored(a, b, rows + start, columns, cosines[rows, columns], thresholds, same_borough)


def _scored(
    a: Side, b: Side, rows: np.ndarray, columns: np.ndarray, cosines: np.ndarray, thresholds: Thresholds,
    same_borough: bool,
) -> Iterator[tuple[ComparedCommitment, ComparedCommitment, Similarity]]:
    """:func:`scored_pairs` for the pairs (rows, columns) past the cosine floor, with their cosines."""
    overlaps = process.cpdist(
        [a.joined[i] for i in rows], [b.joined[j] for j in columns], scorer=fuzz.token_set_ratio, dtype=np.float64,
    ) / 100
    weight = thresholds.cosine_weight
    scores = weight * cosines + (1 - weight) * overlaps
    shorter = np.minimum(a.lengths[rows], b.lengths[columns])
    lowest = thresholds.continues if same_borough else thresholds.similar
    contain = np.zeros(len(rows), dtype=bool)
    if same_borough:
        contain = (scores < thresholds.continues) & (overlaps >= CONTAINMENT_HINT) & (shorter >= thresholds.contained_length)
    wanted = np.nonzero((scores >= lowest) | contain)[0]
    for k in wanted.tolist():
        x, y = a.items[rows[k]], b.items[columns[k]]
        contained = 0.0
        if contain[k]:
            first, second = sorted((x.text, y.text), key=len)
            contained = fuzz.partial_ratio(first, second, score_cutoff=thresholds.contained)
        yield x, y, Similarity(float(cosines[k]), float(overlaps[k]), contained, int(shorter[k]), float(scores[k]))


def cosine_floor(thresholds: Thresholds = THRESHOLDS) -> float:
    """The cosine under which a pair is not measured further.

    No pair under ``(lowest threshold - token-set weight) / cosine weight`` can score a link, whatever
    its token-set similarity (at most 1); ``candidate_cosine`` is the blocking floor above that.
    """
    lowest = min(thresholds.continues, thresholds.similar)
    return max(0.0, (lowest - (1 - thresholds.cosine_weight)) / thresholds.cosine_weight, thresholds.candidate_cosine)


# -- candidates: every plausible pair, ranked for review ----------------------------------------

CANDIDATE_METHOD = "lexical+structure"


@dataclass(frozen=True)
class Measures:
    """A chunk of earlier commitments against a later document: each measure and the score, rows x columns."""

    lexical: np.ndarray
    themes: np.ndarray
    priority: np.ndarray
    position: np.ndarray
    score: np.ndarray


def priority_correspondence(a: Side, b: Side) -> np.ndarray:
    """How well each priority of ``a`` corresponds to each of ``b`` (0-1), priorities x priorities.

    The cosine of the two priorities' words (all their commitments'), relative to the best match of
    either: 1 for a priority's best counterpart in the other document. Outcomes, themes and headings
    are renamed between a strategy and its plans; what sits under them is what carries on.
    """
    match = (a.profiles @ b.profiles.T).toarray()
    by_row = match / np.maximum(match.max(axis=1, keepdims=True), 1e-12)
    by_column = match / np.maximum(match.max(axis=0, keepdims=True), 1e-12)
    return np.clip(np.maximum(by_row, by_column), 0.0, 1.0)


def measures(a: Side, b: Side, rows: np.ndarray, correspondence: np.ndarray, thresholds: Thresholds = THRESHOLDS) -> Measures:
    """Every measure of the candidates between ``a``'s items ``rows`` and all of ``b``'s."""
    cosines = (a.weights[rows] @ b.weights.T).toarray()
    overlaps = process.cdist([a.joined[i] for i in rows], b.joined, scorer=fuzz.token_set_ratio, dtype=np.float64) / 100
    weight = thresholds.cosine_weight
    lexical = np.clip(weight * cosines + (1 - weight) * overlaps, 0.0, 1.0)
    themes = np.clip(a.themes[rows] @ b.themes.T, 0.0, 1.0)
    priority = correspondence[np.ix_(a.groups[rows], b.groups)]
    position = 1.0 - np.abs(a.positions[rows][:, None] - b.positions[None, :])
    weights = (thresholds.theme_weight, thresholds.priority_weight, thresholds.position_weight)
    score = (lexical + weights[0] * themes + weights[1] * priority + weights[2] * position) / (1 + sum(weights))
    return Measures(lexical, themes, priority, position, score)


def _ranks(score: np.ndarray, ties: np.ndarray) -> np.ndarray:
    """Each entry's rank (1 = best) along the last axis: higher score first, ties by ``ties`` (the ids' order)."""
    order = np.lexsort((np.broadcast_to(ties, score.shape), -score), axis=-1)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, score.shape[-1] + 1)[None, :].repeat(score.shape[0], axis=0), axis=-1)
    return ranks


def _id_order(items: Sequence[ComparedCommitment]) -> np.ndarray:
    """Each item's place in the order of the ids (the tie-break of ranks)."""
    return np.argsort(np.argsort(np.array([item.id for item in items], dtype=object), kind="stable"), kind="stable")


def rank_candidates(
    earlier: Side, later: Side, thresholds: Thresholds = THRESHOLDS, automatic: AbstractSet[str] = frozenset(),
) -> list[LinkCandidate]:
    """The candidate links of two documents of one borough, each with its rank from both ends.

    Every pair is scored (:func:`measures`), ``thresholds.candidate_rows`` earlier commitments at a
    time (memory: that many times the later document, whatever the earlier one's length). A pair is
    kept when it is within the top ``thresholds.candidates`` of either end (``rank``: the later
    commitment among the earlier one's; ``reverse_rank``: the earlier among the later one's) and scores
    at least ``candidate_floor``; a pair whose id is in ``automatic`` (an automatic link) is always kept.
    """
    n, m, k = len(earlier.items), len(later.items), thresholds.candidates
    if not n or not m:
        return []
    correspondence = priority_correspondence(earlier, later)
    row_ties, column_ties = _id_order(earlier.items), _id_order(later.items)
    chunks = [np.arange(start, min(n, start + thresholds.candidate_rows)) for start in range(0, n, thresholds.candidate_rows)]
    index_of = {item.id: i for i, item in enumerate(earlier.items)}
    later_index = {item.id: j for j, item in enumerate(later.items)}
    forced = set()  # the automatic links, as (row, column)
    for pair_id in automatic:
        first, _, second = pair_id.partition("->")
        if first in index_of and second in later_index:
            forced.add((index_of[first], later_index[second]))
    kept: dict[tuple[int, int], tuple[int, float, float, float, float, float]] = {}  # (i, j) -> rank, measures
    best_rows = np.full((k, m), -1, dtype=np.int64)  # each column's best rows so far, best first
    best_scores = np.full((k, m), -np.inf)
    single = None
    for rows in chunks:
        found = measures(earlier, later, rows, correspondence, thresholds)
        if len(chunks) == 1:
            single = found.score
        ranks = _ranks(found.score, column_ties)
        scores = np.vstack([best_scores, found.score])
        candidates = np.vstack([best_rows, np.repeat(rows[:, None], m, axis=1)])
        ties = np.where(candidates >= 0, row_ties[np.maximum(candidates, 0)], n)
        top = np.lexsort((ties, -scores), axis=0)[:k]
        best_scores = np.take_along_axis(scores, top, axis=0)
        best_rows = np.take_along_axis(candidates, top, axis=0)
        wanted = ranks <= k
        fresh = top >= k  # this chunk's rows among each column's best
        wanted[top[fresh] - k, np.nonzero(fresh)[1]] = True
        for i, j in forced:
            if rows[0] <= i <= rows[-1]:
                wanted[i - rows[0], j] = True
        for offset, j in zip(*np.nonzero(wanted), strict=True):
            kept[int(rows[offset]), int(j)] = (
                int(ranks[offset, j]), float(found.score[offset, j]), float(found.lexical[offset, j]),
                float(found.themes[offset, j]), float(found.priority[offset, j]), float(found.position[offset, j]))
    in_column = {(int(best_rows[r, j]), j): r + 1 for r in range(k) for j in range(m) if best_rows[r, j] >= 0}
    found_pairs = []
    for (i, j), (rank, score, lexical, themes, priority, position) in kept.items():
        reverse = in_column.get((i, j))
        if (i, j) not in forced and (score < thresholds.candidate_floor or (rank > k and reverse is None)):
            continue
        found_pairs.append((i, j, rank, reverse, score, lexical, themes, priority, position))
    # reverse ranks beyond the top k: count, in each column, the rows that come before (a second pass if chunked)
    beyond = [(i, j, score) for i, j, _, reverse, score, *_ in found_pairs if reverse is None]
    counts: dict[tuple[int, int], int] = defaultdict(int)
    if beyond:
        needed_i = np.array([i for i, _, _ in beyond])
        needed_j = np.array([j for _, j, _ in beyond])
        needed_s = np.array([s for *_, s in beyond])
        for rows in chunks:
            column = (single if single is not None else measures(earlier, later, rows, correspondence, thresholds).score)[:, needed_j]
            before = (column > needed_s[None, :]) | (
                (column == needed_s[None, :]) & (row_ties[rows][:, None] < row_ties[needed_i][None, :]))
            for index, count in enumerate(before.sum(axis=0).tolist()):
                counts[int(needed_i[index]), int(needed_j[index])] += count
    result = []
    for i, j, rank, reverse, score, lexical, themes, priority, position in found_pairs:
        a, b = earlier.items[i], later.items[j]
        pair_id = f"{a.id}->{b.id}"
        result.append(LinkCandidate(
            id=pair_id, from_commitment_id=a.id, to_commitment_id=b.id, from_document_id=a.document_id,
            to_document_id=b.document_id, rank=rank, reverse_rank=reverse if reverse is not None else counts[i, j] + 1,
            score=round(min(1.0, max(0.0, score)), 4), method=CANDIDATE_METHOD, lexical=round(lexical, 4),
            themes=round(themes, 4), priority=round(priority, 4), position=round(position, 4),
            same_number=a.number is not None and a.number == b.number, automatic=pair_id in automatic,
        ))
    return sorted(result, key=lambda c: c.id)


# -- linking ----------------------------------------------------------------------------------


def _dated(document: Placed) -> tuple[int, date, int]:
    return document_order(document)[:3]


class End(NamedTuple):
    """A commitment at one end of a candidate link (its id and document: not its prepared text)."""

    id: str
    document_id: str


@dataclass(frozen=True)
class Candidate:
    """A scored pair of commitments, earlier first, with the type it would be."""

    earlier: End
    later: End
    similarity: Similarity
    type: LinkType
    contained: bool
    ends: tuple[tuple[str, str], tuple[str, str]]  # each commitment, with what it is ranked within

    def link(self) -> CommitmentLink:
        return _link(self.earlier, self.later, self.type, self.similarity.score, self.contained)


def _link(earlier: End, later: End, type: LinkType, score: float, contained: bool) -> CommitmentLink:
    """The published link between two commitments."""
    return CommitmentLink(
        id=f"{earlier.id}->{later.id}", from_commitment_id=earlier.id, to_commitment_id=later.id,
        from_document_id=earlier.document_id, to_document_id=later.document_id, type=type,
        score=round(min(1.0, score), 4), method=CONTAINED_METHOD if contained else METHOD,
    )


def compared_boroughs(
    boroughs: Iterable[str], neighbours: Iterable[tuple[str, str]] | None, at_least: int,
) -> set[frozenset[str]]:
    """The pairs of boroughs whose commitments are compared for `similar` links.

    Without a map (``neighbours`` None) every pair. With one, each borough is compared with its
    nearest boroughs in the corpus (fewest borders crossed, ties together) until there are
    ``at_least`` of them: as far as officers look for comparisons, and a number of comparisons that
    grows with the corpus, not with its square. A borough the map does not reach is compared with all.
    """
    boroughs = sorted(set(boroughs))
    if neighbours is None:
        return {frozenset(pair) for pair in combinations(boroughs, 2)}
    graph: dict[str, set[str]] = defaultdict(set)
    for one, other in neighbours:
        graph[one].add(other)
        graph[other].add(one)
    pairs = set()
    for borough in boroughs:
        distance = _distances(borough, graph)
        others = sorted((distance.get(b, math.inf), b) for b in boroughs if b != borough)
        if not others:
            continue
        reach = others[min(at_least, len(others)) - 1][0]
        pairs |= {frozenset((borough, b)) for d, b in others if d <= reach}
    return pairs


def _distances(start: str, graph: dict[str, set[str]]) -> dict[str, int]:
    """Borders crossed from ``start`` to every borough the map reaches (breadth first)."""
    distance = {start: 0}
    frontier = [start]
    while frontier:
        following = []
        for borough in frontier:
            for neighbour in sorted(graph[borough]):
                if neighbour not in distance:
                    distance[neighbour] = distance[borough] + 1
                    following.append(neighbour)
        frontier = following
    return distance


#: Documents whose prepared commitments are held at once while linking: a block of earlier documents,
#: which every later document is compared with as it is read. Memory is this many documents'
#: commitments, whatever the size of a borough; each document is read once per block before it.
BLOCK_DOCUMENTS = 16


def link_blocks(
    boroughs: dict[str, list[Placed]],
    side: Callable[[Placed], Side | None],
    compared: set[frozenset[str]],
    thresholds: Thresholds = THRESHOLDS,
    on_borough: Callable[[int, int], None] | None = None,
    block: int = BLOCK_DOCUMENTS,
) -> Iterator[CommitmentLink | LinkCandidate | ExtractionIssue]:
    """The links of a corpus, a borough (and a pair of boroughs) at a time, and the same-borough candidates.

    ``boroughs`` lists each borough's documents; ``side(document)`` prepares a document's
    commitments (None when it has none). A borough's own documents are compared pairwise
    (continues, revised), then with each later borough it is compared with (similar). Documents
    are read a block at a time, and each document after the block is compared with it as it
    comes (a block nested-loop join): no more than ``block`` + 1 documents are held at once.

    A borough whose links cannot be made (out of memory, or a bug) gives an error issue (code
    links-failed) on each of its documents, and the next borough is linked all the same: the links of a
    borough given before the failure are right, but not all there.
    """
    order = sorted(boroughs)
    for index, borough in enumerate(order):
        try:
            yield from _borough_links(borough, order[index + 1:], boroughs, side, compared, thresholds, block)
        except Exception as error:  # MemoryError among them (under the build's memory bound: Links in steps.py)
            yield from _failed(borough, boroughs[borough], error)
        if on_borough:
            on_borough(index + 1, len(order))


def _failed(borough: str, documents: Sequence[Placed], error: Exception) -> Iterator[ExtractionIssue]:
    """The error issues of a borough whose links could not be made: one on each of its documents."""
    if isinstance(error, MemoryError):
        why = ("it ran out of memory (the build's bound on the links step: strategy-extract build --memory-limit; or "
               "the machine's). Build with a higher --memory-limit, on a machine with more memory, or split the "
               "borough's longest documents")
    else:
        why = f"internal error: {type(error).__name__}: {error} (please report it)"
    message = (f"The links between commitments of borough {borough} ({len(documents)} documents) could not all be "
               f"made: {why}. Its records are written; its links and candidates (commitment_links, link_candidates) "
               "are incomplete.")
    for document in documents:
        yield ExtractionIssue(id=f"{document.id}:links-failed", document_id=document.id, severity="error",
                              code="links-failed", message=message)


def _borough_links(
    borough: str, later_boroughs: Sequence[str], boroughs: dict[str, list[Placed]], side: Callable[[Placed], Side | None],
    compared: set[frozenset[str]], thresholds: Thresholds, block: int,
) -> Iterator[CommitmentLink | LinkCandidate]:
    """One borough's links and candidates among its own documents, then its `similar` links with each later
    borough it is compared with (see :func:`link_blocks`)."""
    documents = sorted(boroughs[borough], key=document_order)
    for held, coming in _blocks(documents, side, block):
        for later in coming:
            for earlier in held:
                if document_order(earlier.document) >= document_order(later.document):
                    continue  # an earlier pair, or the same document: compared in its own block
                if _dated(earlier.document) != _dated(later.document):  # same-dated: not each other's sequel
                    candidates = _candidates(earlier, later, thresholds, same_borough=True)
                    links = [c.link() for c in _strongest(candidates, thresholds.per_item, thresholds.relative)]
                    yield from links
                    yield from rank_candidates(earlier, later, thresholds, {link.id for link in links})
    for other in later_boroughs:
        if frozenset((borough, other)) not in compared:
            continue
        contenders = _Contenders(thresholds.per_item, thresholds.relative)
        theirs = sorted(boroughs[other], key=document_order)
        for held, coming in _blocks(documents, side, block, theirs):
            for yours in coming:
                for mine in held:
                    earlier, later = sorted((mine, yours), key=lambda s: document_order(s.document))
                    contenders.add(_candidates(earlier, later, thresholds, same_borough=False))
        yield from contenders.links()


def _blocks(
    documents: Sequence[Placed], side: Callable[[Placed], Side | None], block: int,
    against: Sequence[Placed] | None = None,
) -> Iterator[tuple[list[Side], Iterator[Side]]]:
    """Each block of ``documents``' sides, with the sides to compare it with, read one at a time.

    Without ``against``, the documents are compared among themselves: each block comes with itself
    and every document after it (pairs within the block come twice, once each way round). With
    ``against``, each block comes with all of those.
    """
    for start in range(0, len(documents), block):
        held = [found for d in documents[start:start + block] if (found := side(d)) is not None]
        if not held:
            continue
        if against is None:
            rest = (found for d in documents[start + block:] if (found := side(d)) is not None)
            yield held, chain(held, rest)
        else:
            yield held, (found for d in against if (found := side(d)) is not None)


class _Contenders:
    """The `similar` candidates of a pair of boroughs, on disk until :func:`_strongest`'s rule picks.

    A candidate is kept when fewer than ``per_item`` stronger ones share either of its ends and it
    scores at least ``relative`` of each end's best: a rule over each end's ranking, which window
    functions compute in a private temporary SQLite database (a file SQLite deletes on close). Memory
    holds neither the candidates nor their ends, however many commitments the two boroughs have.
    Of each document pair's candidates, those outside the ``per_item`` strongest of both their ends
    are dropped at once: they can neither be kept nor push another out.
    """

    def __init__(self, per_item: int, relative: float) -> None:
        self.per_item, self.relative = per_item, relative
        self.db = sqlite3.connect("")
        self.db.executescript("""
            create table candidates (id integer primary key, strength real, earlier text, later text,
                                     earlier_document text, later_document text, type text, score real,
                                     contained integer);
            create table ends (candidate integer, end_key text);
        """)
        self.count = 0

    def add(self, candidates: Sequence[Candidate]) -> None:
        seen: Counter[tuple[str, str]] = Counter()
        rows, ends = [], []
        for c in sorted(candidates, key=_rank):
            if any(seen[end] < self.per_item for end in c.ends):
                self.count += 1
                rows.append((self.count, _strength(c), c.earlier.id, c.later.id, c.earlier.document_id,
                             c.later.document_id, c.type, c.similarity.score, c.contained))
                ends += [(self.count, "\x1f".join(end)) for end in c.ends]
            seen.update(c.ends)
        self.db.executemany("insert into candidates values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        self.db.executemany("insert into ends values (?, ?)", ends)

    def links(self) -> list[CommitmentLink]:
        """The candidates kept, as links, strongest first; the temporary database is closed."""
        rows = self.db.execute(
            """with ranked as (
                 select e.candidate,
                   row_number() over (partition by e.end_key order by c.strength desc, c.earlier, c.later) as rank,
                   c.strength >= :relative * max(c.strength) over (partition by e.end_key) as strong
                 from ends e join candidates c on c.id = e.candidate
               )
               select earlier, later, earlier_document, later_document, type, score, contained
               from candidates
               where id in (select candidate from ranked group by candidate having max(rank) <= :k and min(strong))
               order by strength desc, earlier, later""",
            {"k": self.per_item, "relative": self.relative},
        ).fetchall()
        self.db.close()
        return [_link(End(a, a_document), End(b, b_document), t, score, bool(contained))
                for a, b, a_document, b_document, t, score, contained in rows]


def _candidates(earlier: Side, later: Side, thresholds: Thresholds, same_borough: bool) -> list[Candidate]:
    """The pairs of two documents' commitments that are links, each with its ends for ranking.

    Same borough, a commitment's links are ranked within each other document; across boroughs,
    within each other borough (so that a near copy in every one of a borough's documents does not
    bring a link from each).

    Two passes over the pairs (:func:`scored_pairs`, a block of rows at a time): the first finds each
    end's ``per_item``-th strongest link; the second keeps only the links at least that strong at one end
    or the other. A link outside both can neither be kept by :func:`_strongest` nor push another out
    (at each of its ends ``per_item`` stronger ones come first), so the result is the same, and memory
    holds ``per_item`` links per commitment however many near copies two long documents share.
    """

    def each() -> Iterator[Candidate]:
        for a, b, s in scored_pairs(earlier, later, thresholds, same_borough):
            if same_borough:
                ends = ((a.id, later.document.id), (b.id, earlier.document.id))
            else:
                ends = ((a.id, later.document.borough_id), (b.id, earlier.document.borough_id))
            candidate = _candidate(a, b, s, same_borough, ends, thresholds)
            if candidate:
                yield candidate

    strongest: dict[tuple[str, str], list[float]] = defaultdict(list)  # each end's per_item strongest: a min-heap
    for candidate in each():
        strength = _strength(candidate)
        for end in candidate.ends:
            heap = strongest[end]
            if len(heap) < thresholds.per_item:
                heapq.heappush(heap, strength)
            elif strength > heap[0]:
                heapq.heapreplace(heap, strength)
    floor = {end: heap[0] for end, heap in strongest.items() if len(heap) >= thresholds.per_item}
    return [c for c in each() if any(_strength(c) >= floor.get(end, -math.inf) for end in c.ends)]


def link_records(
    documents: Sequence[Document], commitments: Sequence[Linkable], thresholds: Thresholds = THRESHOLDS,
    neighbours: Iterable[tuple[str, str]] | None = None, at_least: int = 3, block: int = BLOCK_DOCUMENTS,
    themes: Mapping[str, Mapping[str, float]] | None = None,
) -> list[CommitmentLink | LinkCandidate | ExtractionIssue]:
    """The links and candidates between commitments of different documents (see :func:`link_commitments`), and
    the error issues of a borough whose links could not be made."""
    by_id = {document.id: document for document in documents}
    commitments = sorted((c for c in commitments if c.document_id in by_id and c.text.strip()),
                         key=lambda c: getattr(c, "position", 0))  # each document's in its order
    items = items_of(commitments, borough_stop_words(documents), themes)
    tfidf_terms = {term: index for index, term in enumerate(sorted({t for item in items for t in item.vector}))}
    theme_ids = {theme: index for index, theme in enumerate(sorted({t for i in items for t, _ in i.themes}))}
    by_document: dict[str, list[ComparedCommitment]] = defaultdict(list)
    for item in items:
        by_document[item.document_id].append(item)
    boroughs = _by_borough(by_document, by_id)

    def side(document: Placed) -> Side | None:
        found = by_document[document.id]
        return Side.of(document, found, tfidf_terms, theme_ids) if found else None

    compared = compared_boroughs(boroughs, neighbours, at_least)
    return list(link_blocks(boroughs, side, compared, thresholds, block=block))


def link_commitments(
    documents: Sequence[Document], commitments: Sequence[Linkable], thresholds: Thresholds = THRESHOLDS,
    neighbours: Iterable[tuple[str, str]] | None = None, at_least: int = 3, block: int = BLOCK_DOCUMENTS,
) -> list[CommitmentLink]:
    """Automatic links between commitments of different documents, earlier -> later, sorted by id.

    Same borough, different dates: `continues` only (the same commitment carried on; a revision is a
    candidate, :func:`rank_candidates`). Different boroughs: `similar`, between the boroughs
    :func:`compared_boroughs` pairs. Each commitment keeps only its strongest few links into (or from)
    any one other document (for `similar`, any one other borough).
    """
    found = link_records(documents, commitments, thresholds, neighbours, at_least, block)
    return sorted((r for r in found if isinstance(r, CommitmentLink)), key=lambda link: link.id)


def link_candidates(
    documents: Sequence[Document], commitments: Sequence[Linkable], thresholds: Thresholds = THRESHOLDS,
    themes: Mapping[str, Mapping[str, float]] | None = None, block: int = BLOCK_DOCUMENTS,
) -> list[LinkCandidate]:
    """The candidate links of the same borough's documents, sorted by id (``themes``: commitment id -> theme -> score)."""
    found = link_records(documents, commitments, thresholds, neighbours=[], block=block, themes=themes)
    return sorted((r for r in found if isinstance(r, LinkCandidate)), key=lambda c: c.id)


def links_from_database(
    db: sqlite_utils.Database, thresholds: Thresholds = THRESHOLDS, at_least: int = 3,
    on_borough: Callable[[int, int], None] | None = None,
) -> Iterator[CommitmentLink | LinkCandidate | ExtractionIssue]:
    """The links between a database's commitments, and the candidates, as :func:`link_records` makes them.

    What a build runs once every document is in. Each commitment's words are worked out once, as
    the words' document frequencies are counted, and kept in a temporary table; the comparison
    then reads them back a document at a time, so that memory holds the vocabulary and a block of
    documents' commitments (:data:`BLOCK_DOCUMENTS`), never a whole borough. The borough pairs compared for `similar` links
    follow the `borough_neighbours` table. ``on_borough(done, total)`` is called as each
    borough's links are made (for a progress bar). Candidates read each commitment's priority and
    number, and its themes (`item_themes`, written as each document was read).
    """
    by_id = {
        row[0]: Place(row[0], row[1], row[2], date.fromisoformat(row[3]) if row[3] else None, row[4])
        for row in db.execute("select id, borough_id, period_start, published, period_end from documents")
    }
    documents = list(by_id.values())
    stop = borough_stop_words(documents)
    db.execute("create temp table link_words (id text, document_id text, words text, normalised text, "
               "priority_id text, number text)")
    frequency: Counter[str] = Counter()

    def prepared() -> Iterator[tuple[str, str, str, str, str | None, str | None]]:
        for commitment_id, document_id, text, priority_id, number in db.execute(
                "select id, document_id, text, priority_id, number from commitments order by document_id, position"):
            if text.strip() and document_id in by_id:
                words = content_words(text, stop)
                frequency.update(set(words))
                yield commitment_id, document_id, " ".join(words), normalise(text), priority_id, number

    db.conn.executemany("insert into link_words values (?, ?, ?, ?, ?, ?)", prepared())
    db.execute("create index temp.link_words_document on link_words (document_id)")
    tfidf = TfIdf(frequency, db.execute("select count(*) from link_words").fetchone()[0])
    term_ids = {term: index for index, term in enumerate(sorted(frequency))}
    present = [document_id for (document_id,) in db.execute("select distinct document_id from link_words order by 1")]
    boroughs = _by_borough(present, by_id)
    coded = "item_themes" in db.table_names()
    theme_ids = {theme: index for index, (theme,) in enumerate(db.execute(
        "select distinct theme_id from item_themes where commitment_id is not null order by 1") if coded else [])}

    def side(document: Placed) -> Side | None:
        themes: dict[str, list[tuple[str, float]]] = defaultdict(list)
        if coded:
            for commitment_id, theme, score in db.execute(
                    "select commitment_id, theme_id, score from item_themes where document_id = ? "
                    "and commitment_id is not null order by commitment_id, theme_id", [document.id]):
                themes[commitment_id].append((theme, score))
        rows = db.execute("select id, words, normalised, priority_id, number from link_words where document_id = ? "
                          "order by rowid", [document.id])
        items = []
        for commitment_id, joined, normalised_text, priority_id, number in rows:
            words = with_roots(joined.split(), frequency)
            items.append(ComparedCommitment(
                commitment_id, document.id, tuple(words), tfidf.vector(words), normalised_text, priority_id, number,
                tuple(themes.get(commitment_id, ())),
            ))
        return Side.of(document, items, term_ids, theme_ids) if items else None

    neighbours = [tuple(pair) for pair in db.execute("select borough_id, neighbour_id from borough_neighbours")]
    try:
        yield from link_blocks(boroughs, side, compared_boroughs(boroughs, neighbours, at_least), thresholds,
                               on_borough)
    finally:
        db.execute("drop table temp.link_words")


def _by_borough(document_ids: Iterable[str], by_id: Mapping[str, Placed]) -> dict[str, list[Placed]]:
    """The documents of each borough, in the order their ids come."""
    boroughs: dict[str, list[Placed]] = defaultdict(list)
    for document_id in document_ids:
        boroughs[by_id[document_id].borough_id].append(by_id[document_id])
    return boroughs


def borough_stop_words(documents: Iterable[Placed]) -> set[str]:
    """The words of borough names: a borough naming itself says nothing about what it promises."""
    return {w for d in documents for w in normalise(d.borough_id.replace("-", " ")).split()}


def _candidate(
    a: ComparedCommitment, b: ComparedCommitment, s: Similarity, same_borough: bool, ends: tuple[tuple[str, str], tuple[str, str]],
    thresholds: Thresholds,
) -> Candidate | None:
    """The pair as a link, if it is one."""
    contained = s.contained >= thresholds.contained and s.shorter >= thresholds.contained_length
    earlier, later = End(a.id, a.document_id), End(b.id, b.document_id)
    if not same_borough:
        return Candidate(earlier, later, s, "similar", False, ends) if s.score >= thresholds.similar else None
    if contained or s.score >= thresholds.continues:
        return Candidate(earlier, later, s, "continues", contained and s.score < thresholds.continues, ends)
    return None  # a revision, if it is one, is for a person to decide: a ranked candidate (rank_candidates)


def _strongest(candidates: Sequence[Candidate], per_item: int, relative: float = 0.0) -> list[Candidate]:
    """Candidates among the ``per_item`` strongest of both their ends.

    With ``relative``, a candidate must also score at least that share of the best of each end.
    """
    ranked = sorted(candidates, key=_rank)
    taken: Counter[tuple[str, str]] = Counter()
    best: dict[tuple[str, str], float] = {}
    kept = []
    for candidate in ranked:
        strength = _strength(candidate)
        for end in candidate.ends:
            best.setdefault(end, strength)
        if all(taken[end] < per_item and strength >= relative * best[end] for end in candidate.ends):
            kept.append(candidate)
        for end in candidate.ends:
            taken[end] += 1
    return kept


def _rank(candidate: Candidate) -> tuple[float, str, str]:
    """Strongest first; ties by the commitments' ids (the same links whatever the input order)."""
    return (-_strength(candidate), candidate.earlier.id, candidate.later.id)


def _strength(candidate: Candidate) -> float:
    """Ranking of candidates: a text written inside the other first, then the combined score."""
    return candidate.similarity.score + (1.0 if candidate.contained else 0.0)
