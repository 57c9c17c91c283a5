"""The tables of a transcript: documents, speakers, turns and sentences.

``turn_rows`` and ``sentence_spans`` read light tuples instead of dataclasses: the coding
workbench reads every turn and sentence of a document at once, and a 20,000-turn transcript
must open in a fraction of a second.
"""

from __future__ import annotations

import codecs
from _thread import get_ident  # threading.get_ident itself, without loading threading
from itertools import takewhile

from casebook.errors import CasebookError, NotFound
from casebook.model import Document, DocumentSummary, Sentence, Speaker, Turn, TurnRow
from casebook.store.base import StoreBase, now
from casebook.store.jsoncol import as_json, json_field
from casebook.store.nowait import begin_without_waiting

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_DOC_COLUMNS = "id, name, kind, date, format, source, sha256, text, attributes, imported_at"
_TURN_COLUMNS = 'start, "end", speaker, time_start, time_end'


def _document(row: dict[str, Any]) -> Document:
    """A document from its row; its attributes parsed (no attributes, the common case,
    without loading json: `show` and `code add` read one document and nothing else JSON)."""
    attributes = row["attributes"]
    return Document(**{**row, "attributes": {} if attributes == "{}" else json_field(
        attributes, f"documents {row['name']}.attributes", dict)})


