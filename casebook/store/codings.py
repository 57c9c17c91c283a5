"""Coders, codes (the active codebook), codings and memos."""

from __future__ import annotations

import json
import uuid

from casebook.errors import CasebookError, NotFound
from casebook.model import Code, Codebook, Coder, Coding, Memo, MEMO_TARGETS
from casebook.store.base import StoreBase, now

MIGRATIONS = {
    "0002_codings": [
        "CREATE TABLE coders (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE)",
        "CREATE TABLE codebook (key TEXT PRIMARY KEY, value TEXT)",
        """CREATE TABLE codes (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            parent TEXT REFERENCES codes(id) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
            name_en TEXT,
            description TEXT NOT NULL DEFAULT '',
            include TEXT NOT NULL DEFAULT '',
            exclude TEXT NOT NULL DEFAULT '',
            examples TEXT NOT NULL DEFAULT '[]',
            colour TEXT NOT NULL DEFAULT '#888888',
            hotkey TEXT,
            position INTEGER NOT NULL DEFAULT 0,
            retired INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE codings (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            code_id TEXT NOT NULL REFERENCES codes(id) ON UPDATE CASCADE,
            coder_id TEXT NOT NULL REFERENCES coders(id) ON UPDATE CASCADE,
            created TEXT NOT NULL,
            memo TEXT,
            CHECK (start >= 0 AND "end" > start),
            UNIQUE (document_id, code_id, coder_id, start, "end"))""",
        "CREATE INDEX codings_document ON codings (document_id, start)",
        "CREATE INDEX codings_code ON codings (code_id)",
        """CREATE TABLE memos (
            id INTEGER PRIMARY KEY,
            target_kind TEXT NOT NULL CHECK (target_kind IN ('project', 'document', 'code', 'coding')),
            target_id TEXT NOT NULL,
            text TEXT NOT NULL,
            coder_id TEXT REFERENCES coders(id),
            created TEXT NOT NULL)""",
        "CREATE INDEX memos_target ON memos (target_kind, target_id)",
    ]
}

CODER_NAMESPACE = uuid.UUID("5b0c7a52-3f0e-4f39-9d2a-6c1f3b1e0a11")
_CODE_COLUMNS = "id, name, parent, name_en, description, include, exclude, examples, colour, hotkey"
_CODING_COLUMNS = (
    'c.id, c.document_id, c.start, c."end", c.code_id, c.coder_id, c.created, c.memo, k.name'
)


def coder_id_for(name: str) -> str:
    """A coder's stable id: the same name gives the same id in every project copy."""
    return str(uuid.uuid5(CODER_NAMESPACE, name.strip().casefold()))


def _code(row: tuple) -> Code:
    return Code(id=row[0], name=row[1], parent=row[2], name_en=row[3], description=row[4],
                include=row[5], exclude=row[6], examples=json.loads(row[7]), colour=row[8],
                hotkey=row[9])


def _coding(row: tuple) -> Coding:
    return Coding(id=row[0], document_id=row[1], start=row[2], end=row[3], code_id=row[4],
                  coder_id=row[5], created=row[6], memo=row[7], coder_name=row[8])


