"""Governance bodies and dependencies/risks, on small inline fixtures in no particular council's wording."""

from __future__ import annotations

import pytest

from extract.document.parsers.governance import parse_governance, strip_numbering
from extract.document.parsers.issues import IssueLog
from extract.document.parsers.priorities import parse_priorities
from extract.document.parsers.risks import parse_risks
from extract.document.readers.text import parse_text


def read(text: str):
    document = parse_text(text)
    return document, parse_priorities(document, "doc"), IssueLog("doc")


MERGED = (
    "## Priority 2: Safer town centres\n\n"
    "SECTION 1: ROLES\t\t\t\n"
    "Lead agency\tThe council\t\t\n"
    "SECTION 2: GOVERNANCE\t\t\t\n"
    "Name of group/board\tFrequency\tMembership\tPurpose/ Objectives\n"
    "1)Night Time Economy Group\tMonthly\tLicensing, police, BID\tTo plan weekend patrols.\n"
    "2Licensing Tasking Group\tFortnightly\t\t\n"
    "3) - Pubwatch\t\tLicensees\t\n"
    "4) CSP BOARD\t\t\t\n"
    "5)\t\t\t\n"
    "SECTION 3: TARGET OUTCOMES\t\t\t\n"
    "Outcome description\tNotes\tBaseline\t\n"
    "1) Fewer assaults\t\t120\t\n"
)


def test_bodies_are_the_rows_under_a_governance_header_anywhere_in_a_merged_table():
    document, outline, log = read(MERGED)
    bodies = parse_governance(document, outline, log)
    assert [(b.name, b.frequency, b.membership, b.purpose) for b in bodies] == [
        ("Night Time Economy Group", "Monthly", "Licensing, police, BID", "To plan weekend patrols."),
        ("Licensing Tasking Group", "Fortnightly", None, None),
        ("Pubwatch", None, "Licensees", None),
        ("CSP BOARD", None, None, None),
    ]
    assert [b.id for b in bodies] == ["doc:body:1", "doc:body:2", "doc:body:3", "doc:body:4"]
    assert {b.priority_id for b in bodies} == {"doc:priority:2"}
    assert bodies[0].line == 7 and bodies[0].evidence.startswith("1)Night Time Economy Group")


def test_a_table_without_frequency_membership_or_purpose_columns_has_no_bodies():
    document, outline, log = read("Group\tLead officer\nCCTV working group\tA. Smith\n")
    assert parse_governance(document, outline, log) == []


@pytest.mark.parametrize(
    ("written", "ordinal", "name"),
    [
        ("1)Burglary Review Group", 1, "Burglary Review Group"),
        ("2Acquisitive Crime Sub Group", 2, "Acquisitive Crime Sub Group"),
        ("5) - crime review", 5, "crime review"),
        ("(3) MAPPA", 3, "MAPPA"),
        ("3 MAPPA", 3, "MAPPA"),
        ("16 Days of Action Group", 1, "16 Days of Action Group"),
        ("3)", 3, ""),
    ],
)
def test_row_numbering_is_not_part_of_a_name(written: str, ordinal: int, name: str):
    assert strip_numbering(written, ordinal) == name


RISKS = (
    "## Priority 1: Anti-social behaviour\n\n"
    "Service\tDependencies /Risks\tOutcomes\n"
    "Council<br>Police\tD – That the partnership has a current needs assessment<br>"
    "R - That the partnership has adequate resources<br>to deliver the priority\tFewer repeat callers\n\n"
    "## Priority 2: Hate crime\n\n"
    "Dependency: a third party reporting service is commissioned\n\n"
    "- Risk: the provider's funding ends in March\n\n"
    "A risk-based approach is taken. Risks are reviewed quarterly.\n"
)


def test_marked_lines_of_a_risk_column_paragraphs_and_list_items():
    document, outline, log = read(RISKS)
    risks = parse_risks(document, outline, log)
    assert [(r.kind, r.text, r.priority_id) for r in risks] == [
        ("dependency", "That the partnership has a current needs assessment", "doc:priority:1"),
        ("risk", "That the partnership has adequate resources to deliver the priority", "doc:priority:1"),
        ("dependency", "a third party reporting service is commissioned", "doc:priority:2"),
        ("risk", "the provider's funding ends in March", "doc:priority:2"),
    ]
    assert [r.id for r in risks] == ["doc:risk:1", "doc:risk:2", "doc:risk:3", "doc:risk:4"]
    assert risks[0].line == 4 and risks[2].line == 8


def test_unmarked_lines_take_the_kind_of_a_column_that_means_only_one_kind():
    document, outline, log = read("Action\tRisks\nOpen a hub\tNo suitable venue\n")
    assert [(r.kind, r.text) for r in parse_risks(document, outline, log)] == [("risk", "No suitable venue")]
    document, outline, log = read("Action\tDependencies/Risks\nOpen a hub\tNo suitable venue\n")
    assert parse_risks(document, outline, log) == []
    assert [issue.code for issue in log.issues] == ["risk-kind-unknown"]
