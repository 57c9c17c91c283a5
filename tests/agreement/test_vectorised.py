"""The vectorised paths of `casebook agree` against straightforward ones: codings to units,
every code's tallies at once, the text figures of many codes stacked, character units at the
edges of a document, and the store's integer columns."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.coders import agreement, stats
from casebook.coders import unitized as uz
from casebook.coders.figures import Tally
from casebook.coders.units import Codings, Units, applied_pairs
from tests.agreement.data import add_document, code


@st.composite
def _units_and_spans(draw):
    """Sorted, non-overlapping units (gaps allowed) and spans anywhere around them."""
    cuts = sorted(draw(st.sets(st.integers(0, 300), min_size=2, max_size=30)))
    units = [(a, b) for a, b in zip(cuts, cuts[1:]) if draw(st.booleans())] or \
        [(cuts[0], cuts[1])]
    spans = draw(st.lists(st.tuples(st.integers(0, 310), st.integers(1, 80)), max_size=25))
    return units, [(s, s + n) for s, n in spans]


@given(_units_and_spans(), st.sampled_from([0.1, 0.5, 0.9, 1.0]))
@settings(max_examples=150, deadline=None)
def test_units_a_span_applies_to_are_the_straightforward_ones(data, share):
    units, spans = data
    found = applied_pairs(np.array([u[0] for u in units]), np.array([u[1] for u in units]),
                          np.array([s[0] for s in spans], dtype=np.int64),
                          np.array([s[1] for s in spans], dtype=np.int64), share)
    expected = set()
    for i, (s, e) in enumerate(spans):
        for k, (us, ue) in enumerate(units):
            overlap = min(e, ue) - max(s, us)
            if overlap > 0 and overlap >= share * min(ue - us, e - s):
                expected.add((i, k))
    assert set(zip(found[0].tolist(), found[1].tolist())) == expected


def _random_units(rng, coders: int, codes: int) -> Units:
    """Three documents of sentences, random codings (some overlapping, some repeated), and
    coders who did not judge every document."""
    lengths = [200, 150, 260]
    starts = np.concatenate([[0], np.cumsum(lengths)])
    bounds = [(int(starts[d]) + s, int(starts[d]) + s + 17) for d in range(3)
              for s in range(0, lengths[d] - 17, 20)]
    n = int(rng.integers(0, 120))
    start = rng.integers(0, starts[-1] - 1, n)
    end = np.minimum(start + rng.integers(1, 60, n), starts[-1])
    judged = rng.random((coders, 3)) < 0.8
    return Units(Codings(start, end, rng.integers(0, codes, n), rng.integers(0, coders, n)),
                 starts, judged, (np.array([b[0] for b in bounds]),
                                  np.array([b[1] for b in bounds])), 0.5)


@pytest.mark.parametrize("seed", range(25))
def test_every_code_at_once_equals_each_code_on_its_own(seed):
    rng = np.random.default_rng(seed)
    coders, codes = int(rng.integers(2, 5)), int(rng.integers(1, 6))
    units = _random_units(rng, coders, codes)
    asked = [c for c in range(codes + 1) if rng.random() < 0.8] + [0]  # a repeat, an unused
    for one, found in zip(asked, units.binary(asked)):
        ratings = units.ratings([one])[0][0]
        tally = Tally.of(ratings, 2)
        assert found.table.tolist() == tally.table.tolist()
        assert found.weights.tolist() == tally.weights.tolist()
        assert {k: v.tolist() for k, v in found.pairs.items()} == \
            {k: v.tolist() for k, v in tally.pairs.items()}
        assert found.applied.tolist() == (ratings == 1).sum(axis=1).tolist()


def _expected_disagreement(coders, length):
    """D_e of alpha-u by its definition (Krippendorff 2004, ch. 11), unit by unit."""
    parts = [uz._partition(uz.joined(spans), length) for spans in coders]
    units = [int(e - s) for p in parts for s, e, u in zip(*p) if u]
    gaps = [int(e - s) for p in parts for s, e, u in zip(*p) if not u]
    if not units:
        return None
    m, total = len(coders), 0.0
    for n in units:
        total += (len(units) - 1) * (2 * n ** 3 - 3 * n ** 2 + n) / 3
        total += n ** 2 * sum(g - n + 1 for g in gaps if g >= n)
    return 2 / length * total / (m * length * (m * length - 1) - sum(n * (n - 1) for n in units))


@pytest.mark.parametrize("seed", range(30))
def test_stacked_codes_equal_each_code_on_its_own(seed):
    rng = np.random.default_rng(seed)
    length, m, codes = int(rng.integers(20, 400)), int(rng.integers(2, 5)), int(rng.integers(1, 5))
    per_code = []
    for _ in range(codes):
        coders = []
        for _ in range(m):
            start = rng.integers(0, length - 1, int(rng.integers(0, 6)))
            coders.append(np.column_stack([start, np.minimum(start + rng.integers(
                1, 40, len(start)), length)]).astype(np.int64))
        per_code.append(coders)
    stride = length + 1
    unions = [uz.joined(np.vstack([per_code[k][c] + k * stride for k in range(codes)]))
              for c in range(m)]
    alpha = uz.stacked_disagreement(unions, length, codes)
    binary = uz.stacked_binary(unions, length, codes)
    for k, coders in enumerate(per_code):
        assert alpha[k] == uz.unitized_disagreement(coders, length)
        assert binary[k] == uz.binary_unitized_disagreement(coders, length)
        expected = _expected_disagreement(coders, length)
        assert (alpha[k] is None) == (expected is None)
        if expected is not None:
            assert alpha[k][1] == pytest.approx(expected, rel=1e-12)
    for rule in uz.SEGMENT_RULES:
        for a, b in combinations(range(m), 2):
            stacked = uz.stacked_segments(
                np.vstack([per_code[k][a] + k * stride for k in range(codes)]),
                np.vstack([per_code[k][b] + k * stride for k in range(codes)]),
                codes, stride, 60, rule)
            assert [tuple(row) for row in stacked.tolist()] == [
                uz.segment_agreement(per_code[k][a], per_code[k][b], 60, rule)
                for k in range(codes)]


@given(st.lists(st.integers(-5, 10 ** 12), max_size=60))
def test_distinct_is_numpy_unique(values):
    array = np.array(values, dtype=np.int64)
    found, counts = stats.distinct(array, counts=True)
    expected, expected_counts = np.unique(array, return_counts=True)
    assert found.tolist() == expected.tolist() and counts.tolist() == expected_counts.tolist()


def _per_character(text_length: int, spans_by_coder: list[list[tuple[int, int]]]):
    """coders x characters: 1 where the coder's codings cover the character, else 0."""
    ratings = np.zeros((len(spans_by_coder), text_length), dtype=np.int64)
    for coder, spans in enumerate(spans_by_coder):
        for start, end in spans:
            for position in range(start, end):
                ratings[coder, position] = 1
    return ratings


