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

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import combinations
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from models import Commitment, CommitmentLink, Document
from models.records import LinkType

from .evaluate import MATCH_SCORE, f1, normal, ratio

VOCABULARY = Path(__file__).with_name("abbreviations.yml")
METHOD = "lexical+tfidf"
CONTAINED_METHOD = "containment"


@dataclass(frozen=True)
class Thresholds:
    """Where a score becomes a link, and which kind.

    Chosen on tests/gold/links.json: `link` and `similar` maximise F1 of their links (choosing
    `link` on two exhaustive document pairs and scoring the third gives the same value), then
    `continues` keeps the precision of continuations at 1.0; weight, per_item and relative by grid.
    """

    link: float = 0.43  # same borough: a link at all
    continues: float = 0.70  # same borough: the same commitment carried on, rather than revised
    similar: float = 0.44  # another borough's commitment about the same thing
    contained: float = 95.0  # partial ratio (0-100) at which the shorter text is inside the longer
    contained_length: int = 40  # characters the shorter text needs for containment to count
    per_item: int = 3  # strongest links kept per commitment and other document (the rest is noise)
    relative: float = 0.7  # share of the best score of each end a link needs
    cosine_weight: float = 0.6  # weight of TF-IDF cosine against token-set similarity


THRESHOLDS = Thresholds()


# -- the vocabulary ------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """Abbreviations, spelling variants and stop words (extract/abbreviations.yml)."""

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


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = VOCABULARY) -> Vocabulary:
    """Read the vocabulary file once."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    variants = {
        _plain(variant): _plain(canonical)
        for canonical, forms in (data.get("variants") or {}).items()
        for variant in forms
    }
    return Vocabulary(
        abbreviations={_spaced(k): v for k, v in (data.get("abbreviations") or {}).items()},
        variants=variants,
        stop_words=frozenset(str(data.get("stop_words") or "").lower().split()),
    )


def expand(text: str, vocabulary: Vocabulary | None = None) -> str:
    """The text with every abbreviation written out ("ASB" -> "anti-social behaviour")."""
    vocabulary = vocabulary or load_vocabulary()

    def replace(match: re.Match[str]) -> str:
        return vocabulary.abbreviations[_spaced(match.group(1))] + ("s" if match.group(2) else "")

    return vocabulary.abbreviation_pattern.sub(replace, text)


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


def _plain(text: str) -> str:
    """Lower case, hyphens and punctuation as spaces, white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", text.lower())).strip()


def normalise(text: str, vocabulary: Vocabulary | None = None) -> str:
    """Abbreviations expanded, lower case, punctuation dropped, spellings made one."""
    vocabulary = vocabulary or load_vocabulary()
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


def tokens(text: str, vocabulary: Vocabulary | None = None) -> list[str]:
    """Content words of a text, normalised and stemmed, in order."""
    vocabulary = vocabulary or load_vocabulary()
    words = normalise(text, vocabulary).split()
    return [stem(w) for w in words if w not in vocabulary.stop_words and (len(w) > 1 or w.isdigit())]


# -- similarity ------------------------------------------------------------------------------


class TfIdf:
    """TF-IDF vectors (sublinear tf, smoothed idf, unit length) over a corpus of token lists."""

    def __init__(self, documents: Iterable[Sequence[str]]) -> None:
        documents = list(documents)
        frequency = Counter(term for words in documents for term in set(words))
        count = len(documents)
        self.idf = {term: math.log((1 + count) / (1 + df)) + 1.0 for term, df in frequency.items()}
        self.default_idf = math.log(1 + count) + 1.0

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
class Item:
    """A commitment as compared: its content words, their TF-IDF vector, its normalised text."""

    commitment: Commitment
    words: tuple[str, ...]
    vector: dict[str, float]
    text: str  # normalised, stop words kept: for containment

    @property
    def id(self) -> str:
        return self.commitment.id


@dataclass(frozen=True)
class Similarity:
    """How alike two commitments are, by each measure and combined (0-1)."""

    cosine: float
    overlap: float  # rapidfuzz token_set_ratio of the content words, 0-1
    contained: float  # rapidfuzz partial_ratio of the shorter normalised text in the longer, 0-100
    shorter: int  # characters of the shorter normalised text
    score: float


