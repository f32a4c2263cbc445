"""A plan in another council's conventions: three-level action numbers, "Priority Area 2",
"Objective 1.1", and Activity / Led by / Timescale / RAG / Update columns. Made up for the test
(tests/fixtures/other-council-plan.txt); nothing in the parsers knows its wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.document.parsers import ParsedDocument, parse_document
from extract.document.readers import read_text

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "other-council-plan.txt"


@pytest.fixture(scope="module")
def parsed() -> ParsedDocument:
    return parse_document(read_text(FIXTURE), "northtown", period_start=2019)


def test_priorities_and_a_numbered_objective_under_its_priority(parsed: ParsedDocument):
    assert [(p.kind, p.number, p.title, p.parent_id) for p in parsed.priorities] == [
        ("priority", "1", "Protecting vulnerable people", None),
        ("priority", "2", "Tackling violence", None),
        ("objective", "1.1", "Reduce repeat victimisation", "northtown:priority:1"),
    ]


def test_actions_keep_reference_numbers_due_dates_and_the_priority_they_sit_under(parsed: ParsedDocument):
    assert [(c.id, c.kind, c.priority_id, c.due, c.due_precision) for c in parsed.commitments] == [
        ("northtown:1.1.1", "action", "northtown:objective:1.1", "2020-03", "month"),
        ("northtown:1.1.2", "action", "northtown:objective:1.1", "2019-12-31", "day"),
        ("northtown:action:1", "action", "northtown:priority:2", "2020-09", "month"),
    ]


def test_targets_progress_and_leads_by_column_meaning(parsed: ParsedDocument):
    assert [(t.direction, t.value, t.unit, t.deadline) for t in parsed.targets] == [
        ("reduce", -10.0, "percent", "2021"),
        ("increase", None, None, None),
    ]
    assert [(u.commitment_id, u.status) for u in parsed.progress] == [
        ("northtown:1.1.1", "done"),
        ("northtown:1.1.2", "in_progress"),
        ("northtown:action:1", "done"),
    ]
    assert [m.text for m in parsed.lead_mentions] == [
        "DI Jane Smith (Northtown Police)", "Northtown Council", "Youth Service Manager",
    ]
