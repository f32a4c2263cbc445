"""A page per document and per borough that reads as a page, not as a table row.

``/-/documents/ID``: what the document is (borough, kind, years, its file and original), its priorities
with their commitments in the document's order, each commitment's leads, due date, progress reported and
where it went next (or came from) in the borough's other documents, with the tier of each link; its
targets with their figures and whether they were met (the ``target_figures`` canned query, so the page and
the query never disagree); its governance bodies and the problems met reading it. ``/-/boroughs``: the boroughs,
those with documents first. ``/-/boroughs/ID``: a borough's documents over time with what each holds and how much of it the next document carries on, and
its neighbours. Every record links to its row (the data, as JSON too) and to its source at the page.

Borough ids and names both work (``/-/boroughs/Barnet``), as in the canned queries. The pages read the
database through Datasette (``db.execute``), so its time limit applies. The templates are beside this file.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from datasette import Response, hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound

TEMPLATES = Path(__file__).with_name("templates")
#: Status words a person uses (progress_updates.status).
STATUS_WORDS = {"done": "done", "in_progress": "in progress", "planned": "planned", "unknown": "status not stated"}
#: How a link's tier reads on a page (commitment_links.method).
TIERS = {"reviewed": "reviewed by a person"}  # any other method: automatic


def _database(datasette: Any) -> tuple[str, Any]:
    from extract.publish.site import DATABASE

    return DATABASE, datasette.get_database(DATABASE)


async def _rows(db: Any, sql: str, **params: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in (await db.execute(sql, params)).rows]


def _template(datasette: Any, name: str) -> Any:
    return datasette.jinja_env.from_string((TEMPLATES / name).read_text(encoding="utf-8"))


def _urls(datasette: Any, database: str) -> dict[str, Any]:
    """Link builders for the templates."""

    def row(table: str, id: str) -> str:
        return datasette.urls.row(database, table, tilde_encode(id))

    def source(file: str, page: int | None = None, line: int | None = None) -> str:
        fragment = f"#page={page}" if page and file.lower().endswith(".pdf") else ""
        return datasette.urls.path(f"/corpus/{quote(file)}") + fragment

    return {"row": row, "source": source, "document": lambda id: datasette.urls.path(f"/-/documents/{quote(id)}"),
            "borough": lambda id: datasette.urls.path(f"/-/boroughs/{quote(id)}"),
            "query": lambda name, **args: datasette.urls.path(f"/{database}/{name}" + (f"?{urlencode(args)}" if args else "")),
            "dashboard": lambda borough: datasette.urls.path(f"/-/dashboards/community-safety?borough={quote(borough)}")}


async def document_page(datasette: Any, request: Any) -> Response:
    from extract.publish.site import QUERIES

    database, db = _database(datasette)
    id = request.url_vars["id"]
    found = await _rows(db, "select d.*, b.name as borough from documents d join boroughs b on b.id = d.borough_id "
                            "where d.id = :id", id=id)
    if not found:
        raise NotFound(f"No document has the id {id!r}: the documents are listed at /{database}/documents")
    document = found[0]
    priorities = await _rows(db, "select * from priorities where document_id = :id order by position", id=id)
    commitments = await _rows(db, "select * from commitments where document_id = :id order by position", id=id)
    leads = await _rows(db, "select commitment_id, priority_id, role, text from leads where document_id = :id "
                            "order by id", id=id)
    progress = await _rows(db, "select commitment_id, priority_id, period, status, text from progress_updates "
                               "where document_id = :id order by id", id=id)
    onward = await _rows(db, """
        select l.to_commitment_id as here, l.type, l.method, l.score, l.from_commitment_id as there,
               c.number, substr(c.text, 1, 90) as words, d.id as document_id, d.label, d.period_start, 'earlier'
        from commitment_links l join commitments c on c.id = l.from_commitment_id join documents d on d.id = l.from_document_id
        where l.to_document_id = :id and l.type != 'similar'
        order by 1, period_start, score desc""", id=id)
    # what became of each commitment in each later document: one wording (extract/enrich/continuity.py)
    fates = await _rows(db, """
        select f.commitment_id as here, f.fate, f.tier, d.id as document_id, d.label,
          (select json_group_array(json_object('id', c.id, 'number', c.number, 'words', substr(c.text, 1, 90)))
           from json_each(case when f.fate = 'candidate' then f.candidate_ids else f.later_commitment_ids end) j
           join commitments c on c.id = j.value) as commitments
        from commitment_fates f join documents d on d.id = f.later_document_id
        where f.document_id = :id order by d.position""", id=id)
    targets = await _rows(db, QUERIES["target_figures"]["sql"], indicator="", document=id)
    bodies = await _rows(db, "select name, frequency, page, line from governance_bodies where document_id = :id "
                             "order by id", id=id)
    problems = await _rows(db, "select severity, count(*) as n from extraction_issues where document_id = :id "
                               "group by severity order by severity", id=id)

    by_commitment: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for lead in leads:
        by_commitment[lead["commitment_id"] or lead["priority_id"] or ""]["leads"].append(lead)
    for update in progress:
        update["status_words"] = STATUS_WORDS.get(update["status"], update["status"])
        by_commitment[update["commitment_id"] or update["priority_id"] or ""]["progress"].append(update)
    for link in onward:
        link["tier"] = TIERS.get(link["method"], "automatic")
        by_commitment[link["here"]]["earlier"].append(link)
    for fate in fates:
        fate["commitments"] = json.loads(fate["commitments"] or "[]")
        by_commitment[fate["here"]]["fates"].append(fate)
    under: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    known = {p["id"] for p in priorities}
    for commitment in commitments:
        commitment.update(by_commitment.get(commitment["id"], {}))
        under[commitment["priority_id"] if commitment["priority_id"] in known else None].append(commitment)
    for priority in priorities:
        priority["commitments"] = under.get(priority["id"], [])
        priority["leads"] = by_commitment.get(priority["id"], {}).get("leads", [])
        priority["progress"] = by_commitment.get(priority["id"], {}).get("progress", [])
    context = {
        "document": document, "priorities": priorities, "loose": under.get(None, []), "targets": targets,
        "bodies": bodies, "problems": problems, "counts": {
            "priorities": len(priorities), "commitments": len(commitments), "targets": len(targets),
            "progress": len(progress),
            "carried": len({f["here"] for f in fates if f["fate"] in ("continued", "revised")}),
        },
        "database": database, "urls_for": _urls(datasette, database),
    }
    html = await datasette.render_template(_template(datasette, "document.html"), context, request=request)
    return Response.html(html)


async def borough_page(datasette: Any, request: Any) -> Response:
    database, db = _database(datasette)
    key = request.url_vars["id"]
    found = await _rows(db, "select * from boroughs where id = :key or name = :key", key=key)
    if not found:
        raise NotFound(f"No borough has the id or name {key!r}: the boroughs are listed at /{database}/boroughs")
    borough = found[0]
    documents = await _rows(db, """
        select d.id, d.label, d.title, d.doc_type, d.period_start, d.period_end, d.status, d.source_file,
          (select count(*) from priorities where document_id = d.id) as priorities,
          (select count(*) from commitments where document_id = d.id) as commitments,
          (select count(*) from targets where document_id = d.id) as targets,
          (select count(*) from progress_updates where document_id = d.id) as progress,
          (select count(distinct from_commitment_id) from commitment_links
             where from_document_id = d.id and type != 'similar') as carried_on
        from documents d where d.borough_id = :id order by d.position""", id=borough["id"])
    neighbours = await _rows(db, """
        select b.id, b.name, (select count(*) from documents where borough_id = b.id) as documents
        from borough_neighbours n join boroughs b on b.id = n.neighbour_id
        where n.borough_id = :id order by b.name""", id=borough["id"])
    context = {"borough": borough, "documents": documents, "neighbours": neighbours, "database": database,
               "urls_for": _urls(datasette, database)}
    html = await datasette.render_template(_template(datasette, "borough.html"), context, request=request)
    return Response.html(html)


async def boroughs_page(datasette: Any, request: Any) -> Response:
    database, db = _database(datasette)
    boroughs = await _rows(db, """
        select b.id, b.name, count(d.id) as documents, min(d.period_start) as first, max(d.period_end) as last
        from boroughs b left join documents d on d.borough_id = b.id
        group by b.id order by count(d.id) = 0, b.name""")
    context = {"boroughs": boroughs, "database": database, "urls_for": _urls(datasette, database)}
    html = await datasette.render_template(_template(datasette, "boroughs.html"), context, request=request)
    return Response.html(html)


@hookimpl
def register_routes():
    return [
        (r"^/-/boroughs$", boroughs_page),
        (r"^/-/documents/(?P<id>[^/]+)$", document_page),
        (r"^/-/boroughs/(?P<id>[^/]+)$", borough_page),
    ]
