"""People and organisations resolved across cells and documents, and the leads that name them.

Documents write the same person many ways: "DCI Gary Randall", "DCI Randall"; "CI Andy Mariner",
"Chief Inspector Andy Mariner", "Andy Mariner (MPS)", "CI Mariner"; and sometimes misspell them
("Likhman" / "Lukhman"). :func:`resolve` makes one :class:`~models.Person` of each, named by the
fullest form without rank, and one :class:`~models.Organisation` per canonical organisation.
Different first names are never merged, whatever the surname; a surname alone is given to the one
person it can mean (in the same document first), and stays apart when it could mean two.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz.distance import Levenshtein

from models import Lead, Organisation, Person

from . import nlp
from .blocks import Provenance
from .parsers.evidence import Source
from .parsers.leads import LeadMention

#: Longest spelling slip between two writings of one surname (the same person, the same post).
TYPO_DISTANCE = 1


def resolve(mentions_by_document: dict[str, list[LeadMention]]) -> tuple[list[Person], list[Organisation], list[Lead]]:
    """People, organisations and leads from the lead mentions of every document, ids deterministic."""
    mentions = [m for document in mentions_by_document.values() for m in document]
    organisations = _organisations(mentions)
    people, person_of = _people(mentions, organisations)
    leads = [
        _lead(document_id, number, mention, person_of, organisations)
        for document_id, found in mentions_by_document.items()
        for number, mention in enumerate(found, start=1)
    ]
    return people, list(organisations.records.values()), leads


#: Who a lead is, by lead id: (person id, organisation id).
LeadIds = dict[str, tuple[str | None, str | None]]


def document_leads(document_id: str, mentions: list[LeadMention]) -> list[Lead]:
    """A document's leads as :func:`resolve` gives them, but for their person and organisation ids,
    which only :func:`resolve_ids` (over every document) can give: a build writes each document's
    leads as it comes, and fills those two in at the end."""
    return [_lead(document_id, n, mention, {}, _Organisations()) for n, mention in enumerate(mentions, start=1)]


def for_resolving(mention: LeadMention) -> LeadMention:
    """The mention with only what resolving people and organisations reads (not its text and
    source, which can be long): what a build keeps of every document until all are read."""
    return replace(mention, text="", source=_NO_SOURCE)


def resolve_ids(mentions_by_document: dict[str, list[LeadMention]]) -> tuple[list[Person], list[Organisation], LeadIds]:
    """People and organisations as :func:`resolve` gives them, and each lead's person and organisation."""
    mentions = [m for document in mentions_by_document.values() for m in document]
    organisations = _organisations(mentions)
    people, person_of = _people(mentions, organisations)
    ids = {
        f"{document_id}:lead:{number}": (person_of.get(id(mention)), organisations.id_of(mention))
        for document_id, found in mentions_by_document.items()
        for number, mention in enumerate(found, start=1)
    }
    return people, list(organisations.records.values()), ids


_NO_SOURCE = Source(Provenance())


def _lead(
    document_id: str, number: int, mention: LeadMention, person_of: dict[int, str], organisations: _Organisations
) -> Lead:
    return Lead(
        id=f"{document_id}:lead:{number}",
        document_id=document_id,
        priority_id=mention.priority_id,
        commitment_id=mention.commitment_id,
        role=mention.role,  # type: ignore[arg-type]
        person_id=person_of.get(id(mention)),
        organisation_id=organisations.id_of(mention),
        text=mention.text,
        page=mention.source.page,
        line=mention.source.line,
        evidence=mention.source.raw,
        confidence=mention.source.confidence,
    )


# -- organisations ----------------------------------------------------------------------


def identity(mention: LeadMention) -> str | None:
    """Which organisation a mention names: its canonical key, else its name as written."""
    if mention.organisation_key:
        return mention.organisation_key
    if mention.organisation:
        return "name:" + nlp.normal(mention.organisation)
    return None


@dataclass
class _Organisations:
    records: dict[str, Organisation] = field(default_factory=dict)  # identity -> record
    same: dict[str, str] = field(default_factory=dict)  # identity -> the identity it is a variant of

    def id_of(self, mention: LeadMention) -> str | None:
        key = identity(mention) or ""
        record = self.records.get(self.same.get(key, key))
        return record.id if record else None


def _organisations(mentions: list[LeadMention]) -> _Organisations:
    """One record per organisation, named canonically, with the other names documents use."""
    result = _Organisations()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        key = identity(mention)
        if key is None:
            continue
        key = result.same.setdefault(key, _variant_of(key, forms) or key)
        forms[key][mention.organisation or mention.organisation_name or ""] += 1
        if mention.organisation_name:
            forms[key].setdefault(mention.organisation_name, 0)  # known to the document, not written here
    taken: set[str] = set()
    for key, written in forms.items():
        name, abbreviation = _canonical_organisation(key, written)
        record_id = _unique(nlp.slug(name) or "organisation", taken)
        aliases = [form for form in written if form and form != name and written[form] > 0]
        result.records[key] = Organisation(
            id=record_id, name=name, abbreviation=abbreviation, aliases=json.dumps(aliases, ensure_ascii=False)
        )
    return result


