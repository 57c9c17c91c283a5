"""Inter-coder agreement: pure functions on plain data (no store, no UI).

Ratings are a ``coders x units`` array; ``nan`` (or ``None``) marks a unit a coder did not
judge (missing data). Every coefficient skips what it cannot use and returns ``None`` when it
is undefined (for instance no variation at all: everyone said "not applied" everywhere).

- :func:`percent_agreement` -- mean share of agreeing coder pairs per unit (for two coders:
  the share of units on which they agree).
- :func:`cohen_kappa` / :func:`cohen_kappa_table` -- Cohen (1960), two coders.
- :func:`fleiss_kappa` -- Fleiss (1971), any number of coders; a unit judged by fewer coders
  uses its own number of judgements (the usual generalisation for missing data).
- :func:`alpha_nominal` -- Krippendorff's alpha, nominal, from the coincidence matrix
  (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"); vectorised, so per-code
  binary alpha on 100k units takes milliseconds. :func:`alpha_nominal_package` gives the same
  figure from the ``krippendorff`` package, as a cross-check.
- :func:`unitized_alpha` -- Krippendorff's alpha-u for one code on a continuum of characters
  (Krippendorff 1995, "On the reliability of unitizing continuous data"; 2004, ch. 11):
  every coder partitions the continuum into coded units and gaps.
- :func:`binary_unitized_alpha` -- the binary |u-alpha of Krippendorff et al. (2016), what
  ATLAS.ti reports per code as "alpha-binary": coincidences of intersecting lengths.
- :func:`segment_match` -- a MAXQDA-style check: a segment counts as matched when another
  coder coded the same code over at least ``threshold`` percent of it.
- :func:`applied` -- which units (sentences, turns) a coder's spans apply to.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import combinations

import numpy as np

Span = tuple[int, int]


# -- ratings ------------------------------------------------------------------------------
def as_ratings(data) -> np.ndarray:
    """A float ``coders x units`` array with ``nan`` for missing (``None`` accepted)."""
    return np.asarray(data, dtype=float)  # numpy turns None into nan for float arrays


def value_counts(ratings) -> np.ndarray:
    """``units x values``: how many coders gave each value to each unit."""
    ratings = as_ratings(ratings)
    values = np.unique(ratings[~np.isnan(ratings)])
    counts = np.empty((ratings.shape[1], len(values)))
    for k, value in enumerate(values):
        counts[:, k] = (ratings == value).sum(axis=0)
    return counts


def _pairable(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Only units judged by at least two coders carry information about agreement."""
    m = counts.sum(axis=1)
    keep = m >= 2
    return counts[keep], m[keep]


def pairable_units(ratings) -> int:
    return int(((~np.isnan(as_ratings(ratings))).sum(axis=0) >= 2).sum())


def percent_agreement(ratings) -> float | None:
    """Mean over units of the share of coder pairs that agree."""
    counts, m = _pairable(value_counts(ratings))
    if len(m) == 0:
        return None
    return float(((counts * (counts - 1)).sum(axis=1) / (m * (m - 1))).mean())


def fleiss_kappa(counts) -> float | None:
    """Fleiss' kappa from a ``units x categories`` table of how many coders chose what."""
    counts, m = _pairable(np.asarray(counts, dtype=float))
    if len(m) == 0:
        return None
    p_i = (counts * (counts - 1)).sum(axis=1) / (m * (m - 1))
    p_j = counts.sum(axis=0) / m.sum()
    p_e = float((p_j ** 2).sum())
    if p_e >= 1.0:
        return None
    return (float(p_i.mean()) - p_e) / (1.0 - p_e)


def cohen_kappa_table(table) -> float | None:
    """Cohen's kappa from a square contingency table (counts or proportions)."""
    table = np.asarray(table, dtype=float)
    total = table.sum()
    if total == 0:
        return None
    p_o = np.trace(table) / total
    p_e = float((table.sum(axis=1) * table.sum(axis=0)).sum() / total ** 2)
    if p_e >= 1.0:
        return None
    return float((p_o - p_e) / (1.0 - p_e))


def cohen_kappa(a: Sequence, b: Sequence) -> float | None:
    """Cohen's kappa of two coders over the units both judged."""
    pair = as_ratings([a, b])
    pair = pair[:, ~np.isnan(pair).any(axis=0)]
    values = np.unique(pair)
    index = np.searchsorted(values, pair).astype(int)
    k = len(values)
    table = np.bincount(index[0] * k + index[1], minlength=k * k).reshape(k, k)
    return cohen_kappa_table(table) if k else None


def pairwise_cohen(ratings, names: Sequence[str]) -> dict[str, float | None]:
    ratings = as_ratings(ratings)
    return {f"{names[i]}|{names[j]}": cohen_kappa(ratings[i], ratings[j])
            for i, j in combinations(range(len(names)), 2)}


def alpha_nominal(ratings) -> float | None:
    """Krippendorff's alpha for nominal data, from the coincidence matrix.

    ``o_ck = sum_u n_uc * (n_uk - [c == k]) / (m_u - 1)`` over pairable units;
    ``alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c * n_k``.
    """
    counts, m = _pairable(value_counts(ratings))
    n = m.sum()
    if n <= 1:
        return None
    observed = n - float((counts * (counts - 1) / (m - 1)[:, None]).sum())
    n_c = counts.sum(axis=0)
    expected = float(n * n - (n_c ** 2).sum()) / (n - 1)
    if expected == 0:
        return None
    return 1.0 - observed / expected


