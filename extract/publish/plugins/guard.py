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

``printf`` (and its alias ``format``) is replaced by a bounded one: a width or precision past
``LENGTH_LIMIT`` is an error at once (SQLite's own builds the whole string first, 1.4 s for
``printf('%.*c', 999999999, 'x')``, then gives NULL); any other call is SQLite's own printf, run on a
private in-memory connection.

Ad hoc SQL (``?sql=``) runs one query at a time (``asgi_wrapper``): the other SQL threads stay free for
the site's pages, whatever a visitor sends. A few more wait their turn (``ADHOC_WAITING``); past that
the answer is 503 with Retry-After, at once, rather than a queue that holds every thread.

Error pages (``handle_exception``): a 4xx (no such page, a bad parameter) is answered without printing a
traceback. Datasette's default handler, which every error also passes through, prints one with every
local for each error when ``rich`` is installed (0.2-0.3 s of the server's time against 4 ms for a page):
the plugin turns that off at startup (Datasette then prints a plain traceback for a server error, 5xx,
only). A table sorted by a column it does not have is a 400 saying so, not a 500.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading
from typing import Any
from urllib.parse import parse_qs

from datasette import Response, hookimpl
from datasette.utils import add_cors_headers
from datasette.utils.asgi import Base400
from datasette.views.base import DatasetteError

#: Longest string or blob (bytes) any SQL expression may make.
LENGTH_LIMIT = 1_000_000
_local = threading.local()
#: SQL functions no query may call.
DENIED_FUNCTIONS = frozenset({"fts3_tokenizer", "load_extension"})
#: Tables (here: table-valued pragmas) no query may read.
DENIED_TABLES = frozenset({"pragma_database_list"})
#: Ad hoc queries (?sql=) run at once; and how many more may wait for their turn before a 503.
ADHOC_RUNNING = 1
ADHOC_WAITING = 8
#: A printf conversion: flags, width (digits or *), precision (. digits or *), type.
_CONVERSION = re.compile(r"%[-+ 0#,!]*(\*|\d+)?(?:\.(\*|\d+))?([a-zA-Z%])")


class PrintfTooWide(ValueError):
    """A printf width or precision past the length limit."""


def _inner() -> sqlite3.Connection:
    """This thread's private connection whose built-in printf the bounded one calls."""
    connection: sqlite3.Connection | None = getattr(_local, "connection", None)
    if connection is None:
        connection = sqlite3.connect(":memory:", check_same_thread=True)
        connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, LENGTH_LIMIT)
        _local.connection = connection
    return connection


def bounded_printf(form: object, *values: object) -> str | None:
    """SQLite's printf, refusing at once a width or precision (written, or given by ``*``) past the limit."""
    if not isinstance(form, str):
        return _inner().execute("select printf(?)", (form,)).fetchone()[0]
    given = iter(values)
    for match in _CONVERSION.finditer(form):
        width, precision, kind = match.groups()
        for part in (width, precision):
            if part is None:
                continue
            number = next(given, 0) if part == "*" else int(part)
            if isinstance(number, int | float) and abs(number) > LENGTH_LIMIT:
                raise PrintfTooWide(f"printf: a width or precision of {number} is past the limit of {LENGTH_LIMIT}")
        if kind != "%":
            next(given, None)
    marks = ", ".join("?" * (1 + len(values)))
    return _inner().execute(f"select printf({marks})", (form, *values)).fetchone()[0]


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
    for name in ("printf", "format"):
        connection.create_function(name, -1, bounded_printf, deterministic=True)


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


def _adhoc(scope: dict) -> bool:
    """Is this request ad hoc SQL (a ``sql`` parameter)?"""
    return scope.get("type") == "http" and "sql" in parse_qs(scope.get("query_string", b"").decode("latin-1"))


class AdhocGate:
    """At most ``running`` ad hoc queries at once, ``waiting`` more in line; past that a 503 at once."""

    def __init__(self, running: int = ADHOC_RUNNING, waiting: int = ADHOC_WAITING) -> None:
        self.running, self.waiting = running, waiting
        self.queued = 0
        self._semaphore: asyncio.Semaphore | None = None

    def wrap(self, app: Any) -> Any:
        async def gated(scope: dict, receive: Any, send: Any) -> None:
            if not _adhoc(scope):
                await app(scope, receive, send)
                return
            if self._semaphore is None:
                self._semaphore = asyncio.Semaphore(self.running)
            if self.queued >= self.running + self.waiting:
                await _busy(send)
                return
            self.queued += 1
            try:
                async with self._semaphore:
                    await app(scope, receive, send)
            finally:
                self.queued -= 1
        return gated


async def _busy(send: Any) -> None:
    body = (b'{"ok": false, "error": "Busy: other ad hoc SQL queries are running or waiting. Try again in a few '
            b'seconds; the canned queries and table pages are not held up.", "status": 503}')
    await send({"type": "http.response.start", "status": 503,
                "headers": [(b"content-type", b"application/json; charset=utf-8"), (b"retry-after", b"2"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


@hookimpl
def asgi_wrapper(datasette):
    return AdhocGate().wrap


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
