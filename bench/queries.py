"""Benchmark (d): p50/p95 latency of every canned query and of table pages, through Datasette.

On the database of the synthetic 2,000-document corpus (made and built when missing, see
bench/common.py), opened immutable as `strategy-extract serve` does, with the site's metadata,
queried in-process through Datasette's own ASGI client (the full request path: routing, SQL,
rendering; no network). Parameters are realistic: taken from the database (a document of the
busiest borough, a person, a theme) or everyday words. Table pages are timed as served and again
with Datasette's facet suggestions off (``--setting suggest_facets off``), which scan a big table
once per column. Not a test: run it and read the figures.

    python -m bench.queries [--documents 2000] [--runs 20] [--db PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import time
from pathlib import Path
from urllib.parse import urlencode

import yaml

from bench.common import ROOT, machine, percentile, synthetic_database
from extract.publish.site import DATABASE, QUERIES
from models import RECORD_TYPES

BAR_MS = 200.0


def parameters(db: Path) -> dict[str, dict[str, str]]:
    """Realistic parameters for each canned query, read from the database."""
    connection = sqlite3.connect(db)
    one = lambda sql: connection.execute(sql).fetchone()[0]  # noqa: E731
    borough = one("select borough_id from documents group by borough_id order by count(*) desc, borough_id limit 1")
    document = one(f"select id from documents where borough_id = '{borough}' order by period_start, id limit 1")
    progress_document = one("select document_id from progress_updates group by document_id order by count(*) desc limit 1")
    target_document = one("select document_id from targets group by document_id order by count(*) desc limit 1")
    person = one("select name from people order by id limit 1").split()[-1]
    connection.close()
    chosen = {
        "commitments_matching": {"q": "community trigger"},
        "document_continuity": {"document": document},
        "compare_boroughs": {"theme": "asb", "borough": "", "year": "2015"},
        "neighbour_themes": {"borough": borough},
        "target_figures": {"indicator": "burglary", "document": ""},
        "lead_commitments": {"name": person},
        "progress_by_priority": {"document": progress_document},
        "documents_by_borough": {"borough": borough},
    }
    chosen["target_figures_one_document"] = {"indicator": "", "document": target_document}
    missing = set(QUERIES) - set(chosen)
    if missing:
        raise SystemExit(f"no parameters chosen for the canned queries {sorted(missing)}: add them here")
    return chosen


def table_pages(db: Path) -> list[tuple[str, str]]:
    """(label, path) of each table's default page, a filtered page, a _search page and a JSON page."""
    connection = sqlite3.connect(db)
    pages = []
    for model in RECORD_TYPES:
        table = model.table
        base = f"/{DATABASE}/{table.name}"
        pages.append((f"{table.name} (page)", base))
        pages.append((f"{table.name} (json)", f"{base}.json"))
        keys = model.foreign_keys()
        column = keys[0][0] if keys else next(iter(model.model_fields))
        value = connection.execute(
            f"select [{column}] from [{table.name}] where [{column}] is not null "
            f"group by [{column}] order by count(*) desc limit 1"
        ).fetchone()
        if value is not None:
            pages.append((f"{table.name} (filter {column})", f"{base}?{urlencode({column: value[0]})}"))
        if table.fts:
            pages.append((f"{table.name} (_search)", f"{base}?_search=victims"))
    connection.close()
    return pages


def served(db: Path) -> Path:
    """The database under the site's name (Datasette names a database after its file): a link to it."""
    if db.stem == DATABASE:
        return db
    link = db.parent / f"{db.stem}-site" / f"{DATABASE}.db"
    link.parent.mkdir(exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(db.resolve())
    return link


async def timings(datasette, path: str, runs: int) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    """(p50 ms, p95 ms, status) of ``runs`` requests, after one that warms the caches."""
    times = []
    status = 0
    for run in range(runs + 1):
        start = time.perf_counter()
        try:
            status = (await datasette.client.get(path)).status_code
        except Exception:  # a query over the SQL time limit is interrupted: timed and reported, not fatal
            status = 500
        elapsed = (time.perf_counter() - start) * 1000
        if run:
            times.append(elapsed)
    return percentile(times, 0.5), percentile(times, 0.95), status


async def measure(db: Path, runs: int) -> tuple[list[tuple], list[tuple]]:
    """Canned queries on the site as served; table pages as served and with facet suggestions off."""
    from datasette.app import Datasette

    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    sites = []
    for settings in ({}, {"suggest_facets": False}):
        datasette = Datasette(immutables=[str(served(db))], metadata=metadata,
                              settings={"sql_time_limit_ms": 1000, **settings})
        await datasette.invoke_startup()
        sites.append(datasette)
    canned = []
    for label, params in parameters(db).items():
        name = label if label in QUERIES else label.rsplit("_one_", 1)[0]
        path = f"/{DATABASE}/{name}.json?{urlencode({**params, '_shape': 'array'})}"
        canned.append((label, *await timings(sites[0], path, runs)))
    pages = []
    for label, path in table_pages(db):
        p50, p95, status = await timings(sites[0], path, runs)
        _, quiet_p95, _ = await timings(sites[1], path, runs)
        pages.append((label, p50, p95, status, quiet_p95))
    return canned, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000, help="Size of the synthetic corpus (default 2000).")
    parser.add_argument("--runs", type=int, default=20, help="Timed requests per page (default 20).")
    parser.add_argument("--db", type=Path, help="Database to query instead of the synthetic one.")
    args = parser.parse_args()
    db = args.db or synthetic_database(args.documents)
    connection = sqlite3.connect(db)
    sizes = {t: connection.execute(f"select count(*) from [{t}]").fetchone()[0]
             for t in ("documents", "commitments", "item_themes", "progress_updates", "leads")}
    connection.close()
    print(machine())
    print(f"database: {db} ({db.stat().st_size / 2**20:.0f} MiB; " + ", ".join(f"{t} {n}" for t, n in sizes.items()) + ")")
    canned, pages = asyncio.run(measure(db, args.runs))
    print(f"\n{'canned query (JSON)':44} {'p50 ms':>8} {'p95 ms':>8} {'status':>6}  bar p95 < {BAR_MS:.0f} ms")
    for label, p50, p95, status in canned:
        print(f"{label:44} {p50:8.1f} {p95:8.1f} {status:6}  {'ok' if p95 < BAR_MS and status == 200 else 'MISSED'}")
    print(f"\n{'table page':44} {'p50 ms':>8} {'p95 ms':>8} {'status':>6}  p95 ms with suggest_facets off")
    for label, p50, p95, status, quiet_p95 in pages:
        print(f"{label:44} {p50:8.1f} {p95:8.1f} {status:6}  {quiet_p95:8.1f}")
    worst = max(canned, key=lambda row: row[2])
    print(f"\nslowest canned query: {worst[0]} p95 {worst[2]:.1f} ms; "
          f"every canned query p95 < {BAR_MS:.0f} ms: {all(r[2] < BAR_MS and r[3] == 200 for r in canned)}")


if __name__ == "__main__":
    main()
