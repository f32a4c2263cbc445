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
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from models import Lead, Organisation, Person

from ..document import nlp
from ..document.parsers.leads import LeadMention

#: Longest spelling slip between two writings of one surname (the same person, the same post).
TYPO_DISTANCE = 1


class Written(NamedTuple):
    """What a lead mention writes of a person and an organisation: all that resolving reads of it (not
    its text and source, which can be long). A person's mentions written alike are kept once, with their count."""

    person: str | None
    person_text: str | None
    rank: str | None
    job_title: str | None
    organisation: str | None
    organisation_key: str | None
    organisation_name: str | None

    @classmethod
    def of(cls, mention: LeadMention) -> Written:
        return cls(*(getattr(mention, name) for name in cls._fields))


def resolve(mentions_by_document: dict[str, list[LeadMention]]) -> tuple[list[Person], list[Organisation], list[Lead]]:
    """People, organisations and leads from the lead mentions of every document, ids deterministic."""
    with Resolver() as resolver:
        for document_id, found in mentions_by_document.items():
            resolver.add(document_id, found)
        people, organisations = resolver.resolve()
        ids = resolver.lead_ids()
        leads = [
            _lead(document_id, number, mention, *next(ids)[:2])
            for document_id, found in mentions_by_document.items()
            for number, mention in enumerate(found, start=1)
        ]
    return people, organisations, leads


class Resolver:
    """People and organisations resolved across every document of a build.

    Each document's lead mentions are added as it is read and kept in a temporary SQLite file, not in
    memory; :meth:`resolve` reads them back once all are in (a person is known only across every
    document), holding one entry per way a person is written, not one per mention (only which person
    each surname alone went to, a reference each): a build's memory does not grow with its documents.
    :meth:`lead_ids` then gives each lead's person and organisation.
    """

    def __init__(self) -> None:
        # "": a private temporary file, removed on close; SQLite pages it out beyond its small cache.
        self._db = sqlite3.connect("", isolation_level=None)
        self._db.execute("PRAGMA journal_mode = OFF")  # nothing to roll back: the file is thrown away
        self._db.execute("PRAGMA cache_size = -256")  # KiB: it is written and read in order, once a pass
        self._db.execute(f"create table mentions (document_id text, {', '.join(Written._fields)})")
        self._organisations: _Organisations | None = None
        self._person_of: _PersonOf | None = None

    def add(self, document_id: str, mentions: Iterable[LeadMention], council: str | None = None) -> None:
        """Keep one document's lead mentions (in document order: their leads are numbered so).

        With ``council`` (the document's borough), an organisation no list names belongs to that council:
        "Public Health" in one council's plan is not "Public Health" in another's. A listed one (a police
        force, a national or regional body, a council) is the same wherever it is named."""
        places = ", ".join("?" * (len(Written._fields) + 1))
        self._db.executemany(f"insert into mentions values ({places})",
                             ((document_id, *_of_council(Written.of(mention), council)) for mention in mentions))

    def __iter__(self) -> Iterator[tuple[str, Written]]:
        """Every mention kept with its document, in the order added, read back from the file as it is used."""
        for document_id, *written in self._db.execute("select * from mentions order by rowid"):
            yield document_id, Written(*written)

    def resolve(self) -> tuple[list[Person], list[Organisation]]:
        """The people and the organisations of every mention added, ids deterministic."""
        self._organisations = organisations = _organisations(written for _, written in self)
        people, self._person_of = _people(self, organisations)
        return people, list(organisations.records.values())

    def lead_ids(self) -> Iterator[tuple[str | None, str | None, str]]:
        """(person id, organisation id, lead id) of every lead, in the order added, once resolved: the
        parameters of an update of the leads table, read as it runs."""
        organisations, person_of = self._organisations, self._person_of
        if organisations is None or person_of is None:
            raise RuntimeError("resolve() first")
        number, previous = 0, None
        attached = iter(person_of.attached)
        for document_id, written in self:
            number = number + 1 if document_id == previous else 1
            previous = document_id
            person = None
            if written.person:
                group = person_of.full_names[_name_key(written)] if _is_full_name(written) else next(attached)
                person = person_of.ids[group]
            yield person, organisations.id_of(written), lead_id(document_id, number)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Resolver:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def document_leads(document_id: str, mentions: list[LeadMention]) -> list[Lead]:
    """A document's leads as :func:`resolve` gives them, but for their person and organisation ids,
    which only a :class:`Resolver` (over every document) can give: a build writes each document's
    leads as it comes, and fills those two in at the end."""
    return [_lead(document_id, n, mention, None, None) for n, mention in enumerate(mentions, start=1)]


def lead_id(document_id: str, number: int) -> str:
    """A lead's id: its document's, and its number in the order the document names its leads."""
    return f"{document_id}:lead:{number}"


