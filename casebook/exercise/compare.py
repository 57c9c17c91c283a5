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

import numpy as np

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


# The class at once: every student's comparison in a few array operations (as `casebook
# agree` does its work), the same outcomes as :func:`compare` student by student (a test
# checks it on random codings).

KIND_CODES = {HIT: 0, OTHER: 1, MISSED: 2, EXTRA: 3}  # the kinds as :class:`Class` holds them


@dataclass(slots=True)
class Spans:
    """The students' codings as columns: document, start, end, code (a position in
    ``codes``, which is sorted, so that the positions sort as the ids) and student (a
    position in the class); each student's sorted by (document, start, end, code), the
    students one after the other (:meth:`sort`)."""

    document: np.ndarray
    start: np.ndarray
    end: np.ndarray
    code: np.ndarray
    student: np.ndarray
    codes: list[str]
    students: int  # how many (the last may have coded nothing)

    @classmethod
    def of(cls, students: list[list[Mark]]) -> Spans:
        """From each student's marks (in their order: :func:`compare`'s candidates' order)."""
        rows = [(m.document, m.start, m.end, m.code, n)
                for n, marks in enumerate(students) for m in marks]
        codes = sorted({r[3] for r in rows})
        place = {c: i for i, c in enumerate(codes)}
        columns = [np.array([r[k] for r in rows], dtype=np.int64) for k in (0, 1, 2, 4)]
        code = np.array([place[r[3]] for r in rows], dtype=np.int64)
        return cls(columns[0], columns[1], columns[2], code, columns[3], codes,
                   len(students))

    def sort(self) -> Spans:
        """Each student's codings by (document, start, end, code), as feedback reads them."""
        order = _order(self.student, self.document, self.start, self.end, self.code) \
            if len(self.student) else np.empty(0, dtype=np.int64)
        return Spans(self.document[order], self.start[order], self.end[order],
                     self.code[order], self.student[order], self.codes, self.students)

    def alike(self) -> np.ndarray:
        """Each coding's place and code as one number, the same for codings alike (of
        students who coded alike)."""
        if not len(self.document):
            return np.empty(0, dtype=np.int64)
        _, document = np.unique(self.document, return_inverse=True)
        width, codes = int(self.end.max()) + 1, len(self.codes) + 1
        if (int(document.max()) + 1) * width * width * codes < 2 ** 62:
            key = ((document.reshape(-1) * width + self.start) * width + self.end) * codes \
                + self.code
            return np.unique(key, return_inverse=True)[1].reshape(-1)
        return np.unique(np.stack([self.document, self.start, self.end, self.code]),
                         axis=1, return_inverse=True)[1].reshape(-1)

    def mark(self, i: int, coder: str = "") -> Mark:
        return Mark(int(self.document[i]), int(self.start[i]), int(self.end[i]),
                    self.codes[int(self.code[i])], coder)


@dataclass(slots=True)
class Class:
    """Every student's outcome for every fragment: ``kind[s, f]`` (:data:`KIND_CODES`: hit,
    other or missed) with ``best[s, f]`` the student's coding shown with it (a row of the
    spans; -1 for missed), and ``extra``: each coding (row) that is an extra."""

    reference: list[Fragment]
    spans: Spans
    kind: np.ndarray
    best: np.ndarray
    extra: np.ndarray

    def outcomes(self, student: int, marks: list[Mark]) -> list[Outcome]:
        """The student's outcomes as :func:`compare` gives them (``marks``: theirs, the rows
        of the spans in order); for tests and single students."""
        rows = np.flatnonzero(self.spans.student == student)
        first = int(rows[0]) if len(rows) else 0
        names = {v: k for k, v in KIND_CODES.items()}
        found: list[tuple[tuple[int, int, int, str], int, int, Outcome]] = []
        for f, fragment in enumerate(self.reference):
            kind, best = int(self.kind[student, f]), int(self.best[student, f])
            found.append((fragment.position, 0 if kind == KIND_CODES[HIT] else 1, f, Outcome(
                names[kind], fragment, None if best < 0 else marks[best - first])))
        for i in rows[self.extra[rows]].tolist():
            mark = marks[i - first]
            found.append(((mark.document, mark.start, mark.end, mark.code), 2, i,
                          Outcome(EXTRA, None, mark)))
        found.sort(key=lambda t: t[:3])  # compare()'s order: hits, the others, extras
        return [t[3] for t in found]


