"""The coefficients, checked against published worked examples and against each other
(function level; tests/agreement/test_published.py checks them through the CLI)."""

import time

import numpy as np
import pytest

from casebook.coders import stats as ag
from casebook.coders import unitized as uz
from casebook.coders.units import applied_pairs

nan = None

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: four coders,
# twelve units, values 1-5, with missing data. Published: nominal alpha = 0.743.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
]

# Fleiss' kappa worked example (Wikipedia, after Fleiss 1971): 10 subjects, 14 raters,
# 5 categories; the table counts raters per category. Published: kappa = 0.210.
FLEISS_TABLE = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]

# Cohen (1960), Table 1: proportions of 200 units in three categories by two judges,
# p_o = .70, p_c = .41, published kappa = .492.
COHEN_1960 = [[.44, .07, .09], [.05, .20, .05], [.01, .03, .06]]
# The textbook 2x2 example (Wikipedia, "Cohen's kappa"): 50 proposals, yes/yes 20,
# yes/no 5, no/yes 10, no/no 15. Published: kappa = 0.4.
TEXTBOOK_2X2 = [[20, 5], [10, 15]]


def _table(data):
    ratings, values = ag.encode(data)
    return ag.counts(ratings, len(values))


def test_krippendorff_2011_alpha_at_four_levels():
    """Krippendorff (2011), section C: nominal .743, ordinal .815, interval .849, ratio .797."""
    ratings, values = ag.encode(KRIPPENDORFF_2011)
    table = ag.counts(ratings, len(values))
    published = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}
    for metric, value in published.items():
        assert round(ag.alpha(table, metric=metric, values=values), 3) == value
        assert ag.alpha(table, metric=metric, values=values) == pytest.approx(
            ag.alpha_package(KRIPPENDORFF_2011, metric), abs=1e-12)


def test_own_alpha_agrees_with_the_krippendorff_package():
    rng = np.random.default_rng(7)
    data = rng.integers(0, 3, size=(3, 200)).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan
    assert ag.alpha(_table(data)) == pytest.approx(ag.alpha_package(data), abs=1e-12)


def test_compressed_tables_give_the_same_figures():
    rng = np.random.default_rng(3)
    data = rng.integers(0, 2, size=(3, 500)).astype(float)
    data[rng.random(data.shape) < 0.1] = np.nan
    table = _table(data)
    rows, weights = ag.compress(table)
    assert len(rows) < 20 and weights.sum() == 500
    for f in (ag.alpha, ag.fleiss_kappa, ag.percent_agreement, ag.brennan_prediger, ag.gwet):
        assert f(rows, weights) == pytest.approx(f(table))


def test_fleiss_1971_worked_example():
    assert round(ag.fleiss_kappa(FLEISS_TABLE), 3) == 0.210


def test_fleiss_from_ratings_equals_fleiss_from_the_table():
    # rebuild 14 raters' ratings from the table; the kappa must not change
    ratings = np.array([[c for c, n in enumerate(row) for _ in range(n)]
                        for row in FLEISS_TABLE]).T
    assert ag.fleiss_kappa(_table(ratings)) == pytest.approx(ag.fleiss_kappa(FLEISS_TABLE))
    # Fleiss' P-bar is the mean pairwise agreement
    assert ag.percent_agreement(_table(ratings)) == pytest.approx(0.378, abs=5e-4)


def test_cohen_1960_table():
    assert round(ag.cohen_kappa_table(COHEN_1960), 3) == 0.492


def test_cohen_1968_weighted_kappa():
    """Cohen (1968): the 1960 table with disagreement weights 1, 3, 6 gives .348; with the
    asymmetric weights of his second example .353 (as psych::cohen.kappa's examples quote).
    Custom weights have no place in a codebook, so this one is checked here, not via the CLI."""
    assert round(ag.cohen_kappa_table(COHEN_1960, [[0, 1, 3], [1, 0, 6], [3, 6, 0]]), 3) == 0.348
    assert round(ag.cohen_kappa_table(COHEN_1960, [[0, 1, 4], [1, 0, 6], [2, 2, 0]]), 3) == 0.353


def test_cohen_textbook_table_and_from_ratings():
    assert ag.cohen_kappa_table(TEXTBOOK_2X2) == pytest.approx(0.4)
    a, b = [], []
    for i, row in enumerate(TEXTBOOK_2X2):
        for j, n in enumerate(row):
            a += [i] * n
            b += [j] * n
    assert ag.cohen_kappa(a, b) == pytest.approx(0.4)
    assert ag.percent_agreement(_table([a, b])) == pytest.approx(0.7)


def test_cohen_skips_missing_units():
    a = [1, 0, 1, None, 1]
    b = [1, 0, 0, 1, None]
    assert ag.cohen_kappa(a, b) == pytest.approx(ag.cohen_kappa([1, 0, 1], [1, 0, 0]))


def test_gwet_ac1_variance_as_irrcac():
    """irrCAC README, gwet.ac1.raw(cac.raw4raters) -- Krippendorff's 2011 data: AC1 .77544,
    standard error .14295, 95% interval (.461, 1); fleiss.kappa.raw .76117, bp.coeff.raw
    .77273 (pe = 0.2), pa .8181818."""
    table = _table(KRIPPENDORFF_2011)
    value, (low, high), se = ag.gwet(table, confidence=0.95)
    assert round(value, 5) == 0.77544 and round(se, 5) == 0.14295
    assert round(low, 3) == 0.461 and high == 1.0
    assert round(ag.fleiss_kappa(table), 5) == 0.76117
    assert round(ag.brennan_prediger(table), 5) == 0.77273
    assert ag.percent_agreement(table) == pytest.approx(9 / 11)


