"""Another project's database as a copy to read (``merge``, a hand-in) and this one's as the
bytes of one file (a student package): the store's copies, beside its connection."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing

from casebook.errors import CasebookError
from casebook.store import migrate
from casebook.store.base import DB_FILE, Connection, StoreBase, _connect
from casebook.store.migrations import KNOWN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Self


class CopyStore(StoreBase):
    @classmethod
    def snapshot(cls, path: str | Path) -> Self:
        """Another project's database to read (``merge``): opened read-only when its schema
        is this code's, else copied to a temporary folder and the copy migrated. The file at
        ``path`` is never written; errors name it. Close the store to remove the copy."""
        store = cls.open(path, read_only=True)
        if not migrate.pending(store.db.conn):
            return store
        import shutil
        import tempfile
        from pathlib import Path

        original = store.path
        store.close()
        folder = tempfile.mkdtemp(prefix="casebook-merge-")
        try:
            copy = Path(folder) / DB_FILE
            source = _connect(original, read_only=True)
            try:
                with sqlite3.connect(copy) as target:
                    source.backup(target)
                target.close()
            finally:
                source.close()
            store = cls(copy)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        store.read_only, store.path, store._copy_dir = True, original, folder
        return store

    @classmethod
    def from_bytes(cls, data: bytes, name: str | Path) -> Self:
        """Another project's database from its bytes (a hand-in's), in memory, checked as
        :meth:`snapshot` checks a file (an older one migrated there); read-only; errors name it."""
        if len(data) < 512:  # SQLite's smallest page; deserialize fails oddly on less
            raise CasebookError(f"not a Casebook database ({len(data)} bytes)", path=name)
        if data[18:20] == b"\x02\x02":  # a WAL database: in memory it has no WAL, and
            data = data[:18] + b"\x01\x01" + data[20:]  # the file's pages are the same
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        store = cls.__new__(cls)
        store.path, store.read_only, store.busy_wait = str(name), False, 0.0
        store.on_busy, store._copy_dir, store.db = None, None, Connection(conn)
        try:
            conn.deserialize(data)
            if set(KNOWN) - set(store._check_casebook()):  # migrations read once
                conn.executescript("PRAGMA recursive_triggers = ON; PRAGMA foreign_keys = ON")
                store.migrate()  # (the rest only reads: no pragma for writes)
        except BaseException as err:
            conn.close()
            if isinstance(err, sqlite3.DatabaseError):
                raise CasebookError(f"not a Casebook database ({err})", path=name) from None
            raise
        store.read_only = True
        return store

    def packed(self, page_size: int = 1024, emptied: tuple[str, ...] = ()) -> bytes:
        """The database as the bytes of one file, vacuumed (nothing deleted is in it) into
        pages of ``page_size`` bytes, the tables ``emptied`` without rows: a hand-in's
        (small pages halve what a small project unpacks to; collect unpacks thirty)."""
        import tempfile

        kept = self.db.execute("PRAGMA page_size").fetchone()[0]
        with tempfile.TemporaryDirectory(prefix="casebook-") as folder:
            copy = os.path.join(folder, DB_FILE)
            try:
                self.db.execute(f"PRAGMA page_size = {page_size:d}")  # VACUUM INTO's
                self.db.execute("VACUUM INTO ?", [copy])
            finally:
                self.db.execute(f"PRAGMA page_size = {kept:d}")  # a later VACUUM's
            if emptied:  # in the copy, vacuumed again (its page size stays)
                with closing(sqlite3.connect(copy, isolation_level=None)) as conn:
                    conn.executescript("".join(f'DELETE FROM "{t}";' for t in emptied) + "VACUUM")
            with open(copy, "rb") as handle:
                return handle.read()
