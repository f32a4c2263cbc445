"""Leads: who leads, chairs, signs, wrote, or can be contacted about a document's work.

Every source is recognised by meaning, never by one document's wording (the wordings are data in
``extract/document/gazetteer.yml``; entities come from :mod:`extract.nlp`):

- roles rows: a row whose first cell means a role ("A) Lead agency", "Strategic lead (owner)",
  "Report Author:") with its value in the next cell; also "Label: value" lines in the text;
- lead and service columns of action tables (columns recognised by :mod:`.columns`), one mention
  per person or organisation in the cell, tied to the row's commitment;
- signatories: the rows of a table under a heading that means signatories;
- chairs ("Name, Chair of ...", a lone name over lines naming a chair), contacts (a name by an
  email address or phone number) and presenters (a name, organisation and date under a title).

Template text left in a form ("(Police / Council / Probation etc)", "Named senior officer
responsible for ...", "NB: ...") is never a lead. A bare "Police" or "Council", and an
abbreviation such as "LBX", are resolved against the organisations the document itself names.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
import dataclasses
from dataclasses import dataclass, field
from typing import Any, cast, get_args

from rapidfuzz import fuzz, process
from spacy.tokens import Doc, Span

from models import Commitment
from models.records import LeadRole

from .. import nlp
from ..blocks import Block, BlockDocument, Cell, Heading, Paragraph, Provenance, Row, Table
from . import columns, patterns
from .evidence import Source, source_of_line
from .patterns import squash
from .issues import IssueLog
from .priorities import Outline

#: Similarity (0-100) a cell needs to a role label to mean that role.
ROLE_SCORE = 90
#: Blocks longer than this (in words) are prose, not a name line, signature or presenter.
SHORT = 25

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+44\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_ENUMERATOR = re.compile(r"^\s*(?:\(?[A-Za-z0-9]{1,2}[.)]|[-•*])\s*")
_MARKUP = re.compile(r"(?<!\w)[*_]+|[*_]+(?!\w)")
#: What separates the people or services listed in one cell (with the gazetteer's list_joiners, for people).
_SERVICE_SEPARATORS = frozenset({",", "/", ";", "|", "+", "\n"})
#: A line of a cell that ends on a word joining a title to what follows ("of", "for", "and", "&").
_BROKEN_POST = re.compile(r"\b(of|for|and|the|&)[ \t]*\n[ \t]*", re.I)
#: Roles that belong to the whole document, not to the priority they happen to sit under.
_DOCUMENT_ROLES = ("chair", "signatory", "author", "contact")


@dataclass(frozen=True)
class LeadMention:
    """One person or organisation named in a role, as the document writes it."""

    document_id: str
    role: LeadRole
    text: str  # the cell or phrase as written for this lead
    source: Source
    person: str | None = None  # name without rank, as written: "Andy Mariner", "Mariner"
    person_text: str | None = None  # name with its rank, as written: "CI Mariner"
    rank: str | None = None  # abbreviation: "CI"
    job_title: str | None = None
    organisation: str | None = None  # as written: "LBB", "Police"
    organisation_key: str | None = None  # a listed organisation's id, or "council:barnet"; None if unknown
    organisation_name: str | None = None  # the fullest name the document gives that organisation
    priority_id: str | None = None
    commitment_id: str | None = None
    block_index: int = 0

    def to_json(self) -> dict[str, Any]:
        """The mention as JSON-ready data (its source's provenance included), for the extraction cache."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LeadMention:
        """The mention :meth:`to_json` wrote (KeyError, TypeError or ValueError if the data is not one)."""
        provenance = dict(data["source"]["provenance"])
        if provenance.get("bbox") is not None:
            provenance["bbox"] = tuple(provenance["bbox"])
        return cls(**{**data, "role": lead_role(data["role"]), "source": Source(Provenance(**provenance))})


@dataclass
class _Item:
    """One person or organisation read from a cell or phrase."""

    text: str
    person: Span | None = None
    end: int = 0  # token index where the item ends in its cell
    rank: Span | None = None
    job_title: str | None = None
    organisation: str | None = None
    organisation_key: str | None = None

    @property
    def empty(self) -> bool:
        return self.person is None and self.organisation is None


# -- the document's own organisations -------------------------------------------------


@dataclass
class _Context:
    """The organisations a document names, to resolve "Police", "Council" and "LBX" in it."""

    counts: Counter[str] = field(default_factory=Counter)
    forms: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    regions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, document: BlockDocument) -> _Context:
        context = cls()
        gaz = nlp.gazetteer()
        for span in nlp.organisations_in(_texts(document)):
            key = span.kb_id_
            if key.startswith("bare:"):
                continue
            context.counts[key] += 1
            context.forms[key][span.text] += 1
            if span.id_.startswith("generic:"):
                _, kind, index = span.id_.split(":")
                region = gaz.generic_form(kind, int(index)).region
                if region:
                    context.regions[key] = region
        return context

    def resolve(self, key: str | None, written: str) -> str | None:
        """The organisation a mention means in this document."""
        if key is None:
            return self._by_initials(written)
        if key.startswith("bare:"):
            return self._local(key.split(":", 1)[1])
        if key.startswith("police:"):
            return self._regional_force(key.split(":", 1)[1]) or key
        return key

    def name(self, key: str | None) -> str | None:
        """The fullest name the document gives an organisation."""
        entry = nlp.gazetteer().organisation(key)
        if entry:
            return entry.name
        forms = self.forms.get(key or "")
        return max(forms, key=lambda form: (len(form), forms[form])) if forms else None

    def _local(self, kind: str) -> str | None:
        """The document's own force or council: the one of that kind it names most."""
        gaz = nlp.gazetteer()
        if kind == "police":
            listed = [k for k in self.counts if (e := gaz.organisation(k)) and e.kind == "police" and not e.national]
            if listed:
                return max(listed, key=lambda k: self.counts[k])
            for council, region in self.regions.items():
                force = self._force_of(region)
                if force and council.startswith("council:"):
                    return force
        named = [k for k in self.counts if k.startswith(f"{kind}:")]
        return max(named, key=lambda k: (self.counts[k], k)) if named else None

    def _regional_force(self, place: str) -> str | None:
        """"<Place> Police" in a borough policed by a regional force ("Barnet Police" in London: MPS)."""
        region = self.regions.get(f"council:{place}")
        return self._force_of(region) if region else None

    @staticmethod
    def _force_of(region: str) -> str | None:
        gaz = nlp.gazetteer()
        return next((e.key for e in gaz.organisations if e.kind == "police" and e.region == region), None)

    def _by_initials(self, written: str) -> str | None:
        if not (written.isupper() and 2 <= len(written) <= 6 and written.isalpha()):
            return None
        for key, forms in self.forms.items():
            if any(_initials(form) == written for form in forms):
                return key
        return None


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isupper())