class CodingStore(StoreBase):
    # -- coders ---------------------------------------------------------------------
    def coder(self, name: str, *, coder_id: str | None = None) -> Coder:
        """The coder of that name, created if new."""
        name = name.strip()
        if not name:
            raise CasebookError("a coder needs a name", field="coder")
        row = self.db.execute("SELECT id, name FROM coders WHERE name = ?", [name]).fetchone()
        if row:
            return Coder(id=row[0], name=row[1])
        new = Coder(id=coder_id or coder_id_for(name), name=name)
        with self.transaction():
            self.db.execute("INSERT INTO coders (id, name) VALUES (?, ?)", [new.id, new.name])
        return new

    def find_coder(self, ref: str) -> Coder:
        row = self.db.execute(
            "SELECT id, name FROM coders WHERE name = ? OR id = ?", [ref, ref]).fetchone()
        if not row:
            raise NotFound(f"no coder '{ref}'", field="coder")
        return Coder(id=row[0], name=row[1])

    def coders(self) -> list[Coder]:
        return [Coder(id=r[0], name=r[1])
                for r in self.db.execute("SELECT id, name FROM coders ORDER BY name")]

    # -- codes ----------------------------------------------------------------------
    def set_codebook(self, codebook: Codebook, *, source: str | None = None) -> None:
        """Make ``codebook`` the active one. Codes keep their ids, so codings stay attached;
        a code that is gone but still has codings is kept as retired."""
        with self.transaction():
            for key, value in (("name", codebook.name), ("version", codebook.version),
                               ("language", codebook.language),
                               ("description", codebook.description), ("source", source)):
                self.db.execute("INSERT OR REPLACE INTO codebook (key, value) VALUES (?, ?)",
                                [key, value])
            self.db.execute("UPDATE codes SET retired = 1")
            for position, code in enumerate(codebook.codes):
                self.db.execute(
                    f"INSERT INTO codes ({_CODE_COLUMNS}, position, retired)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)"
                    " ON CONFLICT(id) DO UPDATE SET name=excluded.name, parent=excluded.parent,"
                    " name_en=excluded.name_en, description=excluded.description,"
                    " include=excluded.include, exclude=excluded.exclude,"
                    " examples=excluded.examples, colour=excluded.colour,"
                    " hotkey=excluded.hotkey, position=excluded.position, retired=0",
                    [code.id, code.name, code.parent, code.name_en, code.description,
                     code.include, code.exclude, json.dumps(code.examples, ensure_ascii=False),
                     code.colour, code.hotkey, position])
            self.db.execute(
                "DELETE FROM codes WHERE retired = 1 AND id NOT IN (SELECT code_id FROM codings)"
                " AND id NOT IN (SELECT parent FROM codes WHERE parent IS NOT NULL)")

    def codebook(self) -> Codebook:
        meta = dict(self.db.execute("SELECT key, value FROM codebook").fetchall())
        return Codebook(name=meta.get("name") or "", codes=self.codes(),
                        version=meta.get("version") or "1", language=meta.get("language") or "nl",
                        description=meta.get("description") or "")

    def codebook_source(self) -> str | None:
        row = self.db.execute("SELECT value FROM codebook WHERE key = 'source'").fetchone()
        return row[0] if row else None

    def codes(self, *, include_retired: bool = False) -> list[Code]:
        where = "" if include_retired else "WHERE retired = 0"
        return [_code(r) for r in self.db.execute(
            f"SELECT {_CODE_COLUMNS} FROM codes {where} ORDER BY position, id")]

    def code(self, ref: str) -> Code:
        """A code by id, by hotkey, or by name (case-insensitive)."""
        row = self.db.execute(
            f"SELECT {_CODE_COLUMNS} FROM codes WHERE id = ?", [ref]).fetchone() or \
            self.db.execute(
                f"SELECT {_CODE_COLUMNS} FROM codes WHERE retired = 0 AND hotkey = ?",
                [ref]).fetchone() or \
            self.db.execute(
                f"SELECT {_CODE_COLUMNS} FROM codes WHERE lower(name) = lower(?)"
                " OR lower(name_en) = lower(?) ORDER BY retired LIMIT 1", [ref, ref]).fetchone()
        if not row:
            raise NotFound(f"no code '{ref}' in the codebook (see `casebook codebook show`)",
                           field="code")
        return _code(row)

    # -- codings --------------------------------------------------------------------
    def add_coding(self, coding: Coding) -> int:
        with self.transaction():
            length = self.db.execute(
                "SELECT length FROM documents WHERE id = ?", [coding.document_id]
            ).fetchone()
            if length is None:
                raise NotFound(f"no document {coding.document_id}", field="document")
            if not (0 <= coding.start < coding.end <= length[0]):
                raise CasebookError(
                    f"span {coding.start}-{coding.end} is outside the document (0-{length[0]})",
                    field="start/end")
            self.code(coding.code_id)
            cursor = self.db.execute(  # a given id is kept (undo restores a coding)
                'INSERT INTO codings (id, document_id, start, "end", code_id, coder_id, created,'
                ' memo) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
                [coding.id, coding.document_id, coding.start, coding.end, coding.code_id,
                 coding.coder_id, coding.created or now(), coding.memo])
            if cursor.rowcount == 0:  # the same coding exists already: return it
                return self.db.execute(
                    'SELECT id FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ?'
                    ' AND start = ? AND "end" = ?',
                    [coding.document_id, coding.code_id, coding.coder_id, coding.start,
                     coding.end]).fetchone()[0]
            coding.id = cursor.lastrowid
        return coding.id

    def remove_coding(self, coding_id: int) -> Coding:
        coding = self.get_coding(coding_id)
        with self.transaction():
            self.db.execute("DELETE FROM codings WHERE id = ?", [coding_id])
        return coding

    def get_coding(self, coding_id: int) -> Coding:
        row = self.db.execute(
            f"SELECT {_CODING_COLUMNS} FROM codings c JOIN coders k ON k.id = c.coder_id"
            " WHERE c.id = ?", [coding_id]).fetchone()
        if not row:
            raise NotFound(f"no coding {coding_id}", field="coding")
        return _coding(row)

    def set_coding_memo(self, coding_id: int, memo: str | None) -> None:
        with self.transaction():
            if self.db.execute("UPDATE codings SET memo = ? WHERE id = ?",
                               [memo or None, coding_id]).rowcount == 0:
                raise NotFound(f"no coding {coding_id}", field="coding")

    def codings(
        self,
        *,
        document_id: int | None = None,
        code_ids: list[str] | None = None,
        coder_ids: list[str] | None = None,
    ) -> list[Coding]:
        where, params = [], []
        if document_id is not None:
            where.append("c.document_id = ?")
            params.append(document_id)
        for column, values in (("c.code_id", code_ids), ("c.coder_id", coder_ids)):
            if values:
                where.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        sql = (f"SELECT {_CODING_COLUMNS} FROM codings c JOIN coders k ON k.id = c.coder_id"
               + (" WHERE " + " AND ".join(where) if where else "")
               + ' ORDER BY c.document_id, c.start, c."end", c.code_id, k.name')
        return [_coding(r) for r in self.db.execute(sql, params)]

    # -- memos ----------------------------------------------------------------------
    def add_memo(self, memo: Memo) -> int:
        if memo.target_kind not in MEMO_TARGETS:
            raise CasebookError(f"a memo is on one of {', '.join(MEMO_TARGETS)}",
                                field="target")
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO memos (target_kind, target_id, text, coder_id, created)"
                " VALUES (?, ?, ?, ?, ?)",
                [memo.target_kind, str(memo.target_id), memo.text, memo.coder_id,
                 memo.created or now()])
        memo.id = cursor.lastrowid
        return memo.id

    def memos(self, target_kind: str | None = None, target_id: str | None = None) -> list[Memo]:
        where, params = [], []
        if target_kind:
            where.append("target_kind = ?")
            params.append(target_kind)
        if target_id is not None:
            where.append("target_id = ?")
            params.append(str(target_id))
        sql = ("SELECT id, target_kind, target_id, text, coder_id, created FROM memos"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id")
        return [Memo(id=r[0], target_kind=r[1], target_id=r[2], text=r[3], coder_id=r[4],
                     created=r[5]) for r in self.db.execute(sql, params)]
