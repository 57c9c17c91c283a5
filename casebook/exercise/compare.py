"""Fragment by fragment: a student's codings against the reference's.

Two codings *meet* when they overlap by at least half of the shorter of the two (the rule
`casebook agree` applies a coding to a sentence with). The reference's codings of one code
that meet are one *fragment* (with several references: what the experts coded alike is one
fragment, and it knows who coded it). Then, per fragment:

- **hit**: a student's coding of the same code meets it (one long coding may find several
  fragments; several short ones find one);
- **other code**: no hit, but a coding of another code meets it that is no hit elsewhere
  (the one that overlaps most is shown);
- **missed**: neither;

and a student's coding that is neither a hit nor another code for some fragment is
**extra**. Offsets are the project's (the stored text), per document.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from operator import itemgetter

HIT, MISSED, OTHER, EXTRA = "hit", "missed", "other", "extra"
KINDS = (HIT, MISSED, OTHER, EXTRA)
MIN_OVERLAP = 0.5


@dataclass(frozen=True, slots=True)
class Mark:
    """A coding as the comparison sees it."""

    document: int
    start: int
    end: int
    code: str
    coder: str = ""
    memo: str | None = None


@dataclass(slots=True)
class Fragment:
    """What the reference coded with one code at one place: one or more codings that meet.
    Its span and coders are worked out once, when it is made (every student's comparison
    and feedback asks for them)."""

    document: int
    code: str
    marks: list[Mark]
    start: int = field(init=False)
    end: int = field(init=False)
    coders: list[str] = field(init=False)
    position: tuple[int, int, int, str] = field(init=False)  # document, start, end, code

    def __post_init__(self) -> None:
        self.start = min(m.start for m in self.marks)
        self.end = max(m.end for m in self.marks)
        self.coders = sorted({m.coder for m in self.marks})
        self.position = (self.document, self.start, self.end, self.code)


@dataclass(slots=True)
class Outcome:
    kind: str
    fragment: Fragment | None  # hit, missed, other
    student: Mark | None  # hit and other: the student's coding that overlaps most; extra

    @property
    def where(self) -> Fragment | Mark:
        """The reference's fragment, or (extra) the student's coding."""
        where = self.fragment or self.student
        if where is None:
            raise ValueError("an outcome is about a fragment or a coding")
        return where

    @property
    def code(self) -> str:
        """The code it counts for: the reference's, or an extra's own."""
        return self.where.code


def overlap(a: Mark, b: Mark) -> int:
    """How many characters ``a`` and ``b`` share if they meet (see the module docstring),
    else 0."""
    # min and max written out: the comparison calls this for every pair that may meet
    shared = (a.end if a.end < b.end else b.end) - (a.start if a.start > b.start else b.start)
    if shared <= 0:
        return 0
    shorter = a.end - a.start if a.end - a.start < b.end - b.start else b.end - b.start
    return shared if shared >= MIN_OVERLAP * shorter else 0


def fragments(marks: list[Mark]) -> list[Fragment]:
    """The reference's codings as fragments: those of one code that meet are one."""
    groups: dict[tuple[int, str], list[list[Mark]]] = defaultdict(list)
    for mark in sorted(marks, key=lambda m: (m.document, m.start, m.end, m.coder)):
        found = groups[(mark.document, mark.code)]
        meeting = [f for f in found if any(overlap(mark, m) for m in f)]
        if not meeting:
            found.append([mark])
            continue
        first = meeting[0]
        first.append(mark)
        for other in meeting[1:]:  # the new coding joins two fragments into one
            first += other
            found.remove(other)
    result = [Fragment(document, code, found) for (document, code), lists in groups.items()
              for found in lists]
    return sorted(result, key=lambda f: (f.document, f.start, f.end, f.code))


def _most(fragment: Fragment, students: list[Mark], candidates: list[int],
          meeting: set[int] | None = None) -> int | None:
    """The candidate coding that overlaps one of the fragment's codings most (the first of
    equals; candidates in their order), or None if none meets it; each that meets it is
    added to ``meeting``. (:func:`overlap` written out: every student's comparison asks
    this for every fragment.)"""
    best, found = 0, None
    for i in candidates:
        mark = students[i]
        start, end = mark.start, mark.end
        length = end - start
        top = 0
        for theirs in fragment.marks:
            shared = (end if end < theirs.end else theirs.end) - \
                (start if start > theirs.start else theirs.start)
            if shared > top:
                other = theirs.end - theirs.start
                if shared >= MIN_OVERLAP * (length if length < other else other):
                    top = shared
        if top:
            if meeting is not None:
                meeting.add(i)
            if top > best:
                best, found = top, i
    return found


def compare(reference: list[Fragment], students: list[Mark]) -> list[Outcome]:
    """Every fragment's outcome and every extra coding, in document order."""
    by_doc: dict[int, list[int]] = defaultdict(list)
    by_code: dict[tuple[int, str], list[int]] = defaultdict(list)  # in the order of by_doc
    for i, mark in enumerate(students):
        by_doc[mark.document].append(i)
        by_code[(mark.document, mark.code)].append(i)
    used: set[int] = set()
    hits: list[tuple[tuple[int, int, int, str], Outcome]] = []
    missing: list[Fragment] = []
    for fragment in reference:
        candidates = by_code.get((fragment.document, fragment.code))
        best = _most(fragment, students, candidates, used) if candidates else None
        if best is None:
            missing.append(fragment)
        else:
            hits.append((fragment.position, Outcome(HIT, fragment, students[best])))
    other: set[int] = set()
    for fragment in missing:
        code = fragment.code
        best = _most(fragment, students, [i for i in by_doc[fragment.document]
                                          if i not in used and students[i].code != code])
        if best is None:
            hits.append((fragment.position, Outcome(MISSED, fragment, None)))
        else:
            other.add(best)
            hits.append((fragment.position, Outcome(OTHER, fragment, students[best])))
    hits += [((m.document, m.start, m.end, m.code), Outcome(EXTRA, None, m))
             for i, m in enumerate(students) if i not in used and i not in other]
    hits.sort(key=itemgetter(0))  # stable: the order above among equals
    return [outcome for _position, outcome in hits]


def counts(outcomes: list[Outcome]) -> dict[str, int]:
    """How many outcomes of each kind."""
    found = dict.fromkeys(KINDS, 0)
    for outcome in outcomes:
        found[outcome.kind] += 1
    return found