def _texts(document: BlockDocument) -> Iterator[str]:
    for block in document.blocks:
        if isinstance(block, Table):
            yield from (cell.text for row in block.rows for cell in row.cells if not cell.empty)
        else:
            yield from block.lines


# -- state ----------------------------------------------------------------------------

_LEAD_ROLES: frozenset[str] = frozenset(get_args(LeadRole))


def lead_role(role: str) -> LeadRole:
    """A role read from a label, a column or the gazetteer, checked against the models' roles."""
    if role not in _LEAD_ROLES:
        raise ValueError(f"{role!r} is not a lead role (models.records.LeadRole: {', '.join(sorted(_LEAD_ROLES))})")
    return cast(LeadRole, role)



@dataclass
class _State:
    document: BlockDocument
    outline: Outline
    issues: IssueLog
    context: _Context
    commitments: dict[str, list[Commitment]]
    mentions: list[LeadMention] = field(default_factory=list)
    seen: set[tuple] = field(default_factory=set)
    heading: str = ""  # the last heading, bold line or short line read

    def priority(self, block_index: int) -> str | None:
        chain = self.outline.chain(block_index)
        return chain[0].id if chain else None

    def add(self, role: str, item: _Item, source: Source, block_index: int, **extra: str | None) -> None:
        key = self.context.resolve(item.organisation_key, item.organisation or "")
        _post_not_rank(item, key)
        person = item.person
        post = item.text if person is None and not item.organisation else None  # two posts in one cell are two leads
        seen = (role, block_index, source.raw, person.text if person is not None else None, item.organisation, post)
        if seen in self.seen:
            return  # one phrase read twice ("Contact: Jane Doe, jane.doe@...": a label and an address)
        self.seen.add(seen)
        self.mentions.append(
            LeadMention(
                document_id=self.outline.document_id,
                role=lead_role(role),
                text=item.text,
                source=source,
                person=person.text if person is not None else None,
                person_text=_person_text(item) if person is not None else None,
                rank=item.rank.kb_id_ if item.rank is not None else None,
                job_title=item.job_title,
                organisation=item.organisation,
                organisation_key=key,
                organisation_name=self.context.name(key) if key else None,
                priority_id=extra.get("priority_id", None if role in _DOCUMENT_ROLES else self.priority(block_index)),
                commitment_id=extra.get("commitment_id"),
                block_index=block_index,
            )
        )


