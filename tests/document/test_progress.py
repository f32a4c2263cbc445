"""Progress updates and their status, on small inline fixtures in no particular council's wording."""

from __future__ import annotations

import pytest

from extract.document.parsers.issues import IssueLog
from extract.document.parsers.priorities import parse_priorities
from extract.document.parsers.progress import event_date, parse_progress
from extract.document.parsers.status import read_status
from extract.document.readers.text import parse_text
from models import Commitment, ProgressUpdate


def progress(
    text: str, commitments: list[Commitment] | None = None, period_start: int | None = 2019
) -> tuple[list[ProgressUpdate], IssueLog]:
    document = parse_text(text)
    outline = parse_priorities(document, "doc")
    log = IssueLog("doc")
    return parse_progress(document, outline, commitments or [], log, period_start), log


def commitment(number: str | None, text: str, kind: str = "action") -> Commitment:
    return Commitment(
        id=f"doc:{number}" if number else f"doc:{kind}:1",
        document_id="doc",
        number=number,
        text=text,
        kind=kind,  # type: ignore[arg-type]
        position=1,
        evidence=text,
    )


QUARTERS = (
    "## Priority 1: Safer streets\n\n"
    "Action\tLead officer\tDate\tQtr 1\tQtr 2\tQtr 3\n"
    "Run four burglary roadshows\tJo Bloggs\t31.3.2020\t• First roadshow held in May<br>• Second being planned"
    "\t\tRoadshows complete\n"
)


def test_one_update_per_line_of_a_quarter_cell_with_its_financial_year_quarter():
    updates, _ = progress(QUARTERS)
    assert [(u.text, u.period, u.status) for u in updates] == [
        ("First roadshow held in May", "2019-20 Q1", "done"),
        ("Second being planned", "2019-20 Q1", "in_progress"),
        ("Roadshows complete", "2019-20 Q3", "done"),
    ]
    assert [u.id for u in updates] == ["doc:progress:1", "doc:progress:2", "doc:progress:3"]
    assert {u.priority_id for u in updates} == {"doc:priority:1"}
    assert updates[0].line == 4 and "Run four burglary roadshows" in updates[0].evidence


def test_a_quarter_cell_belongs_to_the_action_of_its_row():
    action = commitment(None, "Run four burglary roadshows")
    updates, _ = progress(QUARTERS, [action])
    assert {u.commitment_id for u in updates} == {action.id}
    assert {u.commitment_id for u in progress(QUARTERS)[0]} == {None}


def test_without_the_document_year_a_quarter_has_no_period_and_a_warning():
    updates, log = progress(QUARTERS, period_start=None)
    assert {u.period for u in updates} == {None}
    assert "progress-period-unknown" in {issue.code for issue in log.issues}


def test_a_numbered_row_reports_on_the_commitment_of_that_number():
    text = (
        "## Outcome 1: Victims are supported\n\n"
        "No.\tCommitment\tProgress\n"
        "1.1\tWe will open a victims hub.\t• Hub opened in March 2019<br>• To be evaluated by June 2020\n"
        "1.2\tWe will review the referral pathway.\tThe pathway is being reviewed\n"
    )
    pledge = commitment("1.1", "We will open a victims hub.", kind="commitment")
    updates, _ = progress(text, [pledge])
    assert [(u.commitment_id, u.status, u.date) for u in updates] == [
        ("doc:1.1", "done", "2019-03"),
        ("doc:1.1", "planned", "2020-06"),
        (None, "in_progress", None),  # no commitment 1.2 was read
    ]
    assert {u.priority_id for u in updates} == {"doc:outcome:1"}


def test_several_outcomes_against_several_progress_lines_link_to_no_commitment():
    text = (
        "## Priority 2: Hate crime\n\n"
        "Service\tOutcomes\tActions/Progress/Comments\n"
        "Police<br>Council\tMore reporting<br>Fewer repeat victims\tReporting centres reviewed<br>"
        "Review and promote the reporting app\n"
    )
    outcomes = [commitment(None, "More reporting", "outcome"), commitment(None, "Fewer repeat victims", "outcome")]
    updates, _ = progress(text, outcomes)
    assert [(u.text, u.commitment_id, u.status) for u in updates] == [
        ("Reporting centres reviewed", None, "done"),
        ("Review and promote the reporting app", None, "planned"),
    ]


