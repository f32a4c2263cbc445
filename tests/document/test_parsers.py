"""Parsers on small inline fixtures, in the wording of no particular council."""

from extract.document.parsers import parse_document
from extract.document.readers.text import parse_text


def parse(text: str):
    return parse_document(parse_text(text), "doc")


def by_key(priorities):
    return {(p.kind, p.number): p for p in priorities}


def test_labelled_priorities_in_any_form_and_number_words():
    result = parse(
        "Priority 1 – Reducing burglary  \nPriority 2 – Hate crime\n\n"
        "Priority Three: Building confidence\n\n#### Priority 4:\n\nSupporting victims\n"
    )
    titles = {key: p.title for key, p in by_key(result.priorities).items()}
    assert titles == {
        ("priority", "1"): "Reducing burglary",
        ("priority", "2"): "Hate crime",
        ("priority", "3"): "Building confidence",
        ("priority", "4"): "Supporting victims",
    }
    assert by_key(result.priorities)[("priority", "2")].line == 2


def test_a_priority_declared_twice_is_recorded_once_where_first_declared():
    result = parse("- Priority 1: Safer streets\n\n**Priority 1:** Safer streets\n\n## Priority 1: Safer streets\n")
    assert [(p.number, p.line) for p in result.priorities] == [("1", 1)]


def test_numbered_list_under_an_outcomes_heading_and_areas_under_them():
    result = parse(
        "## Outcomes\n\n- 1 People feel safe.\n- 2 Fewer repeat victims.\n\n"
        "## Outcome 2: Fewer repeat victims\n\n### 2a. Domestic abuse\n"
    )
    priorities = by_key(result.priorities)
    assert priorities[("outcome", "1")].title == "People feel safe."
    area = priorities[("area", "2a")]
    assert area.parent_id == priorities[("outcome", "2")].id


def test_objectives_numbered_across_table_columns():
    result = parse("## Strategic Objectives\n\nObjectives\t\t\n1\t2\t3\nOne.\tTwo.\tThree.\n")
    assert [(p.kind, p.number, p.title) for p in result.priorities] == [
        ("objective", "1", "One."), ("objective", "2", "Two."), ("objective", "3", "Three."),
    ]


def test_areas_in_a_column_that_means_area():
    result = parse(
        "Priority One: Offenders\n\nTheme\tActions\tMeasures\n1.1 Drugs\tDo a\tFewer b\n"
        "1.2. Youth Offending\tDo c\tFewer d\n"
    )
    priorities = by_key(result.priorities)
    assert priorities[("area", "1.2")].title == "Youth Offending"
    assert priorities[("area", "1.2")].parent_id == priorities[("priority", "1")].id
    # numbered areas are not commitments; the actions in their rows are, under their area
    assert [(c.kind, c.text, c.priority_id, c.number) for c in result.commitments] == [
        ("action", "Do a", "doc:area:1.1", None),
        ("action", "Do c", "doc:area:1.2", None),
    ]


def test_section_heading_worded_like_a_priority_reopens_it():
    result = parse(
        "Priority 1 – Violent crime with a focus on domestic abuse  \nPriority 2 – Burglary\n\n"
        "## VIOLENT CRIME, WITH A FOCUS ON DOMESTIC ABUSE\n\n1.1\tWe will do this.\n"
    )
    (commitment,) = result.commitments
    assert commitment.priority_id == "doc:priority:1"


def test_numbered_commitments_with_their_priority_bullets_and_evidence():
    result = parse(
        "## Outcome 2: Communities are informed\n\n### How we will do it\n\n"
        "2.1\tWe will publish minutes.\n"
        "2.2\tTo engage residents we will: <ul><li>Hold meetings.</li></ul>\n\n"
        "| <ul><li>Run street briefings.</li></ul> |\n\n## How we will measure success\n"
    )
    first, second = result.commitments
    assert (first.id, first.number, first.priority_id) == ("doc:2.1", "2.1", "doc:outcome:2")
    assert first.evidence == "2.1\tWe will publish minutes."
    assert second.text == "To engage residents we will:\n• Hold meetings.\n• Run street briefings."
    assert second.line == 6


