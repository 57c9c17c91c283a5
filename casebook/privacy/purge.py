"""Data minimisation: replace the stored originals by their pseudonymised text, for projects
whose data agreement says the raw text must go (`casebook pseudo purge`).

After review, in one transaction: each document's text becomes the text outputs show (its
accepted findings and every other occurrence of a known original replaced), its name its
display name, its speakers their pseudonyms; turns, sentences, codings and findings move onto
the new text (:class:`casebook.offsets.Edits`); an accepted finding then holds its
replacement, memos are pseudonymised, and the project's mapping (whose keys are the
originals) is forgotten. Only then are the files rewritten: ``sources/`` gets the
pseudonymised text instead of the imported file, and copies of the database (``*.bak``,
``backups/``) are deleted; the database is vacuumed so no free page keeps an original.
:func:`plan` says all of it without changing anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from casebook.errors import CasebookError
from casebook.files import atomic_write
from casebook.model import Speaker, Turn
from casebook.offsets import sha256
from casebook.privacy.guard import Gate, View
from casebook.privacy.mapping import normalise

if TYPE_CHECKING:
    from casebook.project import Project


@dataclass(slots=True)
class PurgeReport:
    documents: list[dict[str, str | int | list[int]]] = field(default_factory=list)
    codings: int = 0            # moved onto the new texts
    duplicate_codings: int = 0  # became the same coding as another, removed
    findings: int = 0
    memos: int = 0              # whose text changed
    mapping: int = 0            # entries forgotten
    sources: list[str] = field(default_factory=list)   # rewritten
    cases: list[str] = field(default_factory=list)     # quotes and document names rewritten
    backups: list[str] = field(default_factory=list)   # deleted
    done: bool = False


def _backups(root: Path) -> list[Path]:
    """Copies of the database a purge must not leave behind."""
    found = [p for p in root.glob("casebook.db*")
             if p.name not in ("casebook.db", "casebook.db-wal", "casebook.db-shm")]
    found += list(root.glob("*.bak")) + list(root.glob("backups/**/*"))
    return sorted(p for p in set(found) if p.is_file())


def _views(project: Project, gate: Gate) -> list[View]:
    store = project.store
    views = []
    for summary in store.documents():
        view = gate.shown(summary.id)  # refuses a document not reviewed, or still naming
        if store.privacy_counts(summary.id)["proposed"]:
            raise CasebookError("findings not decided yet (run `casebook pseudo review`)",
                                path=summary.name)
        views.append(view)
    if not views:
        raise CasebookError("the project has no documents to purge", field="documents")
    return views


def plan(project: Project) -> PurgeReport:
    """What a purge would change (nothing is changed)."""
    gate = Gate.for_project(project.store, override="`casebook pseudo review` first")
    report = PurgeReport()
    store = project.store
    for view in _views(project, gate):
        doc = store.document(view.id)
        report.documents.append({"name": doc.name, "shown_as": view.name,
                                 "replaced": len(view.replacements),
                                 "length": [len(doc.text), len(view.text)]})
        report.codings += len(store.codings(document_id=view.id))
        report.findings += len(store.privacy_findings(view.id))
        if doc.source and project.inside(doc.source, field="source").is_file():
            report.sources.append(doc.source)
    report.memos = sum(gate.pseudonymise(m.text) != m.text for m in store.memos())
    report.mapping = len(store.privacy_mapping())
    report.backups = [str(p.relative_to(project.root)) for p in _backups(project.root)]
    renames = {str(d["name"]): str(d["shown_as"]) for d in report.documents}
    report.cases = [str(path.relative_to(project.root))
                    for path, text in _cases(project, gate, renames) if text != path.read_text(
                        encoding="utf-8")]
    return report


def _cases(project: Project, gate: Gate, renames: dict[str, str]) -> list[tuple[Path, str]]:
    """Each case file with its text as it must read after the purge: the documents it
    refers to by their new names, its quotes (and any original) pseudonymised like the
    transcripts, so every fragment still resolves."""
    import re

    out = []
    for path in sorted((project.root / "cases").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        lines = []
        for line in text.splitlines(keepends=True):
            m = re.match(r"(\s*-?\s*document:\s*)(['\"]?)(.*?)\2(\s*)$", line)
            if m and m.group(3) in renames:
                lines.append(f"{m.group(1)}{m.group(2)}{renames[m.group(3)]}{m.group(2)}"
                             f"{m.group(4)}")
            else:
                lines.append(gate.pseudonymise(line))
        out.append((path, "".join(lines)))
    return out


def purge(project: Project) -> PurgeReport:
    """Purge the originals (see the module docstring); returns what was done."""
    report = plan(project)
    store = project.store
    gate = Gate.for_project(store, override="`casebook pseudo review` first")
    views = _views(project, gate)
    cases = _cases(project, gate, {str(d["name"]): str(d["shown_as"]) for d in report.documents})
    written: list[tuple[Path, Path | None]] = []  # (new source file, old one to delete)
    try:
        with store.transaction():
            for view in views:
                written.append(_purge_document(project, gate, view, report))
            for memo in store.memos():
                shown = gate.pseudonymise(memo.text)
                if shown != memo.text and memo.id is not None:
                    store.purge_memo(memo.id, shown)
            store.purge_mapping()
    except BaseException:
        for new, _old in written:
            new.unlink(missing_ok=True)
        raise
    for new, old in written:
        if old is not None and old != new:
            old.unlink(missing_ok=True)
    for path, text in cases:
        atomic_write(path, text)
    for path in _backups(project.root):
        path.unlink()
    store.compact()
    report.done = True
    return report


def _purge_document(project: Project, gate: Gate, view: View, report: PurgeReport
                    ) -> tuple[Path, Path | None]:
    """One document, inside the purge's transaction; returns (new source, old source)."""
    store = project.store
    doc = store.document(view.id)
    doc_id = view.id
    turns = [Turn(*view.span(t.start, t.end), view.speaker(t.speaker), t.time_start,
                  t.time_end) for t in store.turns(doc_id)]
    sentences = [view.span(s.start, s.end) for s in store.sentences(doc_id)]
    speakers: dict[str, Speaker] = {}
    for sp in store.speakers(doc_id):
        shown = view.speaker(sp.label) or sp.label
        speakers.setdefault(shown, Speaker(shown, sp.role, shown))
    # the original it deletes lies in the project (a crafted row may name any file)
    old_file = project.inside(doc.source, field="source") if doc.source else None
    source = Path("sources") / f"{view.name}.txt"
    new_file = project.folder("sources") / f"{view.name}.txt"
    new_file.write_text(view.text, encoding="utf-8")
    codings, findings = store.codings(document_id=doc_id), store.privacy_findings(doc_id)
    store.purge_document(doc_id, text=view.text, sha256=sha256(view.text), name=view.name,
                         attributes=view.attributes, source=source.as_posix(), turns=turns,
                         sentences=sentences, speakers=list(speakers.values()))
    seen: set[tuple[str, str, int, int]] = set()
    for coding in codings:
        start, end = view.span(coding.start, coding.end)
        if (coding.code_id, coding.coder_id, start, end) in seen:
            store.remove_coding(_id(coding.id))
            report.duplicate_codings += 1
            continue
        seen.add((coding.code_id, coding.coder_id, start, end))
        store.purge_coding(_id(coding.id), start, end, gate.pseudonymise(coding.memo) or None)
    store.delete_privacy_findings([_id(f.id) for f in findings if f.start >= len(doc.text)])
    for f in findings:  # (one in an attribute is gone: the attributes are pseudonymised)
        if f.start >= len(doc.text):
            continue
        start, end = view.span(f.start, f.end)
        text = view.text[start:end] if f.decision in ("accepted", "edited") else f.text
        store.purge_finding(_id(f.id), start, end, text, normalise(text))
    return new_file, old_file


def _id(value: int | None) -> int:
    """The id of a stored row (a row read from the store always has one)."""
    assert value is not None
    return value
