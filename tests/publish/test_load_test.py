"""The load test's request list (bench/load_test.py): every page it asks for answers, once each."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from extract.publish.site import QUERIES
from models import RECORD_TYPES

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "load_test.py"


def load_test():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("load_test", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("load_test", module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_every_page_of_the_load_test_answers_200(built_db: Path, site):  # type: ignore[no-untyped-def]
    paths = load_test().request_paths(built_db)
    for name in QUERIES:  # every canned query, as HTML and as JSON, with real parameters
        assert any(path.startswith(f"/community_safety/{name}?") for path in paths), name
        assert any(path.startswith(f"/community_safety/{name}.json?") for path in paths), name
    for model in RECORD_TYPES:
        assert f"/community_safety/{model.table.name}" in paths
    assert "document=barnet-2015-2020-strategy" in " ".join(paths)  # parameters come from the data
    for path in paths:
        response = site.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
        if ".json" in path and "?" in path and "_shape=array" in path and "_search" not in path:
            assert response.json(), path  # filters on real values find rows