def items_of(commitments: Sequence[Commitment], extra_stop_words: Iterable[str] = ()) -> list[Item]:
    """Commitments prepared for comparison, with IDF over all of them."""
    vocabulary = load_vocabulary()
    stop = set(extra_stop_words)
    words = [[w for w in tokens(c.text, vocabulary) if w not in stop] for c in commitments]
    tfidf = TfIdf(words)
    return [
        Item(c, tuple(w), tfidf.vector(w), normalise(c.text, vocabulary))
        for c, w in zip(commitments, words, strict=True)
    ]


def similarity(a: Item, b: Item, thresholds: Thresholds = THRESHOLDS) -> Similarity:
    """Combined similarity of two prepared commitments."""
    cos = cosine(a.vector, b.vector)
    overlap = fuzz.token_set_ratio(" ".join(a.words), " ".join(b.words)) / 100 if a.words and b.words else 0.0
    shorter, longer = sorted((a.text, b.text), key=len)
    contained = fuzz.partial_ratio(shorter, longer) if shorter else 0.0
    weight = thresholds.cosine_weight
    return Similarity(cos, overlap, contained, len(shorter), weight * cos + (1 - weight) * overlap)


# -- linking ----------------------------------------------------------------------------------


def document_order(document: Document) -> tuple[int, date, int, str]:
    """When a document comes: period start, then publication (unknown last), then period end, then id."""
    return (document.period_start, document.published or date.max, document.period_end, document.id)


def _dated(document: Document) -> tuple[int, date, int]:
    return document_order(document)[:3]


@dataclass(frozen=True)
class Candidate:
    """A scored pair of commitments, earlier first, with the type it would be."""

    earlier: Item
    later: Item
    similarity: Similarity
    type: LinkType
    contained: bool

    def link(self) -> CommitmentLink:
        from_id, to_id = self.earlier.id, self.later.id
        return CommitmentLink(
            id=f"{from_id}->{to_id}", from_commitment_id=from_id, to_commitment_id=to_id, type=self.type,
            score=round(min(1.0, self.similarity.score), 4),
            method=CONTAINED_METHOD if self.contained else METHOD,
        )


def link_commitments(
    documents: Sequence[Document], commitments: Sequence[Commitment], thresholds: Thresholds = THRESHOLDS,
) -> list[CommitmentLink]:
    """Links between commitments of different documents, earlier -> later, sorted by id.

    Same borough, different dates: `continues` or `revised`. Different boroughs: `similar` only.
    Each commitment keeps only its strongest few links into (or from) any one other document.
    """
    by_id = {document.id: document for document in documents}
    commitments = [c for c in commitments if c.document_id in by_id and c.text.strip()]
    borough_words = {w for d in documents for w in normalise(d.borough_id.replace("-", " ")).split()}
    items = items_of(commitments, borough_words)
    by_document: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_document[item.commitment.document_id].append(item)
    ordered = sorted((by_id[d] for d in by_document), key=document_order)
    candidates: list[Candidate] = []
    for earlier, later in combinations(ordered, 2):
        same_borough = earlier.borough_id == later.borough_id
        if same_borough and _dated(earlier) == _dated(later):
            continue  # one borough's documents of the same date are not each other's sequel
        for a in by_document[earlier.id]:
            for b in by_document[later.id]:
                candidate = _candidate(a, b, same_borough, thresholds)
                if candidate:
                    candidates.append(candidate)
    kept = _strongest(candidates, thresholds.per_item, thresholds.relative)
    return sorted((candidate.link() for candidate in kept), key=lambda link: link.id)


def _candidate(a: Item, b: Item, same_borough: bool, thresholds: Thresholds) -> Candidate | None:
    """The pair as a link, if it is one."""
    s = similarity(a, b, thresholds)
    contained = s.contained >= thresholds.contained and s.shorter >= thresholds.contained_length
    if not same_borough:
        return Candidate(a, b, s, "similar", False) if s.score >= thresholds.similar else None
    if contained or s.score >= thresholds.continues:
        return Candidate(a, b, s, "continues", contained and s.score < thresholds.continues)
    if s.score >= thresholds.link:
        return Candidate(a, b, s, "revised", False)
    return None


