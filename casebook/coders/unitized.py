"""Agreement on where coders put codes in the text itself (no units): Krippendorff's
alpha-u and binary |u-alpha on a continuum of characters, and segment matching.

- :func:`unitized_alpha` -- Krippendorff's alpha-u for one code on a continuum of
  characters (Krippendorff 1995, "On the reliability of unitizing continuous data"; 2004,
  *Content Analysis*, 2nd ed., ch. 11): every coder partitions the continuum into coded
  units and gaps. For several codes, ``1 - sum(D_o) / sum(D_e)`` over the codes.
- :func:`binary_unitized_alpha` -- the binary |u-alpha of Krippendorff, Mathet, Bouvry &
  Widlöcher (2016), what ATLAS.ti reports per code as "alpha-binary".
- :func:`segment_agreement` -- codings matched across coders, by one of three rules
  (:data:`SEGMENT_RULES`).

Each has a ``stacked_`` form that computes many codes in one pass (what `casebook agree`
uses): the codes' continua laid end to end, code ``k`` at ``k * (length + 1)``, so that no
span of one code meets another's. Its figures are those of each code on its own: the
per-code sums are of the same terms in the same order, or of whole numbers (exact).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

import numpy as np

from casebook.coders.stats import distinct

Span = tuple[int, int]

# The segment rules, each with the catalogue's description (casebook.i18n; the same words
# are in `casebook agree --help` and the reliability report).
SEGMENT_RULES = {"own-overlap": "seg_own_overlap", "iou": "seg_iou", "maxqda": "seg_maxqda"}


def union(spans: Iterable[Span]) -> list[Span]:
    """Sorted spans with overlapping or touching ones joined."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


# -- unitized alpha -----------------------------------------------------------------------
def joined(spans) -> np.ndarray:
    """:func:`union` on arrays: ``n x 2``, sorted, overlapping or touching spans joined."""
    spans = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    if len(spans) == 0:
        return spans
    spans = spans[np.lexsort((spans[:, 1], spans[:, 0]))]
    reach = np.maximum.accumulate(spans[:, 1])  # a joined span ends where its reach stops
    first = np.flatnonzero(np.concatenate([[True], spans[1:, 0] > reach[:-1]]))
    last = np.append(first[1:] - 1, len(spans) - 1)
    return np.column_stack([spans[first, 0], reach[last]])


