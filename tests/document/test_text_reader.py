from extract.document.blocks import Heading, ListItem, Paragraph, Table
from extract.document.readers.furniture import furniture_lines
from extract.document.readers.text import decode, parse_text


def blocks(text: str):
    return parse_text(text).blocks


def test_headings_paragraphs_and_lists_with_line_provenance():
    doc = blocks("# Title\n\nSome text\nthat continues.  \nA hard break.\n\n- one\n• two\n1. three\n")
    heading, paragraph, *items = doc
    assert isinstance(heading, Heading) and heading.level == 1 and heading.text == "Title"
    assert isinstance(paragraph, Paragraph)
    assert paragraph.lines == ("Some text", "that continues.", "A hard break.")
    assert (paragraph.provenance.line_start, paragraph.provenance.line_end) == (3, 5)
    assert [(i.marker, i.text) for i in items] == [("•", "one"), ("•", "two"), ("1.", "three")]
    assert all(isinstance(i, ListItem) for i in items)


def test_single_bold_line_is_a_heading():
    (block,) = blocks("**Outcome 6: Sustained reductions in burglary**\n")
    assert isinstance(block, Heading) and block.text.startswith("Outcome 6")


def test_tab_rows_make_a_table_with_multiline_cells():
    (table,) = blocks("No\tText\n1.1\tIntro: <ul><li>a</li><li>b</li></ul>\n")
    assert isinstance(table, Table)
    assert table.rows[1].cells[1].lines == ("Intro:", "• a", "• b")
    assert table.provenance.line_start == 1 and table.provenance.line_end == 2


def test_table_continues_across_blank_lines_page_rule_and_footnote():
    text = (
        "6.1\tFirst commitment.\n"
        "6.2\tWe will seek to work towards devising\n"
        "\n---\n\n<sup>15</sup> A footnote at the foot of the page\n\n"
        "\ta sustainable burglary solution.\n"
        "6.3\tThird.\n"
    )
    table, footnote = blocks(text)
    assert [row.texts for row in table.rows] == [
        ("6.1", "First commitment."),
        ("6.2", "We will seek to work towards devising a sustainable burglary solution."),
        ("6.3", "Third."),
    ]
    assert isinstance(footnote, Paragraph) and footnote.footnote


def test_row_cut_without_a_gap_is_mended_only_mid_sentence():
    text = "1.6\tthe right to request a\tdone\n\treview of their case.\t\n\tDecision Required:\tyes\n"
    (table,) = blocks(text)
    assert table.rows[0].cells[1].text == "the right to request a review of their case."
    assert table.rows[1].texts == ("", "Decision Required:", "yes")


def test_a_heading_ends_a_table_and_a_narrower_table_starts_anew():
    doc = blocks("1\tA\n2\tB\n\n| <ul><li>x</li></ul> |\n\n## Next\n3\tC\n")
    assert [type(b).__name__ for b in doc] == ["Table", "Table", "Heading", "Table"]
    assert doc[1].rows[0].cells[0].lines == ("• x",)


def test_repeated_header_row_dropped_after_a_page_break():
    text = "Action\tLead\nA1\tX\n\n---\n\nAction\tLead\nA2\tY\n"
    (table,) = blocks(text)
    assert [row.texts[0] for row in table.rows] == ["Action", "A1", "A2"]


def test_furniture_recognised_by_kind_and_by_repetition():
    lines = [
        "RUNNING HEAD", "Body one.", "DRAFT", "RUNNING HEAD", "Body two.", "12",
        "RUNNING HEAD", "[www.council.gov.uk/x](http://www.council.gov.uk/x)",
        "Success will be measured by:", "Success will be measured by:", "Success will be measured by:",
        "**A Repeated Bold Heading**", "**A Repeated Bold Heading**", "**A Repeated Bold Heading**",
        "[www.council.gov.uk/x](http://www.council.gov.uk/x)", "This page is intentionally left blank",
    ]
    found = furniture_lines(lines)
    assert {lines[i] for i in found} == {
        "RUNNING HEAD", "DRAFT", "12", "[www.council.gov.uk/x](http://www.council.gov.uk/x)",
        "This page is intentionally left blank",
    }
    doc = blocks("\n\n".join(lines))
    assert all("RUNNING HEAD" not in " ".join(b.lines) for b in doc)


def test_decode_falls_back_to_cp1252_with_a_warning():
    text, issues = decode("Caf\u00e9 \u2013 plan".encode("cp1252"), "x.txt")
    assert text == "Caf\u00e9 \u2013 plan" and issues[0].code == "encoding"
    text, issues = decode("\ufeffPlan".encode("utf-8"), "x.txt")
    assert text == "Plan" and not issues