def _variant_of(key: str, known: dict[str, Counter[str]]) -> str | None:
    """An unlisted name written slightly differently ("Safer Community Board" / "Safer Communities Board")."""
    if not key.startswith("name:"):
        return None
    words = key.split()
    for other in known:
        other_words = other.split()
        if not other.startswith("name:") or len(other_words) != len(words):
            continue
        differing = [(a, b) for a, b in zip(words, other_words, strict=True) if a != b]
        if len(differing) == 1 and _word_variant(*differing[0]):
            return other
    return None


def _word_variant(one: str, other: str) -> bool:
    """Two forms of one word: "community"/"communities", "partnership"/"partnerships", a slip."""
    stem = len(os.path.commonprefix([one, other]))
    distance = Levenshtein.distance(one, other)
    return min(len(one), len(other)) >= 5 and (distance <= 1 or (stem >= 5 and distance <= 3))


def _canonical_organisation(key: str, written: Counter[str]) -> tuple[str, str | None]:
    entry = nlp.gazetteer().organisation(key)
    if entry is not None:
        return entry.name, entry.abbreviation
    names = [form for form in written if form]
    if key.startswith("name:"):
        name = max(names, key=lambda form: (written[form], len(form)))
        return name, name if _is_abbreviation(name) else None
    ranked = sorted(names, key=lambda form: (_form_rank(form), -len(form), -written[form]))
    full = [form for form in ranked if not _is_abbreviation(form)]
    name = full[0] if full else ranked[0]
    abbreviation = next((form for form in names if _is_abbreviation(form)), None)
    form = _generic_form(name)
    if abbreviation is None and form is not None and form.abbreviate:
        abbreviation = "".join(word[0] for word in name.split() if word[:1].isupper())
    return name, abbreviation


def _generic_form(name: str) -> nlp.GenericForm | None:
    """The pattern a name is written in ("London Borough of {place}"), if it is one whole."""
    doc = nlp.analyse(name)
    whole = [e for e in doc.ents if e.label_ == "ORG" and e.start == 0 and e.end == len(doc)]
    if whole and whole[0].id_.startswith("generic:"):
        _, kind, index = whole[0].id_.split(":")
        return nlp.gazetteer().generic_form(kind, int(index))
    return None


def _form_rank(name: str) -> int:
    """How canonical a generic name's form is: the gazetteer lists the preferred forms first."""
    form = _generic_form(name)
    return form.index if form is not None else 99


def _is_abbreviation(text: str) -> bool:
    return text.isalpha() and text.isupper() and 2 <= len(text) <= 6


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


# -- people -------------------------------------------------------------------------------


@dataclass
class _Group:
    """Mentions of one person.

    Mentions are only ever added (to ``mentions``), so what is worked out from them is tallied as
    they come rather than from all of them each time: attaching each short mention asks every group
    for its name, which took time in the square of the mentions (minutes for a few thousand documents).
    """

    mentions: list[LeadMention] = field(default_factory=list)
    _tallied: int = field(default=0, repr=False, compare=False)
    _spellings: Counter[str] = field(default_factory=Counter, repr=False, compare=False)
    _first: dict[str, int] = field(default_factory=dict, repr=False, compare=False)  # spelling -> first seen
    _ranks: set[str | None] = field(default_factory=set, repr=False, compare=False)
    _documents: set[str] = field(default_factory=set, repr=False, compare=False)
    _named: tuple[str, list[str]] | None = field(default=None, repr=False, compare=False)

    def _catch_up(self) -> None:
        if self._tallied == len(self.mentions):
            return
        for mention in self.mentions[self._tallied :]:
            spelling = _name(mention)
            self._spellings[spelling] += 1
            self._first.setdefault(spelling, len(self._first))
            self._ranks.add(mention.rank)
            self._documents.add(mention.document_id)
        self._tallied = len(self.mentions)
        self._named = None

    @property
    def spellings(self) -> Counter[str]:
        self._catch_up()
        return Counter(self._spellings)

    @property
    def tokens(self) -> list[str]:
        return self._fullest()[1]

    @property
    def name(self) -> str:
        """The fullest form, then the most frequent spelling, then the first written."""
        return self._fullest()[0]

    @property
    def ranks(self) -> set[str | None]:
        self._catch_up()
        return self._ranks

    @property
    def documents(self) -> set[str]:
        self._catch_up()
        return self._documents

    def _fullest(self) -> tuple[str, list[str]]:
        self._catch_up()
        if self._named is None:
            spellings, first = self._spellings, self._first
            name = max(first, key=lambda s: (len(_tokens(s)), spellings[s], -first[s]))
            self._named = (name, _tokens(name))
        return self._named

    def most(self, values: Iterable[str | None]) -> str | None:
        counted = Counter(v for v in values if v)
        return max(counted, key=lambda v: (counted[v], -list(counted).index(v))) if counted else None


