"""Compare two built databases table by table, row by row (issue 14: a refactor changes nothing for users).

    python bench/same_rows.py BEFORE.db AFTER.db [--ignore documents.extractor_version ...]

Prints, for every table of either database, its row counts and whether every row is the same (rows
compared as sorted tuples of all columns, so insertion order does not matter), and the first
differences; exits 1 if any table differs. Tables only in AFTER are reported as additions.

A full-text index is compared by what it indexes (``select rowid, * from <table>_fts``: each row's
indexed columns under its rowid), not by its b-tree segments (``_fts_data``, ``_fts_idx``), whose
layout follows how many batches the rows came in and how often the index was merged.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path


#: FTS5's internal tables whose bytes depend on how the rows were batched, not on what they hold.
FTS_SEGMENTS = ("_fts_data", "_fts_idx")


def tables(connection: sqlite3.Connection) -> list[str]:
    return [name for (name,) in connection.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
        if not name.endswith(FTS_SEGMENTS)]


def rows(connection: sqlite3.Connection, table: str, ignore: frozenset[str] = frozenset()) -> list[tuple]:
    """The table's rows, without the ignored columns (``table.column``), in a stable order."""
    names = [row[1] for row in connection.execute(f'pragma table_info("{table}")')]
    kept = [f'"{name}"' for name in names if f"{table}.{name}" not in ignore] or ["1"]
    if table.endswith("_fts"):  # the virtual table: its rows, as indexed, with their rowids
        kept = ["rowid", *kept]
    return sorted(connection.execute(f'select {", ".join(kept)} from "{table}"').fetchall(), key=repr)


def main(before: Path, after: Path, ignore: frozenset[str] = frozenset()) -> int:
    old, new = sqlite3.connect(before), sqlite3.connect(after)
    differ = False
    for table in sorted(set(tables(old)) | set(tables(new))):
        if table not in tables(new):
            print(f"{table:28} only in {before}: REMOVED")
            differ = True
            continue
        if table not in tables(old):
            print(f"{table:28} only in {after}: added ({len(rows(new, table))} rows)")
            continue
        a, b = rows(old, table, ignore), rows(new, table, ignore)
        same = a == b
        differ |= not same
        print(f"{table:28} {len(a):6} {len(b):6}  {'identical' if same else 'DIFFERENT'}")
        if not same:
            for row in [r for r in a if r not in set(b)][:3]:
                print(f"    only before: {row!r:.200}")
            for row in [r for r in b if r not in set(a)][:3]:
                print(f"    only after:  {row!r:.200}")
    return 1 if differ else 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    ignored = frozenset(arguments[i + 1] for i, a in enumerate(arguments) if a == "--ignore" and i + 1 < len(arguments))
    paths = [a for i, a in enumerate(arguments) if a != "--ignore" and (i == 0 or arguments[i - 1] != "--ignore")]
    if len(paths) != 2:
        raise SystemExit(__doc__)
    raise SystemExit(main(Path(paths[0]), Path(paths[1]), ignored))
