"""Applying the migrations of :mod:`casebook.store.migrations`.

They run through sqlite-utils' :class:`~sqlite_utils.migrations.Migrations` (recorded in its
``_sqlite_migrations`` table), all pending ones in one transaction. ``PRAGMA user_version`` is
the number of migrations applied, so a database made by a newer Casebook is recognised and
refused rather than written to. What was applied is read with the standard library: opening
an up-to-date database never imports sqlite-utils (nor numpy, which it imports).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import cache

from casebook.errors import CasebookError
from casebook.store.migrations import KNOWN, STEPS

TYPE_CHECKING = False
if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

SET = "casebook"  # the name of the migration set in sqlite-utils' table
TABLE = "_sqlite_migrations"  # sqlite-utils' table of applied migrations
_LEGACY = "_migrations"  # where Casebook 0.1 recorded its migrations (name, applied)


@cache
def migrations() -> Migrations:
    """The steps as sqlite-utils migrations (made, and sqlite-utils imported, when needed)."""
    from sqlite_utils.migrations import Migrations

    made = Migrations(SET)
    for name, statements in STEPS:
        made(name=name)(_runner(statements))
    return made


def _runner(sql: tuple[str, ...]) -> Callable[[sqlite_utils.Database], None]:
    def run(db: sqlite_utils.Database) -> None:
        for statement in sql:
            db.execute(statement)
    return run


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        [name]).fetchone() is not None


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations this database has had, in order (read-only)."""
    if _has_table(conn, _LEGACY):
        return [row[0] for row in conn.execute(f"SELECT name FROM {_LEGACY} ORDER BY rowid")]
    if not _has_table(conn, TABLE):
        return []
    return [row[0] for row in conn.execute(
        f"SELECT name FROM {TABLE} WHERE migration_set = ? ORDER BY rowid", [SET])]


def check_known(conn: sqlite3.Connection, path: str) -> list[str]:
    """Refuse a database whose schema is newer than this code knows; else the names of the
    migrations it has had."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    done = applied(conn)
    unknown = sorted(set(done) - set(KNOWN))
    if version > len(KNOWN) or unknown:
        what = f"migration {unknown[0]} is unknown here" if unknown else \
            f"schema version {version}, this one knows {len(KNOWN)}"
        raise CasebookError(f"made by a newer Casebook ({what}): update Casebook to open it",
                            path=path)
    return done


def pending(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations still to apply, in order (read-only)."""
    done = set(applied(conn))
    return [name for name in KNOWN if name not in done]


def apply(db: sqlite_utils.Database) -> None:
    """Apply every pending migration; the caller holds the write transaction."""
    _adopt_legacy(db)
    migrations().apply(db)
    db.execute(f"PRAGMA user_version = {len(applied(db.conn)):d}")


def _adopt_legacy(db: sqlite_utils.Database) -> None:
    """Move Casebook 0.1's record of applied migrations into sqlite-utils' table."""
    if not _has_table(db.conn, _LEGACY):
        return
    migrations().ensure_migrations_table(db)
    db.execute(f"INSERT INTO {TABLE} (migration_set, name, applied_at)"
               f" SELECT ?, name, applied FROM {_LEGACY} ORDER BY rowid", [SET])
    db.execute(f"DROP TABLE {_LEGACY}")
