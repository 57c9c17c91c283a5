"""The codings table read for the analysis reports: codings with their text and memos, the
speakers they overlap, codes that overlap, and agreement's columns (the base of
:class:`~casebook.store.codings.CodingStore`, which holds the rest of that table)."""

from __future__ import annotations

from collections.abc import Sequence

from casebook.model import CodedFragment, CodingSpeaker
from casebook.store.base import StoreBase

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def coding_filter(alias: str, coder_ids: Sequence[str] | None,
                  code_ids: Sequence[str] | None) -> tuple[list[str], list[Any]]:
    """WHERE terms (and their parameters) keeping the codings of these coders and codes."""
    where: list[str] = []
    params: list[Any] = []
    for column, values in ((f"{alias}.coder_id", coder_ids), (f"{alias}.code_id", code_ids)):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    return where, params


class CodingReports(StoreBase):
    def coding_memos(self, coding_ids: Sequence[int | None] | None = None,
                     ) -> dict[int, dict[str, str]]:
        """Coding id -> coder id -> the last memo that coder wrote on that coding (a coding's
        own memo is its coder's: :attr:`Coding.memo`), of all codings or of ``coding_ids``."""
        where, params = "", []
        if coding_ids is not None:
            where = f" AND target_id IN ({', '.join('?' * len(coding_ids))})"
            params = [str(i) for i in coding_ids]
        memos: dict[int, dict[str, str]] = {}
        for target, coder_id, text in self.db.execute(
                "SELECT CAST(target_id AS INTEGER), coder_id, text FROM memos"
                " WHERE target_kind = 'coding' AND target_id = CAST(CAST(target_id AS INTEGER)"
                f" AS TEXT){where} ORDER BY id", params):
            memos.setdefault(target, {})[coder_id] = text
        return memos

    def report_codings(self, coder_ids: list[str] | None = None,
                       code_ids: list[str] | None = None) -> list[CodedFragment]:
        """Codings with their document's name, coder's name and text, in document order.
        (Each text is cut in Python from its document read once: SQLite's substr would read
        the whole document again for every coding.)"""
        where, params = coding_filter("c", coder_ids, code_ids)
        rows = self._rows(
            f"""SELECT c.id, c.document_id, d.name AS document, c.start, c."end", c.code_id,
                       k.name AS coder, c.coder_id
                FROM codings c JOIN documents d ON d.id = c.document_id
                JOIN coders k ON k.id = c.coder_id
                WHERE {" AND ".join(where) or "1"}
                ORDER BY d.id, c.start, c."end", c.code_id, k.name""", params)
        texts = {doc_id: self._value("SELECT text FROM documents WHERE id = ?", [doc_id])
                 for doc_id in {row["document_id"] for row in rows}}
        own, found = self.coding_memos(), []
        for row in rows:
            coder_id = row.pop("coder_id")
            memo = own[row["id"]].get(coder_id) if row["id"] in own else None
            found.append(CodedFragment(**row, memo=memo,
                                       text=texts[row["document_id"]][row["start"]:row["end"]]))
        return found

    def coding_speakers(self, coder_ids: list[str] | None = None,
                        code_ids: list[str] | None = None) -> list[CodingSpeaker]:
        """For every turn with a speaker that a coding overlaps, one row per coding and
        speaker: the speaker's role and how many characters overlap."""
        where, params = coding_filter("c", coder_ids, code_ids)
        return [CodingSpeaker(**row) for row in self._rows(
            f"""SELECT c.id AS coding_id, t.speaker, s.role,
                       sum(min(c."end", t."end") - max(c.start, t.start)) AS chars
                FROM codings c
                JOIN turns t ON t.document_id = c.document_id AND t.start < c."end"
                            AND t."end" > c.start AND t.speaker IS NOT NULL
                LEFT JOIN speakers s ON s.document_id = t.document_id AND s.label = t.speaker
                WHERE {" AND ".join(where) or "1"}
                GROUP BY c.id, t.speaker ORDER BY c.id, min(t.idx)""", params)]

    def overlapping_pairs(self, coder_ids: list[str] | None = None,
                          code_ids: list[str] | None = None) -> list[tuple[str, str, int]]:
        """(code a, code b, pairs): codings of two different codes by the same coder that
        overlap in the same document; each unordered pair is counted in both directions."""
        where_a, params_a = coding_filter("a", coder_ids, code_ids)
        where_b, params_b = coding_filter("b", coder_ids, code_ids)
        return [(row["a"], row["b"], row["pairs"]) for row in self._rows(
            f"""SELECT a.code_id AS a, b.code_id AS b, count(*) AS pairs FROM codings a
                JOIN codings b ON b.document_id = a.document_id AND b.coder_id = a.coder_id
                     AND b.code_id <> a.code_id AND a.start < b."end" AND b.start < a."end"
                WHERE {" AND ".join(where_a + where_b) or "1"}
                GROUP BY a.code_id, b.code_id""", params_a + params_b)]

    # -- agreement's read: columns, not rows ----------------------------------------------
    def coding_columns(self, code_ids: Sequence[str], coder_ids: Sequence[str]
                       ) -> tuple[str, str, str, str, str]:
        """Every coding as five columns of comma-separated integers: document id, start,
        end, the code's position in ``code_ids`` and the coder's in ``coder_ids`` (-1 when
        not there), in the order of the unique index codings_document (document, start, end,
        code, coder: migration 0066), which SQLite reads rather than the table. One row for
        all codings, so agreement turns 80,000 codings into arrays without a Python object
        per coding (``numpy.fromstring(column, sep=",")``); empty strings when there are
        none."""
        def position(column: str, values: Sequence[str]) -> str:
            whens = " ".join(f"WHEN ? THEN {n}" for n in range(len(values)))
            return f"CASE {column} {whens} ELSE -1 END" if values else "-1"

        row = self.db.execute(
            'SELECT group_concat(document_id), group_concat(start), group_concat("end"),'
            f" group_concat({position('code_id', code_ids)}),"
            f" group_concat({position('coder_id', coder_ids)}) FROM codings",
            [*code_ids, *coder_ids]).fetchone()
        return (row[0] or "", row[1] or "", row[2] or "", row[3] or "", row[4] or "")

    def unit_columns(self, table: str) -> tuple[str, str, str]:
        """Every document's sentences (``table="sentences"``) or turns (``"turns"``) as three
        columns of comma-separated integers: document id, start, end (agreement's read, as
        :meth:`coding_columns`; in no particular order)."""
        if table not in ("sentences", "turns"):
            raise ValueError(table)
        row = self.db.execute('SELECT group_concat(document_id), group_concat(start),'
                              f' group_concat("end") FROM {table}').fetchone()
        return (row[0] or "", row[1] or "", row[2] or "")
