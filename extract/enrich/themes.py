"""Theme coding: every priority, commitment and target gets one or more codebook themes.

The method is rule-based, so that a coding can be explained and a council's vocabulary added as
data, with nothing trained or downloaded:

1. **Terms.** Each theme's terms are the phrases of its codebook include note plus the curated
   abbreviations and synonyms of ``extract/enrich/themes.yml`` (ASB, DV, IOM, MARAC, ...), with plural
   and hyphen/space variants. A spaCy ``PhraseMatcher`` (attribute ``LOWER``, no lemmas) finds
   them in the item's own text, tokenised by the project's blank-English pipeline; where matches
   overlap the longest wins ("domestic violence" is domestic abuse, not violent crime). A few
   abbreviations that are also ordinary words ("Prevent", "Channel") match only as written and
   not at the start of a sentence. A few word pairs count too ("victims" near "support").
2. **Scores.** A strong term weighs ``strong``, a weak one ``weak``; a theme's score is
   ``1 - prod(1 - w)`` over its distinct terms, so it lies in 0..1 and grows with the evidence.
   A phrase of the theme's exclude note (codebook, and themes.yml) cancels a term it overlaps or
   qualifies (within ``exclude_window`` words, not across "and"/"or": "DV violence with injury"
   is not violent crime). A theme's weak terms give way to the themes it ``yields_to`` when the
   item or its priority has them ("perpetrators" under domestic abuse are not reoffending).
3. **Choice.** Themes scoring at least ``threshold`` and within ``ratio`` of the item's best are
   kept, at most ``max_themes``, best first (method ``codebook-terms``).
4. **Inheritance.** A commitment or target with no strong topic of its own (only *frames*:
   partnership, confidence, technology, victims, which say how work is done; or only weak terms)
   takes the topic of the priority it sits under (``priority_id``; up the chain of ``parent_id``
   until a priority has one), scored the priority's score times ``inherit_factor`` (method
   ``priority``), up to ``max_themes`` in all. An item with no theme at all, a priority too,
   takes all the themes of the nearest coded priority. A priority's own topic is its title's.
5. **Uncoded.** An item about crime as a whole ("total crime") or with nothing is ``uncoded``.

The settings are in ``extract/enrich/themes.yml`` and documented there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from models import ItemTheme, Theme

from ..corpus import CODEBOOK, load_codebook_file
from ..document.nlp import language
from ..document.vocabulary import load_vocabulary
from ..document.parsers import ParsedDocument

#: The codebook file in a corpus folder.
CODEBOOK_FILE = CODEBOOK
#: The curated vocabulary and settings.
VOCABULARY = Path(__file__).with_name("themes.yml")
UNCODED = "uncoded"
#: Method names recorded in ``item_themes.method``.
OWN, INHERITED, NOTHING = "codebook-terms", "priority", "no-match"
STRONG, WEAK, GENERAL = "strong", "weak", "general"
#: Words that join two things: an exclude phrase does not qualify a term across them.
_COORDINATORS = frozenset({"and", "or", "&", ";", "/"})
#: Words after which a capitalised word starts a sentence, so may be an ordinary word.
_SENTENCE_BREAKS = frozenset({".", "!", "?", ":", ";", "•", "-", "–", "—", "(", "*", "·"})


# -- the codebook -------------------------------------------------------------------


def load_codebook(path: Path) -> list[Theme]:
    """The codebook's themes as records (id = code, in codebook order), ``uncoded`` included; a wrong codebook
    raises :class:`~extract.errors.ManifestError` naming the file and the key."""
    codebook = load_codebook_file(Path(path))
    return [
        Theme(
            id=entry.code,
            label=entry.label,
            definition=entry.definition,
            include=entry.include,
            exclude=entry.exclude,
            codebook_version=codebook.version,
            position=position,
        )
        for position, entry in enumerate(codebook.themes, start=1)
    ]


def note_phrases(note: str, labels: Iterable[str] = ()) -> list[str]:
    """The phrases of an include or exclude note: "probation (NPS, CRC), gangs." -> probation, NPS, CRC, gangs.

    Clauses split on ';' and ','. A parenthesis of capitalised single words is a list of
    abbreviations; one naming a theme (one of ``labels``: "(domestic abuse)") points to the theme
    to code instead and is no phrase; any other is a phrase of its own. A clause telling what else
    to code ("also takes", "code that theme") is an instruction, and a conditional phrase ("used
    only for publicity", "not about fire") cannot be matched, so neither gives phrases.
    """
    names = [label.lower() for label in labels]
    phrases: list[str] = []
    for clause in note.split(";"):
        if re.search(r"\b(also|code|coded|too|itself)\b", clause):
            continue
        for inner in re.findall(r"\(([^)]*)\)", clause):
            parts = [p.strip() for p in inner.split(",")]
            if all(len(p.split()) == 1 and not p.islower() for p in parts):
                phrases += parts
            elif not any(inner.strip().lower() in name for name in names):
                phrases.append(inner.strip())
        for part in re.sub(r"\s*\([^)]*\)", "", clause).split(","):
            phrase = _clean(part)
            if phrase and not _CONDITIONAL.search(phrase):
                phrases += _split_and(phrase)
    return list(dict.fromkeys(p for p in phrases if p))


#: Words that make a note's phrase a condition rather than a wording.
_CONDITIONAL = re.compile(r"\b(without|about|used only|only)\b")


def _clean(phrase: str) -> str:
    phrase = re.sub(r"\s+", " ", phrase).strip(" .")
    phrase = re.sub(r"\s*\b(as such|in general)\b", "", phrase)
    return re.sub(r"^(general|and|or)\s+", "", phrase, flags=re.I).strip(" .")


def _split_and(phrase: str) -> list[str]:
    """Distribute a coordination: 'deliberate and outdoor fires' -> deliberate fires, outdoor fires.

    'ASB tools and powers' -> ASB tools, ASB powers; 'fly-tipping and graffiti' -> both words;
    'youth offending and youth justice' -> both. A phrase with several 'and's is kept whole.
    """
    parts = phrase.split(" and ")
    if len(parts) != 2:
        return [phrase]
    left, right = (part.split() for part in parts)
    if len(left) == 1 and len(right) > 1:
        return [" ".join([*left, *right[1:]]), " ".join(right)]
    if len(left) > 1 and len(right) == 1:
        return [" ".join(left), " ".join([*left[:-1], *right])]
    return [" ".join(left), " ".join(right)]


# -- the vocabulary -----------------------------------------------------------------


@dataclass(frozen=True)
class NearRule:
    """A word of ``words`` within ``window`` words of a word of ``near``: strong evidence."""

    words: frozenset[str]
    near: frozenset[str]
    window: int


@dataclass(frozen=True)
class ThemeTerms:
    """Everything that points at one theme, or away from it."""

    code: str
    strong: tuple[str, ...]
    weak: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    yields_to: frozenset[str] = frozenset()
    near: tuple[NearRule, ...] = ()


@dataclass(frozen=True)
class Settings:
    """The numbers of the method (documented in themes.yml)."""

    strong: float = 0.9
    weak: float = 0.55
    threshold: float = 0.5
    ratio: float = 0.5
    max_themes: int = 4
    inherit_factor: float = 0.8
    exclude_window: int = 3


@dataclass(frozen=True)
class ThemeVocabulary:
    """The terms of every theme, the frames, the general terms and the settings."""

    themes: tuple[ThemeTerms, ...]
    frames: frozenset[str]
    general: tuple[str, ...]
    settings: Settings


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class NearSpec(_Strict):
    """A term that counts only near another: ``{words: [...], with: [...], window: 5}``."""

    words: list[str] = Field(min_length=1)
    with_: list[str] = Field(alias="with", min_length=1)
    window: int = Field(5, ge=1)


class CuratedTheme(_Strict):
    """A theme's curated terms, beside its codebook include/exclude notes."""

    terms: list[str] = []
    weak: list[str] = []
    exact: list[str] = []
    exclude: list[str] = []
    yields_to: list[str] = []
    near: list[NearSpec] = []


class SettingsSpec(_Strict):
    strong: float = Field(0.9, gt=0)
    weak: float = Field(0.55, gt=0)
    threshold: float = Field(0.5, gt=0)
    ratio: float = Field(0.5, gt=0, le=1)
    max_themes: int = Field(4, ge=1)
    inherit_factor: float = Field(0.8, ge=0, le=1)
    exclude_window: int = Field(3, ge=0)


class ThemesFile(_Strict):
    """The schema of ``themes.yml``: an unknown key or a wrong type is an error naming the file and the key."""

    settings: SettingsSpec = SettingsSpec()
    frames: list[str] = []
    general: list[str] = []
    stop: list[str] = []
    themes: dict[str, CuratedTheme] = {}


def load_theme_vocabulary(themes: list[Theme], path: Path = VOCABULARY) -> ThemeVocabulary:
    """The codebook's include/exclude phrases merged with the curated terms of ``path`` (validated)."""
    data = load_vocabulary(Path(path), ThemesFile)
    stop = {phrase.lower() for phrase in data.stop}
    labels = [theme.label for theme in themes]
    entries = []
    for theme in themes:
        if theme.id == UNCODED:
            continue
        extra = data.themes.get(theme.id, CuratedTheme())
        exact = tuple(extra.exact)
        weak = tuple(extra.weak)
        taken = {t.lower() for t in (*exact, *weak)} | stop
        included = [p for p in note_phrases(theme.include, labels) if p.lower() not in taken]
        entries.append(ThemeTerms(
            code=theme.id,
            strong=tuple(dict.fromkeys([*included, *extra.terms])),
            weak=weak,
            exact=exact,
            exclude=tuple(dict.fromkeys([*note_phrases(theme.exclude, labels), *extra.exclude])),
            yields_to=frozenset(extra.yields_to),
            near=tuple(
                NearRule(frozenset(w.lower() for w in rule.words), frozenset(w.lower() for w in rule.with_), rule.window)
                for rule in extra.near
            ),
        ))
    return ThemeVocabulary(
        themes=tuple(entries),
        frames=frozenset(data.frames),
        general=tuple(data.general),
        settings=Settings(**data.settings.model_dump()),
    )


def variants(term: str) -> list[str]:
    """The forms a term is written in: hyphen or space or joined, '&' for 'and', -isation/-ization, plurals."""
    forms = {term}
    if "-" in term:
        forms |= {term.replace("-", " "), term.replace("-", "")}
    forms |= {form.replace(" and ", " & ") for form in forms if " and " in form}
    forms |= {form.replace("isation", "ization") for form in forms if "isation" in form}
    forms |= {other for form in forms if (other := _plural(form) or _singular(form))}
    return sorted(forms)


def _singular(term: str) -> str | None:
    """'offender cohorts' -> 'offender cohort', 'DRRs' -> 'DRR'; not 'witnesses', 'analysis', 'status'."""
    if re.search(r"[a-zA-Z][^sui]s$", term) and not term.endswith("es"):
        return term[:-1]
    return None


def _plural(term: str) -> str | None:
    last = term.split()[-1]
    if not last.isalpha() or term.endswith("s"):
        return None
    if last.isupper():
        return term + "s"
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        return term[:-1] + "ies"
    if last.endswith(("x", "ch", "sh")):
        return term + "es"
    return term + "s"


# -- matching -----------------------------------------------------------------------


@dataclass
class Evidence:
    """What an item's own words say about one theme."""

    strong: set[str] = field(default_factory=set)
    weak: set[str] = field(default_factory=set)


class ThemeMatcher:
    """The phrase matchers of a vocabulary, built once."""

    def __init__(self, vocabulary: ThemeVocabulary) -> None:
        self.vocabulary = vocabulary
        self.nlp = language()
        self.terms = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.excludes = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for entry in vocabulary.themes:
            self._add(self.terms, f"{entry.code}|{STRONG}", entry.strong)
            self._add(self.terms, f"{entry.code}|{WEAK}", entry.weak)
            self._add(self.exact, f"{entry.code}|{STRONG}", entry.exact, plurals=False)
            self._add(self.excludes, entry.code, entry.exclude)
        self._add(self.terms, f"{UNCODED}|{GENERAL}", vocabulary.general)

    def _add(self, matcher: PhraseMatcher, label: str, terms: Iterable[str], plurals: bool = True) -> None:
        forms = sorted({form for term in terms for form in (variants(term) if plurals else [term])})
        if forms:
            matcher.add(label, list(self.nlp.tokenizer.pipe(forms)))  # type: ignore[union-attr]  # spaCy's Tokenizer

    def evidence(self, text: str) -> dict[str, Evidence]:
        """The evidence for each theme in a text (``uncoded`` holds general terms)."""
        doc = self.nlp.make_doc(text)
        excludes = [Span(doc, s, e, label=m) for m, s, e in self.excludes(doc)]
        found: dict[str, Evidence] = defaultdict(Evidence)
        for span in self._spans(doc):
            theme, strength = span.label_.split("|")
            if any(e.label_ == theme and self._qualifies(e, span) for e in excludes):
                continue  # an exclude phrase qualifies the term: "DV violence with injury"
            getattr(found[theme], STRONG if strength == GENERAL else strength).add(span.text.lower())
        for entry in self.vocabulary.themes:
            for rule in entry.near:
                if pair := _near(doc, rule):
                    found[entry.code].strong.add(pair)
        return dict(found)

    def _qualifies(self, exclude: Span, term: Span) -> bool:
        """Does an exclude phrase overlap the term, or stand near it and not across 'and'/'or'?"""
        if exclude.start < term.end and term.start < exclude.end:
            return True
        left, right = (exclude, term) if exclude.end <= term.start else (term, exclude)
        between = exclude.doc[left.end : right.start]
        return len(between) <= self.vocabulary.settings.exclude_window and not any(
            token.lower_ in _COORDINATORS for token in between)

    def _spans(self, doc: Doc) -> list[Span]:
        """Matched spans, longest first where they overlap; a span may carry several themes."""
        spans = [Span(doc, s, e, label=m) for m, s, e in self.terms(doc)]
        spans += [Span(doc, s, e, label=m) for m, s, e in self.exact(doc) if not _starts_sentence(doc, s)]
        kept = {(span.start, span.end) for span in filter_spans(spans)}
        return [span for span in spans if (span.start, span.end) in kept]


def _starts_sentence(doc: Doc, start: int) -> bool:
    return start == 0 or doc[start - 1].text in _SENTENCE_BREAKS or "\n" in doc[start - 1].text_with_ws


def _near(doc: Doc, rule: NearRule) -> str | None:
    """'victims ~ support' when the rule's words are near each other in the text."""
    lowers = [token.lower_ for token in doc]
    for i, word in enumerate(lowers):
        if word in rule.words:
            window = lowers[max(0, i - rule.window) : i + rule.window + 1]
            other = next((w for w in window if w in rule.near), None)
            if other:
                return f"{word} ~ {other}"
    return None


@cache
def _matcher(vocabulary: ThemeVocabulary) -> ThemeMatcher:
    return ThemeMatcher(vocabulary)


# -- coding -------------------------------------------------------------------------


@dataclass(frozen=True)
class CodingItem:
    """A priority, commitment or target, as far as coding needs it."""

    id: str
    kind: str  # priority, commitment or target
    document_id: str
    text: str
    context_id: str | None  # the priority it sits under (an area's parent)


@dataclass(frozen=True)
class Coding:
    """The themes given to one item: code -> (score, method)."""

    themes: dict[str, tuple[float, str]]

    def topical(self, frames: frozenset[str]) -> dict[str, tuple[float, str]]:
        return {code: value for code, value in self.themes.items() if code not in frames | {UNCODED}}


def items_of(parsed: ParsedDocument) -> Iterator[CodingItem]:
    """Every priority, commitment and target of a parsed document."""
    for priority in parsed.priorities:
        yield CodingItem(priority.id, "priority", priority.document_id, priority.title, priority.parent_id)
    for commitment in parsed.commitments:
        yield CodingItem(commitment.id, "commitment", commitment.document_id, commitment.text, commitment.priority_id)
    for target in parsed.targets:
        yield CodingItem(target.id, "target", target.document_id, target.indicator, target.priority_id)


def code_items(
    themes: list[Theme], parsed: dict[str, ParsedDocument], vocabulary_path: Path = VOCABULARY
) -> list[ItemTheme]:
    """One or more themes (or ``uncoded``) for every priority, commitment and target of every document."""
    code_document = document_coder(themes, vocabulary_path)
    return [record for document in parsed.values() for record in code_document(document)]


def document_coder(
    themes: list[Theme], vocabulary_path: Path = VOCABULARY
) -> Callable[[ParsedDocument], list[ItemTheme]]:
    """A function coding one document's items: a document's codings need no other document, so a
    build codes each as it is loaded (the vocabulary is read once)."""
    vocabulary = load_theme_vocabulary(themes, vocabulary_path)
    coder = _Coder(vocabulary, _matcher(vocabulary))

    def code_document(document: ParsedDocument) -> list[ItemTheme]:
        records: list[ItemTheme] = []
        items = list(items_of(document))
        priorities = {item.id: item for item in items if item.kind == "priority"}
        codings: dict[str, Coding] = {}
        for item in items:
            coding = coder.code(item, priorities, codings)
            records += [_record(item, code, score, method) for code, (score, method) in coding.themes.items()]
        return records

    return code_document


class _Coder:
    """Codes the items of one document; a priority is coded (once) before what sits under it."""

    def __init__(self, vocabulary: ThemeVocabulary, matcher: ThemeMatcher) -> None:
        self.vocabulary = vocabulary
        self.settings = vocabulary.settings
        self.matcher = matcher
        self.order = {entry.code: i for i, entry in enumerate(vocabulary.themes)}
        self.yields = {entry.code: entry.yields_to for entry in vocabulary.themes}

    def code(self, item: CodingItem, priorities: dict[str, CodingItem], codings: dict[str, Coding]) -> Coding:
        """The item's themes; priorities' codings are kept in ``codings`` for what sits under them."""
        if item.kind == "priority" and item.id in codings:
            return codings[item.id]
        context = self._context(item, priorities, codings)
        evidence = self.matcher.evidence(item.text)
        general = bool(evidence.pop(UNCODED, None))
        scores = self._scores(evidence, context)
        coding = Coding({code: (round(score, 3), OWN) for code, score in self._chosen(scores)})
        if not general and self._inherits(item, coding):
            coding = self._inherit(coding, context)
        if not coding.themes:
            # about crime as a whole (a general term), or nothing: as sure as no theme came near
            score = self.settings.strong if general else 1.0 - max(scores.values(), default=0.0)
            coding = Coding({UNCODED: (round(score, 3), OWN if general else NOTHING)})
        if item.kind == "priority":
            codings[item.id] = coding
        return coding

    def _context(self, item: CodingItem, priorities: dict[str, CodingItem], codings: dict[str, Coding]) -> list[Coding]:
        """The codings of the priorities above the item, nearest first."""
        chain: list[Coding] = []
        seen = {item.id} if item.kind == "priority" else set()
        parent_id = item.context_id
        while parent_id in priorities and parent_id not in seen:
            seen.add(parent_id)
            parent = priorities[parent_id]
            chain.append(self.code(parent, priorities, codings))
            parent_id = parent.context_id
        return chain

    def _scores(self, evidence: dict[str, Evidence], context: list[Coding]) -> dict[str, float]:
        """Each theme's score; weak terms give way to the themes the theme yields to, here or above."""
        around = set(evidence) | {code for coding in context for code in coding.themes}
        scores: dict[str, float] = {}
        for code, found in evidence.items():
            weak = set() if self.yields[code] & (around - {code}) else found.weak
            score = _combine([self.settings.strong] * len(found.strong) + [self.settings.weak] * len(weak))
            if score:
                scores[code] = score
        return scores

    def _chosen(self, scores: dict[str, float]) -> list[tuple[str, float]]:
        """Themes over the threshold and near the best, best first (then codebook order), at most max_themes."""
        s = self.settings
        best = max(scores.values(), default=0.0)
        kept = [(code, score) for code, score in scores.items() if score >= s.threshold and score >= s.ratio * best]
        return sorted(kept, key=lambda pair: (-pair[1], self.order[pair[0]]))[: s.max_themes]

    def _inherits(self, item: CodingItem, coding: Coding) -> bool:
        """No theme of its own; or, but for a priority (whose title is its topic), no strong topic."""
        if not coding.themes:
            return True
        topics = coding.topical(self.vocabulary.frames).values()
        return item.kind != "priority" and not any(score >= self.settings.strong for score, _ in topics)

    def _inherit(self, coding: Coding, context: list[Coding]) -> Coding:
        """Add the topic of the nearest priority that has one; with no theme of its own, all its themes."""
        frames = self.vocabulary.frames
        if coding.themes:
            inherited = next((topics for c in context if (topics := c.topical(frames))), {})
        else:
            inherited = next((c.themes for c in context if c.themes and UNCODED not in c.themes), {})
        themes = dict(coding.themes)
        for code, (score, _) in inherited.items():
            if code not in themes and len(themes) < self.settings.max_themes:
                themes[code] = (round(score * self.settings.inherit_factor, 3), INHERITED)
        return Coding(themes)


def _combine(weights: list[float]) -> float:
    """1 - prod(1 - w): in 0..1, more evidence scores higher."""
    remaining = 1.0
    for weight in weights:
        remaining *= 1.0 - weight
    return 1.0 - remaining


def _record(item: CodingItem, code: str, score: float, method: str) -> ItemTheme:
    return ItemTheme(
        id=f"{item.id}:{code}",
        theme_id=code,
        document_id=item.document_id,
        item_kind=item.kind,
        priority_id=item.id if item.kind == "priority" else None,
        commitment_id=item.id if item.kind == "commitment" else None,
        target_id=item.id if item.kind == "target" else None,
        score=min(max(score, 0.0), 1.0),
        method=method,
    )
