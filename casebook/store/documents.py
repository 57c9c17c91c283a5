"""Documents, speakers, turns and sentences."""

from __future__ import annotations

import json

from casebook.errors import NotFound
from casebook.model import Document, DocumentSummary, Sentence, Speaker, Turn
from casebook.store.base import StoreBase, now

MIGRATIONS = {
    "0001_documents": [
        """CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL DEFAULT 'other',
            date TEXT,
            format TEXT NOT NULL,
            source TEXT,
            sha256 TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}',
            imported_at TEXT NOT NULL)""",
        """CREATE TRIGGER documents_text_immutable BEFORE UPDATE OF text, sha256 ON documents
           BEGIN SELECT RAISE(ABORT, 'document text is immutable'); END""",
        """CREATE TABLE speakers (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            role TEXT,
            pseudonym TEXT,
            PRIMARY KEY (document_id, label))""",
        """CREATE TABLE turns (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            speaker TEXT,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            time_start REAL,
            time_end REAL,
            PRIMARY KEY (document_id, idx)) WITHOUT ROWID""",
        """CREATE TABLE sentences (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            PRIMARY KEY (document_id, idx)) WITHOUT ROWID""",
    ],
    # Checking a coding's span needs the text's length; length(text) reads the whole text.
    "0003_document_length": [
        "ALTER TABLE documents ADD COLUMN length INTEGER",
        "UPDATE documents SET length = length(text)",
    ],
}

_DOC_COLUMNS = "id, name, kind, date, format, source, sha256, text, attributes, imported_at"


def _document(row: tuple) -> Document:
    id_, name, kind, date, fmt, source, sha, text, attributes, imported = row
    return Document(
        id=id_, name=name, kind=kind, date=date, format=fmt, source=source, sha256=sha,
        text=text, attributes=json.loads(attributes), imported_at=imported,
    )


class DocumentStore(StoreBase):
    def add_document(
        self,
        doc: Document,
        turns: list[Turn],
        sentences: list[Sentence],
        speakers: list[Speaker],
    ) -> int:
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO documents (name, kind, date, format, source, sha256, text, length,"
                " attributes, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [doc.name, doc.kind, doc.date, doc.format, doc.source, doc.sha256, doc.text,
                 len(doc.text),
                 json.dumps(doc.attributes, ensure_ascii=False), doc.imported_at or now()],
            )
            doc_id = cursor.lastrowid
            self.db.conn.executemany(
                "INSERT INTO speakers (document_id, label, role, pseudonym) VALUES (?, ?, ?, ?)",
                [(doc_id, s.label, s.role, s.pseudonym) for s in speakers],
            )
            self.db.conn.executemany(
                'INSERT INTO turns (document_id, idx, speaker, start, "end", time_start, time_end)'
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(doc_id, i, t.speaker, t.start, t.end, t.time_start, t.time_end)
                 for i, t in enumerate(turns)],
            )
            self.db.conn.executemany(
                'INSERT INTO sentences (document_id, idx, start, "end") VALUES (?, ?, ?, ?)',
                [(doc_id, i, s.start, s.end) for i, s in enumerate(sentences)],
            )
        doc.id = doc_id
        return doc_id

    def document_by_sha(self, sha256: str) -> Document | None:
        row = self.db.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE sha256 = ?", [sha256]
        ).fetchone()
        return _document(row) if row else None

    def document_names(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT name FROM documents")}

    def document(self, ref: int | str) -> Document:
        """A document by id, by exact name, or by unique name prefix."""
        ref_s = str(ref)
        if ref_s.isdigit():
            row = self.db.execute(
                f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", [int(ref_s)]
            ).fetchone()
            if row:
                return _document(row)
        row = self.db.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE name = ?", [ref_s]
        ).fetchone()
        if row:
            return _document(row)
        rows = self.db.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE name LIKE ? ESCAPE '\\' ORDER BY id",
            [ref_s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"],
        ).fetchall()
        if len(rows) == 1:
            return _document(rows[0])
        if rows:
            names = ", ".join(r[1] for r in rows[:5])
            raise NotFound(f"'{ref}' matches several documents ({names})", field="document")
        raise NotFound(f"no document '{ref}' (see `casebook docs`)", field="document")

    def documents(self) -> list[DocumentSummary]:
        rows = self.db.execute(
            """SELECT d.id, d.name, d.kind, d.date, d.format, d.sha256, d.length,
                      (SELECT count(*) FROM turns t WHERE t.document_id = d.id),
                      (SELECT count(*) FROM speakers s WHERE s.document_id = d.id),
                      (SELECT count(*) FROM codings c WHERE c.document_id = d.id),
                      d.imported_at
               FROM documents d ORDER BY d.id"""
        ).fetchall()
        covered = self.coded_chars()
        return [
            DocumentSummary(id=r[0], name=r[1], kind=r[2], date=r[3], format=r[4], sha256=r[5],
                            length=r[6], turns=r[7], speakers=r[8], codings=r[9],
                            coded_chars=covered.get(r[0], 0), imported_at=r[10])
            for r in rows
        ]

    def coded_chars(self) -> dict[int, int]:
        """Per document, how many characters lie under at least one coding."""
        result: dict[int, int] = {}
        current: tuple[int, int, int] | None = None  # doc, start, end of the running union
        for doc, start, end in self.db.execute(
            'SELECT document_id, start, "end" FROM codings ORDER BY document_id, start'
        ):
            if current and current[0] == doc and start <= current[2]:
                current = (doc, current[1], max(current[2], end))
                continue
            if current:
                result[current[0]] = result.get(current[0], 0) + current[2] - current[1]
            current = (doc, start, end)
        if current:
            result[current[0]] = result.get(current[0], 0) + current[2] - current[1]
        return result

    def turns(self, document_id: int) -> list[Turn]:
        return [
            Turn(start=r[0], end=r[1], speaker=r[2], time_start=r[3], time_end=r[4])
            for r in self.db.execute(
                'SELECT start, "end", speaker, time_start, time_end FROM turns'
                " WHERE document_id = ? ORDER BY idx", [document_id])
        ]

    def sentences(self, document_id: int) -> list[Sentence]:
        return [
            Sentence(start=r[0], end=r[1])
            for r in self.db.execute(
                'SELECT start, "end" FROM sentences WHERE document_id = ? ORDER BY idx',
                [document_id])
        ]

    def speakers(self, document_id: int) -> list[Speaker]:
        return [
            Speaker(label=r[0], role=r[1], pseudonym=r[2])
            for r in self.db.execute(
                "SELECT label, role, pseudonym FROM speakers WHERE document_id = ? ORDER BY rowid",
                [document_id])
        ]

    def set_speaker(self, document_id: int, label: str, *, role: str | None = None,
                    pseudonym: str | None = None) -> None:
        with self.transaction():
            cursor = self.db.execute(
                "UPDATE speakers SET role = coalesce(?, role), pseudonym = coalesce(?, pseudonym)"
                " WHERE document_id = ? AND label = ?", [role, pseudonym, document_id, label])
            if cursor.rowcount == 0:
                raise NotFound(f"no speaker '{label}' in this document", field="speaker")

    def set_document_meta(self, document_id: int, *, kind: str | None = None,
                          date: str | None = None, attributes: dict | None = None) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE documents SET kind = coalesce(?, kind), date = coalesce(?, date),"
                " attributes = coalesce(?, attributes) WHERE id = ?",
                [kind, date, json.dumps(attributes, ensure_ascii=False) if attributes is not None
                 else None, document_id])
