"""A ``link_candidates`` table, as the link step will write it, added to a built database for the review's tests.

The contract (issue 16, item 2): ``id`` ("{from}->{to}"), ``from_commitment_id`` (the earlier),
``to_commitment_id`` (the later), ``from_document_id``, ``to_document_id``, ``rank`` (of ``to`` among
``from``'s candidates in ``to_document``, 1 best), ``reverse_rank`` (of ``from`` among ``to``'s candidates in
``from_document``), ``score`` (0..1), ``method`` and ``verdict`` (a person's decision, empty until reviewed).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

SCHEMA = """
create table link_candidates (
    id text primary key not null,
    from_commitment_id text not null references commitments(id),
    to_commitment_id text not null references commitments(id),
    from_document_id text not null references documents(id),
    to_document_id text not null references documents(id),
    rank integer not null,
    reverse_rank integer not null,
    score real not null,
    method text not null,
    verdict text
)
"""


def same_borough_links(connection: sqlite3.Connection) -> list[tuple[str, str, float]]:
    """The machine's same-borough links (continues, revised) as candidate pairs."""
    return connection.execute(
        "select l.from_commitment_id, l.to_commitment_id, l.score from commitment_links l "
        "join documents a on a.id = l.from_document_id join documents b on b.id = l.to_document_id "
        "where a.borough_id = b.borough_id and l.type != 'similar' order by l.id"
    ).fetchall()


def add_link_candidates(database: Path | sqlite3.Connection, pairs: Iterable[tuple[str, str, float]] | None = None,
                        extra: Iterable[tuple[str, str, float]] = ()) -> list[tuple[str, str, float]]:
    """Create link_candidates in ``database`` (a file, or a connection to a database being built) from (earlier,
    later, score) pairs (default: its same-borough links), plus ``extra``; ranks follow the scores. Returns the pairs."""
    connection = database if isinstance(database, sqlite3.Connection) else sqlite3.connect(database)
    try:
        chosen = list(pairs if pairs is not None else same_borough_links(connection)) + list(extra)
        document = dict(connection.execute("select id, document_id from commitments"))
        forward: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
        backward: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
        for source, target, score in chosen:
            forward[(source, document[target])].append((score, target))
            backward[(target, document[source])].append((score, source))

        def rank(groups: dict[tuple[str, str], list[tuple[float, str]]], key: tuple[str, str], other: str) -> int:
            ordered = sorted(groups[key], key=lambda entry: (-entry[0], entry[1]))
            return 1 + [name for _, name in ordered].index(other)

        connection.execute("drop table if exists link_candidates")
        connection.execute(SCHEMA)
        connection.executemany(
            "insert into link_candidates values (?, ?, ?, ?, ?, ?, ?, ?, ?, null)",
            [(f"{s}->{t}", s, t, document[s], document[t], rank(forward, (s, document[t]), t),
              rank(backward, (t, document[s]), s), score, "test") for s, t, score in chosen],
        )
    finally:
        if not isinstance(database, sqlite3.Connection):
            connection.commit()
            connection.close()
    return chosen
