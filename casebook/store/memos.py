"""The memos table: free text on the project, a document, a code or a coding."""

from __future__ import annotations

from casebook.errors import CasebookError
from casebook.model import MEMO_TARGETS, Memo
from casebook.store.base import StoreBase, now


class MemoStore(StoreBase):
    def add_memo(self, memo: Memo) -> int:
        """Store ``memo``; sets and returns its id."""
        if memo.target_kind not in MEMO_TARGETS:
            raise CasebookError(f"a memo is on one of {', '.join(MEMO_TARGETS)}",
                                field="target")
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO memos (target_kind, target_id, text, coder_id, created)"
                " VALUES (?, ?, ?, ?, ?)",
                [memo.target_kind, str(memo.target_id), memo.text, memo.coder_id,
                 memo.created or now()])
        memo.id = self._new_id(cursor)
        return memo.id

    def memos(self, target_kind: str | None = None, target_id: str | None = None) -> list[Memo]:
        """Memos in the order they were written, optionally only those on one target."""
        where, params = [], []
        if target_kind:
            where.append("target_kind = ?")
            params.append(target_kind)
        if target_id is not None:
            where.append("target_id = ?")
            params.append(str(target_id))
        return [Memo(**row) for row in self._rows(
            "SELECT id, target_kind, target_id, text, coder_id, created FROM memos"
            + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id", params)]