def test_a_rag_column_is_a_status_not_an_update():
    text = "Action\tUpdate\tRAG\nFund a youth worker\tRecruitment of a youth worker\tBlue\n"
    updates, _ = progress(text)
    assert [(u.text, u.status) for u in updates] == [("Recruitment of a youth worker", "done")]


SECTION = (
    "## Outcome 1: Fewer burglaries\n\n"
    "### How we will make this happen\n\nWe will target hotspots.\n\n"
    "### Progress so far\n\n"
    "Since May 2018 the partnership has set up a burglary panel.\n\n"
    "The panel took three steps to:\n\n- Map hotspots.\n- Visit repeat victims.\n\n"
    "#### Street briefings\n\nWe are reviewing the briefing format.\n\n"
    "<sup>1</sup> Figures for the year to March 2018.\n\n"
    "#### Next steps\n\nWe will extend the panel.\n\n"
    "### How we will measure success\n\nFewer burglaries.\n\n"
    "## Outcome 2: Safer town centres\n\n### Progress to date\n\nA night-time economy group meets monthly.\n\n"
    "## Outcome 3: Less reoffending\n\nThe cohort is small.\n"
)


def test_a_progress_section_runs_to_the_next_heading_of_its_level_or_priority():
    updates, _ = progress(SECTION)
    assert [(u.text, u.priority_id, u.status) for u in updates] == [
        ("Since May 2018 the partnership has set up a burglary panel.", "doc:outcome:1", "done"),
        ("The panel took three steps to:", "doc:outcome:1", "done"),
        ("Map hotspots.", "doc:outcome:1", "done"),  # takes the tense of its lead-in
        ("Visit repeat victims.", "doc:outcome:1", "done"),
        ("We are reviewing the briefing format.", "doc:outcome:1", "in_progress"),
        ("A night-time economy group meets monthly.", "doc:outcome:2", "done"),
    ]
    assert updates[0].date == "2018-05" and updates[0].commitment_id is None and updates[0].period is None


def test_a_section_divided_by_headings_of_its_own_level_continues_to_the_next_priority():
    text = (
        "## Outcome 1: Fewer burglaries\n\n### Progress so far\n\n### Panels\n\nPanels held weekly.\n\n"
        "### Advocacy\n\nAdvocates appointed.\n\n## Outcome 2: Safer town centres\n\nA new plan.\n"
    )
    assert [u.text for u in progress(text)[0]] == ["Panels held weekly.", "Advocates appointed."]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Being developed – promotion will start April 2016", "in_progress"),
        ("Introduced in October 2014", "done"),
        ("To be completed by February 2016", "planned"),
        ("Formal partnership procedures in place by March 2016.", "planned"),
        ("Procedures in place", "done"),
        ("Scheme launched and currently in tender phase", "in_progress"),
        ("Consultation closed on 24th October, with implementation expected in November", "done"),
        ("Reoffending levels continue to fall", "unknown"),
        ("Continue to deliver awareness workshops", "in_progress"),
        ("Strands noted as good practice by the inspectors", "done"),
        ("The duty commences in early 2023", "planned"),
        ("Victim panels meet monthly", "done"),
        ("Funding has been confirmed until March 2024", "done"),
        ("Working towards accreditation", "in_progress"),
        ("Repeat callers are to be monitored", "planned"),
        ("In the year ending March 2022 there were 1,200 offences recorded", "unknown"),
        ("Worked with residents to find solutions.", "done"),
        ("Based on our figures, most offences happen at night", "unknown"),
    ],
)
def test_status_rules(text: str, status: str):
    assert read_status(text) == status


def test_a_bare_verb_is_a_to_do_in_a_cell_and_from_a_future_month_is_planned():
    assert read_status("Review the hate crime reporting centres", in_table=True) == "planned"
    assert read_status("Review the hate crime reporting centres") == "unknown"
    assert read_status("Promotion from April 2016", first_year=2015) == "planned"
    assert read_status("Promotion from April 2014", first_year=2015) == "unknown"


def test_event_dates_skip_ends_of_periods_and_take_a_missing_year_from_the_document():
    assert event_date("Introduced in October 2014") == ("2014-10", "in October 2014")
    assert event_date("Funding has been confirmed until March 2024") is None
    assert event_date("In the year ending March 2022 there were 1,200 offences") is None
    assert event_date("Consultation closed on 24th October", first_year=2022) == ("2022-10-24", "24th October")
    assert event_date("Review in February", first_year=2022)[0] == "2023-02"  # type: ignore[index]
    assert event_date("From April to September 2013 burglary fell")[0] == "2013"  # type: ignore[index]
