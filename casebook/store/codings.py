"""The codings table: a code applied by a coder to a span of a document.

A coding's id is never given to another coding (the table is ``AUTOINCREMENT``): adjudication
decisions and the workbench's undo hold on to ids. A coding's memo (``Coding.memo``) is the
memo its coder wrote on it last, kept in the memos table like every other memo (so the workbench
and ``casebook memo`` see the same memos); memos on a coding go when the coding goes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from dataclasses import replace
from operator import itemgetter, le, lt

from casebook.errors import CasebookError, NotFound
from casebook.model import Coding, Memo, RemovedCoding
from casebook.store.base import now
from casebook.store.coding_reports import CodingReports, coding_filter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# a coding as a row: (document id, start, end, code id, coder id, created, changed)
CodingRow = tuple[int, int, int, str, str, str | None, str | None]
_COUNTED = itemgetter(0, 3, 4)  # a row's (document id, code id, coder id)
_BY_PLACE = itemgetter(1, 2, 3)  # a numbered row's (document id, start, end)
_DOCUMENT, _START, _END, _CODE = (itemgetter(n) for n in range(4))  # a row's
_CODING_COLUMNS = ('c.id, c.document_id, c.start, c."end", c.code_id, c.coder_id, c.created,'
                   " k.name AS coder_name, c.changed")


def _all_good(rows: Sequence[CodingRow], lengths: dict[int, int], codes: set[str]) -> bool:
    """Whether every row names a document in ``lengths``, a span inside it and a code in
    ``codes`` (False also when a row is not even comparable: the loop then says why)."""
    if not rows:
        return True
    try:
        documents = list(map(_DOCUMENT, rows))
        starts, ends = list(map(_START, rows)), list(map(_END, rows))
        return (lengths.keys() >= set(documents) and codes.issuperset(map(_CODE, rows))
                and min(starts) >= 0 and all(map(lt, starts, ends))
                and all(map(le, ends, map(lengths.__getitem__, documents))))
    except (TypeError, IndexError):
        return False


class CodingStore(CodingReports):
    # -- one coding -----------------------------------------------------------------
    def add_coding(self, coding: Coding) -> int:
        """Store ``coding``; sets and returns its id. The same coding (document, code, coder
        and span) is not stored twice: the id of the one present is returned.

        When ``coding.id`` and ``coding.created`` are set (undo bringing back a removed
        coding) the coding is stored with exactly that id and time, so it comes back as
        itself and decisions that name it still do."""
        with self.transaction():
            length = self._value("SELECT length FROM documents WHERE id = ?",
                                 [coding.document_id])
            if length is None:
                raise NotFound(f"no document {coding.document_id}", field="document")
            if not (0 <= coding.start < coding.end <= length):
                raise CasebookError(
                    f"span {coding.start}-{coding.end} is outside the document (0-{length})",
                    field="start/end")
            if self._value("SELECT 1 FROM codes WHERE id = ?", [coding.code_id]) is None:
                raise NotFound(f"no code '{coding.code_id}' in the codebook"
                               " (see `casebook codebook show`)", field="code")
            if coding.id is None:  # coded again (a file loaded twice): nothing to write
                present = self.find_coding(coding.document_id, coding.code_id,
                                           coding.coder_id, coding.start, coding.end)
                if present is not None:  # (an INSERT that does nothing writes a page:
                    coding.id = present  # sqlite_sequence's, AUTOINCREMENT)
                    return present
            cursor = self.db.execute(
                'INSERT INTO codings (id, document_id, start, "end", code_id, coder_id,'
                " created, changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [coding.id, coding.document_id, coding.start, coding.end, coding.code_id,
                 coding.coder_id, coding.created or now(), coding.changed])
            if cursor.rowcount == 1:
                coding.id = self._new_id(cursor)
                self._counted([(coding.document_id, coding.code_id, coding.coder_id)])
                self._back(coding.id, coding.id)
                if coding.memo and coding.memo.strip():  # a coding that comes with its memo:
                    self._write_memo(coding.id, coding.coder_id, coding.memo,
                                     coding.created or now())
                    self.db.execute("UPDATE codings SET changed = ? WHERE id = ?",  # not an
                                    [coding.changed, coding.id])               # edit of it
                return coding.id
            present = self.find_coding(coding.document_id, coding.code_id, coding.coder_id,
                                       coding.start, coding.end)
            if present is None:
                raise CasebookError(f"coding id {coding.id} belongs to another coding",
                                    field="id")
            coding.id = present  # as add_codings sets it (`code add` prints it)
            return present

    def add_codings(self, codings: Sequence[Coding], *, savepoint: bool = True) -> list[int]:
        """Store many codings in one transaction, at ``executemany`` speed (imports, merges,
        ``code add --from``); returns each one's id, as ``add_coding`` would one by one.

        Each coding is checked as ``add_coding`` checks it; the first bad one raises, naming
        its position, and nothing is stored. New codings get consecutive fresh ids; one that
        is present already (or twice in ``codings``) gets the id of the one stored (its fresh
        id is then left unused: ids are never reused, gaps are harmless). ``savepoint=False``
        inside a transaction that is all or nothing anyway (the intake's): no savepoint of
        its own, in which SQLite writes twice as slowly (thirty hand-ins one after another:
        each journals the pages of the codings' indexes again)."""
        if any(c.id is not None for c in codings):  # undo and merges keep given ids
            with self.transaction():
                return [self.add_coding(c) for c in codings]
        with self.transaction() if savepoint or not self.in_transaction else nullcontext():
            stamp = now()
            first, stored = self._insert_rows(
                [(c.document_id, c.start, c.end, c.code_id, c.coder_id, c.created or stamp,
                  c.changed) for c in codings])
            ids = []
            for n, coding in enumerate(codings):
                if first + n in stored:
                    coding.id = first + n
                    if coding.memo and coding.memo.strip():
                        self._write_memo(coding.id, coding.coder_id, coding.memo,
                                         coding.created or stamp)
                        self.db.execute("UPDATE codings SET changed = ? WHERE id = ?",
                                        [coding.changed, coding.id])
                else:
                    coding.id = self.find_coding(coding.document_id, coding.code_id,
                                                 coding.coder_id, coding.start, coding.end)
                assert coding.id is not None  # it conflicted with a stored coding
                ids.append(coding.id)
            return ids

    def add_coding_rows(self, rows: Sequence[CodingRow], *, savepoint: bool = True
                        ) -> tuple[int, int]:
        """:meth:`add_codings` for codings without memos as rows :data:`CodingRow`
        (``created`` None or empty: now), no object per coding (collect's thirty hand-ins):
        checked, counted, their tombstones gone as there. Returns ``(first id, stored)``:
        the rows got ids ``first`` ... in order, and ``stored`` of them were new (a row
        present already stores nothing and leaves its id unused; :meth:`find_coding`)."""
        with self.transaction() if savepoint or not self.in_transaction else nullcontext():
            stamp = now()
            first, stored = self._insert_rows(
                [row if row[5] else (*row[:5], stamp, row[6]) for row in rows])
            return first, len(stored)

    def _insert_rows(self, rows: list[CodingRow]) -> tuple[int, range | set[int]]:
        """Check and insert ``rows`` (:meth:`add_coding_rows`' form, ``created`` set) with
        consecutive fresh ids, count them and take their tombstones away; returns the first
        id and the ids that were stored (those of rows present already were not)."""
        self._check_codings(rows)
        first = (self._value("SELECT seq FROM sqlite_sequence WHERE name = 'codings'")
                 or 0) + 1
        last = first + len(rows) - 1
        stored: range | set[int] = range(first, last + 1)
        numbered = [(n, *row) for n, row in enumerate(rows, first)]
        # in the order of the index codings_document, not of the ids: a fifth less work for
        # SQLite with thirty hand-ins; a row there twice keeps its first id (a stable sort)
        numbered.sort(key=_BY_PLACE)
        if self.db.conn.executemany(
                'INSERT INTO codings (id, document_id, start, "end", code_id, coder_id,'
                " created, changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                numbered).rowcount != len(rows):  # some were present: which were stored?
            stored = {row[0] for row in self.db.execute(
                "SELECT id FROM codings WHERE id BETWEEN ? AND ?", [first, last])}
            self._counted((row[0], row[3], row[4])
                          for n, row in enumerate(rows, first) if n in stored)
        else:
            self._counted(map(_COUNTED, rows))
        self._back(first, last)
        return first, stored

    def _counted(self, keys: Iterable[tuple[int, str, str]]) -> None:
        """Codings just stored -- each as its (document id, code id, coder id) -- counted in
        coding_counts, and their documents' coverage to be computed again (migration 0064:
        what a trigger per row would do, in a statement per document, code and coder). Both
        inserts above call it."""
        counts = Counter(keys)
        self.db.conn.executemany(
            "INSERT INTO coding_counts (document_id, code_id, coder_id, n) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO UPDATE SET n = n + excluded.n",
            [(*key, n) for key, n in counts.items()])
        self.db.conn.executemany("DELETE FROM document_coverage WHERE document_id = ?",
                                 [(d,) for d in {key[0] for key in counts}])

    def _back(self, first: int, last: int) -> None:
        """The codings stored with ids ``first`` to ``last`` are no longer removed: their
        tombstones go (migration 0063: what a trigger did row by row, in one statement,
        and only when there are tombstones at all). Both inserts above call it."""
        if self._value("SELECT EXISTS (SELECT 1 FROM removed_codings)"):
            self.db.execute(
                'DELETE FROM removed_codings WHERE (document_sha256, code_id, coder_id, start,'
                ' "end") IN (SELECT d.sha256, c.code_id, c.coder_id, c.start, c."end"'
                " FROM codings c JOIN documents d ON d.id = c.document_id"
                " WHERE c.id BETWEEN ? AND ?)", [first, last])

    def _check_codings(self, rows: Sequence[CodingRow]) -> None:
        """Raise for the first coding (a row of :meth:`add_coding_rows`) whose document,
        span or code ``add_coding`` would refuse, naming its position (1-based). All are
        checked at once, column by column (collect's 20,000: 3 ms, where a loop over them
        took 4.5); only when one is wrong does the loop find which."""
        lengths = dict(self.db.execute("SELECT id, length FROM documents").fetchall())
        codes = {row[0] for row in self.db.execute("SELECT id FROM codes")}
        if _all_good(rows, lengths, codes):
            return
        for n, (document_id, start, end, code_id, *_rest) in enumerate(rows, 1):
            length = lengths.get(document_id)
            if length is None:
                raise NotFound(f"coding {n}: no document {document_id}", field="document")
            if not (0 <= start < end <= length):
                raise CasebookError(f"coding {n}: span {start}-{end} is outside"
                                    f" the document (0-{length})", field="start/end")
            if code_id not in codes:
                raise NotFound(f"coding {n}: no code '{code_id}' in the codebook"
                               " (see `casebook codebook show`)", field="code")

    def coding_rows(self, document_id: int) -> list[tuple[int, int, int, str, str, str]]:
        """A document's codings as ``(id, start, end, code id, coder id, created)`` tuples,
        in the order of :meth:`codings`: for bulk readers (the .qdpx export, the intake)
        that need neither objects nor memos."""
        rows: list[tuple[int, int, int, str, str, str]] = self.db.execute(
            'SELECT c.id, c.start, c."end", c.code_id, c.coder_id, c.created FROM codings c'
            " JOIN coders k ON k.id = c.coder_id WHERE c.document_id = ?"
            ' ORDER BY c.start, c."end", c.code_id, k.name', [document_id]).fetchall()
        return rows

    def coding_tuples(self) -> list[tuple[int, int, int, int, str, str, str, str | None]]:
        """The codings :meth:`codings` returns, as ``(id, document id, start, end, code id,
        coder id, created, changed)`` (collect's read of thirty hand-ins: no dict per row)."""
        rows: list[tuple[int, int, int, int, str, str, str, str | None]] = self.db.execute(
            'SELECT c.id, c.document_id, c.start, c."end", c.code_id, c.coder_id, c.created,'
            " c.changed FROM codings c JOIN coders k ON k.id = c.coder_id"
            ' ORDER BY c.document_id, c.start, c."end", c.code_id, k.name').fetchall()
        return rows

    def has_codings(self, coder_ids: Sequence[str]) -> bool:
        """Whether any of these coders has a coding here."""
        where, params = coding_filter("codings", coder_ids, None)
        return bool(where) and bool(self._value(f"SELECT EXISTS (SELECT 1 FROM codings"
                                                f" WHERE {where[0]})", params))

    def restore_coding(self, coding: Coding, memos: list[Memo]) -> None:
        """Put a removed coding back as it was -- id, created, changed -- with the memos
        that were on it (undo)."""
        with self.transaction():
            self.add_coding(replace(coding, memo=None))
            for memo in memos:
                self.db.execute("INSERT INTO memos (target_kind, target_id, text, coder_id,"
                                " created) VALUES ('coding', ?, ?, ?, ?)",
                                [str(coding.id), memo.text, memo.coder_id, memo.created])
            self.db.execute("UPDATE codings SET changed = ? WHERE id = ?",
                            [coding.changed, coding.id])

    def remove_coding(self, coding_id: int) -> Coding:
        """Delete a coding; returns it as it was (id and created included, for undo)."""
        coding = self.get_coding(coding_id)
        with self.transaction():
            self.db.execute("DELETE FROM codings WHERE id = ?", [coding_id])
        return coding

    def get_coding(self, coding_id: int) -> Coding:
        """One coding by id, with its coder's name and memo."""
        row = self._row(f"SELECT {_CODING_COLUMNS} FROM codings c"
                        " JOIN coders k ON k.id = c.coder_id WHERE c.id = ?", [coding_id])
        if not row:
            raise NotFound(f"no coding {coding_id}", field="coding")
        return self._with_memos([Coding(**row)])[0]

    def find_coding(self, document_id: int, code_id: str, coder_id: str, start: int,
                    end: int) -> int | None:
        """The id of exactly that coding, if it exists."""
        found: int | None = self._value(
            'SELECT id FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ?'
            ' AND start = ? AND "end" = ?', [document_id, code_id, coder_id, start, end])
        return found

    def set_coding_memo(self, coding_id: int, memo: str | None) -> None:
        """Set (or with an empty memo, clear) a coding's memo: its coder's memo on it."""
        with self.transaction():
            coder_id = self._value("SELECT coder_id FROM codings WHERE id = ?", [coding_id])
            if coder_id is None:
                raise NotFound(f"no coding {coding_id}", field="coding")
            self._write_memo(coding_id, coder_id, memo, now())

    def _write_memo(self, coding_id: int, coder_id: str, memo: str | None,
                    created: str) -> None:
        """Make ``memo`` the coder's memo on the coding (none, if empty)."""
        mine = self._value("SELECT max(id) FROM memos WHERE target_kind = 'coding'"
                           " AND target_id = ? AND coder_id = ?", [str(coding_id), coder_id])
        if not (memo and memo.strip()):
            self.db.execute("DELETE FROM memos WHERE id = ?", [mine])
        elif mine is None:
            self.db.execute("INSERT INTO memos (target_kind, target_id, text, coder_id, created)"
                            " VALUES ('coding', ?, ?, ?, ?)",
                            [str(coding_id), memo, coder_id, created])
        else:
            self.db.execute("UPDATE memos SET text = ? WHERE id = ?", [memo, mine])

    def _with_memos(self, codings: list[Coding]) -> list[Coding]:
        """Fill in each coding's memo (its coder's memo on it), read in one query."""
        own = self.coding_memos([c.id for c in codings] if len(codings) == 1 else None)
        for coding in codings:
            coding.memo = own[coding.id].get(coding.coder_id) if coding.id in own else None
        return codings

    def removed_codings(self, coder_ids: Sequence[str] | None = None) -> list[RemovedCoding]:
        """The tombstones of removed (or moved) codings, oldest first; only those of
        ``coder_ids``, if given (the intake reads the tombstones of a plan's coders)."""
        if coder_ids is not None and not coder_ids:
            return []
        where, params = coding_filter("removed_codings", coder_ids, None)
        return [RemovedCoding(**row) for row in self._rows(
            'SELECT document_sha256, code_id, coder_id, start, "end", created, changed, removed'
            " FROM removed_codings" + "".join(f" WHERE {term}" for term in where)
            + " ORDER BY removed, rowid", params)]

    # -- many codings ---------------------------------------------------------------
    def codings(self, *, document_id: int | None = None, code_ids: list[str] | None = None,
                coder_ids: list[str] | None = None, before: int | None = None) -> list[Coding]:
        """Codings in document order, optionally of one document, some codes, some coders,
        starting before offset ``before``."""
        where, params = coding_filter("c", coder_ids, code_ids)
        if document_id is not None:
            where.insert(0, "c.document_id = ?")
            params.insert(0, document_id)
        if before is not None:
            where.append("c.start < ?")
            params.append(before)
        return self._with_memos([Coding(**row) for row in self._rows(
            f"SELECT {_CODING_COLUMNS} FROM codings c JOIN coders k ON k.id = c.coder_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + ' ORDER BY c.document_id, c.start, c."end", c.code_id, k.name', params)])

    def coding_list(self, *, document_id: int | None = None, code_ids: list[str] | None = None,
                    coder_ids: list[str] | None = None) -> list[tuple[Any, ...]]:
        """The codings :meth:`codings` returns, in its order, as tuples ``(id, document id,
        start, end, code id, coder name, coder id, created)`` -- ``casebook codings``' read:
        no object per row; with one code, read from the covering index ``codings_by_code`` in
        order. Their memos: :meth:`coding_memos`. The codings at one span and code (few)
        are put in order of their coders' names here: SQLite would sort every row again for
        them (a temporary B-tree, half as long as the read); Python's sort goes over rows in
        order almost as fast as it can look at them."""
        where, params = coding_filter("c", coder_ids, code_ids)
        if document_id is not None:
            where.insert(0, "c.document_id = ?")
            params.insert(0, document_id)
        rows = self.db.execute(
            'SELECT c.id, c.document_id, c.start, c."end", c.code_id, k.name, c.coder_id,'
            " c.created FROM codings c JOIN coders k ON k.id = c.coder_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + ' ORDER BY c.document_id, c.start, c."end", c.code_id', params).fetchall()
        rows.sort(key=itemgetter(1, 2, 3, 4, 5))  # as ORDER BY ..., k.name: both by code point
        return rows

    def coding_spans(self, coder_ids: list[str] | None = None
                     ) -> list[tuple[int, int, int, str, str]]:
        """Codings as ``(document id, start, end, code id, coder id)`` tuples, optionally of
        some coders (agreement's read: no objects per row)."""
        where, params = coding_filter("c", coder_ids, None)
        return self.db.execute(
            'SELECT c.document_id, c.start, c."end", c.code_id, c.coder_id FROM codings c'
            + (" WHERE " + " AND ".join(where) if where else ""), params).fetchall()

    def coding_counts(self, coder_id: str | None = None) -> dict[str, int]:
        """Code id -> number of codings (of all coders, or of one), from the stored counts
        (coding_counts, migration 0064): a few rows per code, however many codings."""
        return dict(self.db.execute(
            "SELECT code_id, sum(n) FROM coding_counts WHERE ? IS NULL OR coder_id = ?"
            " GROUP BY code_id", [coder_id, coder_id]))

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

    def noted_codings(self, document_id: int, before: int | None = None) -> set[int]:
        """Ids of a document's codings (those starting before offset ``before``) with any
        memo on them: the workbench's ✎, read for the document it opens (or the first
        screen of it), not for the whole project."""
        return {row[0] for row in self.db.execute(
            "SELECT DISTINCT c.id FROM codings c JOIN memos m ON m.target_kind = 'coding'"
            " AND m.target_id = CAST(c.id AS TEXT) WHERE c.document_id = ? AND c.start < ?",
            [document_id, 2**62 if before is None else before])}
