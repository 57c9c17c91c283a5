"""The one way into a project: apply :class:`~casebook.ingest.plan.Plan` s to the store.

Readers turn a source into a plan -- transcript files (:mod:`casebook.ingest`), another
coder's casebook.db (:mod:`casebook.coders.merge`), a REFI-QDA .qdpx
(:mod:`casebook.refi.importer`) -- and :func:`intake` decides, here and only here, how it
fits:

* documents by their text (:func:`~casebook.ingest.plan.text_key`: trailing white space
  does not count), so one text is stored once; a new document keeps its name, or gets
  ``name-2`` ... when that is taken;
* codes by id; a code the project has under that id is the same code if it means the same
  (strict plans: name, parent and description) or has the same name or a GUID known here
  (other plans);
* coders by id, else by name;
* a coding that is here already (document, code, coder, span) and a memo with the same
  target and text are not added again: applying a plan twice changes nothing.

What does not fit: a *strict* plan (``merge``: another copy of this very project) reports
a conflict -- a document with the same name and another text, a code id that both copies
changed, a coder name with another id, a speaker with another role or pseudonym -- and
leaves it, and all that is on it, out. Removals and renames between copies are resolved by
:mod:`casebook.ingest.removals`; every row of a strict plan is checked first
(:mod:`casebook.ingest.check`). Another plan is made to fit: a free name, a free code id
(noted), the coder of that name (noted). Roles and pseudonyms of speakers a document here
lacks are taken from the plan.

A plan's codings are stored together, at ``executemany`` speed
(:mod:`casebook.ingest.codings`). All plans are applied in one transaction. A dry run, or
conflicts without ``skip_conflicts``, rolls it back once the report is complete. Files
outside SQLite (copies of originals, the codebook YAML) are written only by
``after_commit``, which runs after COMMIT and never after a rollback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from casebook.codebook.service import validate
from casebook.ingest.check import check_plan
from casebook.ingest.codings import store_codings
from casebook.ingest.plan import (
    CODE_DIFFERS,
    CODER_DIFFERS,
    SPEAKER_DIFFERS,
    TEXT_DIFFERS,
    Applied,
    Conflict,
    Digests,
    Incoming,
    IntakeReport,
    Placement,
    Plan,
    unique_name,
)
from casebook.ingest.removals import Versions, meaning, removed_codings_there
from casebook.model import Code, Document, Memo, RemovedCode, Sentence

if TYPE_CHECKING:
    from casebook.store import Store

Progress = Callable[[str], None]
SpeakerHistory = dict[tuple[str, str], dict[str, set[str]]]


class _Rollback(Exception):
    """Raised inside the transaction to undo it (a dry run, or conflicts)."""


def intake(store: Store, plans: list[Plan], report: IntakeReport, *, dry_run: bool = False,
           skip_conflicts: bool = False, progress: Progress | None = None,
           after_commit: Callable[[list[Applied]], None] | None = None,
           digests: Digests | None = None) -> list[Applied]:
    """Apply ``plans`` in one transaction, filling ``report``; see the module docstring.
    Call it outside any transaction (its COMMIT is the one ``after_commit`` waits for).
    ``digests``: the hashes the reader computed of the plans' texts already, if it kept
    them. Returns, per plan, where its items went."""
    report.dry_run = dry_run
    digests, checked = Digests() if digests is None else digests, dict[int, object]()
    for plan in plans:
        if plan.strict:
            check_plan(plan, digests, checked)
    texts = _Here(store, digests)
    _segment_new(plans, texts, progress)
    applied: list[Applied] = []
    try:
        with store.transaction():
            for plan in plans:
                applied.append(_apply(store, plan, report, texts))
            if dry_run or (report.conflicts and not skip_conflicts):
                raise _Rollback
    except _Rollback:
        return applied
    report.applied = True
    if after_commit is not None:
        after_commit(applied)
    return applied


class _Here:
    """What the project has, read once per intake: its documents by
    :func:`~casebook.ingest.plan.text_key` (each text hashed once), and its codes (read
    again only after a plan changed them: thirty hand-ins bring the same codebook)."""

    def __init__(self, store: Store, digests: Digests) -> None:
        self.store, self.digests = store, digests
        self.known = {digests.key(store.document(s.id).text): (s.id, s.name)
                      for s in store.documents()}
        self._codes: tuple[dict[str, Code], set[str]] | None = None

    def codes(self) -> tuple[dict[str, Code], set[str]]:
        """The codes by id (retired ones too), and the ids of the active ones."""
        if self._codes is None:
            self._codes = ({c.id: c for c in self.store.codes(include_retired=True)},
                           {c.id for c in self.store.codes()})
        return self._codes

    def codes_changed(self) -> None:
        self._codes = None

    def find(self, doc: Document) -> tuple[int, str] | None:
        found = self.known.get(self.digests.key(doc.text))
        if found is None:  # written by another process since
            exact = self.store.document_by_sha(doc.sha256)
            found = (exact.id, exact.name) if exact and exact.id is not None else None
        return found

    def add(self, doc: Document, doc_id: int) -> None:
        self.known[self.digests.key(doc.text)] = (doc_id, doc.name)


def _sentences(incoming: Incoming) -> list[Sentence]:
    if incoming.sentences is None:
        from casebook.ingest.segment import sentences

        incoming.sentences = sentences(incoming.document.text, incoming.turns)
    return incoming.sentences


def _segment_new(plans: list[Plan], texts: _Here, progress: Progress | None) -> None:
    """Segment the documents that are new here before the transaction takes the lock."""
    for plan in plans:
        for incoming in plan.documents:
            if texts.find(incoming.document) is None:
                _sentences(incoming)
            if progress:
                progress(incoming.origin or incoming.document.name)


def _apply(store: Store, plan: Plan, report: IntakeReport, texts: _Here) -> Applied:
    done = Applied()
    _documents(store, plan, report, texts, done)
    _codes(store, plan, report, done, texts)
    _coders(store, plan, report, done)
    if plan.strict:
        removed_codings_there(store, plan, report, done)
    store_codings(store, plan, report, done)
    _memos(store, plan, report, done)
    return done


def _documents(store: Store, plan: Plan, report: IntakeReport, texts: _Here,
               done: Applied) -> None:
    taken: set[str] | None = None  # read when a document is not here
    history = store.speaker_history() if any(i.speakers for i in plan.documents) else {}
    for incoming in plan.documents:
        doc = incoming.document
        found = texts.find(doc)
        if found is not None:
            done.documents[incoming.key] = Placement("matched", *found)
            report.documents_matched.append(found[1])
            _speakers(store, plan, report, incoming, found, history)
            continue
        taken = store.document_names() if taken is None else taken
        if doc.name in taken and plan.strict:
            report.conflicts.append(Conflict(plan.source, TEXT_DIFFERS, doc.name,
                                             f"same name, another text (sha256 "
                                             f"{doc.sha256[:12]})"))
            done.documents[incoming.key] = Placement("conflict", None, doc.name)
            continue
        new = replace(doc, name=unique_name(doc.name, taken), id=None)
        doc_id = store.add_document(new, incoming.turns, _sentences(incoming),
                                    incoming.speakers)
        texts.add(new, doc_id)
        done.documents[incoming.key] = Placement("added", doc_id, new.name)
        report.documents_added.append(new.name)


def _speakers(store: Store, plan: Plan, report: IntakeReport, incoming: Incoming,
              found: tuple[int, str], history: SpeakerHistory) -> None:
    """Roles and pseudonyms a speaker here lacks come from the plan. Two different ones:
    the later one wins when the other is an earlier value of it (in this copy's history or
    the plan's); otherwise a conflict (strict) or noted (the one here stays)."""
    if not incoming.speakers:
        return
    mine = {s.label: s for s in store.speakers(found[0])}
    sha = incoming.document.sha256
    for theirs in incoming.speakers:
        here = mine.get(theirs.label)
        if here is None:
            continue
        take: dict[str, str] = {}
        for name in ("role", "pseudonym"):
            ours, other = getattr(here, name), getattr(theirs, name)
            if not other or ours == other or ours and other in history.get(
                    (sha, here.label), {}).get(name, ()):
                continue
            if not ours or ours in plan.speaker_history.get((sha, here.label), {}).get(name, ()):
                take[name] = other
                continue
            detail = f"{theirs.label}: {name} {ours!r} here, {other!r} there"
            if plan.strict:
                report.conflicts.append(Conflict(plan.source, SPEAKER_DIFFERS, found[1], detail))
            else:
                report.notes.append(f"{found[1]}: {detail}; kept")
        if take:
            store.set_speaker(found[0], theirs.label, **take)
            report.speakers_set += 1


def _same(plan: Plan, here: Code, there: Code) -> bool:
    if plan.strict:
        return meaning(here) == meaning(there)
    return there.id in plan.vouched or here.name.casefold() == there.name.casefold()


def _differs(here: Code, there: Code) -> str:
    return "; ".join(f"{label} {a!r} here, {b!r} there" for label, a, b in
                     zip(("name", "parent", "description"), meaning(here), meaning(there))
                     if a != b)


def _codes(store: Store, plan: Plan, report: IntakeReport, done: Applied,
           project: _Here) -> None:
    """Codes by id; new ones join the active codebook (or come in retired, as in the
    source). A code retired here that an import uses is active again; a merge (another copy
    of this project, perhaps older) leaves it retired, and resolves removals and renames
    (:mod:`casebook.ingest.removals`)."""
    here, active = project.codes()
    versions = Versions(store, plan, report) if plan.strict else None
    taken = set(here) | {c.id for c in plan.codes}
    new: list[Code] = []
    again: list[Code] = []
    changed: list[Code] = []
    for code in plan.codes:
        mine = here.get(code.id)
        if mine is None:
            if versions is None or not versions.removed_here(code, active, done):
                done.codes[code.id] = code.id
                new.append(code)
        elif _same(plan, mine, code) or (versions and versions.renamed(mine, code, changed)):
            done.codes[code.id] = code.id
            report.codes_matched.append(code.id)
            if not plan.strict and code.id not in active and code.id not in plan.retired:
                again.append(mine)  # retired here, in use there: active again
        elif plan.strict:
            report.conflicts.append(Conflict(plan.source, CODE_DIFFERS, code.id,
                                             _differs(mine, code)))
        else:
            done.codes[code.id] = unique_name(code.id, taken)
            report.notes.append(f"code '{code.name}': id '{code.id}' means something else "
                                f"here; imported as '{done.codes[code.id]}'")
            new.append(code)
    placed = [(replace(code, id=done.codes[code.id], examples=list(code.examples),
                       parent=_parent(code.parent, done, here)), code.id in plan.retired)
              for code in new]
    retire = versions.removed_there(here, active) if versions else []
    _add_codes(store, plan, report, done, placed, again, changed)
    _retire(store, done, retire)
    if placed or again or changed or retire:
        project.codes_changed()


def _parent(parent: str | None, done: Applied, here: dict[str, Code]) -> str | None:
    """A new code's parent here: as it came in, or the code here of that id, or none."""
    if parent in done.codes:
        return done.codes[parent]
    return parent if parent in here else None


def _add_codes(store: Store, plan: Plan, report: IntakeReport, done: Applied,
               new: list[tuple[Code, bool]], again: list[Code], changed: list[Code]) -> None:
    fresh = [code for code, retired in new if not retired]
    if fresh or again or changed:
        codebook = store.codebook()
        renamed = {code.id: code for code in changed}  # renamed in the other copy
        codebook.codes = [renamed.get(code.id, code) for code in codebook.codes]
        keys: set[str | None] = {c.hotkey for c in codebook.codes if c.hotkey}
        for code in fresh:
            if code.hotkey and code.hotkey in keys:
                report.notes.append(f"code '{code.id}': hotkey '{code.hotkey}' is taken here;"
                                    " left out")
                code.hotkey = None
            keys.add(code.hotkey)
        codebook.codes += again + fresh
        codebook.name = codebook.name or plan.codebook_name or "Codebook"
        ids = {c.id for c in codebook.codes}
        for code in codebook.codes:
            if code.parent not in ids:
                code.parent = None
        validate(codebook, plan.source)
        store.set_codebook(codebook, source=store.codebook_source())
        done.codebook_changed = True
    for code, retired in new:
        if retired:
            store.add_code(code, retired=True)
        report.codes_added.append(code.id)
    if plan.guids:
        store.set_code_guids({done.codes[c]: g for c, g in plan.guids.items()
                              if c in done.codes})


def _retire(store: Store, done: Applied, retire: list[RemovedCode]) -> None:
    """Take the codes the other copy removed out of the codebook (their codings stay, on a
    retired code, or go to the code it was merged into)."""
    if not retire:
        return
    ids = {tomb.id for tomb in retire}
    codebook = store.codebook()
    codebook.codes = [c for c in codebook.codes if c.id not in ids]
    for code in codebook.codes:
        if code.parent in ids:
            code.parent = None
    store.set_codebook(codebook, source=store.codebook_source())
    active = {c.id for c in codebook.codes}
    for tomb in retire:
        if tomb.merged_into in active:
            store.recode(tomb.id, tomb.merged_into)
            done.codes[tomb.id] = tomb.merged_into
    done.codebook_changed = True


def _coders(store: Store, plan: Plan, report: IntakeReport, done: Applied) -> None:
    by_id = {c.id: c for c in store.coders()}
    by_name = {c.name.casefold(): c for c in by_id.values()}
    for coder in plan.coders:
        here = by_id.get(coder.id) or by_name.get(coder.name.strip().casefold())
        if here is None:
            here = store.coder(coder.name, coder_id=coder.id or None)
            by_id[here.id] = by_name[here.name.casefold()] = here
            report.coders_added.append(here.name)
            done.new_coders.add(here.id)
        elif coder.id and here.id != coder.id:
            if plan.strict:
                report.conflicts.append(Conflict(plan.source, CODER_DIFFERS, coder.name,
                                                 f"id {here.id} here, {coder.id} there"))
                continue
            report.notes.append(f"'{coder.name}' ({coder.id}) codes as coder '{here.name}' "
                                f"here (id {here.id})")
        done.coders[coder.id] = here.id


def _memos(store: Store, plan: Plan, report: IntakeReport, done: Applied) -> None:
    """Memos follow what they are about; one with the same target and text is not added."""
    if not plan.memos:
        return
    existing = {(m.target_kind, str(m.target_id), m.text) for m in store.memos()}
    for memo in plan.memos:
        target = _target(memo, done)
        if target is None or (memo.target_kind, target, memo.text) in existing:
            continue
        existing.add((memo.target_kind, target, memo.text))
        store.add_memo(Memo(memo.target_kind, target, memo.text,
                            coder_id=done.coders.get(memo.coder_id or ""),
                            created=memo.created))
        report.memos_added += 1


def _target(memo: Memo, done: Applied) -> str | None:
    """The memo's target here, or None if it did not come in."""
    kind, target = memo.target_kind, str(memo.target_id)
    if kind in ("project", "code"):
        return target if kind == "project" else done.codes.get(target)
    try:
        key = int(target)
    except ValueError:
        return None
    found = done.document_id(key) if kind == "document" else done.codings.get(key)
    return None if found is None else str(found)
