"""Agreement coefficients for categorical judgements: pure functions on plain arrays.

Two shapes of data:

- *ratings*: an integer ``coders x units`` array of category indices ``0..q-1``, ``-1``
  where a coder did not judge a unit (missing data); :func:`encode` makes one from values
  with ``None``/``nan`` for missing.
- a *counts table*: ``units x q``, how many coders put each unit in each category
  (:func:`counts`). Every multi-coder coefficient here is a function of the counts table
  alone, so identical rows are kept once with a weight (:func:`compress`): a per-code binary
  table has at most ``(m + 1)^2`` distinct rows, and a stretch of ``w`` characters that
  every coder judged alike is one row of weight ``w``. All functions take ``weights``.

Missing data follow Gwet (2014, *Handbook of Inter-Rater Reliability*, 4th ed., ch. 2-5),
as his irrCAC package does: observed agreement averages over units judged by at least two
coders, category shares over units judged by at least one. Krippendorff's alpha follows
Krippendorff (2011, "Computing Krippendorff's alpha-reliability"). A coefficient that is
undefined (no variation, nothing pairable) is ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from math import atan, cos, pi, sin, sqrt

import numpy as np

METRICS = ("nominal", "ordinal", "interval", "ratio")


# -- shapes -------------------------------------------------------------------------------
def distinct(values, counts: bool = False):
    """The sorted distinct values of a 1-d array, as ``np.unique`` gives them (with
    ``counts``: and how often each occurs), by a sort: numpy 2.3+'s hashing ``np.unique``
    is up to 100x slower on an array of many distinct integers."""
    found = np.sort(np.asarray(values).ravel())
    first = np.flatnonzero(np.concatenate([[True], found[1:] != found[:-1]])[:len(found)])
    if not counts:
        return found[first]
    return found[first], np.diff(np.append(first, len(found)))


def encode(data) -> tuple[np.ndarray, np.ndarray]:
    """(ratings, values): category indices into the sorted distinct ``values``, -1 missing."""
    raw = np.asarray(data, dtype=float)  # None becomes nan
    values = np.unique(raw[~np.isnan(raw)])
    ratings = np.searchsorted(values, np.nan_to_num(raw, nan=0.0)).astype(np.int64)
    ratings[np.isnan(raw)] = -1
    return ratings, values


def counts(ratings: np.ndarray, q: int) -> np.ndarray:
    """``units x q``: how many coders gave each unit each category."""
    ratings = np.asarray(ratings)
    table = np.empty((ratings.shape[1], q))
    for k in range(q):
        table[:, k] = (ratings == k).sum(axis=0)
    return table


def compress(table: np.ndarray, weights=None) -> tuple[np.ndarray, np.ndarray]:
    """Identical rows of a counts table kept once, their weights summed."""
    table = np.asarray(table, dtype=float)
    weights = np.ones(len(table)) if weights is None else np.asarray(weights, dtype=float)
    if len(table) == 0:
        return table, weights
    base = int(table.max()) + 1
    q = table.shape[1]
    if base ** q <= 2 ** 20:  # rows as the digits of one small number: no sorting
        power = base ** np.arange(q)
        key = table.astype(np.int64) @ power
        present = np.flatnonzero(np.bincount(key, minlength=base ** q))
        rows = (present[:, None] // power) % base
        return rows.astype(float), np.bincount(key, weights=weights)[present]
    rows, inverse = np.unique(table, axis=0, return_inverse=True)
    return rows, np.bincount(inverse.ravel(), weights=weights, minlength=len(rows))


class Rated:
    """A counts table as every coefficient here starts from it: the rows at least one coder
    judged, their weights and judges ``r``, and (computed when first asked, then kept) the
    observed agreement per row and the category shares. The functions take a table and
    weights, or a Rated, so the figures of one table share this work."""

    def __init__(self, table, weights=None) -> None:
        table = np.asarray(table, dtype=float)
        weights = np.ones(len(table)) if weights is None else np.asarray(weights, dtype=float)
        r = table.sum(axis=1)
        keep = r > 0
        self.table, self.weights, self.r = table[keep], weights[keep], r[keep]
        self._agreement: tuple[np.ndarray, np.ndarray] | None = None
        self._shares: np.ndarray | None = None

    def agreement(self, agree=None) -> tuple[np.ndarray, np.ndarray]:
        """``(pa_i, two)``: per row Gwet's weighted observed agreement
        ``pa_i = sum_k r_ik (r*_ik - 1) / (r_i (r_i - 1))``, ``r*_ik = sum_l agree_kl r_il``,
        and whether two or more coders judged it."""
        if agree is None and self._agreement is not None:
            return self._agreement
        table, r = self.table, self.r
        starred = table if agree is None else table @ np.asarray(agree, dtype=float).T
        two = r >= 2
        pa = np.zeros(len(r))
        pa[two] = (table * (starred - 1)).sum(axis=1)[two] / (r * (r - 1))[two]
        if agree is None:
            self._agreement = pa, two
        return pa, two

    def shares(self) -> np.ndarray:
        """Gwet's category shares: per unit judged by anyone, the share of its judgements."""
        if self._shares is None:
            w = self.weights
            self._shares = (w[:, None] * self.table / self.r[:, None]).sum(axis=0) / w.sum()
        return self._shares

    def columns(self, used: np.ndarray) -> Rated:
        """The same rows with only the ``used`` categories (itself when all are)."""
        return self if used.all() else Rated(self.table[:, used], self.weights)


