"""Targets and success measures on small inline fixtures, in the wording of no particular council."""

from extract.document.parsers.issues import IssueLog
from extract.document.parsers.priorities import parse_priorities
from extract.document.parsers.targets import parse_targets, split_measures
from extract.document.readers.text import parse_text

TARGET_TABLE = """## Priority 1 – Safer streets

### Performance targets

Indicator\tNotes\tTarget (%)\tCurrent\tPrevious\t% change
<i>Targets from the strategy</i>\t<i>e.g. how the figure is counted</i>\t\t\t\t
1) Reduce residential burglary\t\t-5.0%\t900\t1000\t-10.0%
2) Reduce robbery\tPolice data\t-3%\t450\t500\t-4.0%
3. Increase reporting of hate crime\t\t\t120\t100\t20.00%
4) Repeat victims of domestic abuse\t\t-8%\t72 repeat cases\tNot available\t
"""

MERGED_TABLE = """## Priority 2 – Nuisance

SECTION 1: GOVERNANCE\t\t\t\t\t
Name of group/board\tFrequency\tMembership\tPurpose\t\t
1) Street crime group\tMonthly\tPolice and council\tReview hotspots\t\t
SECTION 2: TARGET OUTCOMES\t\t\t\t\t
Outcome description\tNotes\tBaseline: Strategy\tApril 2013\tJuly 2013\tMar-14
1) Fewer residents worried about nuisance\tResident survey\t24%\t20%\t\t18%
2) Litter in the street\t\t21%\tNot available\t\t
Action\tLead officer\tDate\t\t\t
Run four clean-up days\tCommunity Safety\t30.3.2014\t\t\t
"""

MEASURE_COLUMN = """## Priority One: Supporting victims

AREA\tDELIVERY\tSUCCESS MEASURES\tOUTCOMES
1.1 Nuisance\tVisit repeat callers\tA reduction in repeat calls An increase in cases closed\tResidents feel listened to
\tWork with housing officers\t\t
1.2 Fires\tClear dumped rubbish\tReduction in outdoor rubbish fires by between 10% and 20% by 2017.\t
\tPatrol open land\tReduction in outdoor rubbish fires by between 10% and 20% by 2017.\t
1.3 Youth Violence\tMentor young people\tReduction in repeat victimisation of Youth Violence Reduction in exploitation\t
"""

MEASURE_LIST = """## Outcome 3: People feel safe

Our priorities are:

- Safer town centres
- Stronger communities

### How we will measure success

Success will be measured by:

- A reduction in repeat victims of anti-social behaviour
- An increase in public confidence that the council deals with local concerns.
- Reduce burglary by 10% by 2016

take.

- Sustained reduction in knife crime<sup>1</sup>

<sup>1</sup> Indicator to be developed

### Progress so far

- We held four events.
"""

KEY_INDICATORS = """The partnership monitors many figures each month. Key indicators for this plan include:

- Number of repeat referrals, to show how well we prevent repeat harm.
- Fewer fire calls, to show a reduction in small fires.
- The percentage of victims satisfied, which will improve confidence.

Priority 1: Reducing harm
"""


def parse(text: str):
    document = parse_text(text)
    log = IssueLog("doc")
    targets, observations = parse_targets(document, parse_priorities(document, "doc"), log)
    return targets, observations, log


def test_one_target_per_row_of_a_target_table_with_its_figures() -> None:
    targets, observations, _ = parse(TARGET_TABLE)
    assert [t.indicator for t in targets] == [
        "Reduce residential burglary",
        "Reduce robbery",
        "Increase reporting of hate crime",
        "Repeat victims of domestic abuse",
    ]
    burglary = targets[0]
    assert (burglary.id, burglary.position, burglary.line) == ("doc:target:1", 1, 7)
    assert (burglary.direction, burglary.unit, burglary.value) == ("reduce", "percent", -5.0)
    assert burglary.priority_id == "doc:priority:1"
    assert burglary.evidence.startswith("1) Reduce residential burglary\t")
    assert [(o.id, o.label, o.kind, o.value, o.unit, o.value_text) for o in observations[:3]] == [
        ("doc:target:1:3", "Current", "current", 900.0, "count", "900"),
        ("doc:target:1:4", "Previous", "previous", 1000.0, "count", "1000"),
        ("doc:target:1:5", "% change", "change", -10.0, "percent", "-10.0%"),
    ]
    assert (targets[2].direction, targets[2].unit, targets[2].value) == ("increase", "count", None)
    abuse = [(o.kind, o.value, o.value_text) for o in observations if o.target_id == targets[3].id]
    assert abuse == [("current", 72.0, "72 repeat cases"), ("previous", None, "Not available")]
    assert targets[3].direction == "reduce"  # a negative target asks for a reduction


