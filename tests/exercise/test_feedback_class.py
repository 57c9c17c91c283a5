"""The class's feedback made at once (compare.compare_class, items made once per distinct
outcome, counts tallied with numpy) is the feedback made student by student as it was
(compare.compare per student, an item per outcome through words.Words): the same items and
counts, on the simulated class with random codings added to every student (seeded),
with two experts and with the consensus as the reference."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from casebook.exercise import feedback as fb
from casebook.exercise import spec
from casebook.exercise.compare import KINDS, Fragment, Mark, Outcome, compare, fragments
from casebook.exercise.words import Shown, Words
from casebook.model import Coding
from casebook.privacy.guard import Gate
from casebook.project import Project
from tests.exercise.conftest import ok
from tests.exercise.test_loop import simulated

STUDENTS = ["Lotte", "Sem", "Iris", "Daan", "Noor", "Bo"]


def _student_by_student(project: Project, exercise: spec.Exercise) -> dict[str, dict]:
    """Each student's items (as_dict) and counts per (code, kind), the slow way."""
    store = project.store
    gate = Gate.for_project(store)
    shown = Shown(store, gate, exercise)
    found = fb.marks(store, exercise, exercise.references + exercise.students)
    reference = fragments([m for n in exercise.references for m in found[n]])
    words = Words(gate, shown, {c.id: c for c in store.codes(include_retired=True)})
    result = {}
    for name in exercise.students:
        items = [_item(shown, words, o) for o in compare(reference, found[name])]
        counts: dict[tuple[str, str], int] = {}
        for item in items:
            counts[(item.code, item.kind)] = counts.get((item.code, item.kind), 0) + 1
        result[name] = {"items": [i.as_dict() for i in items], "counts": counts}
    return result


def _item(shown: Shown, words: Words, outcome: Outcome) -> fb.Item:
    """An outcome's item, made on its own (as feedback made each before it shared them)."""
    fragment, student = outcome.fragment, outcome.student
    where = outcome.where
    view = shown.views[where.document]

    def place(span: Fragment | Mark) -> tuple[int, int, str]:
        start, end = view.span(span.start, span.end)
        return start, end, view.text[start:end]

    start, end, text = place(where)
    own = None
    if fragment is not None and student is not None:
        mine_start, mine_end, mine = place(student)
        own = mine if (mine_start, mine_end) != (start, end) else None
    code = student.code if student else None
    return fb.Item(outcome.kind, view.name, where.code, code, start, end, text,
                   shown.speaker(where.document, where.start),
                   list(fragment.coders) if fragment else [], own,
                   words.reasons(outcome.kind, fragment, code))


def _random_codings(project: Project, exercise: spec.Exercise, seed: int) -> None:
    """Each student codes 0-25 more random spans (short and long, any of the exercise's
    codes, some on the reference's own places), as one transaction."""
    store = project.store
    rng = random.Random(seed)
    sizes = {d.id: len(store.document(d.id).text) for d in exercise.documents}
    theirs = [c for c in store.codings() if c.coder_name in exercise.references]
    added = []
    for name in exercise.students:
        coder = store.find_coder(name).id
        for _ in range(rng.randrange(0, 26)):
            if theirs and rng.random() < 0.3:  # near a reference's coding
                near = rng.choice(theirs)
                start = max(0, near.start + rng.randrange(-30, 30))
                end = min(sizes[near.document_id], max(start + 1, near.end
                                                       + rng.randrange(-30, 30)))
                document = near.document_id
            else:
                document = rng.choice(list(sizes))
                start = rng.randrange(0, sizes[document] - 1)
                end = min(sizes[document], start + rng.choice([5, 40, 400]))
            added.append(Coding(document, start, end, rng.choice(exercise.codes), coder))
    unique = {(c.document_id, c.start, c.end, c.code_id, c.coder_id): c for c in added}
    known = {(c.document_id, c.start, c.end, c.code_id, c.coder_id) for c in store.codings()}
    with store.transaction():
        store.add_codings([c for k, c in unique.items() if k not in known])


def _check(root: Path, seed: int) -> None:
    project = Project.find(root)
    try:
        exercise = spec.load(root, "week1")
        _random_codings(project, exercise, seed)
        expected = _student_by_student(project, exercise)
        made = fb.build(project, exercise)
        assert [s.student for s in made.students] == exercise.students
        kinds = set()
        for student in made.students:
            mine = expected[student.student]
            assert [i.as_dict() for i in student.items] == mine["items"], student.student
            assert {(c.code, kind): getattr(c, kind) for c in student.codes for kind in KINDS
                    if getattr(c, kind)} == mine["counts"]
            kinds |= {i.kind for i in student.items}
        assert kinds == set(KINDS)
        # whys alike are one list (each written out once): as many lists as whys
        items = [i for student in made.students for i in student.items]
        assert len({id(i.why) for i in items}) == len({tuple(i.why) for i in items})
        text = fb.to_json(made.students)
        assert json.loads(text) == [s.as_dict() for s in made.students]
    finally:
        project.close()


@pytest.mark.parametrize("seed", [1, 2])
def test_the_class_at_once_is_student_by_student_with_two_experts(reviewed, tmp_path, seed):
    ok(reviewed, "exercise", "create", "week1", "--reference", "anna,bram")
    simulated(reviewed, tmp_path / "class", STUDENTS)
    ok(reviewed, "exercise", "collect", str(tmp_path / "class"))
    _check(reviewed, seed)


def test_the_class_at_once_is_student_by_student_with_the_consensus(reviewed, tmp_path):
    groups = json.loads(ok(reviewed, "adjudicate", "list", "--coders", "anna,bram",
                           "--auto-agreed", "--json"))
    ok(reviewed, "adjudicate", "decide", *[g["id"] for g in groups], "--take", "both")
    ok(reviewed, "exercise", "create", "week1")
    simulated(reviewed, tmp_path / "class", STUDENTS)
    ok(reviewed, "exercise", "collect", str(tmp_path / "class"))
    _check(reviewed, 3)
