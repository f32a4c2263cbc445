"""Row URLs as people write them: a row's id with its ``:`` as written redirects to the row's page.

Datasette writes a primary key in a URL with its own tilde encoding (``:`` as ``~3A``, ``.`` as ``~2E``:
``/community_safety/commitments/barnet-2015-2020-strategy~3A1~2E6``); the ids in the README and in every
JSON answer are written plainly (``barnet-2015-2020-strategy:1.6``), and Datasette reads the ``.6`` of
such a URL as a format and answers 404. Every id of ours has a ``:``, which no table or database name
has: a path ``/<database>/<table>/<id with a colon>[.json]`` is redirected to the row's own URL.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound, Response

ROW = r"^/(?P<database>[^/]+)/(?P<table>[^/]+)/(?P<key>[^/~]*:[^/~]*?)(?P<format>\.json)?$"


async def _row(request, datasette) -> Response:
    parts = request.url_vars
    if parts["database"] not in datasette.databases:
        raise NotFound(f"Database not found: {parts['database']}")
    path = datasette.urls.row(parts["database"], parts["table"], tilde_encode(parts["key"]))
    suffix = ".json" if parts.get("format") else ""
    query = f"?{request.query_string}" if request.query_string else ""
    return Response.redirect(path + suffix + query, status=301)


@hookimpl
def register_routes():
    return [(ROW, _row)]
