"""Bring other coders' project files into this one.

Documents are matched by the sha256 of their text, codes by their stable id, coders by
their id (a uuid5 of the name, the same in every copy). A document with the same name but
another text, a code id that means something else here, or a coder name with another id is a
*conflict*: reported, never joined; its codings stay out. A coding that exists already
(same document, code, coder, start and end) is not added again, so merging the same file
twice changes nothing. All files are merged in one transaction; a dry run computes exactly
the same report and rolls back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from casebook.errors import CasebookError
from casebook.model import Coding, Document, Memo

TEXT_DIFFERS = "text differs"
CODE_DIFFERS = "code means something else"
CODER_DIFFERS = "coder name has another id"


@dataclass(frozen=True, slots=True)
class Conflict:
    source: str
    kind: str
    item: str
    detail: str


@dataclass(slots=True)
class MergeReport:
    sources: list[str] = field(default_factory=list)
    dry_run: bool = False
    applied: bool = False
    documents_added: list[str] = field(default_factory=list)
    documents_matched: list[str] = field(default_factory=list)
    codes_added: list[str] = field(default_factory=list)
    coders_added: list[str] = field(default_factory=list)
    codings_added: int = 0
    codings_present: int = 0
    codings_skipped: int = 0
    memos_added: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


class _Rollback(Exception):
    pass


def merge(store, paths: list[str | Path], *, dry_run: bool = False,
          skip_conflicts: bool = False) -> MergeReport:
    """Merge ``paths`` (casebook.db files or project folders) into ``store``.

    With conflicts and without ``skip_conflicts`` nothing is written; with
    ``skip_conflicts`` everything that does not conflict is merged."""
    from casebook.store import Store

    report = MergeReport(sources=[str(p) for p in paths], dry_run=dry_run)
    others = [Store.open(p, read_only=True) for p in paths]
    try:
        for other in others:
            if Path(other.path).resolve() == Path(store.path).resolve():
                raise CasebookError("cannot merge a project with itself", path=other.path)
        with store.transaction():
            for other in others:
                _merge_one(store, other, report)
            if dry_run or (report.conflicts and not skip_conflicts):
                raise _Rollback
        report.applied = True
    except _Rollback:
        pass
    finally:
        for other in others:
            other.close()
    return report


def _merge_one(store, other, report: MergeReport) -> None:
    source = other.path
    doc_map = _documents(store, other, source, report)
    code_ok = _codes(store, other, source, report)
    coder_ok = _coders(store, other, source, report)
    coding_map: dict[int, int] = {}
    for coding in other.codings():
        doc_id = doc_map.get(coding.document_id)
        if doc_id is None or coding.code_id not in code_ok or coding.coder_id not in coder_ok:
            report.codings_skipped += 1
            continue
        present = store.find_coding(doc_id, coding.code_id, coding.coder_id, coding.start,
                                    coding.end)
        if present is not None:
            report.codings_present += 1
            coding_map[coding.id] = present
            continue
        coding_map[coding.id] = store.add_coding(Coding(
            document_id=doc_id, start=coding.start, end=coding.end, code_id=coding.code_id,
            coder_id=coding.coder_id, created=coding.created, memo=coding.memo))
        report.codings_added += 1
    _memos(store, other, doc_map, code_ok, coder_ok, coding_map, report)


def _documents(store, other, source: str, report: MergeReport) -> dict[int, int]:
    doc_map: dict[int, int] = {}
    for summary in other.documents():
        mine = store.document_by_sha(summary.sha256)
        if mine is not None:
            doc_map[summary.id] = mine.id
            report.documents_matched.append(summary.name)
            continue
        if summary.name in store.document_names():
            report.conflicts.append(Conflict(source, TEXT_DIFFERS, summary.name,
                                             "same name, another text (sha256 "
                                             f"{summary.sha256[:12]})"))
            continue
        doc = other.document(summary.id)
        copy = Document(name=doc.name, text=doc.text, sha256=doc.sha256, kind=doc.kind,
                        date=doc.date, format=doc.format, source=doc.source,
                        attributes=doc.attributes, imported_at=doc.imported_at)
        doc_map[summary.id] = store.add_document(copy, other.turns(doc.id),
                                                 other.sentences(doc.id),
                                                 other.speakers(doc.id))
        report.documents_added.append(doc.name)
    return doc_map


def _meaning(code) -> tuple:
    return (code.name.strip(), code.parent or None, code.description.strip())


def _codes(store, other, source: str, report: MergeReport) -> set[str]:
    mine = {c.id: c for c in store.codes(include_retired=True)}
    active = {c.id for c in other.codes()}
    ok: set[str] = set()
    for code in other.codes(include_retired=True):
        here = mine.get(code.id)
        if here is None:
            store.add_code(code, retired=code.id not in active)
            report.codes_added.append(code.id)
            ok.add(code.id)
        elif _meaning(here) == _meaning(code):
            ok.add(code.id)
        else:
            differs = [f"{label} {a!r} here, {b!r} there" for label, a, b in
                       zip(("name", "parent", "description"), _meaning(here), _meaning(code))
                       if a != b]
            report.conflicts.append(Conflict(source, CODE_DIFFERS, code.id, "; ".join(differs)))
    return ok


def _coders(store, other, source: str, report: MergeReport) -> set[str]:
    by_id = {c.id: c for c in store.coders()}
    by_name = {c.name.casefold(): c for c in by_id.values()}
    ok: set[str] = set()
    for coder in other.coders():
        if coder.id in by_id:
            ok.add(coder.id)
        elif coder.name.casefold() in by_name:
            report.conflicts.append(Conflict(
                source, CODER_DIFFERS, coder.name,
                f"id {by_name[coder.name.casefold()].id} here, {coder.id} there"))
        else:
            store.coder(coder.name, coder_id=coder.id)
            report.coders_added.append(coder.name)
            ok.add(coder.id)
    return ok


def _memos(store, other, doc_map, code_ok, coder_ok, coding_map, report: MergeReport) -> None:
    """Memos follow what they are about; one with the same target and text is not copied."""
    targets = {"project": lambda t: t, "code": lambda t: t if t in code_ok else None,
               "document": lambda t: _mapped(doc_map, t),
               "coding": lambda t: _mapped(coding_map, t)}
    existing = {(m.target_kind, str(m.target_id), m.text) for m in store.memos()}
    for memo in other.memos():
        target = targets[memo.target_kind](memo.target_id)
        if target is None or (memo.target_kind, str(target), memo.text) in existing:
            continue
        coder = memo.coder_id if memo.coder_id in coder_ok else None
        store.add_memo(Memo(memo.target_kind, str(target), memo.text, coder_id=coder,
                            created=memo.created))
        existing.add((memo.target_kind, str(target), memo.text))
        report.memos_added += 1


def _mapped(mapping: dict[int, int], target: str) -> str | None:
    try:
        found = mapping.get(int(target))
    except ValueError:
        return None
    return None if found is None else str(found)
