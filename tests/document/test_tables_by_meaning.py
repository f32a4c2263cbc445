"""Tables read by meaning: header words, combined headers, carried and inferred headers, status columns.

Each case is a layout feature many councils' plans share, written here as a small table, not
taken from one document.
"""

from __future__ import annotations

import pytest

from extract.document.blocks import BlockDocument, Cell, Provenance, Row, Table
from extract.document.parsers.columns import column_role, split_lead_date
from extract.document.parsers.dates import parse_date
from extract.document.parsers.headers import with_carried_headers
from extract.document.parsers.patterns import reference_number
from extract.document.parsers.progress import row_status


@pytest.mark.parametrize(("header", "role"), [
    ("What we will do this year", "commitment"), ("Key deliverables", "commitment"), ("Agreed actions", "commitment"),
    ("Lead(s)", "lead"), ("Action owner", "lead"), ("Led by", "lead"), ("Target date", "date"), ("Time frame", "date"),
    ("RAG", "status"), ("BRAG", "status"), ("Status", "status"), ("Progress update", "progress"),
    ("Baseline", "baseline"), ("Latest", "current"), ("Floor", "floor"), ("Previous", "previous"),
    ("Direction of travel", "travel"), ("Success measure", "measure"), ("Ref", "number"),
    ("Responsible Officer and Target Date", "lead+date"), ("Outcome code", None), ("At Risk", None),
    ("Current Likelihood", "risk_detail"), ("Source/Cause of Risk", "risk_detail"), ("Risk Title", "risk"),
])
def test_column_role_from_header_words(header: str, role: str | None) -> None:
    assert column_role(header) == role


def test_a_cell_holding_a_lead_and_a_date_is_split_where_the_date_begins() -> None:
    assert split_lead_date("Interim Director of Finance\nOctober 2025 and ongoing.") == (
        "Interim Director of Finance", "October 2025 and ongoing.")
    assert split_lead_date("All Directors On-going to March 2026") == ("All Directors", "On-going to March 2026")
    assert split_lead_date("Head of Housing") == ("Head of Housing", "")


@pytest.mark.parametrize(("text", "number"), [
    ("SR2 - 01", "SR2-01"), ("A3", "A3"), ("1.1.1", "1.1.1"), ("Ref 12", "12"), ("HIP-4", "HIP-4"), ("Toilet map", None),
])
def test_any_numbering_scheme_is_a_reference(text: str, number: str | None) -> None:
    assert reference_number(text) == number


def test_ongoing_with_a_date_keeps_the_date() -> None:
    assert (parse_date("On-going to March 2026").iso, parse_date("On-going to March 2026").ongoing) == ("2026-03", True)
    assert (parse_date("July 2025 and ongoing").iso, parse_date("July 2025 and ongoing").ongoing) == ("2025-07", True)


def test_status_words_are_stated_and_colours_are_not() -> None:
    assert row_status("Complete") == ("done", True)
    assert row_status("Closed") == ("done", True)
    assert row_status("On Track") == ("in_progress", True)
    assert row_status("Not started") == ("planned", True)
    assert row_status("Amber") == ("in_progress", False)
    assert row_status("Blue") == ("done", False)
    assert row_status("") == (None, False)


def _row(*texts: str) -> Row:
    return Row(tuple(Cell((text,)) if text else Cell() for text in texts), Provenance(page=1, raw="\t".join(texts)))


def test_a_headerless_table_takes_the_header_of_the_table_it_continues() -> None:
    headed = Table((_row("Ref", "Action", "Lead", "Status"), _row("1", "Review the plan", "Head of Safety", "Complete")),
                   Provenance(page=1))
    later = Table((_row("2", "Publish the plan", "Comms Team", "In progress"),), Provenance(page=3))
    document = with_carried_headers(BlockDocument("x.pdf", "pdf", [headed, later]))
    carried = document.blocks[1]
    assert carried.rows[0].texts == ("Ref", "Action", "Lead", "Status")
    assert carried.rows[0].provenance.raw == ""  # not printed there: no evidence of its own


