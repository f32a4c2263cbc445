"""Dates as councils write them: "30.3.2014", "31/07/2013", "Feb-14", "by March 2016", "on going".

Parsing is done by dateparser (UK day-first order, English only, no network); this
module only decides *what* to hand it and how precise the answer is:

- :func:`parse_date` reads a cell or phrase that is a date. It accepts the shapes a
  date is written in (day-month-year, month-year, a year) and nothing else, because
  dateparser on its own reads almost anything ("1.6" as 1 June this year, "2013/14"
  as 14 November 2013). Spreadsheet month-year forms ("Feb-14") are rewritten to
  "Feb 2014" first: read as they stand they would be 14 February.
- :func:`find_date` finds the first date expression in a sentence. A bare year only
  counts after a word that makes it a time ("in", "by", "since", "early" ...), so that
  "the 2014 ASB legislation" and a "2022-2027" strategy period are not taken for events.

Precision follows what was written: a month and year give month precision (2014-02),
never a made-up first day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Literal

from dateparser.date import DateDataParser

from .patterns import squash

Precision = Literal["day", "month", "year"]

#: dateparser settings: UK day-first dates, a missing day is the 1st, naive datetimes; only the
#: absolute-date parser (no relative dates, no Unix timestamps: "24590" is a count, not a time).
SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PARSERS": ["absolute-time"],
}
LANGUAGES = ["en"]

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"

#: The shapes a whole cell may have to be a date (after qualifiers are stripped).
_SHAPES = {
    "numeric": re.compile(r"\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*(?:\d{4}|\d{2})"),
    "iso": re.compile(rf"{_YEAR}-\d{{2}}-\d{{2}}"),
    "day_month_year": re.compile(rf"{_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+(?:{_YEAR}|\d{{2}})", re.I),
    "month_day_year": re.compile(rf"{_MONTH}\s+{_ORDINAL},?\s+{_YEAR}", re.I),
    "month_year": re.compile(rf"{_MONTH},?\s+{_YEAR}", re.I),
    "year": re.compile(_YEAR),
}

#: Spreadsheet month-year: "Feb-14", "Sep-13", "Mar '14" -> "Feb 2014".
_MONTH_SHORT_YEAR = re.compile(rf"^(?P<month>{_MONTH})\s*[-'’]\s*(?P<year>\d{{2}})$", re.I)

#: "on going", "ongoing", "On-going", "Ongoing." (optionally followed by more words).
_ONGOING = re.compile(r"^on[\s-]*going\b", re.I)
#: A date then "and ongoing": "October 2025 and ongoing".
_AND_ONGOING = re.compile(r"\s*(?:and|&|then)\s+on[\s-]*going\b\.?$", re.I)

#: Words before a date that say when within or relative to it; stripped before parsing.
_SEASONS = r"spring|summer|autumn|winter"
_QUALIFIER = (
    r"(?:(?:in|by|from|until|till|since|before|after|during|throughout|no later than|on)\s+)?"
    r"(?:the\s+)?(?:(?:early|late|mid|end|start|beginning|middle|"
    rf"{_SEASONS})(?:\s+of)?[\s-]+)?"
)
_LEADING = re.compile(rf"^{_QUALIFIER}", re.I)

#: A date expression inside a sentence. A bare year needs a cue word before it and must not
#: open a period ("2022-2027", "2013/14") or a decade ("2010s").
_CUE = (
    r"(?:\b(?:in|by|from|until|till|since|before|after|during|throughout|no later than)\s+"
    r"(?:the\s+)?(?:(?:early|late|mid|end|start|beginning|middle|"
    rf"{_SEASONS})(?:\s+of)?[\s-]+)?"
    rf"|\b(?:the\s+)?(?:early|late|mid|end of|start of|beginning of|{_SEASONS})[\s-]+)"
)
_NOT_PERIOD = r"(?!\s*[-–—/]\s*\d{2,4})(?![\d%])(?!s\b)(?![.,]\d)"
_IN_TEXT = re.compile(
    rf"(?:{_CUE})?(?:"
    rf"\b{_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"
    rf"|\b{_MONTH}\s+{_ORDINAL},?\s+{_YEAR}\b"
    r"|(?<![\d.])\b\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})\b(?![./]?\d)"
    rf"|\b{_MONTH},?\s+{_YEAR}\b{_NOT_PERIOD}"
    rf"|\b{_MONTH}-\d{{2}}\b(?![-/]\d)"
    r")"
    rf"|{_CUE}{_YEAR}\b{_NOT_PERIOD}",
    re.I,
)
#: A date or period inside a short label ("Target 2016", "Baseline 2012/13", "Q1 2014", "Mar-14").
_IN_LABEL = re.compile(
    rf"(?:\b(?:q[1-4]|qtr\s*[1-4]|quarter\s*[1-4])\s*)?"
    rf"(?:\b{_ORDINAL}\s+{_MONTH},?\s+{_YEAR}|\b{_MONTH},?\s+{_YEAR}|\b{_MONTH}-\d{{2}}"
    rf"|\b\d{{1,2}}[./]\d{{1,2}}[./](?:\d{{4}}|\d{{2}})|\b{_YEAR}(?:\s*[-/–]\s*(?:{_YEAR}|\d{{2}}))?)\b"
    r"|\b(?:q[1-4]|qtr\s*[1-4]|quarter\s*[1-4])\b",
    re.I,
)


@dataclass(frozen=True)
class ParsedDate:
    """A date as read: ISO 8601 to its precision, the text as written, and whether it is 'ongoing'."""

    iso: str | None
    precision: Precision | None
    text: str
    ongoing: bool = False


@lru_cache(maxsize=1)
def _parser() -> DateDataParser:
    """One parser for the whole run: building it loads dateparser's language data."""
    return DateDataParser(languages=LANGUAGES, settings=SETTINGS)