def test_t_quantiles():
    assert ag.t_quantile(0.95, 11) == pytest.approx(2.200985, abs=1e-6)
    assert ag.t_quantile(0.95, 1) == pytest.approx(12.7062, abs=1e-4)
    assert ag.t_quantile(0.95, 30) == pytest.approx(2.042272, abs=1e-6)
    assert ag.t_quantile(0.95, 10 ** 6) == pytest.approx(1.959964, abs=1e-6)


def test_alpha_bootstrap_brackets_alpha_and_is_reproducible():
    table = _table(KRIPPENDORFF_2011)
    (low, high), below = ag.alpha_bootstrap(table)
    assert low < ag.alpha(table) < high and 0 <= below[0.667] <= below[0.8] <= 1
    assert ag.alpha_bootstrap(table) == ((low, high), below)
    assert ag.alpha_bootstrap(_table([[0, 0, 0], [0, 0, 0]])) is None


def test_undefined_coefficients_are_none():
    all_zero = [[0, 0, 0], [0, 0, 0]]
    ratings = np.zeros((2, 3), dtype=int)
    table = ag.counts(ratings, 2)
    assert ag.alpha(table) is None
    assert ag.cohen_kappa(*all_zero) is None
    assert ag.fleiss_kappa(table) is None
    assert ag.percent_agreement(table) == 1.0
    assert ag.percent_agreement(_table([[1, None], [None, 1]])) is None


def test_alpha_is_one_when_coders_agree_and_negative_when_they_oppose():
    assert ag.alpha(_table([[0, 1, 1, 0], [0, 1, 1, 0]])) == pytest.approx(1.0)
    assert ag.alpha(_table([[0, 1, 0, 1], [1, 0, 1, 0]])) < 0


def test_binary_alpha_on_100k_units_is_fast():
    rng = np.random.default_rng(1)
    a = rng.random(100_000) < 0.2
    b = np.where(rng.random(100_000) < 0.9, a, ~a)
    data = np.vstack([a, b]).astype(int)
    started = time.perf_counter()
    table = ag.counts(data, 2)
    alpha = ag.alpha(table)
    kappa = ag.cohen_kappa_table(ag.pair_table(data[0], data[1], 2))
    fleiss = ag.fleiss_kappa(table)
    assert time.perf_counter() - started < 1.0
    assert alpha == pytest.approx(ag.alpha_package(data), abs=1e-9)
    # two coders: alpha ~ Scott's pi = Fleiss, close to kappa for similar marginals
    assert 0.6 < alpha < 0.8 and abs(alpha - kappa) < 0.01 and abs(alpha - fleiss) < 0.01


def _applied(starts, ends, spans, min_overlap=0.5) -> list[int]:
    return sorted(set(applied_pairs(starts, ends, [s for s, _ in spans], [e for _, e in spans],
                                    min_overlap)[1].tolist()))


def test_applied_needs_half_the_shorter_of_unit_and_span():
    starts, ends = [0, 10, 20], [10, 20, 40]
    assert _applied(starts, ends, [(8, 20)]) == [1]
    assert _applied(starts, ends, [(5, 15)]) == [0, 1]
    assert _applied(starts, ends, [(25, 27)]) == [2]
    assert _applied(starts, ends, [(8, 20)], min_overlap=0.1) == [0, 1]
    # (span, unit) pairs: the first span applies to two units, the second to none
    spans, units = applied_pairs(starts, ends, [5, 30], [15, 31])
    assert list(zip(spans.tolist(), units.tolist())) == [(0, 0), (0, 1), (1, 2)]


def test_segment_match_threshold():
    """Own overlap: both coders' codings count, each matched or not."""
    segments = [(0, 100), (200, 300), (400, 410)]
    others = [(5, 100), (200, 280)]
    assert uz.segment_agreement(segments, others, 90) == (1 + 2, 2 + 0)
    assert uz.segment_agreement(segments, others, 80) == (2 + 2, 1 + 0)
    assert uz.segment_agreement([], others) == (0, 2)


def test_segment_rules_differ_as_documented():
    a, b = [(0, 100)], [(10, 100), (100, 200)]
    # own-overlap: a is 90% covered, b's first 100% -> 2 of 3 matched
    assert uz.segment_agreement(a, b, 90, "own-overlap") == (2, 1)
    # iou: 90 / 100 -> the same two codings
    assert uz.segment_agreement(a, b, 90, "iou") == (2, 1)
    assert uz.segment_agreement(a, b, 95, "iou") == (0, 3)
    # maxqda: one pair, one coding unpaired
    assert uz.segment_agreement(a, b, 90, "maxqda") == (1, 1)
    # a short coding inside a long one: its own length is covered, the union is not
    assert uz.segment_agreement([(0, 100)], [(40, 50)], 90, "own-overlap") == (1, 1)
    assert uz.segment_agreement([(0, 100)], [(40, 50)], 90, "iou") == (0, 2)
