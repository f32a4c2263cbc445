"""Page furniture: text printed on many pages that is not content.

Running headers and footers, page numbers, watermarks ("DRAFT") and the web
address at the foot of each slide leak into text exports as ordinary lines.
They are recognised by what they are (a lone watermark word, a page number) or
by repetition (the same short line on several pages), never by their wording in
one particular document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .markup import to_text

#: Words that, alone on a line, are a watermark or protective marking.
WATERMARKS = frozenset(
    {
        "draft",
        "confidential",
        "official",
        "official sensitive",
        "official-sensitive",
        "not protectively marked",
        "restricted",
        "protect",
        "unclassified",
        "sample",
        "copy",
        "final draft",
    }
)
#: A short line repeated this often is a running header or footer.
RUNNING_MIN_REPEATS = 3
#: A line longer than this is content, however often it recurs.
RUNNING_MAX_LENGTH = 100

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$", re.I)
_BLANK_PAGE = re.compile(r"^this page (?:is |has been )?(?:intentionally|deliberately) (?:been )?(?:left )?blank\.?$", re.I)
_WEB_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_STRUCTURAL = re.compile(r"^\s*(?:#|[-*+•]\s|\d{1,2}[.)]\s|\|)")
_EMPHASIS = re.compile(r"^\s*(?:\*|_|<b>|<i>|<strong>|<em>)", re.I)


def _plain(line: str) -> str:
    return to_text(line).strip()


def _is_candidate(line: str) -> bool:
    """Lines that could be furniture: plain text lines, not tables, headings or list items."""
    if "\t" in line or _STRUCTURAL.match(line):
        return False
    return bool(line.strip())


def _address_only(line: str) -> str | None:
    """The web address when a line is nothing but one (plain or as a markdown link)."""
    match = re.fullmatch(r"\s*\[([^\]]+)\]\(([^)]+)\)\s*", line)
    text = match.group(1) if match else line.strip()
    return text if _WEB_ADDRESS.match(text) else None


def is_furniture_text(text: str) -> bool:
    """Furniture whatever its repetition: a watermark, a page number, a blank-page notice."""
    lowered = text.lower().strip(" .")
    return lowered in WATERMARKS or bool(_PAGE_NUMBER.match(text)) or bool(_BLANK_PAGE.match(text))


def furniture_lines(lines: Sequence[str]) -> set[int]:
    """Indexes (0-based) of the lines of a text export that are page furniture."""
    plain = {index: _plain(line) for index, line in enumerate(lines) if _is_candidate(line)}
    repeats = Counter(text for text in plain.values() if text)
    addresses = Counter(a for a in (_address_only(lines[i]) for i in plain) if a)
    found: set[int] = set()
    for index, text in plain.items():
        if not text:
            continue
        address = _address_only(lines[index])
        if is_furniture_text(text):
            found.add(index)
        elif address and addresses[address] >= 2:
            found.add(index)
        elif (
            repeats[text] >= RUNNING_MIN_REPEATS
            and not _EMPHASIS.match(lines[index])  # exporters write running heads as plain text
            and len(text) <= RUNNING_MAX_LENGTH
            and not text.endswith(":")  # a lead-in ("Success will be measured by:") is content
        ):
            found.add(index)
    return found
