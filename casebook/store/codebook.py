"""Codebook changes that move codings, counts per code, and the REFI-QDA GUIDs of codes."""

from __future__ import annotations

from casebook.store.base import StoreBase

MIGRATIONS = {
    "0010_code_guids": [
        """CREATE TABLE code_guids (
            guid TEXT PRIMARY KEY,
            code_id TEXT NOT NULL)""",
        "CREATE INDEX code_guids_code ON code_guids (code_id)",
    ]
}


class CodebookStore(StoreBase):
    def coding_counts(self) -> dict[str, int]:
        """Code id -> number of codings (all coders)."""
        return dict(self.db.execute(
            "SELECT code_id, count(*) FROM codings GROUP BY code_id").fetchall())

    def recode(self, source: str, target: str) -> tuple[int, int]:
        """Move every coding of ``source`` to ``target``; a coding that would repeat one
        already on ``target`` (same document, coder and span) is dropped. Memos on the code
        follow. Returns (moved, dropped)."""
        with self.transaction():
            moved = self.db.execute(
                "UPDATE OR IGNORE codings SET code_id = ? WHERE code_id = ?",
                [target, source]).rowcount
            dropped = self.db.execute("DELETE FROM codings WHERE code_id = ?",
                                      [source]).rowcount
            self.db.execute("UPDATE memos SET target_id = ? WHERE target_kind = 'code'"
                            " AND target_id = ?", [target, source])
        return moved, dropped

    def code_guids(self) -> dict[str, str]:
        """GUID (lower case) -> code id, for codes that came from a REFI-QDA file."""
        return dict(self.db.execute("SELECT guid, code_id FROM code_guids").fetchall())

    def set_code_guids(self, guids: dict[str, str]) -> None:
        """Remember ``code id -> GUID`` so export and re-import use the same GUID."""
        with self.transaction():
            for code_id, guid in guids.items():
                self.db.execute("INSERT OR REPLACE INTO code_guids (guid, code_id) VALUES (?, ?)",
                                [guid.lower(), code_id])

    def move_code_guids(self, source: str, target: str) -> None:
        """After a merge the source's GUIDs point at the target (a re-import matches)."""
        with self.transaction():
            self.db.execute("UPDATE code_guids SET code_id = ? WHERE code_id = ?",
                            [target, source])