def _lead(
    document_id: str, number: int, mention: LeadMention, person_id: str | None, organisation_id: str | None
) -> Lead:
    return Lead(
        id=lead_id(document_id, number),
        document_id=document_id,
        priority_id=mention.priority_id,
        commitment_id=mention.commitment_id,
        role=mention.role,
        person_id=person_id,
        organisation_id=organisation_id,
        text=mention.text,
        **mention.source.fields(),
    )


# -- organisations ----------------------------------------------------------------------


def _of_council(written: Written, council: str | None) -> Written:
    """An unlisted organisation's identity scoped to the council whose document names it."""
    if council is None or written.organisation_key or not written.organisation:
        return written
    return written._replace(organisation_key=f"name:{council}: {nlp.normal(written.organisation)}")


def identity(mention: Written) -> str | None:
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

    def id_of(self, mention: Written) -> str | None:
        key = identity(mention) or ""
        record = self.records.get(self.same.get(key, key))
        return record.id if record else None


def _organisations(mentions: Iterable[Written]) -> _Organisations:
    """One record per organisation, named canonically, with the other names documents use (read in one pass)."""
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


@dataclass(eq=False)
class _Group:
    """Mentions of one person: each way they are written, once, with how many mentions write it so.

    Writings, not mentions: resolving holds as much as there are ways of writing people, however many
    documents write them. The name is worked out again only when a mention is added: attaching each
    short mention asks every group for it (working it out each time took time in the square of the mentions).
    """

    #: Each writing -> [mentions written so, position of the first]; in the order first seen.
    written: dict[Written, list[int]] = field(default_factory=dict)
    _named: tuple[str, list[str]] | None = field(default=None, repr=False)

    def add(self, written: Written, position: int, count: int = 1) -> None:
        seen = self.written.setdefault(written, [0, position])
        seen[0] += count
        seen[1] = min(seen[1], position)
        self._named = None

    def absorb(self, other: _Group) -> None:
        """Add another group's mentions after this one's."""
        for written, (count, position) in other.written.items():
            self.add(written, position, count)

    @property
    def position(self) -> int:
        """Where the group's first mention is, among every mention."""
        return min(position for _, position in self.written.values())

    @property
    def tokens(self) -> list[str]:
        return self._fullest()[1]

    @property
    def name(self) -> str:
        """The fullest form, then the most frequent spelling, then the first written."""
        return self._fullest()[0]

    @property
    def ranks(self) -> set[str | None]:
        return {written.rank for written in self.written}

    def _fullest(self) -> tuple[str, list[str]]:
        if self._named is None:
            spellings: Counter[str] = Counter()
            first: dict[str, int] = {}
            for written, (count, _) in self.written.items():
                spelling = _name(written)
                spellings[spelling] += count
                first.setdefault(spelling, len(first))
            name = max(first, key=lambda s: (len(_tokens(s)), spellings[s], -first[s]))
            self._named = (name, _tokens(name))
        return self._named

    def most(self, value: Callable[[Written], str | None]) -> str | None:
        """The value most mentions give (the first given, among equals)."""
        counted: Counter[str] = Counter()
        for written, (count, _) in self.written.items():
            if v := value(written):
                counted[v] += count
        return max(counted, key=lambda v: (counted[v], -list(counted).index(v))) if counted else None


def _name(mention: Written) -> str:
    return re.sub(r"\s+", " ", (mention.person or "").strip(" .,;:"))


def _tokens(name: str) -> list[str]:
    return [t.lower().rstrip(".") for t in name.split()]


def _name_key(mention: Written) -> tuple[str, ...]:
    return tuple(_tokens(_name(mention)))


def _is_full_name(mention: Written) -> bool:
    """A first name and a surname ("Andy Mariner"), not a surname alone or an initial ("CI Mariner", "A. Mariner")."""
    return len(_tokens(_name(mention))) >= 2 and not _is_initialled(mention)


@dataclass
class _PersonOf:
    """Whose each named mention is: full names by their words, the others in the order they come."""

    full_names: dict[tuple[str, ...], _Group]
    attached: list[_Group]  # the group of each other named mention (a surname alone, an initial), in order
    ids: dict[_Group, str]  # group -> its person's id


def _people(mentions: Iterable[tuple[str, Written]], organisations: _Organisations) -> tuple[list[Person], _PersonOf]:
    """Group the person mentions, then make one Person per group (``mentions`` are read twice)."""
    full_names = _full_name_groups(mentions)
    groups = _merge_spelling_slips(full_names)
    attached = _attach_short_mentions(mentions, groups, full_names)
    people: list[Person] = []
    ids: dict[_Group, str] = {}
    taken: set[str] = set()
    for group in sorted(groups, key=lambda g: g.position):
        person = _person(group, organisations, taken)
        people.append(person)
        ids[group] = person.id
    return people, _PersonOf(full_names, attached, ids)


