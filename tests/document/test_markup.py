from extract.document.readers.markup import to_lines, to_text


def texts(fragment: str) -> list[str]:
    return [line.text for line in to_lines(fragment)]


def test_markdown_bold_links_and_stray_markers():
    assert to_text("**Priority 1:** Tackling ASB") == "Priority 1: Tackling ASB"
    assert to_text("- Priority 1:** Tackling") == "- Priority 1: Tackling"
    assert to_text("[www.example.gov.uk/x](http://www.example.gov.uk/x)") == "www.example.gov.uk/x"


def test_html_lists_become_bullet_lines():
    fragment = 'Lead in: <ul style="x"> <li>• First</li> <li>Second</li> </ul>'
    assert texts(fragment) == ["Lead in:", "• First", "• Second"]


def test_paragraph_tags_and_br_start_lines():
    assert texts("<p><b>Strong Leadership</b></p> <ul><li>Partners engaged</li></ul>") == [
        "Strong Leadership",
        "• Partners engaged",
    ]
    assert texts("one<br>two<br/>three") == ["one", "two", "three"]


def test_footnote_marks_dropped_and_ordinals_joined():
    assert to_text("by 'protected characteristics' <sup>12</sup> .") == "by 'protected characteristics'."
    assert to_text("especially the 3 <sup>rd</sup> party reporting centres") == (
        "especially the 3rd party reporting centres"
    )


def test_entities_and_bare_angle_brackets():
    assert to_text("Violence, Vulnerability &amp; Exploitation") == "Violence, Vulnerability & Exploitation"
    assert to_text("a rate <5% of cases") == "a rate <5% of cases"


def test_bold_is_reported_per_line():
    (line,) = to_lines("**How We Will Make This Happen**")
    assert line.bold
    (line,) = to_lines("**1.12** We will engage")
    assert not line.bold
