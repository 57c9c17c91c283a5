"""Bring other coders' project files into this one.

Each other casebook.db is read into a strict :class:`~casebook.ingest.plan.Plan` and
applied by :func:`casebook.ingest.intake.intake`: documents are matched by their text,
codes by their stable id, coders by their id (a uuid5 of the name, the same in every
copy). A document with the same name but another text, a code id that means something else
here, or a coder name with another id is a *conflict*: reported, never joined; its codings
stay out. A coding or memo that exists already is not added again, so merging the same
file twice changes nothing. All files are merged in one transaction; a dry run computes
exactly the same report and rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from casebook.errors import CasebookError
from casebook.ingest.intake import intake
from casebook.ingest.plan import (
    CODE_DIFFERS,
    CODER_DIFFERS,
    TEXT_DIFFERS,
    Conflict,
    Incoming,
    IntakeReport,
    Plan,
)

__all__ = ["CODE_DIFFERS", "CODER_DIFFERS", "TEXT_DIFFERS", "Conflict", "MergeReport",
           "merge", "read_project"]


@dataclass(slots=True)
class MergeReport(IntakeReport):
    sources: list[str] = field(default_factory=list)


def merge(store, paths: list[str | Path], *, dry_run: bool = False,
          skip_conflicts: bool = False) -> MergeReport:
    """Merge ``paths`` (casebook.db files or project folders) into ``store``.

    With conflicts and without ``skip_conflicts`` nothing is written; with
    ``skip_conflicts`` everything that does not conflict is merged."""
    from casebook.store import Store

    report = MergeReport(sources=[str(p) for p in paths])
    others = [Store.open(p, read_only=True) for p in paths]
    try:
        for other in others:
            if Path(other.path).resolve() == Path(store.path).resolve():
                raise CasebookError("cannot merge a project with itself", path=other.path)
        plans = [read_project(other) for other in others]
    finally:
        for other in others:
            other.close()
    intake(store, plans, report, dry_run=dry_run, skip_conflicts=skip_conflicts)
    return report


def read_project(other) -> Plan:
    """Everything in another project's store, as a strict plan."""
    active = {c.id for c in other.codes()}
    codes = other.codes(include_retired=True)
    documents = [Incoming(doc, other.turns(doc.id), other.speakers(doc.id),
                          other.sentences(doc.id), origin=doc.name)
                 for doc in (other.document(s.id) for s in other.documents())]
    return Plan(source=other.path, strict=True, documents=documents, codes=codes,
                retired={c.id for c in codes if c.id not in active},
                codebook_name=other.codebook().name, coders=other.coders(),
                codings=other.codings(), memos=other.memos())
