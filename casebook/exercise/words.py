"""What a student reads of an outcome (:class:`Words`): the fragment's place and text as the
privacy gate shows the exercise's documents (:class:`Shown`), its speaker, who of the
references coded it, the student's own fragment where it differs, and the why; each worked
out once for the class and shared by the items, read only. Used by
:mod:`casebook.exercise.feedback`."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

import numpy as np

from casebook.errors import CasebookError
from casebook.exercise.compare import EXTRA, HIT, KIND_CODES, OTHER, Fragment, Mark, Spans
from casebook.exercise.items import Item
from casebook.exercise.spec import Exercise
from casebook.model import Code, Document
from casebook.privacy.guard import Gate, View


class Shown:
    """The exercise's documents as the gate shows them, with their speakers by position."""

    def __init__(self, store: Any, gate: Gate, exercise: Exercise) -> None:
        self.views: dict[int, View] = {}
        self.turns: dict[int, tuple[list[int], list[str | None]]] = {}
        hashes = store.document_hashes()  # no text read twice: the gate reads it
        turns = store.turn_speakers([part.id for part in exercise.documents])
        for part in exercise.documents:
            name, digest = hashes.get(part.id) or _name_and_hash(store.document(part.id))
            if digest != part.sha256:
                raise CasebookError(f"document '{name}' is not the text the exercise "
                                    "was made of", field="documents")
            self.views[part.id] = gate.shown(part.id)
            self.turns[part.id] = turns.get(part.id) or ([], [])

    def speaker(self, document: int, start: int) -> str | None:
        starts, speakers = self.turns[document]
        at = bisect_right(starts, start) - 1
        return self.views[document].speaker(speakers[at]) if at >= 0 else None


def _name_and_hash(doc: Document) -> tuple[str, str]:
    """A document found otherwise than by its id (``store.document``'s other ways)."""
    return doc.name, doc.sha256


