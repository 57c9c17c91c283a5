"""Feedback per student: each student's codings against the reference, per code and
fragment by fragment (:mod:`casebook.exercise.compare`), in the text students saw.

Per code one figure: Cohen's kappa between the student and the reference on sentences (the
pair figure `casebook agree` computes; with several references the mean), with the counts
of hits, misses, other codes and extras. Per fragment the text as the privacy gate shows it,
who of the references coded it, the student's own fragment where it differs, and the "why":
the reference's memo, else the code's description, include and exclude criteria.

The class is compared at once (:func:`casebook.exercise.compare.compare_class`, arrays, as
`casebook agree` works), each distinct outcome made into an item once and shared by the
students who met it alike; the items, counts and their JSON are
:mod:`casebook.exercise.items`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, cast

import numpy as np

from casebook.coders.pairs import few_pair_kappas
from casebook.collector import paused
from casebook.errors import CasebookError
from casebook.exercise.compare import (
    EXTRA,
    HIT,
    KIND_CODES,
    KINDS,
    OTHER,
    Class,
    Fragment,
    Mark,
    Outcome,
    Spans,
    compare_class,
)
from casebook.exercise.compare import fragments as reference_fragments
from casebook.exercise.items import CodeScore, Item, StudentFeedback, to_json
from casebook.exercise.spec import Exercise
from casebook.model import Code, Document
from casebook.privacy.guard import Gate, View

__all__ = ["ClassFeedback", "CodeScore", "Item", "StudentFeedback", "build", "marks",
           "student_spans", "to_json"]  # the data and its JSON live in items.py


@dataclass(slots=True)
class ClassFeedback:
    exercise: Exercise
    codes: list[Code]  # the exercise's codes with a fragment or a coding, codebook order
    students: list[StudentFeedback]
    gate: Gate


class _Shown:
    """The exercise's documents as the gate shows them, with their speakers by position."""

    def __init__(self, store: Any, gate: Gate, exercise: Exercise) -> None:
        self.views: dict[int, View] = {}
        self.turns: dict[int, tuple[list[int], list[str | None]]] = {}
        hashes = store.document_hashes()  # no text read twice: the gate reads it
        turns = store.turn_speakers([part.id for part in exercise.documents])
        for part in exercise.documents:
            name, digest = hashes.get(part.id) or _name_and_hash(store.document(part.id))
            if digest != part.sha256:
                raise CasebookError(f"document '{name}' is not the text the exercise "
                                    "was made of", field="documents")
            self.views[part.id] = gate.shown(part.id)
            self.turns[part.id] = turns.get(part.id) or ([], [])

    def speaker(self, document: int, start: int) -> str | None:
        starts, speakers = self.turns[document]
        at = bisect_right(starts, start) - 1
        return self.views[document].speaker(speakers[at]) if at >= 0 else None


def _name_and_hash(doc: Document) -> tuple[str, str]:
    """A document found otherwise than by its id (``store.document``'s other ways)."""
    return doc.name, doc.sha256


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
    shown = _Shown(store, gate, exercise)
    found = marks(store, exercise, exercise.references)
    reference = reference_fragments([m for n in exercise.references for m in found[n]])
    spans = student_spans(store, exercise, chosen)
    kappas = _kappas(store, exercise, chosen)
    all_codes = {c.id: c for c in store.codes(include_retired=True)}
    used = {f.code for f in reference} | {spans.codes[c] for c in np.unique(spans.code)}
    codes = [all_codes[c] for c in exercise.codes if c in used and c in all_codes]
    _check_codes(gate, codes)
    words = _Words(gate, shown, all_codes)
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
              kappas: dict[tuple[str, str], float | None], words: _Words
              ) -> list[StudentFeedback]:
    """Each student's feedback from the class's comparison: its items (:func:`_items`) in
    document order, the counts per code tallied at once (:func:`_tallies`)."""
    spans, reference = result.spans, result.reference
    made, by_row, extras, extra_items = _items(result, words)
    ordered = _in_order(reference)
    tallies = _tallies(result, codes, extras)
    theirs: list[list[int]] = [[] for _ in names]
    for n, i in enumerate(extras.tolist()):
        theirs[int(spans.student[i])].append(n)
    found = []
    for s, name in enumerate(names):
        feedback = StudentFeedback(exercise.name, name, exercise.references,
                                   exercise.language)
        row = by_row[s]
        if ordered and not theirs[s]:
            feedback.items = list(map(made.__getitem__, row))
        else:  # compare()'s order: by place; among equals hits, the others, extras
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


