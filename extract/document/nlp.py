"""The project's spaCy pipeline: ranks, job titles, organisations and people, by rule.

No statistical model is loaded (nothing is downloaded): ``spacy.blank("en")`` with two
:class:`~spacy.pipeline.SpanRuler` s built from ``extract/document/gazetteer.yml`` (short forms such as "DI"
or "MPS" matched as written, the rest in any case) and three registered rule components. Every
wording comes from the gazetteer, so another council's vocabulary is data.

Entities (``doc.ents``):

- ``RANK``: a police rank or honorific; ``kb_id_`` is the abbreviation recorded ("Chief
  Inspector" -> "CI").
- ``JOB_TITLE``: a job title, listed ("DV Coordinator") or found by its head word
  ("Community Safety Manager", "Chair of the Partnership").
- ``ORG``: an organisation; ``kb_id_`` is its key: the slug of a listed organisation's
  canonical name ("metropolitan-police-service"), ``"council:barnet"`` for a council found by
  pattern ("London Borough of Barnet", "Barnet Council"), or ``"bare:police"`` for a bare
  "Police", which only the document can resolve (see :func:`extract.parsers.leads`).
- ``PERSON``: capitalised name words after a rank or title ("DCI Randall"), or two to three of
  them standing as a name ("Steve Murrant"), never an organisation, service or heading word.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import spacy
from pydantic import BaseModel, ConfigDict, Field, field_validator
from spacy.lang.char_classes import ALPHA, ALPHA_LOWER, ALPHA_UPPER, CONCAT_QUOTES, LIST_ELLIPSES, LIST_ICONS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from models.records import LeadRole

from .vocabulary import load_vocabulary

GAZETTEER = Path(__file__).with_name("gazetteer.yml")
EXACT = "strategy_gazetteer_exact"
RULER = "strategy_gazetteer"
SPANS_KEY = "gazetteer"

#: A name word: "Smith", "O'Neil", "McDonald", "Smith-Jones", "Likhman".
_NAME_WORD = re.compile(r"^(?:Ma?c|O'|D'|De|Van|Le)?[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)*$")
#: An initial: "J." or "J".
_INITIAL = re.compile(r"^[A-Z]\.?$")


def slug(text: str) -> str:
    """A deterministic id from a name: 'Mayor's Office for Policing' -> 'mayors-office-for-policing'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def normal(text: str) -> str:
    """Case- and spacing-free form of a wording, for looking it up."""
    text = text.replace("’", "'").lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w'&/ -]+", " ", text)).strip()


# -- the gazetteer ------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationEntry:
    """A listed organisation under its canonical name."""

    name: str
    abbreviation: str | None = None
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    national: bool = False
    region: str | None = None

    @property
    def key(self) -> str:
        return slug(self.name)

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *((self.abbreviation,) if self.abbreviation else ()), *self.aliases)


@dataclass(frozen=True)
class GenericForm:
    """A pattern of organisation name: 'London Borough of {place}'."""

    kind: str
    index: int
    form: str
    abbreviate: bool = False
    region: str | None = None

    @property
    def prefix(self) -> str:
        return self.form.split("{place}")[0].strip()

    @property
    def suffix(self) -> str:
        return self.form.split("{place}")[1].strip()


