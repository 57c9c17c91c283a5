"""Feedback reads every coding once (feedback._read: the codebook, the coders and the
codings' columns) and draws from it both the students' spans and their figures
(coders.pairs.few_pair_kappas with ``read``): the same spans and figures as each read on its
own, on the simulated class with random codings added (seeded)."""

from __future__ import annotations

import random

import numpy as np

from casebook.coders.pairs import few_pair_kappas
from casebook.coders.read import Read
from casebook.exercise import feedback as fb
from casebook.exercise import spec
from casebook.exercise.compare import Mark, Spans
from casebook.model import Coder, Memo
from casebook.project import Project
from tests.exercise.conftest import ok
from tests.exercise.test_feedback_class import STUDENTS, _random_codings
from tests.exercise.test_loop import simulated


def _spans_on_their_own(store, exercise: spec.Exercise, names: list[str]) -> Spans:
    """The students' spans read for the exercise's codes and those students alone (as
    student_spans read them before the read was shared)."""
    codes = sorted(set(exercise.codes))
    ids = [store.find_coder(n).id for n in names]
    doc, start, end, code, coder = (
        np.fromstring(c, dtype=np.int64, sep=",") if c else np.empty(0, dtype=np.int64)
        for c in store.coding_columns(codes, ids))
    documents = np.array(sorted(d.id for d in exercise.documents), dtype=np.int64)
    keep = (coder >= 0) & (code >= 0) & np.isin(doc, documents)
    return Spans(doc[keep], start[keep], end[keep], code[keep], coder[keep], codes,
                 len(names)).sort()


class _Counting:
    """A store that counts the reads of codings, coders and codes."""

    def __init__(self, store) -> None:
        self.store, self.asked = store, []

    def __getattr__(self, name):
        found = getattr(self.store, name)
        if name in ("coding_columns", "find_coder", "coders", "codes"):
            self.asked.append(name)
        return found


def test_spans_and_figures_from_one_read_are_those_read_on_their_own(reviewed, tmp_path):
    ok(reviewed, "exercise", "create", "week1", "--reference", "anna,bram")
    simulated(reviewed, tmp_path / "class", STUDENTS)
    ok(reviewed, "exercise", "collect", str(tmp_path / "class"))
    project = Project.find(reviewed)
    try:
        exercise = spec.load(reviewed, "week1")
        _random_codings(project, exercise, 4)
        store = project.store
        read = Read.of(store)
        for names in (STUDENTS, STUDENTS[::-1][:4], STUDENTS[2:3]):
            expected = _spans_on_their_own(store, exercise, names)
            found = fb.student_spans(store, exercise, names, read)
            assert len(found.document) > 0
            for column in ("document", "start", "end", "code", "student"):
                assert getattr(found, column).tolist() == getattr(expected, column).tolist()
            assert (found.codes, found.students) == (expected.codes, expected.students)
            assert fb._kappas(store, exercise, names, read) == fb._kappas(store, exercise,
                                                                          names)
        counting = _Counting(store)
        pairs = [(ref, s) for s in STUDENTS for ref in exercise.references]
        docs = [d.id for d in exercise.documents]
        coders = exercise.references + STUDENTS
        figures = few_pair_kappas(counting, coders, pairs, docs=docs, absent="not-coded",
                                  read=read)
        assert counting.asked == []  # nothing read again
        assert figures == few_pair_kappas(store, coders, pairs, docs=docs,
                                          absent="not-coded")
        assert any(v is not None for by in figures.values() for v in by.values())
    finally:
        project.close()


def _marks_as_codings_read_them(store, exercise: spec.Exercise) -> dict[str, list[Mark]]:
    """The references' marks as marks() made them from store.codings() (a Coding each)."""
    coders = {store.find_coder(n).id: n for n in exercise.references}
    documents, codes = {d.id for d in exercise.documents}, set(exercise.codes)
    found: dict[str, list[Mark]] = {n: [] for n in exercise.references}
    for c in store.codings(coder_ids=list(coders)):
        if c.document_id in documents and c.code_id in codes:
            name = coders[c.coder_id]
            found[name].append(Mark(c.document_id, c.start, c.end, c.code_id, name, c.memo))
    return found


def test_the_references_marks_and_memos_are_those_codings_gives(reviewed):
    """marks() reads the references' codings as tuples and their memos at once: the marks,
    in order, with each coding's own memo (its coder's; another's memo on it is not its),
    are those made of store.codings()."""
    ok(reviewed, "exercise", "create", "week1", "--reference", "anna,bram")
    project = Project.find(reviewed)
    try:
        store = project.store
        exercise = spec.load(reviewed, "week1")
        rng = random.Random(3)
        anna, bram = (store.find_coder(n).id for n in exercise.references)
        theirs = store.codings(coder_ids=[anna, bram])
        with store.transaction():
            for coding in rng.sample(theirs, 12):
                store.set_coding_memo(coding.id, rng.choice(["waarom", " ", "omdat\nzo"]))
            for coding in rng.sample(theirs, 12):  # the other reference's memo on it
                store.add_memo(Memo("coding", str(coding.id), "niet van de codeur",
                                    coder_id=bram if coding.coder_id == anna else anna))
        expected = _marks_as_codings_read_them(store, exercise)
        found = fb.marks(store, exercise, exercise.references, Read.of(store))
        assert found == expected
        assert sum(m.memo is not None for n in found for m in found[n]) >= 8
    finally:
        project.close()


def test_a_read_names_a_coder_only_when_one_alone_is_named_or_numbered_so():
    coders = [Coder(id="c1", name="anna"), Coder(id="anna2", name="bram"),
              Coder(id="bram", name="cees")]
    read = Read([], coders, ("", "", "", "", ""))
    assert read.coder("anna") == coders[0]
    assert read.coder("c1") == coders[0]
    assert read.coder("cees") == coders[2]
    assert read.coder("bram") is None  # one's name, another's id: the store decides
    assert read.coder("dirk") is None