def test_character_units_at_the_edges_and_overlapping_equal_character_by_character(project):
    store = project.store
    doc = add_document(store, sentences=6)
    size = len(store.document(doc).text)
    anna = [(0, 5), (3, 30), (size - 7, size), (60, 61)]  # at the start, overlapping, at the end
    bram = [(0, 2), (20, 40), (size - 1, size), (size - 30, size - 10)]
    for coder, spans in (("anna", anna), ("bram", bram)):
        for start, end in spans:
            code(store, doc, coder, "willen", start, end)
    row = agreement.compute(store, unit="char", codes=["willen"]).codes[0]
    ratings = _per_character(size, [anna, bram])
    tally = Tally.of(ratings, 2)
    assert row.units == size
    assert row.applied == {"anna": float(ratings[0].sum()), "bram": float(ratings[1].sum())}
    assert row.value("percent") == pytest.approx(100 * stats.percent_agreement(
        tally.table, tally.weights))
    assert row.value("alpha") == pytest.approx(stats.alpha(tally.table, tally.weights))
    assert row.value("cohen") == pytest.approx(stats.cohen_kappa(ratings[0], ratings[1]))


def test_the_store_columns_hold_every_coding_once(project):
    store = project.store
    doc = add_document(store, sentences=4)
    code(store, doc, "anna", "willen", 0, 10)
    code(store, doc, "bram", "kunnen", 5, 21)
    code(store, doc, "cees", "doen", 22, 30)
    coders = [store.find_coder("bram").id, store.find_coder("anna").id]
    columns = store.coding_columns(["kunnen", "willen"], coders)
    rows = sorted(zip(*(agreement._ints(c).tolist() for c in columns)))
    assert rows == [(doc, 0, 10, 1, 1), (doc, 5, 21, 0, 0), (doc, 22, 30, -1, -1)]
    starts = agreement._ints(store.unit_columns("sentences")[1]).tolist()
    assert sorted(starts) == [0, 22, 44, 66]
    with pytest.raises(ValueError):
        store.unit_columns("codings")


