"""Inline markup of text exports (markdown emphasis and links, a little HTML) to plain lines.

PDF-to-text converters leave a mix of markdown (``**bold**``, ``[text](url)``) and
HTML (``<b>``, ``<i>``, ``<p>``, ``<br>``, ``<ul><li>``, ``<sup>``) in their output.
:func:`to_lines` turns one such fragment into the lines a reader of the PDF sees:
paragraphs and ``<br>`` start new lines, list items become lines starting with
'• ', footnote reference numbers are dropped, ordinal suffixes join their number.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..blocks import BULLET

_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*\)")
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_MD_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_LEADING_BULLETS = re.compile(r"^[\s•●▪■◦‣∙·\-–*]+(?=\S)")
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")
_SPACE_BEFORE_PUNCT = re.compile(r" +([.,;:!?)])")
_BLOCK_TAGS = {"p", "div", "ul", "ol", "br", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
_BOLD_TAGS = {"b", "strong"}


@dataclass(slots=True)
class MarkupLine:
    """One line of plain text, and whether all of its text is bold."""

    text: str
    bold: bool


@dataclass(slots=True)
class _Piece:
    text: str
    bold: bool


@dataclass(slots=True)
class _LineBuilder:
    pieces: list[_Piece] = field(default_factory=list)
    item: bool = False

    def line(self) -> MarkupLine | None:
        text = tidy("".join(piece.text for piece in self.pieces))
        if not text:
            return None
        bold = all(piece.bold for piece in self.pieces if piece.text.strip())
        if self.item:
            text = f"{BULLET} {_LEADING_BULLETS.sub('', text).strip()}"
        return MarkupLine(text, bold)


class _Lines(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[MarkupLine] = []
        self.current = _LineBuilder()
        self.bold = 0
        self.sup = False
        self.sup_text = ""

    def _break(self, item: bool = False) -> None:
        line = self.current.line()
        if line is not None:
            self.lines.append(line)
        self.current = _LineBuilder(item=item)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self._break(item=True)
        elif tag in _BLOCK_TAGS:
            self._break()
        elif tag in _BOLD_TAGS:
            self.bold += 1
        elif tag == "sup":
            self.sup, self.sup_text = True, ""

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("li", "p", "div", "tr") or tag.startswith("h") and tag[1:].isdigit():
            self._break()
        elif tag in _BOLD_TAGS:
            self.bold = max(0, self.bold - 1)
        elif tag == "sup":
            self.sup = False
            self._superscript(self.sup_text.strip())

    def _superscript(self, text: str) -> None:
        """Footnote marks are dropped; ordinal suffixes (3<sup>rd</sup>) join their number."""
        if not text or text.isdigit() or not text.isalpha():
            return
        if self.current.pieces:
            last = self.current.pieces[-1]
            last.text = last.text.rstrip()
        self.current.pieces.append(_Piece(text, self.bold > 0))

    def handle_data(self, data: str) -> None:
        if self.sup:
            self.sup_text += data
        else:
            self.current.pieces.append(_Piece(data, self.bold > 0))

    def close(self) -> None:
        super().close()
        self._break()


def markdown_to_html(text: str) -> str:
    """Markdown emphasis and links as HTML; stray ``**`` (an unclosed pair) dropped."""
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _MD_BOLD.sub(r"<b>\1</b>", text)
    text = text.replace("**", "")
    return _MD_ITALIC.sub(r"<i>\1</i>", text)


def tidy(text: str) -> str:
    """Collapse white space, and drop a space left before punctuation by a removed mark."""
    text = _SPACE.sub(" ", text).strip()
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)


def to_lines(fragment: str) -> list[MarkupLine]:
    """The plain lines of a fragment of mixed markdown and HTML."""
    parser = _Lines()
    source = markdown_to_html(fragment)
    # A literal '<' that starts no tag (e.g. "<5%") must reach the text, not the tag parser.
    source = re.sub(r"<(?![a-zA-Z/!])", "&lt;", source)
    parser.feed(source)
    parser.close()
    return parser.lines


def to_text(fragment: str) -> str:
    """The plain text of a fragment, its lines joined by spaces."""
    return " ".join(line.text for line in to_lines(fragment))


def unescape(text: str) -> str:
    return html.unescape(text)
