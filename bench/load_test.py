"""Load test: the site under many concurrent requests, bounded, on loopback.

Starts `strategy-extract serve` (Datasette, immutable, with its SQL time limit) on a free
loopback port, asks for each page once to warm it, then sends a fixed number of requests
from a pool of threads, spread over
every canned query (with parameters taken from the database itself), every table page and
its JSON, filters and full-text searches. Reports throughput, errors and latency; exits
non-zero on any error or any request slower than the SQL time limit. Not part of the test
run (tests/publish/test_load_test.py checks its request list answers once each):

    python bench/load_test.py [--db outputs/community_safety.db] [--requests 2000] [--concurrency 8]

Then (unless --no-hostile) issue 17's hostile cases on the same server, each against its bar: the SQL
calls that used to hold the only thread (zeroblob, printf, randomblob) with a cheap page asked meanwhile,
the server's peak memory, 200 concurrent 404s, and a burst of 200 requests of which 20 run into the
SQL time limit.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import os
import platform
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from extract.publish.site import QUERIES
from models import RECORD_TYPES

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "community_safety"


def _values(db: Path, sql: str, limit: int = 10) -> list[str]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [str(row[0]) for row in connection.execute(f"{sql} limit {limit}") if row[0] is not None]
    finally:
        connection.close()


def request_paths(db: Path) -> list[str]:
    """Every page the load test asks for: canned queries with realistic parameters, tables, searches."""
    documents = _values(db, "select id from documents order by id")
    boroughs = _values(db, "select distinct borough_id from documents order by 1")
    themes = _values(db, "select id from themes where id != 'uncoded' order by position")
    years = _values(db, "select distinct period_start from documents order by 1")
    people = _values(db, "select name from people order by name")
    surnames = [name.split()[-1] for name in people]
    words = ["community trigger", "anti-social behaviour", "domestic abuse", "burglary", "young people"]
    parameters: dict[str, list[dict[str, str]]] = {
        "q": [{"q": w} for w in words],
        "document": [{"document": d} for d in ["", *documents]],
        "theme,borough,year": [
            {"theme": t, "borough": b, "year": y} for t, b, y in zip(["", *themes], ["", *boroughs, ""], ["", *years])
        ],
        "borough": [{"borough": b} for b in ["", *boroughs]],
        "borough,year": [{"borough": b, "year": y} for b, y in zip(["", *boroughs], ["", *years, ""])],
        "indicator,document": [{"indicator": w, "document": d} for w, d in zip(["", "burglary", "asb"], ["", *documents])],
        "name": [{"name": n} for n in surnames + people[:1]],
    }
    paths = [f"/{DATABASE}", "/-/metadata.json"]
    for name, query in QUERIES.items():
        for values in parameters[",".join(query["params"])]:
            for suffix in ("", ".json"):
                paths.append(f"/{DATABASE}/{name}{suffix}?{urlencode(values)}")
    for model in RECORD_TYPES:
        table = model.table.name
        paths += [f"/{DATABASE}/{table}", f"/{DATABASE}/{table}.json?_shape=array&_size=max"]
        if "document_id" in model.model_fields:  # the document with most rows in the table
            for document in _values(db, f"select document_id from {table} group by 1 order by count(*) desc", 1):
                paths.append(f"/{DATABASE}/{table}.json?document_id={quote(document)}&_shape=array")
        if model.table.fts:
            paths.append(f"/{DATABASE}/{table}.json?_search={quote(words[-1])}&_shape=array")
    paths.append(f"/{DATABASE}.json?sql={quote('select count(*) from commitments')}")
    return paths


@dataclass
class Result:
    path: str
    status: int
    seconds: float
    error: str | None = None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, port: int, sql_time_limit_ms: int, sql_threads: int, folder: Path) -> subprocess.Popen[bytes]:
    """`strategy-extract serve` on the database, in its own process group (stopped whole by :func:`stop_server`),
    its output to a file in ``folder`` (a pipe nobody reads fills and freezes the server). A database of
    another name is served as community_safety.db (a link in ``folder``): the site's metadata names it so."""
    if db.stem != DATABASE:
        link = folder / f"{DATABASE}.db"
        link.symlink_to(db.resolve())
        db = link
    command = [str(Path(sys.executable).parent / "strategy-extract"), "serve", "--db", str(db), "--port", str(port),
               "--metadata", str(ROOT / "metadata.yml"), "--sql-time-limit-ms", str(sql_time_limit_ms),
               "--sql-threads", str(sql_threads), "--no-reload"]
    log = folder / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/-/versions.json")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("the server did not answer within 60 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop the server and everything it started (its process group): nothing is left running."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)


def run(port: int, paths: list[str], requests: int, concurrency: int) -> tuple[list[Result], float]:
    """Send ``requests`` GETs, cycling through ``paths``, from ``concurrency`` threads (one keep-alive
    connection each); return every result and the wall time."""
    local = threading.local()

    def get(path: str) -> Result:
        start = time.perf_counter()
        try:
            if not hasattr(local, "connection"):
                local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            local.connection.request("GET", path)
            response = local.connection.getresponse()
            response.read()
            return Result(path, response.status, time.perf_counter() - start)
        except (OSError, http.client.HTTPException) as error:
            local.__dict__.pop("connection", None)
            return Result(path, 0, time.perf_counter() - start, f"{type(error).__name__}: {error}")

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(get, itertools.islice(itertools.cycle(paths), requests)))
    return results, time.perf_counter() - start