def _items(result: Class, words: _Words
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
    kinds = {v: k for k, v in KIND_CODES.items()}
    document, start, end, code = (c.tolist() for c in (
        spans.document, spans.start, spans.end, spans.code))
    kind_of, best_of = result.kind.reshape(-1).tolist(), result.best.reshape(-1).tolist()
    made = []
    for at in first.tolist():
        if at < keys.size:
            fragment: Fragment | None = reference[at % count]
            kind, i = kinds[kind_of[at]], best_of[at]
        else:
            fragment, kind, i = None, EXTRA, int(extras[at - keys.size])
        made.append(words.made(kind, fragment, None if i < 0 else (
            document[i], start[i], end[i], spans.codes[code[i]])))
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


def _in_order(reference: list[Fragment]) -> bool:
    """Whether the fragments are in document order with no two at one place (as
    fragments() makes them): a student's outcomes, with no extra, are then in their order."""
    positions = [f.position for f in reference]
    return all(a < b for a, b in zip(positions, positions[1:]))


def marks(store: Any, exercise: Exercise, names: list[str]) -> dict[str, list[Mark]]:
    """Each coder's codings of the exercise's codes in its documents, in document order.
    Only the references' memos are read (the why); the students' codings come as bare
    spans, as `casebook agree` reads them, since feedback shows no student's memo."""
    coders = {store.find_coder(n).id: n for n in names}
    references = {i for i, n in coders.items() if n in exercise.references}
    documents, codes = {d.id for d in exercise.documents}, set(exercise.codes)
    found: dict[str, list[Mark]] = {n: [] for n in names}
    for c in store.codings(coder_ids=list(references)) if references else []:
        if c.document_id in documents and c.code_id in codes:
            name = coders[c.coder_id]
            found[name].append(Mark(c.document_id, c.start, c.end, c.code_id, name, c.memo))
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


def student_spans(store: Any, exercise: Exercise, names: list[str]) -> Spans:
    """The students' codings of the exercise's codes in its documents as columns (bare
    spans, as `casebook agree` reads them: feedback shows no student's memo), each
    student's in the order :func:`marks` gives them (by document, span and code id)."""
    codes = sorted(set(exercise.codes))
    ids = [store.find_coder(n).id for n in names]
    doc, start, end, code, coder = (
        np.fromstring(c, dtype=np.int64, sep=",") if c else np.empty(0, dtype=np.int64)
        for c in store.coding_columns(codes, ids))
    documents = np.array(sorted(d.id for d in exercise.documents), dtype=np.int64)
    keep = (coder >= 0) & (code >= 0) & np.isin(doc, documents)
    return Spans(doc[keep], start[keep], end[keep], code[keep], coder[keep], codes,
                 len(names)).sort()


def _kappas(store: Any, exercise: Exercise, students: list[str]
            ) -> dict[tuple[str, str], float | None]:
    """(student, code) -> Cohen's kappa with the references on sentences (their mean): the
    figure `casebook agree` reports for each reference-student pair, computed for those
    pairs only (:func:`casebook.coders.pairs.few_pair_kappas`)."""
    documents: list[Any] = [d.id for d in exercise.documents]
    pairs = [(ref, student) for student in students for ref in exercise.references]
    by_code = few_pair_kappas(store, exercise.references + list(students), pairs,
                              docs=documents, absent="not-coded", unit="sentence")
    result: dict[tuple[str, str], float | None] = {}
    for code, kappas in by_code.items():
        for student in students:
            found = [kappas[f"{ref}|{student}"] for ref in exercise.references
                     if f"{ref}|{student}" in kappas]
            values = [v for v in found if v is not None]
            result[(student, code)] = sum(values) / len(values) if values else None
    return result


class _Words:
    """Turns outcomes into items: shown text, speakers, and the why."""

    def __init__(self, gate: Gate, shown: _Shown, codes: dict[str, Code]) -> None:
        self.gate, self.shown, self.codes = gate, shown, codes
        self.memos: dict[str, str] = {}  # a reference's memo as the gate shows it, once
        # every student meets the same fragments: each place and each why worked out once
        self.places: dict[tuple[int, int, int], tuple[int, int, str]] = {}
        self.whys: dict[tuple[int, str, str], list[tuple[str, str]]] = {}
        self.wheres: dict[int, tuple[str, int, int, str, str | None, list[str]]] = {}

    def place(self, document: int, start: int, end: int) -> tuple[int, int, str]:
        """Where a span lies in the text the student saw, and its text there."""
        key = (document, start, end)
        found = self.places.get(key)
        if found is None:
            view = self.shown.views[document]
            shown_start, shown_end = view.span(start, end)
            found = self.places[key] = (shown_start, shown_end,
                                        view.text[shown_start:shown_end])
        return found

    def memo(self, text: str) -> str:
        """``text`` through the gate, once per text (every student sees the same memos)."""
        if text not in self.memos:
            self.memos[text] = self.gate.memo("memo", text)
        return self.memos[text]

    def item(self, outcome: Outcome) -> Item:
        """The item of ``outcome`` (:meth:`made`)."""
        mine = outcome.student
        return self.made(outcome.kind, outcome.fragment, None if mine is None else
                         (mine.document, mine.start, mine.end, mine.code))

    def made(self, kind: str, fragment: Fragment | None,
             mine: tuple[int, int, int, str] | None) -> Item:
        """The item of an outcome: ``kind`` of ``fragment`` (none: an extra) with the
        student's coding ``mine`` (document, start, end, code; none: missed). Made once
        for every student who met the same outcome alike, by the caller: the item is
        shared, read only."""
        if fragment is not None:
            name, start, end, text, speaker, coders = self.where(fragment)
            code, own = fragment.code, None
            if mine is not None:  # students often code alike
                mine_start, mine_end, theirs = self.place(mine[0], mine[1], mine[2])
                own = theirs if (mine_start, mine_end) != (start, end) else None
        elif mine is not None:
            document, code = mine[0], mine[3]
            start, end, text = self.place(document, mine[1], mine[2])
            name, speaker = self.shown.views[document].name, \
                self.shown.speaker(document, mine[1])
            coders, own = [], None
        else:
            raise ValueError("an outcome is about a fragment or a coding")
        theirs_code = mine[3] if mine is not None else None
        key = (id(fragment) if fragment is not None else 0, kind, theirs_code or "")
        why = self.whys.get(key)
        if why is None:  # shared by the items of the key, as the items are: read only
            why = self.whys[key] = self.reasons(kind, fragment, theirs_code)
        return Item(kind, name, code, theirs_code, start, end, text, speaker, coders, own,
                    why)

    def where(self, fragment: Fragment) -> tuple[str, int, int, str, str | None, list[str]]:
        """The document's name, the place and text shown, the speaker and the references
        who coded it, of a fragment (worked out once: every student meets it; its list of
        references is shared by its items, read only)."""
        found = self.wheres.get(id(fragment))
        if found is None:
            start, end, text = self.place(fragment.document, fragment.start, fragment.end)
            found = self.wheres[id(fragment)] = (
                self.shown.views[fragment.document].name, start, end, text,
                self.shown.speaker(fragment.document, fragment.start), list(fragment.coders))
        return found

    def reasons(self, kind: str, fragment: Fragment | None, code: str | None
                ) -> list[tuple[str, str]]:
        """The reference's memo(s), else what the codebook says about the code (for a hit
        only what it means; for another code also when the student's code -- ``code`` --
        does not apply)."""
        if fragment is not None:
            memos = list(dict.fromkeys(m.memo.strip() for m in fragment.marks
                                       if m.memo and m.memo.strip()))
            criteria = ("description",) if kind == HIT else (
                "description", "include", "exclude")
            found = [("memo", self.memo(memo)) for memo in memos] or \
                self._criteria(fragment.code, criteria)
        else:
            found = self._criteria(code or "", ("description", "exclude"))
        if kind == OTHER and code is not None:
            theirs = self.codes.get(code)
            if theirs is not None and theirs.exclude:
                found.append((f"not:{code}", theirs.exclude))
        return found

    def _criteria(self, code_id: str, keys: tuple[str, ...]) -> list[tuple[str, str]]:
        code = self.codes.get(code_id)
        if code is None:
            return []
        return [(key, getattr(code, key)) for key in keys if getattr(code, key)]