def _partition(units: np.ndarray, length: int, codes: int = 1
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each code's continuum ``[0, length)`` (stacked) as consecutive sections: (starts,
    ends, is_unit) of the joined ``units`` and the non-empty gaps around them."""
    stride = length + 1
    code = units[:, 0] // stride
    follows = np.concatenate([[False], code[1:] == code[:-1]])
    before = np.where(follows, np.concatenate([[0], units[:-1, 1]]), code * stride)
    last = np.searchsorted(code, np.arange(codes), side="right") - 1
    ended = (last >= 0) & (code[last] == np.arange(codes)) if len(code) else \
        np.zeros(codes, dtype=bool)
    after = np.where(ended, units[last, 1] if len(code) else 0, np.arange(codes) * stride)
    starts = np.concatenate([before, units[:, 0], after])
    ends = np.concatenate([units[:, 0], units[:, 1], np.arange(codes) * stride + length])
    is_unit = np.repeat([False, True, False], [len(units), len(units), codes])
    keep = is_unit | (ends > starts)
    order = np.argsort(starts[keep], kind="stable")
    return starts[keep][order], ends[keep][order], is_unit[keep][order]


def _distance(bg, eg, ug, bh, eh, uh) -> np.ndarray:
    """Krippendorff's squared distance between overlapping sections g and h of two coders
    (arrays): unit/unit the squared boundary shifts, a unit inside the other's gap its
    squared length, else 0."""
    bg, eg, bh, eh = (np.asarray(x, dtype=float) for x in (bg, eg, bh, eh))
    both = ug & uh
    g_in_gap = ug & ~uh & (bh <= bg) & (eg <= eh)
    h_in_gap = uh & ~ug & (bg <= bh) & (eh <= eg)
    return np.where(both, (bg - bh) ** 2 + (eg - eh) ** 2,
                    np.where(g_in_gap, (eg - bg) ** 2, np.where(h_in_gap, (eh - bh) ** 2, 0.0)))


def _observed(a, b, stride: int, codes: int) -> np.ndarray:
    """Per code, the sum of distances over the overlapping sections of two partitions: each
    elementary stretch between section ends lies in one section of each. (Whole numbers:
    exact in any order.)"""
    cuts = distinct(np.concatenate([a[1], b[1]]))
    i = np.searchsorted(a[1], cuts, side="left")
    j = np.searchsorted(b[1], cuts, side="left")
    new = np.concatenate([[True], (np.diff(i) != 0) | (np.diff(j) != 0)])
    i, j = i[new], j[new]
    far = _distance(a[0][i], a[1][i], a[2][i], b[0][j], b[1][j], b[2][j])
    return np.bincount(a[0][i] // stride, weights=far, minlength=codes)


def _observed_pairs(parts: list, stride: int, codes: int) -> np.ndarray:
    """Per code, :func:`_observed` summed over every pair of coders: the pairs stacked
    after one another like codes, so all are one pass."""
    pairs = list(combinations(range(len(parts)), 2))
    shift = [p * codes * stride for p in range(len(pairs))]
    a, b = ([np.concatenate([parts[pair[side]][field] + (shift[p] if field < 2 else 0)
                             for p, pair in enumerate(pairs)]) for field in range(3)]
            for side in (0, 1))
    return _observed(a, b, stride, codes * len(pairs)).reshape(len(pairs), codes).sum(axis=0)


def unitized_disagreement(coders: Sequence, length: int
                          ) -> tuple[float, float] | None:
    """Observed and expected disagreement ``(D_o, D_e)`` of alpha-u for one code.

    ``coders`` holds, per coder, the spans of that code on the continuum ``[0, length)``
    (pairs, or an ``n x 2`` array); a coder's own overlapping spans are joined first.
    """
    return stacked_disagreement([joined(spans) for spans in coders], length, 1)[0]


def stacked_disagreement(unions: Sequence[np.ndarray], length: int, codes: int
                         ) -> list[tuple[float, float] | None]:
    """:func:`unitized_disagreement` of ``codes`` stacked codes, per coder their spans
    :func:`joined`."""
    m, big_l = len(unions), length
    if m < 2 or big_l <= 0:
        return [None] * codes
    stride = big_l + 1
    parts = [_partition(units, big_l, codes) for units in unions]
    d_o = 2.0 * _observed_pairs(parts, stride, codes) / (m * (m - 1) * float(big_l) ** 2)
    code = np.concatenate([p[0] // stride for p in parts])
    order = np.argsort(code, kind="stable")  # each code's sections, coder by coder
    code = code[order]
    lengths = np.concatenate([p[1] - p[0] for p in parts]).astype(float)[order]
    is_unit = np.concatenate([p[2] for p in parts])[order]
    units, unit_code = lengths[is_unit], code[is_unit]
    gaps, gap_code = lengths[~is_unit], code[~is_unit]
    ranked = np.lexsort((gaps, gap_code))
    gaps, gap_code = gaps[ranked], gap_code[ranked]
    n_gaps, n_c = (np.bincount(c, minlength=codes) for c in (gap_code, unit_code))
    ends = np.cumsum(n_gaps)
    suffix = np.concatenate([np.cumsum(gaps[::-1])[::-1], [0.0]])  # of all codes' gaps
    suffix = suffix[:-1] - suffix[ends][gap_code]  # of the code's own
    at = np.searchsorted(gap_code * float(stride) + gaps, unit_code * float(stride) + units,
                         side="left")  # the first gap of the unit's code at least as long
    longer = ends[unit_code] - at
    reach = np.where(longer > 0, np.append(suffix, 0.0)[at], 0.0)
    fits = reach - (units - 1) * longer  # sum over those gaps of (gap - l + 1)
    n_u = n_c[unit_code]
    terms = (n_u - 1) * (2 * units ** 3 - 3 * units ** 2 + units) / 3 + units ** 2 * fits
    pairs_within = units * (units - 1)
    first = np.concatenate([[0], np.cumsum(n_c)])
    found: list[tuple[float, float] | None] = []
    for k in range(codes):
        if n_c[k] == 0:
            found.append(None)
            continue
        lo, hi = first[k], first[k + 1]
        denominator = m * big_l * (m * big_l - 1.0) - float(pairs_within[lo:hi].sum())
        found.append((float(d_o[k]), (2.0 / big_l) * float(terms[lo:hi].sum()) / denominator))
    return found


def unitized_alpha(coders: Sequence[Iterable[Span]], length: int) -> float | None:
    """Krippendorff's alpha-u: ``1 - D_o / D_e`` (``None`` when nobody coded anything)."""
    parts = unitized_disagreement(coders, length)
    if parts is None or parts[1] == 0:
        return None
    return 1.0 - parts[0] / parts[1]


