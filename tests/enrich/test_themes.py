"""Theme coding (extract/enrich/themes.py): terms, exclusions, inheritance from the priority, uncoded,
the scorer, and the bar of the issue on the bundled corpus against tests/gold/themes.json.

The unit tests use made-up items (a council called Testtown), not the corpus's wording."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.document.parsers import ParsedDocument
from extract.evaluate.themes import evaluate_themes, parsed_from_database
from extract.enrich.themes import (
    INHERITED,
    NOTHING,
    OWN,
    UNCODED,
    code_items,
    load_codebook,
    note_phrases,
    variants,
)
from models import Commitment, ItemTheme, Priority, Target

ROOT = Path(__file__).resolve().parents[2]
CODEBOOK = ROOT / "corpus" / "codebook.yml"
GOLD = ROOT / "tests" / "gold" / "themes.json"
#: The bar of the issue: overall (micro-averaged) precision and recall of theme assignments.
BAR = 0.85
DOC = "testtown"


def priority(number: str, title: str, parent: str | None = None, kind: str = "priority") -> Priority:
    return Priority(id=f"{DOC}:{kind}:{number}", document_id=DOC, parent_id=parent, number=number, title=title,
                    kind=kind, position=1, evidence=title)


def commitment(position: int, text: str, priority_id: str | None, number: str | None = None) -> Commitment:
    return Commitment(id=f"{DOC}:{number or f'action:{position}'}", document_id=DOC, priority_id=priority_id,
                      number=number, text=text, kind="action", position=position, evidence=text)


def target(position: int, indicator: str, priority_id: str | None) -> Target:
    return Target(id=f"{DOC}:target:{position}", document_id=DOC, priority_id=priority_id, indicator=indicator,
                  position=position, evidence=indicator)


@pytest.fixture(scope="module")
def themes():  # type: ignore[no-untyped-def]
    return load_codebook(CODEBOOK)


@pytest.fixture(scope="module")
def coded(themes) -> dict[str, dict[str, ItemTheme]]:  # type: ignore[no-untyped-def]
    """Item id -> theme -> record, for a small made-up plan."""
    burglary, town, abuse = "testtown:priority:1", "testtown:priority:2", "testtown:priority:3"
    parsed = ParsedDocument(
        priorities=[
            priority("1", "Keeping homes safe from burglars"),
            priority("2", "A tidy, welcoming high street"),
            priority("3", "Tackling domestic abuse"),
            priority("3a", "Street drinking near the station", parent=abuse, kind="area"),
        ],
        commitments=[
            commitment(1, "Hold quarterly street briefings in every ward", burglary),
            commitment(2, "Share information between agencies on the worst-hit streets", burglary),
            commitment(3, "Paint the railings on the high street", town),
            commitment(4, "Fit mobile CCTV cameras near the bus station", town),
            commitment(5, "Challenge perpetrators through the family courts", abuse),
            commitment(6, "Challenge perpetrators of burglary through the courts", burglary),
            commitment(7, "Prevent fires in empty shops", town),
            commitment(8, "Offer every mosque and church a briefing on Prevent", town),
        ],
        issues=[],
        targets=[
            target(1, "Total crime down by 5% by 2030", burglary),
            target(2, "More sanction detections for DV violence with injury", abuse),
        ],
    )
    by_item: dict[str, dict[str, ItemTheme]] = {}
    for record in code_items(themes, {DOC: parsed}):
        item_id = record.priority_id or record.commitment_id or record.target_id
        by_item.setdefault(item_id or "", {})[record.theme_id] = record
    return by_item


def codes(coded: dict[str, dict[str, ItemTheme]], item_id: str) -> set[str]:
    return set(coded[f"{DOC}:{item_id}"])


def test_load_codebook_gives_records_in_codebook_order(themes):  # type: ignore[no-untyped-def]
    assert themes[0].id == "asb" and themes[0].position == 1
    assert themes[-1].id == UNCODED and themes[-1].position == len(themes)
    assert {theme.codebook_version for theme in themes} == {1}
    assert len({theme.id for theme in themes}) == len(themes) == 17


def test_note_phrases_split_lists_abbreviations_and_coordinations():
    note = "Probation (NPS, CRC), deliberate and outdoor fires, ASB tools and powers; gangs also take youth violence."
    assert note_phrases(note) == ["NPS", "CRC", "Probation", "deliberate fires", "outdoor fires", "ASB tools",
                                  "ASB powers"]
    # a parenthesis naming another theme points to it: it is not a phrase
    assert note_phrases("Domestic violence (domestic abuse)", ["Domestic abuse and VAWG"]) == ["Domestic violence"]


def test_variants_cover_hyphens_plurals_and_spelling():
    forms = set(variants("anti-social behaviour"))
    assert {"anti social behaviour", "antisocial behaviour", "anti-social behaviour"} <= forms
    assert {"gang", "gangs"} <= set(variants("gangs"))
    assert "radicalization" in variants("radicalisation")
    assert "PSPOs" in variants("PSPO")


def test_items_are_coded_from_their_own_terms(coded):  # type: ignore[no-untyped-def]
    assert codes(coded, "priority:1") == {"acquisitive_crime"}
    assert codes(coded, "area:3a") == {"asb"}
    assert codes(coded, "action:4") == {"cctv_technology"}
    assert coded[f"{DOC}:priority:1"]["acquisitive_crime"].method == OWN


def test_prevent_the_programme_is_not_the_verb(coded):  # type: ignore[no-untyped-def]
    assert codes(coded, "action:7") == {"fire_arson"}
    assert "radicalisation_prevent" in codes(coded, "action:8")


def test_an_exclude_phrase_cancels_the_term_it_qualifies(coded):  # type: ignore[no-untyped-def]
    assert codes(coded, "target:2") == {"domestic_abuse_vawg"}  # not violent_crime


def test_an_item_without_a_topic_inherits_its_priority(coded):  # type: ignore[no-untyped-def]
    briefings = coded[f"{DOC}:action:1"]
    assert set(briefings) == {"acquisitive_crime"}
    assert briefings["acquisitive_crime"].method == INHERITED
    assert briefings["acquisitive_crime"].score < coded[f"{DOC}:priority:1"]["acquisitive_crime"].score
    # a frame of its own (partnership) is kept, and the priority's topic added
    assert codes(coded, "action:2") == {"partnership_data", "acquisitive_crime"}
    assert coded[f"{DOC}:action:2"]["partnership_data"].method == OWN


def test_perpetrators_under_domestic_abuse_are_not_reoffending(coded):  # type: ignore[no-untyped-def]
    assert codes(coded, "action:5") == {"domestic_abuse_vawg"}
    assert codes(coded, "action:6") == {"acquisitive_crime", "reoffending"}


def test_uncoded_items(coded):  # type: ignore[no-untyped-def]
    assert codes(coded, "priority:2") == {UNCODED}
    assert coded[f"{DOC}:priority:2"][UNCODED].method == NOTHING
    assert codes(coded, "action:3") == {UNCODED}  # its priority has no theme to give
    assert codes(coded, "target:1") == {UNCODED}  # crime as a whole: not the priority's burglary


def test_records_are_well_formed(coded):  # type: ignore[no-untyped-def]
    for item_id, records in coded.items():
        for code, record in records.items():
            assert record.id == f"{item_id}:{code}"
            assert [record.priority_id, record.commitment_id, record.target_id].count(item_id) == 1
            assert [record.priority_id, record.commitment_id, record.target_id].count(None) == 2
            assert getattr(record, f"{record.item_kind}_id") == item_id
            assert record.document_id == DOC and 0.0 <= record.score <= 1.0


def _theme(item_id: str, kind: str, code: str) -> ItemTheme:
    return ItemTheme(id=f"{item_id}:{code}", theme_id=code, document_id=DOC, item_kind=kind,  # type: ignore[arg-type]
                     priority_id=item_id if kind == "priority" else None,
                     commitment_id=item_id if kind == "commitment" else None,
                     score=0.9, method=OWN)


def test_scorer_pairs_items_and_counts_precision_and_recall(tmp_path: Path):
    parsed = {DOC: ParsedDocument(
        priorities=[priority("1", "Fewer burglaries", kind="objective"),
                    priority("1", "Safer streets", kind="outcome")],
        commitments=[commitment(1, "Fit window locks for older residents", None, number="1.1"),
                     commitment(2, "Run a knife crime assembly in every school", None)],
        issues=[],
    )}
    items = [
        _theme("testtown:objective:1", "priority", "acquisitive_crime"),
        _theme("testtown:outcome:1", "priority", "asb"),
        _theme("testtown:1.1", "commitment", "acquisitive_crime"),
        _theme("testtown:1.1", "commitment", "victims_witnesses"),
        _theme("testtown:action:2", "commitment", "youth_violence_gangs"),
        _theme("testtown:action:2", "commitment", "confidence_engagement"),
    ]
    gold = {"items": [
        {"document_id": DOC, "kind": "priority", "number": "1", "text": "Safer streets", "themes": ["asb"]},
        {"document_id": DOC, "kind": "commitment", "number": "1.1", "text": "Fit window locks",
         "themes": ["acquisitive_crime"]},
        {"document_id": DOC, "kind": "commitment", "number": None,
         "text": "Run a knife-crime assembly in every school.", "themes": ["youth_violence_gangs", "partnership_data"]},
        {"document_id": DOC, "kind": "target", "number": None, "text": "Not extracted", "themes": ["asb"]},
    ]}
    path = tmp_path / "themes.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    scores = evaluate_themes(items, parsed, path)
    assert (scores.paired, scores.gold_items, len(scores.unpaired)) == (3, 4, 1)
    overall = scores.overall
    assert (overall.correct, overall.false_positives, overall.false_negatives) == (3, 2, 1)
    assert (overall.precision, overall.recall) == (0.6, 0.75)
    assert (scores.themes["victims_witnesses"].precision, scores.themes["partnership_data"].recall) == (0.0, 0.0)
    assert scores.themes["asb"].precision == 1.0  # paired with the outcome, not the objective numbered 1
    assert "OVERALL" in scores.table()


@pytest.mark.skipif(not GOLD.exists(), reason="no theme gold (tests/gold/themes.json)")
def test_the_bundled_corpus_meets_the_bar(built_db: Path, themes):  # type: ignore[no-untyped-def]
    parsed = parsed_from_database(built_db)
    scores = evaluate_themes(code_items(themes, parsed), parsed, GOLD)
    report = scores.table(details=True)
    assert scores.paired == scores.gold_items, report
    assert scores.overall.precision >= BAR, report
    assert scores.overall.recall >= BAR, report
