"""Bring other coders' project files into this one.

Each other casebook.db is read into a strict :class:`~casebook.ingest.plan.Plan` and
applied by :func:`casebook.ingest.intake.intake`: documents are matched by their text,
codes by their stable id, coders by their id (a uuid5 of the name, the same in every
copy). A document with the same name but another text, a code that both copies changed, a
coder name with another id, a speaker with another role or pseudonym, or a removal in one
copy against a change in the other is a *conflict*: reported, never joined; what is on it
stays out. A removal in one copy against an unchanged other copy, and a rename in one copy,
are no conflict: they win (:mod:`casebook.ingest.removals`). A coding or memo that exists
already is not added again, so merging the same file twice changes nothing. All files are
merged in one transaction; a dry run computes exactly the same report and rolls back.

Another copy is never written to. One made by a newer Casebook is refused; an older one is
read through a migrated temporary copy (:meth:`casebook.store.Store.snapshot`). Every row
it brings is checked (:mod:`casebook.ingest.check`); a damaged or crafted one is one error
naming the file and the field. When the codebook changed, its YAML follows after COMMIT.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.errors import CasebookError
from casebook.ingest.intake import intake
from casebook.ingest.plan import (
    CODE_DIFFERS,
    CODER_DIFFERS,
    REMOVED_CHANGED,
    SPEAKER_DIFFERS,
    TEXT_DIFFERS,
    Applied,
    Conflict,
    Incoming,
    IntakeReport,
    Plan,
)

__all__ = ["CODE_DIFFERS", "CODER_DIFFERS", "REMOVED_CHANGED", "SPEAKER_DIFFERS",
           "TEXT_DIFFERS", "Conflict", "MergeReport", "merge", "read_project"]


@dataclass(slots=True)
class MergeReport(IntakeReport):
    sources: list[str] = field(default_factory=list)


def merge(store: Any, paths: list[str | Path], *, dry_run: bool = False,
          skip_conflicts: bool = False, project: Any = None) -> MergeReport:
    """Merge ``paths`` (casebook.db files or project folders) into ``store``.

    With conflicts and without ``skip_conflicts`` nothing is written; with
    ``skip_conflicts`` everything that does not conflict is merged. Given the ``project``
    ``store`` belongs to, its codebook YAML follows a changed codebook after COMMIT."""
    from casebook.store import Store

    report = MergeReport(sources=[str(p) for p in paths])
    others = []
    try:
        for path in paths:
            others.append(Store.snapshot(path))
            if Path(others[-1].path).resolve() == Path(store.path).resolve():
                raise CasebookError("cannot merge a project with itself", path=others[-1].path)
        plans = [read_project(other) for other in others]
    finally:
        for other in others:
            other.close()
    originals = [_originals(plan, Path(other.path).parent) for plan, other in zip(plans, others)]

    def write_files(applied: list[Applied]) -> None:
        _keep_originals(store, Path(project.root if project is not None
                                    else Path(store.path).parent), plans, originals, applied)
        if project is not None and any(a.codebook_changed for a in applied):
            from casebook.codebook.sync import write_files

            write_files(project, notes=report.notes)

    intake(store, plans, report, dry_run=dry_run, skip_conflicts=skip_conflicts,
           after_commit=write_files)
    return report


def _originals(plan: Plan, root: Path) -> dict[int, Path]:
    """The other copy's originals (in its ``sources/``) of the documents it brings, by key;
    each document's ``source`` becomes the name its copy will have here, or None when the
    other copy has no such file (a merged document referred to a file that was not here). A
    source that leaves the folder is left for the check to refuse."""
    from casebook.ingest.check import relative_source
    from casebook.ingest.sources import FOLDER, copy_name

    found: dict[int, Path] = {}
    folder = (root / FOLDER).resolve()
    for incoming in plan.documents:
        doc = incoming.document
        if doc.source is None or not relative_source(doc.source):
            continue
        path = root / doc.source
        if path.resolve().parent == folder and path.is_file():
            found[incoming.key] = path
            doc.source = f"{FOLDER}/{copy_name(doc.sha256, path.name)}"
        else:
            doc.source = None
    return found


def _keep_originals(store: Any, root: Path, plans: list[Plan],
                    originals: list[dict[int, Path]], applied: list[Applied]) -> None:
    """After COMMIT: the originals of the documents the merge added, copied into
    ``sources/`` (whole or not at all), as an import keeps its files; also of a document
    here that refers to that very copy without it (a merge killed before its copies)."""
    from casebook.files import checkpoint
    from casebook.ingest.sources import keep

    checkpoint("committed:merge")
    for plan, found, done in zip(plans, originals, applied):
        for incoming in plan.documents:
            placed, source = done.documents.get(incoming.key), incoming.document.source
            if placed is None or incoming.key not in found or source is None or \
                    placed.status not in ("added", "matched"):
                continue
            if placed.status == "added" or (placed.id is not None
                                            and store.document(placed.id).source == source):
                keep(found[incoming.key], root / source)


def read_project(other: Any, read: Callable[[Any], Plan] | None = None) -> Plan:
    """Everything in another project's store (or what ``read`` takes of it), as a strict
    plan. A row that cannot be read (a damaged or crafted file) is one error naming the file
    and the field."""
    from casebook.store import DatabaseError

    try:
        return (read or _read)(other)
    except CasebookError as err:
        raise CasebookError(err.message, path=other.path, line=err.line,
                            field=err.field) from None
    except (DatabaseError, ValueError, TypeError, KeyError) as err:
        raise CasebookError(f"cannot be read ({type(err).__name__}: {err})",
                            path=other.path) from None


def _read(other: Any) -> Plan:
    active = {c.id for c in other.codes()}
    codes = other.codes(include_retired=True)
    documents = [Incoming(doc, other.turns(doc.id), other.speakers(doc.id),
                          other.sentences(doc.id), origin=doc.name)
                 for doc in (other.document(s.id) for s in other.documents())]
    return Plan(source=other.path, strict=True, documents=documents, codes=codes,
                retired={c.id for c in codes if c.id not in active},
                codebook_name=other.codebook().name, coders=other.coders(),
                codings=other.codings(), memos=other.memos(),
                removed_codes=other.removed_codes(), removed_codings=other.removed_codings(),
                history=other.code_history(), speaker_history=other.speaker_history())
