"""Pseudonymisation: findings of personal data per document, the project-wide mapping of
surface forms to replacements, and per document which text was scanned and reviewed.

Findings are code-point offsets into a document's immutable text. A finding's ``decision``
is ``proposed`` until the researcher accepts, rejects or edits it.
"""

from __future__ import annotations

from typing import Any

from casebook.errors import NotFound
from casebook.model import FINDING_DECISIONS, PrivacyFinding, PrivacyScan
from casebook.store.base import StoreBase, now

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

    def privacy_counts(self, document_id: int) -> dict[str, int]:
        """How many of the document's findings have each decision."""
        counts = dict.fromkeys(FINDING_DECISIONS, 0)
        for row in self._rows("SELECT decision, count(*) AS n FROM privacy_findings"
                              " WHERE document_id = ? GROUP BY decision", [document_id]):
            counts[row["decision"]] = row["n"]
        return counts
