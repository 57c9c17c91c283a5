"""Retrieval: codings listed with what a reader needs beside them.

:func:`fragments` is the one way to ask "which fragments were coded, and what do they say":
the workbench's retrieval screen, ``casebook codings`` and the fragments report all list its
:class:`Fragment` rows (a coding with its document's name, the text it covers and the
speakers whose turns it overlaps), filtered by document, codes and coders. ``casebook
codings`` lists the same codings as plain rows (:func:`listing`), as many as there are.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby

from casebook.model import Coding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


@dataclass(slots=True, init=False, repr=False, eq=False)
class Fragment:
    """One coding with its document's name, its text and its speakers (in order). Its
    methods are written out as @dataclass would make them: `casebook codings` imports this
    module, and @dataclass compiles the methods it makes at every start."""

    coding: Coding
    document: str
    text: str
    speakers: list[str] = field(default_factory=list)
    __hash__ = None  # type: ignore[assignment]  # mutable: unhashable (no annotation: no field)

    def __init__(self, coding: Coding, document: str, text: str,
                 speakers: list[str] | None = None) -> None:
        self.coding, self.document, self.text = coding, document, text
        self.speakers = [] if speakers is None else speakers  # a new one each

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.coding, self.document, self.text, self.speakers) == (
                other.coding, other.document, other.text, other.speakers)  # type: ignore
        return NotImplemented

    def __repr__(self) -> str:
        return (f"Fragment(coding={self.coding!r}, document={self.document!r}, "
                f"text={self.text!r}, speakers={self.speakers!r})")


def _speakers(turns: list, ends: list[int], coding: Coding) -> list[str]:
    """The speakers of the turns (in order, each once) that ``coding`` overlaps."""
    found: dict[str, None] = {}
    i = bisect_right(ends, coding.start)  # the first turn that ends after the coding starts
    while i < len(turns) and turns[i].start < coding.end:
        if turns[i].speaker:
            found.setdefault(turns[i].speaker, None)
        i += 1
    return list(found)


def fragments(store, *, document_id: int | None = None, code_ids: list[str] | None = None,
              coder_ids: list[str] | None = None) -> list[Fragment]:
    """Every coding that passes the filters (None or empty: no filter), ordered by document,
    position, code and coder name, as :class:`Fragment` rows."""
    documents: dict[int, tuple[str, str, list, list[int]]] = {}
    found = []
    for coding in store.codings(document_id=document_id, code_ids=code_ids,
                                coder_ids=coder_ids):
        if coding.document_id not in documents:
            document = store.document(coding.document_id)
            turns = store.turn_rows(document.id)
            documents[document.id] = (document.name, document.text, turns,
                                      [turn.end for turn in turns])
        name, text, turns, ends = documents[coding.document_id]
        found.append(Fragment(coding, name, text[coding.start:coding.end],
                              _speakers(turns, ends, coding)))
    return found


def code_counts(store, coder_id: str | None = None) -> Counter:
    """Codings per code id in the whole project (of one coder, if given)."""
    return Counter(store.coding_counts(coder_id))


LISTED = ("id", "document", "document_id", "start", "end", "code", "coder", "coder_id",
          "created", "memo", "text")


def listing(store, gate, *, document_id: int | None = None, code_ids: list[str] | None = None,
            coder_ids: list[str] | None = None, text: bool = True) -> list[tuple]:
    """The codings :func:`fragments` finds, as ``casebook codings`` lists them: per coding a
    tuple of the :data:`LISTED` values (the text last, if ``text``), as ``gate`` shows them
    (:func:`casebook.reports.shown_fragments`: the document's display name, the
    pseudonymised text and memo), every text value checked by the gate. Tuples, not
    objects: made column by column, a listing of 200,000 codings runs at SQLite's pace.

    ``gate`` None: ``--raw``, the stored names, texts and memos as a raw gate shows them (it
    checks nothing), without loading the gate's modules for it."""
    return list(zip(*listing_columns(store, gate, document_id=document_id, code_ids=code_ids,
                                     coder_ids=coder_ids, text=text)))


def listing_columns(store, gate, *, document_id: int | None = None,
                    code_ids: list[str] | None = None, coder_ids: list[str] | None = None,
                    text: bool = True) -> list[Sequence[Any]]:
    """:func:`listing` as its columns, one per :data:`LISTED` key (the text last, if
    ``text``), each holding the value of every coding in order; no columns when no coding
    is listed. What `codings --json` prints, column by column (no tuple per coding)."""
    rows = store.coding_list(document_id=document_id, code_ids=code_ids, coder_ids=coder_ids)
    if not rows:
        return []
    ids, docs, starts, ends, codes, coders, coder_ids, created = zip(*rows)
    own = store.coding_memos()  # each coding's memo: its coder's
    memo_column = [own[i].get(c) if i in own else None for i, c in zip(ids, coder_ids)] \
        if own else [None] * len(ids)
    if gate is None:
        documents = {d: store.document(d) for d in dict.fromkeys(docs)}
        columns: list[Sequence[Any]] = [ids, [documents[d].name for d in docs], docs, starts,
                                        ends, codes, coders, coder_ids, created, memo_column]
        if text:
            columns.append([documents[d].text[s:e] for d, s, e in zip(docs, starts, ends)])
        return columns
    views = {d: gate.view(d) for d in dict.fromkeys(docs)}  # (none refuses: see below)
    names = [views[d].name for d in docs]
    columns = [ids, names, docs, starts, ends, codes, coders, coder_ids, created, memo_column]
    uncovered: list[str] = []  # the texts the gate does not cover (those name nothing)
    if text:
        texts: list[str] = []
        at = 0
        for doc_id, count in [(d, len(list(same))) for d, same in groupby(docs)]:
            view, stop = views[doc_id], at + count  # the codings of one document in a row
            spans = view.edits.spans(starts[at:stop], ends[at:stop])
            shown = view.text
            found = [shown[s:e] for s, e in spans]
            texts += found
            if not gate.raw:
                uncovered += [t for t, ok in zip(found, gate.covered(view, spans)) if not ok]
            at = stop
        columns.append(texts)
    if gate.raw:
        for view in views.values():  # named in the output's warning line
            gate.shown(view.id)
        return columns
    values = {*names, *codes, *coders, *coder_ids, *created, *uncovered}  # what is checked
    if all(not v.raw and not v.leaks for v in views.values()) and gate.unchanged(
            {memo for memo in memo_column if memo}, values):
        return columns  # every memo as stored (pseudonymising changes none), nothing named
    memos: dict[int, str] = {}  # else each as shown_fragments shows it, refused as it refuses
    met: set[int] = set()
    for coding_id, doc_id, memo in zip(ids, docs, memo_column):  # the document, then the memo
        if doc_id not in met:
            gate.shown(doc_id)
            met.add(doc_id)
        if memo:
            memos[coding_id] = gate.memo(f"memo on coding {coding_id}", memo)
    columns[9] = shown_memos = [memos.get(i, m) for i, m in zip(ids, memo_column)]
    if not gate.names_nothing(values | {memo for memo in shown_memos if memo}):
        _refuse(gate, list(zip(*columns)))
    return columns


def _refuse(gate, rows: list[tuple]) -> None:
    """The gate's check of every text value of ``rows``, row by row in order: it refuses
    the first that names someone (a value that passed once is not checked again)."""
    passed: set[str] = set()
    for row in rows:
        for key, value in zip(LISTED, row):
            if isinstance(value, str) and value not in passed:
                gate.check(f"codings: coding {row[0]}: {key}", value)
                passed.add(value)
