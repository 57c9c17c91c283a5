"""Simulated students for the teaching loop: each opens the student package, codes it as a
student would -- most of the reference's fragments right (a little shorter, perhaps), some
missed, some with another code, a few codings where the reference has none -- and hands it
in. Seeded, so the same names give the same codings; what each student planted is returned,
so a test can hold the feedback against it.

To keep the count exact, a fragment gets another code only where no other fragment of the
reference touches it, an extra coding lies on a sentence no reference coding touches, and a
shortened coding meets no other fragment of its code.

Run: ``python -m casebook.demo.students --count 3 --out hand-ins`` in a project with an
exercise (the demo does), or call :func:`simulate`.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from casebook.coding import service as coding
from casebook.exercise import spec
from casebook.exercise.compare import EXTRA, HIT, MISSED, OTHER, Fragment, Mark, overlap
from casebook.exercise.compare import fragments as reference_fragments
from casebook.exercise.feedback import marks
from casebook.exercise.handins import back_onto_stored
from casebook.exercise.student import hand_in, open_package
from casebook.privacy.guard import Gate
from casebook.project import Project

NAMES = ("Lotte", "Sem", "Iris")


@dataclass(slots=True)
class Planted:
    """What one simulated student coded, counted as the feedback should count it."""

    student: str
    hand_in: str
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, code) -> n
    # each reference fragment's outcome: (document id, start, end, code) -> kind
    fragments: dict[tuple[int, int, int, str], str] = field(default_factory=dict)

    def total(self, kind: str) -> int:
        return sum(n for (k, _code), n in self.counts.items() if k == kind)


class _Class:
    """The reference and the documents as students see them, read once for all students."""

    def __init__(self, project: Project, exercise: spec.Exercise) -> None:
        store = project.store
        gate = Gate.for_project(store)
        self.views = {d.id: gate.shown(d.id) for d in exercise.documents}
        self.texts = {d.id: store.document(d.id).text for d in exercise.documents}
        self.back = {i: back_onto_stored(v, self.texts[i]) for i, v in self.views.items()}
        found = marks(store, exercise, exercise.references)
        self.fragments = reference_fragments([m for n in exercise.references for m in found[n]])
        self.codes = [c.id for c in (store.code(i) for i in exercise.codes) if c.codable]
        self.free = [(d.id, s.start, s.end) for d in exercise.documents
                     for s in store.sentences(d.id)
                     if not any(f.document == d.id and f.start < s.end and s.start < f.end
                                for f in self.fragments)]

    def landed(self, document: int, start: int, end: int) -> tuple[int, int, tuple[int, int]]:
        """(shown start, shown end, stored span) of a stored span, as collect will see it."""
        s, e = self.views[document].span(start, end)
        return s, e, self.back[document].span(s, e)

    def alone(self, fragment: Fragment) -> bool:
        return not any(g is not fragment and g.document == fragment.document
                       and g.start < fragment.end and fragment.start < g.end
                       for g in self.fragments)

    def meets_other(self, fragment: Fragment, span: tuple[int, int], code: str) -> bool:
        mark = Mark(fragment.document, span[0], span[1], code)
        return any(g is not fragment and g.document == fragment.document and g.code == code
                   and any(overlap(mark, m) for m in g.marks) for g in self.fragments)


def _shorter(text: str, start: int, end: int, rng: random.Random) -> tuple[int, int]:
    """``text[start:end]`` without a word or two at either end, now and then."""
    gaps = [i for i in range(start, end) if text[i].isspace()]
    most = min(2, len(gaps) // 4)
    first, last = rng.randint(0, most), rng.randint(0, most)
    return (gaps[first - 1] + 1 if first else start), (gaps[-last] if last else end)


def _student(klass: _Class, rng: random.Random, rates: tuple[float, float], planted: Planted
             ) -> list[tuple[int, int, int, str]]:
    """One student's codings (document, shown start, shown end, code), counted in
    ``planted``."""
    codings, counts = [], planted.counts
    for fragment in klass.fragments:
        where = (fragment.document, fragment.start, fragment.end, fragment.code)
        mark, draw = fragment.marks[0], rng.random()
        if draw < rates[0]:
            start, end = _shorter(klass.texts[fragment.document], mark.start, mark.end, rng)
            s, e, stored = klass.landed(fragment.document, start, end)
            if not klass.meets_other(fragment, stored, fragment.code):
                codings.append((fragment.document, s, e, fragment.code))
                counts[(HIT, fragment.code)] += 1
                planted.fragments[where] = HIT
                continue
        elif draw < rates[0] + rates[1] and klass.alone(fragment):
            code = rng.choice([c for c in klass.codes if c != fragment.code])
            s, e, _stored = klass.landed(fragment.document, mark.start, mark.end)
            codings.append((fragment.document, s, e, code))
            counts[(OTHER, fragment.code)] += 1
            planted.fragments[where] = OTHER
            continue
        counts[(MISSED, fragment.code)] += 1
        planted.fragments[where] = MISSED
    for document, start, end in rng.sample(klass.free, min(len(klass.free), rng.randint(0, 4))):
        code = rng.choice(klass.codes)
        s, e, _stored = klass.landed(document, start, end)
        codings.append((document, s, e, code))
        counts[(EXTRA, code)] += 1
    return codings


def simulate(project: Project, exercise: spec.Exercise, package: Path, names: list[str],
             folder: Path, *, seed: int = 12, rates: tuple[float, float] = (0.65, 0.15)
             ) -> list[Planted]:
    """Open ``package`` for each of ``names`` in ``folder``, code and hand in; ``rates``:
    the share of fragments coded right, and with another code (the rest is missed)."""
    klass = _Class(project, exercise)
    names_by_id = {d.id: d.name for d in exercise.documents}
    planted = []
    for name in names:
        rng = random.Random(f"{seed}:{name}")
        opened = open_package(package, name, folder / f"{exercise.name}-{spec.file_part(name)}")
        planted.append(Planted(name, ""))
        codings = _student(klass, rng, rates, planted[-1])
        student = Project.find(opened)
        try:
            for document, start, end, code in codings:
                coding.add(student.store, names_by_id[document], start, end, code, name)
        finally:
            student.close()
        done = hand_in(opened, folder / f"{exercise.name}-{spec.file_part(name)}"
                                        f"{spec.HAND_IN_SUFFIX}")
        planted[-1].hand_in = done.path
    return planted


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Simulated students hand in an exercise.")
    parser.add_argument("--project", default=".", help="the docent's project")
    parser.add_argument("--exercise", help="the exercise (default: the project's only one)")
    parser.add_argument("--count", type=int, default=3, help="how many students")
    parser.add_argument("--out", default="hand-ins", help="folder for the hand-ins")
    args = parser.parse_args(argv)
    project = Project.find(args.project)
    try:
        exercise = spec.load(project.root, args.exercise)
        package = spec.folder(project.root, exercise.name) / (exercise.name
                                                              + spec.PACKAGE_SUFFIX)
        names = list(NAMES[:args.count]) + [f"Student {n:02d}" for n in
                                            range(len(NAMES) + 1, args.count + 1)]
        out = Path(args.out).resolve()
        out.mkdir(parents=True, exist_ok=True)
        for p in simulate(project, exercise, package, names, out):
            print(f"{p.student}: coded {p.total(HIT)} fragments right, {p.total(OTHER)} with "
                  f"another code, missed {p.total(MISSED)}, {p.total(EXTRA)} extra -> "
                  f"{Path(p.hand_in).name}")
    finally:
        project.close()


if __name__ == "__main__":
    main()



