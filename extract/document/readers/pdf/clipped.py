"""Text a PDF draws but clips out of sight: read as a viewer shows the page, not as the file stores it.

Spreadsheets exported to PDF (risk registers, action-plan trackers, budget tables) keep the text of a
collapsed or hidden row, and a long cell's words that run past the cell's edge, as text drawn under a
clipping path that hides it. pdfplumber (pdfminer) does not apply clipping paths, so that text comes out
interleaved with the cells it is drawn over ("Market Risks (over Sustainability" for a risk titled
"Market Sustainability" under a hidden banner row "Significant Risks (over £10m)"). PDFium keeps each
text object's clipping path: a character whose centre lies outside its object's clip is not on the page
as anyone sees it, and is left out.

Only the page's own text objects are looked at (not those inside form XObjects, whose coordinates are the
form's), and a clip is taken as the intersection of its paths' bounding boxes, which contains the true clip
region: so text is only ever dropped when it is certainly outside, never when it is merely near an edge.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as raw

#: A character's key, the same from PDFium and from pdfplumber: its text and its origin (PDF user space,
#: points, to a tenth: the two libraries read the same numbers from the content stream).
CharKey = tuple[str, float, float]
Box = tuple[float, float, float, float]  # left, bottom, right, top (PDF user space)


def char_key(char: dict) -> CharKey:
    """A pdfplumber character's key (its text, and its origin from its text matrix)."""
    return char["text"], round(char["matrix"][4], 1), round(char["matrix"][5], 1)


def clip_box(obj: raw.FPDF_PAGEOBJECT) -> Box | None:
    """The bounding box of a page object's clipping path (the intersection of its paths' boxes), or None."""
    clip = raw.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    box: Box | None = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for path in range(max(raw.FPDFClipPath_CountPaths(clip), 0)):
        xs, ys = [], []
        for index in range(max(raw.FPDFClipPath_CountPathSegments(clip, path), 0)):
            segment = raw.FPDFClipPath_GetPathSegment(clip, path, index)
            if segment and raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
                xs.append(x.value)
                ys.append(y.value)
        if xs:
            own = (min(xs), min(ys), max(xs), max(ys))
            box = own if box is None else (max(box[0], own[0]), max(box[1], own[1]),
                                           min(box[2], own[2]), min(box[3], own[3]))
    return box


def _inside(box: Box, x: float, y: float) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _partly_clipped(page: pdfium.PdfPage) -> Iterator[tuple[int, Box]]:
    """The page's text objects that reach outside their clip (address, clip box)."""
    for obj in page.get_objects(max_depth=1):
        if obj.type != raw.FPDF_PAGEOBJ_TEXT:
            continue
        box = clip_box(obj.raw)
        if box is None:
            continue
        left, bottom, right, top = obj.get_bounds()
        if not (box[0] <= left and right <= box[2] and box[1] <= bottom and top <= box[3]):
            yield ctypes.addressof(obj.raw.contents), box


def clipped_chars(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> frozenset[CharKey]:
    """The keys of the characters a page draws outside their clip: left out of the page's text. Asked by the
    triage (source.py), which has the page and its text loaded already."""
    clipped = dict(_partly_clipped(page))
    if not clipped:
        return frozenset()
    hidden = set()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    x, y = ctypes.c_double(), ctypes.c_double()
    for index in range(textpage.count_chars()):
        obj = raw.FPDFText_GetTextObject(textpage.raw, index)
        box = clipped.get(ctypes.addressof(obj.contents)) if obj else None
        if box is None or not raw.FPDFText_GetCharBox(
                textpage.raw, index, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top)):
            continue
        if _inside(box, (left.value + right.value) / 2, (bottom.value + top.value) / 2):
            continue
        raw.FPDFText_GetCharOrigin(textpage.raw, index, ctypes.byref(x), ctypes.byref(y))
        hidden.add((chr(raw.FPDFText_GetUnicode(textpage.raw, index)), round(x.value, 1), round(y.value, 1)))
    return frozenset(hidden)
