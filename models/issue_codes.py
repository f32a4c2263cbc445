"""The catalogue of extraction issue codes: every ``extraction_issues.code`` the pipeline can write.

The column is public (other tools filter on it), so its values are a contract too: each code is
listed here with its severity and meaning, published as the ``issue_codes`` table (each issue
links to its code's row), and an issue whose code is not listed is refused when it is made
(``ExtractionIssue`` validates it), so that a new code cannot ship without its entry.
"""

from __future__ import annotations

from typing import NamedTuple


class IssueCodeEntry(NamedTuple):
    severity: str  # "error" or "warning"
    meaning: str


#: code -> (severity, meaning). Errors: a document or part of it could not be read. Warnings: something
#: was read that a person should check, or little was read.
ISSUE_CODES: dict[str, IssueCodeEntry] = {
    # the document could not be read at all (its row in documents has status failed)
    "read-error": IssueCodeEntry("error", "The file could not be read: missing, not the format the manifest says, "
                                 "encrypted without its password, or broken."),
    "internal-error": IssueCodeEntry("error", "The pipeline failed on this document (a bug: please report it); "
                                     "the other documents were read."),
    "limit": IssueCodeEntry("error", "The document went over one of its limits (time, memory) and was stopped."),
    "time-limit": IssueCodeEntry("error", "Reading the document took longer than its time limit and was stopped; "
                                 "raise time_limit for it in documents.yml."),
    "memory-limit": IssueCodeEntry("error", "Reading the document used more memory than its limit and was stopped; "
                                   "raise memory_limit for it in documents.yml."),
    "crashed": IssueCodeEntry("error", "The process reading the document died (a crash in a PDF library)."),
    # part of the document could not be read
    "page-limit": IssueCodeEntry("error", "Only the first pages were read (the page limit); the rest of the "
                                 "document was left out."),
    "page-unreadable": IssueCodeEntry("error", "One page could not be read; the other pages were (the document is "
                                      "incomplete)."),
    "content-too-large": IssueCodeEntry("error", "A page's content inflates to more than the reader's bound (a "
                                        "decompression bomb, or a damaged file): the page was not read; the others "
                                        "were (the document is incomplete)."),
    "parser-error": IssueCodeEntry("error", "One kind of record could not be read from the document (a bug: "
                                   "please report it); the other kinds were kept."),
    "encoding": IssueCodeEntry("warning", "The text file is not valid UTF-8; it was read as Windows-1252."),
    "no-text-layer": IssueCodeEntry("warning", "A page has no text layer (a scan): read with OCR, or not read "
                                    "without Tesseract."),
    "glyph-garbage": IssueCodeEntry("warning", "A page's font has no text encoding: its words came out as unmapped "
                                    "glyphs ((cid:NN)) and need OCR."),
    "hidden-text": IssueCodeEntry("warning", "A page draws text outside its clipping area (a collapsed or hidden "
                                  "row of an exported spreadsheet, or words cut off at a cell's edge): it was left "
                                  "out, as a viewer does not show it."),
    "pictures-not-read": IssueCodeEntry("warning", "Pictures beyond the per-document limit were not read for "
                                        "tables pasted as pictures."),
    # little was read
    "table-not-understood": IssueCodeEntry("warning", "A table that looks like a plan's gave no records: its "
                                           "header words are not ones the pipeline knows."),
    "no-commitments": IssueCodeEntry("warning", "No commitments were read from the document."),
    # read, to be checked
    "run-together-items": IssueCodeEntry("warning", "Numbered items run together on one line (an export that "
                                         "interleaved columns): their text is probably wrong."),
    "duplicate-number": IssueCodeEntry("warning", "Two commitments of one document carry the same number."),
    "numbering-gap": IssueCodeEntry("warning", "A commitment number is missing from a numbered sequence."),
    "arithmetic": IssueCodeEntry("warning", "A target's printed change does not match its figures."),
    "lead-not-read": IssueCodeEntry("warning", "A lead cell's text could not be read as people, posts or "
                                    "organisations."),
    "progress-period-unknown": IssueCodeEntry("warning", "A quarter column reports progress but the document's "
                                              "first year is not known, so the quarter cannot be dated."),
    "risk-kind-unknown": IssueCodeEntry("warning", "A line of a dependencies/risks cell has no D/R marker: "
                                        "whether it is a risk or a dependency is not known."),
    "unnamed-governance-body": IssueCodeEntry("warning", "A governance table row gives details but no name."),
    "cache-altered": IssueCodeEntry("warning", "The cached extraction of the document was changed after it was "
                                    "written (its content no longer matches its digest): it was not used; the "
                                    "document was read again and the cache rewritten."),
    "links-failed": IssueCodeEntry("error", "The links between the commitments of the document's borough could "
                                   "not all be made (out of memory under the build's bound, or a bug): the records "
                                   "are written; its links and candidates are incomplete."),
    "step-failed": IssueCodeEntry("error", "A cross-document step of the build (people, themes, links) failed: "
                                  "every document's records are written; what the step adds is incomplete."),
    # people's decisions on links (corpus/reviews.yml)
    "review-stale": IssueCodeEntry("warning", "A reviewed decision in corpus/reviews.yml names a commitment this "
                                   "build does not have (renumbered, reworded out, or its document left the "
                                   "corpus): it was not applied; review the pair again and correct the decision."),
}
