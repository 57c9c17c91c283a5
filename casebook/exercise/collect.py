"""`casebook exercise collect`: every hand-in into the docent's project, through the one
intake (:func:`casebook.ingest.intake.intake`), each student's codings under their name.

A hand-in is read (:mod:`casebook.exercise.handins`) like another coder's copy, checked
against the exercise and placed on the project: nothing but the students' codings (and
their memos on them, and their tombstones) can come in. All files go in one transaction:
one bad file and nothing is written; the same file twice changes nothing.

Each hand-in is read once into rows (:class:`HandIn`). When every student is new to the
project and brings nothing but codings (the first collect of a class), the intake would
match every document and code, add each student and every coding, and find none present:
collect then stores them itself, as the intake would and with the ids it would give
(:func:`_as_rows`: one ``executemany`` through ``store.add_coding_rows``, which checks and
counts them as every insert of the store does). Anything else -- a student collected before,
a memo, a tombstone of someone else -- goes through the intake, as plans.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casebook.collector import paused
from casebook.errors import CasebookError
from casebook.exercise.handins import (
    Collector,
    CollectReport,
    HandIn,
    back_onto_stored,
    read_all,
)
from casebook.exercise.spec import HAND_IN_SUFFIX, Exercise, save
from casebook.ingest.intake import intake
from casebook.ingest.plan import Applied
from casebook.model import Code

__all__ = ["CollectReport", "HandIn", "back_onto_stored", "collect", "hand_ins"]


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
        collector = Collector(project, exercise)
        found = read_all(collector, files, report)
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
