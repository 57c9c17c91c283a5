"""The class compared at once (compare_class, arrays) against each student compared on
their own (compare): the same outcomes, on random seeded codings."""

from __future__ import annotations

import random

import numpy as np
import pytest

from casebook.exercise.compare import (
    EXTRA,
    HIT,
    MISSED,
    OTHER,
    Mark,
    Spans,
    compare,
    compare_class,
    fragments,
)
from casebook.model import CONSENSUS


def _spans(rng: random.Random, n: int, coder: str, codes: str, width: int) -> list[Mark]:
    found = []
    for _k in range(n):
        start = rng.randrange(0, 200)
        found.append(Mark(rng.randrange(1, 4), start, start + rng.randrange(0, width),
                          rng.choice(codes), coder))
    return found


def _same(reference, students: list[list[Mark]]) -> list[str]:
    students = [sorted(set(s), key=lambda m: (m.document, m.start, m.end, m.code))
                for s in students]
    result = compare_class(reference, Spans.of(students))
    kinds = []
    for n, marks in enumerate(students):
        expected = compare(reference, marks)
        found = result.outcomes(n, marks)
        assert [(o.kind, o.fragment, o.student) for o in found] == \
            [(o.kind, o.fragment, o.student) for o in expected]
        kinds += [o.kind for o in found]
    return kinds


@pytest.mark.parametrize("seed", range(6))
def test_the_class_at_once_is_each_student_on_their_own(seed):
    rng = random.Random(seed)
    seen: set[str] = set()
    for _ in range(60):
        names = rng.choice([["anna"], ["anna", "bram"], ["anna", "bram", "cor"],
                            [CONSENSUS], [CONSENSUS, "anna"]])
        width = rng.choice([5, 40, 120])  # short, mixed, and long codings that span many
        reference = fragments([m for name in names
                               for m in _spans(rng, rng.randrange(0, 14), name, "abcd", width)])
        students = [_spans(rng, rng.randrange(0, 18), f"s{k}", rng.choice(["abcd", "ab", "e"]),
                           width) for k in range(rng.randrange(1, 8))]
        seen.update(_same(reference, students))
    assert seen == {HIT, MISSED, OTHER, EXTRA}  # every kind was met


def test_students_who_coded_nothing_and_no_reference():
    one = [Mark(1, 0, 10, "a", "s0")]
    assert _same([], [one, []]) == [EXTRA]
    reference = fragments([Mark(1, 0, 10, "a", "anna")])
    assert _same(reference, [[], one]) == [MISSED, HIT]


def test_ties_go_to_the_first_coding_in_the_students_order():
    reference = fragments([Mark(1, 10, 20, "a", "anna")])
    twins = [Mark(1, 5, 15, "a", "s"), Mark(1, 15, 25, "a", "s")]  # share 5 each
    result = compare_class(reference, Spans.of([twins]))
    assert result.best.tolist() == [[0]] and result.kind.tolist() == [[0]]
    assert np.flatnonzero(result.extra).tolist() == []  # the second met it: no extra


@pytest.mark.parametrize("far", [0, 2 ** 40])  # one number, and (too far for one) columns
def test_codings_are_alike_when_place_and_code_are(far):
    rng = random.Random(far)
    students = [[Mark(rng.randrange(1, 3), start, start + rng.randrange(1, 4) + far,
                      rng.choice("ab"), f"s{k}")
                 for start in (rng.randrange(0, 6) for _ in range(rng.randrange(0, 9)))]
                for k in range(5)]
    spans = Spans.of([sorted(set(s), key=lambda m: (m.document, m.start, m.end, m.code))
                      for s in students])
    alike = spans.alike().tolist()
    rows = list(zip(spans.document.tolist(), spans.start.tolist(), spans.end.tolist(),
                    spans.code.tolist()))
    assert len(set(rows)) < len(rows)  # some coded alike
    for i, a in enumerate(rows):
        for j, b in enumerate(rows):
            assert (alike[i] == alike[j]) == (a == b)


def test_first_of_each_group_as_one_number_is_lexsorts():
    """compare._first sorts groups and keys as one number when it fits (else lexsort): the
    first of each group is lexsort's, ties and all, small numbers and huge ones."""
    from casebook.exercise.compare import _first

    def lexsorted(groups, *keys):
        order = np.lexsort((*reversed(keys), groups))
        g = groups[order]
        return order[np.concatenate([[True], g[1:] != g[:-1]])]

    rng = np.random.default_rng(8)
    for trial in range(200):
        n = int(rng.integers(1, 300))
        high = [5, 1000, 2 ** 40][trial % 3]  # the last does not fit: lexsort
        groups = rng.integers(-3, high, n)
        keys = [rng.integers(-high, high, n) for _ in range(int(rng.integers(0, 3)))]
        assert _first(groups, *keys).tolist() == lexsorted(groups, *keys).tolist()
    assert _first(np.empty(0, dtype=np.int64)).tolist() == []


def test_spans_sort_as_lexsort_does():
    """Spans.sort (one stable sort of the columns as one number, when it fits) puts the
    rows in lexsort's order by student, document, start, end and code, ties and all."""
    rng = np.random.default_rng(9)
    for trial in range(60):
        n = int(rng.integers(0, 200))
        high = [3, 500, 2 ** 20][trial % 3]  # the last does not fit: lexsort
        columns = [rng.integers(0, high, n) for _ in range(5)]
        spans = Spans(*columns[:4], columns[4], ["a"], 3)
        order = np.lexsort((columns[3], columns[2], columns[1], columns[0], columns[4]))
        found = spans.sort()
        for column, name in zip(columns, ("document", "start", "end", "code", "student")):
            assert getattr(found, name).tolist() == column[order].tolist()
