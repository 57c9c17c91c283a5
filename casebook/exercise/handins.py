"""Hand-ins read for `casebook exercise collect` (:mod:`casebook.exercise.collect`): each
one read once into rows (:class:`HandIn`), checked against the exercise and placed on the
project.

A hand-in is read like another coder's copy (a strict plan, as
:func:`casebook.coders.merge.read_project` reads one, of what collect uses), then checked
against the exercise and moved onto the project: its manifest must carry the exercise's id
(else it is from another exercise), its documents must be the very texts the package held
(else it was tampered with), each coding must lie inside its text. The codings move from
the pseudonymised text the student saw onto the stored text (a coding on part of a
pseudonym covers the whole name) with the placement the exercise kept when it was made
(:func:`casebook.exercise.spec.load_placement`; it must make the very text the students
saw, and an exercise made before it was kept is placed with the privacy gate's view), and
the plan brings the project's own documents and codes, so nothing but the students'
codings (and their memos on them) can come in. A coding the student removed since an
earlier hand-in is removed here too (the intake's tombstones, moved onto the stored text).
Codings of codes outside the exercise are left out and counted. A student may not carry
the name of a reference or of another coder of the project.

The next hand-in is unzipped and opened while one is placed (:func:`read_all`).
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import Path
from typing import Any

from casebook.errors import CasebookError
from casebook.exercise import archive
from casebook.exercise.spec import MANIFEST, Exercise, Replacements, load_placement, read_manifest
from casebook.ingest.plan import Incoming, IntakeReport, Plan
from casebook.model import Code, Coder, Coding, Document, Memo, RemovedCoding
from casebook.offsets import Edits, sha256
from casebook.privacy.guard import Gate, View
from casebook.store import DatabaseError, Store


@dataclass(slots=True)
class CollectReport(IntakeReport):
    files: list[str] = field(default_factory=list)
    students: dict[str, int] = field(default_factory=dict)  # name -> codings handed in
    outside: int = 0  # codings of codes outside the exercise, left out



def back_onto_stored(view: View, stored: str) -> Edits:
    """Where a span of the text a student saw (the gate's ``view``) lies in the stored
    text."""
    return traced_back(view.replacements, view.text, stored, view.name)


def traced_back(replacements: Replacements, shown: str, stored: str, name: str) -> Edits:
    """Where a span of the text a student saw (``shown``) lies in the stored text (the
    replacements the other way round)."""
    reps, shift = [], 0
    for start, end, new in replacements:
        reps.append((start + shift, start + shift + len(new), stored[start:end]))
        shift += len(new) - (end - start)
    edits = Edits(shown, reps)
    if edits.text != stored:
        raise CasebookError(f"document '{name}': its pseudonymised text cannot be traced "
                            "back to the stored text", field="documents")
    return edits


@dataclass(slots=True)
class _Shown:
    """One document of the exercise: the project's (as each plan brings it), the text the
    students saw, and how a span of that text lies in the stored one -- each span placed
    once for the whole class (students code the same fragments)."""

    key: int  # the project's id of the document: its key in each plan
    incoming: Incoming
    text: str
    edits: Edits
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    utf8: bytes = b""  # ``text`` encoded: what a hand-in's text is compared with

    def place(self, start: int, end: int) -> tuple[int, int]:
        """``edits.span(start, end)``."""
        found = self.spans.get((start, end))
        if found is None:
            found = self.spans[(start, end)] = self.edits.span(start, end)
        return found


# a student's coding placed on the project: (its key in the hand-in, document id here,
# start, end, code id, coder id, created, changed, its coder's memo on it)
Row = tuple[int, int, int, int, str, str, str | None, str | None, str | None]
_CREATED, _MEMO = itemgetter(6), itemgetter(8)
READERS = 2  # hand-ins opened at a time: one placed, the next unzipped and opened


@dataclass(slots=True)
class HandIn:
    """One hand-in read, checked and placed on the project (:meth:`Collector.read`)."""

    source: str
    shown: list[_Shown]  # its documents (the project's), in its order
    coders: dict[str, str]  # id -> name: the students of its codings
    rows: list[Row]
    memos: list[Memo]  # on its codings
    removed: list[RemovedCoding]  # its tombstones, on the stored text

    def plan(self, codes: list[Code]) -> Plan:
        """The hand-in as a strict plan: the project's documents and ``codes``, the
        students, their codings, memos and tombstones."""
        return Plan(source=self.source, strict=True,
                    documents=[shown.incoming for shown in self.shown], codes=codes,
                    coders=[Coder(i, n) for i, n in self.coders.items()],
                    codings=[Coding(doc, start, end, code, coder, key, created, memo, None,
                                    changed)
                             for key, doc, start, end, code, coder, created, changed, memo
                             in self.rows],
                    memos=self.memos, removed_codings=self.removed)

    def simple(self) -> bool:
        """Whether only codings come in, in rows that need no more checks than
        :func:`_as_rows` does: no memos, and no tombstones but the students' own (nothing
        of theirs is here to remove when the students are new here); text where the
        intake's checks (:mod:`casebook.ingest.check`) want text."""
        return not self.memos and all(
            type(i) is str and i and type(n) is str and n.strip()  # noqa: E721
            for i, n in self.coders.items()) and all(
            t.coder_id in self.coders for t in self.removed) and set(
            map(_MEMO, self.rows)) <= {None} and set(
            map(type, map(_CREATED, self.rows))) <= {str, type(None)}