def _name(mention: LeadMention) -> str:
    return re.sub(r"\s+", " ", (mention.person or "").strip(" .,;:"))


def _tokens(name: str) -> list[str]:
    return [t.lower().rstrip(".") for t in name.split()]


def _people(mentions: list[LeadMention], organisations: _Organisations) -> tuple[list[Person], dict[int, str]]:
    """Group the person mentions, then make one Person per group."""
    named = [m for m in mentions if m.person]
    groups = _full_name_groups([m for m in named if len(_tokens(_name(m))) >= 2])
    groups = _merge_spelling_slips(groups)
    for mention in (m for m in named if len(_tokens(_name(m))) < 2 or _is_initialled(m)):
        _attach_short(mention, groups)
    people: list[Person] = []
    person_of: dict[int, str] = {}
    taken: set[str] = set()
    position = {id(m): index for index, m in enumerate(named)}
    for group in sorted(groups, key=lambda g: min(position[id(m)] for m in g.mentions)):
        person = _person(group, organisations, taken)
        people.append(person)
        person_of.update({id(m): person.id for m in group.mentions})
    return people, person_of


def _is_initialled(mention: LeadMention) -> bool:
    """ "J. Smith", "J Smith": a first name given by its initial only."""
    words = _name(mention).split()
    return len(words) >= 2 and re.fullmatch(r"[A-Z]\.?", words[0]) is not None


def _full_name_groups(mentions: list[LeadMention]) -> list[_Group]:
    by_name: dict[tuple[str, ...], _Group] = {}
    for mention in mentions:
        if _is_initialled(mention):
            continue
        by_name.setdefault(tuple(_tokens(_name(mention))), _Group()).mentions.append(mention)
    return list(by_name.values())


def _merge_spelling_slips(groups: list[_Group]) -> list[_Group]:
    """"Manju Likhman" and "Manju Lukhman" in the same post: one person misspelt."""
    merged: list[_Group] = []
    for group in groups:
        twin = next((other for other in merged if _same_person_misspelt(group, other)), None)
        if twin is None:
            merged.append(group)
        else:
            twin.mentions.extend(group.mentions)
    return merged


def _same_person_misspelt(one: _Group, other: _Group) -> bool:
    a, b = one.tokens, other.tokens
    if len(a) != len(b) or a[0] != b[0] or a == b:
        return False
    slips = sum(Levenshtein.distance(x, y) for x, y in zip(a[1:], b[1:], strict=True))
    if slips > TYPO_DISTANCE or min(len(a[-1]), len(b[-1])) < 4:
        return False
    shared_title = _values(one, "job_title") & _values(other, "job_title")
    shared_organisation = {identity(m) for m in one.mentions} & {identity(m) for m in other.mentions} - {None}
    return bool(shared_title or shared_organisation)


def _values(group: _Group, attribute: str) -> set[str]:
    return {nlp.normal(v) for m in group.mentions if (v := getattr(m, attribute))}


def _attach_short(mention: LeadMention, groups: list[_Group]) -> None:
    """Give "DCI Randall" (or "J. Smith") to the one person it can mean, else keep it apart."""
    words = _tokens(_name(mention))
    surname, initial = words[-1], (words[0][0] if len(words) >= 2 else None)
    candidates = [
        g
        for g in groups
        if len(g.tokens) >= 2 and g.tokens[-1] == surname and (initial is None or g.tokens[0][0] == initial)
    ]
    if mention.rank:
        candidates = [g for g in candidates if mention.rank in g.ranks | {None}] or candidates
    here = [g for g in candidates if mention.document_id in g.documents]
    chosen = here if here else candidates
    if len(chosen) == 1:
        chosen[0].mentions.append(mention)
        return
    alone = next((g for g in groups if g.tokens == words and len(g.tokens) == len(words)), None)
    if alone is None:
        alone = _Group()
        groups.append(alone)
    alone.mentions.append(mention)


def _person(group: _Group, organisations: _Organisations, taken: set[str]) -> Person:
    name = group.name
    surface = list(dict.fromkeys(re.sub(r"\s+", " ", m.person_text or m.person or "") for m in group.mentions))
    organisation = group.most(organisations.id_of(m) for m in group.mentions)
    return Person(
        id=_unique(nlp.slug(name) or "person", taken),
        name=name,
        rank=group.most(m.rank for m in group.mentions),
        job_title=group.most(m.job_title for m in group.mentions),
        organisation_id=organisation,
        aliases=json.dumps(surface, ensure_ascii=False),
    )
