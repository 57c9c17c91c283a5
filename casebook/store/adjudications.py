"""The adjudications tables: decisions on the differences between two coders, from which the
``consensus`` coder is built, and the codings of A and B each decision settled (its
sources: ids and spans, so a decision survives edits and is flagged when they change)."""

from __future__ import annotations

from casebook.errors import NotFound
from casebook.model import Decision
from casebook.store.base import StoreBase, now
from casebook.store.jsoncol import as_json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_COLUMNS = "key, coder_a, coder_b, document_id, code_id, kind, take, coding_ids, decided"
Source = tuple[int, str, int, int]  # coding id, side "a"/"b", start, end


def _decision(row: dict[str, Any], sources: list[Source] | tuple[()] = ()) -> Decision:
    import json

    return Decision(**{**row, "coding_ids": tuple(json.loads(row["coding_ids"])),
                       "sources": tuple(sources)})


class AdjudicationStore(StoreBase):
    def record_decision(self, decision: Decision) -> None:
        """Store a decision, replacing an earlier one on the same difference."""
        with self.transaction():
            self.db.execute(
                f"INSERT OR REPLACE INTO adjudications ({_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [decision.key, decision.coder_a, decision.coder_b, decision.document_id,
                 decision.code_id, decision.kind, decision.take,
                 as_json(list(decision.coding_ids)), decision.decided or now()])
            self.db.execute("DELETE FROM adjudication_sources WHERE key = ?", [decision.key])
            self.db.conn.executemany(
                'INSERT INTO adjudication_sources (key, coding_id, side, start, "end")'
                " VALUES (?, ?, ?, ?, ?)", [[decision.key, *source]
                                            for source in decision.sources])

    def decision(self, key: str) -> Decision | None:
        """The decision on the difference ``key``, if one was made."""
        row = self._row(f"SELECT {_COLUMNS} FROM adjudications WHERE key = ?", [key])
        return _decision(row, self._sources([key]).get(key, ())) if row else None

    def _sources(self, keys: list[str] | None = None) -> dict[str, list[Source]]:
        where = f" WHERE key IN ({', '.join('?' * len(keys))})" if keys is not None else ""
        found: dict[str, list[Source]] = {}
        for row in self._rows('SELECT key, coding_id, side, start, "end"'
                              f" FROM adjudication_sources{where} ORDER BY key, coding_id",
                              keys or ()):
            found.setdefault(row["key"], []).append(
                (row["coding_id"], row["side"], row["start"], row["end"]))
        return found

    def decisions(self, coder_a: str | None = None, coder_b: str | None = None
                  ) -> list[Decision]:
        """Every decision, or those between ``coder_a`` and ``coder_b``."""
        where, params = "", []
        if coder_a and coder_b:
            where, params = " WHERE coder_a = ? AND coder_b = ?", [coder_a, coder_b]
        sources = self._sources()
        return [_decision(row, sources.get(row["key"], ())) for row in self._rows(
            f"SELECT {_COLUMNS} FROM adjudications{where} ORDER BY document_id, key", params)]

    def remove_decision(self, key: str) -> Decision:
        """Delete a decision; returns it as it was."""
        found = self.decision(key)
        if found is None:
            raise NotFound(f"no decision on '{key}'", field="id")
        with self.transaction():
            self.db.execute("DELETE FROM adjudications WHERE key = ?", [key])
        return found