@dataclass(frozen=True)
class Gazetteer:
    """Everything in gazetteer.yml, indexed for look-up."""

    police_ranks: frozenset[str]  # abbreviations of police ranks (not honorifics)
    rank_forms: tuple[tuple[str, str], ...]  # (form as written, abbreviation)
    job_titles: tuple[str, ...]
    job_heads: frozenset[str]
    organisations: tuple[OrganisationEntry, ...]
    generic: tuple[GenericForm, ...]
    bare: dict[str, str]  # bare form (normal) -> kind
    place_connectors: frozenset[str]
    not_places: frozenset[str]
    organisation_words: frozenset[str]
    not_name_words: frozenset[str]
    role_labels: dict[str, str]  # label (normal) -> role
    signatory_headings: tuple[str, ...]
    chair_words: frozenset[str]
    non_values: frozenset[str]
    months: frozenset[str]
    first_names_too: frozenset[str]
    title_joiners: frozenset[str]
    list_joiners: frozenset[str]
    not_place_words: frozenset[str]
    template_starts: tuple[str, ...]
    template_words: tuple[str, ...]
    by_key: dict[str, OrganisationEntry]
    by_form: dict[str, OrganisationEntry]

    def organisation(self, key: str | None) -> OrganisationEntry | None:
        return self.by_key.get(key or "")

    def kind(self, key: str | None) -> str | None:
        """What an organisation is (police, fire, council ...), when known; None if unknown."""
        entry = self.organisation(key)
        if entry is not None:
            return entry.kind or "other"
        head = (key or "").partition(":")[0]
        return head if head in {form.kind for form in self.generic} else None

    def lookup(self, text: str) -> OrganisationEntry | None:
        """The listed organisation a wording names, if any ('Metropolitan Police' -> MPS)."""
        return self.by_form.get(normal(text))

    def generic_form(self, kind: str, index: int) -> GenericForm:
        return next(form for form in self.generic if form.kind == kind and form.index == index)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OrganisationSpec(_Strict):
    """An organisation listed under its canonical name (gazetteer.yml ``organisations``)."""

    name: str = Field(min_length=1)
    abbreviation: str | None = None
    aliases: list[str] = []
    kind: str | None = None
    national: bool = False
    region: str | None = None


class GenericFormSpec(_Strict):
    """A pattern naming an organisation of a place: "London Borough of {place}"."""

    form: str = Field(pattern=r"\{place\}")
    abbreviate: bool = False
    region: str | None = None


class GenericSpec(_Strict):
    forms: list[GenericFormSpec]
    bare: list[str] = []


class GazetteerFile(_Strict):
    """The schema of ``gazetteer.yml``: every key it has, each with its type; an unknown key is an error."""

    version: int
    police_ranks: list[list[str]]
    honorifics: list[list[str]]
    job_titles: list[str]
    job_heads: list[str]
    organisations: list[OrganisationSpec]
    generic: dict[str, GenericSpec]
    title_joiners: list[str]
    list_joiners: list[str]
    place_connectors: list[str]
    not_places: list[str]
    organisation_words: list[str]
    not_name_words: list[str]
    first_names_too: list[str]
    role_labels: dict[LeadRole, list[str]]  # each key a role of models.records.LeadRole
    signatory_headings: list[str]
    chair_words: list[str]
    months: list[str]
    non_values: list[str]
    template_starts: list[str]
    template_words: list[str]

    @field_validator("police_ranks", "honorifics")
    @classmethod
    def _lines_not_empty(cls, lines: list[list[str]]) -> list[list[str]]:
        if any(not line for line in lines):
            raise ValueError("each line lists the abbreviation first, then the forms: an empty line has none")
        return lines


@cache
def gazetteer(path: Path = GAZETTEER) -> Gazetteer:
    """The gazetteer, read once and validated (a broken file is a VocabularyError naming it and the key)."""
    data = load_vocabulary(path, GazetteerFile)
    lines = [*data.police_ranks, *data.honorifics]
    rank_forms = tuple((form, line[0]) for line in lines for form in line)
    organisations = tuple(
        OrganisationEntry(
            name=entry.name,
            abbreviation=entry.abbreviation,
            aliases=tuple(entry.aliases),
            kind=entry.kind,
            national=entry.national,
            region=entry.region,
        )
        for entry in data.organisations
    )
    generic = tuple(
        GenericForm(kind, index, item.form, item.abbreviate, item.region)
        for kind, spec in data.generic.items()
        for index, item in enumerate(spec.forms)
    )
    words = {name: frozenset(normal(w) for w in getattr(data, name)) for name in (
        "job_heads", "place_connectors", "not_places", "organisation_words", "not_name_words", "chair_words",
        "non_values", "months", "first_names_too", "title_joiners", "list_joiners",
    )}
    return Gazetteer(
        police_ranks=frozenset(line[0] for line in data.police_ranks),
        rank_forms=rank_forms,
        job_titles=tuple(data.job_titles),
        organisations=organisations,
        generic=generic,
        bare={normal(form): kind for kind, spec in data.generic.items() for form in spec.bare},
        role_labels={normal(label): role for role, labels in data.role_labels.items() for label in labels},
        signatory_headings=tuple(normal(h) for h in data.signatory_headings),
        template_starts=tuple(normal(t) for t in data.template_starts),
        template_words=tuple(normal(t) for t in data.template_words),
        not_place_words=words["not_places"] | words["organisation_words"],
        by_key={entry.key: entry for entry in organisations},
        by_form={normal(form): entry for entry in organisations for form in entry.forms},
        **words,
    )