def test_a_printed_change_that_does_not_follow_from_the_figures_is_warned() -> None:
    _, _, log = parse(TARGET_TABLE)
    warnings = [issue for issue in log.issues if issue.code == "arithmetic"]
    # burglary: (900 - 1000) / 1000 = -10.0%, as printed; hate crime: +20.0%, as printed
    assert len(warnings) == 1
    assert warnings[0].line == 8
    assert "Reduce robbery" in warnings[0].message and "-4.0%" in warnings[0].message
    assert "-10.00%" in warnings[0].message


def test_a_change_within_the_tolerance_is_not_warned() -> None:
    text = "Indicator\tCurrent\tPrevious\t% change\nTotal crime\t24590\t25814\t-4.70%\n"
    _, _, log = parse(text)  # recomputed -4.74%: 0.04 points from the printed figure
    assert not log.issues


def test_only_rows_under_a_target_header_count_in_a_table_merging_sections() -> None:
    targets, observations, _ = parse(MERGED_TABLE)
    assert [t.indicator for t in targets] == ["Fewer residents worried about nuisance", "Litter in the street"]
    assert all(t.priority_id == "doc:priority:2" for t in targets)
    assert (targets[0].direction, targets[0].unit) == ("reduce", "percent")
    first = [(o.label, o.kind, o.period, o.value) for o in observations if o.target_id == targets[0].id]
    assert first == [
        ("Baseline: Strategy", "baseline", None, 24.0),
        ("April 2013", "value", "2013-04", 20.0),
        ("Mar-14", "value", "2014-03", 18.0),
    ]  # the Notes text ("Resident survey") is not a figure


def test_a_measure_column_gives_one_target_per_measure_under_its_area() -> None:
    targets, observations, _ = parse(MEASURE_COLUMN)
    assert [(t.indicator, t.priority_id, t.direction) for t in targets] == [
        ("A reduction in repeat calls", "doc:area:1.1", "reduce"),
        ("An increase in cases closed", "doc:area:1.1", "increase"),
        ("Reduction in outdoor rubbish fires by between 10% and 20% by 2017.", "doc:area:1.2", "reduce"),
        ("Reduction in repeat victimisation of Youth Violence", "doc:area:1.3", "reduce"),
        ("Reduction in exploitation", "doc:area:1.3", "reduce"),
    ]  # the Outcomes column holds commitments, not targets; a repeated (spanned) cell is read once
    fires = targets[2]
    assert (fires.low, fires.high, fires.unit, fires.value) == (10.0, 20.0, "percent", None)
    assert (fires.deadline, fires.deadline_text) == ("2017", "by 2017")
    assert not observations


def test_run_together_measures_split_before_each_opening() -> None:
    assert split_measures("A reduction in hate crime An increase in the number of hate crimes reported") == [
        "A reduction in hate crime",
        "An increase in the number of hate crimes reported",
    ]
    assert split_measures("An increase in home visits Consistent referrals to the fire scheme") == [
        "An increase in home visits",
        "Consistent referrals to the fire scheme",
    ]
    assert split_measures("Fewer referrals to the Violence Reduction Unit") == [
        "Fewer referrals to the Violence Reduction Unit"
    ]


def test_success_measures_listed_after_a_measure_heading() -> None:
    targets, _, _ = parse(MEASURE_LIST)
    assert [(t.indicator, t.direction) for t in targets] == [
        ("A reduction in repeat victims of anti-social behaviour", "reduce"),
        ("An increase in public confidence that the council deals with local concerns.", "increase"),
        ("Reduce burglary by 10% by 2016", "reduce"),
        ("Sustained reduction in knife crime", "maintain"),
    ]  # not the priorities list, the stray fragment "take.", the footnote, or the progress bullets
    assert all(t.priority_id == "doc:outcome:3" for t in targets)
    burglary = targets[2]
    assert (burglary.value, burglary.unit) == (-10.0, "percent")
    assert (burglary.deadline, burglary.deadline_text) == ("2016", "by 2016")
    assert (targets[0].value, targets[0].unit) == (None, None)


def test_key_indicators_after_a_lead_in_take_their_direction_from_the_first_clause() -> None:
    targets, _, _ = parse(KEY_INDICATORS)
    # the indicator is its name: the clause saying why it is measured is not part of it (issue 13)
    assert [(t.indicator, t.direction) for t in targets] == [
        ("Number of repeat referrals", None),  # "to show how well we prevent": no direction sought
        ("Fewer fire calls", "reduce"),
        ("The percentage of victims satisfied", None),  # "which will improve confidence" is the why
    ]


def test_a_document_without_targets_gives_none() -> None:
    text = "Service\tOutcomes\tActions\nPolice\tVictims know how to report\tWeb page updated\n"
    assert parse(text)[:2] == ([], [])
