"""`casebook exercise collect`: every hand-in into the docent's project, through the one
intake (:func:`casebook.ingest.intake.intake`), each student's codings under their name.

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
the name of a reference or of another coder of the project. All files go in one
transaction: one bad file and nothing is written; the same file twice changes nothing.

Each hand-in is read once into rows (:class:`HandIn`). When every student is new to the
project and brings nothing but codings (the first collect of a class), the intake would
match every document and code, add each student and every coding, and find none present:
collect then stores them itself, as the intake would and with the ids it would give
(:func:`_as_rows`: one ``executemany`` through ``store.add_coding_rows``, which checks and
counts them as every insert of the store does). Anything else -- a student collected before,
a memo, a tombstone of someone else -- goes through the intake, as plans.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import Path
from typing import Any

from casebook.collector import paused
from casebook.errors import CasebookError
from casebook.exercise import archive
from casebook.exercise.spec import (
    HAND_IN_SUFFIX,
    MANIFEST,
    Exercise,
    Replacements,
    load_placement,
    read_manifest,
    save,
)
from casebook.ingest.intake import intake
from casebook.ingest.plan import Applied, Incoming, IntakeReport, Plan
from casebook.model import Code, Coder, Coding, Document, Memo, RemovedCoding
from casebook.offsets import Edits, sha256
from casebook.privacy.guard import Gate, View
from casebook.store import DatabaseError, Store

READERS = 2  # hand-ins read at a time (the machines docents use have two cores or more)


@dataclass(slots=True)
class CollectReport(IntakeReport):
    files: list[str] = field(default_factory=list)
    students: dict[str, int] = field(default_factory=dict)  # name -> codings handed in
    outside: int = 0  # codings of codes outside the exercise, left out


def hand_ins(paths: list[str | Path]) -> list[Path]:
    """The hand-in files named, and those in the folders named (and in their folders: an
    LMS download may give each student one)."""
    found: list[Path] = []
    for path in map(Path, paths):
        found += sorted(path.rglob(f"*{HAND_IN_SUFFIX}")) if path.is_dir() else [path]
    if not found:
        raise CasebookError(f"no hand-ins (*{HAND_IN_SUFFIX}) there", path=", ".join(
            map(str, paths)) or ".")
    return list(dict.fromkeys(found))


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


@dataclass(slots=True)
class HandIn:
    """One hand-in read, checked and placed on the project (:meth:`_Collector.read`)."""

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


class _Collector:
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
        members = archive.read(path, needed=(MANIFEST, "casebook.db"))
        manifest = read_manifest(members[MANIFEST], path)
        if manifest["id"] != self.exercise.id:
            raise CasebookError(f"is a hand-in of another exercise ('{manifest['name']}'), "
                                f"not of '{self.exercise.name}'", path=path)
        other = Store.from_bytes(members["casebook.db"], path)
        try:
            return self._placed(other, path, report)
        except CasebookError as err:  # a row that cannot be read: one error naming the file
            raise CasebookError(err.message, path=path, line=err.line,
                                field=err.field) from None
        except (DatabaseError, ValueError, TypeError, KeyError, AttributeError) as err:
            raise CasebookError(f"cannot be read ({type(err).__name__}: {err})",
                                path=path) from None
        finally:
            other.close()

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


def _read_all(collector: _Collector, files: list[Path], report: CollectReport
              ) -> list[HandIn]:
    """Each hand-in read and placed on the project, :data:`READERS` at a time: unzipping
    and SQLite let go of the interpreter, so on two cores one hand-in unzips while another
    is read. What each counts goes into ``report`` in the order of ``files``, and the
    first bad file in that order is the error, as one after another."""
    def read(path: Path) -> tuple[HandIn, CollectReport]:
        own = CollectReport()
        return collector.read(path, own), own

    found = []
    with ThreadPoolExecutor(max_workers=READERS) as pool:
        for hand_in, own in pool.map(read, files):
            report.outside += own.outside
            for name, count in own.students.items():
                report.students[name] = report.students.get(name, 0) + count
            found.append(hand_in)
    return found


def _new_students(store: Any, found: list[HandIn]) -> bool:
    """Whether every hand-in is :meth:`HandIn.simple` and each student is in one of them
    and new here (no coder of that id or name, no tombstone of theirs): then nothing of
    theirs is here, and the intake would add every coding and find none present."""
    if not all(hand_in.simple() for hand_in in found):
        return False
    here = store.coders()
    ids = {c.id for c in here}
    names = {c.name.strip().casefold() for c in here}
    for hand_in in found:
        for coder_id, name in hand_in.coders.items():
            folded = name.strip().casefold()
            if coder_id in ids or folded in names:
                return False
            ids.add(coder_id)
            names.add(folded)
    return not store.removed_codings(sorted(ids - {c.id for c in here}))


def _as_rows(store: Any, codes: list[Code], found: list[HandIn], report: CollectReport
             ) -> None:
    """The hand-ins of new students (:func:`_new_students`) stored as the intake stores
    them, and reported as it reports them: each hand-in's documents and codes matched, its
    students added; their codings in one ``executemany`` (``store.add_coding_rows``), in
    the order the intake would give them ids. Two codings that land on one span (parts of
    one pseudonym) are one: the second is present. Inside the caller's transaction."""
    rows, seen = [], set()
    for hand_in in found:
        report.documents_matched += [shown.incoming.document.name for shown in hand_in.shown]
        report.codes_matched += [code.id for code in codes]
        for coder_id, name in hand_in.coders.items():
            report.coders_added.append(store.coder(name, coder_id=coder_id).name)
        for _key, doc, start, end, code, coder, created, changed, _memo in hand_in.rows:
            span = (doc, code, coder, start, end)
            if span in seen:
                report.codings_present += 1
                continue
            seen.add(span)
            rows.append((doc, start, end, code, coder, created, changed))
    store.add_coding_rows(rows, savepoint=False)  # the one transaction is all or none
    report.codings_added += len(rows)


class _Rollback(Exception):
    """Raised inside the transaction to undo it (a dry run)."""


def collect(project: Any, exercise: Exercise, paths: list[str | Path], *,
            dry_run: bool = False) -> CollectReport:
    """Bring the hand-ins at ``paths`` (files, or folders of them) into ``project``."""
    files = hand_ins(paths)
    report = CollectReport(files=[str(p) for p in files])

    def remember(_applied: list[Applied]) -> None:
        exercise.students = sorted(set(exercise.students) | set(report.students),
                                   key=str.casefold)
        save(project.root, exercise)

    store = project.store
    with paused():  # tens of thousands of codings, rows and plans: objects without cycles
        collector = _Collector(project, exercise)
        found = _read_all(collector, files, report)
        if _new_students(store, found):
            report.dry_run = dry_run
            try:
                with store.transaction():
                    _as_rows(store, collector.codes, found, report)
                    if dry_run:
                        raise _Rollback
            except _Rollback:
                pass
            else:
                report.applied = True
                remember([])
        else:
            intake(store, [hand_in.plan(collector.codes) for hand_in in found], report,
                   dry_run=dry_run, after_commit=remember)
        del found  # freed before the collector resumes: it walks only what lives on
    if report.conflicts and not dry_run:
        first = report.conflicts[0]
        raise CasebookError(f"{first.kind}: {first.item} ({first.detail})", path=first.source)
    return report
