"""Issue 17: one request cannot freeze the site, read the file's path or rewire SQLite; error pages are cheap."""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

import pytest

from extract.publish.plugins.guard import LENGTH_LIMIT, guard


@pytest.mark.parametrize("sql", [
    "select zeroblob(300000000)",
    "select hex(randomblob(450000000))",
    "select length(zeroblob(1000000000))",
])
def test_no_sql_call_makes_a_value_past_the_length_limit(site, sql):  # type: ignore[no-untyped-def]
    response = site.get(f"/community_safety.json?sql={quote(sql)}")
    assert response.status_code == 400 and "string or blob too big" in response.json()["error"]


@pytest.mark.parametrize("sql", ["select fts3_tokenizer('simple')", "select * from pragma_database_list()",
                                 "select file from pragma_database_list"])
def test_functions_and_pragmas_that_leak_or_rewire_are_refused(site, sql):  # type: ignore[no-untyped-def]
    response = site.get(f"/community_safety.json?sql={quote(sql)}")
    assert response.status_code == 400, response.text[:300]
    assert "authoriz" in response.json()["error"] or "prohibited" in response.json()["error"]


def test_the_site_still_works_within_the_guard(site):  # type: ignore[no-untyped-def]
    assert site.get("/community_safety").status_code == 200  # its own PRAGMA database_list is allowed
    rows = site.json(f"/community_safety.json?sql={quote('select length(zeroblob(1000)) as n')}&_shape=array")
    assert rows == [{"n": 1000}]


def test_a_connection_is_bounded() -> None:
    connection = sqlite3.connect(":memory:")
    guard(connection)
    assert connection.execute("select length(zeroblob(?))", (LENGTH_LIMIT,)).fetchone() == (LENGTH_LIMIT,)
    with pytest.raises(sqlite3.DataError, match="too big"):
        connection.execute("select zeroblob(?)", (LENGTH_LIMIT + 1,)).fetchone()


def test_errors_are_answered_as_errors_cheaply(site, capfd):  # type: ignore[no-untyped-def]
    bad_sort = site.get("/community_safety/commitments.json?_sort=nonexistent")
    assert bad_sort.status_code == 400 and "sort by one of the table's columns" in bad_sort.json()["error"]
    assert site.get("/community_safety/commitments?_sort=nonexistent").status_code == 400
    capfd.readouterr()
    assert site.get("/community_safety/no-such-table").status_code == 404
    printed = capfd.readouterr()
    # no traceback with every local printed per 404 (0.2-0.3 s of the server's time each, with rich)
    assert "Traceback" not in printed.out + printed.err and "locals" not in printed.out + printed.err
