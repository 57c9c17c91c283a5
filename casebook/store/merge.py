"""Several coders: opening another coder's file read-only, adding codes one by one, and the
adjudication decisions that build the ``consensus`` coder."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from casebook.errors import CasebookError, NotFound
from casebook.model import Code
from casebook.store.base import StoreBase, _Connection, now

MIGRATIONS = {
    "0030_adjudication": [
        """CREATE TABLE adjudications (
            key TEXT PRIMARY KEY,
            coder_a TEXT NOT NULL,
            coder_b TEXT NOT NULL,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            code_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            take TEXT NOT NULL CHECK (take IN ('a', 'b', 'both', 'neither', 'agreed')),
            coding_ids TEXT NOT NULL DEFAULT '[]',
            decided TEXT NOT NULL)""",
    ]
}

_NEEDED = {"documents", "turns", "sentences", "speakers", "codes", "coders", "codings", "memos"}


@dataclass(frozen=True, slots=True)
class Decision:
    key: str
    coder_a: str
    coder_b: str
    document_id: int
    code_id: str
    kind: str
    take: str
    coding_ids: tuple[int, ...]
    decided: str


def open_read_only(path: str | Path):
    """Another project's casebook.db as a :class:`~casebook.store.Store` that cannot write
    and is not migrated (a folder holding a casebook.db is accepted too)."""
    from casebook.store import Store

    path = Path(path)
    if path.is_dir():
        path = path / "casebook.db"
    if not path.is_file():
        raise CasebookError("no such database file", path=path)
    other = Store.__new__(Store)
    other.path = str(path)
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, factory=_Connection, isolation_level=None,
                               check_same_thread=False)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as err:
        raise CasebookError(f"not a Casebook database ({err})", path=path) from None
    if not _NEEDED <= tables:
        conn.close()
        raise CasebookError("not a Casebook database (tables missing: "
                            f"{', '.join(sorted(_NEEDED - tables))})", path=path)
    other.db = sqlite_utils.Database(conn)
    other._depth = 0
    return other


def _decision(row: tuple) -> Decision:
    return Decision(key=row[0], coder_a=row[1], coder_b=row[2], document_id=row[3],
                    code_id=row[4], kind=row[5], take=row[6],
                    coding_ids=tuple(json.loads(row[7])), decided=row[8])


_DECISION_COLUMNS = "key, coder_a, coder_b, document_id, code_id, kind, take, coding_ids, decided"


class MergeStore(StoreBase):
    # -- codes and codings, one by one ------------------------------------------------
    def add_code(self, code: Code, *, retired: bool = False) -> None:
        """Append one code to the active codebook (``merge``: a code new to this project)."""
        with self.transaction():
            position = self.db.execute("SELECT coalesce(max(position), -1) + 1 FROM codes"
                                       ).fetchone()[0]
            self.db.execute(
                "INSERT INTO codes (id, name, parent, name_en, description, include, exclude,"
                " examples, colour, hotkey, position, retired)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [code.id, code.name, code.parent, code.name_en, code.description, code.include,
                 code.exclude, json.dumps(code.examples, ensure_ascii=False), code.colour,
                 code.hotkey, position, int(retired)])

    def find_coding(self, document_id: int, code_id: str, coder_id: str, start: int,
                    end: int) -> int | None:
        """The id of exactly that coding, if it exists."""
        row = self.db.execute(
            'SELECT id FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ?'
            ' AND start = ? AND "end" = ?', [document_id, code_id, coder_id, start, end]
        ).fetchone()
        return row[0] if row else None

    # -- adjudication -----------------------------------------------------------------
    def record_decision(self, decision: Decision) -> None:
        with self.transaction():
            self.db.execute(
                f"INSERT OR REPLACE INTO adjudications ({_DECISION_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [decision.key, decision.coder_a, decision.coder_b, decision.document_id,
                 decision.code_id, decision.kind, decision.take,
                 json.dumps(list(decision.coding_ids)), decision.decided or now()])

    def decision(self, key: str) -> Decision | None:
        row = self.db.execute(f"SELECT {_DECISION_COLUMNS} FROM adjudications WHERE key = ?",
                              [key]).fetchone()
        return _decision(row) if row else None

    def decisions(self, coder_a: str | None = None, coder_b: str | None = None
                  ) -> list[Decision]:
        where, params = "", []
        if coder_a and coder_b:
            where, params = " WHERE coder_a = ? AND coder_b = ?", [coder_a, coder_b]
        return [_decision(r) for r in self.db.execute(
            f"SELECT {_DECISION_COLUMNS} FROM adjudications{where} ORDER BY document_id, key",
            params)]

    def remove_decision(self, key: str) -> Decision:
        found = self.decision(key)
        if found is None:
            raise NotFound(f"no decision on '{key}'", field="id")
        with self.transaction():
            self.db.execute("DELETE FROM adjudications WHERE key = ?", [key])
        return found