# -- the pipeline -------------------------------------------------------------------


@cache
def language() -> Language:
    """The project's spaCy pipeline, built once per process."""
    nlp = spacy.blank("en")
    _tokenizer_rules(nlp)
    exact = nlp.add_pipe("span_ruler", name=EXACT, config={"spans_key": SPANS_KEY, "phrase_matcher_attr": "ORTH"})
    exact.add_patterns(_patterns(gazetteer(), exact=True))  # type: ignore[attr-defined]  # a SpanRuler
    config = {"spans_key": SPANS_KEY, "phrase_matcher_attr": "LOWER", "overwrite": False}
    ruler = nlp.add_pipe("span_ruler", name=RULER, config=config)
    ruler.add_patterns(_patterns(gazetteer(), exact=False))  # type: ignore[attr-defined]  # a SpanRuler
    nlp.add_pipe("strategy_organisations")
    nlp.add_pipe("strategy_person_names")
    nlp.add_pipe("strategy_job_titles")
    return nlp


@lru_cache(maxsize=8192)
def analyse(text: str) -> Doc:
    """The entities of one short text (a cell, a line), cached: lead cells repeat."""
    return language()(text)


def organisations_in(texts: Iterable[str]) -> list[Span]:
    """The forces, councils and other organisations named in many texts (a whole document).

    Only texts with a word that can start or end such a name are analysed, without looking
    for people: a document's context costs little.
    """
    nlp = language()
    found: list[Span] = []
    wanted = [text for text in texts if _ORGANISATION_WORD().search(text)]
    with nlp.select_pipes(enable=[EXACT, RULER, "strategy_organisations"]):
        for doc in nlp.pipe(wanted, batch_size=256):
            found.extend(ent for ent in doc.ents if ent.label_ == "ORG")
    return found


@cache
def _ORGANISATION_WORD() -> re.Pattern[str]:  # noqa: N802 - a compiled constant, built once
    """A word that starts or ends an organisation's name: a generic form's fixed word or a listed name's."""
    gaz = gazetteer()
    words = {w for form in gaz.generic for w in (form.prefix + " " + form.suffix).split()}
    words |= {form.split()[0] for entry in gaz.organisations for form in entry.forms}
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words))) + r")\b", re.I)


def _tokenizer_rules(nlp: Language) -> None:
    """Keep hyphenated words whole ("Co-ordinator", "Smith-Jones"); split a dangling '/' or '-'."""
    infixes = [
        *LIST_ELLIPSES,
        *LIST_ICONS,
        r"(?<=[0-9])[+\*^](?=[0-9-])",
        rf"(?<=[{ALPHA_LOWER}{CONCAT_QUOTES}])\.(?=[{ALPHA_UPPER}{CONCAT_QUOTES}])",
        rf"(?<=[{ALPHA}]),(?=[{ALPHA}])",
        rf"(?<=[{ALPHA}0-9])[:<>=/](?=[{ALPHA}])",
    ]
    tokenizer: Any = nlp.tokenizer  # spaCy's Tokenizer (typed as any callable)
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    tokenizer.suffix_search = compile_suffix_regex([*(nlp.Defaults.suffixes or ()), r"/", r"-", r"–", r"—"]).search
    tokenizer.prefix_search = compile_prefix_regex([*(nlp.Defaults.prefixes or ()), r"/", r"-"]).search


def _exact(form: str) -> bool:
    """Short forms and abbreviations match as written ("DI", "PC", "Dr", "MPS"), others in any case."""
    return len(form) <= 3 or (form.isupper() and " " not in form)


def _patterns(gaz: Gazetteer, exact: bool) -> list[dict]:
    """Phrase patterns of the listed wordings, case-sensitive (``exact``) or not."""
    wordings: list[tuple[str, str, str | None]] = [
        *(("RANK", form.rstrip("."), abbreviation) for form, abbreviation in gaz.rank_forms),
        *(("JOB_TITLE", title, None) for title in gaz.job_titles),
        *(("ORG", form, entry.key) for entry in gaz.organisations for form in entry.forms),
        *(("ORG", form.title(), f"bare:{kind}") for form, kind in gaz.bare.items()),
    ]
    patterns = []
    for label, form, key in wordings:
        if _exact(form) != exact:
            continue
        patterns.append({"label": label, "pattern": form, **({"id": key} if key else {})})
    return patterns


