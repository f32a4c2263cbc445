"""Dates as councils write them, read by dateparser to the precision written."""

import time

import pytest

from extract.document.parsers.dates import ParsedDate, find_date, parse_date, split_date


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("30.3.2014", "2014-03-30", "day"),
        ("19.7.2013", "2013-07-19", "day"),
        ("31/07/2013", "2013-07-31", "day"),
        ("27/10/2022", "2022-10-27", "day"),
        ("25th September 2014", "2014-09-25", "day"),
        ("Feb-14", "2014-02", "month"),
        ("Sep-13", "2013-09", "month"),
        ("Mar-14", "2014-03", "month"),
        ("March 2016", "2016-03", "month"),
        ("by March 2016", "2016-03", "month"),
        ("end of June 2015.", "2015-06", "month"),
        ("2016", "2016", "year"),
        ("early 2023", "2023", "year"),
    ],
)
def test_a_date_cell_is_read_to_the_precision_written(text: str, iso: str, precision: str) -> None:
    assert parse_date(text) == ParsedDate(iso, precision, text, ongoing=False)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["on going", "ongoing", "On going", "On-going"])
def test_ongoing_has_no_date(text: str) -> None:
    assert parse_date(text) == ParsedDate(None, None, text, ongoing=True)


@pytest.mark.parametrize(
    "text", [None, "", "Not available", "72 repeat cases", "2013/14", "1.6", "24590", "31.02.2014", "TBC", "Qtr 1"]
)
def test_what_is_not_a_date_is_none(text: str | None) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("sentence", "iso", "written"),
    [
        ("Introduced in October 2014", "2014-10", "in October 2014"),
        ("Community Safety Hubs launched 27/10/2022", "2022-10-27", "27/10/2022"),
        ("To be completed by February 2016 as part of the annual review", "2016-02", "by February 2016"),
        ("Being developed – promotion will start April 2016, after the launch", "2016-04", "April 2016"),
        ("The new duty commences in early 2023", "2023", "in early 2023"),
        ("Fewer fires by between 14% and 26% by 2016.", "2016", "by 2016"),
        ("Reviewed at the Sep-13 meeting", "2013-09", "Sep-13"),
    ],
)
def test_the_first_date_in_a_sentence(sentence: str, iso: str, written: str) -> None:
    found = find_date(sentence)
    assert found is not None and (found.iso, found.text) == (iso, written)


@pytest.mark.parametrize(
    "sentence",
    [
        "Training delivered to over 300 officers",
        "The plan sets 32 objectives",
        "There were 155,841 hate crimes recorded",
        "We will implement the new 2014 ASB legislation",
        "The Community Safety Strategy 2022-2027 sets out",
        "In 2013/14 a reduction in offending",
        "See section 1.16 of this report",
        "Promotion will start in April",
    ],
)
def test_numbers_that_are_not_event_dates_are_not_found(sentence: str) -> None:
    assert find_date(sentence) is None


def test_a_column_label_splits_into_its_words_and_its_date() -> None:
    rest, dated = split_date("Target March 2017")
    assert rest == "Target" and dated is not None and dated.iso == "2017-03"
    assert split_date("Baseline 2012/13") == ("Baseline", None)
    assert split_date("Notes") == ("Notes", None)


def test_finding_dates_is_fast() -> None:
    """A build calls find_date on a few thousand short texts: it must stay well under 2 ms a call."""
    find_date("warm up on 1.1.2014")
    texts = [f"Action {n} reviewed by {n % 28 + 1}.{n % 12 + 1}.20{10 + n % 20}" for n in range(100)]
    texts += [f"Delivered {n} events for over {n * 3} residents" for n in range(900)]
    start = time.perf_counter()
    for text in texts:
        find_date(text)
    assert (time.perf_counter() - start) / len(texts) < 0.002
