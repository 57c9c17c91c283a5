"""A coding session: what the coding workbench (TUI) does, without any UI.

It holds the open document (text, turns, sentences, codings), the selection as a
``(start, end)`` pair of code-point offsets, the moves that snap that selection to
words, sentences and turns, search, filters, recent codes, and the coding actions
(apply, remove, memo) with undo and redo. Every action is one store transaction, so
nothing committed is lost when the program is killed; the undo history lives in memory
and spans documents.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

from casebook.model import Code, Coding, Turn
from casebook.offsets import snap, trim

WORD = re.compile(r"\w+(?:['’\-]\w+)*")
BUCKET = 512  # characters per bucket of the coding index
RECENT = 9


@dataclass(frozen=True, slots=True)
class Change:
    """What an action touched, so a view can redraw just that."""

    document_id: int
    start: int
    end: int


@dataclass(slots=True)
class _Ref:
    """One coding as the undo history knows it: undo and redo re-create a removed coding
    under a new id, and every action on it follows through this shared reference."""

    id: int


@dataclass(slots=True)
class Action:
    """One undoable step on the coding ``ref`` points to; ``coding`` is a snapshot."""

    kind: str  # apply | remove | memo
    coding: Coding
    ref: _Ref
    old_memo: str | None = None
    new_memo: str | None = None


@dataclass(slots=True)
class Fragment:
    """One coded fragment for the retrieval view."""

    coding: Coding
    document: str
    text: str


@dataclass(slots=True)
class _Doc:
    id: int
    name: str
    text: str
    turns: list  # TurnRow or Turn: start, end, speaker, time_start, time_end
    sentences: list[tuple[int, int]]
    codings: dict[int, Coding] = field(default_factory=dict)
    buckets: dict[int, set[int]] = field(default_factory=dict)


def _paragraph_turns(text: str) -> list[Turn]:
    """Turns for a document that has none: its paragraphs."""
    turns = []
    for part in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        s, e = trim(text, part.start(), part.end())
        if e > s:
            turns.append(Turn(s, e))
    return turns


class CodingSession:
    """The state and actions of one person coding; see the module docstring."""

    def __init__(self, store, coder_name: str) -> None:
        self.store = store
        self.coder = store.coder(coder_name)
        self.codes: list[Code] = store.codes()
        self.code_by_id = {code.id: code for code in self.codes}
        self.undo_stack: list[Action] = []
        self.redo_stack: list[Action] = []
        self.recent: list[str] = []
        self._refs: dict[int, _Ref] = {}  # id of a coding that exists -> its reference
        self._texts: dict[int, str] = {}
        self.doc: _Doc | None = None
        self.selection: tuple[int, int] = (0, 0)
        self.filter_speaker: str | None = None
        self.filter_code: str | None = None
        self.hits: list[tuple[int, int]] = []
        self.query = ""
        self._refilter()  # empty until a document is opened

    # -- documents ------------------------------------------------------------------
    def open(self, document_id: int) -> None:
        document = self.store.document(document_id)
        turns = self.store.turn_rows(document.id) or _paragraph_turns(document.text)
        sentences = self.store.sentence_spans(document.id) or [(t.start, t.end) for t in turns]
        self.doc = _Doc(document.id, document.name, document.text, turns, sentences)
        self._texts[document.id] = document.text
        for coding in self.store.codings(document_id=document.id):
            self._index(coding)
        self.hits, self.query = [], ""
        if self.filter_speaker not in self.speakers():  # a speaker filter is per document
            self.filter_speaker = None
        self._refilter()
        first = self._sentences[0] if self._sentences else (0, 0)
        self.selection = (first[0], first[1])

    @property
    def text(self) -> str:
        return self.doc.text if self.doc else ""

    @property
    def turns(self) -> list[Turn]:
        return self.doc.turns if self.doc else []

    def speakers(self) -> list[str]:
        seen: dict[str, None] = {}
        for turn in self.turns:
            if turn.speaker:
                seen.setdefault(turn.speaker, None)
        return list(seen)

    # -- the coding index -----------------------------------------------------------
    def _index(self, coding: Coding) -> None:
        self.doc.codings[coding.id] = coding
        for bucket in range(coding.start // BUCKET, (coding.end - 1) // BUCKET + 1):
            self.doc.buckets.setdefault(bucket, set()).add(coding.id)

    def _unindex(self, coding_id: int) -> Coding | None:
        coding = self.doc.codings.pop(coding_id, None)
        if coding is not None:
            for bucket in range(coding.start // BUCKET, (coding.end - 1) // BUCKET + 1):
                self.doc.buckets.get(bucket, set()).discard(coding_id)
        return coding

    def codings_in(self, start: int, end: int) -> list[Coding]:
        """Codings of the open document overlapping ``[start, end)`` (a point if equal)."""
        if self.doc is None:
            return []
        ids: set[int] = set()
        for bucket in range(start // BUCKET, max(start, end - 1) // BUCKET + 1):
            ids |= self.doc.buckets.get(bucket, set())
        found = [self.doc.codings[i] for i in ids]
        if start == end:
            found = [c for c in found if c.start <= start < c.end]
        else:
            found = [c for c in found if c.start < end and c.end > start]
        return sorted(found, key=lambda c: (c.start, c.end, c.code_id, c.id))

    def codings_here(self) -> list[Coding]:
        """The codings under the cursor: those overlapping the selection."""
        return self.codings_in(*self.selection)

    def coded_chars(self) -> int:
        covered, reach = 0, -1
        for coding in sorted(self.doc.codings.values(), key=lambda c: c.start):
            if coding.end <= reach:
                continue
            covered += coding.end - max(coding.start, reach)
            reach = coding.end
        return covered

    def code_label(self, code_id: str, language: str = "nl") -> str:
        code = self.code_by_id.get(code_id)
        if code is None:
            return code_id
        return (code.name_en or code.name) if language == "en" else code.name

    # -- filters --------------------------------------------------------------------
    def set_filter(self, *, speaker: str | None = None, code: str | None = None) -> None:
        self.filter_speaker, self.filter_code = speaker, code
        self._refilter()
        if self._sentences and not self._visible(self.selection[0]):
            self.selection = self._sentences[0]

    def visible_turns(self) -> list[int]:
        return self._visible_turns

    def _refilter(self) -> None:
        turns = self.turns
        keep = []
        for i, turn in enumerate(turns):
            if self.filter_speaker and turn.speaker != self.filter_speaker:
                continue
            if self.filter_code and not any(
                    c.code_id == self.filter_code for c in self.codings_in(turn.start, turn.end)):
                continue
            keep.append(i)
        self._visible_turns = keep
        spans = [(turns[i].start, turns[i].end) for i in keep]
        self._turn_spans = spans
        sentences = self.doc.sentences if self.doc else []
        if len(keep) != len(turns):
            starts = [s for s, _ in spans]
            sentences = [s for s in sentences if self._inside(s[0], starts, spans)]
        self._sentences = sentences
        self._sentence_starts = [s for s, _ in sentences]
        self._sentence_ends = [e for _, e in sentences]
        self._turn_starts = [s for s, _ in spans]
        self._turn_ends = [e for _, e in spans]

    @staticmethod
    def _inside(offset: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
        i = bisect_right(starts, offset) - 1
        return i >= 0 and spans[i][0] <= offset < spans[i][1]

    def _visible(self, offset: int) -> bool:
        return self._inside(offset, self._turn_starts, self._turn_spans)

    # -- moves ----------------------------------------------------------------------
    def _next(self, spans, starts, ends) -> None:
        start, end = self.selection
        if start == end:  # a caret: the unit it is in, or the next one
            i = bisect_right(ends, start)
        else:
            i = bisect_left(starts, end)
        if i < len(spans):
            self.selection = spans[i]

    def _prev(self, spans, starts, ends) -> None:
        start, end = self.selection
        if start == end:
            i = bisect_right(starts, start) - 1
        else:
            i = bisect_right(ends, start) - 1
        if i >= 0:
            self.selection = spans[i]

    def next_sentence(self) -> None:
        self._next(self._sentences, self._sentence_starts, self._sentence_ends)

    def prev_sentence(self) -> None:
        self._prev(self._sentences, self._sentence_starts, self._sentence_ends)

    def next_turn(self) -> None:
        self._next(self._turn_spans, self._turn_starts, self._turn_ends)

    def prev_turn(self) -> None:
        self._prev(self._turn_spans, self._turn_starts, self._turn_ends)

    def _word_after(self, offset: int) -> tuple[int, int] | None:
        for match in WORD.finditer(self.text, offset):
            if self._visible(match.start()):
                return match.span()
            if match.start() - offset > 100_000:
                break
        return None

    def _word_before(self, offset: int) -> tuple[int, int] | None:
        window = 256
        while True:
            low = max(0, offset - window)
            words = [m.span() for m in WORD.finditer(self.text, low, offset)
                     if m.start() > low or low == 0]
            words = [w for w in words if self._visible(w[0])]
            if words:
                return words[-1]
            if low == 0:
                return None
            window *= 4

    def next_word(self) -> None:
        """The next word; from a selection of several words, the first of them."""
        start, end = self.selection
        word = self._word_after(start)
        if word is None or word[1] >= end or word[0] < start:
            word = self._word_after(end if end > start else start)
        if word:
            self.selection = word

    def prev_word(self) -> None:
        word = self._word_before(self.selection[0])
        if word:
            self.selection = word

    def grow_word(self) -> None:
        start, end = self.selection
        word = self._word_after(end)
        if word and self._turn_of(word[0]) == self._turn_of(start):
            self.selection = (start, word[1])

    def shrink_word(self) -> None:
        start, end = self.selection
        word = self._word_before(end)
        if word and word[1] >= end:  # the selection ends in a word: drop that word
            word = self._word_before(word[0])
        if word and word[1] > start:
            self.selection = (start, word[1])

    def _turn_of(self, offset: int) -> int:
        return bisect_right(self._turn_starts, offset) - 1

    def _extend(self, starts: list[int], ends: list[int]) -> None:
        start, end = self.selection
        i = bisect_right(starts, start) - 1
        j = bisect_left(ends, max(end, start + 1))
        if i >= 0:
            start = min(start, starts[i])
        if j < len(ends):
            end = max(end, ends[j])
        self.selection = (start, end)

    def extend_sentence(self) -> None:
        self._extend(self._sentence_starts, self._sentence_ends)

    def extend_turn(self) -> None:
        self._extend(self._turn_starts, self._turn_ends)

    def select(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (in either order); equal ends place a caret."""
        length = len(self.text)
        start, end = sorted((max(0, min(start, length)), max(0, min(end, length))))
        self.selection = (start, end)

    def go_to(self, start: int, end: int) -> None:
        """Jump to a span, clearing filters that would hide it."""
        if not self._visible(start):
            self.set_filter()
        self.select(start, end)

    # -- search ---------------------------------------------------------------------
    def search(self, query: str) -> list[tuple[int, int]]:
        self.query = query
        if not query:
            self.hits = []
            return []
        pattern = re.compile(re.escape(query), re.IGNORECASE)
        self.hits = [m.span() for m in pattern.finditer(self.text) if self._visible(m.start())]
        return self.hits

    def next_hit(self, backwards: bool = False) -> bool:
        if not self.hits:
            return False
        starts = [s for s, _ in self.hits]
        if backwards:
            i = bisect_left(starts, self.selection[0]) - 1
        else:
            i = bisect_right(starts, self.selection[0])
        self.selection = self.hits[i % len(self.hits)]
        return True

    # -- actions --------------------------------------------------------------------
    def target_span(self) -> tuple[int, int] | None:
        """The span an apply would code: the selection, or the sentence at a caret."""
        start, end = self.selection
        if start == end:
            i = bisect_right(self._sentence_starts, start) - 1
            if i < 0 or self._sentence_ends[i] <= start:
                return None
            start, end = self._sentences[i]
        start, end = trim(self.text, *snap(self.text, start, end))
        return (start, end) if end > start else None

    def apply(self, code_id: str) -> Change | None:
        """Code the selection with ``code_id`` (one transaction). None if nothing to do."""
        span = self.target_span()
        if span is None or code_id not in self.code_by_id:
            return None
        self._touch_recent(code_id)
        for existing in self.codings_in(*span):
            if (existing.code_id == code_id and existing.coder_id == self.coder.id
                    and (existing.start, existing.end) == span):
                return None
        coding = Coding(document_id=self.doc.id, start=span[0], end=span[1], code_id=code_id,
                        coder_id=self.coder.id, coder_name=self.coder.name)
        self._add(coding)
        self._record(Action("apply", replace(coding), self._ref(coding.id)))
        return Change(self.doc.id, *span)

    def remove(self, coding_id: int) -> Change:
        ref = self._ref(coding_id)
        coding = self._delete(coding_id)
        self._record(Action("remove", coding, ref))
        return Change(coding.document_id, coding.start, coding.end)

    def set_memo(self, coding_id: int, memo: str | None) -> Change:
        memo = (memo or "").strip() or None
        coding = self._coding(coding_id)
        old = coding.memo
        self.store.set_coding_memo(coding.id, memo)
        coding.memo = memo
        self._record(Action("memo", replace(coding), self._ref(coding.id), old_memo=old,
                            new_memo=memo))
        return Change(coding.document_id, coding.start, coding.end)

    def undo(self) -> Change | None:
        if not self.undo_stack:
            return None
        action = self.undo_stack.pop()
        change = self._play(action, backwards=True)
        self.redo_stack.append(action)
        return change

    def redo(self) -> Change | None:
        if not self.redo_stack:
            return None
        action = self.redo_stack.pop()
        change = self._play(action, backwards=False)
        self.undo_stack.append(action)
        return change

    def _play(self, action: Action, *, backwards: bool) -> Change:
        coding, ref = action.coding, action.ref
        if action.kind == "memo":
            memo = action.old_memo if backwards else action.new_memo
            current = self._coding(ref.id)
            self.store.set_coding_memo(current.id, memo)
            current.memo = memo
        elif (action.kind == "apply") == backwards:  # undo an apply, redo a remove
            removed = self._delete(ref.id)
            coding.memo = removed.memo
        else:  # redo an apply, undo a remove: the coding comes back, with a new id
            fresh = replace(coding, id=None)
            self._add(fresh)
            ref.id = fresh.id
            self._refs[fresh.id] = ref
        return Change(coding.document_id, coding.start, coding.end)

    def _record(self, action: Action) -> None:
        self.undo_stack.append(action)
        self.redo_stack.clear()

    def _touch_recent(self, code_id: str) -> None:
        if code_id in self.recent:
            self.recent.remove(code_id)
        self.recent.insert(0, code_id)
        del self.recent[RECENT:]

    def _ref(self, coding_id: int) -> _Ref:
        ref = self._refs.get(coding_id)
        if ref is None:
            ref = self._refs[coding_id] = _Ref(coding_id)
        return ref

    def _coding(self, coding_id: int) -> Coding:
        if self.doc and coding_id in self.doc.codings:
            return self.doc.codings[coding_id]
        return self.store.get_coding(coding_id)

    def _add(self, coding: Coding) -> None:
        coding.id = None
        coding.created = None
        self.store.add_coding(coding)
        if self.doc and coding.document_id == self.doc.id:
            self._index(coding)

    def _delete(self, coding_id: int) -> Coding:
        coding = self._coding(coding_id)
        removed = self.store.remove_coding(coding.id)
        self._refs.pop(coding.id, None)  # SQLite may give the id to a new coding
        if self.doc and coding.document_id == self.doc.id:
            self._unindex(coding.id)
        return removed

    # -- retrieval ------------------------------------------------------------------
    def retrieve(self, code_id: str) -> list[Fragment]:
        """Every fragment coded with ``code_id``, across documents."""
        names = {d.id: d.name for d in self.store.documents()}
        fragments = []
        for coding in self.store.codings(code_ids=[code_id]):
            text = self._texts.get(coding.document_id)
            if text is None:
                text = self._texts[coding.document_id] = \
                    self.store.document(coding.document_id).text
            fragments.append(Fragment(coding, names.get(coding.document_id, "?"),
                                      text[coding.start:coding.end]))
        return fragments