class Words:
    """Turns outcomes into items: shown text, speakers, and the why."""

    def __init__(self, gate: Gate, shown: Shown, codes: dict[str, Code]) -> None:
        self.gate, self.shown, self.codes = gate, shown, codes
        self.memos: dict[str, str] = {}  # a reference's memo as the gate shows it, once
        # every student meets the same fragments: each place and each why worked out once
        self.places: dict[tuple[int, int, int], tuple[int, int, str]] = {}
        self.whys: dict[tuple[Any, ...], list[tuple[str, str]]] = {}  # (reasons)
        self.noted: dict[int, list[tuple[str, str]]] = {}  # a fragment's memos, by its id
        self.wheres: dict[int, tuple[str, int, int, str, str | None, list[str]]] = {}

    def place(self, document: int, start: int, end: int) -> tuple[int, int, str]:
        """Where a span lies in the text the student saw, and its text there."""
        key = (document, start, end)
        found = self.places.get(key)
        if found is None:
            view = self.shown.views[document]
            shown_start, shown_end = view.span(start, end)
            found = self.places[key] = (shown_start, shown_end,
                                        view.text[shown_start:shown_end])
        return found

    def memo(self, text: str) -> str:
        """``text`` through the gate, once per text (every student sees the same memos)."""
        if text not in self.memos:
            self.memos[text] = self.gate.memo("memo", text)
        return self.memos[text]

    def outcomes(self, reference: list[Fragment], fragment: np.ndarray, kind: np.ndarray,
                 best: np.ndarray, spans: Spans, alike: np.ndarray) -> list[Item]:
        """The items of outcomes, each ``kind[n]`` (:data:`KIND_CODES`) of the fragment
        ``reference[fragment[n]]`` with the student's coding ``best[n]`` (a row of the spans;
        -1: missed): each fragment's place, each coding's (by ``alike``; a document's at
        once) and each why worked out once for them all (the items share them, read only)."""
        wheres = [self.where(f) for f in reference]
        mine = np.flatnonzero(best >= 0)
        _, first, at = np.unique(alike[best[mine]], return_index=True, return_inverse=True)
        rows, at = best[mine][first], at.reshape(-1)
        starts, ends, texts = self.placed(spans.document[rows], spans.start[rows],
                                          spans.end[rows])
        # the student's own text, where its place differs from the fragment's
        shown = np.array([w[1:3] for w in wheres], dtype=np.int64).reshape(-1, 2)
        differs = (starts[at] != shown[fragment[mine], 0]) | (ends[at] != shown[
            fragment[mine], 1])
        own = np.full(len(best), -1, dtype=np.int64)
        own[mine[differs]] = at[differs]
        texts.append(None)  # at -1: none
        theirs = np.full(len(best), -1, dtype=np.int64)
        theirs[mine] = spans.code[best[mine]]
        names: list[str | None] = [*spans.codes, None]  # at -1: none
        kinds = [k for k, _ in sorted(KIND_CODES.items(), key=itemgetter(1))]
        # the why: a hit's words or another outcome's of the fragment (few lists: a code's
        # words, or the fragment's memos), for another code with the student's code's
        bases: dict[int, int] = {}  # by the list's id: the lists live as long as the words
        found: list[list[tuple[str, str]]] = []
        index = []
        for f in reference:
            memos = self._memos(f)
            for one in (memos or self._criteria(f.code, _HIT), memos or self._criteria(
                    f.code, _OTHER)):
                if id(one) not in bases:
                    bases[id(one)] = len(found)
                    found.append(one)
                index.append(bases[id(one)])
        base = np.array(index, dtype=np.int64).reshape(-1, 2)[
            fragment, (kind != KIND_CODES[HIT]).astype(np.int64)]
        other = kind == KIND_CODES[OTHER]
        _, first, why = np.unique(base * len(names) + np.where(other, theirs + 1, 0),
                                  return_index=True, return_inverse=True)
        whys = [self.other(found[b], names[c]) if o else found[b] for b, o, c in zip(
            base[first].tolist(), other[first].tolist(), theirs[first].tolist())]
        each = fragment.tolist()
        name, start, end, text, speaker, coders = (
            _take(column, each) for column in zip(*wheres)) if wheres else ([],) * 6
        return list(map(Item, _take(kinds, kind.tolist()), name,
                        _take([f.code for f in reference], each),
                        _take(names, theirs.tolist()), start, end, text, speaker, coders,
                        _take(texts, own.tolist()), _take(whys, why.reshape(-1).tolist())))

    def placed(self, document: np.ndarray, start: np.ndarray, end: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
        """:meth:`place` of many spans: a document's at once (``Edits.spans``)."""
        starts, ends = np.empty_like(start), np.empty_like(end)
        texts: list[str | None] = [None] * len(start)
        for d in np.unique(document).tolist():
            rows = np.flatnonzero(document == d)
            view = self.shown.views[d]
            found = view.edits.spans(start[rows].tolist(), end[rows].tolist())
            shown = view.text
            for row, (s, e) in zip(rows.tolist(), found):
                texts[row] = shown[s:e]
            starts[rows], ends[rows] = np.array(found, dtype=np.int64).reshape(-1, 2).T
        return starts, ends, texts

    def extra(self, mine: Mark) -> Item:
        """The item of a student's coding that is an extra."""
        start, end, text = self.place(mine.document, mine.start, mine.end)
        return Item(EXTRA, self.shown.views[mine.document].name, mine.code, mine.code, start,
                    end, text, self.shown.speaker(mine.document, mine.start), [], None,
                    self.reasons(EXTRA, None, mine.code))

    def where(self, fragment: Fragment) -> tuple[str, int, int, str, str | None, list[str]]:
        """The document's name, the place and text shown, the speaker and the references
        who coded it, of a fragment (worked out once: every student meets it; its list of
        references is shared by its items, read only)."""
        found = self.wheres.get(id(fragment))
        if found is None:
            start, end, text = self.place(fragment.document, fragment.start, fragment.end)
            found = self.wheres[id(fragment)] = (
                self.shown.views[fragment.document].name, start, end, text,
                self.shown.speaker(fragment.document, fragment.start), list(fragment.coders))
        return found

    def reasons(self, kind: str, fragment: Fragment | None, code: str | None
                ) -> list[tuple[str, str]]:
        """The reference's memo(s), else what the codebook says about the code (for a hit
        only what it means; for another code also when the student's code -- ``code`` --
        does not apply). Lists alike are one list, shared by the items, read only: each
        code's words (and each fragment's memos) are written out once."""
        found = self.base(fragment, kind) if fragment is not None else self._criteria(
            code or "", _EXTRA)
        return self.other(found, code) if kind == OTHER else found

    def base(self, fragment: Fragment, kind: str) -> list[tuple[str, str]]:
        """The why of a fragment's outcome but what another code adds (:meth:`other`)."""
        return self._memos(fragment) or self._criteria(fragment.code, _HIT if kind == HIT
                                                       else _OTHER)

    def other(self, found: list[tuple[str, str]], code: str | None
              ) -> list[tuple[str, str]]:
        """``found``, and why the student's ``code`` does not apply, if the codebook says."""
        theirs = self.codes.get(code) if code is not None else None
        if theirs is None or not theirs.exclude:
            return found
        key = (id(found), code)  # found lives as long as the words
        if key not in self.whys:
            self.whys[key] = [*found, (f"not:{code}", theirs.exclude)]
        return self.whys[key]

    def _memos(self, fragment: Fragment) -> list[tuple[str, str]]:
        found = self.noted.get(id(fragment))  # the fragments live as long as the words
        if found is None:
            memos = dict.fromkeys(m.memo.strip() for m in fragment.marks
                                  if m.memo and m.memo.strip())
            found = self.noted[id(fragment)] = [("memo", self.memo(memo)) for memo in memos]
        return found

    def _criteria(self, code_id: str, keys: tuple[str, ...]) -> list[tuple[str, str]]:
        found = self.whys.get((code_id, keys))
        if found is None:
            code = self.codes.get(code_id)
            found = self.whys[(code_id, keys)] = [] if code is None else [
                (key, getattr(code, key)) for key in keys if getattr(code, key)]
        return found


_HIT = ("description",)  # what a hit's why says of the code (no memo): what it means
_OTHER = ("description", "include", "exclude")  # a miss's or another code's
_EXTRA = ("description", "exclude")


def _take(values: Sequence[Any], at: list[int]) -> list[Any] | tuple[Any, ...]:
    """``values[i]`` for each ``i`` of ``at`` (by ``itemgetter``: a column of tens of
    thousands of items without a Python step each)."""
    return itemgetter(*at)(values) if len(at) > 1 else [values[i] for i in at]