class DocumentStore(StoreBase):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._opener = get_ident()  # the thread that may store coverage (coded_chars)

    # -- documents ------------------------------------------------------------------
    def add_document(self, doc: Document, turns: list[Turn], sentences: list[Sentence],
                     speakers: list[Speaker]) -> int:
        """Store a document with its turns, sentences and speakers; sets and returns its id."""
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO documents (name, kind, date, format, source, sha256, text, length,"
                " attributes, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [doc.name, doc.kind, doc.date, doc.format, doc.source, doc.sha256, doc.text,
                 len(doc.text), as_json(doc.attributes),
                 doc.imported_at or now()])
            doc_id = self._new_id(cursor)
            self.db.conn.executemany(
                "INSERT INTO speakers (document_id, label, role, pseudonym) VALUES (?, ?, ?, ?)",
                [(doc_id, s.label, s.role, s.pseudonym) for s in speakers])
            self.db.conn.executemany(
                f"INSERT INTO turns (document_id, idx, {_TURN_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(doc_id, i, t.start, t.end, t.speaker, t.time_start, t.time_end)
                 for i, t in enumerate(turns)])
            self.db.conn.executemany(
                'INSERT INTO sentences (document_id, idx, start, "end") VALUES (?, ?, ?, ?)',
                [(doc_id, i, s.start, s.end) for i, s in enumerate(sentences)])
        doc.id = doc_id
        return doc_id

    def document_by_sha(self, sha256: str) -> Document | None:
        """The document with exactly this text (by its sha256), if any."""
        row = self._row(f"SELECT {_DOC_COLUMNS} FROM documents WHERE sha256 = ?", [sha256])
        return _document(row) if row else None

    def document_ids(self) -> list[int]:
        """Every document's id, in the order they came in."""
        return [row["id"] for row in self._rows("SELECT id FROM documents ORDER BY id")]

    def document_sources(self) -> set[str]:
        """The ``source`` of every document (where its original was kept)."""
        return {row["source"] for row in self._rows(
            "SELECT source FROM documents WHERE source IS NOT NULL")}

    def document_names(self) -> set[str]:
        """The names in use (a new document's name must differ)."""
        return {row["name"] for row in self._rows("SELECT name FROM documents")}

    def document(self, ref: int | str) -> Document:
        """A document by id, by exact name, or by unique name prefix."""
        ref_s = str(ref)
        row = None
        if ref_s.isascii() and ref_s.isdigit():
            row = self._row(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", [int(ref_s)])
        row = row or self._row(f"SELECT {_DOC_COLUMNS} FROM documents WHERE name = ?", [ref_s])
        if row:
            return _document(row)
        rows = self._rows(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE name LIKE ? ESCAPE '\\' ORDER BY id",
            [ref_s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"])
        if len(rows) == 1:
            return _document(rows[0])
        if rows:
            names = ", ".join(r["name"] for r in rows[:5])
            raise NotFound(f"'{ref}' matches several documents ({names})", field="document")
        raise NotFound(f"no document '{ref}' (see `casebook docs`)", field="document")

    def whole_documents(self) -> list[Document]:
        """Every document with its text, in the order they came in, in one query (another
        copy's, read whole: each of thirty hand-ins)."""
        return [_document(row) for row in self._rows(
            f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY id")]

    def document_hashes(self) -> dict[int, tuple[str, str]]:
        """Every document's id -> (name, sha256), without its text (feedback checks that
        the exercise's documents are the texts it was made of, as stored)."""
        return {row[0]: (row[1], row[2]) for row in self.db.execute(
            "SELECT id, name, sha256 FROM documents")}

    def document_bytes(self) -> list[tuple[int, str, str, bytes | None]] | None:
        """Every document as ``(id, name, sha256, its text's UTF-8 bytes)`` (``None`` for
        a text stored as anything but text), in the order of :meth:`whole_documents`; or
        ``None`` for a database not in UTF-8. For a reader that only compares texts with
        ones it has (collect: thirty hand-ins' texts, not decoded into strings)."""
        if self._value("PRAGMA encoding") != "UTF-8":
            return None
        rows: list[tuple[int, str, str, bytes | None]] = self.db.execute(
            "SELECT id, name, sha256, CASE typeof(text) WHEN 'text' THEN CAST(text AS BLOB)"
            " END FROM documents ORDER BY id").fetchall()
        return rows

    def documents(self) -> list[DocumentSummary]:
        """Every document with its counts of turns, speakers, codings and coded characters.
        The codings are counted from the stored counts (coding_counts, migration 0064) and
        the coded characters read from document_coverage (:meth:`coded_chars`): a few rows
        per document, however many codings it has."""
        covered = self.coded_chars()
        return [DocumentSummary(**row, coded_chars=covered.get(row["id"], 0))
                for row in self._rows(
                    """SELECT d.id, d.name, d.kind, d.date, d.format, d.sha256, d.length,
                          (SELECT count(*) FROM turns t WHERE t.document_id = d.id) AS turns,
                          (SELECT count(*) FROM speakers s WHERE s.document_id = d.id)
                              AS speakers,
                          (SELECT coalesce(sum(k.n), 0) FROM coding_counts k
                              WHERE k.document_id = d.id) AS codings,
                          d.imported_at
                       FROM documents d ORDER BY d.id""")]

    def coded_chars(self) -> dict[int, int]:
        """Per document with codings, how many characters lie under at least one coding.

        Read from document_coverage; a document whose codings changed since its figure was
        stored (the triggers of migration 0064 drop its row) has it computed again
        (:meth:`_covered`) and stored, in a transaction of its own that does not wait: when
        another process holds the write lock, or the store is read-only, the figures are
        computed and not stored; so too in another thread than the one that opened the
        store (a worker of the workbench, whose reads must not begin a transaction on a
        connection the workbench writes with). Inside an open transaction they are stored
        in it (and go if it is rolled back)."""
        stored = dict(self.db.execute("SELECT document_id, coded_chars FROM document_coverage"))
        stale = self._stale_coverage(stored)
        if not stale:
            return stored
        if self.read_only or getattr(self, "_opener", None) != get_ident():
            return {**stored, **self._covered(stale)}
        if self.in_transaction:
            return {**stored, **self._store_coverage(stale)}
        if not begin_without_waiting(self.db):
            return {**stored, **self._covered(stale)}
        try:  # another process may have changed or stored some since the first read
            fresh = dict(self.db.execute(
                "SELECT document_id, coded_chars FROM document_coverage"))
            fresh.update(self._store_coverage(self._stale_coverage(fresh)))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.rollback()
            raise
        return fresh

    def _stale_coverage(self, stored: dict[int, int]) -> list[int]:
        """The documents with codings whose coded characters are not in ``stored``."""
        return [row[0] for row in self.db.execute(
            "SELECT DISTINCT document_id FROM coding_counts") if row[0] not in stored]

    def _store_coverage(self, documents: list[int]) -> dict[int, int]:
        """:meth:`_covered` of ``documents``, stored in document_coverage (in the open
        transaction)."""
        covered = self._covered(documents)
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO document_coverage (document_id, coded_chars)"
            " VALUES (?, ?)", list(covered.items()))
        return covered

    def _covered(self, documents: list[int]) -> dict[int, int]:
        """Per document of ``documents``, how many characters lie under at least one
        coding: the union of the codings' spans, in order of position. Of the codings that
        start at one position only the longest counts, so SQLite reads them off the
        covering index codings_document (grouped as it holds them) and Python sees one row
        per position, not per coding. (A window function over the index -- each coding's
        end beyond the running maximum of the ends before it -- costs SQLite more than this
        loop costs Python.)"""
        result: dict[int, int] = {}
        for document_id in documents:
            total, first, last = 0, -1, -1  # the running union: its start and end
            for start, end in self.db.execute(
                    'SELECT start, max("end") FROM codings WHERE document_id = ?'
                    " GROUP BY start ORDER BY start", [document_id]):
                if start <= last:
                    if end > last:
                        last = end
                    continue
                total += last - first
                first, last = start, end
            result[document_id] = total + last - first
        return result

    def set_document_meta(self, document_id: int, *, kind: str | None = None,
                          date: str | None = None,
                          attributes: dict[str, str] | None = None) -> None:
        """Change a document's kind, date or attributes (``None`` keeps them)."""
        with self.transaction():
            self.db.execute(
                "UPDATE documents SET kind = coalesce(?, kind), date = coalesce(?, date),"
                " attributes = coalesce(?, attributes) WHERE id = ?",
                [kind, date, as_json(attributes) if attributes is not None
                 else None, document_id])

    # -- speakers -------------------------------------------------------------------
    def speakers(self, document_id: int) -> list[Speaker]:
        """The document's speakers in the order they were found."""
        return [Speaker(**row) for row in self._rows(
            "SELECT label, role, pseudonym FROM speakers WHERE document_id = ? ORDER BY rowid",
            [document_id])]

    def set_speaker(self, document_id: int, label: str, *, role: str | None = None,
                    pseudonym: str | None = None) -> None:
        """Give a speaker a role or a pseudonym (``None`` keeps them); one with a control
        character (a line end, a terminal code) is refused: outputs print both on a line."""
        for name, value in (("role", role), ("pseudonym", pseudonym)):
            bad = next((c for c in value or "" if ord(c) < 32 or 127 <= ord(c) < 160), None)
            if bad is not None:
                raise CasebookError(f"holds a control character ({bad!r}); give one line of"
                                    " text", field=name)
        with self.transaction():
            cursor = self.db.execute(
                "UPDATE speakers SET role = coalesce(?, role), pseudonym = coalesce(?, pseudonym)"
                " WHERE document_id = ? AND label = ?", [role, pseudonym, document_id, label])
            if cursor.rowcount == 0:
                raise NotFound(f"no speaker '{label}' in this document", field="speaker")

    def speaker_history(self) -> dict[tuple[str, str], dict[str, set[str]]]:
        """(document sha256, label) -> {"role": earlier roles, "pseudonym": earlier
        pseudonyms} of the speakers whose role or pseudonym changed."""
        history: dict[tuple[str, str], dict[str, set[str]]] = {}
        for row in self._rows("SELECT document_sha256, label, role, pseudonym"
                              " FROM speaker_history"):
            earlier = history.setdefault((row["document_sha256"], row["label"]),
                                         {"role": set(), "pseudonym": set()})
            for name in ("role", "pseudonym"):
                if row[name]:
                    earlier[name].add(row[name])
        return history

    # -- turns and sentences ----------------------------------------------------------
    def turns(self, document_id: int) -> list[Turn]:
        """The document's turns in order."""
        return [Turn(**row) for row in self._rows(
            f"SELECT {_TURN_COLUMNS} FROM turns WHERE document_id = ? ORDER BY idx",
            [document_id])]

    def sentences(self, document_id: int) -> list[Sentence]:
        """The document's sentences in order."""
        return [Sentence(**row) for row in self._rows(
            'SELECT start, "end" FROM sentences WHERE document_id = ? ORDER BY idx',
            [document_id])]

    def turn_rows(self, document_id: int, limit: int | None = None) -> list[TurnRow]:
        """The document's turns in order (the first ``limit``), as light TurnRow tuples (the
        workbench's read)."""
        return list(map(TurnRow._make, self.db.execute(
            f"SELECT {_TURN_COLUMNS} FROM turns WHERE document_id = ? ORDER BY idx LIMIT ?",
            [document_id, -1 if limit is None else limit])))

    def turn_speakers(self, document_ids: list[int]
                      ) -> dict[int, tuple[list[int], list[str | None]]]:
        """Per document of ``document_ids`` with turns: its turns' starts and speakers, in
        order, in one statement (feedback's read: a speaker by position in each)."""
        found: dict[int, tuple[list[int], list[str | None]]] = {}
        if not document_ids:
            return found
        for document, start, speaker in self.db.execute(
                "SELECT document_id, start, speaker FROM turns WHERE document_id IN"
                f" ({', '.join('?' * len(document_ids))}) ORDER BY document_id, idx",
                document_ids):
            starts, speakers = found.get(document) or found.setdefault(document, ([], []))
            starts.append(start)
            speakers.append(speaker)
        return found

    def document_sizes(self) -> list[tuple[int, str, int]]:
        """Every document as ``(id, name, length)``, by id (agreement's read)."""
        return self.db.execute("SELECT id, name, length FROM documents ORDER BY id").fetchall()

    def sentence_spans(self, document_id: int,
                       until: int | None = None) -> list[tuple[int, int]]:
        """The document's sentences (those starting before offset ``until``) as ``(start,
        end)`` pairs, in order (the workbench's read). The rows come in order of position,
        so reading stops at the first one past ``until``: the first screen's sentences of a
        long transcript cost what they hold, not what the document holds."""
        rows = self.db.execute('SELECT start, "end" FROM sentences WHERE document_id = ?'
                               " ORDER BY idx", [document_id])
        return rows.fetchall() if until is None else list(
            takewhile(lambda row: row[0] < until, rows))

    def document_head(self, document_id: int, end: int) -> tuple[str, str]:
        """A document's name and the first ``end`` characters of its text (the workbench's
        first screen of a long transcript). The text is read as a blob, only its first
        bytes (at most four per character; the database is UTF-8): SQL's substr would read
        all of it."""
        row = self._row("SELECT name FROM documents WHERE id = ?", [document_id])
        if row is None:
            raise NotFound(f"no document {document_id}", field="document")
        with self.db.conn.blobopen("documents", "text", document_id, readonly=True) as blob:
            data = blob.read(4 * end)
        return row["name"], codecs.getincrementaldecoder("utf-8")().decode(data)[:end]
