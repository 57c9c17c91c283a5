"""few_pair_kappas (exercise feedback's figure: a few pairs among many coders, documents by
id, only those pairs' tables counted) is pair_kappas, value for value, on random codings:
short and long, on sentences and turns, some documents left out, with either rule for
absent coders."""

from __future__ import annotations

import numpy as np
import pytest

from casebook.coders import agreement
from casebook.coders.pairs import few_pair_kappas
from tests.agreement.data import add_document, code

CODERS = ["anna", "bram", "cees", "dirk", "eva", "fien", "gijs"]


@pytest.mark.parametrize("absent", ["missing", "not-coded"])
@pytest.mark.parametrize("unit", ["sentence", "turn"])
def test_few_pair_kappas_are_pair_kappas(project, absent, unit):
    store = project.store
    rng = np.random.default_rng(11)
    documents = [add_document(store, name, sentences=14, word=name)
                 for name in ("een", "twe", "dri")]
    for doc in documents:
        for coder in CODERS:
            if rng.random() < 0.15:
                continue  # this coder left the document alone
            for _ in range(int(rng.integers(0, 12))):
                start = int(rng.integers(0, 14 * 22 - 2))
                end = min(14 * 22 - 1, start + int(rng.choice([5, 21, 60, 200])))
                code(store, doc, coder, str(rng.choice(["willen", "kunnen"])), start, end)
    for trial in range(6):
        names = list(rng.permutation(CODERS)[:int(rng.integers(2, 8))])
        asked = [(a, b) for a in names[:2] for b in names if a != b]
        docs = documents if trial % 2 else documents[:2]
        expected = agreement.pair_kappas(store, names, asked, docs=docs, unit=unit,
                                         absent=absent)
        found = few_pair_kappas(store, names, asked, docs=docs, unit=unit,
                                          absent=absent)
        assert found == expected
        assert any(v is not None for by in found.values() for v in by.values())


def test_the_few_pairs_tables_are_the_tables_of_binary():
    """Table for table (kappa alone would not tell a table from its transpose)."""
    from tests.agreement.test_vectorised import _random_units

    rng = np.random.default_rng(5)
    for _ in range(40):
        coders, codes = int(rng.integers(2, 7)), int(rng.integers(1, 4))
        units = _random_units(rng, coders, codes)
        pairs = sorted({tuple(sorted(map(int, rng.choice(coders, 2, replace=False))))
                        for _ in range(int(rng.integers(1, 6)))})
        asked = sorted(set(rng.integers(0, codes, int(rng.integers(1, codes + 1))).tolist()))
        expected = [b.pairs for b in units.binary(asked, pairs)]
        found = units.pair_tables(asked, pairs)
        assert [list(f) for f in found] == [list(e) for e in expected]
        for f, e in zip(found, expected):
            for pair in e:
                assert f[pair].tolist() == e[pair].tolist()