def _is_initialled(mention: Written) -> bool:
    """ "J. Smith", "J Smith": a first name given by its initial only."""
    words = _name(mention).split()
    return len(words) >= 2 and re.fullmatch(r"[A-Z]\.?", words[0]) is not None


def _full_name_groups(mentions: Iterable[tuple[str, Written]]) -> dict[tuple[str, ...], _Group]:
    """A group for each full name, by its words; positions count every mention."""
    by_name: dict[tuple[str, ...], _Group] = {}
    for position, (_, mention) in enumerate(mentions):
        if mention.person and _is_full_name(mention):
            by_name.setdefault(_name_key(mention), _Group()).add(mention, position)
    return by_name


def _merge_spelling_slips(by_name: dict[tuple[str, ...], _Group]) -> list[_Group]:
    """"Manju Likhman" and "Manju Lukhman" in the same post: one person misspelt. ``by_name`` then
    gives the group each full name went to."""
    merged: list[_Group] = []
    for name, group in by_name.items():
        twin = next((other for other in merged if _same_person_misspelt(group, other)), None)
        if twin is None:
            merged.append(group)
        else:
            twin.absorb(group)
            by_name[name] = twin  # a value replaced, no key added: iterating goes on
    return merged


def _same_person_misspelt(one: _Group, other: _Group) -> bool:
    a, b = one.tokens, other.tokens
    if len(a) != len(b) or a[0] != b[0] or a == b:
        return False
    slips = sum(Levenshtein.distance(x, y) for x, y in zip(a[1:], b[1:], strict=True))
    if slips > TYPO_DISTANCE or min(len(a[-1]), len(b[-1])) < 4:
        return False
    shared_title = _values(one, "job_title") & _values(other, "job_title")
    shared_organisation = {identity(m) for m in one.written} & {identity(m) for m in other.written} - {None}
    return bool(shared_title or shared_organisation)


def _values(group: _Group, attribute: str) -> set[str]:
    return {nlp.normal(v) for m in group.written if (v := getattr(m, attribute))}


def _attach_short_mentions(
    mentions: Iterable[tuple[str, Written]], groups: list[_Group], full_names: dict[tuple[str, ...], _Group]
) -> list[_Group]:
    """The group each short mention (a surname alone, an initial) goes to, in order, a document at a time.

    A short mention goes first to a person of its own document: one with a full name anywhere in the
    document, or whom a short mention before it went to. Each document's mentions come together.
    """
    attached: list[_Group] = []
    rows = enumerate(mentions)
    for _, document in groupby(rows, key=lambda row: row[1][0]):
        found = [(position, mention) for position, (_, mention) in document if mention.person]
        here = {full_names[_name_key(m)] for _, m in found if _is_full_name(m)}
        for position, mention in found:
            if not _is_full_name(mention):
                group = _attach_short(mention, position, groups, here)
                here.add(group)
                attached.append(group)
    return attached


def _attach_short(mention: Written, position: int, groups: list[_Group], here: set[_Group]) -> _Group:
    """Give "DCI Randall" (or "J. Smith") to the one person it can mean, else keep it apart; return whose it is.

    ``here``: the groups with a mention in the mention's own document.
    """
    words = _tokens(_name(mention))
    surname, initial = words[-1], (words[0][0] if len(words) >= 2 else None)
    candidates = [
        g
        for g in groups
        if len(g.tokens) >= 2 and g.tokens[-1] == surname and (initial is None or g.tokens[0][0] == initial)
    ]
    if mention.rank:
        candidates = [g for g in candidates if mention.rank in g.ranks | {None}] or candidates
    in_document = [g for g in candidates if g in here]
    chosen = in_document if in_document else candidates
    if len(chosen) == 1:
        chosen[0].add(mention, position)
        return chosen[0]
    alone = next((g for g in groups if g.tokens == words and len(g.tokens) == len(words)), None)
    if alone is None:
        alone = _Group()
        groups.append(alone)
    alone.add(mention, position)
    return alone


def _person(group: _Group, organisations: _Organisations, taken: set[str]) -> Person:
    name = group.name
    surface = list(dict.fromkeys(re.sub(r"\s+", " ", m.person_text or m.person or "") for m in group.written))
    return Person(
        id=_unique(nlp.slug(name) or "person", taken),
        name=name,
        rank=group.most(lambda m: m.rank),
        job_title=group.most(lambda m: m.job_title),
        organisation_id=group.most(organisations.id_of),
        aliases=json.dumps(surface, ensure_ascii=False),
    )