def binary_unitized_disagreement(coders: Sequence[Iterable[Span]], length: int
                                 ) -> tuple[float, float] | None:
    """Observed and expected disagreement of the binary |u-alpha for one code (Krippendorff,
    Mathet, Bouvry & Widlöcher 2016, "On the reliability of unitizing textual continua:
    further developments", eq. 4-6; ATLAS.ti's "alpha-binary").

    Coincidences are lengths of intersections: ``o_01`` sums, over ordered pairs of coders,
    how much of one coder's units lies in the other's gaps, divided by ``m - 1``. With
    ``l = m L`` and ``l_1``, ``l_0`` the total length of units and of gaps,
    ``e_01 = l l_0 l_1 / (l^2 - S)`` where ``S`` adds the squared length of every unit and
    the plain length of every gap (a unit pairs only as a whole, a gap character by
    character). Returns ``(o_01, e_01)``; ``|u-alpha = 1 - o_01 / e_01``.
    """
    return stacked_binary([joined(spans) for spans in coders], length, 1)[0]


def stacked_binary(unions: Sequence[np.ndarray], length: int, codes: int
                   ) -> list[tuple[float, float] | None]:
    """:func:`binary_unitized_disagreement` of ``codes`` stacked codes, per coder their
    spans :func:`joined` (every sum is of whole numbers)."""
    m, big_l = len(unions), length
    if m < 2 or big_l <= 0:
        return [None] * codes
    stride = big_l + 1
    edges = np.concatenate([u.ravel() for u in unions])
    steps = np.tile([1, -1], len(edges) // 2)
    order = np.argsort(edges, kind="stable")
    edges, covered = edges[order], np.cumsum(steps[order])  # coders coding after each edge
    mixed = np.bincount(edges[:-1] // stride, minlength=codes, weights=(
        np.diff(edges) * covered[:-1] * (m - covered[:-1])).astype(float))
    units = np.concatenate([u[:, 1] - u[:, 0] for u in unions]).astype(float)
    code = np.concatenate([u[:, 0] // stride for u in unions])
    ones = np.bincount(code, weights=units, minlength=codes)
    squares = np.bincount(code, weights=units * units, minlength=codes)
    total, found = m * big_l, []
    for k in range(codes):
        l_1 = float(ones[k])
        l_0 = total - l_1
        if l_1 == 0 or l_0 == 0:
            found.append(None)
            continue
        found.append((float(mixed[k]) / (m - 1),
                      total * l_0 * l_1 / (total * total - (float(squares[k]) + l_0))))
    return found


def binary_unitized_alpha(coders: Sequence[Iterable[Span]], length: int) -> float | None:
    parts = binary_unitized_disagreement(coders, length)
    return None if parts is None else 1.0 - parts[0] / parts[1]


# -- segments -----------------------------------------------------------------------------
def _overlapping(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i, j) of the spans ``a[i]`` and ``b[j]`` that overlap (``b`` sorted by
    start): every ``b`` that starts in ``[a.start - longest b, a.end)``, then filtered."""
    if len(a) == 0 or len(b) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    longest = int((b[:, 1] - b[:, 0]).max())
    lo = np.searchsorted(b[:, 0], a[:, 0] - longest, side="left")
    hi = np.searchsorted(b[:, 0], a[:, 1], side="left")
    count = hi - lo
    i = np.repeat(np.arange(len(a)), count)
    j = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count) \
        + np.repeat(lo, count)
    keep = np.minimum(a[i, 1], b[j, 1]) > np.maximum(a[i, 0], b[j, 0])
    return i[keep], j[keep]


def _spans(spans) -> np.ndarray:
    spans = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    return spans[np.argsort(spans[:, 0], kind="stable")]


def segment_agreement(a: Sequence[Span], b: Sequence[Span], threshold: float = 90.0,
                      rule: str = "own-overlap") -> tuple[int, int]:
    """(agreements, disagreements) between two coders' codings of one code (positions on
    one continuum; see :data:`SEGMENT_RULES`). For ``own-overlap`` and ``iou`` every coding
    of both coders is one agreement (matched) or one disagreement."""
    a, b = _spans(a), _spans(b)
    found = stacked_segments(a, b, 1, 1 + int(max(a[:, 1].max(initial=0),
                                                   b[:, 1].max(initial=0))), threshold, rule)
    return int(found[0, 0]), int(found[0, 1])


def stacked_segments(a, b, codes: int, stride: int, threshold: float = 90.0,
                     rule: str = "own-overlap") -> np.ndarray:
    """:func:`segment_agreement` of ``codes`` codes stacked ``stride`` apart, as a ``codes x
    2`` array of (agreements, disagreements)."""
    a, b = _spans(a), _spans(b)
    i, j = _overlapping(a, b)
    inter = np.minimum(a[i, 1], b[j, 1]) - np.maximum(a[i, 0], b[j, 0])
    whole = np.maximum(a[i, 1], b[j, 1]) - np.minimum(a[i, 0], b[j, 0])
    need = threshold / 100.0
    code_a, code_b = a[:, 0] // stride, b[:, 0] // stride
    codings = np.bincount(code_a, minlength=codes) + np.bincount(code_b, minlength=codes)
    if rule == "maxqda":
        good = inter >= need * whole
        order = np.argsort(-(inter / np.maximum(whole, 1))[good], kind="stable")
        used_a, used_b = set(), set()
        for x, y in zip(i[good][order].tolist(), j[good][order].tolist()):
            if x not in used_a and y not in used_b:
                used_a.add(x)
                used_b.add(y)
        pairs = np.bincount(code_a[sorted(used_a)], minlength=codes)
        return np.column_stack([pairs, codings - 2 * pairs])
    if rule not in SEGMENT_RULES:
        raise ValueError(f"segment rule is one of {', '.join(SEGMENT_RULES)}")
    if rule == "iou":
        good = inter >= need * whole
        hit_a, hit_b = distinct(i[good]), distinct(j[good])
    else:  # own-overlap: against each coding's own length
        hit_a = distinct(i[inter >= need * (a[i, 1] - a[i, 0])])
        hit_b = distinct(j[inter >= need * (b[j, 1] - b[j, 0])])
    matched = np.bincount(code_a[hit_a], minlength=codes) + \
        np.bincount(code_b[hit_b], minlength=codes)
    return np.column_stack([matched, codings - matched])
