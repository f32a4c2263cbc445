"""The README's JSON API section: its URLs answer, and its Python client runs against a live server.

The server is Datasette's ASGI app under uvicorn, on 127.0.0.1 and a free port, in a thread of
the test process; it is stopped after the module's tests, and every wait is bounded.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from extract.publish.site import QUERIES
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 20


def api_section() -> str:
    """The README's '## The JSON API' section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## The JSON API\n", 1)[1]
    return section.split("\n## ", 1)[0]


def example_client() -> dict[str, Any]:
    """The namespace of the section's Python example, run as a module (not as __main__)."""
    (code,) = re.findall(r"```python\n(.*?)```", api_section(), flags=re.DOTALL)
    namespace: dict[str, Any] = {"__name__": "readme_example"}
    exec(compile(code, "README.md (The JSON API)", "exec"), namespace)  # noqa: S102 -- our own README
    return namespace


@pytest.fixture(scope="module")
def live_site(built_db: Path) -> Iterator[str]:
    """The built database served by Datasette under uvicorn; yields the database's base URL."""
    import uvicorn
    from datasette.app import Datasette

    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    datasette = Datasette(immutables=[str(built_db)], metadata=metadata)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(datasette.app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="datasette-uvicorn", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/community_safety"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        assert not thread.is_alive(), "uvicorn did not stop"


def test_readme_client_reads_tables_page_by_page_and_canned_queries(live_site: str) -> None:
    rows: Callable[..., list[dict[str, Any]]] = example_client()["rows"]
    strategy = rows("commitments", site=live_site, document_id="barnet-2015-2020-strategy")
    assert len(strategy) == 61
    paged = rows("commitments", site=live_site, document_id="barnet-2015-2020-strategy", _size="20")
    assert [r["id"] for r in paged] == [r["id"] for r in strategy]  # four pages, followed
    history = rows("commitments_matching", site=live_site, q="Community Trigger")
    assert [(r["document_id"], r["number"]) for r in history] == [
        ("barnet-2015-2020-strategy", "1.6"),
        ("barnet-2015-16-asb-action-plan", "1.6"),
        ("barnet-2022-23-action-plan", None),
    ]


def test_readme_urls_answer_and_name_every_canned_query(site) -> None:  # type: ignore[no-untyped-def]
    section = api_section()
    urls = re.findall(r"^(/community_safety/\S+)", section, flags=re.MULTILINE)
    assert len(urls) >= 14
    for url in urls:
        site.json(url)
    for name, query in QUERIES.items():
        assert f"| `{name}` |" in section, name
        example = next((u for u in urls if u.startswith(f"/community_safety/{name}.json")), None)
        assert example is not None, f"no example URL for {name}"
        for param in query["params"]:
            assert f"{param}=" in example and f"`{param}`" in section, (name, param)