def _rated(table, weights) -> Rated:
    return table if isinstance(table, Rated) else Rated(table, weights)


def pairable_units(table, weights=None) -> float:
    """How many units (weighted) at least two coders judged."""
    rated = _rated(table, weights)
    return float(rated.weights[rated.r >= 2].sum())


# -- observed agreement and the kappa family (Gwet 2014) ----------------------------------
def percent_agreement(table, weights=None, agree=None) -> float | None:
    """Share of agreeing coder pairs, averaged over the units at least two coders judged
    (for two coders: the share of units they agree on). ``agree``: q x q agreement weights."""
    rated = _rated(table, weights)
    pa, two = rated.agreement(agree)
    if not two.any():
        return None
    weights = rated.weights
    return float((weights[two] * pa[two]).sum() / weights[two].sum())


def _kappa(pa: float | None, pe: float) -> float | None:
    if pa is None or pe >= 1.0 - 1e-12:
        return None
    return (pa - pe) / (1.0 - pe)


def fleiss_kappa(table, weights=None) -> float | None:
    """Fleiss' kappa (1971), with Gwet's treatment of missing judgements."""
    rated = _rated(table, weights)
    if len(rated.table) == 0:
        return None
    p = rated.shares()
    return _kappa(percent_agreement(rated), float((p * p).sum()))


def _used(rated: Rated, agree) -> tuple[Rated, np.ndarray | None]:
    """The categories that occur (irrCAC's default when no labels are given): ``q`` of
    Brennan-Prediger and AC1 counts these."""
    used = rated.table.sum(axis=0) > 0
    agree = None if agree is None else np.asarray(agree, dtype=float)[np.ix_(used, used)]
    return rated.columns(used), agree


def brennan_prediger(table, weights=None, agree=None) -> float | None:
    """Brennan & Prediger's (1981) kappa = Bennett, Alpert & Goldstein's (1954) S =
    Randolph's (2005) free-marginal multirater kappa: chance agreement ``1/q`` for the
    ``q`` categories that occur (with agreement weights: ``sum(agree) / q^2``)."""
    rated, agree = _used(_rated(table, weights), agree)
    q = rated.table.shape[1]
    if q < 2:
        return None
    total = q if agree is None else float(np.sum(agree))
    return _kappa(percent_agreement(rated, agree=agree), total / q ** 2)


def gwet(table, weights=None, agree=None, confidence: float | None = None):
    """Gwet's AC1 (2008), or AC2 with agreement weights ``agree``; with ``confidence``
    (e.g. 0.95) returns ``(value, (low, high), standard error)`` by Gwet's variance
    (2014, ch. 5; irrCAC's gwet.ac1.raw), else the value. ``q``: the categories that occur."""
    rated, agree = _used(_rated(table, weights), agree)
    q = rated.table.shape[1]
    pa, two = rated.agreement(agree)
    w, rows, r = rated.weights, rated.table, rated.r
    total = q if agree is None else float(np.sum(agree))
    if not two.any() or q < 2:
        return (None, None, None) if confidence else None
    p = rated.shares()
    pe = total * float((p * (1 - p)).sum()) / (q * (q - 1))
    value = _kappa(percent_agreement(rated, agree=agree), pe)
    if not confidence:
        return value
    if value is None:
        return None, None, None
    n, n2 = w.sum(), w[two].sum()
    ac_i = (n / n2) * (pa - pe * two) / (1 - pe)
    pe_i = total / (q * (q - 1)) * (rows @ (1 - p)) / r
    ac_i = ac_i - 2 * (1 - value) * (pe_i - pe) / (1 - pe)
    if n < 2:
        return value, None, None
    se = sqrt(float((w * (ac_i - value) ** 2).sum()) / (n * (n - 1)))
    half = se * t_quantile(confidence, n - 1)
    return value, (value - half, min(1.0, value + half)), se


