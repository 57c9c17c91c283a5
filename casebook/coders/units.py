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

import numpy as np


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
        if bounds is not None:
            span, unit = applied_pairs(*bounds, codings.start, codings.end, min_overlap)
            keep = judged[codings.coder[span], self._doc(bounds[0][unit])]
            self.hits = (codings.code[span][keep], codings.coder[span][keep], unit[keep])
            self.hit_order = np.argsort(self.hits[0], kind="stable")
            self.hit_first = np.searchsorted(self.hits[0][self.hit_order],
                                             np.arange(len(self.first)))
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
                if code + 1 < len(self.hit_first):
                    rows = self.hit_order[self.hit_first[code]:self.hit_first[code + 1]]
                    stack[k, coder_of[rows], unit_of[rows]] = 1
            return stack, None
        return self._char_ratings(codes)

    def _char_ratings(self, codes: list[int]) -> tuple[np.ndarray, np.ndarray]:
        c = self.codings
        picked = np.concatenate([self.of_code(code) for code in codes]) if codes else \
            np.empty(0, dtype=np.int64)
        cuts = np.unique(np.concatenate([self.doc_starts, c.start[picked], c.end[picked]]))
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

    def spans(self, code: int, coder: int) -> np.ndarray:
        """``n x 2`` spans of one code by one coder on the continuum, in judged documents."""
        rows = self.of_code(code)
        rows = rows[self.codings.coder[rows] == coder]
        rows = rows[self.judged[coder, self._doc(self.codings.start[rows])]]
        return np.column_stack([self.codings.start[rows], self.codings.end[rows]])
