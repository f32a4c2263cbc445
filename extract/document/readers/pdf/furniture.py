"""Page furniture in PDFs: recognised by position and repetition across pages.

A line in the top or bottom margin band whose text (numbers aside) recurs on many
pages is a running header or footer; a lone page number or watermark word is
furniture wherever it stands. Watermarks drawn at an angle never become words
(only horizontal text is read).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..furniture import is_furniture_text
from .layout import WordLine

#: The top and bottom bands of a page (as a fraction of its height) where running heads stand.
MARGIN_BAND = 0.12
#: A margin line is furniture when it recurs on at least this share of the pages (and on two or more).
MIN_SHARE = 0.4


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def in_margin(line: WordLine, height: float) -> bool:
    return line.bottom <= height * MARGIN_BAND or line.top >= height * (1 - MARGIN_BAND)


def running_keys(pages: Sequence[tuple[Sequence[WordLine], float]]) -> set[str]:
    """Keys of margin lines that recur on enough pages to be running heads or feet."""
    seen: Counter[str] = Counter()
    for lines, height in pages:
        seen.update({_key(line.text) for line in lines if in_margin(line, height)})
    needed = max(2, MIN_SHARE * len(pages))
    return {key for key, count in seen.items() if count >= needed}


def is_furniture(line: WordLine, height: float, running: set[str]) -> bool:
    if is_furniture_text(line.text):
        return True
    return in_margin(line, height) and _key(line.text) in running
