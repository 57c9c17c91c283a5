"""Feedback per student: each student's codings against the reference, per code and
fragment by fragment (:mod:`casebook.exercise.compare`), in the text students saw.

Per code one figure: Cohen's kappa between the student and the reference on sentences (the
pair figure `casebook agree` computes; with several references the mean), with the counts
of hits, misses, other codes and extras. Per fragment the text as the privacy gate shows it,
who of the references coded it, the student's own fragment where it differs, and the "why":
the reference's memo, else the code's description, include and exclude criteria.

The class is compared at once (:func:`casebook.exercise.compare.compare_class`, arrays, as
`casebook agree` works), each distinct outcome made into an item once and shared by the
students who met it alike; what a student reads of an outcome is worked out by
:mod:`casebook.exercise.words`, the items, counts and their JSON are
:mod:`casebook.exercise.items`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, cast

import numpy as np

from casebook.coders.pairs import few_pair_kappas
from casebook.coders.read import Read
from casebook.collector import paused
from casebook.errors import CasebookError
from casebook.exercise.compare import (
    EXTRA,
    HIT,
    KIND_CODES,
    KINDS,
    Class,
    Mark,
    Spans,
    compare_class,
)
from casebook.exercise.compare import fragments as reference_fragments
from casebook.exercise.items import CodeScore, Item, StudentFeedback, to_json
from casebook.exercise.spec import Exercise
from casebook.exercise.words import Shown, Words
from casebook.model import Code
from casebook.privacy.guard import Gate

__all__ = ["ClassFeedback", "CodeScore", "Item", "StudentFeedback", "build", "marks",
           "student_spans", "to_json"]  # the data and its JSON live in items.py


@dataclass(slots=True)
class ClassFeedback:
    exercise: Exercise
    codes: list[Code]  # the exercise's codes with a fragment or a coding, codebook order
    students: list[StudentFeedback]
    gate: Gate


def build(project: Any, exercise: Exercise, students: list[str] | None = None,
          gate: Gate | None = None) -> ClassFeedback:
    """Feedback for ``students`` (default: every student collected) of ``exercise``."""
    store = project.store
    if not exercise.students:
        raise CasebookError("no students yet: collect their hand-ins first (casebook "
                            "exercise collect DIR)", field="--student")
    known = {s.casefold(): s for s in exercise.students}
    chosen = []
    for name in students or exercise.students:
        if name.casefold() not in known:
            raise CasebookError(f"'{name}' is not a student of exercise '{exercise.name}' "
                                f"({', '.join(exercise.students)})", field="--student")
        chosen.append(known[name.casefold()])
    with paused():  # the class's objects hold no cycles and live to the end
        gate = gate or Gate.for_project(store)
        codes, result = _class(store, gate, exercise, chosen)
    return ClassFeedback(exercise, codes, result, gate)


def _class(store: Any, gate: Gate, exercise: Exercise, chosen: list[str]
           ) -> tuple[list[Code], list[StudentFeedback]]:
    """The codes and the students' feedback. Its own function so that what only making
    them needs (every coding read, the fragments, the caches of places) is freed when it
    returns, before the collector resumes: it then walks only what lives on."""
    shown = Shown(store, gate, exercise)
    read = Read.of(store)
    found = marks(store, exercise, exercise.references, read)
    reference = reference_fragments([m for n in exercise.references for m in found[n]])
    spans = student_spans(store, exercise, chosen, read)
    kappas = _kappas(store, exercise, chosen, read)
    all_codes = {c.id: c for c in read.codebook}
    used = {f.code for f in reference} | {spans.codes[c] for c in np.unique(spans.code)}
    codes = [all_codes[c] for c in exercise.codes if c in used and c in all_codes]
    _check_codes(gate, codes)
    words = Words(gate, shown, all_codes)
    return codes, _students(exercise, chosen, compare_class(reference, spans), codes, kappas,
                            words)


def _check_codes(gate: Gate, codes: list[Code]) -> None:
    """What feedback shows of the codebook -- each code's name, and its description,
    include and exclude criteria (the "why") -- through the gate once for the class (the
    codebook may have changed since the package was made, and review may know more names
    now); a code that names someone refuses the feedback, naming the field."""
    fields = [(f"codes[{code.id}].{name}", getattr(code, name)) for code in codes
              for name in ("name", "description", "include", "exclude")]
    if not gate.names_nothing(text for _field, text in fields if text):
        for name, text in fields:
            gate.check(name, text)


def _students(exercise: Exercise, names: list[str], result: Class, codes: list[Code],
              kappas: dict[tuple[str, str], float | None], words: Words
              ) -> list[StudentFeedback]:
    """Each student's feedback from the class's comparison: its items (:func:`_items`) in
    document order, the counts per code tallied at once (:func:`_tallies`)."""
    spans, reference = result.spans, result.reference
    made, by_row, extras, extra_items = _items(result, words)
    positions = [f.position for f in reference]
    ordered = all(a < b for a, b in zip(positions, positions[1:]))
    tallies = _tallies(result, codes, extras)
    theirs: list[list[int]] = [[] for _ in names]
    for n, i in enumerate(extras.tolist()):
        theirs[int(spans.student[i])].append(n)
    found = []
    for s, name in enumerate(names):
        feedback = StudentFeedback(exercise.name, name, exercise.references,
                                   exercise.language)
        row = by_row[s]
        if ordered:  # compare()'s order: by place, an extra after a fragment at its place
            feedback.items = list(map(made.__getitem__, row))
            for n in reversed(theirs[s]):  # a student's extras by place (their rows')
                mark = spans.mark(int(extras[n]))
                at = bisect_right(positions, (mark.document, mark.start, mark.end, mark.code))
                feedback.items.insert(at, made[extra_items[n]])
        else:  # by place; among equals hits, the others, extras
            order = [((f.position, 0 if result.kind[s, n] == KIND_CODES[HIT] else 1, n),
                      row[n]) for n, f in enumerate(reference)]
            for n in theirs[s]:
                i = int(extras[n])
                mark = spans.mark(i)
                order.append((((mark.document, mark.start, mark.end, mark.code), 2, i),
                              extra_items[n]))
            order.sort(key=itemgetter(0))
            feedback.items = [made[i] for _key, i in order]
        counts = tallies[s]
        for k, code in enumerate(codes):
            feedback.codes.append(CodeScore(code.id, code.name, kappas.get((name, code.id)), **{
                kind: counts[k][KIND_CODES[kind]] for kind in KINDS}))
        found.append(feedback)
    return found


def _items(result: Class, words: Words
           ) -> tuple[list[Item], list[list[int]], np.ndarray, list[int]]:
    """The class's items, one per distinct (kind, fragment, the student's coding's place
    and code) -- shared by every student who met that outcome alike, read only -- and which
    item each student has for each fragment (rows: students), the extras (rows of the
    spans) and each extra's item."""
    spans, reference = result.spans, result.reference
    count, rows = len(reference), len(spans.document)
    alike = spans.alike()
    places = int(alike.max()) + 2 if rows else 1
    shown = np.where(result.best >= 0, alike[result.best.clip(0)] + 1, 0) \
        if rows else np.zeros_like(result.best)
    keys = (result.kind.astype(np.int64) * (count + 1)
            + np.arange(count)) * places + shown  # (kind, fragment, the student's coding)
    extras = np.flatnonzero(result.extra)
    extra_keys = (KIND_CODES[EXTRA] * (count + 1) + count) * places + alike[extras] + 1
    _, first, inverse = np.unique(np.concatenate([keys.reshape(-1), extra_keys]),
                                  return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    outcome = first < keys.size  # a fragment's (else an extra's)
    at = first[outcome]
    made: list[Item] = [None] * len(first)  # type: ignore[list-item]  # filled below
    for n, item in zip(np.flatnonzero(outcome).tolist(), words.outcomes(
            reference, at % count, result.kind.reshape(-1)[at], result.best.reshape(-1)[at],
            spans, alike)):
        made[n] = item
    for n in np.flatnonzero(~outcome).tolist():
        made[n] = words.extra(spans.mark(int(extras[first[n] - keys.size])))
    by_row = cast("list[list[int]]", inverse[:keys.size].reshape(keys.shape).tolist())
    return made, by_row, extras, inverse[keys.size:].tolist()


def _tallies(result: Class, codes: list[Code], extras: np.ndarray) -> list[list[list[int]]]:
    """Per student, per code of ``codes`` (and one for the others) and per kind
    (:data:`~casebook.exercise.compare.KIND_CODES`), how many outcomes."""
    spans, reference = result.spans, result.reference
    students, count = result.kind.shape
    column = {code.id: i for i, code in enumerate(codes)}
    fragment_code = np.array([column.get(f.code, len(codes)) for f in reference],
                             dtype=np.int64)
    span_code = np.array([column.get(c, len(codes)) for c in spans.codes] or [0],
                         dtype=np.int64)
    tally = np.zeros((students, len(codes) + 1, 4), dtype=np.int64)
    np.add.at(tally, (np.repeat(np.arange(students), count), np.tile(fragment_code, students),
                      result.kind.reshape(-1).astype(np.int64)), 1)
    np.add.at(tally, (spans.student[extras], span_code[spans.code[extras]],
                      np.full(len(extras), KIND_CODES[EXTRA])), 1)
    found: list[list[list[int]]] = tally.tolist()
    return found


def _coder(store: Any, read: Read | None, name: str) -> Any:
    """``store.find_coder(name)``, from ``read`` when it tells."""
    return read.find(store, name) if read is not None else store.find_coder(name)


def marks(store: Any, exercise: Exercise, names: list[str], read: Read | None = None
          ) -> dict[str, list[Mark]]:
    """Each coder's codings of the exercise's codes in its documents, in document order.
    Only the references' memos are read (the why); the students' codings come as bare
    spans, as `casebook agree` reads them, since feedback shows no student's memo.
    ``read``: the coders read already (:meth:`Read.of`)."""
    coders = {_coder(store, read, n).id: n for n in names}
    references = {i for i, n in coders.items() if n in exercise.references}
    documents, codes = {d.id for d in exercise.documents}, set(exercise.codes)
    found: dict[str, list[Mark]] = {n: [] for n in names}
    if references:  # as codings() reads them, memos too, without an object per row
        memos = store.coding_memos()
        for i, document, start, end, code, _name, coder, _created in store.coding_list(
                coder_ids=list(references)):
            if document in documents and code in codes:
                name = coders[coder]
                found[name].append(Mark(document, start, end, code, name,
                                        memos[i].get(coder) if i in memos else None))
    students: dict[str, list[tuple[int, int, int, str, str]]] = {
        i: [] for i in coders if i not in references}
    for row in store.coding_spans(coder_ids=list(students)) if students else []:
        if row[0] in documents and row[3] in codes:
            students[row[4]].append(row)
    for coder, rows in students.items():  # as codings() reads them: by document, span, code
        name = coders[coder]
        rows.sort()
        found[name] += [Mark(document, start, end, code, name)
                        for document, start, end, code, _coder in rows]
    return found


def student_spans(store: Any, exercise: Exercise, names: list[str],
                  read: Read | None = None) -> Spans:
    """The students' codings of the exercise's codes in its documents as columns (bare
    spans, as `casebook agree` reads them: feedback shows no student's memo), each
    student's in the order :func:`marks` gives them (by document, span and code id); from
    ``read`` (:meth:`Read.of`; read here if not given)."""
    read = read or Read.of(store)
    codes = sorted(set(exercise.codes))
    ids = [_coder(store, read, n).id for n in names]
    doc, start, end, code, coder = (
        np.fromstring(c, dtype=np.int64, sep=",") if c else np.empty(0, dtype=np.int64)
        for c in read.columns)
    # the codebook's places as the places in ``codes``, the coders' as the students' (-1:
    # neither; a last -1 for the -1 of the columns)
    code_at = {c: i for i, c in enumerate(codes)}
    coder_at: dict[str, int] = {}
    for n, i in enumerate(ids):
        coder_at.setdefault(i, n)
    code = np.array([code_at.get(c.id, -1) for c in read.codebook] + [-1],
                    dtype=np.int64)[code]
    coder = np.array([coder_at.get(c.id, -1) for c in read.coders] + [-1],
                     dtype=np.int64)[coder]
    documents = np.array(sorted(d.id for d in exercise.documents), dtype=np.int64)
    keep = (coder >= 0) & (code >= 0) & np.isin(doc, documents)
    return Spans(doc[keep], start[keep], end[keep], code[keep], coder[keep], codes,
                 len(names)).sort()


def _kappas(store: Any, exercise: Exercise, students: list[str], read: Read | None = None
            ) -> dict[tuple[str, str], float | None]:
    """(student, code) -> Cohen's kappa with the references on sentences (their mean): the
    figure `casebook agree` reports for each reference-student pair, computed for those
    pairs only (:func:`casebook.coders.pairs.few_pair_kappas`)."""
    documents: list[Any] = [d.id for d in exercise.documents]
    pairs = [(ref, student) for student in students for ref in exercise.references]
    by_code = few_pair_kappas(store, exercise.references + list(students), pairs,
                              docs=documents, absent="not-coded", unit="sentence",
                              read=read)
    result: dict[tuple[str, str], float | None] = {}
    for code, kappas in by_code.items():
        for student in students:
            found = [kappas[f"{ref}|{student}"] for ref in exercise.references
                     if f"{ref}|{student}" in kappas]
            values = [v for v in found if v is not None]
            result[(student, code)] = sum(values) / len(values) if values else None
    return result
