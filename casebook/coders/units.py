"""From codings to judgements per unit, with sorted arrays (no loop over codings or units).

The documents compared are laid end to end as one continuum; a coding's global position is
its document's offset plus its own offsets. :class:`Units` turns the codings of one code, or
of several codes over a common set of units, into a ``coders x units`` ratings array for
:mod:`casebook.coders.stats`: ``1`` the coder applied the code, ``0`` not, ``-1`` the coder
did not judge the unit (see ``--absent``).

- Sentences or turns: a coding applies to a unit when they overlap by at least
  ``min_overlap`` of the shorter of the two (:func:`applied_pairs`).
- Characters: every character is a unit, but characters that every coder judged alike
  are one weighted unit: the continuum is cut only where some coding of the codes in
  question starts or ends, so memory grows with the codings, not with the characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from casebook.coders.stats import distinct


def applied_pairs(starts, ends, span_starts, span_ends, min_overlap: float = 0.5
                  ) -> tuple[np.ndarray, np.ndarray]:
    """(span index, unit index) of every span that applies to a unit (sorted,
    non-overlapping ``[starts[u], ends[u])``): they overlap by at least ``min_overlap`` of
    the shorter of the two. A coding over half a sentence counts for it, a short coding in
    a long sentence too, a coding that spills a few characters into the next one does not."""
    starts, ends = np.asarray(starts), np.asarray(ends)
    s, e = np.asarray(span_starts), np.asarray(span_ends)
    lo = np.searchsorted(ends, s, side="right")
    hi = np.maximum(np.searchsorted(starts, e, side="left"), lo)
    count = hi - lo
    span = np.repeat(np.arange(len(s)), count)
    unit = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count) \
        + np.repeat(lo, count)
    overlap = np.minimum(ends[unit], e[span]) - np.maximum(starts[unit], s[span])
    need = min_overlap * np.minimum(ends[unit] - starts[unit], e[span] - s[span])
    keep = (overlap > 0) & (overlap >= need)
    return span[keep], unit[keep]


@dataclass(slots=True)
class Codings:
    """The codings compared, as parallel arrays on the continuum."""

    start: np.ndarray
    end: np.ndarray
    code: np.ndarray   # index into the code list
    coder: np.ndarray  # index into the coders


@dataclass(slots=True)
class Binary:
    """One code's binary judgements on sentences or turns, summarised: the counts table
    with identical rows kept once (rows ``(not applied, applied)``, in the order of
    :func:`casebook.coders.stats.compress`) and their weights, each coder pair's 2 x 2
    table, and per coder the units they applied the code to."""

    table: np.ndarray
    weights: np.ndarray
    pairs: dict[tuple[int, int], np.ndarray]
    applied: np.ndarray


class Units:
    """The units of the documents compared and who judged them.

    ``doc_starts``: each document's offset on the continuum, plus the total length at the
    end; ``judged``: ``coders x documents``, whether a coder's judgements count there.
    ``bounds``: ``(starts, ends)`` of sentences or turns on the continuum; None for
    characters."""

    def __init__(self, codings: Codings, doc_starts: np.ndarray, judged: np.ndarray,
                 bounds: tuple[np.ndarray, np.ndarray] | None, min_overlap: float) -> None:
        self.codings, self.doc_starts, self.judged = codings, doc_starts, judged
        self.coders = judged.shape[0]
        self.order = np.argsort(codings.code, kind="stable")
        self.first = np.searchsorted(codings.code[self.order], np.arange(
            int(codings.code.max(initial=-1)) + 2))
        self.bounds = bounds
        self._spans: tuple[np.ndarray, np.ndarray] | None = None
        if bounds is not None:
            span, unit = applied_pairs(*bounds, codings.start, codings.end, min_overlap)
            keep = judged[codings.coder[span], self._doc(bounds[0][unit])]
            self.hits = (codings.code[span][keep], codings.coder[span][keep], unit[keep])
            self.base = np.where(judged[:, self._doc(bounds[0])], 0, -1).astype(np.int8)

    def _doc(self, positions) -> np.ndarray:
        return np.searchsorted(self.doc_starts, positions, side="right") - 1

    def of_code(self, code: int) -> np.ndarray:
        """Indices of the codings of one code."""
        if code + 1 >= len(self.first):
            return np.empty(0, dtype=np.int64)
        return self.order[self.first[code]:self.first[code + 1]]

    def ratings(self, codes: list[int]) -> tuple[np.ndarray, np.ndarray | None]:
        """``(len(codes) x coders x units`` int8 ratings, unit weights or None)``."""
        if self.bounds is not None:
            stack = np.repeat(self.base[None], len(codes), axis=0)
            code_of, coder_of, unit_of = self.hits
            for k, code in enumerate(codes):
                rows = code_of == code
                stack[k, coder_of[rows], unit_of[rows]] = 1
            return stack, None
        return self._char_ratings(codes)

    def _char_ratings(self, codes: list[int]) -> tuple[np.ndarray, np.ndarray]:
        c = self.codings
        picked = np.concatenate([self.of_code(code) for code in codes]) if codes else \
            np.empty(0, dtype=np.int64)
        cuts = distinct(np.concatenate([self.doc_starts, c.start[picked], c.end[picked]]))
        weights = np.diff(cuts).astype(float)
        base = np.where(self.judged[:, self._doc(cuts[:-1])], 0, -1).astype(np.int8)
        stack = np.repeat(base[None], len(codes), axis=0)
        size = len(cuts)
        for k, code in enumerate(codes):
            rows = self.of_code(code)
            first = np.searchsorted(cuts, c.start[rows])
            last = np.searchsorted(cuts, c.end[rows])
            steps = np.zeros((self.coders, size + 1), dtype=np.int32)
            np.add.at(steps, (c.coder[rows], first), 1)
            np.add.at(steps, (c.coder[rows], last), -1)
            covered = np.cumsum(steps, axis=1)[:, :size - 1] > 0
            stack[k][covered & (base >= 0)] = 1
        return stack, weights

    def binary(self, codes: list[int], pairs: list[tuple[int, int]] | None = None
               ) -> list[Binary]:
        """What :meth:`ratings` and :func:`casebook.coders.stats.compress` give for each
        code on its own, for all ``codes`` at once from the hits, without a ratings array
        (sentences or turns): time and memory grow with the codings, not codes x units.
        ``pairs``: only these coder pairs' tables (``i < j``; default every pair)."""
        m, size = self.coders, max(self.base.shape[1], 1)
        wanted, cell = self._cells(codes)
        who, place = cell % m, cell // m
        judged = self.base >= 0
        tables = _tables(place, size, judged.sum(axis=0), m, len(wanted))
        tables_of = _pair_tables(who, place, size, judged, len(wanted), pairs)
        applied = np.bincount(place // size * m + who, minlength=len(wanted) * m
                              ).reshape(-1, m).astype(float)
        found = []
        for code in codes:
            i = int(np.searchsorted(wanted, code))
            found.append(Binary(*tables[i], {p: t[i] for p, t in tables_of.items()},
                                applied[i]))
        return found

    def _cells(self, codes: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """``codes``, sorted and distinct, and each (code, unit, coder) applied, once, as
        ``(code's place in them * units + unit) * coders + coder``."""
        m, size = self.coders, max(self.base.shape[1], 1)
        wanted = distinct(np.asarray(codes, dtype=np.int64))
        slot = np.full(max(int(wanted.max(initial=-1)), len(self.first)) + 1, -1)
        slot[wanted] = np.arange(len(wanted))
        code_of, coder_of, unit_of = self.hits
        k = slot[code_of]
        asked = k >= 0
        return wanted, distinct((k[asked] * size + unit_of[asked]) * m + coder_of[asked])

    def pair_tables(self, codes: list[int], pairs: list[tuple[int, int]]
                    ) -> list[dict[tuple[int, int], np.ndarray]]:
        """Per code of ``codes``, each of ``pairs``' 2 x 2 table: what :meth:`binary` gives
        as ``pairs`` (the same counts), without the tables of every coder and of the
        codes' shares: for a few pairs among many coders (:func:`_few_pair_tables`)."""
        m, size = self.coders, max(self.base.shape[1], 1)
        wanted, cell = self._cells(codes)
        tables_of = _few_pair_tables(cell % m, cell // m, size, self.base >= 0, len(wanted),
                                     pairs)
        found = []
        for code in codes:
            i = int(np.searchsorted(wanted, code))
            found.append({p: t[i] for p, t in tables_of.items()})
        return found

    def _sorted_spans(self) -> tuple[np.ndarray, np.ndarray]:
        """Every coding in a judged document as a span, by code and coder (in the codings'
        order within), and its key ``code * coders + coder``; sorted once."""
        if self._spans is None:
            c = self.codings
            keep = self.judged[c.coder, self._doc(c.start)]
            rows = np.flatnonzero(keep)[np.lexsort((c.coder[keep], c.code[keep]))]
            key = c.code[rows] * self.coders + c.coder[rows]
            self._spans = (np.column_stack([c.start[rows], c.end[rows]]), key)
        return self._spans

    def stacked(self, codes: np.ndarray, coder: int) -> tuple[np.ndarray, np.ndarray]:
        """``n x 2``: one coder's spans of the (sorted, distinct) ``codes`` on the continuum,
        in judged documents, code by code (each in the codings' order), and each span's
        code as its place in ``codes``."""
        spans, key = self._sorted_spans()
        code, mine = np.divmod(key, self.coders)
        place = np.searchsorted(codes, code).clip(0, max(len(codes) - 1, 0))
        keep = (mine == coder) & (codes[place] == code) if len(codes) else mine < 0
        return spans[keep], place[keep]


def _tables(place: np.ndarray, size: int, judges: np.ndarray, m: int, codes: int
            ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per code, the compressed counts table and its weights. A unit nobody applied the
    code to is the row ``(judges, 0)``; a unit ``n`` of its ``r`` judges applied it to is
    ``(r - n, n)``. Rows are keyed ``n (m + 1) + (r - n)`` within each code, so they come
    out in :func:`casebook.coders.stats.compress`'s order (by the last column, then the
    first)."""
    cells, applied = distinct(place, counts=True)
    code, r = cells // size, judges[cells % size]
    width = (m + 1) ** 2
    background = np.bincount(judges, minlength=m + 1)
    rows = np.flatnonzero(background)
    keys = np.concatenate([(np.arange(codes)[:, None] * width + rows).ravel(),
                           code * width + applied * (m + 1) + r - applied,
                           code * width + r])
    counts = np.concatenate([np.tile(background[rows], codes), np.ones(len(cells), np.int64),
                             -np.ones(len(cells), np.int64)])
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    first = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]])[:len(keys)])
    keys, counts = keys[first], np.add.reduceat(counts, first) if len(first) else counts
    keys, counts = keys[counts > 0], counts[counts > 0]
    first = np.searchsorted(keys // width, np.arange(codes + 1))
    found = []
    for k in range(codes):
        key = keys[first[k]:first[k + 1]] % width
        table = np.column_stack([key % (m + 1), key // (m + 1)]).astype(float)
        found.append((table.reshape(-1, 2), counts[first[k]:first[k + 1]].astype(float)))
    return found


def _pair_tables(who: np.ndarray, place: np.ndarray, size: int, judged: np.ndarray,
                 codes: int, pairs: list[tuple[int, int]] | None = None
                 ) -> dict[tuple[int, int], np.ndarray]:
    """Per coder pair (``pairs``, default every one), ``codes x 2 x 2``: each code's
    contingency table over the units both coders judged
    (:func:`casebook.coders.stats.pair_table`), for all pairs at once: per code and coder,
    how many of their units every other coder judged, and applied the code to too."""
    m = judged.shape[0]
    cells = distinct(place)
    member = np.zeros((len(cells), m), dtype=np.int64)  # who applied the code to each unit
    at = np.searchsorted(cells, place)
    member[at, who] = 1
    row = (place // size) * m + who  # (code, coder) of each applied unit
    spread = (row[:, None] * m + np.arange(m)).ravel()

    def count(values: np.ndarray) -> np.ndarray:
        return np.bincount(spread, weights=values.ravel(), minlength=codes * m * m
                           ).astype(np.int64).reshape(codes, m, m)

    seen = count(judged.T[place % size].astype(float))  # [code, i, j]: i applied, j judged
    both = count(member[at].astype(float))  # [code, i, j]: i and j applied
    shared = judged.astype(np.int64) @ judged.T.astype(np.int64)  # units both judged
    tables = {}
    for i, j in combinations(range(m), 2) if pairs is None else pairs:
        agreed = both[:, i, j]
        i_only, j_only = seen[:, i, j] - agreed, seen[:, j, i] - agreed
        rest = shared[i, j] - agreed - i_only - j_only
        tables[(i, j)] = np.column_stack([rest, j_only, i_only, agreed]).reshape(-1, 2, 2)
    return tables


def _few_pair_tables(who: np.ndarray, place: np.ndarray, size: int, judged: np.ndarray,
                     codes: int, pairs: list[tuple[int, int]]
                     ) -> dict[tuple[int, int], np.ndarray]:
    """:func:`_pair_tables` for ``pairs`` only, pair by pair from each coder's applied
    units (``place``: code * size + unit, sorted), without the ``coders x coders`` counts
    of every pair: the same counts."""
    order = np.argsort(who, kind="stable")
    bounds = np.searchsorted(who[order], np.arange(judged.shape[0] + 1))
    mine = [place[order[bounds[i]:bounds[i + 1]]] for i in range(judged.shape[0])]

    def seen(i: int, j: int) -> np.ndarray:  # units i applied the code to and j judged
        return np.bincount(mine[i] // size, weights=judged[j, mine[i] % size],
                           minlength=codes).astype(np.int64)

    tables = {}
    for i, j in pairs:
        agreed = np.bincount(np.intersect1d(mine[i], mine[j], assume_unique=True) // size,
                             minlength=codes).astype(np.int64)
        i_only, j_only = seen(i, j) - agreed, seen(j, i) - agreed
        rest = int(np.count_nonzero(judged[i] & judged[j])) - agreed - i_only - j_only
        tables[(i, j)] = np.column_stack([rest, j_only, i_only, agreed]).reshape(-1, 2, 2)
    return tables