def test_a_table_with_no_header_is_read_from_its_cells() -> None:
    table = Table((
        _row("1.A) Develop an access plan", "Project Officer", "Completed", "The plan was agreed by the board in May and published."),
        _row("1.B) Report on progress to the board", "Public Health Team", "In progress", "A first report went to the board in June this year."),
        _row("1.C) Set up a working group", "Parks Team", "Ongoing", "The group meets quarterly and has agreed its terms of reference."),
    ), Provenance(page=2))
    carried = with_carried_headers(BlockDocument("x.pdf", "pdf", [table])).blocks[0]
    assert carried.rows[0].texts == ("Action", "Lead", "Status", "Progress")


def test_a_table_of_figures_gets_no_inferred_header() -> None:
    table = Table((_row("CFE", "118.9", "125.3"), _row("Housing", "42.4", "62.7")), Provenance(page=2))
    assert with_carried_headers(BlockDocument("x.pdf", "pdf", [table])).blocks[0] is table


# -- indicators in sentences and KPI tables -------------------------------------------------

from extract.document.parsers import parse_document  # noqa: E402
from extract.document.parsers.target_sentences import read_sentence, read_text  # noqa: E402
from extract.document.readers.text import parse_text  # noqa: E402


@pytest.mark.parametrize(("sentence", "expected"), [
    ("SME performance is 75% against the target of 80%.", ("SME performance", 80.0, None, None, "percent")),
    ("Overall payment of invoices within 30 days is on target at 96%.",
     ("Overall payment of invoices within 30 days", 96.0, None, None, "percent")),
    ("Reduce the rate of re-offending from 28% (2022/23) to below 25% by 2028/29.",
     ("Rate of re-offending", None, None, 25.0, "percent")),
    ("The Collection target for Business Rates in 2025/26 is 95.75%.", ("Business Rates collection", 95.75, None, None, "percent")),
])
def test_an_indicator_stated_in_a_sentence(sentence: str, expected: tuple) -> None:
    found = read_sentence(sentence)
    assert found is not None
    assert (found.indicator, found.value, found.low, found.high, found.unit) == expected


def test_a_deadline_in_a_financial_year_is_its_end() -> None:
    found = read_sentence("Reduce the rate of re-offending from 28% to below 25% by 2028/29.")
    assert (found.direction, found.deadline) == ("reduce", "2029-03")
    assert ("From", "baseline", 28.0) == found.observations[0][:3]


@pytest.mark.parametrize("sentence", [
    "People aged 19 or under were over 55% more likely to feel very worried.",  # a statistic, no target
    "There were 1,234 incidents of ASB in 2024, up from 1,100.",
    "The table above shows 40 licences granted.",
])
def test_statistics_set_no_target(sentence: str) -> None:
    assert read_sentence(sentence) is None


@pytest.mark.parametrize(("text", "expected"), [
    # a reading against an earlier period, with no target in the sentence
    ("In Q3, 81% of all repairs were completed within 28 days, an improvement from Q2 (78%).",
     [("Repairs completed within 28 days", None, None, None)]),
    ("Household waste sent for reuse for Q1 has risen to 41.2%.", [("Household waste sent for reuse", None, None, None)]),
    ("However, the share of calls abandoned in 2024/25 is 9%, higher than the limit of 8%.",
     [("Share of calls abandoned", None, None, 8.0)]),
    # the target in the next sentence, which names no measure of its own
    ("By Q3, 412 new street trees have been planted. We remain on track to reach 600 by March 2027.",
     [("New street trees planted", 600.0, None, None)]),
    ("Data for Q1 shows 250 home safety checks have been completed. The service remains on track to meet "
     "the annual target of 1,200 home safety checks.", [("Home safety checks completed", 1200.0, None, None)]),
    # a running total is the measure
    ("40 homes were retrofitted in Q2, bringing the total to 310 homes retrofitted since 2023. The target is 500.",
     [("Homes retrofitted since 2023", 500.0, None, None)]),
    # a quantity raised to a share of another
    ("The strategy includes plans to increase unallocated reserves to 8% of net revenue expenditure.",
     [("Unallocated reserves as a percentage of net revenue expenditure", 8.0, None, None)]),
])
def test_a_progress_report_gives_readings(text: str, expected: list[tuple]) -> None:
    found = [(read.indicator, read.value, read.low, read.high) for read in read_text(text, reported=True)]
    assert found == expected


