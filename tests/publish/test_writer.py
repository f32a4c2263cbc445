"""The database writer: `with DatabaseWriter(path) as out:` writes in a temporary file, moved into place only
when the block ends without an error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extract.publish.database import DatabaseWriter
from extract.publish.stamp import read_stamp
from models import Borough


def borough(key: str) -> Borough:
    return Borough(id=key, name=key.title(), official_name=key.title(), gss_code="E0", region="R",
                   authority_type="unitary")


def test_a_block_that_fails_leaves_the_previous_database_and_no_temporary_file(tmp_path: Path):
    path = tmp_path / "site.db"
    with DatabaseWriter(path) as out:
        out.insert([borough("a")])
        out.stamp("ab" * 32)
    before = path.read_bytes()
    assert out.counts["boroughs"] == 1 and read_stamp(path) == ("ab" * 32)[:16]
    with pytest.raises(RuntimeError, match="half way"), DatabaseWriter(path) as out:
        out.insert([borough("b"), borough("c")])
        raise RuntimeError("half way")
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["site.db"]


def test_updates_and_views_run_in_the_block_and_no_stamp_unless_asked(tmp_path: Path):
    path = tmp_path / "site.db"
    with DatabaseWriter(path) as out:
        out.insert([borough("a"), borough("b")])
        out.update("update boroughs set region = ? where id = ?", [("North", "a"), ("South", "b")])
        out.views(["create view regions as select distinct region from boroughs"])
        assert [row[0] for row in out.db.execute("select region from boroughs order by id")] == ["North", "South"]
    assert read_stamp(path) is None and out.counts["boroughs"] == 2
    with pytest.raises(Exception, match="not open"):
        out.db  # noqa: B018 (the block is over: nothing more can be written)


def test_a_full_disk_is_a_message_naming_the_database_and_the_previous_one_stays(tmp_path: Path):
    """SQLite's SQLITE_FULL, as a full disk gives it (here: a page limit on the file, the same error code)."""
    from extract.publish.database import DatabaseError

    path = tmp_path / "site.db"
    with DatabaseWriter(path) as out:
        out.insert([borough("a")])
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as caught, DatabaseWriter(path) as out:
        pages = out.db.execute("pragma page_count").fetchone()[0]
        out.db.execute(f"pragma max_page_count = {pages + 2}")
        out.insert([borough(f"b{n}") for n in range(5000)])
    message = str(caught.value)
    assert message.startswith(f"{path}: the disk is full: the new database could not be written in {tmp_path}")
    assert "the previous database, if any, is left as it was" in message and "--db PATH" in message
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["site.db"]
