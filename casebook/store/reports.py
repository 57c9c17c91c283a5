"""Reads for the analysis reports (casebook/reports.py): codings with their text, the
speakers whose turns they overlap, and overlapping pairs of codings."""

from __future__ import annotations

from casebook.store.base import StoreBase

MIGRATIONS: dict[str, list[str]] = {}


def _filter(alias: str, coder_ids, code_ids) -> tuple[str, list]:
    where, params = [], []
    for column, values in ((f"{alias}.coder_id", coder_ids), (f"{alias}.code_id", code_ids)):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    return (" AND ".join(where) or "1"), params


class ReportStore(StoreBase):
    def report_codings(self, coder_ids: list[str] | None = None,
                       code_ids: list[str] | None = None) -> list[tuple]:
        """(coding id, document id, document name, start, end, code id, coder name, memo,
        text) ordered by document and position."""
        where, params = _filter("c", coder_ids, code_ids)
        return self.db.execute(
            f"""SELECT c.id, c.document_id, d.name, c.start, c."end", c.code_id, k.name,
                       c.memo, substr(d.text, c.start + 1, c."end" - c.start)
                FROM codings c JOIN documents d ON d.id = c.document_id
                JOIN coders k ON k.id = c.coder_id
                WHERE {where} ORDER BY d.id, c.start, c."end", c.code_id, k.name""",
            params).fetchall()

    def coding_speakers(self, coder_ids: list[str] | None = None,
                        code_ids: list[str] | None = None) -> list[tuple]:
        """(coding id, speaker label, role, overlapping characters) for every turn with a
        speaker that a coding overlaps; one row per coding and speaker."""
        where, params = _filter("c", coder_ids, code_ids)
        return self.db.execute(
            f"""SELECT c.id, t.speaker, s.role,
                       sum(min(c."end", t."end") - max(c.start, t.start))
                FROM codings c
                JOIN turns t ON t.document_id = c.document_id AND t.start < c."end"
                            AND t."end" > c.start AND t.speaker IS NOT NULL
                LEFT JOIN speakers s ON s.document_id = t.document_id AND s.label = t.speaker
                WHERE {where} GROUP BY c.id, t.speaker ORDER BY c.id, min(t.idx)""",
            params).fetchall()

    def overlapping_pairs(self, coder_ids: list[str] | None = None,
                          code_ids: list[str] | None = None) -> list[tuple[str, str, int]]:
        """(code a, code b, pairs): codings of two different codes by the same coder that
        overlap in the same document; each unordered pair is counted in both directions."""
        where_a, params_a = _filter("a", coder_ids, code_ids)
        where_b, params_b = _filter("b", coder_ids, code_ids)
        return self.db.execute(
            f"""SELECT a.code_id, b.code_id, count(*) FROM codings a
                JOIN codings b ON b.document_id = a.document_id AND b.coder_id = a.coder_id
                     AND b.code_id <> a.code_id AND a.start < b."end" AND b.start < a."end"
                WHERE {where_a} AND {where_b} GROUP BY a.code_id, b.code_id""",
            params_a + params_b).fetchall()