@pytest.mark.parametrize("text", [
    # a reading needs a reporting period: a study's before and after is not a performance indicator
    "In the 12 months after referral the proportion of repeat incidents dropped to 7%.",
    # sums of money reported with no target are a budget position
    "In Q2 the budget gap for 2026-27 has increased by £26.6m, to £49.9m compared to the March forecast.",
    # a share of a programme on track is a status, and counts with no comparison are statistics
    "At the end of Q2, 81% of the programme is on track.",
    "Over 3,200 enforcement actions were taken in total across Q1 and Q2.",
])
def test_a_progress_report_figure_that_is_no_reading(text: str) -> None:
    assert [read.indicator for read in read_text(text, reported=True)] == []


def test_outside_a_progress_report_a_reading_is_not_a_target() -> None:
    assert read_text("In Q3, 81% of all repairs were completed within 28 days, an improvement from Q2 (78%).") == []


def test_a_kpi_table_with_latest_target_floor_previous() -> None:
    text = (
        "KPI\tLatest\tTarget\tFloor\tPrevious\tRAG\n"
        "Percentage of plans reviewed in timescale\t96%\t95%\t90%\t94%\tGreen\n"
        "Average days to complete an assessment\t28\t21\t35\t30\tRed\n"
    )
    parsed = parse_document(parse_text(text), "doc")
    assert [(t.indicator, t.value, t.direction) for t in parsed.targets] == [
        ("Percentage of plans reviewed in timescale", 95.0, "increase"),  # the floor sits below the target
        ("Average days to complete an assessment", 21.0, "reduce"),  # the floor sits above it
    ]
    assert {(o.label, o.kind, o.value) for o in parsed.observations if o.target_id == "doc:target:1"} == {
        ("Latest", "current", 96.0), ("Floor", "value", 90.0), ("Previous", "previous", 94.0)}


# -- saying when little was read --------------------------------------------------------------


def test_a_table_whose_columns_are_not_understood_is_named_with_its_header() -> None:
    text = (
        "Our promise\tLed by\tWhen\n"
        "Residents will see faster repairs to their homes\tHousing Team\tMarch 2026\n"
        "Every school will have a named safety contact\tEducation Team\tJune 2026\n"
    )
    parsed = parse_document(parse_text(text), "doc")
    codes = {issue.code: issue.message for issue in parsed.issues}
    assert "Our promise | Led by | When" in codes["table-not-understood"]
    assert "no action, measure or progress column recognised" in codes["table-not-understood"]
    assert "no commitments were read" in codes["no-commitments"]


def test_a_table_that_was_read_is_not_reported() -> None:
    text = "Ref\tAction\tLead\tStatus\n1\tReview the referral pathway\tHead of Safety\tComplete\n2\tPublish the plan\tComms Team\tIn progress\n"
    parsed = parse_document(parse_text(text), "doc")
    assert not [issue for issue in parsed.issues if issue.code in ("table-not-understood", "no-commitments")]


def test_strict_fails_on_a_document_little_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from extract.cli import cli
    from tests import badfiles

    text = "Our promise\tLed by\tWhen\nResidents will see faster repairs to homes\tHousing Team\tMarch 2026\n" * 2
    corpus = badfiles.corpus_of(tmp_path / "corpus", {"plan": (text.encode(), "text", {})})
    base = ["build", "--corpus", str(corpus), "--db", str(tmp_path / "site.db"), "--no-cache", "--no-links"]
    result = CliRunner().invoke(cli, base)
    assert result.exit_code == 0, result.output
    assert "little read: line 1: columns 'Our promise | Led by | When'" in result.output  # a text export: by line
    assert CliRunner().invoke(cli, [*base, "--strict"]).exit_code == 1


@pytest.mark.parametrize(("text", "iso"), [
    ("2026/27", "2027-03"), ("Q3 2026/27", "2026-12"), ("Quarter 2 2025/26", "2025-09"), ("Q4 2025-26", "2026-03"),
    ("April 2026 onwards", "2026-04"), ("2013-2016", None),
])
def test_a_timescale_in_financial_years_is_the_end_of_its_period(text: str, iso: str | None) -> None:
    from extract.document.parsers.dates import parse_due

    found = parse_due(text)
    assert (found.iso if found else None) == iso