# -- two coders: contingency tables -------------------------------------------------------
def pair_table(a, b, q: int, weights=None) -> np.ndarray:
    """q x q table of two coders' judgements over the units both judged."""
    a, b = np.asarray(a), np.asarray(b)
    both = (a >= 0) & (b >= 0)
    w = None if weights is None else np.asarray(weights, dtype=float)[both]
    return np.bincount(a[both] * q + b[both], weights=w, minlength=q * q).reshape(q, q)


def pair_tables(ratings, q: int, weights=None) -> dict[tuple[int, int], np.ndarray]:
    return {(i, j): pair_table(ratings[i], ratings[j], q, weights)
            for i, j in combinations(range(len(ratings)), 2)}


def cohen_kappa_table(table, disagreement=None) -> float | None:
    """Cohen's kappa (1960) from a square contingency table; with a ``disagreement``
    weight matrix (0 on the diagonal) Cohen's (1968) weighted kappa
    ``1 - sum(v p_o) / sum(v p_e)``."""
    return cohen_kappas(np.asarray(table, dtype=float)[None], disagreement)[0]


def _shares_of(tables) -> tuple[np.ndarray, np.ndarray]:
    """``P x q x q`` tables as shares of their totals, and the totals (a table of nothing
    stays nothing)."""
    tables = np.asarray(tables, dtype=float).reshape(-1, *np.shape(tables)[-2:])
    total = tables.sum(axis=(1, 2))
    return tables / np.where(total == 0, 1.0, total)[:, None, None], total


def cohen_kappas(tables, disagreement=None) -> list[float | None]:
    """:func:`cohen_kappa_table` of many tables (``P x q x q``, e.g. every coder pair's)."""
    p, total = _shares_of(tables)
    v = 1 - np.eye(p.shape[1]) if disagreement is None else \
        np.asarray(disagreement, dtype=float)
    chance = p.sum(axis=2)[:, :, None] * p.sum(axis=1)[:, None, :]
    expected = (v * chance).sum(axis=(1, 2))
    observed = (v * p).sum(axis=(1, 2))
    return [None if n == 0 or e <= 1e-12 else 1.0 - float(o) / float(e)
            for n, e, o in zip(total.tolist(), expected.tolist(), observed.tolist())]


def scott_pi_table(table) -> float | None:
    """Scott's pi (1955): chance from the two coders' pooled category shares."""
    return scott_pis(np.asarray(table, dtype=float)[None])[0]


def scott_pis(tables) -> list[float | None]:
    """:func:`scott_pi_table` of many tables (``P x q x q``)."""
    p, total = _shares_of(tables)
    shares = (p.sum(axis=1) + p.sum(axis=2)) / 2
    agreed = np.trace(p, axis1=1, axis2=2)
    chance = (shares ** 2).sum(axis=1)
    return [None if n == 0 else _kappa(a, e)
            for n, a, e in zip(total.tolist(), agreed.tolist(), chance.tolist())]


def cohen_kappa(a: Sequence, b: Sequence) -> float | None:
    """Cohen's kappa of two coders over the units both judged (values, None missing)."""
    ratings, values = encode([a, b])
    return cohen_kappa_table(pair_table(ratings[0], ratings[1], len(values)))


def order_weights(q: int, power: int) -> np.ndarray:
    """Disagreement weights of ordered categories: ``|i - j|`` (1) or ``(i - j)^2`` (2)."""
    steps = np.abs(np.subtract.outer(np.arange(q), np.arange(q))).astype(float)
    return steps ** power


def agreement_weights(q: int, power: int) -> np.ndarray:
    """Gwet's linear (1) or quadratic (2) agreement weights: ``1 - |i-j|^p / (q-1)^p``."""
    return 1.0 - order_weights(q, power) / max(1, q - 1) ** power


# -- Krippendorff's alpha -----------------------------------------------------------------
def coincidences(table, weights=None) -> np.ndarray:
    """Krippendorff's coincidence matrix ``o_ck = sum_u n_uc (n_uk - [c=k]) / (m_u - 1)``
    over the units at least two coders judged."""
    rated = _rated(table, weights)
    table, weights, r = rated.table, rated.weights, rated.r
    two = r >= 2
    table, scale = table[two], (weights / np.maximum(r - 1, 1))[two]
    return (table * scale[:, None]).T @ table - np.diag((table * scale[:, None]).sum(axis=0))