def test_the_ratings_behind_alpha_are_krippendorffs(project):
    store = project.store
    for name in ("een", "twe"):
        doc = add_document(store, name, sentences=8, word=name)
        for coder, picks in (("anna", [0, 1, 2, 5]), ("bram", [0, 2, 3, 5, 7])):
            for i in picks:
                code(store, doc, coder, "willen" if i % 2 else "kunnen", 22 * i, 22 * i + 21)
    report = agreement.compute(store)
    ratings = agreement.ratings(store)
    for row in report.codes:
        data = np.where(ratings[row.code] < 0, np.nan, ratings[row.code])
        assert row.value("alpha") == pytest.approx(stats.alpha_package(data))
    everything = np.hstack(list(ratings.values()))  # pooled: every (code, unit) judgement
    pooled = Tally.of(everything, 2)
    assert report.pooled.value("alpha") == pytest.approx(stats.alpha(pooled.table,
                                                                     pooled.weights))
    assert report.pooled.units == everything.shape[1]


def _kappa_by_hand(table, weights):
    """Cohen's (weighted) kappa and Scott's pi of one table, in plain Python."""
    q, total = len(table), sum(map(sum, table))
    if total == 0:
        return None, None
    p = [[x / total for x in row] for row in table]
    rows, cols = [sum(r) for r in p], [sum(c) for c in zip(*p)]
    observed = sum(weights[i][j] * p[i][j] for i in range(q) for j in range(q))
    expected = sum(weights[i][j] * rows[i] * cols[j] for i in range(q) for j in range(q))
    shares = [(r + c) / 2 for r, c in zip(rows, cols)]
    chance = sum(s * s for s in shares)
    agreed = sum(p[i][i] for i in range(q))
    return (1 - observed / expected if expected > 1e-12 else None,
            (agreed - chance) / (1 - chance) if chance < 1 - 1e-12 else None)


@pytest.mark.parametrize("q", [2, 3, 5])
def test_every_pair_at_once_equals_the_plain_formulas(q):
    rng = np.random.default_rng(q)
    tables = rng.integers(0, 9, (40, q, q)) * (rng.random((40, 1, 1)) < 0.9)  # some empty
    tables[0] = np.diag(np.arange(1, q + 1))  # perfect agreement
    for weights in (1 - np.eye(q), stats.order_weights(q, 2)):
        cohen = stats.cohen_kappas(tables, weights)
        scott = stats.scott_pis(tables)
        for k, table in enumerate(tables.tolist()):
            expected_cohen, expected_scott = _kappa_by_hand(table, weights.tolist())
            assert (cohen[k] is None) == (expected_cohen is None)
            assert (scott[k] is None) == (expected_scott is None)
            if expected_cohen is not None:
                assert cohen[k] == pytest.approx(expected_cohen, abs=1e-12)
            if expected_scott is not None:
                assert scott[k] == pytest.approx(expected_scott, abs=1e-12)


@pytest.mark.parametrize("absent", ["missing", "not-coded"])
def test_pair_kappas_are_the_kappas_compute_reports_for_those_pairs(project, absent):
    store = project.store
    rng = np.random.default_rng(7)
    for name in ("een", "twe"):
        doc = add_document(store, name, sentences=12, word=name)
        for coder in ("anna", "bram", "cees", "dirk"):
            for i in np.flatnonzero(rng.random(12) < 0.5).tolist():
                code(store, doc, coder, ("willen", "kunnen")[i % 2], 22 * i, 22 * i + 21)
    names = ["anna", "bram", "cees", "dirk"]
    asked = [("anna", "cees"), ("bram", "cees"), ("anna", "dirk"), ("bram", "dirk")]
    found = agreement.pair_kappas(store, names, asked, absent=absent)
    report = agreement.compute(store, coders=names, absent=absent, on_text=False)
    assert set(found) == {row.code for row in report.codes}
    for row in report.codes:
        assert found[row.code] == {f"{a}|{b}": row.pairs[f"{a}|{b}"]["cohen_kappa"]
                                   for a, b in asked}