def _strongest(candidates: Sequence[Candidate], per_item: int, relative: float = 0.0) -> list[Candidate]:
    """Candidates among the ``per_item`` strongest of both their ends, per other document.

    With ``relative``, a candidate must also score at least that share of the best of each end.
    """
    ranked = sorted(candidates, key=lambda c: (-_strength(c), c.earlier.id, c.later.id))
    taken: Counter[tuple[str, str]] = Counter()
    best: dict[tuple[str, str], float] = {}
    kept = []
    for candidate in ranked:
        ends = _ends(candidate)
        strength = _strength(candidate)
        for end in ends:
            best.setdefault(end, strength)
        if all(taken[end] < per_item and strength >= relative * best[end] for end in ends):
            kept.append(candidate)
        for end in ends:
            taken[end] += 1
    return kept


def _ends(candidate: Candidate) -> tuple[tuple[str, str], tuple[str, str]]:
    """Each end of a candidate, with the document at its other end."""
    return (
        (candidate.earlier.id, candidate.later.commitment.document_id),
        (candidate.later.id, candidate.earlier.commitment.document_id),
    )


def _strength(candidate: Candidate) -> float:
    """Ranking of candidates: a text written inside the other first, then the combined score."""
    return candidate.similarity.score + (1.0 if candidate.contained else 0.0)


# -- measuring against the gold --------------------------------------------------------------

SAME_BOROUGH = ("continues", "revised")


@dataclass
class LinkScore:
    """Precision and recall of one group of links, with type agreement over the links found."""

    found: int = 0  # predicted links scored
    right: int = 0  # of those, matching a gold link
    expected: int = 0  # gold links
    recalled: int = 0  # of those, matched by a predicted link
    same_type: int = 0  # recalled gold links whose predicted type agrees
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return ratio(self.right, self.found)

    @property
    def recall(self) -> float:
        return ratio(self.recalled, self.expected)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def type_agreement(self) -> float:
        return self.same_type / self.recalled if self.recalled else 1.0


@dataclass
class LinkScores:
    """Scores per group: same-borough (continues + revised), similar, and each type on its own."""

    groups: dict[str, LinkScore]
    unresolved: list[str] = field(default_factory=list)

    def table(self, details: bool = False) -> str:
        width = max(len(name) for name in ["links", *self.groups])
        lines = [f"{'links':{width}} {'found':>5} {'right':>5} {'gold':>5} {'hit':>5} "
                 f"{'P':>6} {'R':>6} {'F1':>6} {'type':>6}"]
        for name, s in self.groups.items():
            lines.append(
                f"{name:{width}} {s.found:5} {s.right:5} {s.expected:5} {s.recalled:5} "
                f"{s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.type_agreement:6.3f}"
            )
        lines += [f"  unresolved gold endpoint: {item}" for item in self.unresolved]
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


def evaluate_links(links: Sequence[CommitmentLink], commitments: Sequence[Commitment], gold_path: Path) -> LinkScores:
    """Score predicted links against the gold: endpoints either way, types reported on their own.

    Same-borough links are scored for precision only on the gold's exhaustive document pairs;
    `similar` links only on the document pairs the gold gives similar links for (not exhaustive).
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
    groups: dict[str, LinkScore] = {}
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
    return LinkScores(groups, unresolved)


def _documents(link: CommitmentLink, document_of: dict[str, str]) -> frozenset[str | None]:
    return frozenset((document_of.get(link.from_commitment_id), document_of.get(link.to_commitment_id)))


def _score(predicted: Sequence[CommitmentLink], wanted: Sequence[_GoldLink], typed: bool) -> LinkScore:
    """Predicted links against gold links; with ``typed``, a link is right only with the gold's type."""
    score = LinkScore(found=len(predicted), expected=len(wanted))
    for link in predicted:
        if any(g.matches(link.from_commitment_id, link.to_commitment_id) for g in wanted):
            score.right += 1
        else:
            score.extra.append(f"{link.id} [{link.type} {link.score:.2f}]")
    for g in wanted:
        hits = [link for link in predicted if g.matches(link.from_commitment_id, link.to_commitment_id)]
        if hits:
            score.recalled += 1
            score.same_type += any(link.type == g.type for link in hits)
        else:
            score.missed.append(g.label)
    if typed:  # only links of the row's type were passed: agreement is by construction
        score.same_type = score.recalled
    return score