def report(results: list[Result], wall: float, concurrency: int, paths: int, limit_ms: int) -> bool:
    """Print the figures; True when there was no error and no request over the limit."""
    times = sorted(r.seconds * 1000 for r in results)
    errors = [r for r in results if r.status != 200]
    slowest = max(results, key=lambda r: r.seconds)
    quantiles = statistics.quantiles(times, n=100)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"requests {len(results)} over {paths} distinct pages, concurrency {concurrency}, wall {wall:.1f} s")
    print(f"throughput {len(results) / wall:.1f} requests/s, errors {len(errors)}")
    print(f"latency ms: p50 {quantiles[49]:.1f}, p95 {quantiles[94]:.1f}, p99 {quantiles[98]:.1f}, "
          f"max {times[-1]:.1f} ({slowest.path})")
    by_path: dict[str, list[float]] = {}
    for result in results:
        by_path.setdefault(result.path, []).append(result.seconds * 1000)
    print("slowest pages (median, max ms):")
    for path, took in sorted(by_path.items(), key=lambda item: -statistics.median(item[1]))[:5]:
        print(f"  {statistics.median(took):7.1f} {max(took):7.1f}  {path}")
    for result in errors[:10]:
        print(f"  ERROR {result.status} {result.path} {result.error or ''}")
    over = [r for r in results if r.seconds * 1000 > limit_ms]
    if over:
        print(f"  {len(over)} requests slower than the SQL time limit ({limit_ms} ms)")
    return not errors and not over


#: Single SQL calls that used to hold the server (issue 17): each must be refused quickly, with the site answering.
HOSTILE_SQL = (
    "select zeroblob(300000000)",
    "select printf('%.*c', 999999999, 'x')",
    "select hex(randomblob(450000000))",
)
#: A query that runs until the SQL time limit stops it.
SLOW_SQL = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"
CHEAP = f"/{DATABASE}/boroughs.json?_size=1"


def _get(port: int, path: str, timeout: float = 60) -> Result:
    start = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        connection.close()
        return Result(path, response.status, time.perf_counter() - start)
    except (OSError, http.client.HTTPException) as error:
        return Result(path, 0, time.perf_counter() - start, f"{type(error).__name__}: {error}")


def _group_peak_mib(server: subprocess.Popen[bytes]) -> float:
    """The largest peak resident memory (VmHWM) of the server's processes (its process group), MiB."""
    peak = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError):
            if os.getpgid(int(entry.name)) != server.pid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
    return peak / 1024


def hostile(port: int, server: subprocess.Popen[bytes]) -> bool:
    """Issue 17's load cases and their bars, printed; True when every bar holds."""
    ok = True

    def bar(name: str, measured: str, holds: bool) -> None:
        nonlocal ok
        ok = ok and holds
        print(f"  {name}: {measured} {'ok' if holds else 'FAILS'}")

    print("hostile requests (issue 17):")
    with ThreadPoolExecutor(max_workers=2) as pool:
        for sql in HOSTILE_SQL:
            attack = pool.submit(_get, port, f"/{DATABASE}.json?sql={quote(sql)}")
            time.sleep(0.1)  # the attack first, then a visitor's cheap page
            cheap = _get(port, CHEAP)
            answered = attack.result()
            bar(sql, f"answered {answered.status} in {answered.seconds:.2f} s (bar: an error within 2 s); a cheap page "
                f"meanwhile {cheap.status} in {cheap.seconds:.3f} s (bar: 200 within 0.5 s);",
                400 <= answered.status < 500 and answered.seconds < 2 and cheap.status == 200 and cheap.seconds < 0.5)
    peak = _group_peak_mib(server)
    bar("server memory", f"peak {peak:.0f} MiB (bar: under 1,024);", peak < 1024)
    with ThreadPoolExecutor(max_workers=200) as pool:
        start = time.perf_counter()
        missing = list(pool.map(lambda n: _get(port, f"/{DATABASE}/no_such_table_{n}"), range(200)))
        wall = time.perf_counter() - start
    bar("200 concurrent 404s", f"all {sum(r.status == 404 for r in missing)} answered 404 in {wall:.2f} s "
        "(bar: 200 within 5 s);", wall < 5 and all(r.status == 404 for r in missing))
    burst = [f"/{DATABASE}.json?sql={quote(SLOW_SQL)}" if n % 10 == 0 else CHEAP for n in range(200)]
    with ThreadPoolExecutor(max_workers=200) as pool:
        answers = list(pool.map(lambda path: _get(port, path), burst))
    cheap_times = sorted(r.seconds for r in answers if r.path == CHEAP)
    p95 = cheap_times[int(0.95 * len(cheap_times)) - 1]
    slow = [r for r in answers if r.path != CHEAP]
    bar("burst of 200 with 20 time-limit queries", f"cheap pages p95 {p95:.2f} s, all 200: "
        f"{sum(r.status == 200 for r in answers if r.path == CHEAP)}/180; the slow ones answered "
        f"{sorted({r.status for r in slow})} (bar: p95 under 2 s);", p95 < 2)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "outputs" / "community_safety.db")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--sql-time-limit-ms", type=int, default=1000)
    parser.add_argument("--sql-threads", type=int, default=3, help="serve --sql-threads (0: the server's own thread)")
    parser.add_argument("--no-hostile", action="store_true", help="Leave out issue 17's hostile requests.")
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db}: no database yet; run `make build` first")
    paths = request_paths(args.db)
    port = _free_port()
    with tempfile.TemporaryDirectory() as folder:
        server = start_server(args.db, port, args.sql_time_limit_ms, args.sql_threads, Path(folder))
        try:
            run(port, paths, len(paths), 1)  # warm-up, not counted: each page once, as a running site has served them
            results, wall = run(port, paths, args.requests, args.concurrency)
            ok = report(results, wall, args.concurrency, len(paths), args.sql_time_limit_ms)
            if not args.no_hostile:
                ok = hostile(port, server) and ok
        finally:
            stop_server(server)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