def test_pledges_in_prose_count_where_the_plan_numbers_none() -> None:
    text = (
        "## Our plan\n\n"
        "28. We will also be supporting community energy projects across the borough. Funding is in place.\n\n"
        "This year, we will open two new family hubs in the north of the borough.\n\n"
        "We will be asked to report back in March.\n\n"  # an instruction to the committee, not a pledge
    )
    parsed = parse_document(parse_text(text), "doc")
    assert [(c.kind, c.number, c.text) for c in parsed.commitments] == [
        ("commitment", None, "We will also be supporting community energy projects across the borough."),
        ("commitment", None, "This year, we will open two new family hubs in the north of the borough."),
    ]


def test_prose_pledges_give_way_to_numbered_commitments() -> None:
    text = "Outcome 1: Safer streets\n\n1.1 We will introduce the Community Trigger.\n\nWe will accomplish this by working with partners.\n"
    parsed = parse_document(parse_text(text), "doc")
    assert [c.number for c in parsed.commitments] == ["1.1"]


def test_page_titles_over_action_tables_are_the_sections_the_actions_sit_under() -> None:
    text = (
        "## Adult Social Care\n\nKey deliverables\tLead officer\tTimescale\n"
        "Review all care packages\tHead of Adult Services\t2026/27\n"
        "Open two extra care schemes\tHousing Team\tQ3 2026/27\n\n"
        "## How we will make this happen\n\nKey deliverables\tLead officer\tTimescale\n"
        "Publish the plan\tHead of Policy\tMarch 2027\n\n"
        "## Adult Social Care\n\nKey deliverables\tLead officer\tTimescale\n"
        "Recruit ten carers\tHead of Adult Services\tMarch 2027\n"
    )
    parsed = parse_document(parse_text(text), "doc")
    assert [(p.number, p.title) for p in parsed.priorities] == [(None, "Adult Social Care")]  # once, and no lead-in
    # a heading that names no section ("How we will ...") leaves the actions under the section they were in
    assert [(c.text, c.due) for c in parsed.commitments if c.priority_id == "doc:priority:1"] == [
        ("Review all care packages", "2027-03"), ("Open two extra care schemes", "2026-12"),
        ("Publish the plan", "2027-03"), ("Recruit ten carers", "2027-03"),
    ]


def test_an_unlisted_organisation_belongs_to_its_council_and_a_listed_one_is_shared() -> None:
    from extract.document.parsers.leads import LeadMention
    from extract.document.parsers.evidence import Source as _Source
    from extract.enrich.people import Resolver

    def mention(organisation: str, key: str | None = None) -> LeadMention:
        return LeadMention(document_id="d", role="lead officer", text=organisation, source=_Source(Provenance(page=1)),
                           organisation=organisation, organisation_key=key)

    with Resolver() as resolver:
        resolver.add("a-plan", [mention("Public Health"), mention("Metropolitan Police", "police:mps")], council="camden")
        resolver.add("b-plan", [mention("Public Health"), mention("MPS", "police:mps")], council="islington")
        _, organisations = resolver.resolve()
        ids = [organisation for _, organisation, _ in resolver.lead_ids()]
    assert ids[0] != ids[2]  # Camden's Public Health is not Islington's
    assert ids[1] == ids[3]  # the Metropolitan Police is one force
    assert sorted(o.name for o in organisations).count("Public Health") == 2


def test_evaluate_builds_a_corpus_folder_and_prints_the_bars(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import json as _json

    from click.testing import CliRunner

    from extract.cli import cli
    from tests import badfiles

    text = "Ref\tAction\tLead\tStatus\n1\tReview the referral pathway\tHead of Safety\tComplete\n"
    corpus = badfiles.corpus_of(tmp_path / "corpus", {"plan": (text.encode(), "text", {})})
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "plan.json").write_text(_json.dumps({"version": 2, "document_id": "plan", "commitments": [
        {"kind": "action", "number": "1", "text": "Review the referral pathway", "lead": "Head of Safety"}]}))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["evaluate", "--corpus", str(corpus), "--gold", str(gold), "--no-details"])
    assert result.exit_code == 0, result.output
    assert "plan                             commitments            1     1  1.000  1.000  1.000" in result.output
    assert "commitments        lead         1.000    1  >= 0.85 ok" in result.output
    missing = CliRunner().invoke(cli, ["evaluate", "--db", str(tmp_path / "none.db"), "--gold", str(gold)])
    assert missing.exit_code == 1 and "no database to score" in missing.output


