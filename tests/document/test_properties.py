"""Property tests: arbitrary text never breaks the reader or the parsers."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.document.parsers import parse_document
from extract.document.readers.text import parse_text

#: Pieces of the text-export syntax, so that generated input exercises every branch.
PIECES = st.sampled_from(
    list("ab1.2 \t\n|-*#<>/&;:•")
    + ["<b>", "</b>", "<li>", "<ul>", "</ul>", "<sup>", "</sup>", "<br>", "<p>", "**", "&amp;", "---\n",
       "Priority ", "Outcome ", "One ", "1.1 ", "1.2 ", "We will ", "\t\t", "AREA\tDELIVERY\n", "3a. ", "DRAFT\n"]
)
TEXTS = st.lists(PIECES, max_size=80).map("".join) | st.text(max_size=300)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_reads_and_parses_with_provenance_inside_the_input(text: str):
    document = parse_text(text)
    line_count = len(text.splitlines())
    for block in document.blocks:
        where = block.provenance
        assert 1 <= where.line_start <= where.line_end <= line_count
    parsed = parse_document(document, "doc")
    ids = [record.id for record in (*parsed.priorities, *parsed.commitments, *parsed.issues)]
    assert len(ids) == len(set(ids))
    for commitment in parsed.commitments:
        assert commitment.text.strip() and commitment.evidence
