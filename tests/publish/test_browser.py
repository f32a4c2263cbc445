"""The site in a real browser: Debian's headless Chromium against `datasette serve -i`.

`make test` installs chromium with apt-get when it is missing and the user is root (as in CI);
elsewhere these tests are skipped. The server runs on 127.0.0.1 on a free port and is stopped
after the module; every subprocess has a timeout.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from extract.publish.site import DASHBOARD, DASHBOARDS, PLUGINS, QUERIES
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "outputs" / "site-commitment-history.png"
CHROMIUM = shutil.which("chromium")
STARTUP_SECONDS = 30
BROWSER_SECONDS = 90

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed: `make test` installs it (apt-get install chromium) only when run as root",
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def served(built_db: Path, bundled_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`datasette serve -i` on the built database, with metadata.yml; yields its base URL.

    Its output goes to a file: a pipe nobody reads fills up (64 KB, some 600 logged requests) and the
    server then blocks on its next log line. Checks on the way out that nothing wrote to the database.
    """
    before = sha256(built_db)
    port = free_port()
    command = [
        sys.executable, "-m", "datasette", "serve", "-i", str(built_db),
        "-m", str(ROOT / "metadata.yml"), "--host", "127.0.0.1", "--port", str(port),
        "--plugins-dir", str(PLUGINS), "--static", f"corpus:{bundled_corpus}",  # as `strategy-extract serve`
    ]
    log = tmp_path_factory.mktemp("served") / "datasette.log"
    output_file = log.open("wb")
    process = subprocess.Popen(command, stdout=output_file, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"datasette exited with {process.returncode}:\n{log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "datasette did not answer in time"
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        output_file.close()
    assert sha256(built_db) == before, "the database changed while it was served"


def chromium(url: str, profile: Path, *options: str) -> str:
    """Run headless Chromium on a page, with JavaScript's timers run ahead; its standard output."""
    assert CHROMIUM is not None
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
        "--virtual-time-budget=15000", *options, url,
    ]
    result = subprocess.run(command, capture_output=True, timeout=BROWSER_SECONDS, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    return result.stdout.decode("utf-8", errors="replace")


class TableCells(HTMLParser):
    """The rows of the page's result table, each as {column class: text}."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []
        self._column: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append({})
        elif tag == "td":
            classes = (dict(attrs).get("class") or "").split()
            self._column = next((c[4:] for c in classes if c.startswith("col-")), None)
            if self._column and self.rows:
                self.rows[-1][self._column] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._column = None

    def handle_data(self, data: str) -> None:
        if self._column and self.rows:
            self.rows[-1][self._column] += data


def test_dashboard_renders_its_charts(served: str, tmp_path: Path) -> None:
    dom = chromium(f"{served}/-/dashboards/{DASHBOARD}", tmp_path / "profile", "--dump-dom")
    charts = [slug for slug, chart in DASHBOARDS[DASHBOARD]["charts"].items() if chart["library"] == "vega-lite"]
    assert {"themes-by-borough-year", "target-observations"} <= set(charts)
    for slug in charts:
        start = dom.index(f'id="chart-{slug}"')
        container = dom[start:dom.find('id="card-', start)]
        assert "vega-embed" in container and '<svg' in container and 'class="marks"' in container, slug
    targets = dom[dom.index('id="chart-target-observations"'):]
    assert 'aria-roledescription="line mark"' in targets  # drawn from the figures, not an empty frame


def test_commitment_history_shows_the_chain(served: str, tmp_path: Path) -> None:
    url = f"{served}/community_safety/commitments_matching?q=Community+Trigger"
    parser = TableCells()
    parser.feed(chromium(url, tmp_path / "profile", "--dump-dom"))
    chain = [(row["document_id"].strip(), row["number"].strip()) for row in parser.rows if "document_id" in row]
    assert chain == [
        ("barnet-2015-2020-strategy", "1.6"),
        ("barnet-2015-16-asb-action-plan", "1.6"),
        ("barnet-2022-23-action-plan", ""),  # the outcome "Ensure victims are aware of the Community Trigger"
    ]
    SCREENSHOT.parent.mkdir(exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)
    chromium(url, tmp_path / "profile", f"--screenshot={SCREENSHOT}", "--window-size=1400,1000")
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


#: Sample parameters of each canned query, by its parameter names.
SAMPLES = {"q": "Community Trigger", "document": "barnet-2015-2020-strategy", "borough": "Barnet", "year": "2015",
           "theme": "asb", "indicator": "burglary", "name": "Randall"}


def every_kind_of_page(db: Path) -> dict[str, str]:
    """A page of each kind: home, database, every table, rows of the main tables, every canned query, the dashboard."""
    import sqlite3
    from urllib.parse import urlencode

    connection = sqlite3.connect(db)
    try:
        tables = [name for (name,) in connection.execute(
            "select name from sqlite_master where type = 'table' and name not like '%fts%' and name not like 'sqlite_%'")]
    finally:
        connection.close()
    pages = {"home": "/", "database": "/community_safety", "dashboard": f"/-/dashboards/{DASHBOARD}"}
    pages |= {f"table-{table}": f"/community_safety/{table}" for table in tables}
    pages |= {
        "row-commitment": "/community_safety/commitments/barnet-2015-2020-strategy:1.6",
        "row-document": "/community_safety/documents/barnet-2015-2020-strategy",
        "row-borough": "/community_safety/boroughs/barnet",
        "row-person": "/community_safety/people/gary-randall",
        "page-document": "/-/documents/barnet-2015-2020-strategy",
        "page-borough": "/-/boroughs/barnet",
        "page-borough-without-documents": "/-/boroughs/brent",
        "page-boroughs": "/-/boroughs",
    }
    pages |= {f"query-{name}": f"/community_safety/{name}?" + urlencode({p: SAMPLES[p] for p in query["params"]})
              for name, query in QUERIES.items()}
    return pages


def test_every_kind_of_page_opens_without_a_script_error(served: str, built_db: Path, tmp_path: Path) -> None:
    """Each page opened in Chromium with its console logged; a screenshot of each under outputs/site/."""
    shots = ROOT / "outputs" / "site"
    shots.mkdir(parents=True, exist_ok=True)
    failures = []
    for name, path in every_kind_of_page(built_db).items():
        assert CHROMIUM is not None
        command = [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=8000", "--enable-logging=stderr", "--v=0", "--window-size=1400,1000",
            f"--screenshot={shots / (name + '.png')}", served + path,
        ]
        result = subprocess.run(command, capture_output=True, timeout=BROWSER_SECONDS, check=False)
        log = result.stderr.decode(errors="replace")
        console = [line for line in log.splitlines() if "CONSOLE" in line and ("Uncaught" in line or "Error" in line)]
        if result.returncode != 0 or console or not (shots / (name + ".png")).exists():
            failures.append(f"{name} ({path}): exit {result.returncode}; {console[:2]}")
        with urllib.request.urlopen(served + path.replace(" ", "+"), timeout=10) as response:
            if response.status != 200:
                failures.append(f"{name} ({path}): HTTP {response.status}")
    assert not failures, "\n".join(failures)


def test_table_pages_fold_the_column_descriptions_away(served: str, tmp_path: Path) -> None:
    dom = chromium(f"{served}/community_safety/commitments", tmp_path / "profile", "--dump-dom")
    folded = dom[dom.index('class="column-descriptions-folded"'):]
    assert "<summary>What each column means (" in folded and 'class="column-descriptions"' in folded
    assert dom.index("column-descriptions-folded") < dom.index('class="rows-and-columns')  # the rows follow at once


def test_dashboard_says_what_it_shows_and_why_a_chart_is_empty(served: str, tmp_path: Path) -> None:
    barnet = chromium(f"{served}/-/dashboards/{DASHBOARD}?borough=Barnet", tmp_path / "profile", "--dump-dom")
    assert "Barnet: 4 documents, 2013-2023" in barnet
    # Brent borders Barnet and has no document: the page says so, and no legend reads NaN
    brent = chromium(f"{served}/-/dashboards/{DASHBOARD}?borough=brent", tmp_path / "profile", "--dump-dom")
    assert "Brent has no documents yet: nothing to chart" in brent
    assert "NaN" not in brent
    unknown = chromium(f"{served}/-/dashboards/{DASHBOARD}?borough=Atlantis", tmp_path / "profile", "--dump-dom")
    assert "No borough has that name or id" in unknown


def test_table_pages_fold_the_evidence_and_facet_by_borough_and_years(served: str, tmp_path: Path) -> None:
    dom = chromium(f"{served}/community_safety/commitments", tmp_path / "profile", "--dump-dom")
    assert '<details class="evidence"><summary>' in dom
    assert 'data-column="borough_id"' in dom and 'data-column="years"' in dom  # facets


def test_canned_query_pages_head_their_rows_with_the_answer(served: str, tmp_path: Path) -> None:
    url = f"{served}/community_safety/target_figures?indicator=burglary&document="
    dom = chromium(url, tmp_path / "profile", "--dump-dom")
    assert "<h3>Answer: 3 rows" in dom and "Custom SQL query returning" not in dom
    none = chromium(f"{served}/community_safety/target_figures?indicator=zzzz&document=", tmp_path / "p2", "--dump-dom")
    assert "<h3>No row answers these parameters" in none
    adhoc = chromium(f"{served}/community_safety?sql=select+1", tmp_path / "p3", "--dump-dom")
    assert "Custom SQL query returning 1 row" in adhoc  # an ad hoc query keeps Datasette's words


def test_canned_query_parameters_offer_choices(served: str, tmp_path: Path) -> None:
    dom = chromium(f"{served}/community_safety/neighbour_themes?borough=Barnet&year=", tmp_path / "profile", "--dump-dom")
    assert 'list="choices-borough"' in dom and 'list="choices-year"' in dom
    boroughs = dom[dom.index('<datalist id="choices-borough">'):]
    boroughs = boroughs[:boroughs.index("</datalist>")]
    assert boroughs.index('value="Barking and Dagenham"') < boroughs.index('value="Barnet"') < boroughs.index('value="Brent"')
    targets = chromium(f"{served}/community_safety/target_figures?indicator=&document=", tmp_path / "p2", "--dump-dom")
    assert '<option value="barnet-2015-2020-strategy" label="Barnet 2015-2020: ' in targets
