"""Governance bodies described in prose: the boards, groups and panels a plan says govern it.

A body's name ends in a head word from ``extract/document/bodies.yml`` ("... Partnership Board",
"... Delivery Group", "the Prevent Delivery Group", "a public toilet working group", "CS MARAC") and
is read from any sentence, in paragraphs, list items and table cells alike. A body is one the plan
*describes* when some sentence naming it says it meets, governs, oversees or was set up (a cue
word outside its name), it is chaired by someone, or a frequency leads its name ("bi-monthly ward
panels"); a body only reported to ("reported to the Cabinet") or worked with is not.

Mentions of one body are gathered: its short form ("SCPB", "CS MARAC": the initials of its words),
its name without a place ("Safer Communities Partnership Board" of "Barnet ..."), and a bare head
standing for the body last named with it ("The Board will monitor ..."). The body takes its fullest
name, and how often it meets from the clause of a sentence that says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence, Set as AbstractSet
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator
from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS

from models import Commitment, GovernanceBody

from ..blocks import Block, BlockDocument, Provenance, Table
from ..vocabulary import load_vocabulary
from .evidence import Source
from .patterns import squash
from .priorities import Outline

VOCABULARY = Path(__file__).parent.parent / "bodies.yml"


class BodyVocabulary(BaseModel):
    """The words that name and describe governance bodies (``extract/document/bodies.yml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    heads: tuple[str, ...]
    acronym_heads: tuple[str, ...]
    compound_heads: tuple[str, ...]
    modifiers: tuple[str, ...]
    cues: tuple[str, ...]
    frequencies: tuple[str, ...]
    audience: tuple[str, ...]

    @field_validator("frequencies")
    @classmethod
    def _patterns_compile(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"{pattern!r} is not a regular expression: {error}") from None
        return patterns


@cache
def vocabulary(path: Path = VOCABULARY) -> BodyVocabulary:
    """The governance vocabulary, validated: a broken file is an error naming it and the key."""
    return load_vocabulary(path, BodyVocabulary)


@dataclass(frozen=True)
class _Words:
    """The vocabulary compiled for matching."""

    heads: frozenset[str]
    acronym_heads: frozenset[str]
    compounds: tuple[tuple[str, ...], ...]
    modifiers: tuple[tuple[str, ...], ...]
    cue: re.Pattern[str]
    meeting: re.Pattern[str]
    frequency: re.Pattern[str]
    audience: tuple[tuple[str, ...], ...]


@cache
def _words() -> _Words:
    words = vocabulary()
    heads = {head.lower() for head in words.heads}
    heads |= {head + "s" for head in heads} | {"fora"}
    frequency = "|".join(f"(?:{pattern})" for pattern in words.frequencies)
    return _Words(
        heads=frozenset(heads),
        acronym_heads=frozenset(words.acronym_heads),
        compounds=tuple(sorted((tuple(_tokens_of(c.lower())) for c in words.compound_heads), key=len, reverse=True)),
        modifiers=tuple(tuple(_tokens_of(m.lower())) for m in words.modifiers),
        cue=re.compile(r"\b(?:" + "|".join(re.escape(c) for c in words.cues) + r")\b", re.I),
        meeting=re.compile(r"\b(?:meets?|met|meetings?|held|holds?|convened|take place|takes place)\b", re.I),
        frequency=re.compile(rf"\b(?:{frequency})\b", re.I),
        audience=tuple(tuple(a.lower().split()) for a in words.audience),
    )


_TOKEN = re.compile(r"\(|\)|[\w'’&/.-]*[\w’']|\S")
#: Capitalised words that start a sentence or a clause but not a name ("New Combatting Drugs Partnership
#: Board established", "Dear Board Members").
_NOT_NAME_START = frozenset({"new", "use", "using", "via", "through", "since", "given", "where", "when", "our",
                             "their", "its", "dear", "both", "each", "every", "all", "any", "local", "the", "a",
                             "an", "this", "that", "these", "those", "we", "it", "they", "some", "such", "his",
                             "her", "my", "your", "in", "at", "by", "for", "from", "with", "as", "if", "and", "or"})
_CONNECTORS = frozenset({"and", "of", "for", "on", "&", "in", ","})
_DETERMINERS = frozenset({"a", "an", "the"})


def _tokens_of(text: str) -> list[str]:
    return [m.group() for m in _TOKEN.finditer(text)]


@dataclass(frozen=True)
class _Mention:
    name: str
    key: str
    #: the sentence says the body meets, governs or was set up (not only that something is reported to it)
    governs: bool
    frequency: str | None
    sentence: str
    source: Source
    #: a short form only ("SCPB" of "SCPB meetings"): it joins a body named elsewhere, never makes one
    alias: bool = False
    #: a bare head standing for the body last named with it ("The Board will monitor ...")
    anaphor: bool = False
    #: the priority of the commitment the mention is read from (else the outline's, by block)
    priority_id: str | None = None
    #: named as the one reported to or worked with ("reported to the Cabinet")
    audience: bool = False


def prose_bodies(
    document: BlockDocument, outline: Outline, listed: list[GovernanceBody], table_rows: AbstractSet[int],
    commitments: Sequence[Commitment] = (),
) -> list[GovernanceBody]:
    """The bodies the document's prose describes that no governance table lists (``listed``), numbered
    after them; ``table_rows``: the ids of the governance tables' rows, read as rows, not as prose.

    The commitments' texts are read too: a body an action of the plan names, other than as its audience
    ("Use the Safer Neighbourhood Board to monitor ...", not "Report to the Cabinet"), is one the plan
    delivers through; and a pledge is one sentence there even where a layout split it across lines."""
    bodies: list[GovernanceBody] = []
    for group in _groups(prose_mentions(document, table_rows, commitments)):
        if any(m.governs for _, m in group) and not _listed(group, listed):
            bodies.append(_prose_body(outline, group, len(listed) + len(bodies) + 1))
    return bodies


def prose_mentions(
    document: BlockDocument, table_rows: AbstractSet[int] = frozenset(), commitments: Sequence[Commitment] = ()
) -> list[tuple[int, _Mention]]:
    """Mentions of governance bodies in the document's prose, its tables' cells (a governance table's
    rows aside) and its commitments, with their block index (-1 for a commitment's)."""
    sentences: list[tuple[int, str, Source, str | None]] = [
        (index, sentence, source, None)
        for index, block in enumerate(document.blocks)
        for text, source in _texts(block, table_rows)
        for sentence in _sentences(text)
    ] + [
        (-1, sentence, _commitment_source(commitment), commitment.priority_id)
        for commitment in commitments
        for sentence in _sentences(commitment.text)
    ]

    def read(short_forms: AbstractSet[str]) -> list[tuple[int, _Mention]]:
        return [
            (index, replace(mention, priority_id=priority_id, governs=mention.governs or not mention.audience)
             if index < 0 else mention)
            for index, sentence, source, priority_id in sentences
            for mention in _mentions(sentence, source, short_forms)
        ]

    named = read(frozenset())
    # a short form a name gave in brackets ("... Board (RRB)") names the body wherever it stands alone
    short_forms = frozenset(
        short for _, mention in named for short in re.findall(r"\(([A-Z][A-Za-z]*[A-Z][’']?s?)\)", mention.name)
    )
    return read(short_forms) if short_forms else named


def _commitment_source(commitment: Commitment) -> Source:
    return Source(Provenance(page=commitment.page, line_start=commitment.line, line_end=commitment.line,
                             raw=commitment.evidence, confidence=commitment.confidence))


def _texts(block: Block, table_rows: AbstractSet[int]) -> Iterator[tuple[str, Source]]:
    if isinstance(block, Table):
        for row in block.rows:
            if id(row) in table_rows:
                continue
            for cell in row.cells:
                for text in _cell_texts(cell.lines):
                    yield text, Source(row.provenance)
    else:
        yield block.text, Source(block.provenance)


def _cell_texts(lines: tuple[str, ...]) -> list[str]:
    """A cell's lines as texts: a line that continues a sentence (the one before ends without a full
    stop, this one starts in lower case) joins it; other lines (a cell's paragraphs, bullets) stand alone."""
    texts: list[str] = []
    for line in lines:
        line = line.strip()
        if texts and line[:1].islower() and not texts[-1].endswith((".", "!", "?", ":", ";")):
            texts[-1] += " " + line
        elif line:
            texts.append(line)
    return texts


def _sentences(text: str) -> list[str]:
    text = squash(text)
    parts = re.split(r"(?<=[.!?;:])\s+(?=[A-Z•\-–])|\s*[•▪●]\s*|\s+[-–]\s+(?=[A-Z])", text)
    return [part.strip() for part in parts if part and part.strip()]


@dataclass(frozen=True)
class _Head:
    end: int
    #: "title" (Board), "acronym" (MARAC), "compound" (working group), "lower" (meetings), "short" (a bracketed
    #: short form standing alone: "RRB")
    kind: str


def _mentions(sentence: str, source: Source, short_forms: AbstractSet[str] = frozenset()) -> Iterator[_Mention]:
    words = _words()
    spans = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
    tokens = [text for text, _, _ in spans]
    lower = [token.lower() for token in tokens]
    index = 0
    audience_until: int | None = None  # where the last body named as an audience ends
    while index < len(tokens):
        head = _head_at(tokens, lower, index, words)
        if head is None and tokens[index] in short_forms and _ends_phrase(tokens, lower, index + 1, words) \
                and (index == 0 or tokens[index - 1] != "("):
            head = _Head(index + 1, "short")
        if head is None:
            index += 1
            continue
        start, alias = _name_start(tokens, lower, index, head, words, sentence, spans)
        if start is None:
            if head.kind in {"title", "compound"} and tokens[index][:1].isupper() and (index == 0 or lower[index - 1] in _DETERMINERS) and head.end == index + 1:
                outside = sentence[:spans[index][1]] + " " + sentence[spans[index][2]:]
                yield _Mention(name=tokens[index], key="", governs=bool(words.cue.search(outside)), frequency=None,
                               sentence=sentence, source=source, anaphor=True)
            index = head.end
            continue
        end = index if alias and head.kind != "short" else head.end
        if end + 1 < len(tokens) and tokens[end] == "(" and ")" in tokens[end:end + 8]:
            close = tokens.index(")", end)
            if any(t[:1].isupper() for t in tokens[end + 1:close]):
                end = close + 1
        name = sentence[spans[start][1]:spans[end - 1][2]].strip(" ,")
        outside = sentence[:spans[start][1]] + " " + sentence[spans[head.end - 1][2]:]
        before = lower[max(0, start - 3):start]
        chair = before[-1:] == ["chair"] or before[-2:] == ["chair", "of"] or before[-3:] == ["chair", "of", "the"] \
            or (head.end < len(lower) and lower[head.end] in {"chair", "chairman"})
        audience = any(tuple(before[-len(a):]) == a for a in words.audience) and "part" not in before
        if audience_until is not None and all(
            t in _CONNECTORS or t in _DETERMINERS or t.isdigit() for t in lower[audience_until:start]
        ):
            audience = True  # "work with the X Board and the 5 Y Boards": both are worked with
        audience_until = end if audience else None
        led_by_frequency = _frequency_before(sentence, spans[start][1], words) or bool(
            words.frequency.fullmatch(tokens[start]))
        frequency = None
        if words.meeting.search(outside) or led_by_frequency:
            # how often this body meets, said in its own clause: between the body named before it
            # and the one named after ("X meets quarterly and ... Y meets monthly"), after its name first
            after = head.end
            while after < len(tokens) and lower[after] in {"meeting", "meetings"}:
                after += 1
            clause_end = next((spans[i][1] for i in range(after, len(tokens)) if _head_at(tokens, lower, i, words)),
                              len(sentence))
            clause_start = max((spans[i][2] for i in range(start) if _head_at(tokens, lower, i, words)), default=0)
            earlier = list(words.frequency.finditer(sentence, clause_start, spans[start][1]))
            match = words.frequency.search(sentence, spans[start][1], clause_end)
            if match is None and earlier and not alias:  # a short form's clause is too short to look back
                match = earlier[-1]
            frequency = match.group().strip() if match else None
        yield _Mention(
            name=name,
            key=_key(name),
            governs=chair or led_by_frequency or (bool(words.cue.search(outside)) and not audience),
            audience=audience and not chair,
            frequency=frequency,
            sentence=sentence,
            source=source,
            alias=alias,
        )
        index = max(head.end, end)


def _head_at(tokens: list[str], lower: list[str], index: int, words: _Words) -> _Head | None:
    """The head of a body's name starting at ``index``, if one does."""
    for compound in words.compounds:
        size = len(compound)
        candidate = lower[index:index + size]
        if len(candidate) == size and tuple(candidate[:-1]) == compound[:-1] and candidate[-1] in {compound[-1], compound[-1] + "s"}:
            end = index + size
            if end < len(lower) and lower[end] in {"meeting", "meetings"}:
                end += 1
            return _Head(end, "compound")
    token = tokens[index]
    if token in words.acronym_heads:
        return _Head(index + 1, "acronym") if _ends_phrase(tokens, lower, index + 1, words) else None
    if lower[index] in words.heads:
        if token[:1].isupper():
            end = index + 1
            if end < len(lower) and lower[end] in {"meeting", "meetings"} and tokens[end][:1].isupper():
                end += 1  # "Members Committee Meetings"
            return _Head(end, "title")
        return _Head(index + 1, "lower") if _ends_phrase(tokens, lower, index + 1, words) else None
    return None


def _ends_phrase(tokens: list[str], lower: list[str], index: int, words: _Words) -> bool:
    """A lower-case or acronym head really ends the noun phrase: "the ASB meeting structure" and "the CS
    MARAC process" use the head as a modifier; "CS MARAC meetings held" and "the SCPB meeting, which" do not."""
    if index >= len(tokens) or lower[index] in {"meeting", "meetings"}:
        return True
    following = lower[index]
    return not (following.isalpha() and tokens[index][:1].islower() and following not in STOP_WORDS
                and not words.cue.fullmatch(following))


def _name_start(
    tokens: list[str], lower: list[str], head_start: int, head: _Head, words: _Words, sentence: str,
    spans: list[tuple[str, int, int]],
) -> tuple[int | None, bool]:
    """Where the name ending in the head at ``head_start`` starts (None when no name precedes it), and
    whether it is only a short form ("SCPB" of "SCPB meetings")."""
    stops = words.heads | {a.lower() for a in words.acronym_heads} | _DETERMINERS
    start = head_start
    index = head_start - 1
    plain = 0
    if head.kind == "acronym":
        start = head_start  # "MARAC" is a name by itself
    while index >= 0:
        token = tokens[index]
        if token == ")" and "(" in tokens[max(0, index - 8):index]:
            opening = max(i for i in range(max(0, index - 8), index) if tokens[i] == "(")
            index = opening - 1
            continue
        if token[:1].islower() and words.frequency.fullmatch(token):
            break  # "fortnightly street triage meetings": how often, leading the name
        modifier = next((m for m in words.modifiers if tuple(lower[index - len(m) + 1:index + 1]) == m), None)
        if token[:1].isupper() and lower[index] not in stops and not plain:
            start = index
        elif lower[index] in _CONNECTORS and index > 0 and tokens[index - 1][:1].isupper() \
                and lower[index - 1] not in stops and start == index + 1 and not plain:
            pass
        elif modifier is not None and start == index + 1:
            start = index - len(modifier) + 1
            break
        elif head.kind in {"compound", "lower"} and token[:1].islower() and lower[index] not in STOP_WORDS \
                and token.isalpha() and plain < 3 and start == index + 1 == head_start - plain:
            plain += 1
            start = index
        else:
            break
        index -= 1
    while start < head_start and (lower[start] in _CONNECTORS or lower[start] in _NOT_NAME_START
                                  or (lower[start] in STOP_WORDS and tokens[start][:1].islower())):
        start += 1
    if head.kind == "acronym":
        return start, False
    if head.kind == "short":
        return head_start, True  # "The RRB meets quarterly": the body named "... (RRB)"
    named = [t for t in tokens[start:head_start] if t[:1].isupper() and not words.frequency.fullmatch(t)]
    if all(words.frequency.fullmatch(t) for t in tokens[start:head_start]):
        return None, False  # "Quarterly meetings": how often, not who
    described = start < head_start and not named
    if start >= head_start:
        return None, False
    if head.kind == "title":
        return (start if named else None), False
    if head.kind == "lower" and lower[head_start] in {"meeting", "meetings"} and named and all(t.isupper() for t in named):
        return start, True  # "SCPB meetings": the meetings of a body named elsewhere
    before = lower[start - 1] if start > 0 else ""
    led_by_frequency = _frequency_before(sentence, spans[start][1], words)
    if described:
        # lower-case words only: "a public toilet working group", "bi-monthly ward panels", the
        # Partnership's "sub-groups"; not a predicate describing a body just named ("is the statutory working group")
        after_article = before in _DETERMINERS and (start < 2 or lower[start - 2] not in {"is", "are", "was", "as"})
        if head.kind == "compound" and after_article or led_by_frequency:
            return start, False
        return None, False
    if head.kind == "lower" and not (led_by_frequency or named):
        return None, False
    return start, False


def _frequency_before(sentence: str, offset: int, words: _Words) -> bool:
    return bool(re.search(rf"(?:{words.frequency.pattern})\s*$", sentence[:offset], re.I))


def _key(name: str) -> str:
    """A body's name reduced for recognising it under its short forms: initials of its words, its
    acronyms as written ("Community Safety MARAC" and "CS MARAC" are both "CSMARAC")."""
    name = re.sub(r"\([^)]*\)", " ", name)
    name = re.sub(r"\bmulti\s*-?\s*agency\b", "Multi Agency", name, flags=re.I)
    letters = []
    for word in re.findall(r"[\w'’]+", name):
        if word.lower() in _CONNECTORS or word.lower() in {"the", "s"}:
            continue
        if word.isupper() or re.fullmatch(r"[A-Z]{2,}[’']?s", word):
            letters.append(re.sub(r"[’']?s$", "", word) if not word.isupper() else word)
        else:
            letters.append(word[0].upper())
    return "".join(letters)


def _names(mention: _Mention) -> tuple[str, ...]:
    """The forms a mention answers to: its name without its bracket, and the bracket's short form."""
    return _names_of(mention.name)


@lru_cache(maxsize=4096)
def _names_of(name: str) -> tuple[str, ...]:
    """:func:`_names` of a name: asked of every pair of mentions as they are grouped, so remembered."""
    bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
    bare = re.sub(r"(?i)(?<=\w)\s+meetings?$", "", bare) if len(bare.split()) > 2 else bare  # a group's meeting is the group
    short = re.findall(r"\(([^)]*)\)", name)
    return (_plain(bare), *(_plain(s) for s in short))


def _plain(name: str) -> str:
    name = re.sub(r"\bmulti\s*-?\s*agency\b", "multi-agency", name, flags=re.I)
    return " ".join(re.findall(r"[\w'’-]+", name.lower().replace("’", "'")))


def _same_body(a: _Mention, b: _Mention) -> bool:
    """Two mentions name one body: the same key (initials and acronyms), one name the other's
    ending ("Safer Communities Partnership Board" of "Barnet Safer Communities Partnership Board"),
    or one the other's bracketed short form."""
    if _same_key(a.key, b.key):
        return True
    names_a, names_b = _names(a), _names(b)
    if set(names_a) & set(names_b):
        return True
    shorts_a = {_key(n) for n in names_a[1:]}
    shorts_b = {_key(n) for n in names_b[1:]}
    if a.key in shorts_b or b.key in shorts_a:
        return True
    first_a, first_b = names_a[0].split(), names_b[0].split()
    shorter, longer = sorted((first_a, first_b), key=len)
    return len(shorter) >= 2 and longer[-len(shorter):] == shorter


def _same_key(a: str, b: str) -> bool:
    """Two keys of one body: equal, or long and one letter apart (an acronym leaves out a word of the
    name: "DV MARAC" for "Domestic Violence Multi-agency Risk Assessment Case Conference")."""
    if a == b:
        return len(a) > 1
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 6 and len(longer) == len(shorter) + 1 and any(
        longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def _groups(mentions: list[tuple[int, _Mention]]) -> list[list[tuple[int, _Mention]]]:
    """Mentions gathered by body. A short form ("SCPB meetings") joins the body it abbreviates,
    wherever that is named; a bare head ("The Board will monitor ...") joins the body with that head
    named last before it."""
    groups: list[list[tuple[int, _Mention]]] = []
    short_forms = []
    for index, mention in mentions:
        if mention.anaphor:
            head = _singular(mention.name.lower())
            latest = max(
                (g for g in groups if _singular(_names(g[-1][1])[0].split()[-1]) == head),
                key=lambda g: max(mentions.index(m) for m in g), default=None,
            )
            if latest is not None:
                latest.append((index, mention))
            continue
        if mention.alias:
            short_forms.append((index, mention))
            continue
        for group in groups:
            if any(_same_body(mention, other) for _, other in group):
                group.append((index, mention))
                break
        else:
            groups.append([(index, mention)])
    for index, mention in short_forms:
        for group in groups:
            if any(_same_body(mention, other) for _, other in group):
                group.append((index, mention))
                break
    return groups


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _listed(group: list[tuple[int, _Mention]], bodies: list[GovernanceBody]) -> bool:
    """A table already lists this body."""
    return any(
        fuzz.ratio(_plain(body.name), names) >= LISTED_SIMILARITY
        for body in bodies for _, mention in group for names in _names(mention)
    )


#: Name similarity (rapidfuzz ratio, 0-100) at which a body described in prose is one a governance
#: table lists: 90 joins spellings of one name ("Acquisative"/"Acquisitive Crime Sub Group") and keeps
#: apart the bundled corpus's distinct bodies whose names share words ("MARAC" / "MARAC Steering Group",
#: ratio 46).
LISTED_SIMILARITY = 90


def _prose_body(outline: Outline, group: list[tuple[int, _Mention]], number: int) -> GovernanceBody:
    governing = [(index, m) for index, m in group if m.governs]
    index, first = governing[0]
    named = max((m for _, m in group if not (m.alias or m.anaphor)), key=lambda m: ("(" in m.name, len(_names(m)[0])))
    name = named.name
    short = next((m.name for _, m in group if not m.anaphor and _same_key(m.key, named.key) and m.name != name
                  and all(w.isupper() for w in m.name.split())), None)
    if "(" not in name and short:
        name = f"{name} ({short})"  # "Community Safety MARAC" also written "CS MARAC"
    frequency = next((m.frequency for _, m in governing if m.frequency), None)
    priority_id = first.priority_id
    if index >= 0:
        chain = outline.chain(index)
        priority = next((p for p in chain if p.kind != "area"), chain[0] if chain else None)
        priority_id = priority.id if priority else None
    return GovernanceBody(
        id=f"{outline.document_id}:body:{number}",
        document_id=outline.document_id,
        priority_id=priority_id,
        name=name,
        frequency=frequency,
        **first.source.fields(evidence=first.sentence),
    )
