"""Scoring a built database against the hand-made gold annotations (tests/gold/<document>.json).

The rule, as tests/gold/SCHEMA.md states it: records and gold items of the same document and
kind are paired one-to-one, best pair first. Items with a number (priorities, numbered
commitments) pair on the number. Otherwise the main text (title, text, indicator, name) pairs
when the normalised texts (lower case, punctuation and white space collapsed) score at least
:data:`MATCH_SCORE` with rapidfuzz's ``ratio``. Leads pair on role and the person (or, without
one, the organisation), then on the commitment they are for. Attributes (status, direction,
due date, priority) are scored as accuracy over the pairs; they do not change precision and
recall.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

if TYPE_CHECKING:
    from models import CommitmentLink, LinkCandidate

from ..scoring import MATCH_SCORE, Score, normal, normal_text, ratio, score_table, similarity  # noqa: F401 (normal_text: re-exported)

#: The kinds scored, in the order they are printed.
KINDS = ("priorities", "commitments", "targets", "people", "leads", "governance_bodies", "progress_updates", "risks")


@dataclass
class Evaluation:
    """Scores per document and kind."""

    documents: dict[str, dict[str, Score]]
    exhaustive: dict[str, set[str]]

    def total(self, kind: str) -> Score:
        total = Score()
        for scores in self.documents.values():
            total.add(scores[kind])
        return total

    def averaged(self, kind: str, measure: str) -> tuple[float | None, int]:
        """A measure averaged over documents, each weighing the same, and how many documents it covers.

        ``measure`` is ``recall`` (documents whose gold has the kind), ``precision`` (documents where
        either side has it: a record invented where the gold has none counts against), or an
        attribute's name (the share of matched pairs that agree, over documents with any).
        """
        values = []
        for scores in self.documents.values():
            score = scores[kind]
            if measure == "recall" and score.expected:
                values.append(score.recall)
            elif measure == "precision" and (score.expected or score.found):
                values.append(score.precision)
            elif measure in score.attributes and score.attributes[measure][1]:
                agreeing, compared = score.attributes[measure]
                values.append(agreeing / compared)
        return (sum(values) / len(values) if values else None), len(values)

    #: The figures issue 13's bars name, as (kind, measure, bar).
    BARS = (
        ("commitments", "recall", 0.85), ("commitments", "precision", 0.85),
        ("commitments", "lead", 0.85), ("commitments", "due", 0.85),
        ("targets", "recall", 0.70), ("targets", "value", 0.80),
        ("progress_updates", "recall", 0.80), ("progress_updates", "done", None),
        ("priorities", "recall", 0.80),
    )

    def bars(self) -> str:
        """Each bar's figure, averaged over documents (each weighing the same)."""
        lines = [f"{'kind':18} {'measure':10} {'average':>7} {'docs':>4}  bar"]
        for kind, measure, bar in self.BARS:
            value, count = self.averaged(kind, measure)
            shown = "   -   " if value is None else f"{value:7.3f}"
            verdict = "" if bar is None or value is None else (" ok" if value >= bar else " below")
            lines.append(f"{kind:18} {measure:10} {shown} {count:4}  {'' if bar is None else f'>= {bar}'}{verdict}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """Every document's figures per kind, and the averages of :meth:`bars`."""
        return {
            "documents": {
                document: {
                    kind: {"found": s.found, "gold": s.expected, "correct": s.correct,
                           "precision": round(s.precision, 3), "recall": round(s.recall, 3),
                           "attributes": {name: list(tally) for name, tally in sorted(s.attributes.items())}}
                    for kind, s in scores.items() if s.found or s.expected
                }
                for document, scores in self.documents.items()
            },
            "averages": {f"{kind}.{measure}": self.averaged(kind, measure)[0] for kind, measure, _ in self.BARS},
        }

    def table(self, details: bool = True) -> str:
        rows = [
            ((document, kind), scores[kind])
            for document, scores in [*self.documents.items(), ("ALL", {k: self.total(k) for k in KINDS})]
            for kind in KINDS
            if scores[kind].found or scores[kind].expected
        ]
        lines = score_table([("document", 32), ("kind", 18)], [("found", 5), ("gold", 5)], rows, attributes=True)
        if details:
            for document, scores in self.documents.items():
                for kind in KINDS:
                    for label, items in (("missed", scores[kind].missed), ("extra", scores[kind].extra)):
                        lines += [f"  {label} {document} {kind}: {item[:110]}" for item in items]
        return "\n".join(lines)


# -- pairing ------------------------------------------------------------------------


def pair(
    gold: list[dict], found: list[dict], score: Callable[[dict, dict], float], threshold: float = MATCH_SCORE
) -> list[tuple[dict, dict]]:
    """One-to-one pairs of gold items and records scoring at least ``threshold``, best first."""
    candidates = sorted(
        ((score(g, f), gi, fi) for gi, g in enumerate(gold) for fi, f in enumerate(found)),
        key=lambda item: -item[0],
    )
    used_gold: set[int] = set()
    used_found: set[int] = set()
    pairs = []
    for value, gi, fi in candidates:
        if value < threshold:
            break
        if gi in used_gold or fi in used_found:
            continue
        used_gold.add(gi)
        used_found.add(fi)
        pairs.append((gold[gi], found[fi]))
    return pairs


def _scored(
    gold: list[dict], found: list[dict], score: Callable[[dict, dict], float], label: Callable[[dict], str],
    attributes: Iterable[tuple[str, Callable[[dict, dict], bool | None]]] = (),
) -> Score:
    pairs = pair(gold, found, score)
    result = Score(found=len(found), expected=len(gold), correct=len(pairs))
    paired_gold = {id(g) for g, _ in pairs}
    paired_found = {id(f) for _, f in pairs}
    result.missed = [label(g) for g in gold if id(g) not in paired_gold]
    result.extra = [label(f) for f in found if id(f) not in paired_found]
    for name, same in attributes:
        for g, f in pairs:
            verdict = same(g, f)
            if verdict is not None:  # None: the gold item does not annotate this attribute
                result.agree(name, verdict)
    return result


def _by_text(field_gold: str, field_found: str | None = None) -> Callable[[dict, dict], float]:
    field_found = field_found or field_gold
    return lambda g, f: similarity(g.get(field_gold), f.get(field_found))


# -- reading the database -------------------------------------------------------------------


def _rows(connection: sqlite3.Connection, sql: str, *params: Any) -> list[dict]:
    return [dict(row) for row in connection.execute(sql, params)]


def _priority_numbers(connection: sqlite3.Connection, document: str) -> dict[str, str | None]:
    return {row["id"]: row["number"] for row in _rows(connection, "select id, number from priorities where document_id = ?", document)}


def _score_document(connection: sqlite3.Connection, document: str, gold: dict) -> dict[str, Score]:
    numbers = _priority_numbers(connection, document)

    def number_of(priority_id: str | None) -> str | None:
        return numbers.get(priority_id) if priority_id else None

    scores: dict[str, Score] = {}
    priorities = _rows(connection, "select * from priorities where document_id = ?", document)
    for row in priorities:
        row["parent"] = number_of(row["parent_id"])
    def priority_score(g: dict, f: dict) -> float:
        if g.get("number") and f["number"]:
            return 100.0 if (g["kind"], g["number"]) == (f["kind"], f["number"]) else 0.0
        return similarity(g.get("title"), f["title"])  # an unnumbered banner or page title: by its words

    scores["priorities"] = _scored(
        gold.get("priorities", []), priorities, priority_score,
        lambda item: f"{item['kind']} {item['number']}: {item.get('title', '')}",
        [("title", lambda g, f: normal(g["title"]) == normal(f["title"])),
         ("parent", lambda g, f: g.get("parent") == f["parent"])],
    )

    titles = {row["id"]: row["title"] for row in priorities}
    commitments = _rows(connection, "select * from commitments where document_id = ?", document)
    lead_texts: dict[str, list[str]] = {}
    for row in _rows(connection, "select commitment_id, text from leads where document_id = ? and commitment_id is not null", document):
        lead_texts.setdefault(row["commitment_id"], []).append(row["text"])
    for row in commitments:
        row["priority"] = number_of(row["priority_id"])
        row["priority_title"] = titles.get(row["priority_id"])
        row["leads"] = lead_texts.get(row["id"], [])

    def commitment_score(g: dict, f: dict) -> float:
        if g.get("kind", "commitment") != f["kind"]:
            return 0.0
        if g.get("number") and f["number"]:
            return 100.0 if g["number"] == f["number"] else 0.0
        return similarity(g["text"], f["text"])

    scores["commitments"] = _scored(
        gold.get("commitments", []), commitments, commitment_score,
        lambda item: f"{item.get('kind')} {item.get('number') or ''} {item['text']}",
        [("text", lambda g, f: normal(g["text"]) == normal(f["text"])),
         ("priority", _same_priority),
         ("due", lambda g, f: (g.get("due"), bool(g.get("ongoing"))) == (f["due"], bool(f["ongoing"]))),
         ("lead", _same_lead)],
    )

    targets = _rows(connection, "select * from targets where document_id = ?", document)
    scores["targets"] = _scored(
        gold.get("targets", []), targets, _by_text("indicator"), lambda item: item["indicator"],
        [("direction", lambda g, f: g.get("direction") == f["direction"]),
         ("value", lambda g, f: (g.get("value"), g.get("low"), g.get("high")) == (f["value"], f["low"], f["high"]))],
    )

    people = _rows(
        connection,
        "select distinct p.* from people p join leads l on l.person_id = p.id where l.document_id = ?",
        document,
    )

    def person_score(g: dict, f: dict) -> float:
        names = [g["name"], *g.get("aliases", [])]
        return max(similarity(name, f["name"]) for name in names)

    scores["people"] = _scored(
        gold.get("people", []), people, person_score, lambda item: item["name"],
        [("rank", lambda g, f: (g.get("rank") or None) == (f["rank"] or None))],
    )

    leads = _rows(
        connection,
        "select l.*, p.name as person, o.name as organisation_name, o.abbreviation, o.aliases as org_aliases, "
        "c.text as commitment_text from leads l left join people p on p.id = l.person_id "
        "left join organisations o on o.id = l.organisation_id left join commitments c on c.id = l.commitment_id "
        "where l.document_id = ?",
        document,
    )
    scores["leads"] = _scored(gold.get("leads", []), leads, _lead_score, lambda item: f"{item['role']}: {item['text']}")

    bodies = _rows(connection, "select * from governance_bodies where document_id = ?", document)
    scores["governance_bodies"] = _scored(
        gold.get("governance_bodies", []), bodies, _by_text("name"), lambda item: item["name"],
        [("frequency", lambda g, f: normal(g.get("frequency")) == normal(f["frequency"]))],
    )

    progress = _rows(connection, "select * from progress_updates where document_id = ?", document)

    def progress_score(g: dict, f: dict) -> float:
        if g.get("period") and f["period"] and g["period"] != f["period"]:
            return 0.0
        return similarity(g["text"], f["text"])

    scores["progress_updates"] = _scored(
        gold.get("progress_updates", []), progress, progress_score, lambda item: item["text"],
        [("status", lambda g, f: g.get("status") == f["status"]),
         ("done", lambda g, f: (g.get("status") == "done") == (f["status"] == "done"))],
    )

    risks = _rows(connection, "select * from risks where document_id = ?", document)
    scores["risks"] = _scored(
        gold.get("risks", []), risks,
        lambda g, f: similarity(g["text"], f["text"]) if g.get("kind") == f["kind"] else 0.0,
        lambda item: item["text"],
    )
    return scores


def _same_priority(g: dict, f: dict) -> bool:
    """The priority a commitment sits under: its number, or its title where the gold gives one unnumbered."""
    wanted = g.get("priority")
    if wanted == f["priority"]:
        return True
    return bool(wanted and f["priority_title"]) and similarity(wanted, f["priority_title"]) >= MATCH_SCORE


def _same_lead(g: dict, f: dict) -> bool | None:
    """The lead of an action row: every lead the gold names is among the commitment's leads (None: not annotated)."""
    if "lead" not in g:
        return None
    if not g["lead"]:
        return not f["leads"]
    found = normal(" ".join(f["leads"]))
    return bool(found) and fuzz.token_set_ratio(normal(g["lead"]), found) >= MATCH_SCORE


def _lead_score(g: dict, f: dict) -> float:
    """Role must agree; then who (person, else organisation); ties broken by the commitment."""
    if g["role"] != f["role"]:
        return 0.0
    if g.get("person"):
        who = similarity(g["person"], f["person"]) if f["person"] else 0.0
    else:
        names = [f["organisation_name"], f["abbreviation"], *json.loads(f["org_aliases"] or "[]")]
        who = max((similarity(g.get("organisation"), name) for name in names if name), default=0.0)
        who = max(who, similarity(g.get("text"), f["text"]))
    if who < MATCH_SCORE:
        return 0.0
    if g.get("commitment") and f["commitment_text"]:
        prefix = normal(g["commitment"])
        return who - (0 if normal(f["commitment_text"]).startswith(prefix[:40]) else 10)
    return who


def load_gold(directory: Path) -> dict[str, dict]:
    """The version-2 gold files of a folder, by document id."""
    gold = {}
    for path in sorted(Path(directory).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") == 2:
            gold[data["document_id"]] = data
    return gold


def evaluate(database: Path, gold_directory: Path) -> Evaluation:
    gold = load_gold(gold_directory)
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        documents = {document: _score_document(connection, document, data) for document, data in gold.items()}
    finally:
        connection.close()
    return Evaluation(documents, {document: set(data.get("exhaustive", [])) for document, data in gold.items()})


def machine_links(links: Sequence[CommitmentLink], candidates: Sequence[LinkCandidate]) -> list[CommitmentLink]:
    """The links the machine made before anyone reviewed them: those still in the database by its own method,
    and the automatic links a review replaced or rejected, which their candidate rows remember (``automatic``:
    a `continues` link, the only kind made automatically within a borough)."""
    from models import CommitmentLink

    from ..enrich.links import METHOD
    from ..review.apply import METHOD as REVIEWED

    machine = [link for link in links if link.method != REVIEWED]
    present = {link.id for link in machine}
    machine += [
        CommitmentLink(id=c.id, from_commitment_id=c.from_commitment_id, to_commitment_id=c.to_commitment_id,
                       from_document_id=c.from_document_id, to_document_id=c.to_document_id, type="continues",
                       score=c.lexical, method=METHOD)
        for c in candidates if c.automatic and c.id not in present
    ]
    return sorted(machine, key=lambda link: link.id)


def evaluate_cross_document(database: Path, gold_directory: Path, details: bool = False) -> list[str]:
    """Reports for the cross-document steps: themes (themes.json) and links (links.json), where gold exists;
    with ``details``, the links each reading has that the gold has not (extra) and the other way (missed)."""
    from models import CommitmentLink, ItemTheme, LinkCandidate

    from ..review.apply import METHOD as REVIEWED
    from .links import evaluate_links
    from .themes import evaluate_themes, parsed_from_database

    reports = []
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        items = [ItemTheme(**row) for row in _rows(connection, "select * from item_themes")]
        links = [CommitmentLink(**row) for row in _rows(connection, "select * from commitment_links")]
        candidates = [LinkCandidate(**row) for row in _rows(connection, "select * from link_candidates")]
    finally:
        connection.close()
    parsed = parsed_from_database(database)
    themes_gold = Path(gold_directory) / "themes.json"
    if themes_gold.exists():
        reports.append("Themes (tests/gold/themes.json):\n" + evaluate_themes(items, parsed, themes_gold).table())
    links_gold = Path(gold_directory) / "links.json"
    if links_gold.exists():
        commitments = [c for document in parsed.values() for c in document.commitments]
        tables = [evaluate_links(machine_links(links, candidates), commitments, links_gold, candidates).table(details)]
        reviewed = [link for link in links if link.method == REVIEWED]
        decided = [c for c in candidates if c.verdict]
        if reviewed or decided:  # a person's reading (corpus/reviews.yml) against another's (the gold): two readings
            tables.append(evaluate_links(reviewed, commitments, links_gold, title="reviewed links", decided=decided).table(details))
            tables.append(evaluate_links(links, commitments, links_gold, title="the site's links").table())
        reports.append("Links (tests/gold/links.json):\n" + "\n\n".join(tables))
    return reports
