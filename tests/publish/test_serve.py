"""`strategy-extract serve` as an operator runs it: a rebuild while it serves is what it then serves (issue 17)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.servers import free_port

CLI = Path(sys.executable).parent / "strategy-extract"


def title(base: str) -> str | None:
    url = f"{base}/community_safety.json?sql=select+title+from+documents+order+by+id+limit+1&_shape=array"
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return str(json.loads(response.read())[0]["title"])
    except OSError:
        return None


def test_a_rebuild_while_serving_is_served_pages_and_download_alike(built_db: Path, tmp_path: Path):
    db = tmp_path / "community_safety.db"
    shutil.copyfile(built_db, db)
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([str(CLI), "serve", "--db", str(db), "--port", str(port)], stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while (before := title(base)) is None:
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.3)
        # the reloader notes the file's time at its first look, a second or two after the server answers: a
        # file replaced before then is taken for the one it started with (a build takes longer than that)
        time.sleep(4)
        rebuilt = tmp_path / "rebuilt.db"  # a build writes a new file and moves it into place, as this does
        shutil.copyfile(built_db, rebuilt)
        connection = sqlite3.connect(rebuilt)
        connection.execute("update documents set title = 'Rebuilt' where id = (select min(id) from documents)")
        connection.commit()
        connection.close()
        os.replace(rebuilt, db)
        deadline = time.monotonic() + 60
        while (after := title(base)) != "Rebuilt":
            assert time.monotonic() < deadline, (f"still serving {after!r} (was {before!r}) after the rebuild\n"
                                                 + "\n".join(line for line in (tmp_path / "serve.log").read_text().splitlines() if "GET" not in line))
            time.sleep(0.5)
        with urllib.request.urlopen(f"{base}/community_safety.db", timeout=10) as response:
            downloaded = tmp_path / "downloaded.db"
            downloaded.write_bytes(response.read())
        check = sqlite3.connect(downloaded)
        assert check.execute("select count(*) from documents where title = 'Rebuilt'").fetchone() == (1,)
        check.close()
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the server and its reloader's worker
        process.wait(timeout=20)
        log.close()
