"""A request cannot freeze the site, read what it should not, or make error pages expensive.

Every SQLite connection the site opens gets (``prepare_connection``):

- a length limit (``SQLITE_LIMIT_LENGTH``): no string or blob a query makes may exceed ``LENGTH_LIMIT``
  bytes, so ``zeroblob(300000000)`` or ``hex(randomblob(450000000))`` fail at once ("string or blob too
  big") instead of taking the server to gigabytes. The longest value the database holds is a few KB (a
  record's evidence, 2.4 KB in the bundled corpus); a megabyte leaves room for any canned query's
  ``group_concat``.
- an authorizer that refuses what leaks or rewires: ``fts3_tokenizer`` (returns a pointer into
  libsqlite3; with two arguments it replaces a connection's tokenizer) and the ``pragma_database_list``
  table (the database file's absolute path). Datasette's own ``PRAGMA database_list`` (its database page)
  is a statement, which ``?sql=`` cannot run, and stays allowed.

Error pages (``handle_exception``): a 4xx (no such page, a bad parameter) is answered without printing a
traceback. Datasette's default handler, which every error also passes through, prints one with every
local for each error when ``rich`` is installed (0.2-0.3 s of the server's time against 4 ms for a page):
the plugin turns that off at startup (Datasette then prints a plain traceback for a server error, 5xx,
only). A table sorted by a column it does not have is a 400 saying so, not a 500.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import Response, hookimpl
from datasette.utils import add_cors_headers
from datasette.utils.asgi import Base400
from datasette.views.base import DatasetteError

#: Longest string or blob (bytes) any SQL expression may make.
LENGTH_LIMIT = 1_000_000
#: SQL functions no query may call.
DENIED_FUNCTIONS = frozenset({"fts3_tokenizer", "load_extension"})
#: Tables (here: table-valued pragmas) no query may read.
DENIED_TABLES = frozenset({"pragma_database_list"})


def authorizer(action: int, first: str | None, second: str | None, database: str | None, source: str | None) -> int:
    """SQLite's authorizer callback: deny the functions and tables above, allow everything else."""
    if action == sqlite3.SQLITE_FUNCTION and (second or "").lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_READ and (first or "").lower() in DENIED_TABLES:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def guard(connection: sqlite3.Connection) -> None:
    """Bound and restrict one connection (also used by the tests and the load test)."""
    connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, LENGTH_LIMIT)
    connection.set_authorizer(authorizer)


@hookimpl
def prepare_connection(conn, database, datasette):
    guard(conn)


def _status(exception: Exception) -> tuple[int, str] | None:
    """The status and message of a client's error (4xx), else None."""
    if isinstance(exception, Base400):
        return exception.status, str(exception.args[0]) if exception.args else "Bad request"
    if isinstance(exception, DatasetteError) and exception.message.startswith("Cannot sort table by "):
        return 400, f"{exception.message}: sort by one of the table's columns (_sort=COLUMN or _sort_desc=COLUMN)"
    return None


@hookimpl
def startup(datasette):
    import datasette.handle_exception as default_handler

    default_handler.rich = None  # no rich traceback, with locals, printed for every 404


@hookimpl
def handle_exception(datasette, request, exception):
    known = _status(exception)
    if known is None:
        return None  # a server error: Datasette's own page and traceback

    async def inner() -> Response:
        status, message = known
        headers: dict[str, Any] = {}
        if datasette.cors:
            add_cors_headers(headers)
        info = {"ok": False, "error": message, "status": status, "title": None}
        if request.path.split("?")[0].endswith(".json"):
            return Response.json(info, status=status, headers=headers)
        html = await datasette.render_template([f"{status}.html", "error.html"], info, request=request)
        return Response.html(html, status=status, headers=headers)

    return inner