def _generic_organisations(doc: Doc) -> list[Span]:
    """Organisations named by pattern: "London Borough of {place}", "{place} Police" ...

    Found by their fixed words, then the place is read beside them: cheaper than a token
    pattern per place shape, and the place can be any capitalised name.
    """
    found: list[Span] = []
    lowers = [t.lower_ for t in doc]
    anchors = _anchors()
    for start, word in enumerate(lowers):
        for form, prefix, suffix in anchors.get(word, ()):
            if prefix and lowers[start : start + len(prefix)] == prefix:
                end = _place_end(doc, start + len(prefix))
                if end is not None and lowers[end : end + len(suffix)] == suffix:
                    found.append(_generic_span(doc, start, end + len(suffix), form))
            elif not prefix and lowers[start : start + len(suffix)] == suffix and start > 0:
                begin = _place_start(doc, start)
                if begin is not None:
                    found.append(_generic_span(doc, begin, start + len(suffix), form))
    return found


@cache
def _anchors() -> dict[str, list[tuple[GenericForm, list[str], list[str]]]]:
    """Each generic form under its first fixed word: "london" (London Borough of), "police" ..."""
    anchors: dict[str, list[tuple[GenericForm, list[str], list[str]]]] = {}
    for form in gazetteer().generic:
        prefix, suffix = form.prefix.lower().split(), form.suffix.lower().split()
        anchors.setdefault((prefix or suffix)[0], []).append((form, prefix, suffix))
    return anchors


def _is_place_word(token: Token) -> bool:
    return token.is_title and token.is_alpha and token.lower_ not in gazetteer().not_place_words


def _place_end(doc: Doc, start: int) -> int | None:
    """End of the place name starting at ``start`` (at most four words, 'and'/'upon' inside).

    'and' joins a place ("Barking and Dagenham") unless what follows names another organisation
    ("London Borough of Ashby and Ashby Police").
    """
    connectors = gazetteer().place_connectors
    end, words = start, 0
    while end < len(doc) and words < 4 and _is_place_word(doc[end]):
        end, words = end + 1, words + 1
        if end + 1 < len(doc) and doc[end].lower_ in connectors and _is_place_word(doc[end + 1]):
            if _names_organisation(doc, end + 1):
                break
            end += 1
    return end if words else None


def _names_organisation(doc: Doc, start: int) -> bool:
    """Do the place words from ``start`` end in a generic organisation's fixed word ("Ashby Police")?"""
    end = start
    while end < len(doc) and _is_place_word(doc[end]):
        end += 1
    return end < len(doc) and doc[end].lower_ in _anchors() and end > start


def _place_start(doc: Doc, end: int) -> int | None:
    """Start of the place name ending just before ``end``."""
    connectors = gazetteer().place_connectors
    start, words = end, 0
    while start > 0 and words < 4 and _is_place_word(doc[start - 1]):
        start, words = start - 1, words + 1
        if start > 1 and doc[start - 1].lower_ in connectors and _is_place_word(doc[start - 2]):
            if _after_prefix(doc, start - 2):
                break
            start -= 1
    return start if words else None


def _after_prefix(doc: Doc, end: int) -> bool:
    """Do the place words ending at ``end`` follow a generic form's prefix ("London Borough of Ashby")?"""
    start = end
    while start > 0 and _is_place_word(doc[start - 1]):
        start -= 1
    before = [t.lower_ for t in doc[max(0, start - 4) : start]]
    prefixes = {tuple(form.prefix.lower().split()) for form in gazetteer().generic if form.prefix}
    return any(tuple(before[-len(prefix) :]) == prefix for prefix in prefixes)


def _generic_span(doc: Doc, start: int, end: int, form: GenericForm) -> Span:
    place = doc[start + len(form.prefix.split()) : end - len(form.suffix.split())].text
    key = f"generic:{form.kind}:{form.index}"
    return Span(doc, start, end, label="ORG", kb_id=f"{form.kind}:{slug(place)}", span_id=key)


# -- components -----------------------------------------------------------------------

#: Which of two spans over the same words wins: a listed organisation over a rank over a title...
_PRECEDENCE = {"ORG": 0, "RANK": 1, "JOB_TITLE": 2, "generic": 3, "bare": 4}