def test_columns_no_row_fills_are_dropped_so_a_plans_tables_line_up() -> None:
    from extract.document.parsers.headers import without_empty_columns

    table = Table((_row("Action", "Action", "Lead", "Status"), _row("Review the plan", "", "Head of Safety", "Complete"),
                   _row("Publish the plan", "", "Comms Team", "In progress")), Provenance(page=1))
    compact = without_empty_columns(table)
    assert [row.texts for row in compact.rows] == [
        ("Action", "Lead", "Status"), ("Review the plan", "Head of Safety", "Complete"), ("Publish the plan", "Comms Team", "In progress")]
    assert compact.rows[1].provenance.raw == table.rows[1].provenance.raw  # the evidence stays as printed


def test_a_section_banner_in_a_sliver_column_neither_keeps_the_sliver_nor_is_lost() -> None:
    """A plan's table continued on a later page, its grid drawn with slivers: a shaded section banner, wrapped
    over three grid rows, sits in a sliver column no action row fills. The sliver goes, so the table lines up
    with the header printed on the page before; the banner moves into the first column as one row."""
    from extract.document.parsers.progress import table_sections

    headed = Table((_row("Action", "Lead", "Status", "Comments"),
                    _row("1.A) Develop an access plan", "Project Officer", "Completed", "Agreed by the board in May.")),
                   Provenance(page=5))
    shaded = [Cell(("2. Existing",), bold=True, fill="blue")] + [Cell(fill="blue")] * 5
    later = Table((
        Row((Cell(fill="blue"), *shaded), Provenance(page=6)),
        Row((Cell(), Cell(("Council provision:",), bold=True, fill="blue"), *[Cell()] * 4), Provenance(page=6)),
        _row("2.A) Ensure access to toilets in council offices", "", "", "Leisure Centres", "Ongoing",
             "Responsible for monitoring the cleaning."),
        _row("2.B) Consider cleaning library toilets more often", "", "", "Libraries", "Completed",
             "Toilets deep cleaned; monitoring is in place."),
    ), Provenance(page=6))
    document = with_carried_headers(BlockDocument("x.pdf", "pdf", [headed, later]))
    carried = document.blocks[1]
    assert [row.texts for row in carried.rows] == [
        ("Action", "Lead", "Status", "Comments"),
        ("2. Existing Council provision:", "", "", ""),
        ("2.A) Ensure access to toilets in council offices", "Leisure Centres", "Ongoing",
         "Responsible for monitoring the cleaning."),
        ("2.B) Consider cleaning library toilets more often", "Libraries", "Completed",
         "Toilets deep cleaned; monitoring is in place."),
    ]
    banner = carried.rows[1].cells[0]
    assert banner.bold and banner.fill == "blue"  # still the banner it was
    ((header, roles, rows),) = table_sections(carried)  # the banner does not end the header's section
    assert [row.texts[0][:4] for row in rows] == ["2. E", "2.A)", "2.B)"]


def _rag_pdf(path, key: bool):  # type: ignore[no-untyped-def]
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as T

    from tests.pdfs import BODY, CELL

    rows = [["Ref", "Action", "Progress update", "Status"],
            ["1", P("Open the new family hub", CELL), P("The hub opened to families in May.", CELL), ""],
            ["2", P("Recruit ten foster carers", CELL), P("Six carers have been recruited so far.", CELL), ""]]
    style = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85)),  # a grey header: no status
                        ("BACKGROUND", (3, 1), (3, 1), colors.Color(0.0, 0.44, 0.75)),
                        ("BACKGROUND", (3, 2), (3, 2), colors.Color(1.0, 0.75, 0.0))])
    story = [T(rows, colWidths=[30, 150, 220, 60], style=style)]
    if key:
        story.insert(0, P("Key: Blue = Complete, Green = On track, Amber = Delayed, Red = At risk", BODY))
    SimpleDocTemplate(str(path)).build(story)
    return path


