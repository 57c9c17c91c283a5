"""Krippendorff's alpha-u on a character continuum, against a hand-worked example."""

import pytest

from casebook.coders import unitized as ag


def test_hand_worked_two_coders():
    """Continuum L = 10. Coder A codes [2, 6), coder B codes [3, 6).

    Sections: A = gap 0-2, unit 2-6, gap 6-10; B = gap 0-3, unit 3-6, gap 6-10.
    Observed: the only non-zero distance is unit/unit: (2-3)^2 + (6-6)^2 = 1, so
    D_o = 2 * 1 / (m(m-1) L^2) = 2 / 200 = 0.01.
    Expected: N = 2 units (l = 4, l = 3), gaps 2, 4, 3, 4.
      l = 4: (N-1)(2*64 - 3*16 + 4)/3 = 28, plus 16 * [(4-4+1) + (4-4+1)] = 32 -> 60
      l = 3: (N-1)(2*27 - 3*9 + 3)/3 = 10, plus 9 * [2 + 1 + 2] = 45          -> 55
      D_e = (2/L) * 115 / (mL(mL-1) - (4*3 + 3*2)) = 23 / 362.
    alpha-u = 1 - 0.01 / (23/362) = 0.8426.
    """
    d_o, d_e = ag.unitized_disagreement([[(2, 6)], [(3, 6)]], 10)
    assert d_o == pytest.approx(0.01)
    assert d_e == pytest.approx(23 / 362)
    assert ag.unitized_alpha([[(2, 6)], [(3, 6)]], 10) == pytest.approx(1 - 0.01 / (23 / 362))
    assert round(ag.unitized_alpha([[(2, 6)], [(3, 6)]], 10), 4) == 0.8426


def test_identical_unitizing_is_perfect_and_order_of_coders_does_not_matter():
    a = [(0, 5), (20, 40), (70, 71)]
    assert ag.unitized_alpha([a, a, a], 100) == pytest.approx(1.0)
    b = [(1, 5), (22, 41)]
    assert ag.unitized_alpha([a, b], 100) == pytest.approx(ag.unitized_alpha([b, a], 100))
    assert ag.unitized_alpha([a, b], 100) < 1.0


def test_unit_against_gap_counts_its_squared_length():
    # A codes 10-20, B codes nothing there (but something elsewhere so D_e > 0)
    d_o, _ = ag.unitized_disagreement([[(10, 20)], [(50, 52)]], 100)
    assert d_o == pytest.approx(2 * (10 ** 2 + 2 ** 2) / (2 * 100 ** 2))


def test_nobody_coded_is_undefined_and_own_overlaps_are_joined():
    assert ag.unitized_alpha([[], []], 50) is None
    assert ag.unitized_alpha([[(0, 10), (5, 20)], [(0, 20)]], 50) == pytest.approx(1.0)


def test_disjoint_codings_are_worse_than_chance():
    assert ag.unitized_alpha([[(0, 10)], [(50, 60)]], 100) < 0


def _observed_by_brute_force(coders, length):
    """Every pair of sections of every pair of coders, overlapping or not (the definition)."""
    parts = [ag._partition(ag.joined(spans), length) for spans in coders]
    total = 0
    for i, a in enumerate(parts):
        for j, b in enumerate(parts):
            if i == j:
                continue
            for g in zip(*a):
                for h in zip(*b):
                    if min(g[1], h[1]) > max(g[0], h[0]):
                        total += float(ag._distance(*g, *h))
    m = len(coders)
    return total / (m * (m - 1) * length ** 2)


def test_the_sweep_finds_every_overlapping_pair():
    import random

    rng = random.Random(5)
    for _ in range(30):
        coders = []
        for _coder in range(rng.choice([2, 3, 4])):
            spans = []
            for _span in range(rng.randint(0, 6)):
                start = rng.randrange(0, 195)
                spans.append((start, start + rng.randint(1, 30)))
            coders.append(spans)
        result = ag.unitized_disagreement(coders, 230)
        if result is not None:
            assert result[0] == pytest.approx(_observed_by_brute_force(coders, 230))


def test_binary_u_alpha_hand_worked():
    """Same data as above, Krippendorff et al. (2016) binary |u-alpha.

    m = 2, L = 10, l = mL = 20. Units: A 4, B 3 -> l_1 = 7, l_0 = 13.
    Only character 2 is coded by A and not by B: o_01 = 1 * 1 / (m - 1) = 1.
    S = 4^2 + 3^2 + l_0 = 38;  e_01 = l l_0 l_1 / (l^2 - S) = 20 * 13 * 7 / 362.
    |u-alpha = 1 - 362 / 1820 = 0.8011.
    """
    o, e = ag.binary_unitized_disagreement([[(2, 6)], [(3, 6)]], 10)
    assert o == pytest.approx(1.0) and e == pytest.approx(1820 / 362)
    assert round(ag.binary_unitized_alpha([[(2, 6)], [(3, 6)]], 10), 4) == 0.8011


def test_binary_u_alpha_counts_characters_between_coders():
    a, b, c = [(0, 10), (40, 60)], [(0, 8), (45, 60)], [(0, 10), (40, 60)]
    assert ag.binary_unitized_alpha([a, a], 100) == pytest.approx(1.0)
    # three coders: o_01 sums over ordered pairs, position by position
    o, _ = ag.binary_unitized_disagreement([a, b, c], 100)
    # chars 8-10 and 40-45: coded by 2 of 3 -> 2 * 1 ordered (unit, gap) pairs each, / 2
    assert o == pytest.approx((2 + 5) * 2 * 1 / 2)
    assert ag.binary_unitized_alpha([[], []], 100) is None
    assert ag.binary_unitized_alpha([[(0, 100)], [(0, 100)]], 100) is None


def test_joined_arrays_equal_the_union():
    import random

    rng = random.Random(9)
    for _ in range(50):
        spans = [(s, s + rng.randint(1, 20)) for s in
                 (rng.randrange(0, 100) for _ in range(rng.randint(0, 8)))]
        assert [tuple(x) for x in ag.joined(spans).tolist()] == ag.union(spans)