def alpha_nominal_package(ratings) -> float | None:
    """The same coefficient computed by the ``krippendorff`` package."""
    import krippendorff

    ratings = as_ratings(ratings)
    if len(np.unique(ratings[~np.isnan(ratings)])) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=ratings, level_of_measurement="nominal"))


# -- units ------------------------------------------------------------------------------
def applied(starts, ends, spans: Iterable[Span], min_overlap: float = 0.5) -> np.ndarray:
    """Which units (sorted, non-overlapping ``[starts[i], ends[i])``) the spans apply to.

    A span applies to a unit when they overlap by at least ``min_overlap`` of the shorter of
    the two: a coding covering half a sentence counts for it, a short coding inside a long
    sentence counts for it, but a coding that only spills a few characters into the next
    sentence does not.
    """
    starts = np.asarray(starts)
    ends = np.asarray(ends)
    hit = np.zeros(len(starts), dtype=bool)
    for start, end in spans:
        lo = int(np.searchsorted(ends, start, side="right"))
        hi = int(np.searchsorted(starts, end, side="left"))
        if lo >= hi:
            continue
        s, e = starts[lo:hi], ends[lo:hi]
        overlap = np.minimum(e, end) - np.maximum(s, start)
        need = min_overlap * np.minimum(e - s, end - start)
        hit[lo:hi] |= (overlap > 0) & (overlap >= need)
    return hit


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
def _partition(units: list[Span], length: int) -> list[tuple[int, int, bool]]:
    """The continuum ``[0, length)`` as consecutive (start, end, is_unit) sections."""
    sections, position = [], 0
    for start, end in units:
        if start > position:
            sections.append((position, start, False))
        sections.append((start, end, True))
        position = end
    if position < length:
        sections.append((position, length, False))
    return sections


def _distance(g: tuple[int, int, bool], h: tuple[int, int, bool]) -> int:
    """Krippendorff's squared distance between two overlapping sections of two coders."""
    (bg, eg, unit_g), (bh, eh, unit_h) = g, h
    if unit_g and unit_h:
        return (bg - bh) ** 2 + (eg - eh) ** 2
    if unit_g and not unit_h and bh <= bg and eg <= eh:
        return (eg - bg) ** 2
    if unit_h and not unit_g and bg <= bh and eh <= eg:
        return (eh - bh) ** 2
    return 0


def unitized_disagreement(coders: Sequence[Iterable[Span]], length: int
                          ) -> tuple[float, float] | None:
    """Observed and expected disagreement ``(D_o, D_e)`` of alpha-u for one code.

    ``coders`` holds, per coder, the spans of that code on the continuum ``[0, length)``;
    a coder's own overlapping spans are joined first.
    """
    m, big_l = len(coders), length
    if m < 2 or big_l <= 0:
        return None
    parts = [_partition(union(spans), big_l) for spans in coders]
    observed = 0
    for a, b in combinations(parts, 2):
        i = j = 0
        while i < len(a) and j < len(b):
            observed += _distance(a[i], b[j])
            if a[i][1] < b[j][1]:
                i += 1
            elif a[i][1] > b[j][1]:
                j += 1
            else:
                i, j = i + 1, j + 1
    d_o = 2.0 * observed / (m * (m - 1) * float(big_l) ** 2)
    units = np.array([e - s for part in parts for s, e, unit in part if unit], dtype=float)
    if len(units) == 0:
        return None
    gaps = np.sort(np.array([e - s for part in parts for s, e, unit in part if not unit],
                            dtype=float))
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
    unions = [union(spans) for spans in coders]
    events = sorted([(s, 1) for u in unions for s, _ in u] + [(e, -1) for u in unions
                                                              for _, e in u])
    mixed, covered, previous = 0, 0, 0
    for position, step in events:  # covered = how many coders code [previous, position)
        mixed += (position - previous) * covered * (m - covered)
        previous, covered = position, covered + step
    units = [e - s for u in unions for s, e in u]
    total, l_1 = m * big_l, sum(units)
    l_0 = total - l_1
    if l_1 == 0 or l_0 == 0:
        return None
    squares = sum(u * u for u in units) + l_0
    return mixed / (m - 1), total * l_0 * l_1 / (total * total - squares)


def binary_unitized_alpha(coders: Sequence[Iterable[Span]], length: int) -> float | None:
    parts = binary_unitized_disagreement(coders, length)
    return None if parts is None else 1.0 - parts[0] / parts[1]


# -- segments -----------------------------------------------------------------------------
def segment_match(segments: Sequence[Span], others: Sequence[Span],
                  threshold: float = 90.0) -> tuple[int, int]:
    """(matched, total): a segment is matched when one of ``others`` overlaps at least
    ``threshold`` percent of it. Both lists are spans of one code in one document."""
    others = sorted(others)
    starts = [s for s, _ in others]
    longest = max((e - s for s, e in others), default=0)
    matched = 0
    for start, end in segments:
        need = threshold / 100.0 * (end - start)
        lo = bisect_left(starts, start - longest)
        hi = bisect_left(starts, end)
        if any(min(end, e) - max(start, s) >= need and min(end, e) > max(start, s)
               for s, e in others[lo:hi]):
            matched += 1
    return matched, len(segments)
