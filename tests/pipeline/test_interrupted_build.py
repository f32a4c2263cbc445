"""Nothing is lost when a build is killed outright: the previous database stays as it was, and the
killed build's temporary file is removed by the next build."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from pathlib import Path

from extract.publish.database import remove_stale_builds
from extract.pipeline.build import build

CLI = Path(sys.executable).parent / "strategy-extract"


def building(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f".{db.name}.*.building*"))


def test_a_build_killed_while_writing_leaves_the_previous_database_and_no_stray_file(
    corpus_copy: Path, tmp_path: Path
):
    db = tmp_path / "site.db"
    build(corpus_copy, db, prefer="text")
    before = db.read_bytes()
    process = subprocess.Popen(
        [str(CLI), "build", "--corpus", str(corpus_copy), "--db", str(db), "--prefer", "text", "--no-cache", "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    try:
        while not any(path.stat().st_size for path in building(db) if path.exists()):
            assert process.poll() is None, "the build ended before it was killed"
            assert time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)  # half-way through writing the new database
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    left = building(db)
    assert left  # killed mid-write: its temporary file is still there ...
    assert db.read_bytes() == before  # ... and the database is the previous one, byte for byte
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert connection.execute("pragma integrity_check").fetchone() == ("ok",)
        assert connection.execute("select count(*) from commitments").fetchone()[0] > 0
    finally:
        connection.close()
    build(corpus_copy, db, prefer="text")  # the next build removes what the killed one left
    assert building(db) == [] and sorted(os.listdir(tmp_path)) == ["corpus", "site.db"]


def test_a_live_build_file_is_not_taken_for_a_stale_one(tmp_path: Path):
    db = tmp_path / "site.db"
    live = tmp_path / ".site.db.abc123.building"
    live.write_bytes(b"in progress")
    handle = os.open(live, os.O_RDWR)
    try:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX)
        assert remove_stale_builds(db) == [] and live.exists()
    finally:
        os.close(handle)
    journal = tmp_path / ".site.db.abc123.building-journal"
    journal.write_bytes(b"journal")
    assert remove_stale_builds(db) == [journal, live]
    assert not live.exists() and not journal.exists()


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (Linux: /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_build_leaves_no_worker_running(corpus_copy: Path, tmp_path: Path, how: signal.Signals):
    db = tmp_path / "site.db"
    process = subprocess.Popen(
        [str(CLI), "build", "--corpus", str(corpus_copy), "--db", str(db), "--no-cache", "--workers", "2", "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    try:
        while len(workers := children(process.pid)) < 2:
            assert process.poll() is None, "the build ended before its workers started"
            assert time.monotonic() < deadline, "the build never started its workers"
            time.sleep(0.05)
        process.send_signal(how)
        process.wait(timeout=60)
        deadline = time.monotonic() + 30
        while alive(workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(workers), f"workers {sorted(alive(workers))} outlived the build killed by {how.name}"
        assert process.stdout is not None and process.stdout.read() == b""  # `build | tee log` ends
    finally:
        process.kill()
        process.wait()
        if process.stdout:
            process.stdout.close()
    build(corpus_copy, db, prefer="text")  # the next build can remove whatever the killed one left
    assert building(db) == []


def test_the_database_is_created_as_the_umask_says(corpus_copy: Path, tmp_path: Path):
    """Issue 17: the temporary file's 0600 must not stick: a web server's account reads the database."""
    old = os.umask(0o022)
    try:
        build(corpus_copy, tmp_path / "site.db", prefer="text")
        assert (tmp_path / "site.db").stat().st_mode & 0o777 == 0o644
        os.umask(0o077)
        build(corpus_copy, tmp_path / "private.db", prefer="text")
        assert (tmp_path / "private.db").stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)
