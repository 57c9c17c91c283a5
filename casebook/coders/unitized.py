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
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

import numpy as np

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
    reach = np.maximum.accumulate(spans[:, 1])
    new = np.concatenate([[True], spans[1:, 0] > reach[:-1]])
    group = np.cumsum(new) - 1
    ends = np.zeros(group[-1] + 1, dtype=np.int64)
    np.maximum.at(ends, group, spans[:, 1])
    return np.column_stack([spans[new, 0], ends])


def _partition(units: np.ndarray, length: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The continuum ``[0, length)`` as consecutive sections: (starts, ends, is_unit) of
    the joined ``units`` and the gaps between them."""
    gap_starts = np.concatenate([[0], units[:, 1]])
    gap_ends = np.concatenate([units[:, 0], [length]])
    real = gap_ends > gap_starts
    starts = np.concatenate([units[:, 0], gap_starts[real]])
    ends = np.concatenate([units[:, 1], gap_ends[real]])
    is_unit = np.concatenate([np.ones(len(units), bool), np.zeros(int(real.sum()), bool)])
    order = np.argsort(starts, kind="stable")
    return starts[order], ends[order], is_unit[order]


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


def _observed(a, b) -> float:
    """Sum of distances over the overlapping sections of two partitions: each elementary
    stretch between section ends lies in one section of each."""
    cuts = np.union1d(a[1], b[1])
    i = np.searchsorted(a[1], cuts, side="left")
    j = np.searchsorted(b[1], cuts, side="left")
    new = np.concatenate([[True], (np.diff(i) != 0) | (np.diff(j) != 0)])
    i, j = i[new], j[new]
    return float(_distance(a[0][i], a[1][i], a[2][i], b[0][j], b[1][j], b[2][j]).sum())


def unitized_disagreement(coders: Sequence, length: int
                          ) -> tuple[float, float] | None:
    """Observed and expected disagreement ``(D_o, D_e)`` of alpha-u for one code.

    ``coders`` holds, per coder, the spans of that code on the continuum ``[0, length)``
    (pairs, or an ``n x 2`` array); a coder's own overlapping spans are joined first.
    """
    m, big_l = len(coders), length
    if m < 2 or big_l <= 0:
        return None
    parts = [_partition(joined(spans), big_l) for spans in coders]
    observed = sum(_observed(a, b) for a, b in combinations(parts, 2))
    d_o = 2.0 * observed / (m * (m - 1) * float(big_l) ** 2)
    lengths = np.concatenate([p[1] - p[0] for p in parts]).astype(float)
    is_unit = np.concatenate([p[2] for p in parts])
    units = lengths[is_unit]
    if len(units) == 0:
        return None
    gaps = np.sort(lengths[~is_unit])
    suffix = np.concatenate([np.cumsum(gaps[::-1])[::-1], [0.0]])
    at = np.searchsorted(gaps, units, side="left")
    longer = len(gaps) - at  # gaps at least as long as the unit
    fits = suffix[at] - (units - 1) * longer  # sum over those gaps of (gap - l + 1)
    n_c = len(units)
    terms = (n_c - 1) * (2 * units ** 3 - 3 * units ** 2 + units) / 3 + units ** 2 * fits
    denominator = m * big_l * (m * big_l - 1.0) - float((units * (units - 1)).sum())
    d_e = (2.0 / big_l) * float(terms.sum()) / denominator
    return d_o, d_e


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
    m, big_l = len(coders), length
    if m < 2 or big_l <= 0:
        return None
    unions = [joined(spans) for spans in coders]
    edges = np.concatenate([u.ravel() for u in unions])
    steps = np.tile([1, -1], len(edges) // 2)
    order = np.argsort(edges, kind="stable")
    edges, covered = edges[order], np.cumsum(steps[order])  # coders coding after each edge
    mixed = float((np.diff(edges) * covered[:-1] * (m - covered[:-1])).sum())
    units = np.concatenate([u[:, 1] - u[:, 0] for u in unions]).astype(float)
    total, l_1 = m * big_l, float(units.sum())
    l_0 = total - l_1
    if l_1 == 0 or l_0 == 0:
        return None
    squares = float((units * units).sum()) + l_0
    return mixed / (m - 1), total * l_0 * l_1 / (total * total - squares)


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
    i, j = _overlapping(a, b)
    inter = np.minimum(a[i, 1], b[j, 1]) - np.maximum(a[i, 0], b[j, 0])
    whole = np.maximum(a[i, 1], b[j, 1]) - np.minimum(a[i, 0], b[j, 0])
    need = threshold / 100.0
    if rule == "maxqda":
        good = inter >= need * whole
        order = np.argsort(-(inter / np.maximum(whole, 1))[good], kind="stable")
        used_a, used_b = set(), set()
        for x, y in zip(i[good][order].tolist(), j[good][order].tolist()):
            if x not in used_a and y not in used_b:
                used_a.add(x)
                used_b.add(y)
        pairs = len(used_a)
        return pairs, len(a) + len(b) - 2 * pairs
    if rule not in SEGMENT_RULES:
        raise ValueError(f"segment rule is one of {', '.join(SEGMENT_RULES)}")
    if rule == "iou":
        good = inter >= need * whole
        hit_a, hit_b = np.unique(i[good]), np.unique(j[good])
    else:  # own-overlap: against each coding's own length
        hit_a = np.unique(i[inter >= need * (a[i, 1] - a[i, 0])])
        hit_b = np.unique(j[inter >= need * (b[j, 1] - b[j, 0])])
    matched = len(hit_a) + len(hit_b)
    return matched, len(a) + len(b) - matched
