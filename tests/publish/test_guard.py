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


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the refusal, printed by sqlite3
@pytest.mark.parametrize("sql", ["select printf('%.*c', 999999999, 'x')", "select format('%2000000d', 1)",
                                 "select printf('%*s', -5000000, 'x')"])
def test_a_printf_wider_than_the_limit_is_refused_at_once(site, sql):  # type: ignore[no-untyped-def]
    response = site.get(f"/community_safety.json?sql={quote(sql)}")
    assert response.status_code == 400 and "user-defined function raised exception" in response.json()["error"]


def test_printf_within_the_limit_is_sqlites_own() -> None:
    connection = sqlite3.connect(":memory:")
    guard(connection)
    assert connection.execute("select printf('%g (%s) %5.2f%%', 1.5, 'x', 3.14159)").fetchone() == ("1.5 (x)  3.14%",)
    assert connection.execute("select printf('%.*c', 3, 'x'), printf('%-4d|', 7), printf(null)").fetchone() == (
        "xxx", "7   |", None)


def test_ad_hoc_sql_runs_one_at_a_time_and_a_long_line_is_told_to_come_back() -> None:
    """The gate in front of ?sql=: one runs, `waiting` wait, the next is a 503 at once; pages pass freely."""
    import asyncio

    from extract.publish.plugins.guard import AdhocGate

    async def scenario() -> list[tuple[str, int]]:
        release = asyncio.Event()
        answered: list[tuple[str, int]] = []

        async def app(scope, receive, send):  # type: ignore[no-untyped-def]
            if scope["query_string"]:
                await release.wait()  # a slow query
            answered.append((scope["query_string"].decode() or scope["path"], 200))

        gated = AdhocGate(running=1, waiting=2).wrap(app)

        async def request(path: str, query: bytes) -> None:
            async def send(message):  # type: ignore[no-untyped-def]
                if message["type"] == "http.response.start":
                    answered.append((query.decode(), message["status"]))
            await gated({"type": "http", "path": path, "query_string": query}, None, send)

        slow = [asyncio.create_task(request("/db.json", f"sql=select+{n}".encode())) for n in range(4)]
        await asyncio.sleep(0.01)
        await request("/db/table", b"")  # a page is not held by the queries in line
        assert answered == [("sql=select+3", 503), ("/db/table", 200)]  # the fourth: one running, two waiting
        release.set()
        await asyncio.gather(*slow)
        return answered

    answered = asyncio.run(scenario())
    assert sorted(answered[2:]) == [("sql=select+0", 200), ("sql=select+1", 200), ("sql=select+2", 200)]