def parse_date(text: str | None) -> ParsedDate | None:
    """A cell or phrase that is a date ("30.3.2014", "Feb-14", "by March 2016", "on going"), else None."""
    if text is None:
        return None
    written = squash(text)
    if not written:
        return None
    if _ONGOING.match(written) or _AND_ONGOING.search(written):
        # "On-going to March 2026", "October 2025 and ongoing": ongoing, with the date it gives if any
        rest = _AND_ONGOING.sub("", _ONGOING.sub("", written)).strip(" .,;:-–")
        rest = re.sub(r"^(?:to|until|till|through)\s+", "", rest, flags=re.I)
        found = _parse_normal(_bare_date(rest)) if rest else None
        iso, precision = found if found is not None else (None, None)
        return ParsedDate(iso, precision, written, ongoing=True)
    parsed = _parse_normal(_bare_date(_ONWARDS.sub("", written)))
    if parsed is None:
        return None
    return ParsedDate(*parsed, written)


#: A UK financial year ("2026/27", "2026-27", "FY 2026/27"), perhaps after a quarter ("Q3 2026/27",
#: "Quarter 2 2025/26"): the year runs April to March.
_FINANCIAL = re.compile(
    r"^(?:by\s+|end\s+of\s+)?(?:(?:q|qtr|quarter)\s*(?P<quarter>[1-4])\s*,?\s*)?(?:fy\s*)?"
    r"(?P<start>(?:19|20)\d\d)\s*[/-]\s*(?P<end>\d\d|(?:19|20)\d\d)$",
    re.I,
)
_ONWARDS = re.compile(r"\s+(?:onwards?|and beyond)\.?$", re.I)


def parse_due(text: str | None) -> ParsedDate | None:
    """A timescale cell: a date as :func:`parse_date` reads it, or a financial year or quarter, which as a
    deadline means its end ("2026/27" -> 2027-03, "Q3 2026/27" -> 2026-12). (As a column label,
    "2013/14" is a period, not a date: :func:`parse_date` leaves it alone.)"""
    found = parse_date(text)
    if found is not None or not text:
        return found
    written = squash(text)
    financial = _financial(written)
    return ParsedDate(financial, "month", written) if financial else None


def _financial(text: str) -> str | None:
    """The last month of a financial year or of its quarter ("Q3 2026/27" -> 2026-12), as ISO year-month."""
    match = _FINANCIAL.match(text.strip(" .;"))
    if match is None:
        return None
    start, end = int(match.group("start")), int(match.group("end")[-2:])
    if (start + 1) % 100 != end:
        return None  # "2013-2016" is a span of years, not one financial year
    quarter = int(match.group("quarter") or 4)
    year, month = (start, 3 + 3 * quarter) if quarter < 4 else (start + 1, 3)
    return f"{year:04d}-{month:02d}"


def find_date(text: str | None) -> ParsedDate | None:
    """The first date expression in a sentence ("launched 27/10/2022", "by February 2016"), else None.

    ``text`` of the result is the expression as written, with its cue word ("by 2016").
    """
    if not text:
        return None
    for match in _IN_TEXT.finditer(text):
        found = parse_date(match.group(0))
        if found is not None and found.iso is not None:
            return found
    return None


def split_date(label: str) -> tuple[str, ParsedDate | None]:
    """A short label without its date or period, and that date: "Target 2016" -> ("Target", 2016).

    A period that is not one date ("2012/13", "Q1") is removed but gives no date.
    """
    match = _IN_LABEL.search(label)
    if not match:
        return label, None
    rest = (label[: match.start()] + " " + label[match.end() :]).strip(" :-–()")
    return squash(rest), parse_date(match.group(0))


def _bare_date(text: str) -> str:
    """The bare date: qualifiers ("by", "early", "end of") and trailing punctuation removed."""
    text = _LEADING.sub("", text).strip(" .,;:()")
    short = _MONTH_SHORT_YEAR.match(text)
    if short:
        text = f"{short.group('month').rstrip('.')} 20{short.group('year')}"
    return text


@lru_cache(maxsize=4096)
def _parse_normal(text: str) -> tuple[str, Precision] | None:
    """ISO date and precision of a bare date in one of the accepted shapes."""
    shape = next((name for name, pattern in _SHAPES.items() if pattern.fullmatch(text)), None)
    if shape is None:
        return None
    if shape == "iso":
        text = "-".join(reversed(text.split("-")))  # day-first, as the parser is set to read
    data = _parser().get_date_data(text)
    value: datetime | None = data.date_obj
    if value is None:
        return None
    if shape == "year":
        return f"{value.year:04d}", "year"
    if shape == "month_year":
        return f"{value.year:04d}-{value.month:02d}", "month"
    return value.date().isoformat(), "day"
