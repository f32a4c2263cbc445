"""Governance bodies described in prose, on small inline texts in no particular council's wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.document.parsers.commitments import parse_commitments
from extract.document.parsers.governance import parse_governance
from extract.document.parsers.governance_prose import BodyVocabulary, vocabulary
from extract.document.parsers.issues import IssueLog
from extract.document.parsers.priorities import parse_priorities
from extract.document.readers.text import parse_text
from extract.document.vocabulary import load_vocabulary
from extract.errors import StrategyExtractError, VocabularyError


def bodies(text: str) -> dict[str, str | None]:
    """Each body read from ``text``: its name and how often it meets."""
    document = parse_text(text)
    found = parse_governance(document, parse_priorities(document, "doc"), IssueLog("doc"))
    return {body.name: body.frequency for body in found}


def test_a_body_that_meets_is_read_with_its_frequency():
    found = bodies("The Town Centre Safety Group meets monthly to review hotspots and agree patrols.\n")
    assert found == {"Town Centre Safety Group": "monthly"}


def test_a_body_only_reported_to_is_not_one_the_plan_describes():
    text = "Progress will be reported to the Overview and Scrutiny Committee every quarter.\n"
    assert bodies(text) == {}


@pytest.mark.parametrize("sentence, name", [
    ("A Serious Violence Steering Group has been established to oversee this work.", "Serious Violence Steering Group"),
    ("Delivery will be overseen by the Youth Justice Management Board.", "Youth Justice Management Board"),
    ("Officers from six services came together to form a town centre working group.", "town centre working group"),
    ("Our work on exploitation is delivered through our Missing, Exploited and Trafficked Panel.",
     "Missing, Exploited and Trafficked Panel"),
    ("Partners resumed fortnightly street triage meetings with the hospital.", "street triage meetings"),
])
def test_names_in_the_shapes_councils_write_them(sentence: str, name: str):
    assert list(bodies(sentence + "\n")) == [name]


def test_short_forms_and_a_bare_head_are_the_same_body():
    text = (
        "The Harbour Town Reducing Reoffending Board (RRB) was set up in 2021.\n\n"
        "The RRB meets quarterly and reports to the council.\n\n"
        "The Board will monitor the performance figures in section 5.\n"
    )
    assert bodies(text) == {"Harbour Town Reducing Reoffending Board (RRB)": "quarterly"}


def test_an_acronym_short_form_is_joined_to_the_name_written_out():
    text = (
        "CS MARAC meetings are held 4 weekly.\n\n"
        "We will maintain an effective Community Safety MARAC with all partners.\n"
    )
    assert bodies(text) == {"Community Safety MARAC (CS MARAC)": "4 weekly"}


def test_each_body_takes_the_frequency_of_its_own_clause():
    text = ("The Hate Crime Group meets quarterly and the Channel Panel meets monthly, "
            "supported by all partners.\n")
    assert bodies(text) == {"Hate Crime Group": "quarterly", "Channel Panel": "monthly"}


@pytest.mark.parametrize("sentence", [
    "Quarterly meetings are held with the regulator to give assurance.",  # how often, not who
    "Report of the Assistant Chief Executive, Governance and Assurance.",  # a post
    "Review and refresh the ASB meeting structure and governance.",  # a head used as a modifier
    "The Strategy Board is the statutory working group for this duty and meets monthly.",  # a predicate, not a second body
    "We will work with the Adult Safeguarding Board on hate crime.",  # worked with, not described
])
def test_what_is_not_a_body(sentence: str):
    found = bodies(sentence + "\n")
    assert all(name in {"Strategy Board"} for name in found), found


def test_a_body_a_governance_table_lists_is_not_read_twice_from_the_prose():
    text = (
        "The Night Time Economy Group meets monthly to plan weekend patrols.\n\n"
        "Name of group/board\tFrequency\tMembership\n"
        "Night Time Economy Group\tMonthly\tLicensing, police\n"
    )
    assert bodies(text) == {"Night Time Economy Group": "Monthly"}


def test_the_vocabulary_is_validated_and_a_broken_one_names_the_file_and_the_key(tmp_path: Path):
    assert "Board" in vocabulary().heads
    broken = tmp_path / "bodies.yml"
    broken.write_text("heads: Board\nacronym_heads: []\ncompound_heads: []\nmodifiers: []\ncues: []\n"
                      "frequencies: ['(unclosed']\naudience: []\ncolour: red\n", encoding="utf-8")
    with pytest.raises(VocabularyError) as raised:
        load_vocabulary(broken, BodyVocabulary)
    message = str(raised.value)
    assert str(broken) in message and "'frequencies'" in message and "'colour'" in message
    assert isinstance(raised.value, StrategyExtractError)
    broken.write_text("heads: [Board\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="not valid YAML"):
        load_vocabulary(broken, BodyVocabulary)


def test_a_body_coordinated_with_an_audience_is_an_audience_too():
    text = "We will work with the Adult Safeguarding Board and the 3 Partnership Boards on hate crime.\n"
    assert bodies(text) == {}


def test_a_body_an_action_names_is_one_the_plan_delivers_through():
    document = parse_text(
        "Action\tLead\n"
        "Use the Safer Streets Forum to agree local policing priorities\tCommunity Safety\n"
        "Report progress to the Overview and Scrutiny Committee\tCommunity Safety\n"
    )
    outline = parse_priorities(document, "doc")
    log = IssueLog("doc")
    commitments = parse_commitments(document, outline, log)
    assert len(commitments) == 2
    found = parse_governance(document, outline, log, commitments)
    assert [body.name for body in found] == ["Safer Streets Forum"]
