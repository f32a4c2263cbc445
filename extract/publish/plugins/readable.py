"""Query results a person can read: a cell of several lines shown as lines, and an id a link to its row.

Canned queries give one entry per line in a cell (progress updates, links, observations), which an HTML
table cell runs together ("... done - Please note ..."): each line is shown on its own. An id column of a
query's result (``commitment_id``, ``target_id`` ...) links to that row's page, as a table page's foreign
keys already do; a document or a borough (``document_id``, ``borough_id``, and the label on their own tables)
to its page, which reads it as a page (pages.py). A true/false column shows yes or no, not 1 or 0. A record's ``evidence`` (the
verbatim source text, often the record's own text again) is folded on table and row pages to a short line a
reader opens to check it, so the rows are not twice as wide. The JSON API is unchanged.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils import tilde_encode
from markupsafe import Markup, escape

#: Result columns holding a row's id -> the table the row is in.
ID_COLUMNS = {
    "commitment_id": "commitments", "target_id": "targets", "priority_id": "priorities", "theme_id": "themes",
    "person_id": "people", "organisation_id": "organisations",
}


#: Result columns naming a document or a borough -> the pages that read them (extract/publish/plugins/pages.py).
PAGES = {"document_id": "documents", "borough_id": "boroughs"}
#: Table columns naming a document or borough on its table and row pages -> its page.
LABELS = {("documents", "label"): "documents", ("boroughs", "name"): "boroughs"}


@cache
def _yes_no_columns() -> dict[str, frozenset[str]]:
    """Each table's true/false columns (models: bool fields), which SQLite stores as 0 and 1."""
    from models import RECORD_TYPES

    return {model.table.name: frozenset(name for name, field in model.model_fields.items() if field.annotation is bool)
            for model in RECORD_TYPES}


#: Columns holding a record's own text, which its evidence often repeats.
TEXT_COLUMNS = ("text", "title", "indicator", "name")
#: Characters of the evidence shown folded (a table cell's usual width).
EVIDENCE_SHOWN = 48


def _squashed(text: str) -> str:
    return " ".join(text.split()).casefold()


def folded_evidence(value: str, own_text: str | None) -> Markup:
    """The evidence as a closed <details>: its start, or 'as the text' when the record's text is in it."""
    if own_text and _squashed(own_text) in _squashed(value):
        summary = "as the text" if _squashed(own_text) == _squashed(value) else "the text, as written"
    else:
        summary = value[:EVIDENCE_SHOWN].rstrip() + "…"
    lines = "<br>".join(str(escape(line)) for line in value.split("\n"))
    return Markup(f'<details class="evidence"><summary>{escape(summary)}</summary>{lines}</details>')


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if (table, column) in LABELS and isinstance(value, str) and "id" in row.keys():
        url = datasette.urls.path(f"/-/{LABELS[(table, column)]}/{quote(str(row['id']))}")
        return Markup(f'<a href="{escape(url)}" title="read it as a page">{escape(value)}</a>')
    if table is not None and column == "evidence" and isinstance(value, str) and len(value) > EVIDENCE_SHOWN:
        keys = row.keys() if hasattr(row, "keys") else ()
        own = next((row[name] for name in TEXT_COLUMNS if name in keys and isinstance(row[name], str)), None)
        return folded_evidence(value, own)
    if table is not None and column in _yes_no_columns().get(table, ()) and value in (0, 1):
        return "yes" if value else "no"
    if table is not None or not isinstance(value, str) or not value:
        return None  # a table's own page: Datasette links its foreign keys itself
    if column in PAGES:  # a document or a borough: its page (pages.py), which links to its row
        url = datasette.urls.path(f"/-/{PAGES[column]}/{quote(value)}")
        return Markup(f'<a href="{escape(url)}">{escape(value)}</a>')
    if column in ID_COLUMNS:
        url = datasette.urls.row(database, ID_COLUMNS[column], tilde_encode(value))
        return Markup(f'<a href="{escape(url)}">{escape(value)}</a>')
    if "\n" in value:
        return Markup("<br>".join(str(escape(line)) for line in value.split("\n")))
    return None
