"""The coefficients, checked against published worked examples and against each other."""

import time

import numpy as np
import pytest

from casebook.coders import stats as ag

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


def test_krippendorff_2011_nominal_alpha_from_coincidences():
    assert round(ag.alpha_nominal(KRIPPENDORFF_2011), 3) == 0.743


def test_own_alpha_agrees_with_the_krippendorff_package():
    assert ag.alpha_nominal(KRIPPENDORFF_2011) == pytest.approx(
        ag.alpha_nominal_package(KRIPPENDORFF_2011), abs=1e-12)
    rng = np.random.default_rng(7)
    data = rng.integers(0, 3, size=(3, 200)).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan
    assert ag.alpha_nominal(data) == pytest.approx(ag.alpha_nominal_package(data), abs=1e-12)


def test_fleiss_1971_worked_example():
    assert round(ag.fleiss_kappa(FLEISS_TABLE), 3) == 0.210


def test_fleiss_from_ratings_equals_fleiss_from_the_table():
    # rebuild 14 raters' ratings from the table; the kappa must not change
    ratings = np.array([[c for c, n in enumerate(row) for _ in range(n)]
                        for row in FLEISS_TABLE]).T
    assert ag.fleiss_kappa(ag.value_counts(ratings)) == pytest.approx(
        ag.fleiss_kappa(FLEISS_TABLE))
    # Fleiss' P-bar is the mean pairwise agreement
    assert ag.percent_agreement(ratings) == pytest.approx(0.378, abs=5e-4)


def test_cohen_1960_table():
    assert round(ag.cohen_kappa_table(COHEN_1960), 3) == 0.492


def test_cohen_textbook_table_and_from_ratings():
    assert ag.cohen_kappa_table(TEXTBOOK_2X2) == pytest.approx(0.4)
    a, b = [], []
    for i, row in enumerate(TEXTBOOK_2X2):
        for j, n in enumerate(row):
            a += [i] * n
            b += [j] * n
    assert ag.cohen_kappa(a, b) == pytest.approx(0.4)
    assert ag.percent_agreement([a, b]) == pytest.approx(0.7)


def test_cohen_skips_missing_units():
    a = [1, 0, 1, None, 1]
    b = [1, 0, 0, 1, None]
    assert ag.cohen_kappa(a, b) == pytest.approx(ag.cohen_kappa([1, 0, 1], [1, 0, 0]))


def test_undefined_coefficients_are_none():
    all_zero = [[0, 0, 0], [0, 0, 0]]
    assert ag.alpha_nominal(all_zero) is None
    assert ag.cohen_kappa(*all_zero) is None
    assert ag.fleiss_kappa(ag.value_counts(all_zero)) is None
    assert ag.percent_agreement(all_zero) == 1.0
    assert ag.percent_agreement([[1, None], [None, 1]]) is None


def test_alpha_is_one_when_coders_agree_and_negative_when_they_oppose():
    assert ag.alpha_nominal([[0, 1, 1, 0], [0, 1, 1, 0]]) == pytest.approx(1.0)
    assert ag.alpha_nominal([[0, 1, 0, 1], [1, 0, 1, 0]]) < 0


def test_binary_alpha_on_100k_units_is_fast():
    rng = np.random.default_rng(1)
    a = rng.random(100_000) < 0.2
    b = np.where(rng.random(100_000) < 0.9, a, ~a)
    data = np.vstack([a, b]).astype(float)
    started = time.perf_counter()
    alpha = ag.alpha_nominal(data)
    kappa = ag.cohen_kappa(data[0], data[1])
    fleiss = ag.fleiss_kappa(ag.value_counts(data))
    assert time.perf_counter() - started < 1.0
    assert alpha == pytest.approx(ag.alpha_nominal_package(data), abs=1e-9)
    # two coders: alpha ~ Scott's pi = Fleiss, close to kappa for similar marginals
    assert 0.6 < alpha < 0.8 and abs(alpha - kappa) < 0.01 and abs(alpha - fleiss) < 0.01


def test_applied_needs_half_the_shorter_of_unit_and_span():
    starts, ends = [0, 10, 20], [10, 20, 40]
    assert ag.applied(starts, ends, [(8, 20)]).tolist() == [False, True, False]
    assert ag.applied(starts, ends, [(5, 15)]).tolist() == [True, True, False]
    assert ag.applied(starts, ends, [(25, 27)]).tolist() == [False, False, True]
    assert ag.applied(starts, ends, [(8, 20)], min_overlap=0.1).tolist() == [True, True, False]


def test_segment_match_threshold():
    segments = [(0, 100), (200, 300), (400, 410)]
    others = [(5, 100), (200, 280)]
    assert ag.segment_match(segments, others, 90) == (1, 3)
    assert ag.segment_match(segments, others, 80) == (2, 3)
    assert ag.segment_match([], others) == (0, 0)