def _precedence(span: Span) -> int:
    if span.label_ == "ORG" and span.id_.startswith(("generic:", "bare:")):
        return _PRECEDENCE[span.id_.split(":")[0]]
    return _PRECEDENCE.get(span.label_, 5)


@Language.component("strategy_organisations")
def strategy_organisations(doc: Doc) -> Doc:
    """Turn the ruler's matches into entities: longest first; generic organisations keyed by place."""
    candidates = [*doc.spans.get(SPANS_KEY, []), *_generic_organisations(doc)]
    spans = sorted(candidates, key=lambda s: (-len(s), _precedence(s), s.start))
    taken: set[int] = set()
    entities: list[Span] = []
    for span in spans:
        if taken & set(range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        entities.append(_entity(span))
    doc.ents = sorted(entities, key=lambda s: s.start)
    return doc


def _entity(span: Span) -> Span:
    if span.id_.startswith("generic:"):
        return span
    doc, end = span.doc, span.end
    if span.label_ == "RANK" and end < len(doc) and doc[end].text == "." and not doc[end - 1].whitespace_:
        end += 1  # "Insp." keeps its full stop
    return Span(doc, span.start, end, label=span.label_, kb_id=span.id_, span_id=span.id_)


def is_name_word(token: Token) -> bool:
    """A word that can be part of a person's name: capitalised, not an organisation or heading word."""
    gaz = gazetteer()
    lower = token.text.lower().replace("’", "'")
    if token.is_stop or lower in gaz.organisation_words or lower in gaz.not_name_words:
        return False
    return bool(_NAME_WORD.match(token.text))


def _starts_name(doc: Doc, index: int) -> bool:
    """A first name that is also a word ("April", "Will"): a name only when a name word follows."""
    token = doc[index]
    return (
        token.lower_ in gazetteer().first_names_too
        and token.is_title
        and index + 1 < len(doc)
        and is_name_word(doc[index + 1])
    )


@Language.component("strategy_person_names")
def strategy_person_names(doc: Doc) -> Doc:
    """Mark PERSON: name words after a rank, or two or three name words standing as a name."""
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    ranks_end = {ent.end for ent in doc.ents if ent.label_ == "RANK"}
    people: list[Span] = []
    index = 0
    while index < len(doc):
        end = _name_run(doc, index, taken)
        if end == index:
            index += 1
            continue
        if not _organisation_continues(doc, end):
            people.extend(_names_in_run(doc, index, end, after_rank=index in ranks_end))
        index = end
    if people:
        doc.ents = sorted([*doc.ents, *people], key=lambda s: s.start)
    return doc


def _name_run(doc: Doc, start: int, taken: set[int]) -> int:
    """End of the run of name words (and initials) starting at ``start``."""
    end = start
    while end < len(doc) and end not in taken:
        token = doc[end]
        initial = _INITIAL.match(token.text) and end + 1 < len(doc) and is_name_word(doc[end + 1])
        if not (is_name_word(token) or initial or (end == start and _starts_name(doc, end))):
            break
        end += 1
    return end


def _organisation_continues(doc: Doc, end: int) -> bool:
    """Do the name-like words run on into an organisation's name ("North West Magistrates Court")?"""
    gaz = gazetteer()
    last = None
    while end < len(doc) and not doc[end].ent_type_ and doc[end].is_alpha and doc[end].is_title:
        last = doc[end].lower_
        if last in gaz.job_heads:
            return False
        end += 1
    return last is not None and last in gaz.organisation_words


def _names_in_run(doc: Doc, start: int, end: int, after_rank: bool) -> list[Span]:
    """The people in a run of name words: one after a rank, or pairs/triples standing alone."""
    least = 1 if after_rank else 2
    gaz = gazetteer()
    if start >= 2 and doc[start - 1].lower_ in ("of", "for") and _is_head(doc[start - 2], gaz):
        return []  # "Director of Corporate Delivery": the rest of a post, not a name
    for cut in range(start + 1, end):
        if _is_head(doc[cut], gaz) and (cut >= start + least or _plainly_post(doc, cut, gaz)):
            end = cut  # "Jane Doe Manager": the job title starts here ("Corporate Director of ...": no name before it)
            break
    length = end - start
    if length < least:
        return []
    if length <= 3 or after_rank and length <= 4:
        return [Span(doc, start, end, label="PERSON")]
    return [Span(doc, s, min(s + 2, end), label="PERSON") for s in range(start, end, 2) if end - s >= 2]


@Language.component("strategy_job_titles")
def strategy_job_titles(doc: Doc) -> Doc:
    """Mark JOB_TITLE: a run of capitalised words ending in a job head word, or 'Head of ...'."""
    gaz = gazetteer()
    kept = [ent for ent in doc.ents if ent.label_ in ("PERSON", "RANK")]
    blocked = {i for ent in kept for i in range(ent.start, ent.end)}
    runs = [part for run in _title_runs(doc, blocked) for part in _posts_in_run(doc, *run, gaz)]
    titles: list[Span] = []
    for start, end in runs:
        span = _job_span(doc, start, end, gaz)
        if span is not None:
            titles.append(span)
    if not titles:
        return doc
    covered = {i for span in titles for i in range(span.start, span.end)}
    others = [ent for ent in doc.ents if not covered & set(range(ent.start, ent.end))]
    doc.ents = sorted([*others, *titles], key=lambda s: s.start)
    return doc


def _title_runs(doc: Doc, blocked: set[int]) -> list[tuple[int, int]]:
    """Runs of capitalised words, with 'of', 'for', 'the', 'and' inside them.

    An organisation joins a run only after 'of' or 'for' ("Director of Public Health"), so a
    title never cuts into an organisation's name ("Mayor's Office for Policing and Crime").
    """
    runs: list[tuple[int, int]] = []
    start = None
    for index, token in enumerate([*doc, None]):
        if token is not None and _in_title(doc, index, start, blocked):
            start = index if start is None else start
            continue
        if start is not None:
            runs.append((start, index))
        start = None
    return runs


def _posts_in_run(doc: Doc, start: int, end: int, gaz: Gazetteer) -> list[tuple[int, int]]:
    """A run naming two posts joined by 'and' or '&' ("Director of Housing & Interim Director of Finance"):
    each post on its own, when a head word stands on both sides of the joiner."""
    for index in range(start + 1, end - 1):
        if doc[index].lower_ in ("and", "&"):
            before = any(_is_head(doc[i], gaz) for i in range(start, index))
            after = any(_is_head(doc[i], gaz) for i in range(index + 1, end))
            if before and after:
                return [(start, index), *_posts_in_run(doc, index + 1, end, gaz)]
    return [(start, end)]


def _plainly_post(doc: Doc, index: int, gaz: Gazetteer) -> bool:
    """A head word that cannot be a surname: plural ("Directors"), or running on ("Director of ...")."""
    token = doc[index]
    plural = token.lower_ not in gaz.job_heads
    return plural or (index + 1 < len(doc) and doc[index + 1].lower_ in ("of", "for"))


def _is_head(token: Token, gaz: Gazetteer) -> bool:
    """A job head word, singular or plural ("Director", "Directors")."""
    lower = token.lower_
    return lower in gaz.job_heads or (lower.endswith("s") and lower[:-1] in gaz.job_heads)


def _in_title(doc: Doc, index: int, start: int | None, blocked: set[int]) -> bool:
    token = doc[index]
    joiners = gazetteer().title_joiners
    if index in blocked:
        return False
    if token.ent_type_ == "ORG":
        if token.ent_iob_ == "I":
            return start is not None  # the rest of an organisation the title took in
        return start is not None and doc[index - 1].lower_ in joiners  # "Director of Public Health"
    if token.is_alpha and (token.is_title or token.is_upper):
        return True
    return start is not None and token.lower_ in joiners and index + 1 < len(doc)


def _job_span(doc: Doc, start: int, end: int, gaz: Gazetteer) -> Span | None:
    """The job title in a run: up to its last head word, or on to the run's end after 'Head of'."""
    last = None
    for index in range(start, end):
        token = doc[index]
        listed = token.ent_type_ == "JOB_TITLE"
        if _is_head(token, gaz) or listed:
            last = index
            if index + 1 < end and doc[index + 1].lower_ in gaz.title_joiners:
                last = end - 1  # "Head of ...": the title runs on
                break
    if last is None:
        return None
    while last > start and doc[last].lower_ in gaz.title_joiners:
        last -= 1
    return Span(doc, start, last + 1, label="JOB_TITLE")
