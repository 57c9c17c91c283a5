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
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from casebook.coders.merge import read_project
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
from casebook.model import Coder, Coding, Document, RemovedCoding
from casebook.offsets import Edits, sha256
from casebook.privacy.guard import Gate, View
from casebook.store import Store

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

    def place(self, start: int, end: int) -> tuple[int, int]:
        """``edits.span(start, end)``."""
        found = self.spans.get((start, end))
        if found is None:
            found = self.spans[(start, end)] = self.edits.span(start, end)
        return found


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
                traced_back(reps, shown, doc.text, part.name))
        self.codes = [self.store.code(c) for c in exercise.codes]
        others = {c.name.casefold() for c in self.store.coders()}
        self.taken = (others - {s.casefold() for s in exercise.students}) | {
            r.casefold() for r in exercise.references}

    def plan(self, path: Path, report: CollectReport) -> Plan:
        members = archive.read(path, needed=(MANIFEST, "casebook.db"))
        manifest = read_manifest(members[MANIFEST], path)
        if manifest["id"] != self.exercise.id:
            raise CasebookError(f"is a hand-in of another exercise ('{manifest['name']}'), "
                                f"not of '{self.exercise.name}'", path=path)
        other = Store.from_bytes(members["casebook.db"], path)
        try:
            plan = read_project(other, _read)
        finally:
            other.close()
        plan.source = str(path)
        return self._placed(plan, path, report)

    def _placed(self, plan: Plan, path: Path, report: CollectReport) -> Plan:
        """The plan moved onto the project: its documents, its codes, the students."""
        keys: dict[int, _Shown] = {}
        for incoming in plan.documents:
            found = self._known(incoming.document)
            if found is None or incoming.document.id is None:
                raise CasebookError(f"was changed after it was handed out: document "
                                    f"'{incoming.document.name}' is not the exercise's",
                                    path=path)
            keys[incoming.document.id] = found
        if len(keys) != len(self.documents):
            raise CasebookError("was changed after it was handed out: documents are missing",
                                path=path)
        coders = {c.id: c.name for c in plan.coders}
        kept = []
        codes_in = self.codes_in
        for coding in plan.codings:  # each moved onto the stored text, in place
            if coding.code_id not in codes_in:
                report.outside += 1
                continue
            shown, start, end = keys.get(coding.document_id), coding.start, coding.end
            if shown is None or not (type(start) is int and type(end) is int  # noqa: E721
                                     and 0 <= start < end <= len(shown.text)
                                     and coding.coder_id in coders):
                raise CasebookError(f"was changed after it was handed out: coding "
                                    f"{coding.id} lies outside its text", path=path)
            coding.start, coding.end = shown.spans.get((start, end)) or shown.place(start,
                                                                                     end)
            coding.document_id = shown.key
            kept.append(coding)
        counts = Counter(coders[c.coder_id] for c in kept)
        for name in sorted(counts):
            if name.casefold() in self.taken:
                raise CasebookError(f"student name '{name}' is a reference or another coder "
                                    "of this project; the student must open the package "
                                    "again under another name", path=path)
            report.students[name] = report.students.get(name, 0) + counts[name]
        ids = {c.id for c in kept}
        return Plan(source=str(path), strict=True,
                    documents=[shown.incoming for shown in keys.values()],
                    codes=self.codes, coders=[Coder(i, n) for i, n in coders.items()
                                              if n in counts],
                    codings=kept, memos=[m for m in plan.memos if m.target_kind == "coding"
                                         and m.target_id.isdigit() and int(m.target_id) in ids],
                    removed_codings=self._removed(plan))

    def _known(self, doc: Document) -> _Shown | None:
        """The exercise's document whose shown text ``doc`` (a hand-in's) has: looked up
        by the hash the hand-in gives and then compared, else by the hash of its text."""
        hinted = self.documents.get(doc.sha256)
        if hinted is not None and hinted.text == doc.text:
            return hinted
        return self.documents.get(sha256(doc.text)) if isinstance(doc.text, str) else None

    def _removed(self, plan: Plan) -> list[RemovedCoding]:
        """The student's tombstones (codings removed since an earlier hand-in) on the
        stored text, so that collecting the new hand-in removes them here too."""
        moved = []
        for tomb in plan.removed_codings:
            found = self.documents.get(tomb.document_sha256)
            if found is None or tomb.code_id not in self.codes_in:
                continue
            start, end = found.place(tomb.start, tomb.end)
            moved.append(replace(tomb, document_sha256=found.incoming.document.sha256,
                                 start=start, end=end))
        return moved


def _read(other: Any) -> Plan:
    """What a hand-in brings that collect uses: its documents' texts (to know them), its
    coders, codings (read as rows, each with its coder's memo), memos and tombstones. Its
    sentences, turns, speakers and codebook are the package's, and the plan brings the
    project's own (:meth:`_Collector._placed`), so they are not read
    (:func:`casebook.coders.merge.read_project` reads a whole copy; it also turns a row
    that cannot be read into one error naming the file)."""
    documents = [Incoming(doc, [], [], origin=doc.name) for doc in other.whole_documents()]
    memos = other.coding_memos()
    codings = [Coding(doc, start, end, code, coder, key, created,
                      memos[key].get(coder) if key in memos else None, None, changed)
               for key, doc, start, end, code, coder, created, changed
               in other.coding_tuples()]
    return Plan(source=other.path, strict=True, documents=documents,
                coders=other.coders(), codings=codings, memos=other.memos(),
                removed_codings=other.removed_codings())


def _read_all(collector: _Collector, files: list[Path], report: CollectReport) -> list[Plan]:
    """Each hand-in read and placed on the project, :data:`READERS` at a time: unzipping
    and SQLite let go of the interpreter, so on two cores one hand-in unzips while another
    is read. What each counts goes into ``report`` in the order of ``files``, and the
    first bad file in that order is the error, as one after another."""
    def read(path: Path) -> tuple[Plan, CollectReport]:
        own = CollectReport()
        return collector.plan(path, own), own

    plans = []
    with ThreadPoolExecutor(max_workers=READERS) as pool:
        for plan, own in pool.map(read, files):
            report.outside += own.outside
            for name, count in own.students.items():
                report.students[name] = report.students.get(name, 0) + count
            plans.append(plan)
    return plans


def collect(project: Any, exercise: Exercise, paths: list[str | Path], *,
            dry_run: bool = False) -> CollectReport:
    """Bring the hand-ins at ``paths`` (files, or folders of them) into ``project``."""
    files = hand_ins(paths)
    report = CollectReport(files=[str(p) for p in files])

    def remember(_applied: list[Applied]) -> None:
        exercise.students = sorted(set(exercise.students) | set(report.students),
                                   key=str.casefold)
        save(project.root, exercise)

    with paused():  # tens of thousands of codings, rows and plans: objects without cycles
        plans = _read_all(_Collector(project, exercise), files, report)
        intake(project.store, plans, report, dry_run=dry_run, after_commit=remember)
        del plans  # freed before the collector resumes: it walks only what lives on
    if report.conflicts and not dry_run:
        first = report.conflicts[0]
        raise CasebookError(f"{first.kind}: {first.item} ({first.detail})", path=first.source)
    return report