def parse_leads(
    document: BlockDocument, outline: Outline, commitments: list[Commitment], issues: IssueLog
) -> list[LeadMention]:
    """Every person or organisation named in a role in a document, in document order."""
    state = _State(document, outline, issues, _Context.of(document), _commitment_index(commitments))
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            _read_table(state, block, index)
        else:
            _read_block(state, blocks, index)
        if isinstance(block, Heading) or (isinstance(block, Paragraph) and len(block.text.split()) <= 6):
            state.heading = block.text
    return state.mentions


# -- items: the people and organisations in a cell or phrase -----------------------------


def clean(text: str) -> str:
    """Text without markdown emphasis and with single spaces."""
    return re.sub(r"[ \t]+", " ", _MARKUP.sub("", text)).strip()


def items(text: str, separators: frozenset[str] | None = None) -> list[_Item]:
    """The people and organisations in a cell: "Steve Murrant (LBB) / Andy Mariner (MPS)" is two."""
    # A post broken over two lines of a cell ("Assistant Director of" / "Corporate Delivery") is one post.
    text = _BROKEN_POST.sub(lambda m: m.group(1) + " ", text)
    doc = nlp.analyse(clean(text))
    if separators is None:
        separators = _SERVICE_SEPARATORS | nlp.gazetteer().list_joiners
    found: list[_Item] = []
    department = False  # the last item ended with its department ("Strategic Director, Finance")
    for start, end in _chunks(doc, separators):
        item = _item(doc, start, end)
        previous = found[-1] if found else None
        if previous is not None and previous.person is not None and _attaches(doc, start, item, previous):
            _merge(previous, item)
            continue
        joiner = doc[start - 1].lower_ if start else ""
        if previous is not None and (previous.person is not None or previous.job_title) and _is_department(item) and (
            joiner == "," or department and joiner in ("and", "&")
        ):
            previous.text = f"{previous.text}{',' if joiner == ',' else ' ' + joiner} {item.text}"
            department = True
            continue
        department = False
        found.append(item)
    return found


def _is_department(item: _Item) -> bool:
    """A bare name of a department or service after a post ("..., Finance", "..., Strategy and Communities")."""
    if item.person is not None or item.job_title or item.rank is not None:
        return False
    words = re.findall(r"[A-Za-z][\w'’-]*", item.text)
    return 0 < len(words) <= 5 and all(w[0].isupper() or w.lower() in ("and", "of", "the", "for") for w in words)


