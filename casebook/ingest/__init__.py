"""Getting material into a project: reader -> plan -> intake.

Each file is read into a :class:`~casebook.model.Transcript`
(:mod:`casebook.ingest.transcripts`); :func:`import_files` makes them one
:class:`~casebook.ingest.plan.Plan` that :func:`casebook.ingest.intake.intake` applies --
all files of one command in one transaction. A text that is here already (or twice in
the command) is a duplicate, not a new document. The original of each new document is
copied to ``sources/`` once the transaction is committed. ``merge``
(:mod:`casebook.coders.merge`) and ``.qdpx`` import (:mod:`casebook.refi.importer`) go
through the same intake.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from casebook.collector import paused
from casebook.errors import CasebookError
from casebook.files import checkpoint
from casebook.ingest.check import valid_date
from casebook.ingest.intake import intake
from casebook.ingest.plan import Applied, Digests, Incoming, IntakeReport, Placement, Plan
from casebook.ingest.sources import keep
from casebook.ingest.transcripts import SUFFIXES, guess_kind, read_file, speakers_of
from casebook.model import DOCUMENT_KINDS, Document

if TYPE_CHECKING:
    from casebook.project import Project

__all__ = ["SUFFIXES", "ImportResult", "import_files", "read_file", "read_transcripts",
           "speakers_of"]
_DATE_IN_NAME = re.compile(r"(20\d\d|19\d\d)[-_.]?([01]\d)[-_.]?([0-3]\d)")


@dataclass(slots=True)
class ImportResult:
    path: str
    name: str
    status: str  # "imported" | "duplicate"
    format: str
    document_id: int | None = None
    turns: int = 0
    sentences: int = 0
    speakers: list[str] = field(default_factory=list)
    duplicate_of: str | None = None


def import_files(
    project: Project,
    paths: Iterable[str | Path],
    *,
    kind: str | None = None,
    date: str | None = None,
    attributes: dict[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[ImportResult]:
    """Import files into ``project``. All of them are stored, or -- on any error -- none."""
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise CasebookError(f"must be one of {', '.join(DOCUMENT_KINDS)}", field="--kind")
    if date is not None and not valid_date(date):
        raise CasebookError(f"{date!r} is not a date YYYY-MM-DD", field="--date")
    files = [Path(p) for p in paths]
    digests = Digests()  # each text hashed once: for the document, and to find it here
    with paused():  # turns, sentences and rows: many objects without cycles
        plan = read_transcripts(project, files, kind=kind, date=date, attributes=attributes,
                                digests=digests)
        return _import(project, files, plan, progress, digests)


def _import(project: Project, files: list[Path], plan: Plan,
            progress: Callable[[str], None] | None, digests: Digests) -> list[ImportResult]:
    """Apply the plan of ``files`` in one transaction; their originals are kept after it."""

    def keep_originals(applied: list[Applied]) -> None:
        checkpoint("committed:import")
        for path, incoming in zip(files, plan.documents):
            if applied[0].documents[incoming.key].status == "added":
                keep(path, project.root / (incoming.document.source or ""))

    [applied] = intake(project.store, [plan], IntakeReport(), progress=progress,
                       after_commit=keep_originals, digests=digests)
    return [_result(path, incoming, applied.documents[incoming.key])
            for path, incoming in zip(files, plan.documents)]


def read_transcripts(project: Project, paths: list[Path], *, kind: str | None = None,
                     date: str | None = None, attributes: dict[str, str] | None = None,
                     digests: Digests | None = None) -> Plan:
    """The files as a plan: one document each, keyed by its position in ``paths``; each
    text's hash goes into ``digests`` too."""
    documents = []
    digests = Digests() if digests is None else digests
    sources = project.folder("sources").relative_to(project.root)
    for number, path in enumerate(paths):
        transcript = read_file(path)
        digest = digests.of(transcript.text)
        found = _DATE_IN_NAME.search(path.stem)
        guessed = f"{found[1]}-{found[2]}-{found[3]}" if found else None
        doc = Document(
            id=number, name=path.stem, text=transcript.text, sha256=digest,
            kind=kind or guess_kind(transcript),
            date=date or (guessed if guessed and valid_date(guessed) else None),
            format=transcript.format,
            source=(sources / f"{digest[:12]}-{path.name}").as_posix(),
            attributes={**({"title": transcript.title} if transcript.title else {}),
                        **(attributes or {})})
        documents.append(Incoming(doc, transcript.turns, speakers_of(transcript),
                                  origin=path.name))
    return Plan(source="import", documents=documents)


def _result(path: Path, incoming: Incoming, placed: Placement) -> ImportResult:
    if placed.status != "added":
        return ImportResult(str(path), placed.name, "duplicate", incoming.document.format,
                            placed.id, duplicate_of=placed.name)
    return ImportResult(str(path), placed.name, "imported", incoming.document.format,
                        placed.id, len(incoming.turns), len(incoming.sentences or []),
                        [s.label for s in incoming.speakers])