def _order(*columns: np.ndarray) -> np.ndarray:
    """The order that sorts rows by ``columns`` (the first first; stable: lexsort's), by one
    stable sort of the columns as one number when it fits (faster than lexsort, and fast
    again when the rows come nearly in order), else by lexsort."""
    key, size = np.zeros(len(columns[0]), dtype=np.int64), 1
    for column in columns:
        low, width = column.min(), int(column.max() - column.min()) + 1
        size *= width
        if size >= 2 ** 62:
            return np.lexsort(columns[::-1])
        key = key * width + (column - low)
    return np.argsort(key, kind="stable")


def _first(groups: np.ndarray, *keys: np.ndarray) -> np.ndarray:
    """The positions of the first row of each group once sorted by ``groups`` then ``keys``
    (each ascending; the last key decides first among equals as lexsort does)."""
    if len(groups) == 0:
        return np.empty(0, dtype=np.int64)
    order = _order(groups, *keys)
    g = groups[order]
    head = np.ones(len(g), dtype=bool)
    head[1:] = g[1:] != g[:-1]
    return order[head]


def compare_class(reference: list[Fragment], spans: Spans) -> Class:
    """:func:`compare` for every student of ``spans`` at once: the pairs (a reference's
    coding, a student's coding) that meet, found by sorting, then per fragment and student
    the one that overlaps most, first the codings of its code (hits), then of the others."""
    students = spans.students
    count = len(reference)
    kind = np.full((students, count), KIND_CODES[MISSED], dtype=np.int8)
    best = np.full((students, count), -1, dtype=np.int64)
    rows = len(spans.document)
    if not count or not rows:
        return Class(reference, spans, kind, best, np.ones(rows, dtype=bool))
    place = {c: i for i, c in enumerate(spans.codes)}
    fragment_code = np.array([place.get(f.code, -1) for f in reference], dtype=np.int64)
    theirs = [(m.document, m.start, m.end, f) for f, fragment in enumerate(reference)
              for m in fragment.marks]
    r_doc, r_start, r_end, r_fragment = (np.array(c, dtype=np.int64) for c in zip(*theirs))
    # both on one line, document after document (a document's place: its rank)
    documents = np.unique(np.concatenate([r_doc, spans.document]))
    stride = int(max(r_end.max(), spans.end.max())) + 1
    r_at = np.searchsorted(documents, r_doc) * stride
    x_at = np.searchsorted(documents, spans.document) * stride
    r_start, r_end = r_at + r_start, r_at + r_end
    x_start, x_end = x_at + spans.start, x_at + spans.end
    # a reference's coding meets a student's only if it starts within (start - longest, end)
    order = np.argsort(r_start, kind="stable")
    sorted_starts = r_start[order]
    longest = int((r_end - r_start).max())
    lo = np.searchsorted(sorted_starts, x_start - longest, side="right")
    hi = np.searchsorted(sorted_starts, x_end, side="left")
    n = np.maximum(hi - lo, 0)
    x = np.repeat(np.arange(rows), n)
    r = order[np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n - lo, n)]
    shared = np.minimum(r_end[r], x_end[x]) - np.maximum(r_start[r], x_start[x])
    shorter = np.minimum(r_end[r] - r_start[r], x_end[x] - x_start[x])
    meet = (shared > 0) & (2 * shared >= shorter)  # overlap(): at least half the shorter
    x, f, shared = x[meet], r_fragment[r[meet]], shared[meet]
    # per (fragment, coding): the most it shares with one of the fragment's codings (by
    # coding first: they come in order of the codings)
    top = _first(x * count + f, -shared)
    f, x, shared = f[top], x[top], shared[top]
    student = spans.student[x]
    same = spans.code[x] == fragment_code[f]
    used = np.zeros(rows, dtype=bool)
    used[x[same]] = True  # meets a fragment of its code: a hit (shown or not)
    hit = _first(student[same] * count + f[same], -shared[same], x[same])
    hs, hf, hx = student[same][hit], f[same][hit], x[same][hit]
    kind[hs, hf] = KIND_CODES[HIT]
    best[hs, hf] = hx
    free = ~same & ~used[x] & (kind[student, f] != KIND_CODES[HIT])
    other = _first(student[free] * count + f[free], -shared[free], x[free])
    os_, of, ox = student[free][other], f[free][other], x[free][other]
    kind[os_, of] = KIND_CODES[OTHER]
    best[os_, of] = ox
    shown = used.copy()
    shown[ox] = True
    return Class(reference, spans, kind, best, ~shown)
