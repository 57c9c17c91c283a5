"""The adjudications table: decisions on the differences between two coders, from which the
``consensus`` coder is built."""

from __future__ import annotations

import json
from typing import Any

from casebook.errors import NotFound
from casebook.model import Decision
from casebook.store.base import StoreBase, now

_COLUMNS = "key, coder_a, coder_b, document_id, code_id, kind, take, coding_ids, decided"


def _decision(row: dict[str, Any]) -> Decision:
    return Decision(**{**row, "coding_ids": tuple(json.loads(row["coding_ids"]))})


class AdjudicationStore(StoreBase):
    def record_decision(self, decision: Decision) -> None:
        """Store a decision, replacing an earlier one on the same difference."""
        with self.transaction():
            self.db.execute(
                f"INSERT OR REPLACE INTO adjudications ({_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [decision.key, decision.coder_a, decision.coder_b, decision.document_id,
                 decision.code_id, decision.kind, decision.take,
                 json.dumps(list(decision.coding_ids)), decision.decided or now()])

    def decision(self, key: str) -> Decision | None:
        """The decision on the difference ``key``, if one was made."""
        row = self._row(f"SELECT {_COLUMNS} FROM adjudications WHERE key = ?", [key])
        return _decision(row) if row else None

    def decisions(self, coder_a: str | None = None, coder_b: str | None = None
                  ) -> list[Decision]:
        """Every decision, or those between ``coder_a`` and ``coder_b``."""
        where, params = "", []
        if coder_a and coder_b:
            where, params = " WHERE coder_a = ? AND coder_b = ?", [coder_a, coder_b]
        return [_decision(row) for row in self._rows(
            f"SELECT {_COLUMNS} FROM adjudications{where} ORDER BY document_id, key", params)]

    def remove_decision(self, key: str) -> Decision:
        """Delete a decision; returns it as it was."""
        found = self.decision(key)
        if found is None:
            raise NotFound(f"no decision on '{key}'", field="id")
        with self.transaction():
            self.db.execute("DELETE FROM adjudications WHERE key = ?", [key])
        return found
