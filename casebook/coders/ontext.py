"""Agreement on the text itself, for one computation of :mod:`casebook.coders.agreement`:
per code, or over a group's children, Krippendorff's alpha-u and |u-alpha on the documents
every coder judged, laid end to end, and segment agreement between every pair of coders
(the coefficients are in :mod:`casebook.coders.unitized`).

All codes are computed in one pass, stacked (see :mod:`casebook.coders.unitized`): the
work grows with the codings, not with codes x coders.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from casebook.coders import unitized as uz
from casebook.coders.stats import distinct
from casebook.coders.units import Units

Parts = tuple[float, float]


class OnText:
    """The text figures of the codes of one computation.

    ``everyone``: per document on the continuum, whether every coder judged it (alpha-u and
    |u-alpha use only those); ``threshold`` and ``rule``: segment matching."""

    def __init__(self, units: Units, everyone: np.ndarray, threshold: float,
                 rule: str) -> None:
        self.units, self.everyone = units, everyone
        self.threshold, self.rule = threshold, rule
        starts = units.doc_starts
        kept = np.diff(starts) * everyone
        self.shift = starts[:-1] - np.concatenate([[0], np.cumsum(kept)])[:-1]
        self.length = int(kept.sum())
        self.whole = bool(everyone.all())  # the continuum is every document

    def _doc(self, positions: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.units.doc_starts, positions, side="right") - 1

    def _continua(self, codes: np.ndarray, one: bool = False) -> list[np.ndarray]:
        """Per coder, the joined spans of each of ``codes`` on the documents every coder
        judged, code ``k``'s continuum at ``k * (length + 1)`` (``one``: all codes as one)."""
        found = []
        for coder in range(self.units.coders):
            spans, place = self.units.stacked(codes, coder)
            if not self.whole:
                doc = self._doc(spans[:, 0])
                shared = self.everyone[doc]
                spans, place = spans[shared] - self.shift[doc[shared]][:, None], place[shared]
            if not one:
                spans = spans + (place * (self.length + 1))[:, None]
            found.append(uz.joined(spans))
        return found

    def _segments(self, codes: np.ndarray) -> np.ndarray:
        """``codes x 2``: segment (agreements, disagreements) of each code over every pair
        of coders, each on the documents the other judged (the pairs stacked after one
        another like codes, so all are one pass)."""
        units, stride = self.units, int(self.units.doc_starts[-1]) + 1
        coders = [units.stacked(codes, coder) for coder in range(units.coders)]
        sides: tuple[list[np.ndarray], list[np.ndarray]] = ([], [])
        for pair, (i, j) in enumerate(combinations(range(units.coders), 2)):
            for side, (mine, other) in enumerate(((i, j), (j, i))):
                spans, place = coders[mine]
                if not units.judged[other].all():
                    keep = units.judged[other, self._doc(spans[:, 0])]
                    spans, place = spans[keep], place[keep]
                sides[side].append(spans + ((pair * len(codes) + place) * stride)[:, None])
        pairs = len(sides[0])
        found = uz.stacked_segments(*(np.vstack(s + [np.empty((0, 2), np.int64)]) for s in sides),
                                    pairs * len(codes), stride, self.threshold, self.rule)
        return found.reshape(pairs, len(codes), 2).sum(axis=0)

    def each(self, codes: list[int]) -> list[tuple[Parts | None, Parts | None, tuple[int, int]]]:
        """Per code: ``((D_o, D_e) of alpha-u or None, (o, e) of |u-alpha or None,
        (segment agreements, disagreements))``."""
        wanted = distinct(np.asarray(codes, dtype=np.int64))
        unions = self._continua(wanted)
        alpha = uz.stacked_disagreement(unions, self.length, len(wanted))
        binary = uz.stacked_binary(unions, self.length, len(wanted))
        segments = self._segments(wanted)
        found = []
        for code in codes:
            k = int(np.searchsorted(wanted, code))
            found.append((alpha[k], binary[k], (int(segments[k, 0]), int(segments[k, 1]))))
        return found

    def group(self, codes: list[int]) -> tuple[Parts, Parts | None, tuple[int, int]]:
        """Over a group's children: ``(D_o, D_e)`` of alpha-u summed over them, (o, e) of
        |u-alpha on their union, segment agreement summed over them."""
        u_parts, agree, disagree = (0.0, 0.0), 0, 0
        for parts, _binary, (a, d) in self.each(codes):
            if parts:
                u_parts = (u_parts[0] + parts[0], u_parts[1] + parts[1])
            agree, disagree = agree + a, disagree + d
        binary = uz.stacked_binary(self._continua(distinct(codes), one=True), self.length,
                                   1)[0]
        return u_parts, binary, (agree, disagree)
