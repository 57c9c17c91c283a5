"""The connection, its transactions and its schema: the ground every store method stands on.

sqlite-utils 4.2 runs its own writes in ``db.atomic()``, which becomes a savepoint when a
transaction is open (older versions wrapped them in ``with conn:``, which committed in the
middle of ours; that needed a connection subclass, no longer). So :meth:`StoreBase.transaction`
only has to begin the outermost transaction, and begins it as ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self
from urllib.parse import quote

import sqlite_utils

from casebook.errors import CasebookError
from casebook.store import migrations

DB_FILE = "casebook.db"
_NEEDED = {"documents", "turns", "sentences", "speakers", "codes", "coders", "codings", "memos"}
Params = Sequence[Any] | dict[str, Any]


def now() -> str:
    """The time now, UTC, to the second (what ``created`` and ``decided`` hold)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _connect(path: str, read_only: bool) -> sqlite3.Connection:
    """A connection on which nothing begins a transaction but :meth:`StoreBase.transaction`
    (``isolation_level=None``), usable from the TUI's worker threads."""
    if read_only:
        path = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    conn = sqlite3.connect(path, uri=read_only, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 5000")
    if not read_only:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")  # deleted text does not stay in free pages
    return conn


class StoreBase:
    """Owns the sqlite-utils Database; the mixins of this package add typed methods per table."""

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False) -> None:
        """Open (and create, and migrate) the database at ``path``; with ``read_only`` open
        an existing one so that nothing can write it, unmigrated."""
        self.path = str(path)
        self.read_only = read_only
        if read_only and not Path(path).is_file():
            raise CasebookError("no such database file", path=self.path)
        self.db = sqlite_utils.Database(_connect(self.path, read_only))
        try:
            if read_only:
                self._check_casebook()
            else:
                migrations.check_known(self.db, self.path)  # before anything is written
                if self.path != ":memory:":
                    self.db.enable_wal()
                    self.db.execute("PRAGMA synchronous = NORMAL")
                self.migrate()
        except BaseException:
            self.db.close()
            raise

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Self:
        """The store of ``path``: a casebook.db, or a project folder holding one.
        ``read_only`` opens another project's file (``merge``) without writing to it."""
        path = Path(path)
        return cls(path / DB_FILE if path.is_dir() else path, read_only=read_only)

    def _check_casebook(self) -> None:
        """Refuse a file that is not a Casebook database this code can read."""
        try:
            migrations.check_known(self.db, self.path)
            tables = set(self.db.table_names())
        except sqlite3.DatabaseError as err:
            raise CasebookError(f"not a Casebook database ({err})", path=self.path) from None
        if not _NEEDED <= tables:
            raise CasebookError("not a Casebook database (tables missing: "
                                f"{', '.join(sorted(_NEEDED - tables))})", path=self.path)

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    # -- transactions ---------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One unit of work: all of it is written, or none of it. Nests as savepoints.

        The outermost one is ``BEGIN IMMEDIATE``: it takes the write lock before its first
        read, so two processes that read and then write wait their turn instead of losing an
        update (a deferred BEGIN in WAL mode cannot upgrade a stale snapshot and fails with
        SQLITE_BUSY_SNAPSHOT). Nested ones are sqlite-utils' ``db.atomic()`` savepoints."""
        if self.read_only:
            raise CasebookError("opened read-only: nothing can be written", path=self.path)
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")  # may fail too (a deferred foreign key): roll back
        except BaseException:
            self.db.rollback()  # does nothing if the error ended the transaction already
            raise

    def wait_for_lock(self, milliseconds: int) -> None:
        """How long a write waits for another process's write lock before it fails with
        "database is locked" (5 s unless changed; the workbench waits briefly and retries
        later, so that it never freezes)."""
        self.db.execute(f"PRAGMA busy_timeout = {int(milliseconds):d}")

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open on this connection."""
        return self.db.conn.in_transaction

    # -- schema ---------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply every migration not yet applied, in order, in one transaction; returns
        their names."""
        if not migrations.pending(self.db):  # the common case needs no write lock
            return []
        with self.transaction():
            names = migrations.pending(self.db)  # another process may have done some
            migrations.apply(self.db)
        return names

    @property
    def schema_version(self) -> int:
        """``PRAGMA user_version``: how many migrations this database has had."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    # -- rows -----------------------------------------------------------------------
    def _rows(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        """Every row of a query, each a dict of column name to value. (``db.query()`` does
        the same inside a savepoint that guards against statements returning no rows; that
        guard doubles the cost of a small read and a SELECT does not need it.)"""
        cursor = self.db.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def _row(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        """The first row of a query, or None."""
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    @staticmethod
    def _new_id(cursor: sqlite3.Cursor) -> int:
        """The id an INSERT gave its row."""
        if cursor.lastrowid is None:
            raise sqlite3.InterfaceError("the statement inserted no row")
        return cursor.lastrowid

    def _value(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row of a query, or None."""
        row = self._row(sql, params)
        return next(iter(row.values())) if row else None
