"""The code's import graph: no cycles, and the build never imports the gold-scoring harness (issue 14)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "extract"


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    """Each module of extract/ and the modules of extract/ it imports, at any level of its code."""
    modules = {_module(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*anchor, *([base] if base else [])])
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                # importing a module runs its packages' __init__ first: an edge to each of them too, but for
                # the packages the importer sits in (a package's own submodules reach their siblings through it)
                parts = target.split(".")
                for reached in (".".join(parts[:n]) for n in range(2, len(parts) + 1)):
                    if reached in modules and reached != name and not name.startswith(reached + "."):
                        graph[name].add(reached)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for other in sorted(graph[node]):
            if state.get(other) == 1:
                return stack[stack.index(other):] + [other]
            if other not in state and (found := visit(other)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_import_graph_has_no_cycle_through_the_gold_harness() -> None:
    graph = _graph()
    harness = {module for module in graph if module == "extract.evaluate" or module.startswith("extract.evaluate.")}
    assert {"extract.evaluate", "extract.evaluate.links", "extract.evaluate.themes"} <= harness
    for module, imported in graph.items():
        if module not in harness and not module.startswith("extract.cli"):
            assert not imported & harness, f"{module} imports the gold harness"
    cycle = _cycle(graph)
    assert cycle is None, " -> ".join(cycle or [])


def test_the_build_loads_no_gold_scoring() -> None:
    script = "import sys, extract.pipeline.build, extract.cli\nprint('extract.evaluate' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert loaded.stdout.strip() == "False"


def test_the_up_to_date_check_loads_no_reader_and_no_spacy() -> None:
    """`build` with nothing to do answers in a moment: the command line and the freshness check load neither."""
    script = "import sys, extract.cli, extract.pipeline.freshness\nprint(sorted({'spacy', 'pdfplumber', 'extract.document'} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert loaded.stdout.strip() == "[]"
