"""Connection, transactions and migrations: the ground every store method stands on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils


class _Connection(sqlite3.Connection):
    """sqlite-utils wraps its writes in ``with conn:``, which would commit in the middle of
    one of our transactions. Here that block does nothing: :meth:`StoreBase.transaction`
    alone begins, commits and rolls back."""

    def __enter__(self) -> "_Connection":
        return self

    def __exit__(self, *exc: object) -> bool:
        return False


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class StoreBase:
    """Owns the sqlite-utils Database; subclasses add typed methods per concept."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        conn = sqlite3.connect(
            self.path, factory=_Connection, isolation_level=None, check_same_thread=False
        )
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        if self.path != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        self.db = sqlite_utils.Database(conn)
        self._depth = 0
        self.migrate()

    def close(self) -> None:
        self.db.conn.close()

    # -- transactions ---------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One unit of work: all of it is written, or none of it. Nests with savepoints."""
        conn = self.db.conn
        if self._depth == 0:
            conn.execute("BEGIN IMMEDIATE")
        else:
            conn.execute(f"SAVEPOINT sp{self._depth}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                conn.execute("ROLLBACK")
            else:
                conn.execute(f"ROLLBACK TO sp{self._depth}")
                conn.execute(f"RELEASE sp{self._depth}")
            raise
        self._depth -= 1
        if self._depth == 0:
            conn.execute("COMMIT")
        else:
            conn.execute(f"RELEASE sp{self._depth}")

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    # -- migrations -----------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply every migration not yet applied, in name order, in one transaction."""
        from casebook.store import MIGRATIONS

        if self._pending(MIGRATIONS) == []:  # the common case needs no write lock
            return []
        with self.transaction():
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)"
            )
            done = {row[0] for row in self.db.execute("SELECT name FROM _migrations")}
            applied = []
            for name, statements in sorted(MIGRATIONS.items()):
                if name in done:
                    continue
                for statement in statements:
                    self.db.execute(statement)
                self.db.execute("INSERT INTO _migrations VALUES (?, ?)", [name, now()])
                applied.append(name)
            count = len(done) + len(applied)
            self.db.execute(f"PRAGMA user_version = {count:d}")
        return applied

    def _pending(self, migrations: dict) -> list[str]:
        try:
            done = {row[0] for row in self.db.execute("SELECT name FROM _migrations")}
        except sqlite3.OperationalError:  # a new database
            return sorted(migrations)
        return sorted(set(migrations) - done)

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]
