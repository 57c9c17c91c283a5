"""The connection, its transactions and its schema: the ground every store method stands on.

The store speaks to SQLite with the standard library (:class:`Connection`); sqlite-utils
(it imports numpy: more than a quick command's work) is imported only when the schema needs
migrating or a caller asks for its API (``store.db["codings"]``). Its ``db.atomic()`` becomes
a savepoint when a transaction is open, as our own :meth:`Connection.atomic` does, so
:meth:`StoreBase.transaction` only begins the outermost transaction, as ``BEGIN IMMEDIATE``.

While another process holds the write lock, ``BEGIN IMMEDIATE`` waits: after a short while the
store calls its ``on_busy`` (once per transaction: the CLI prints a line, the workbench shows
a status), and after ``busy_wait`` seconds (``$CASEBOOK_BUSY_WAIT`` or ten minutes) it gives
up with :class:`StoreBusy`, having changed nothing.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

from casebook.errors import CasebookError
from casebook.store import migrate
from casebook.store.migrations import KNOWN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Self

    import sqlite_utils
    Params = Sequence[Any] | dict[str, Any]

DB_FILE = "casebook.db"
_NEEDED = {"documents", "turns", "sentences", "speakers", "codes", "coders", "codings", "memos"}
BUSY_WAIT = 600.0  # seconds a write waits for another process's lock before it gives up
_FIRST_WAIT = 0.5  # seconds waited before on_busy is told, and each wait after that
_READ_TIMEOUT_MS = 5000  # what other statements wait (a read in WAL mode hardly ever does)


class StoreBusy(CasebookError):
    """Another process held the write lock for longer than the store waits: nothing was
    changed. The workbench catches it to queue the action; the CLI prints it."""


def busy_wait_default() -> float:
    """``$CASEBOOK_BUSY_WAIT`` (seconds), else :data:`BUSY_WAIT`."""
    try:
        return max(0.0, float(os.environ.get("CASEBOOK_BUSY_WAIT", BUSY_WAIT)))
    except ValueError:
        return BUSY_WAIT


def _busy(err: sqlite3.OperationalError) -> bool:
    return getattr(err, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) \
        or "locked" in str(err)


def _writable(name: str) -> bool:
    """Whether the database file (if it is there) and its folder may be written."""
    folder = os.path.dirname(os.path.abspath(name))
    return os.access(folder, os.W_OK) and (not os.path.exists(name) or os.access(name, os.W_OK))


def now() -> str:
    """The time now, UTC, to the second (what ``created`` and ``decided`` hold)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _connect(path: str, read_only: bool) -> sqlite3.Connection:
    """A connection on which nothing begins a transaction but :meth:`StoreBase.transaction`
    (``isolation_level=None``), usable from the TUI's worker threads. Recursive triggers are
    on, as sqlite-utils turns them on (a REPLACE fires the delete triggers), so the schema
    behaves the same whether or not sqlite-utils was ever loaded."""
    if read_only:
        from urllib.parse import quote

        path = f"file:{quote(os.path.realpath(path))}?mode=ro"
    conn = sqlite3.connect(path, uri=read_only, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {_READ_TIMEOUT_MS:d}")
    conn.execute("PRAGMA recursive_triggers = ON")
    if not read_only:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")  # deleted text does not stay in free pages
        # statement and savepoint journals in memory, not in a temporary file: each insert
        # of a coding fires a trigger, so each has one (collect's 22,000: 0.5 s -> 0.3 s)
        conn.execute("PRAGMA temp_store = MEMORY")
    return conn


class Connection:
    """The store's SQLite connection, with the few methods of sqlite-utils' ``Database`` the
    store uses done by the standard library. Anything else (``db["codings"].indexes``, the
    migrations) goes to a sqlite-utils ``Database`` over the same connection, made on first
    use: only then are sqlite-utils and numpy imported."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._utils: sqlite_utils.Database | None = None

    @property
    def utils(self) -> sqlite_utils.Database:
        """A sqlite-utils Database on this connection (it imports sqlite-utils)."""
        if self._utils is None:
            import sqlite_utils

            self._utils = sqlite_utils.Database(self.conn)
        return self._utils

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # not sqlite-utils' (and no recursion before __init__)
            raise AttributeError(name)
        return getattr(self.utils, name)

    def __getitem__(self, name: str) -> Any:
        return self.utils[name]

    def execute(self, sql: str, parameters: Params | None = None) -> sqlite3.Cursor:
        return self.conn.execute(sql, () if parameters is None else parameters)

    def query(self, sql: str, params: Params | None = None) -> Iterator[dict[str, Any]]:
        """Each row of a query as a dict of column name to value."""
        cursor = self.execute(sql, params)
        names = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(names, row))

    def table_names(self) -> list[str]:
        return [row[0] for row in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]

    @contextmanager
    def atomic(self) -> Iterator[Self]:
        """A savepoint inside the open transaction (the store begins the outermost one)."""
        self.conn.execute("SAVEPOINT casebook")  # nested ones: each names the latest
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:  # an error may have ended the whole transaction
                self.conn.execute("ROLLBACK TO SAVEPOINT casebook")
                self.conn.execute("RELEASE SAVEPOINT casebook")
            raise
        self.conn.execute("RELEASE SAVEPOINT casebook")

    def rollback(self) -> None:
        """Roll the open transaction back; nothing if none is open."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def enable_wal(self) -> None:
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.conn.execute("PRAGMA journal_mode = wal")

    def close(self) -> None:
        self.conn.close()


class StoreBase:
    """Owns the connection; the mixins of this package add typed methods per table."""

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False,
                 busy_wait: float | None = None,
                 on_busy: Callable[[], None] | None = None) -> None:
        """Open (and create, and migrate) the database at ``path``; with ``read_only`` open
        an existing one so that nothing can write it, unmigrated. ``busy_wait`` and
        ``on_busy``: see the module docstring (both may be changed later)."""
        self.path = str(path)
        self.read_only = read_only
        self.busy_wait = busy_wait_default() if busy_wait is None else busy_wait
        self.on_busy = on_busy
        self._copy_dir: str | None = None  # a migrated copy's folder, removed on close
        name = os.fspath(path) or "."  # as a Path has it: "" is the folder we are in
        if read_only and not os.path.isfile(name):
            raise CasebookError("no such database file", path=self.path)
        if not read_only and os.path.isdir(name):
            raise CasebookError("is a folder, not a database file", path=self.path)
        try:
            self.db = Connection(_connect(self.path, read_only))
        except sqlite3.Error as err:
            raise CasebookError(f"cannot open the database ({err})", path=self.path) from None
        try:
            if read_only:
                self._check_casebook()
            else:
                self._open_for_writing()
        except sqlite3.DatabaseError as err:
            self.db.close()
            if isinstance(err, sqlite3.OperationalError) and _busy(err):
                raise StoreBusy("busy: another Casebook process holds the database",
                                path=self.path) from None
            if not read_only and not _writable(name):
                raise CasebookError("cannot be written (a read-only file, folder or disk): "
                                    "Casebook writes casebook.db and the -wal and -shm files "
                                    "beside it; copy the project to a folder you can write",
                                    path=self.path) from None
            raise CasebookError(f"not a Casebook database ({err})", path=self.path) from None
        except BaseException:
            self.db.close()
            raise

    def _open_for_writing(self) -> None:
        done = migrate.check_known(self.db.conn, self.path)  # before anything is written
        if self.path != ":memory:":
            self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
        if set(KNOWN) - set(done):  # the common case: nothing to migrate
            self.migrate()

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Self:
        """The store of ``path``: a casebook.db, or a project folder holding one.
        ``read_only`` opens another project's file (``merge``) without writing to it."""
        from pathlib import Path

        path = Path(path)
        return cls(path / DB_FILE if path.is_dir() else path, read_only=read_only)

    def _check_casebook(self) -> list[str]:
        """Refuse what is not a Casebook database this code can read; its migrations."""
        try:
            done = migrate.check_known(self.db.conn, self.path)
            tables = set(self.db.table_names())
        except sqlite3.DatabaseError as err:
            raise CasebookError(f"not a Casebook database ({err})", path=self.path) from None
        if not _NEEDED <= tables:
            raise CasebookError("not a Casebook database (tables missing: "
                                f"{', '.join(sorted(_NEEDED - tables))})", path=self.path)
        return done

    def close(self) -> None:
        """Close the connection (and remove a migrated copy, see :meth:`snapshot`)."""
        self.db.close()
        if self._copy_dir is not None:
            import shutil

            shutil.rmtree(self._copy_dir, ignore_errors=True)
            self._copy_dir = None

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
        self._begin()
        try:
            yield
            self.db.execute("COMMIT")  # may fail too (a deferred foreign key): roll back
        except BaseException:
            self.db.rollback()  # does nothing if the error ended the transaction already
            raise

    def _begin(self) -> None:
        """``BEGIN IMMEDIATE``, waiting for another process's write lock as the module
        docstring says."""
        start, told = time.monotonic(), False
        try:
            while True:
                left = self.busy_wait - (time.monotonic() - start)
                slice_ms = int(1000 * max(0.0, min(_FIRST_WAIT, left)))
                self.db.execute(f"PRAGMA busy_timeout = {slice_ms:d}")
                try:
                    self.db.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as err:
                    if not _busy(err):
                        raise
                waited = time.monotonic() - start
                if waited >= self.busy_wait:
                    raise StoreBusy(f"busy: another Casebook process held the write lock for "
                                    f"{waited:.0f} s; nothing was changed (try again; "
                                    "CASEBOOK_BUSY_WAIT sets how long to wait)", path=self.path)
                if not told and self.on_busy is not None:
                    told = True
                    self.on_busy()
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {_READ_TIMEOUT_MS:d}")

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open on this connection."""
        return self.db.conn.in_transaction

    # -- schema ---------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply every migration not yet applied, in order, in one transaction; returns
        their names."""
        if not migrate.pending(self.db.conn):  # the common case needs no write lock
            return []
        with self.transaction():
            names = migrate.pending(self.db.conn)  # another process may have done some
            migrate.apply(self.db.utils)
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