def _chunks(doc: Doc, separators: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Token ranges between separators (outside brackets and names), and before each new person."""
    owner = _entity_index(doc)
    start, depth, has_person = 0, 0, False
    for index, token in enumerate(doc):
        depth += token.text == "("
        depth -= token.text == ")" and depth > 0
        inside = owner.get(index)
        separator = depth == 0 and inside is None and (token.lower_ in separators or "\n" in token.text)
        if separator:
            if index > start:
                yield start, index
            start, has_person = index + 1, False
            continue
        if inside is not None and inside.start == index and _starts_person(doc, inside):
            if has_person and depth == 0:
                yield start, index
                start = index
            has_person = True
    if start < len(doc):
        yield start, len(doc)


def _entity_index(doc: Doc) -> dict[int, Span]:
    return {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}


def _starts_person(doc: Doc, ent: Span) -> bool:
    """A person begins here: a name not after a rank, or a rank right before a name."""
    if ent.label_ == "PERSON":
        return not (ent.start > 0 and doc[ent.start - 1].ent_type_ == "RANK")
    return ent.label_ == "RANK" and ent.end < len(doc) and doc[ent.end].ent_type_ == "PERSON"


def _item(doc: Doc, start: int, end: int) -> _Item:
    span = doc[start:end]
    ents = [ent for ent in doc.ents if start <= ent.start and ent.end <= end]
    person = next((ent for ent in ents if ent.label_ == "PERSON"), None)
    item = _Item(text=_item_text(span.text), person=person, end=end)
    if person is not None:
        item.rank = _rank_before(person) or next(
            (e for e in ents if e.label_ == "RANK" and e.start >= person.end), None
        )
    item.job_title = next((_item_text(e.text) for e in ents if e.label_ == "JOB_TITLE"), None)
    organisation = next((e for e in ents if e.label_ == "ORG"), None)
    if organisation is not None:
        item.organisation, item.organisation_key = organisation.text, organisation.kb_id_
    elif person is not None or item.job_title is not None:
        item.organisation = _bracketed_abbreviation(doc, person.end if person is not None else start, end)
    return item


def _bracketed_abbreviation(doc: Doc, start: int, end: int) -> str | None:
    """An unlisted abbreviation in brackets after a name: "(LBX)"."""
    for index in range(start, end - 2):
        inner = doc[index + 1]
        if doc[index].text == "(" and doc[index + 2].text == ")" and inner.is_upper and inner.is_alpha:
            return inner.text if 2 <= len(inner.text) <= 6 else None
    return None


def _attaches(doc: Doc, start: int, item: _Item, previous: _Item) -> bool:
    """"Jane Doe, Head of Safety" or "Jane Doe, LBX": a comma-separated detail of the last person."""
    if start == 0 or doc[start - 1].text != "," or item.person is not None:
        return False
    if item.organisation is not None:
        return previous.organisation is None
    return item.job_title is not None or (item.rank is not None)


def _merge(person: _Item, detail: _Item) -> None:
    person.text = f"{person.text}, {detail.text}"
    person.job_title = person.job_title or detail.job_title
    if person.organisation is None:
        person.organisation, person.organisation_key = detail.organisation, detail.organisation_key


def _item_text(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:/-–")
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):
        text = text[:-1]
    return text.strip()


def _post_not_rank(item: _Item, key: str | None) -> None:
    """A police rank held outside the police ("Commander - Ashby" of a fire brigade) is a post."""
    gaz = nlp.gazetteer()
    rank, person = item.rank, item.person
    if rank is None or person is None or rank.kb_id_ not in gaz.police_ranks:
        return
    kind = gaz.kind(key)
    if kind is None or kind == "police":
        return
    item.job_title = item.job_title or _item_text(rank.doc[rank.start : max(item.end, rank.end)].text)
    item.rank = None


def _rank_before(person: Span) -> Span | None:
    """The rank written just before a name ("DCI" of "DCI Randall")."""
    return next((e for e in person.doc.ents if e.label_ == "RANK" and e.end == person.start), None)


def _written(person: Span, rank: Span | None) -> str:
    """The name as written, with the rank before it: "CI Mariner"."""
    start = rank.start if rank is not None and rank.end == person.start else person.start
    return person.doc[start : person.end].text


def _person_text(item: _Item) -> str:
    assert item.person is not None  # asked only of an item naming a person
    return _written(item.person, item.rank)


# -- template text ----------------------------------------------------------------------


def is_template(text: str) -> bool:
    """Instructions left in a form: "(Police / Council etc)", "Named senior officer ...", "NB: ..."."""
    gaz = nlp.gazetteer()
    stripped = clean(text)
    if stripped.startswith("(") and stripped.endswith(")"):
        return True
    lowered = " " + nlp.normal(stripped) + " "
    if any(lowered.startswith(f" {start} ") or lowered.startswith(f" {start}:") for start in gaz.template_starts):
        return True
    return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", stripped.lower()) for word in gaz.template_words)


def _non_value(text: str) -> bool:
    return nlp.normal(text).strip(" .") in nlp.gazetteer().non_values


def _looks_like_organisation(text: str) -> bool:
    """An unlisted team or service named in a lead cell: capitalised words with an organisation word."""
    gaz = nlp.gazetteer()
    words = re.findall(r"[A-Za-z][\w'’&-]*", text)
    if not words or len(words) > 8:
        return False
    if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 6:
        return True
    capitalised = [w for w in words if w[0].isupper()]
    return len(capitalised) * 2 > len(words) and any(w.lower() in gaz.organisation_words for w in capitalised)


# -- roles ------------------------------------------------------------------------------


def role_of_label(text: str) -> str | None:
    """The role a label means: "B) Strategic lead (owner)" -> "strategic lead"; else None."""
    label = nlp.normal(_ENUMERATOR.sub("", clean(text)).rstrip(" :"))
    label = re.sub(r"[()]", " ", label)
    label = squash(label)
    if not label or len(label.split()) > 6:
        return None
    labels = nlp.gazetteer().role_labels
    if label in labels:
        return labels[label]
    match = process.extractOne(label, labels.keys(), scorer=fuzz.ratio, score_cutoff=ROLE_SCORE)
    return labels[match[0]] if match else None


def _role_value(state: _State, role: str, value: str, source: Source, index: int, **extra: str | None) -> None:
    """The leads a role's value names: each person or organisation (or, for an officer, each post)."""
    if not value.strip() or _non_value(value) or is_template(value):
        return
    read = 0
    for item in items(value):
        if _non_value(item.text):
            continue
        if item.person is None and item.job_title and role in _POST_ROLES:
            pass  # a post: "Community Safety Manager", "Head of Safety (LBX)"
        elif item.empty and _looks_like_organisation(item.text):
            item.organisation = item.text  # an unlisted team: "Community Safety Team"
        elif item.empty:
            continue
        state.add(role, item, source, index, **extra)
        read += 1
    if not read:
        state.issues.warn(
            "lead-not-read",
            f"the {role} {clean(value)[:80]!r} names no person, post or organisation that could be read: "
            "check it against the document (a name in an unusual form, or an instruction left in a template)",
            source,
        )


#: Roles a post alone can fill ("Community Safety Manager" in a Lead officer cell).
_POST_ROLES = ("lead officer", "strategic lead", "operational lead", "author", "contact")


# -- tables -------------------------------------------------------------------------------


def _read_table(state: _State, table: Table, index: int) -> None:
    if _is_signatory_table(state, table):
        _read_signatories(state, table, index)
        return
    roles: list[str | None] | None = None
    for row in table.rows:
        header = columns.header_roles(row)
        if header:
            roles = [_column_role(cell, role) for cell, role in zip(row.cells, header, strict=False)]
            continue
        if _roles_row(state, row, index):
            continue
        if roles is not None:
            _read_columns(state, row, roles, index)


def _column_role(cell: Cell, role: str | None) -> str | None:
    """What a column's cells are: "lead officer", "lead agency" ..., "service", or its column role.

    A column headed with a lead and a date ("Responsible Officer and Target Date") is a lead officer
    column whose cells end with a date (``lead officer+date``)."""
    if role == "lead":
        return role_of_label(cell.text) or "lead officer"
    if columns.has_role(role, "lead") and columns.has_role(role, "date"):
        return "lead officer+date"
    return role


def _roles_row(state: _State, row: Row, index: int) -> bool:
    """A row "Lead agency | Barnet Council": a role label, and its value in the next cell."""
    filled = [cell for cell in row.cells if not cell.empty]
    if len(filled) < 2:
        return False
    role = role_of_label(filled[0].text)
    if role is None:
        return False
    _role_value(state, role, "\n".join(filled[1].lines), Source(row.provenance), index)
    return True


def _read_columns(state: _State, row: Row, roles: list[str | None], index: int) -> None:
    commitment = _row_commitment(state, row, roles, index)
    extra = {"commitment_id": commitment.id} if commitment else {}
    if commitment is not None and commitment.priority_id:
        extra["priority_id"] = commitment.priority_id
    source = Source(row.provenance)
    for cell, role in zip(row.cells, roles, strict=False):
        if cell.empty or role is None:
            continue
        if role == "service":
            _services(state, cell, source, index, extra)
        elif role == "lead officer+date":
            lead = columns.split_lead_date("\n".join(cell.lines))[0]
            if lead:
                _role_value(state, "lead officer", lead, source, index, **extra)
        elif role in nlp.gazetteer().role_labels.values():
            _role_value(state, role, "\n".join(cell.lines), source, index, **extra)


def _services(state: _State, cell: Cell, source: Source, index: int, extra: dict) -> None:
    """A Service cell: one lead per service named, the service being the organisation."""
    text = "\n".join(cell.lines)
    if is_template(text) or _non_value(text):
        return
    for item in items(text, _SERVICE_SEPARATORS):
        if _non_value(item.text) or not re.search(r"[A-Za-z]", item.text):
            continue
        if item.person is None and not (item.organisation and nlp.normal(item.organisation) == nlp.normal(item.text)):
            item.organisation, item.organisation_key = item.text, None
        state.add("service", item, source, index, **extra)


def _row_commitment(state: _State, row: Row, roles: list[str | None], index: int) -> Commitment | None:
    """The commitment read from this row: its text is the row's commitment cell."""
    column = columns.first_column(roles, "commitment")
    if column is None or column >= len(row.cells) or row.cells[column].empty:
        return None
    text = row.cells[column].text
    candidates = state.commitments.get(_key(text), []) or state.commitments.get(
        _key(patterns.without_leading_reference(text)), [])
    if not candidates:
        return None
    where = Source(row.provenance)
    same_place = [c for c in candidates if (c.line, c.page) == (where.line, where.page)]
    same_priority = [c for c in candidates if c.priority_id == state.priority(index)]
    return (same_place or same_priority or candidates)[0]


def _commitment_index(commitments: list[Commitment]) -> dict[str, list[Commitment]]:
    index: dict[str, list[Commitment]] = defaultdict(list)
    for commitment in commitments:
        index[_key(commitment.text)].append(commitment)
    return index


def _key(text: str) -> str:
    return squash(text.replace("•", " ")).lower()


# -- signatories -------------------------------------------------------------------------


def _is_signatory_table(state: _State, table: Table) -> bool:
    headings = nlp.gazetteer().signatory_headings
    first = table.rows[0].cells[0].text if table.rows and table.rows[0].cells else ""
    return any(_means(text, headings) for text in (state.heading, first))


def _means(text: str, wordings: tuple[str, ...]) -> bool:
    text = nlp.normal(re.sub(r"\d+$", "", clean(text)))
    return bool(text) and any(text == w or fuzz.ratio(text, w) >= ROLE_SCORE for w in wordings)


def _read_signatories(state: _State, table: Table, index: int) -> None:
    """Rows "Organisation | Name Job title" (or "Name | Title | Organisation"): one per named person."""
    for row in table.rows:
        filled = [cell for cell in row.cells if not cell.empty]
        if len(filled) < 2:
            continue
        people = [(i, items(cell.text)) for i, cell in enumerate(filled)]
        named = [(i, found) for i, found in people if any(item.person is not None for item in found)]
        if not named:
            continue
        # the name cell starts with the name ("Jane Doe Chief Executive"); an organisation may hold one
        at, found = next(((i, f) for i, f in named if _starts_with_person(f[0])), named[0])
        others = [clean(cell.text) for i, cell in enumerate(filled) if i != at]
        for item in found:
            if item.person is not None:
                _signatory(state, item, others, Source(row.provenance), index)


def _starts_with_person(item: _Item) -> bool:
    person = item.person
    first = item.rank if item.rank is not None and item.rank.end == getattr(person, "start", -1) else person
    return first is not None and first.start == 0


def _signatory(state: _State, item: _Item, cells: list[str], source: Source, index: int) -> None:
    """A signatory with the organisation (and post) the row's other cells give."""
    organisations: list[str] = []
    for text in cells:
        doc = nlp.analyse(text)
        title = next((e for e in doc.ents if e.label_ == "JOB_TITLE" and e.start == 0), None)
        if title is not None and title.end < len(doc):
            item.job_title = item.job_title or text  # "Chairman Ashby SNB": the post, and the body
            organisations.append(doc[title.end :].text.strip())
        elif title is not None or _is_post(doc):
            item.job_title = item.job_title or text  # "Chief Executive", "District Commander"
        else:
            organisations.append(text)
    organisation = " ".join(organisations)
    item.job_title = item.job_title or _title_after(item)
    entry = nlp.gazetteer().lookup(organisation)
    doc = nlp.analyse(organisation)
    whole = [e for e in doc.ents if e.label_ == "ORG" and nlp.normal(e.text) == nlp.normal(organisation)]
    item.organisation = organisation or None
    item.organisation_key = entry.key if entry else (whole[0].kb_id_ if whole else None)
    state.add("signatory", item, source, index)


def _is_post(doc: Doc) -> bool:
    """A cell naming a post, not an organisation: a rank or job word and no organisation."""
    heads = nlp.gazetteer().job_heads
    if any(e.label_ == "ORG" for e in doc.ents):
        return False
    return any(e.label_ in ("RANK", "JOB_TITLE") for e in doc.ents) or any(t.lower_ in heads for t in doc)


def _title_after(item: _Item) -> str | None:
    """What follows the name in a signatory cell, when it is no rank: "Terry Doe Area Director"."""
    person = item.person
    if person is None:
        return None
    rest = person.doc[person.end :]
    if item.rank is not None and item.rank.start >= person.end:
        return None
    text = _item_text(rest.text)
    return text or None


# -- text blocks ----------------------------------------------------------------------------


def _read_block(state: _State, blocks: list[Block], index: int) -> None:
    block = blocks[index]
    if getattr(block, "footnote", False) or isinstance(block, Table):
        return  # tables are read row by row (above)
    for offset, line in enumerate(block.lines):
        _labelled_line(state, block, offset, line, index)
        _contact_line(state, block, offset, line, index)
    if len(block.text.split()) > SHORT:
        return
    if _presenter(state, blocks, index):
        return
    if not _lone_name_chair(state, blocks, index):
        _chair_line(state, block, index)


def _labelled_line(state: _State, block: Block, offset: int, line: str, index: int) -> None:
    """"Report Author: Jane Doe, Head of Safety", "Contact: ..." in running text."""
    label, colon, value = clean(line).partition(":")
    if not colon or not value.strip() or len(label.split()) > 5:
        return
    role = role_of_label(label)
    if role is not None:
        _role_value(state, role, value, source_of_line(block, offset), index)


def _contact_line(state: _State, block: Block, offset: int, line: str, index: int) -> None:
    """A person named with an email address or phone number: a contact."""
    text = clean(line)
    emails = _EMAIL.findall(text)
    if not emails and not _PHONE.search(text):
        return
    doc = nlp.analyse(text)
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    chosen = [p for p in people if any(_email_names(email, p.text) for email in emails)]
    if not chosen and people and people[0].start <= 2:
        chosen = people[:1]  # "Jane Doe, 020 ..., jane.doe@..."
    for person in chosen:
        rank = _rank_before(person)
        item = _Item(text=_written(person, rank), person=person, rank=rank)
        state.add("contact", item, source_of_line(block, offset), index)


def _email_names(email: str, name: str) -> bool:
    """Does an address's local part spell the name ("jane.doe@", "jdoe@", "doe.j@")?"""
    local = re.sub(r"[^a-z]", "", email.split("@")[0].lower())
    words = [re.sub(r"[^a-z]", "", w.lower()) for w in name.split()]
    if len(words) < 2:
        return False
    first, last = words[0], words[-1]
    return local in {first + last, first[0] + last, last + first, last + first[0]}


def _whole_name(doc: Doc) -> Span | None:
    """The person a short line consists of ("Councillor Jane Doe"), if that is all it is."""
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    if len(people) != 1:
        return None
    person = people[0]
    before = doc[: person.start]
    words = [t for t in doc[person.end :] if not t.is_punct and not t.is_space]
    if words or (len(before) and not all(t.ent_type_ == "RANK" for t in before)):
        return None
    return person


def _lone_name_chair(state: _State, blocks: list[Block], index: int) -> bool:
    """A bold name (a signature) over short lines naming a chair: "Cllr Jane Doe / Chair of the Board"."""
    block = blocks[index]
    if not (isinstance(block, Heading) or (isinstance(block, Paragraph) and block.bold)):
        return False
    doc = nlp.analyse(clean(block.text))
    person = _whole_name(doc)
    if person is None:
        return False
    titles: list[tuple[str, Block]] = []
    for following in blocks[index + 1 : index + 4]:
        if not isinstance(following, Paragraph) or len(following.text.split()) > SHORT // 2:
            break
        titles.append((clean(following.text), following))
    chair = [(text, b) for text, b in titles if _has_chair_word(text)]
    if not chair:
        return False
    title, line = next(((t, b) for t, b in chair if _chaired_body(t)), chair[0])
    item = _Item(
        text=_item_text(doc.text), person=person, rank=_rank_before(person), job_title=title,
        organisation=_chaired_body(title),
    )
    state.add("chair", item, Source(block.provenance).merge(Source(line.provenance)), index)
    return True


def _chaired_body(title: str) -> str | None:
    """The body a chair chairs, as written: "Chair of the Safer Ashby Board" -> "Safer Ashby Board"."""
    gaz = nlp.gazetteer()
    doc = nlp.analyse(title)
    for token in doc[:-1]:
        if token.lower_ in gaz.chair_words and doc[token.i + 1].lower_ in gaz.title_joiners:
            rest = doc[token.i + 1 :]
            words = [t for t in rest if t.lower_ not in gaz.title_joiners or t.i > rest[0].i + 1]
            body = _item_text(doc[words[0].i :].text) if words else ""
            return body or None
    return None


def _has_chair_word(text: str) -> bool:
    words = set(re.findall(r"[a-z-]+", text.lower()))
    return bool(words & nlp.gazetteer().chair_words)


def _chair_line(state: _State, block: Block, index: int) -> None:
    """"Jane Doe, Chair of the Community Safety Partnership": a person beside a chair's title."""
    if isinstance(block, Table):
        return
    text = clean(" ".join(block.lines))
    if not _has_chair_word(text):
        return
    for item in items(text):
        if item.person is not None and item.job_title and _has_chair_word(item.job_title):
            if item.organisation is None:
                item.organisation = _chaired_body(item.job_title)
            state.add("chair", item, Source(block.provenance), index)


def _presenter(state: _State, blocks: list[Block], index: int) -> bool:
    """A name, organisation and date under a title: the presenter of slides or a paper."""
    block = blocks[index]
    if not any(isinstance(b, Heading) for b in blocks[max(0, index - 3) : index]):
        return False
    doc = nlp.analyse(clean(" ".join(block.lines)))
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    orgs = [e for e in doc.ents if e.label_ == "ORG"]
    if len(people) != 1 or not orgs:
        return False
    dated = False
    for token in doc:
        if token.ent_type_ or token.is_punct or token.is_space:
            continue
        if _YEAR.match(token.text) or token.lower_ in nlp.gazetteer().months:
            dated = True
            continue
        return False  # a word that is neither the name, the organisation nor the date
    bold = isinstance(block, Heading) or getattr(block, "bold", False)
    if not (dated or bold):
        return False
    person = people[0]
    rank, org = _rank_before(person), orgs[0]
    item = _Item(_written(person, rank), person, rank=rank, organisation=org.text, organisation_key=org.kb_id_)
    state.add("author", item, Source(block.provenance), index)
    return True


__all__ = ["LeadMention", "clean", "is_template", "items", "parse_leads", "role_of_label"]
