"""Sources one click away: the site serves the corpus files, and every record's page (or line) links to
the document it was read from, at that page.

``strategy-extract serve`` mounts the corpus folder at ``/corpus/`` (Datasette's ``--static``). In table
and row pages, a record's ``page`` is a link to its document's file at that page (``#page=N``, which PDF
viewers open at), its ``line`` a link to the text export; ``documents.source_file`` links to the file and
``source_url`` to the original where it is known. The JSON API is unchanged: links are HTML only.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from markupsafe import Markup, escape

#: Where the corpus folder is served (``serve --static corpus:DIR``).
MOUNT = "corpus"
_FILES = "_strategy_extract_source_files"


async def _source_files(datasette: Any, database: str) -> dict[str, str]:
    """Document id -> its source file, read once per database and kept on the Datasette instance."""
    cache: dict[str, dict[str, str]] = getattr(datasette, _FILES, None) or {}
    if database not in cache:
        db = datasette.get_database(database)
        result = await db.execute("select id, source_file from documents")
        cache[database] = {row["id"]: row["source_file"] for row in result.rows}
        setattr(datasette, _FILES, cache)
    return cache[database]


def _file_url(datasette: Any, file: str) -> str:
    return datasette.urls.path(f"/{MOUNT}/{quote(file)}")


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if value in (None, ""):
        return None
    if table == "documents" and column == "source_file":
        return Markup(f'<a href="{escape(_file_url(datasette, str(value)))}">{escape(value)}</a>')
    if column == "source_url" and str(value).startswith(("https://", "http://")):
        return Markup(f'<a href="{escape(value)}" rel="nofollow">{escape(value)}</a>')
    if column in ("page", "line") and "document_id" in row.keys() and row["document_id"]:
        document = row["document_id"]
        if isinstance(document, dict):  # a foreign key shown with its label: {"value": ..., "label": ...}
            document = document.get("value")

        async def linked() -> Markup | None:
            file = (await _source_files(datasette, database)).get(document)
            if not file:
                return None
            fragment = f"#page={int(value)}" if column == "page" and file.lower().endswith(".pdf") else ""
            title = f"{file}, {column} {value}"
            return Markup(f'<a href="{escape(_file_url(datasette, file) + fragment)}" title="{escape(title)}">'
                          f"{escape(value)}</a>")

        return linked()
    return None