def distances(metric: str, n_c: np.ndarray, values=None) -> np.ndarray:
    """Krippendorff's squared difference function ``delta^2_ck``."""
    q = len(n_c)
    v = np.arange(q, dtype=float) if values is None else np.asarray(values, dtype=float)
    if metric == "nominal":
        return 1.0 - np.eye(q)
    if metric == "ordinal":
        cum = np.concatenate([[0.0], np.cumsum(n_c)])
        low, high = np.minimum.outer(np.arange(q), np.arange(q)), \
            np.maximum.outer(np.arange(q), np.arange(q))
        return (cum[high + 1] - cum[low] - (n_c[:, None] + n_c[None, :]) / 2) ** 2
    if metric == "interval":
        return np.subtract.outer(v, v) ** 2
    if metric == "ratio":
        total = np.add.outer(v, v)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.nan_to_num((np.subtract.outer(v, v) / total) ** 2)
    raise ValueError(f"metric is one of {', '.join(METRICS)}")


def _alpha_parts(table, weights, metric, values):
    o = coincidences(table, weights)
    n_c = o.sum(axis=1)
    n = float(n_c.sum())
    if n <= 1:
        return None
    delta = distances(metric, n_c, values)
    d_o = float((o * delta).sum()) / n
    d_e = float((np.outer(n_c, n_c) * delta).sum()) / (n * (n - 1))
    return o, delta, n, d_o, d_e


def alpha(table, weights=None, metric: str = "nominal", values=None) -> float | None:
    """Krippendorff's alpha ``1 - D_o / D_e`` at the given level of measurement."""
    parts = _alpha_parts(table, weights, metric, values)
    if parts is None or parts[4] <= 1e-15:
        return None
    return 1.0 - parts[3] / parts[4]


def alpha_bootstrap(table, weights=None, metric: str = "nominal", values=None, *,
                    draws: int = 2000, confidence: float = 0.95, seed: int = 0,
                    minimums: Sequence[float] = (0.667, 0.8)):
    """Hayes & Krippendorff's (2007) bootstrap of alpha (Krippendorff 2006, "Bootstrapping
    distributions for Krippendorff's alpha"): as many pairs of values as the data hold,
    ``M = sum_u m_u (m_u - 1) / 2``, are drawn from the coincidences, D_e held fixed.
    Returns ``((low, high), {alpha_min: probability alpha < alpha_min})``, or None when
    alpha is undefined. A draw without variation counts as alpha = 0."""
    parts = _alpha_parts(table, weights, metric, values)
    if parts is None or parts[4] <= 1e-15:
        return None
    o, delta, n, _d_o, d_e = parts
    upper = np.triu_indices(len(o))
    p = np.where(upper[0] == upper[1], o[upper], 2 * o[upper]) / n
    rated = _rated(table, weights)
    w, r = rated.weights, rated.r
    size = max(1, int(round(float((w * r * (r - 1) / 2)[r >= 2].sum()))))
    rng = np.random.default_rng(seed)
    drawn = rng.multinomial(size, p / p.sum(), size=draws)
    boot = 1.0 - drawn @ delta[upper] / (size * d_e)
    flat = (np.count_nonzero(drawn, axis=1) == 1) & (drawn @ (upper[0] == upper[1]) == size)
    boot = np.clip(np.where(flat, 0.0, boot), -1.0, 1.0)
    tail = (1 - confidence) / 2
    low, high = np.quantile(boot, [tail, 1 - tail])
    return (float(low), float(high)), {a: float((boot < a).mean()) for a in minimums}


def alpha_package(data, metric: str = "nominal") -> float | None:
    """The same coefficient computed by the ``krippendorff`` package (a cross-check)."""
    import krippendorff

    raw = np.asarray(data, dtype=float)
    if len(np.unique(raw[~np.isnan(raw)])) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=raw, level_of_measurement=metric))


# -- Student's t, for confidence intervals ------------------------------------------------
def _t_central(t: float, df: int) -> float:
    """``P(|T| < t)`` for integer ``df`` (Abramowitz & Stegun 26.7.3-4)."""
    theta = atan(t / sqrt(df))
    s, c = sin(theta), cos(theta)
    if df == 1:
        return 2 * theta / pi
    term = total = 1.0 if df % 2 == 0 else c
    for k in range(2 if df % 2 == 0 else 3, df - 1, 2):
        term *= c * c * (k - 1) / k
        total += term
    return s * total if df % 2 == 0 else 2 / pi * (theta + s * total)


def t_quantile(confidence: float, df: float) -> float:
    """The two-sided critical value of Student's t (normal beyond 1000 df)."""
    if df > 1000:
        from statistics import NormalDist  # imported when asked (--ci): it is slow to load

        return NormalDist().inv_cdf(0.5 + confidence / 2)
    df, low, high = max(1, int(df)), 0.0, 1e4
    for _ in range(200):
        mid = (low + high) / 2
        low, high = (mid, high) if _t_central(mid, df) < confidence else (low, mid)
    return (low + high) / 2