def test_numbered_paragraphs_outside_any_priority_are_not_commitments():
    result = parse(
        "## 1. Summary\n\n1.1 This report outlines the strategy.\n\n1.2 We will consult residents.\n\n"
        "## Outcome 3: Safer roads\n\n3.1 Work with schools on road safety.\n"
    )
    assert [c.number for c in result.commitments] == ["1.2", "3.1"]  # 1.2 is a pledge


def test_run_together_items_split_and_flagged_and_gaps_reported():
    result = parse(
        "## Outcome 1: Confidence\n\n1.1\tWe will act.\n1.3\tWe will report.\n\n"
        "1.4 We will engage residents **1.5** We will share data see section 1.16 for details\n"
    )
    assert [c.number for c in result.commitments] == ["1.1", "1.3", "1.4", "1.5"]
    assert result.commitments[-1].text == "We will share data see section 1.16 for details"
    codes = sorted(issue.code for issue in result.issues)
    assert codes == ["numbering-gap", "run-together-items"]
    gap = next(i for i in result.issues if i.code == "numbering-gap")
    assert "1.2" in gap.message and gap.line == 4


def test_commitment_column_found_by_meaning():
    result = parse("## Priority 1: ASB\n\nRef\tCommitment\tProgress\n1.1\tWe will act.\tDone in May\n")
    (commitment,) = result.commitments
    assert commitment.text == "We will act."


def test_a_parser_failing_on_a_document_keeps_its_other_records(monkeypatch):
    import extract.document.parsers as parsers

    def broken(*args, **kwargs):
        raise ValueError("unexpected layout")

    monkeypatch.setattr(parsers, "parse_targets", broken)
    result = parse("## Outcome 1: Safer streets\n\n1.1\tWe will act.\n\n- A reduction in burglary\n")
    assert [c.number for c in result.commitments] == ["1.1"] and result.targets == []
    (issue,) = [i for i in result.issues if i.severity == "error"]
    assert issue.code == "parser-error" and "targets could not be read" in issue.message
    assert "ValueError: unexpected layout" in issue.message


PRIORITY_LIST = "- Priority 1: Safer streets at night\n- Priority 2: Early help for families under strain\n\n"


def test_a_table_opening_with_a_priority_title_sits_under_that_priority():
    result = parse(
        PRIORITY_LIST + "Priority 1: Safer streets at night\n\n"
        "## Action plan\n\nLead\tOutcomes\nPolice\t<p>Fewer late-night assaults</p>\n\n"
        "## Action plan\n\nLead\tOutcomes\nHealth\t<p>Early help for families under strain</p> <p>More referrals to family hubs</p>\n"
    )
    priorities = {c.text: c.priority_id for c in result.commitments}
    assert priorities == {
        "Fewer late-night assaults": "doc:priority:1",
        "Early help for families under strain": "doc:priority:2",
        "More referrals to family hubs": "doc:priority:2",
    }


def test_a_table_running_over_pages_changes_priority_where_a_page_opens_with_a_title():
    from extract.document.blocks import BlockDocument, Cell, Heading, ListItem, Provenance, Row, Table

    def row(page: int, *cells: tuple[str, ...]) -> Row:
        return Row(tuple(Cell(lines) for lines in cells), Provenance(page=page, raw="\t".join(" ".join(c) for c in cells)))

    items = [ListItem(text=f"Priority {n}: {t}", marker="-", provenance=Provenance(page=1, raw=t))
             for n, t in ((1, "Safer streets at night"), (2, "Early help for families under strain"))]
    table = Table(
        rows=(row(2, ("Lead",), ("Outcomes",)), row(2, ("Police",), ("Fewer late-night assaults",)),
              row(3, ("Health",), ("Early help for families under strain", "More referrals to family hubs")),
              row(3, ("Schools",), ("Mentors in every secondary school",))),
        provenance=Provenance(page=2, page_end=3),
    )
    heading = Heading(text="Priority 1: Safer streets at night", level=2, provenance=Provenance(page=2))
    result = parse_document(BlockDocument("x.pdf", "pdf", [*items, heading, table], page_count=3), "doc")
    priorities = {c.text: c.priority_id for c in result.commitments}
    assert priorities == {
        "Fewer late-night assaults": "doc:priority:1",
        "Early help for families under strain": "doc:priority:2",
        "More referrals to family hubs": "doc:priority:2",
        "Mentors in every secondary school": "doc:priority:2",
    }