def _label(endpoint: dict) -> str:
    return f"{endpoint['document_id']}:{endpoint.get('number') or normal(endpoint['text'])[:40]}"


# -- views -------------------------------------------------------------------------------------

#: A document's place in time, as :func:`document_order` has it (unknown publication last).
_ORDER = "({d}.period_start, coalesce({d}.published, '9999-12-31'), {d}.period_end)"


def _later(later: str, earlier: str) -> str:
    """SQL: document alias ``later`` comes after ``earlier``, same borough, and could be read."""
    return (
        f"{later}.borough_id = {earlier}.borough_id and {later}.status = 'extracted' "
        f"and {_ORDER.format(d=later)} > {_ORDER.format(d=earlier)}"
    )


def fates_view_sql() -> str:
    """SQL for the view `commitment_fates`: what became of each commitment in each later document.

    One row per commitment of an earlier document and later document of the same borough: `fate`
    is continued, revised or dropped; `later_commitment_ids` (JSON) lists the commitments it was
    carried into there, continuations first, then by score; `score` is the best link's.
    """
    return f"""create view commitment_fates as
with carried as (
    select l.from_commitment_id, t.document_id as later_document_id, l.to_commitment_id, l.type, l.score
    from commitment_links l join commitments t on t.id = l.to_commitment_id
    where l.type in ('continues', 'revised')
)
select
    c.id as commitment_id, c.document_id, d.borough_id, c.number, c.kind, c.text,
    later.id as later_document_id,
    case
        when exists (select 1 from carried k where k.from_commitment_id = c.id
                     and k.later_document_id = later.id and k.type = 'continues') then 'continued'
        when exists (select 1 from carried k where k.from_commitment_id = c.id
                     and k.later_document_id = later.id) then 'revised'
        else 'dropped'
    end as fate,
    (select json_group_array(to_commitment_id) from (
        select k.to_commitment_id from carried k
        where k.from_commitment_id = c.id and k.later_document_id = later.id
        order by k.type = 'continues' desc, k.score desc, k.to_commitment_id
    )) as later_commitment_ids,
    (select max(k.score) from carried k where k.from_commitment_id = c.id
     and k.later_document_id = later.id) as score
from commitments c
join documents d on d.id = c.document_id
join documents later on {_later("later", "d")}
order by d.borough_id, c.document_id, c.position,
    later.period_start, coalesce(later.published, '9999-12-31'), later.period_end, later.id"""


def new_commitments_view_sql() -> str:
    """SQL for the view `new_commitments`: is each commitment of a later document new?

    One row per commitment of a document that has an earlier document of the same borough:
    `is_new` is 1 when no continues/revised link comes into it from such a document; `status`
    says new, continued or revised; `earlier_commitment_ids` (JSON) lists where it came from.
    """
    return f"""create view new_commitments as
with carried as (
    select l.to_commitment_id, l.from_commitment_id, l.type, l.score
    from commitment_links l
    join commitments f on f.id = l.from_commitment_id
    join documents fd on fd.id = f.document_id
    join commitments t on t.id = l.to_commitment_id
    join documents td on td.id = t.document_id
    where l.type in ('continues', 'revised') and {_later("td", "fd")}
)
select
    c.id as commitment_id, c.document_id, d.borough_id, c.number, c.kind, c.text,
    not exists (select 1 from carried k where k.to_commitment_id = c.id) as is_new,
    case
        when exists (select 1 from carried k where k.to_commitment_id = c.id and k.type = 'continues')
            then 'continued'
        when exists (select 1 from carried k where k.to_commitment_id = c.id) then 'revised'
        else 'new'
    end as status,
    (select json_group_array(from_commitment_id) from (
        select k.from_commitment_id from carried k where k.to_commitment_id = c.id
        order by k.type = 'continues' desc, k.score desc, k.from_commitment_id
    )) as earlier_commitment_ids
from commitments c
join documents d on d.id = c.document_id
where exists (select 1 from documents earlier where {_later("d", "earlier")})
order by d.borough_id, c.document_id, c.position"""
