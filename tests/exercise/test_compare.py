"""Fragment by fragment: hit, missed, other code, extra -- on spans made by hand."""

from __future__ import annotations

from casebook.exercise.compare import (
    EXTRA,
    HIT,
    MISSED,
    OTHER,
    Mark,
    compare,
    counts,
    fragments,
    overlap,
)


def ref(start: int, end: int, code: str = "a", coder: str = "anna", doc: int = 1) -> Mark:
    return Mark(doc, start, end, code, coder)


def mine(start: int, end: int, code: str = "a", doc: int = 1) -> Mark:
    return Mark(doc, start, end, code, "student")


def kinds(reference: list[Mark], student: list[Mark]) -> list[tuple]:
    return [(o.kind, o.fragment.start if o.fragment else None,
             (o.student.start, o.student.code) if o.student else None)
            for o in compare(fragments(reference), student)]


def test_meeting_is_half_of_the_shorter():
    assert overlap(mine(0, 10), mine(5, 100)) == 5  # half of the shorter one
    assert overlap(mine(0, 10), mine(6, 100)) == 0
    assert overlap(mine(0, 100), mine(40, 60)) == 20  # inside
    assert overlap(mine(0, 10), mine(10, 20)) == 0  # touching is not overlapping


def test_the_four_outcomes():
    reference = [ref(0, 50), ref(100, 150, "b"), ref(200, 250, "c")]
    student = [mine(5, 45), mine(100, 150, "x"), mine(300, 320, "b")]
    assert kinds(reference, student) == [
        (HIT, 0, (5, "a")), (OTHER, 100, (100, "x")), (MISSED, 200, None),
        (EXTRA, None, (300, "b"))]


def test_one_long_coding_finds_two_fragments_and_two_short_ones_find_one():
    assert counts(compare(fragments([ref(0, 40), ref(60, 100)]), [mine(0, 100)])) == \
        {HIT: 2, MISSED: 0, OTHER: 0, EXTRA: 0}
    assert counts(compare(fragments([ref(0, 100)]), [mine(0, 40), mine(50, 100)])) == \
        {HIT: 1, MISSED: 0, OTHER: 0, EXTRA: 0}


def test_a_hit_is_not_another_code_elsewhere():
    """A sentence the reference coded a and b, the student only a: b is missed, not other."""
    assert kinds([ref(0, 50, "a"), ref(0, 50, "b")], [mine(0, 50, "a")]) == [
        (HIT, 0, (0, "a")), (MISSED, 0, None)]


def test_another_code_is_the_coding_that_overlaps_the_fragment_most():
    reference = [ref(0, 100, "a"), ref(50, 120, "b")]
    assert kinds(reference, [mine(0, 100, "x")]) == [  # one coding, two fragments
        (OTHER, 0, (0, "x")), (OTHER, 50, (0, "x"))]
    assert kinds(reference, [mine(0, 100, "x"), mine(50, 120, "y")]) == [
        (OTHER, 0, (0, "x")), (OTHER, 50, (50, "y"))]
    assert kinds([ref(0, 100, "a"), ref(60, 200, "b")], [mine(0, 100, "x")]) == [
        (OTHER, 0, (0, "x")), (MISSED, 60, None)]  # 40 of 100: they do not meet


def test_two_references_coding_alike_are_one_fragment():
    found = fragments([ref(0, 50, coder="anna"), ref(5, 55, coder="bram"),
                       ref(100, 150, coder="bram"), ref(0, 50, "b", coder="bram")])
    assert [(f.start, f.end, f.code, f.coders) for f in found] == [
        (0, 50, "b", ["bram"]), (0, 55, "a", ["anna", "bram"]), (100, 150, "a", ["bram"])]
    # a coding that meets two fragments joins them
    joined = fragments([ref(0, 40), ref(60, 100), ref(20, 80, coder="bram")])
    assert [(f.start, f.end, f.coders) for f in joined] == [(0, 100, ["anna", "bram"])]


def test_documents_are_apart():
    assert kinds([ref(0, 50, doc=1)], [mine(0, 50, doc=2)]) == [
        (MISSED, 0, None), (EXTRA, None, (0, "a"))]


def _plain_overlap(a: Mark, b: Mark) -> int:
    shared = min(a.end, b.end) - max(a.start, b.start)
    shorter = min(a.end - a.start, b.end - b.start)
    return shared if shared > 0 and shared >= 0.5 * shorter else 0


def _plain_best(fragment, students: list[Mark], candidates: list[int]) -> int | None:
    scored = [(max(_plain_overlap(students[i], m) for m in fragment.marks), -i)
              for i in candidates]
    scored = [s for s in scored if s[0]]
    return -max(scored)[1] if scored else None


def _plain_compare(reference, students: list[Mark]) -> list[tuple]:
    """The comparison written straight from the module docstring: every fragment against
    every coding of the student (the oracle for the indexed one)."""
    outcomes, used, missing = [], set(), []
    for fragment in reference:
        same = [i for i, s in enumerate(students) if s.document == fragment.document
                and s.code == fragment.code
                and any(_plain_overlap(s, m) for m in fragment.marks)]
        best = _plain_best(fragment, students, same)
        if best is None:
            missing.append(fragment)
        else:
            used.update(same)
            outcomes.append((HIT, fragment, best))
    other = set()
    for fragment in missing:
        free = [i for i, s in enumerate(students) if s.document == fragment.document
                and i not in used and s.code != fragment.code]
        best = _plain_best(fragment, students, free)
        if best is not None:
            other.add(best)
        outcomes.append((MISSED if best is None else OTHER, fragment, best))
    outcomes += [(EXTRA, None, i) for i in range(len(students))
                 if i not in used and i not in other]
    return sorted(outcomes, key=lambda o: _place(o, students))


def _place(outcome: tuple, students: list[Mark]) -> tuple:
    kind, fragment, i = outcome
    if fragment is not None:
        return fragment.document, fragment.start, fragment.end, fragment.code
    return students[i].document, students[i].start, students[i].end, students[i].code


def test_the_indexed_comparison_is_the_plain_one_on_random_spans():
    import random

    rng = random.Random(12)
    for _ in range(300):
        def spans(n: int, coder: str) -> list[Mark]:
            found = []
            for _k in range(n):
                start = rng.randrange(0, 200)
                found.append(Mark(rng.randrange(1, 3), start, start + rng.randrange(1, 40),
                                  rng.choice("abc"), coder))
            return found

        reference = fragments(spans(rng.randrange(0, 12), "anna")
                              + spans(rng.randrange(0, 12), "bram"))
        student = spans(rng.randrange(0, 15), "student")
        expected = _plain_compare(reference, student)
        found = compare(reference, student)
        assert [(o.kind, o.fragment, o.student) for o in found] == [
            (kind, fragment, None if i is None else student[i])
            for kind, fragment, i in expected]