@pytest.mark.parametrize("key", [True, False])
def test_a_status_shown_only_as_a_cells_colour(tmp_path, key: bool) -> None:  # type: ignore[no-untyped-def]
    from extract.document.readers.pdf import read_pdf

    document = read_pdf(_rag_pdf(tmp_path / "rag.pdf", key))
    table = next(block for block in document.blocks if isinstance(block, Table))
    assert [row.cells[-1].fill for row in table.rows] == [None, "blue", "amber"]
    parsed = parse_document(document, "doc")
    # with the document's key, the colour is the status (amber = delayed); without one, a colour rates
    # confidence as a RAG word does, and the update's own words ("have been recruited") decide
    assert [(u.commitment_id, u.status) for u in parsed.progress] == [
        ("doc:1", "done"), ("doc:2", "in_progress" if key else "done")]


def test_an_actions_success_measure_is_kept_with_it() -> None:
    text = (
        "Key deliverables\tLead officer\tTimescale\tSuccess measure\n"
        "Review all care packages\tHead of Adult Services\t2026/27\tEvery package reviewed within a year\n"
        "Cut waiting times\tHead of Adult Services\t2026/27\tA reduction in waiting times to 20 days\n"
    )
    parsed = parse_document(parse_text(text), "doc")
    assert [c.measure for c in parsed.commitments] == [
        "Every package reviewed within a year", "A reduction in waiting times to 20 days"]
    # a measure is a target too only when it states a direction or a figure
    assert [(t.indicator, t.direction, t.value) for t in parsed.targets] == [
        ("A reduction in waiting times to 20 days", "reduce", 20.0)]


def test_a_row_cut_by_a_page_break_and_a_table_between_is_mended() -> None:
    header = _row("Ref", "Action", "Progress update", "Status")
    plan = Table((header, _row("7", "Control spending in every service", "Controls are in place and", "In progress"),
                  _row("8", "Review the reserves", "A review was completed in May", "Complete")), Provenance(page=1))
    figures = Table((_row("Saving", "£"), _row("Placements", "1.5m")), Provenance(page=2))
    rest = Table((_row("", "", "reviewed each month by the board", ""),), Provenance(page=2))
    blocks = with_carried_headers(BlockDocument("x.pdf", "pdf", [plan, figures, rest])).blocks
    assert len(blocks) == 2  # the cut row's rest went back to its row
    assert blocks[0].rows[-1].cells[2].lines == ("A review was completed in May reviewed each month by the board",)


def test_a_header_does_not_carry_over_to_a_table_of_figures() -> None:
    plan = Table((_row("Ref", "Action", "Lead", "Status"), _row("1", "Review the plan", "Head of Safety", "Complete")),
                 Provenance(page=1))
    budget = Table((_row("CFE", "118.9", "125.3", "6.4"), _row("Housing", "42.4", "62.7", "20.3"),
                    _row("Total", "161.3", "188.0", "26.7")), Provenance(page=2))
    assert with_carried_headers(BlockDocument("x.pdf", "pdf", [plan, budget])).blocks[1] is budget


# -- priorities announced in prose ---------------------------------------------------------


def _priorities_of(text: str) -> list[tuple[str | None, str]]:
    from extract.document.parsers.priorities import parse_priorities  # noqa: PLC0415

    outline = parse_priorities(parse_text(text, "plan.txt"), "plan")
    return [(priority.number, priority.title) for priority in outline.priorities]


@pytest.mark.parametrize("lead_in", [
    "After consulting residents, we have agreed our priorities for the next three years, which are:",
    "Our priorities for 2024-27 are:",
    "The partnership has set four priorities:",
])
def test_priorities_announced_in_prose_and_listed(lead_in: str) -> None:
    text = f"{lead_in}\n\n- Cut knife crime among young people\n- Support victims of domestic abuse\n\nMore text follows here.\n"
    assert _priorities_of(text) == [(None, "Cut knife crime among young people"), (None, "Support victims of domestic abuse")]


@pytest.mark.parametrize("lead_in", [
    "The Strategic Assessment suggested the following priorities:",  # another body's
    "Underpinning this vision are five priorities, which are:",  # another plan's
    "Key indicators relating to the priorities of this Plan include:",  # a list of something else
])
def test_a_list_that_is_not_the_documents_priorities(lead_in: str) -> None:
    text = f"{lead_in}\n\n- Cut knife crime among young people\n- Support victims of domestic abuse\n"
    assert _priorities_of(text) == []
