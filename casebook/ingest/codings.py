"""The intake's codings: a plan's codings placed on the documents, codes and coders the
intake chose (:mod:`casebook.ingest.intake`), and stored in one ``executemany``
(``store.add_codings``) instead of one statement after another: a .qdpx or a merge brings
tens of thousands.

A coding that is here already (document, code, coder and span), or came earlier in the same
plan, is counted as present and its key maps to the coding here; one this copy removed
stays removed (:func:`~casebook.ingest.removals.kept_removed`); a span outside its text
refuses the whole intake in one line naming the source and the coding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from casebook.errors import CasebookError
from casebook.ingest.plan import Applied, IntakeReport, Plan
from casebook.ingest.removals import kept_removed
from casebook.model import Coding

if TYPE_CHECKING:
    from casebook.store import Store


def store_codings(store: Store, plan: Plan, report: IntakeReport, done: Applied) -> None:
    """The codings that are not here yet, stored together (``store.add_codings``: one
    ``executemany``); one that is here, or came earlier in the plan, is present."""
    removed = {(t.document_sha256, t.code_id, t.coder_id, t.start, t.end): t
               for t in store.removed_codings(sorted(set(done.coders.values())))
               } if plan.strict else {}
    sha = {d.id: d.sha256 for d in store.documents()} if removed else {}
    here = _codings_here(store, done)
    new: list[Coding] = []
    keys: list[int | None] = []  # the plan's key of each new coding
    documents = {key: placed.id for key, placed in done.documents.items()}
    codes, coders = done.codes, done.coders
    for coding in plan.codings:
        doc_id = documents.get(coding.document_id)
        code_id, coder_id = codes.get(coding.code_id), coders.get(coding.coder_id)
        if doc_id is None or code_id is None or coder_id is None:
            report.codings_skipped += 1
            continue
        span = (doc_id, code_id, coder_id, coding.start, coding.end)
        if span not in here:
            tomb = removed.get((sha.get(doc_id, ""), *span[1:])) if removed else None
            if tomb is not None and kept_removed(tomb, coding.created, coding.changed, plan,
                                                 report, f"coding {coding.id} of {plan.source}"):
                continue
            here[span] = -1 - len(new)  # stored below
            keys.append(coding.id)
            new.append(Coding(document_id=doc_id, start=coding.start, end=coding.end,
                              code_id=code_id, coder_id=coder_id, created=coding.created,
                              memo=coding.memo, changed=coding.changed))
            continue
        report.codings_present += 1
        if coding.id is not None:
            done.codings[coding.id] = here[span]
    _check_spans(store, plan, new, keys)
    ids = store.add_codings(new, savepoint=False)  # the intake's transaction is all or none
    report.codings_added += len(new)
    for n, key in enumerate(keys):
        if key is not None:
            done.codings[key] = ids[n]
    for key, found in list(done.codings.items()):
        if found < 0:  # the same coding came earlier in the plan
            done.codings[key] = ids[-1 - found]


def _codings_here(store: Store, done: Applied) -> dict[tuple[int, str, str, int, int], int]:
    """The codings of the documents this plan matched, by (document, code, coder, span).
    Empty if the plan's coders have no codings here (new coders: a class of students each
    collected once need not read every earlier student's codings again; those the plan
    added just now need not even be looked for)."""
    here: dict[tuple[int, str, str, int, int], int] = {}
    if not store.has_codings(sorted(set(done.coders.values()) - done.new_coders)):
        return here
    for placed in done.documents.values():
        if placed.status == "matched" and placed.id is not None:
            for coding_id, start, end, code_id, coder_id, _created in \
                    store.coding_rows(placed.id):
                here[(placed.id, code_id, coder_id, start, end)] = coding_id
    return here


def _check_spans(store: Store, plan: Plan, new: list[Coding], keys: list[int | None]) -> None:
    """Refuse, in one line naming the source and the coding, a span outside its text."""
    lengths = {doc_id: length for doc_id, _name, length in store.document_sizes()}
    for coding, key in zip(new, keys):
        length = lengths.get(coding.document_id, 0)
        if not 0 <= coding.start < coding.end <= length:
            raise CasebookError(f"span {coding.start}-{coding.end} is outside the document "
                                f"(0-{length})", path=plan.source, field=f"coding {key}")
