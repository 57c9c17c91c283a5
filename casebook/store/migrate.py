"""Applying the migrations of :mod:`casebook.store.migrations`.

They run through sqlite-utils' :class:`~sqlite_utils.migrations.Migrations` (recorded in its
``_sqlite_migrations`` table), all pending ones in one transaction. ``PRAGMA user_version`` is
the number of migrations applied, so a database made by a newer Casebook is recognised and
refused rather than written to. What was applied is read with the standard library: opening
an up-to-date database never imports sqlite-utils (nor numpy, which it imports).

A step that makes a table again (``DROP TABLE`` takes its triggers and indexes with it) makes
them again exactly as the steps before it made them last: its statements are derived from
theirs here (:func:`statements`), and :mod:`~casebook.store.migrations` lists it with none.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from casebook.errors import CasebookError
from casebook.store.migrations import KNOWN, STEPS

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
    for name, _ in STEPS:
        made(name=name)(_runner(statements(name)))
    return made


def statements(name: str) -> tuple[str, ...]:
    """The statements of the step ``name``: its own, or those derived for it."""
    return dict(STEPS)[name] or _DERIVED[name]()


def _made_last(names: tuple[str, ...]) -> tuple[str, ...]:
    """The statements that made these triggers and indexes, as the steps made them last."""
    made = {found[1]: sql for _, step in STEPS for sql in step
            if (found := _MAKES.match(sql))}
    return tuple(made[name] for name in names)


_MAKES = re.compile(r"CREATE (?:UNIQUE )?(?:TRIGGER|INDEX) (\w+)")
_MEMO_TRIGGERS = ("coding_memo_added", "coding_memo_changed", "coding_memo_removed")


def _codings_unique_by_place() -> tuple[str, ...]:
    """0066: the codings table without its UNIQUE constraint; the same codings are unique
    by the index codings_document, now over (document, start, end, code, coder). Collect's
    bulk insert keeps one index fewer up to date (16x: 13 % fewer instructions in SQLite),
    and what read the old codings_document (a document's spans in order) reads this one.
    Ids, the sequence, codings_by_code, the triggers on codings (DROP TABLE takes them)
    and on memos (they name codings: the RENAME would refuse them) are made again as they
    were; the copy fires no trigger and changes no memo, count or tombstone."""
    return (
        *(f"DROP TRIGGER {name}" for name in _MEMO_TRIGGERS),
        """CREATE TABLE codings_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            code_id TEXT NOT NULL REFERENCES codes(id) ON UPDATE CASCADE,
            coder_id TEXT NOT NULL REFERENCES coders(id) ON UPDATE CASCADE,
            created TEXT NOT NULL,
            changed TEXT,
            CHECK (start >= 0 AND "end" > start))""",
        'INSERT INTO codings_new (id, document_id, start, "end", code_id, coder_id, created,'
        ' changed) SELECT id, document_id, start, "end", code_id, coder_id, created, changed'
        " FROM codings ORDER BY id",
        "DELETE FROM sqlite_sequence WHERE name = 'codings_new'",
        "INSERT INTO sqlite_sequence (name, seq) SELECT 'codings_new', seq FROM sqlite_sequence"
        " WHERE name = 'codings'",
        "DROP TABLE codings",
        "ALTER TABLE codings_new RENAME TO codings",
        'CREATE UNIQUE INDEX codings_document ON codings (document_id, start, "end", code_id,'
        " coder_id)",
        *_made_last(("codings_by_code", "codings_removed", "codings_moved",
                     "codings_take_their_memos", "codings_uncounted", "codings_recounted",
                     *_MEMO_TRIGGERS)),
    )


_DERIVED: dict[str, Callable[[], tuple[str, ...]]] = {
    "0066_codings_unique_by_place": _codings_unique_by_place,
}


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
    if version > len(KNOWN) or not set(done) <= set(KNOWN):
        raise CasebookError(f"made by a newer Casebook (schema version {version}, this one"
                            f" knows {len(KNOWN)}): update Casebook to open it", path=path)
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
