"""Writing records to SQLite, with a schema derived from the models.

The database is built in a temporary file next to the target and moved into
place with :func:`os.replace` only once it is complete and its foreign keys
check out: a failed or interrupted build leaves the previous database as it was.
A build killed outright (SIGKILL, power cut) cannot remove its temporary file, so
each build holds a lock on its own and removes those no live build holds.
"""

from __future__ import annotations

import errno
import fcntl
import glob
import os
import sqlite3
import tempfile
import types
import typing
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.db import DescIndex

from models import RECORD_TYPES, Record

from ..errors import StrategyExtractError
from .stamp import stamp


class DatabaseError(StrategyExtractError):
    """The database could not be written."""


def column_type(annotation: Any) -> type:
    """The SQLite column type (as sqlite-utils names it) for a field's annotation."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return column_type(args[0])
    if origin is typing.Literal:
        return type(typing.get_args(annotation)[0])
    if annotation is bool:
        return int
    if annotation in (int, float, str):
        return annotation
    if annotation is date:
        return str
    raise TypeError(f"no SQLite column type for {annotation!r}")


def columns_of(model: type[Record]) -> dict[str, type]:
    return {name: column_type(info.annotation) for name, info in model.model_fields.items()}


def create_tables(db: sqlite_utils.Database) -> None:
    """Create every table of the data contract, with keys, indexes and full-text search."""
    for model in RECORD_TYPES:
        table = model.table
        db.table(table.name).create(
            columns_of(model),
            pk=table.pk,
            foreign_keys=model.foreign_keys(),
            not_null={name for name, info in model.model_fields.items() if info.is_required()},
        )
        indexes = [[_index_column(c) for c in columns] for columns in table.extra_indexes]
        leading = {str(columns[0]) for columns in indexes}  # DescIndex is a str: its column's name
        for column, _, _ in model.foreign_keys():
            if column not in leading:
                db.table(table.name).create_index([column], if_not_exists=True)
        for columns in indexes:
            db.table(table.name).create_index(columns, if_not_exists=True)
        if table.fts:
            db.table(table.name).enable_fts(
                list(table.fts), fts_version="FTS5", tokenize="porter", create_triggers=True
            )


def _index_column(column: str) -> str | DescIndex:
    """An index column as the models write it: a name, or a name and " desc"."""
    name, _, order = column.partition(" ")
    return DescIndex(name) if order == "desc" else name


#: Rows buffered before they are written: enough for fast inserts, few enough that a build's memory
#: does not grow with the corpus (records are streamed document by document).
BATCH_ROWS = 5000


def insert_records(db: sqlite_utils.Database, records: Iterable[Record]) -> dict[str, int]:
    """Insert records into their tables as they come; return the row count of each table."""
    stream_records(db, records)
    return {model.table.name: db[model.table.name].count for model in RECORD_TYPES}


def stream_records(db: sqlite_utils.Database, records: Iterable[Record]) -> None:
    """Insert records into their tables as they come.

    Rows keep the order they come in within each table (their rowids follow it); at most
    ``BATCH_ROWS`` are held at once, so the records can be a stream over any number of documents.
    """
    tables = {model.table.name for model in RECORD_TYPES}
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    held = 0
    for record in records:
        name = record.table.name
        if name not in tables:
            raise DatabaseError(f"records for unknown tables: {name}")
        by_table[name].append(record.row())
        held += 1
        if held >= BATCH_ROWS:
            _flush(db, by_table)
            held = 0
    _flush(db, by_table)


def _flush(db: sqlite_utils.Database, by_table: dict[str, list[dict[str, Any]]]) -> None:
    for model in RECORD_TYPES:  # referenced tables first
        rows = by_table.pop(model.table.name, None)
        if rows:
            db.table(model.table.name).insert_all(rows)


def check_foreign_keys(db: sqlite_utils.Database) -> None:
    problems = list(db.execute("PRAGMA foreign_key_check").fetchall())
    if problems:
        shown = "; ".join(f"{table} row {rowid} -> {parent}" for table, rowid, parent, _ in problems[:5])
        raise DatabaseError(f"{len(problems)} rows reference missing rows: {shown}")


def disk_full(error: BaseException | None) -> bool:
    """Is this the disk (or the file system's quota) running out: SQLite's SQLITE_FULL, or ENOSPC / EDQUOT?"""
    if isinstance(error, sqlite3.Error):
        return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(error)
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


class DatabaseWriter:
    """The database being built at ``path``, used as ``with DatabaseWriter(path) as out:``.

    It is written to a temporary file beside ``path`` (locked while this process lives) and moved into
    place only when the ``with`` block ends without an error, its foreign keys checked, its statistics
    gathered and its stamp (:meth:`stamp`) in its header: a failed or interrupted build leaves the previous
    database as it was. Inside the block: :meth:`insert` records (a stream, written a batch at a time),
    :meth:`update` rows with values known only once every record is in, create :meth:`views`; a step that
    reads back what was written (the links between documents' commitments) reads :attr:`db`.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.counts: dict[str, int] = {}
        self._digest: str | None = None
        self._handle: int | None = None
        self._temporary: Path | None = None
        self._db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            raise DatabaseError(f"{self.path}: not open for writing (use `with DatabaseWriter(path) as out:`)")
        return self._db

    def __enter__(self) -> DatabaseWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_builds(self.path)
        self._handle, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=BUILDING, dir=self.path.parent)
        self._temporary = Path(temporary)
        _lock(self._handle)  # held until this process ends: the file is in use
        try:
            # No cache of prepared statements: sqlite-utils writes each batch as one multi-row insert whose
            # text varies with the batch's length, so the cache filled up with 128 of them, most used once
            # (~70 KiB each: 9 MiB by 500 documents); preparing each batch again costs little beside inserting it.
            self._db = sqlite_utils.Database(sqlite3.connect(temporary, cached_statements=0))
            self._db.conn.execute("PRAGMA journal_mode = DELETE")
            create_tables(self._db)
        except BaseException:
            self._discard()
            raise
        return self

    def insert(self, records: Iterable[Record]) -> None:
        """Insert records into their tables as they come (see :func:`stream_records`)."""
        stream_records(self.db, records)

    def update(self, statement: str, parameters: Iterable[tuple[Any, ...]] | None = None) -> None:
        """Run an ``update`` (once per parameter tuple, if given): for values known only once every record is in."""
        if parameters is None:
            self.db.conn.execute(statement)
        else:
            self.db.conn.executemany(statement, parameters)

    def order(self) -> None:
        """Fill the ordinal of every table whose rows have a document and a position in it, from the documents'
        positions (set first) and the rows': one number per row, unique across the corpus."""
        for model in RECORD_TYPES:
            if {"ordinal", "position", "document_id"} <= set(model.model_fields):
                self.update(
                    f"update [{model.table.name}] set ordinal = ranked.n from ("
                    f"select x.id, row_number() over (order by d.position, x.position, x.id) as n "
                    f"from [{model.table.name}] x join documents d on d.id = x.document_id) as ranked "
                    f"where ranked.id = [{model.table.name}].id"
                )

    def locate(self) -> None:
        """Copy each record's borough and years from its document (columns ``borough_id`` and ``years``), so
        that a table page can be faceted by borough and by period; documents first."""
        years = ("case when d.period_start = d.period_end then cast(d.period_start as text) "
                 "else d.period_start || '-' || d.period_end end")
        for model in RECORD_TYPES:
            if {"borough_id", "years", "document_id"} <= set(model.model_fields):
                name = model.table.name
                self.update(
                    f"update [{name}] set borough_id = d.borough_id, years = {years} "
                    f"from documents d where d.id = [{name}].document_id"
                )

    def views(self, statements: Iterable[str]) -> None:
        """Create views (``create view`` statements), once the tables they read are filled."""
        for statement in statements:
            self.db.execute(statement)

    def stamp(self, digest: str) -> None:
        """Stamp the fingerprint of the build's inputs in the file's header when it is finished, so that a
        later build from the same inputs can keep the file (extract/pipeline/freshness.py)."""
        self._digest = digest

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: object) -> None:
        if kind is not None:
            self._discard()
            if disk_full(error):
                raise DatabaseError(self._full()) from error
            return
        try:
            db = self.db
            db.conn.commit()
            check_foreign_keys(db)
            for model in RECORD_TYPES:  # one b-tree per full-text index, however its rows came in batches
                if model.table.fts:
                    db.table(model.table.name).optimize()
            db.execute("ANALYZE")
            if self._digest:
                stamp(db.conn, self._digest)
            db.conn.commit()
            self.counts = {model.table.name: db[model.table.name].count for model in RECORD_TYPES}
            db.conn.execute("VACUUM")
            db.close()
            self._db = None
            if self._temporary is not None:  # set by __enter__
                os.chmod(self._temporary, _readable_mode())
                os.replace(self._temporary, self.path)
        except BaseException as failure:
            self._discard()
            if disk_full(failure):
                raise DatabaseError(self._full()) from failure
            raise
        finally:
            self._release()

    def _full(self) -> str:
        return (f"{self.path}: the disk is full: the new database could not be written in {self.path.parent.resolve()} "
                "(its temporary file is removed; the previous database, if any, is left as it was). Free some space "
                "there (a build needs about twice the database's size while it runs), or build elsewhere with --db PATH.")

    def _discard(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._temporary is not None:
            self._temporary.unlink(missing_ok=True)
        self._release()

    def _release(self) -> None:
        if self._handle is not None:
            os.close(self._handle)
            self._handle = None


def write_database(
    path: Path, records: Iterable[Record], views: Iterable[str] = (), fingerprint: str | None = None
) -> dict[str, int]:
    """Build the database at ``path`` from a stream of records, atomically; return each table's row count
    (:class:`DatabaseWriter` in one call, for a build with no step after its records)."""
    with DatabaseWriter(path) as out:
        out.insert(records)
        out.views(views)
        if fingerprint:
            out.stamp(fingerprint)
    return out.counts


#: Suffix of a database being built; SQLite adds "-journal" beside it while writing.
BUILDING = ".building"


def _readable_mode() -> int:
    """The mode a new file gets under the process's umask (0o644 under the usual 022): mkstemp makes its file
    0o600, which a web server's account could not read."""
    try:  # Linux says it without changing it (setting it, even for a moment, races other threads' files)
        status = Path("/proc/self/status").read_text()
        umask = int(next(line.split()[1] for line in status.splitlines() if line.startswith("Umask:")), 8)
    except (OSError, StopIteration, ValueError):
        umask = os.umask(0o022)
        os.umask(umask)
    return 0o666 & ~umask


def remove_stale_builds(path: Path) -> list[Path]:
    """Remove the temporary files of builds of ``path`` that were killed; return them.

    A build in progress holds a lock on its file, so only files no live process holds go.
    """
    removed = []
    for temporary in sorted(path.parent.glob(f".{glob.escape(path.name)}.*{BUILDING}")):
        try:
            handle = os.open(temporary, os.O_RDWR)
        except FileNotFoundError:
            continue
        try:
            if not _lock(handle, wait=False):
                continue
            for stale in (Path(f"{temporary}-journal"), temporary):
                if stale.exists():
                    stale.unlink()
                    removed.append(stale)
        finally:
            os.close(handle)
    return removed


def _lock(handle: int, wait: bool = True) -> bool:
    """An exclusive flock on an open file (released when the process ends); False if another holds it.

    flock, not fcntl locks: SQLite's own fcntl locks on the same file are unaffected by it.
    """
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True
