"""The catalogue of extraction issue codes (models/issue_codes.py) lists every code the pipeline writes.

Found by reading the source: every string given as the code of an issue (``log.warn("code", ...)``,
``log.error(...)``, ``ReaderIssue(severity, "code", ...)``, ``_failed(..., "code", ...)``, a limit
error's ``code = "..."``) must be in the catalogue, and every catalogue entry must be used, so that
the published ``issue_codes`` table says what each code in ``extraction_issues`` means.
"""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest
from pydantic import ValidationError

from models import ISSUE_CODES, ExtractionIssue

ROOT = Path(__file__).resolve().parent.parent


def _codes_in_source() -> dict[str, str]:
    """Each literal issue code in extract/, with where it is written."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "extract").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
                if name in ("warn", "error") and args and isinstance(args[0], str):
                    found.setdefault(args[0], where)
                elif name in ("ReaderIssue", "add") and len(args) >= 2 and args[0] in ("warning", "error"):
                    if isinstance(args[1], str):
                        found.setdefault(args[1], where)
                elif name == "_failed" and len(args) >= 2 and isinstance(args[1], str):
                    found.setdefault(args[1], where)
                elif name == "ExtractionIssue":  # an issue made whole: ExtractionIssue(..., code="...")
                    for keyword in node.keywords:
                        if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                            found.setdefault(str(keyword.value.value), where)
            elif isinstance(node, ast.ClassDef) and any(
                getattr(base, "id", "").endswith("Error") for base in node.bases
            ) or isinstance(node, ast.ClassDef) and node.name.endswith("Error"):
                for statement in node.body:
                    if (isinstance(statement, ast.Assign) and any(getattr(t, "id", "") == "code" for t in statement.targets)
                            and isinstance(statement.value, ast.Constant) and isinstance(statement.value.value, str)):
                        found.setdefault(statement.value.value, where)
    return found


def test_every_code_the_pipeline_writes_is_in_the_catalogue() -> None:
    found = _codes_in_source()
    assert len(found) >= 20, found  # the scan itself works
    missing = {code: where for code, where in found.items() if code not in ISSUE_CODES}
    assert not missing, f"add these to models/issue_codes.py: {missing}"


def test_every_catalogue_code_is_written_somewhere() -> None:
    unused = set(ISSUE_CODES) - set(_codes_in_source())
    assert not unused, f"no code writes these (remove them from the catalogue, or the scan misses a call): {unused}"


def test_an_issue_with_an_unknown_code_is_refused() -> None:
    with pytest.raises(ValidationError, match="not in the catalogue"):
        ExtractionIssue(id="d:1", document_id="d", severity="warning", code="made-up-code", message="x")


def test_the_database_publishes_the_catalogue(built_db: Path) -> None:
    with sqlite3.connect(built_db) as connection:
        rows = dict(connection.execute("select code, meaning from issue_codes").fetchall())
        used = {code for (code,) in connection.execute("select distinct code from extraction_issues")}
    assert set(rows) == set(ISSUE_CODES) and all(rows.values())
    assert used <= set(rows)
