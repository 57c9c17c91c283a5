"""Pseudonymisation: findings of personal data per document, the project-wide mapping of
surface forms to replacements, per document which text was scanned and reviewed, and what the
gate keeps. Findings are code-point offsets into a document's immutable text. A finding's
``decision`` is ``proposed`` until the researcher accepts, rejects or edits it.
"""

from __future__ import annotations

from collections.abc import Callable
from sqlite3 import OperationalError
from threading import get_ident

from casebook.errors import NotFound
from casebook.model import FINDING_DECISIONS, PrivacyFinding, PrivacyScan, Speaker, Turn
from casebook.store.base import StoreBase, now
from casebook.store.jsoncol import as_json
from casebook.store.nowait import begin_without_waiting

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_ASIDE = 1 << 40  # where a purge parks a document's codings and findings while it moves them
_COLUMNS = ('id, document_id, start, "end", category, text, key, replacement, decision,'
            " detector, created, decided")


class PrivacyStore(StoreBase):
    # -- findings -------------------------------------------------------------------
    def privacy_findings(self, document_id: int | None = None, *,
                         decision: str | None = None) -> list[PrivacyFinding]:
        """Findings in document order, optionally of one document or one decision."""
        sql = f"SELECT {_COLUMNS} FROM privacy_findings WHERE 1 = 1"
        params: list[Any] = []
        if document_id is not None:
            sql += " AND document_id = ?"
            params.append(document_id)
        if decision is not None:
            sql += " AND decision = ?"
            params.append(decision)
        sql += " ORDER BY document_id, start"
        return [PrivacyFinding(**row) for row in self._rows(sql, params)]

    def privacy_finding_rows(self) -> list[tuple[int, int, int, int, str, str, str, str, str]]:
        """Every finding as a tuple (id, document_id, start, end, category, text, key,
        replacement, decision), in the order of :meth:`privacy_findings` (the gate's read)."""
        return self.db.execute(
            'SELECT id, document_id, start, "end", category, text, key, replacement, decision'
            " FROM privacy_findings ORDER BY document_id, start").fetchall()

    def privacy_finding(self, finding_id: int) -> PrivacyFinding:
        """One finding by id."""
        row = self._row(f"SELECT {_COLUMNS} FROM privacy_findings WHERE id = ?", [finding_id])
        if row is None:
            raise NotFound(f"no finding {finding_id} (see `casebook pseudo review`)",
                           field="finding")
        return PrivacyFinding(**row)

    def add_privacy_finding(self, f: PrivacyFinding) -> int:
        """Store a finding; sets and returns its id."""
        with self.transaction():
            cursor = self.db.execute(
                'INSERT INTO privacy_findings (document_id, start, "end", category, text, key,'
                " replacement, decision, detector, created, decided)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [f.document_id, f.start, f.end, f.category, f.text, f.key, f.replacement,
                 f.decision, f.detector, f.created or now(), f.decided])
        f.id = self._new_id(cursor)
        return f.id

    def delete_privacy_findings(self, ids: list[int]) -> None:
        """Delete these findings (a rescan drops proposals it no longer finds)."""
        with self.transaction():
            self.db.conn.executemany("DELETE FROM privacy_findings WHERE id = ?",
                                     [(i,) for i in ids])

    def decide_privacy_finding(self, finding_id: int, decision: str,
                               replacement: str | None = None) -> None:
        """Record the researcher's decision on a finding, optionally with its own replacement."""
        if decision not in FINDING_DECISIONS:
            raise ValueError(decision)
        with self.transaction():
            cursor = self.db.execute(
                "UPDATE privacy_findings SET decision = ?, replacement = coalesce(?, replacement),"
                " decided = ? WHERE id = ?",
                [decision, replacement, None if decision == "proposed" else now(), finding_id])
            if cursor.rowcount == 0:
                raise NotFound(f"no finding {finding_id}", field="finding")

    def follow_privacy_mapping(self, category: str, key: str, replacement: str) -> int:
        """Give every proposed or accepted finding of (category, key) ``replacement``;
        individually edited ones keep theirs. Returns how many changed."""
        with self.transaction():
            cursor = self.db.execute(
                "UPDATE privacy_findings SET replacement = ? WHERE category = ? AND key = ?"
                " AND decision IN ('proposed', 'accepted') AND replacement != ?",
                [replacement, category, key, replacement])
        return cursor.rowcount

    # -- mapping --------------------------------------------------------------------
    def privacy_mapping(self, category: str | None = None) -> dict[tuple[str, str], str]:
        """(category, surface form) -> replacement, project-wide, oldest first."""
        sql = "SELECT category, key, replacement FROM privacy_mapping"
        params: list[Any] = []
        if category is not None:
            sql += " WHERE category = ?"
            params.append(category)
        return {(row["category"], row["key"]): row["replacement"]
                for row in self._rows(sql + " ORDER BY rowid", params)}

    def set_privacy_mapping(self, category: str, key: str, replacement: str) -> None:
        """Set the replacement of (category, key) for the whole project."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO privacy_mapping (category, key, replacement, created)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (category, key)"
                " DO UPDATE SET replacement = excluded.replacement",
                [category, key, replacement, now()])

    def privacy_known_keys(self, category: str) -> list[str]:
        """Keys of ``category`` that some document has and nobody rejected everywhere."""
        return [row["key"] for row in self._rows(
            "SELECT DISTINCT key FROM privacy_findings WHERE category = ?"
            " AND decision != 'rejected' ORDER BY key", [category])]

    # -- per document ---------------------------------------------------------------
    def privacy_scan(self, document_id: int) -> PrivacyScan | None:
        """What was scanned and reviewed of a document, if it was ever scanned."""
        row = self._row(
            "SELECT document_id, scanned_sha256, scanned_at, detectors, reviewed_sha256,"
            " reviewed_at FROM privacy_documents WHERE document_id = ?", [document_id])
        return PrivacyScan(**row) if row else None

    def set_privacy_scanned(self, document_id: int, sha256: str, detectors: str) -> None:
        """Record that the document's text ``sha256`` was scanned by ``detectors``."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO privacy_documents (document_id, scanned_sha256, scanned_at,"
                " detectors) VALUES (?, ?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET"
                " scanned_sha256 = excluded.scanned_sha256, scanned_at = excluded.scanned_at,"
                " detectors = excluded.detectors",
                [document_id, sha256, now(), detectors])

    def set_privacy_reviewed(self, document_id: int, sha256: str | None) -> None:
        """Record that the text ``sha256`` was reviewed (``None``: no longer reviewed)."""
        with self.transaction():
            cursor = self.db.execute(
                "UPDATE privacy_documents SET reviewed_sha256 = ?, reviewed_at = ?"
                " WHERE document_id = ?", [sha256, now() if sha256 else None, document_id])
            if cursor.rowcount == 0:
                raise NotFound("document was never scanned (run `casebook pseudo scan`)",
                               field="document")

    def privacy_status_inputs(self, document_id: int) -> tuple[str, str | None, str, int] | None:
        """What a document's status is made of, in one read: the text scanned and the text
        reviewed (sha256), the document's own, and how many findings are proposed; None if
        it was never scanned (or there is no such document)."""
        row = self.db.execute(
            "SELECT p.scanned_sha256, p.reviewed_sha256, d.sha256, (SELECT count(*) FROM"
            " privacy_findings f WHERE f.document_id = p.document_id AND f.decision ="
            " 'proposed') FROM privacy_documents p JOIN documents d ON d.id = p.document_id"
            " WHERE p.document_id = ?", [document_id]).fetchone()
        return None if row is None else (row[0], row[1], row[2], row[3])

    def privacy_speakers(self) -> dict[int, list[tuple[str, str | None]]]:
        """Every document's speakers, as (label, pseudonym) in the order they were found, in
        one read (:meth:`~casebook.store.documents.DocumentStore.speakers` reads one
        document's)."""
        speakers: dict[int, list[tuple[str, str | None]]] = {}
        for document_id, label, pseudonym in self.db.execute(
                "SELECT document_id, label, pseudonym FROM speakers ORDER BY document_id,"
                " rowid"):
            speakers.setdefault(document_id, []).append((label, pseudonym))
        return speakers

    def privacy_display_names(self) -> dict[int, str]:
        """Per reviewed document, the neutral name outputs show instead of its own."""
        return {row["document_id"]: row["display_name"] for row in self._rows(
            "SELECT document_id, display_name FROM privacy_documents"
            " WHERE display_name IS NOT NULL")}

    def set_privacy_display_name(self, document_id: int, name: str | None) -> None:
        """Set the name outputs show for a scanned document (``None``: its own)."""
        with self.transaction():
            cursor = self.db.execute(
                "UPDATE privacy_documents SET display_name = ? WHERE document_id = ?",
                [name, document_id])
            if cursor.rowcount == 0:
                raise NotFound("document was never scanned (run `casebook pseudo scan`)",
                               field="document")

    def privacy_counts(self, document_id: int) -> dict[str, int]:
        """How many of the document's findings have each decision."""
        counts = dict.fromkeys(FINDING_DECISIONS, 0)
        for row in self._rows("SELECT decision, count(*) AS n FROM privacy_findings"
                              " WHERE document_id = ? GROUP BY decision", [document_id]):
            counts[row["decision"]] = row["n"]
        return counts

    # -- the gate's everyday words (migration 0065) ----------------------------------------
    def privacy_words(self, rules: str) -> list[tuple[int, str, str | None]]:
        """Per document, in order: its id, its text's sha256, and the words stored for that
        text under ``rules`` (None if none are, or the schema has no such table: a database
        opened read-only without its migrations)."""
        try:
            return [(row[0], row[1], row[2]) for row in self.db.execute(
                "SELECT d.id, d.sha256, w.words FROM documents d LEFT JOIN privacy_words w"
                " ON w.document_sha256 = d.sha256 AND w.rules = ? ORDER BY d.id", [rules])]
        except OperationalError as err:
            if "no such table: privacy_words" not in str(err):
                raise
            return [(row[0], row[1], None) for row in self.db.execute(
                "SELECT id, sha256 FROM documents ORDER BY id")]

    def privacy_words_kept(self, rules: str) -> list[tuple[str, bool]]:
        """Per document, in order: its text's sha256, and whether words are stored for that
        text under ``rules`` (:meth:`privacy_words` without reading them)."""
        try:
            return [(row[0], bool(row[1])) for row in self.db.execute(
                "SELECT d.sha256, EXISTS (SELECT 1 FROM privacy_words w WHERE"
                " w.document_sha256 = d.sha256 AND w.rules = ?) FROM documents d ORDER BY d.id",
                [rules])]
        except OperationalError as err:
            if "no such table: privacy_words" not in str(err):
                raise
            return [(row[0], False) for row in self.db.execute(
                "SELECT sha256 FROM documents ORDER BY id")]

    def store_privacy_words(self, rules: str, words: dict[str, str]) -> bool:
        """Keep ``words`` (by text sha256) under ``rules``, and drop what other rules left
        (:meth:`_keep`: without waiting; whether they were stored)."""
        def put() -> None:
            self.db.execute("DELETE FROM privacy_words WHERE rules != ?", [rules])
            self.db.conn.executemany(  # only of a text some document has (it may have gone)
                "INSERT OR REPLACE INTO privacy_words (document_sha256, rules, words)"
                " SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM documents WHERE sha256 = ?)",
                [(sha, rules, text, sha) for sha, text in words.items()])
        return bool(words) and self._keep(put)

    def privacy_view(self, document_id: int, inputs: str
                     ) -> tuple[str, list[tuple[int, int, str]], list[tuple[int, int]],
                                dict[str, str]] | None:
        """The view of a document the gate stored under the digest ``inputs`` of all it was
        made from: its name, replacements, the spans review kept and its attributes; None
        if there is none (or this SQLite reads no JSON, or the table is not there). The
        lists are read by SQLite's JSON functions (Python's json takes 2 ms to import)."""
        try:
            row = self._row("SELECT name FROM privacy_views WHERE document_id = ?"
                            " AND inputs = ?", [document_id, inputs])
            if row is None:
                return None
            items = self.db.execute(
                "SELECT 'r', j.key, j.value ->> 0, j.value ->> 1, j.value ->> 2"
                " FROM privacy_views v, json_each(v.replacements) j WHERE v.document_id = ?"
                " UNION ALL SELECT 'k', j.key, j.value ->> 0, j.value ->> 1, NULL"
                " FROM privacy_views v, json_each(v.kept) j WHERE v.document_id = ?"
                " UNION ALL SELECT 'a', j.key, j.value ->> 0, NULL, j.value ->> 1"
                " FROM privacy_views v, json_each(v.attributes) j WHERE v.document_id = ?"
                " ORDER BY 1, 2", [document_id] * 3).fetchall()
        except OperationalError as err:
            if "no such" not in str(err):
                raise
            return None
        reps = [(s, e, r) for kind, _at, s, e, r in items if kind == "r"]
        kept = [(s, e) for kind, _at, s, e, _r in items if kind == "k"]
        attributes = {k: v for kind, _at, k, _e, v in items if kind == "a"}
        return row["name"], reps, kept, attributes

    def store_privacy_view(self, document_id: int, inputs: str, name: str,
                           replacements: str, kept: str, attributes: str) -> bool:
        """Keep a document's view (its lists as JSON) under ``inputs`` in place of the one it
        had (:meth:`_keep`: without waiting; whether it was stored)."""
        def put() -> None:
            self.db.execute(
                "INSERT OR REPLACE INTO privacy_views (document_id, inputs, name, replacements,"
                " kept, attributes) SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS"
                " (SELECT 1 FROM documents WHERE id = ?)",
                [document_id, inputs, name, replacements, kept, attributes, document_id])
        return self._keep(put)

    def privacy_checked(self, inputs: str) -> bool:
        """Whether a verdict is kept under ``inputs`` (False without the table: not migrated)."""
        try:
            found = self.db.execute("SELECT 1 FROM privacy_checked WHERE inputs = ?", [inputs])
            return found.fetchone() is not None
        except OperationalError as err:
            if "no such table: privacy_checked" not in str(err):
                raise
            return False

    def store_privacy_checked(self, inputs: str) -> bool:
        """Keep a verdict under ``inputs``, and the newest hundred only (:meth:`_keep`)."""
        def put() -> None:
            self.db.execute("INSERT OR IGNORE INTO privacy_checked (inputs) VALUES (?)", [inputs])
            self.db.execute("DELETE FROM privacy_checked WHERE id <= (SELECT max(id) - 100"
                            " FROM privacy_checked)")
        return self._keep(put)

    def _keep(self, put: Callable[[], None]) -> bool:
        """Run ``put`` (what the gate keeps, which it can make again) in a transaction of its
        own that does not wait: when another process holds the write lock, or the store is
        read-only, or this is not the thread that opened it, nothing is stored; inside an
        open transaction it is stored in it. Whether it was stored."""
        if self.read_only or getattr(self, "_opener", None) != get_ident():
            return False
        if self.in_transaction:
            put()
            return True
        if not begin_without_waiting(self.db):
            return False
        try:
            put()
            self.db.execute("COMMIT")
        except BaseException:
            self.db.rollback()
            raise
        return True

    # -- purge: the one way a document's text changes -------------------------------------
    def purge_document(self, document_id: int, *, text: str, sha256: str, name: str,
                       attributes: dict[str, str], source: str | None, turns: list[Turn],
                       sentences: list[tuple[int, int]], speakers: list[Speaker]) -> None:
        """Replace a document's text (and everything that names or points into it) by its
        pseudonymised version. The immutability trigger lets exactly this through: the
        document is marked in ``privacy_purging`` for the statement and unmarked after. Its
        codings and findings are parked out of the way; :meth:`purge_coding` and
        :meth:`purge_finding` put each on the new text, in the same transaction."""
        with self.transaction():
            old_sha = self.db.execute("SELECT sha256 FROM documents WHERE id = ?",
                                      [document_id]).fetchone()[0]
            self.db.execute("INSERT INTO privacy_purging (document_id) VALUES (?)", [document_id])
            self.db.execute(
                "UPDATE documents SET text = ?, sha256 = ?, length = ?, name = ?,"
                " attributes = ?, source = ? WHERE id = ?",
                [text, sha256, len(text), name, as_json(attributes),
                 source, document_id])
            self.db.execute("DELETE FROM privacy_purging WHERE document_id = ?", [document_id])
            self.db.execute("DELETE FROM turns WHERE document_id = ?", [document_id])
            self.db.conn.executemany(
                'INSERT INTO turns (document_id, idx, start, "end", speaker, time_start,'
                " time_end) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(document_id, i, t.start, t.end, t.speaker, t.time_start, t.time_end)
                 for i, t in enumerate(turns)])
            self.db.execute("DELETE FROM sentences WHERE document_id = ?", [document_id])
            self.db.conn.executemany(
                'INSERT INTO sentences (document_id, idx, start, "end") VALUES (?, ?, ?, ?)',
                [(document_id, i, s, e) for i, (s, e) in enumerate(sentences)])
            self.db.execute("DELETE FROM speakers WHERE document_id = ?", [document_id])
            self.db.conn.executemany(
                "INSERT INTO speakers (document_id, label, role, pseudonym) VALUES (?, ?, ?, ?)",
                [(document_id, sp.label, sp.role, sp.pseudonym) for sp in speakers])
            for table in ("speaker_history", "removed_codings"):  # what merge kept of the
                self.db.execute(  # original: earlier speaker labels and removed codings
                    f"DELETE FROM {table} WHERE document_sha256 IN (?, ?)", [old_sha, sha256])
            self.db.execute(
                "UPDATE privacy_documents SET scanned_sha256 = ?, reviewed_sha256 = ?,"
                " display_name = ? WHERE document_id = ?", [sha256, sha256, name, document_id])
            for table in ("codings", "privacy_findings"):  # out of the way of their new
                self.db.execute(  # offsets (both are unique per span), until moved there
                    f'UPDATE {table} SET start = start + ?, "end" = "end" + ? WHERE'
                    " document_id = ?", [_ASIDE, _ASIDE, document_id])

    def purge_coding(self, coding_id: int, start: int, end: int, memo: str | None) -> None:
        """Move a coding onto the purged text (and give its memo -- its coder's last memo
        on it, in the memos table -- the pseudonymised text); :meth:`purge_document` comes
        first."""
        with self.transaction():
            self.db.execute('UPDATE codings SET start = ?, "end" = ? WHERE id = ?',
                            [start, end, coding_id])
            if memo is not None:
                self.db.execute(
                    "UPDATE memos SET text = ? WHERE id = (SELECT max(m.id) FROM memos m"
                    " JOIN codings c ON c.id = ? AND m.coder_id = c.coder_id"
                    " WHERE m.target_kind = 'coding' AND m.target_id = CAST(c.id AS TEXT))",
                    [memo, coding_id])
            # the move left a tombstone of the parked place: no coding was removed
            self.db.execute("DELETE FROM removed_codings WHERE start >= ?", [_ASIDE])

    def purge_finding(self, finding_id: int, start: int, end: int, text: str, key: str) -> None:
        """Move a finding onto the purged text; an accepted one now holds its replacement."""
        with self.transaction():
            self.db.execute('UPDATE privacy_findings SET start = ?, "end" = ?, text = ?, key = ?'
                            " WHERE id = ?", [start, end, text, key, finding_id])

    def purge_memo(self, memo_id: int, text: str) -> None:
        """A memo's pseudonymised text."""
        with self.transaction():
            self.db.execute("UPDATE memos SET text = ? WHERE id = ?", [text, memo_id])

    def purge_mapping(self) -> int:
        """Forget the project's mapping (its keys are the originals); returns how many."""
        with self.transaction():
            return self.db.execute("DELETE FROM privacy_mapping").rowcount

    def compact(self) -> None:
        """Rewrite the database file without free pages or an old write-ahead log, so that
        nothing deleted can be read back from it (outside any transaction)."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.execute("VACUUM")
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