class Collector:
    """The exercise's documents as students saw them, and how to bring codings back."""

    def __init__(self, project: Any, exercise: Exercise) -> None:
        self.store, self.exercise = project.store, exercise
        placed = load_placement(project.root, exercise)
        # an exercise made before its placement was kept: the gate's views, as then
        gate = Gate.for_project(self.store) if placed is None else None
        self.documents: dict[str, _Shown] = {}  # by the sha256 of the text students saw
        self.codes_in = set(exercise.codes)
        for part in exercise.documents:
            doc = self.store.document(part.id)
            if gate is not None:
                view = gate.shown(part.id)
                reps, shown = view.replacements, view.text
            else:
                reps = (placed or {}).get(part.id, [])
                shown = Edits(doc.text, reps).text if doc.sha256 == part.sha256 else ""
            if doc.sha256 != part.sha256 or sha256(shown) != part.shown_sha256:
                raise CasebookError(f"document '{doc.name}' or its pseudonymisation changed "
                                    f"since exercise '{exercise.name}' was made: the hand-ins "
                                    "cannot be placed on it", field="documents")
            # no turns, sentences or speakers: the intake always matches the project's own
            # text (it adds and segments only new ones, and takes from a plan only the roles
            # and pseudonyms a speaker here lacks), and each of the thirty plans need not
            # check their thousands of spans again
            self.documents[part.shown_sha256] = _Shown(
                part.id, Incoming(doc, [], [], origin=doc.name), shown,
                traced_back(reps, shown, doc.text, part.name), utf8=shown.encode())
        self.codes = [self.store.code(c) for c in exercise.codes]
        others = {c.name.casefold() for c in self.store.coders()}
        self.taken = (others - {s.casefold() for s in exercise.students}) | {
            r.casefold() for r in exercise.references}

    def read(self, path: Path, report: CollectReport) -> HandIn:
        """The hand-in at ``path`` read, checked and placed on the project."""
        other = self.open(path)
        try:
            return self.place(other, path, report)
        finally:
            other.close()

    def open(self, path: Path) -> Any:
        """The database of the hand-in at ``path``, in memory, once its manifest says it is
        one of this exercise (to be closed)."""
        members = archive.read(path, needed=(MANIFEST, "casebook.db"))
        manifest = read_manifest(members[MANIFEST], path)
        if manifest["id"] != self.exercise.id:
            raise CasebookError(f"is a hand-in of another exercise ('{manifest['name']}'), "
                                f"not of '{self.exercise.name}'", path=path)
        return Store.from_bytes(members["casebook.db"], path)

    def place(self, other: Any, path: Path, report: CollectReport) -> HandIn:
        """The hand-in of ``path`` (``other``, :meth:`open`'s) placed on the project."""
        try:
            return self._placed(other, path, report)
        except CasebookError as err:  # a row that cannot be read: one error naming the file
            raise CasebookError(err.message, path=path, line=err.line,
                                field=err.field) from None
        except (DatabaseError, ValueError, TypeError, KeyError, AttributeError) as err:
            raise CasebookError(f"cannot be read ({type(err).__name__}: {err})",
                                path=path) from None

    def _placed(self, other: Any, path: Path, report: CollectReport) -> HandIn:
        """The hand-in (``other``, its database) moved onto the project: its documents, its
        codes, the students. What it brings besides its students' codings (and their memos
        and tombstones) is not read: its sentences, turns, speakers and codebook are the
        package's, and the plan brings the project's own (:meth:`HandIn.plan`)."""
        keys = self._same_bytes(other)
        if keys is None:  # not each text the very one: read as strings, to name the first
            keys = {}
            for doc in other.whole_documents():
                found = self._known(doc)
                if found is None or doc.id is None:
                    raise CasebookError(f"was changed after it was handed out: document "
                                        f"'{doc.name}' is not the exercise's", path=path)
                keys[doc.id] = found
        if len(keys) != len(self.documents):
            raise CasebookError("was changed after it was handed out: documents are missing",
                                path=path)
        coders = {c.id: c.name for c in other.coders()}
        memos = other.coding_memos()
        kept: list[Row] = []
        codes_in = self.codes_in
        for key, doc, start, end, code, coder, created, changed in other.coding_tuples():
            if code not in codes_in:
                report.outside += 1
                continue
            shown = keys.get(doc)
            if shown is None or not (type(start) is int and type(end) is int  # noqa: E721
                                     and 0 <= start < end <= len(shown.text)
                                     and coder in coders):
                raise CasebookError(f"was changed after it was handed out: coding "
                                    f"{key} lies outside its text", path=path)
            start, end = shown.spans.get((start, end)) or shown.place(start, end)
            kept.append((key, shown.key, start, end, code, coder, created, changed,
                         memos[key].get(coder) if key in memos else None))
        counts: Counter[str] = Counter()
        for coder_id, n in Counter(map(itemgetter(5), kept)).items():
            counts[coders[coder_id]] += n
        for name in sorted(counts):
            if name.casefold() in self.taken:
                raise CasebookError(f"student name '{name}' is a reference or another coder "
                                    "of this project; the student must open the package "
                                    "again under another name", path=path)
            report.students[name] = report.students.get(name, 0) + counts[name]
        notes = other.memos()
        ids = {row[0] for row in kept} if notes else set()
        return HandIn(str(path), list(keys.values()),
                      {i: n for i, n in coders.items() if n in counts}, kept,
                      [m for m in notes if m.target_kind == "coding"
                       and m.target_id.isdigit() and int(m.target_id) in ids],
                      self._removed(other.removed_codings()))

    def _same_bytes(self, other: Any) -> dict[int, _Shown] | None:
        """The hand-in's documents by id, when each is byte for byte the shown text its
        sha256 names (no text made a string); else None (:meth:`_known` looks at each)."""
        keys: dict[int, _Shown] = {}
        for doc_id, _name, hint, data in other.document_bytes() or [(None, "", "", None)]:
            found = self.documents.get(hint) if type(hint) is str else None  # noqa: E721
            if found is None or type(doc_id) is not int or data != found.utf8:  # noqa: E721
                return None
            keys[doc_id] = found
        return keys

    def _known(self, doc: Document) -> _Shown | None:
        """The exercise's document whose shown text ``doc`` (a hand-in's) has: looked up
        by the hash the hand-in gives and then compared, else by the hash of its text."""
        hinted = self.documents.get(doc.sha256)
        if hinted is not None and hinted.text == doc.text:
            return hinted
        return self.documents.get(sha256(doc.text)) if isinstance(doc.text, str) else None

    def _removed(self, tombs: list[RemovedCoding]) -> list[RemovedCoding]:
        """The student's tombstones (codings removed since an earlier hand-in) on the
        stored text, so that collecting the new hand-in removes them here too."""
        moved = []
        for tomb in tombs:
            found = self.documents.get(tomb.document_sha256)
            if found is None or tomb.code_id not in self.codes_in:
                continue
            start, end = found.place(tomb.start, tomb.end)
            moved.append(replace(tomb, document_sha256=found.incoming.document.sha256,
                                 start=start, end=end))
        return moved


def read_all(collector: Collector, files: list[Path], report: CollectReport
             ) -> list[HandIn]:
    """Each hand-in read and placed on the project, in the order of ``files``. With
    :data:`READERS` of two or more, a thread unzips and opens the next ones (zlib and
    SQLite let go of the interpreter there) and closes each placed one, while this one
    places (Python, and SQLite's rows: in Python 3.11 each column it gives lets go of the
    interpreter and takes it back, so two threads that both place take it from each other
    at every column). What each counts goes into ``report`` in the order of ``files``, and
    the first bad file in that order is the error, as one after another."""
    if READERS < 2:
        return [collector.read(path, report) for path in files]
    found: list[HandIn] = []
    ahead: list[Future[Any]] = []  # the databases of the files from the one placed on
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            for n, path in enumerate(files):
                while len(ahead) < READERS and n + len(ahead) < len(files):
                    ahead.append(pool.submit(collector.open, files[n + len(ahead)]))
                other = ahead.pop(0).result()
                try:
                    found.append(collector.place(other, path, report))
                finally:
                    pool.submit(other.close)
        finally:  # an error: the ones opened ahead closed too
            for future in ahead:
                if future.exception() is None:
                    future.result().close()
    return found
