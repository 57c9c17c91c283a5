"""Reads the coding workbench needs fast on long transcripts: rows as light tuples rather
than dataclasses (a 20,000-turn transcript opens in a fraction of the time)."""

from __future__ import annotations

from typing import NamedTuple

from casebook.store.base import StoreBase

MIGRATIONS: dict[str, list[str]] = {}


class TurnRow(NamedTuple):
    """A turn, read-only, with the fields of :class:`casebook.model.Turn`."""

    start: int
    end: int
    speaker: str | None = None
    time_start: float | None = None
    time_end: float | None = None


class TuiStore(StoreBase):
    def turn_rows(self, document_id: int) -> list[TurnRow]:
        """The document's turns in order, as TurnRow tuples."""
        return list(map(TurnRow._make, self.db.execute(
            'SELECT start, "end", speaker, time_start, time_end FROM turns'
            " WHERE document_id = ? ORDER BY idx", [document_id])))

    def sentence_spans(self, document_id: int) -> list[tuple[int, int]]:
        """The document's sentences as ``(start, end)`` pairs, in order."""
        return self.db.execute(
            'SELECT start, "end" FROM sentences WHERE document_id = ? ORDER BY idx',
            [document_id]).fetchall()
