"""A coding session: what the coding workbench (TUI) does, without any UI.

The session holds the open document and an index of its codings, the coder, the codebook
and the recent codes, and does the coding actions: apply (a span, or every hit of an
autocode search), remove and memo, each one store transaction (one the store refuses -- the
database is busy -- changes nothing here either: it can be tried again). Another window may
code the same project: a coding it removed is gone here too, one it made is not made again.
It composes a :class:`~casebook.coding.selection.Selection` (the moves) and a
:class:`~casebook.coding.undo.History` (undo and redo, in memory, across documents).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from casebook.coding.selection import Selection, Span, paragraph_turns
from casebook.coding.undo import Action, Change, History, touched
from casebook.errors import NotFound
from casebook.model import Code, Coding, Memo
from casebook.offsets import snap, trim

BUCKET = 512  # characters per bucket of the coding index
RECENT = 9


@dataclass(frozen=True, slots=True)
class Filters:
    """What the workbench shows: the turns of one speaker, the turns with a coding of one
    code, the codings of one coder (an id); None shows all."""

    speaker: str | None = None
    code: str | None = None
    coder: str | None = None


@dataclass(slots=True)
class _Doc:
    """The open document and its codings, indexed by buckets of ``BUCKET`` characters."""

    id: int
    name: str
    text: str
    turns: list  # TurnRow or Turn: start, end, speaker, time_start, time_end
    codings: dict[int, Coding] = field(default_factory=dict)
    buckets: dict[int, set[int]] = field(default_factory=dict)
    complete: bool = True  # False: only the first turns are read so far


@dataclass(slots=True)
class Loaded:
    """What opening a document reads from the store (all of it, or its first turns)."""

    id: int
    name: str
    text: str
    turns: list
    sentences: list
    codings: list[Coding]
    complete: bool
    revision: int = 0  # the session's revision when it was read
    noted: set[int] = field(default_factory=set)  # the codings with any memo on them


def read(store, document_id: int, head: int | None = None, revision: int = 0) -> Loaded:
    """Read a document for a session (any store: a worker reads with its own connection).
    With ``head``, only the first ``head`` turns, their text, sentences and codings."""
    if head is not None:
        turns = store.turn_rows(document_id, limit=head + 1)
        if len(turns) > head:
            turns = turns[:head]
            end = turns[-1].end
            name, text = store.document_head(document_id, end)
            return Loaded(document_id, name, text, turns,
                          store.sentence_spans(document_id, until=end),
                          [c for c in store.codings(document_id=document_id, before=end)
                           if c.end <= end], False, revision,
                          store.noted_codings(document_id, before=end))
    document = store.document(document_id)
    turns = store.turn_rows(document.id) or paragraph_turns(document.text)
    sentences = store.sentence_spans(document.id) or [(t.start, t.end) for t in turns]
    return Loaded(document.id, document.name, document.text, turns, sentences,
                  store.codings(document_id=document.id), True, revision,
                  store.noted_codings(document.id))


def _buckets(coding: Coding) -> range:
    return range(coding.start // BUCKET, (coding.end - 1) // BUCKET + 1)


class CodingSession:
    """The state and actions of one person coding; see the module docstring."""

    def __init__(self, store, coder_name: str) -> None:
        self.store = store
        self.coder = store.coder(coder_name)
        self.history = History()
        self.revision = 0  # goes up with every write
        self.noted: set[int] = set()  # codings with any memo on them
        self._removed_memos: dict[int, list[Memo]] = {}  # for undo
        self.recent: list[str] = []
        self.coder_filter: str | None = None  # a coder id: show only their codings
        self.doc: _Doc | None = None
        self.selection = Selection("", [], [], self.codings_in)
        self.reload_codes()

    def reload_codes(self) -> None:
        """Read the codebook again (after a code was added)."""
        self.codes: list[Code] = self.store.codes()
        self.code_by_id = {code.id: code for code in self.codes}

    # -- documents ------------------------------------------------------------------
    def open(self, document_id: int, *, head: int | None = None) -> None:
        """Open a document, select its first (visible) sentence; the filters stay, but for
        a speaker this document does not have. With ``head``, only its first ``head`` turns
        (a first screen); :meth:`install` the rest (:func:`read` in a worker) later."""
        self.install(read(self.store, document_id, head))

    def install(self, loaded: Loaded) -> None:
        """Make ``loaded`` the open document. Completing the document already open keeps
        the selection and the search; its codings are read again if they changed since
        ``loaded`` was read."""
        same = self.doc is not None and self.doc.id == loaded.id
        if same and loaded.revision != self.revision:
            loaded.codings = self.store.codings(document_id=loaded.id)
            loaded.noted = self.store.noted_codings(loaded.id)
        self.doc = _Doc(loaded.id, loaded.name, loaded.text, loaded.turns,
                        complete=loaded.complete)
        for coding in loaded.codings:
            self._index(coding)
        self.noted = loaded.noted
        old = self.selection
        self.selection = Selection(loaded.text, loaded.turns, loaded.sentences,
                                   self.codings_in, speaker=old.filter_speaker,
                                   code=old.filter_code)
        if same:
            self.selection.select(*old.span)
            if old.query:
                self.selection.search(old.query)

    @property
    def text(self) -> str:
        return self.doc.text if self.doc else ""

    @property
    def turns(self) -> list:
        return self.doc.turns if self.doc else []

    def code_label(self, code_id: str, language: str = "nl") -> str:
        code = self.code_by_id.get(code_id)
        if code is None:
            return code_id
        return (code.name_en or code.name) if language == "en" else code.name

    @property
    def filters(self) -> Filters:
        return Filters(self.selection.filter_speaker, self.selection.filter_code,
                       self.coder_filter)

    def set_filters(self, filters: Filters) -> None:
        """Show what ``filters`` let through (the coder first: the code filter counts that
        coder's codings only)."""
        self.coder_filter = filters.coder
        self.selection.set_filter(speaker=filters.speaker, code=filters.code)

    def owns(self, coding: Coding) -> bool:
        """Whether ``coding`` is this session's coder's own."""
        return coding.coder_id == self.coder.id

    # -- the coding index -----------------------------------------------------------
    def _index(self, coding: Coding) -> None:
        self.doc.codings[coding.id] = coding
        for bucket in _buckets(coding):
            self.doc.buckets.setdefault(bucket, set()).add(coding.id)

    def _unindex(self, coding_id: int) -> None:
        coding = self.doc.codings.pop(coding_id, None) if self.doc else None
        if coding is not None:
            for bucket in _buckets(coding):
                self.doc.buckets.get(bucket, set()).discard(coding_id)

    def overlapping(self, start: int, end: int) -> list[Coding]:
        """Every coding of the open document overlapping ``[start, end)`` (a point if
        equal), whoever coded it."""
        if self.doc is None:
            return []
        ids: set[int] = set()
        for bucket in range(start // BUCKET, max(start, end - 1) // BUCKET + 1):
            ids |= self.doc.buckets.get(bucket, set())
        found = [self.doc.codings[i] for i in ids]
        if start == end:
            return [c for c in found if c.start <= start < c.end]
        return [c for c in found if c.start < end and c.end > start]

    def codings_in(self, start: int, end: int) -> list[Coding]:
        """The shown codings (see the coder filter) of the open document overlapping
        ``[start, end)`` (a point if equal), in order of position."""
        found = self.overlapping(start, end)
        if self.coder_filter:
            found = [c for c in found if c.coder_id == self.coder_filter]
        return sorted(found, key=lambda c: (c.start, c.end, c.code_id, c.id))

    def codings_here(self) -> list[Coding]:
        """The codings under the cursor: those overlapping the selection."""
        return self.codings_in(*self.selection.span)

    def shown(self) -> list[Coding]:
        """The open document's shown codings, in order of position."""
        return self.codings_in(0, len(self.text) + 1) if self.doc else []

    def coded_chars(self) -> int:
        """How many characters of the open document carry at least one coding."""
        covered, reach = 0, -1
        for coding in sorted(self.doc.codings.values(), key=lambda c: c.start):
            if coding.end <= reach:
                continue
            covered += coding.end - max(coding.start, reach)
            reach = coding.end
        return covered

    def counts(self) -> Counter:
        """Shown codings per code in the open document."""
        return Counter(c.code_id for c in self.shown())

    def next_coding(self, code_id: str, backwards: bool = False) -> Span | None:
        """The span of the next (or previous) shown coding of ``code_id`` after (before)
        the selection, wrapping around; None if the document has none."""
        spans = sorted({(c.start, c.end) for c in self.shown() if c.code_id == code_id})
        here = self.selection.span[0]
        after = [s for s in spans if (s[0] < here if backwards else s[0] > here)] or spans
        return (after[-1] if backwards else after[0]) if after else None

    # -- actions --------------------------------------------------------------------
    def codable(self, code_id: str) -> bool:
        """Whether ``code_id`` is a code a coding may carry (not a category)."""
        code = self.code_by_id.get(code_id)
        return code is not None and code.codable

    def apply(self, code_id: str, span: Span | None = None) -> Change | None:
        """Code ``span`` (default: the selection) with ``code_id`` (one transaction).
        None if there is nothing to do. A coding this coder made so already in another
        window is shown, not made again, and not undone by this session."""
        span = span or self.selection.target_span()
        if span is None or not self.codable(code_id):
            return None
        self._touch_recent(code_id)
        if self.mine_exists(code_id, span):
            return None
        with self.store.transaction():
            coding, new = self._insert(code_id, span)
        if new:
            self.history.record(Action("apply", replace(coding)))
        return Change.of(coding)

    def apply_all(self, code_id: str, spans: list[Span]) -> Change | None:
        """Code every span in ``spans`` (snapped off half characters) with ``code_id``
        (autocode): one transaction, one step to undo. Spans this coder coded so already
        are left out."""
        text = self.text
        spans = [s for s in dict.fromkeys(trim(text, *snap(text, *s)) for s in spans)
                 if s[1] > s[0] and not self.mine_exists(code_id, s)]
        if not spans or not self.codable(code_id):
            return None
        self._touch_recent(code_id)
        with self.store.transaction():
            made = [self._insert(code_id, span, index=False) for span in spans]
        for coding, _new in made:
            self._index(coding)
        added = [coding for coding, new in made if new]
        if added:
            self.history.record(Action("batch", replace(added[0]),
                                       parts=[Action("apply", replace(c)) for c in added]))
        return Change.over([coding for coding, _new in made])

    def mine_exists(self, code_id: str, span: Span) -> bool:
        return any(c.code_id == code_id and c.coder_id == self.coder.id
                   and (c.start, c.end) == span for c in self.overlapping(*span))

    def _insert(self, code_id: str, span: Span, *, index: bool = True) -> tuple[Coding, bool]:
        """Store a coding (in a transaction of the caller's); with False if this coder's
        same coding was there already (made in another window)."""
        present = self.store.find_coding(self.doc.id, code_id, self.coder.id, *span)
        new = present is None
        if new:
            present = self.store.add_coding(Coding(
                document_id=self.doc.id, start=span[0], end=span[1], code_id=code_id,
                coder_id=self.coder.id))
            self.revision += 1
        coding = self.store.get_coding(present)  # with its created time
        if index:
            self._index(coding)
        return coding, new

    def remove(self, coding_id: int) -> Change:
        """Remove a coding (one removed in another window meanwhile is gone here too)."""
        known = self.doc.codings.get(coding_id) if self.doc else None
        coding = self.delete(coding_id) or known
        if coding is None:
            raise NotFound(f"no coding {coding_id}", field="coding")
        self.history.record(Action("remove", replace(coding)))
        return Change.of(coding)

    def set_memo(self, coding_id: int, memo: str | None) -> Change:
        memo = (memo or "").strip() or None
        coding = self._coding(coding_id)
        old = coding.memo
        self.write_memo(coding.id, memo)
        self.history.record(Action("memo", replace(coding), old_memo=old, new_memo=memo))
        return Change.of(coding)

    def undo(self) -> Change | None:
        return touched(self.history.undo(self))

    def redo(self) -> Change | None:
        return touched(self.history.redo(self))

    def _touch_recent(self, code_id: str) -> None:
        if code_id in self.recent:
            self.recent.remove(code_id)
        self.recent.insert(0, code_id)
        del self.recent[RECENT:]

    # -- the editor the history replays through ---------------------------------------
    def _coding(self, coding_id: int) -> Coding:
        if self.doc and coding_id in self.doc.codings:
            return self.doc.codings[coding_id]
        return self.store.get_coding(coding_id)

    def _open(self, coding: Coding) -> bool:
        return self.doc is not None and coding.document_id == self.doc.id

    def restore(self, coding: Coding) -> None:
        """Put a removed coding back, with its own id and created time, and its memos."""
        memos = self._removed_memos.pop(coding.id, None) if coding.id is not None else None
        if memos is None:
            self.store.add_coding(coding)
        else:
            self.store.restore_coding(coding, memos)
        self.revision += 1
        if memos:
            self.noted.add(coding.id)
        if self._open(coding):
            self._index(coding)

    def delete(self, coding_id: int) -> Coding | None:
        """Remove a coding (its memos go with it); returns it as it was stored, or None
        if it was gone already (removed in another window)."""
        memos = self.store.memos("coding", str(coding_id))
        try:
            removed = self.store.remove_coding(coding_id)
        except NotFound:
            self._forget(coding_id)
            return None
        self.revision += 1
        self._removed_memos[coding_id] = memos
        if self._open(removed):
            self._unindex(coding_id)
        return removed

    def _forget(self, coding_id: int) -> None:
        """A coding is gone from the store (another window removed it): from here too."""
        self._unindex(coding_id)
        self.noted.discard(coding_id)

    def write_memo(self, coding_id: int, memo: str | None) -> None:
        """Set a coding's memo: the one its coder wrote (other memos on it stay)."""
        coding = self._coding(coding_id)
        try:
            self.store.set_coding_memo(coding_id, memo)
        except NotFound:
            self._forget(coding_id)
            raise
        self.revision += 1
        coding.memo = memo
        if memo or self.memos_on(coding_id):
            self.noted.add(coding_id)
        else:
            self.noted.discard(coding_id)

    def memos_on(self, coding_id: int) -> list[Memo]:
        """Every memo on a coding, its coder's own and others' (``casebook memo add``)."""
        return self.store.memos("coding", str(coding_id))

    def has_memo(self, coding: Coding) -> bool:
        return bool(coding.memo) or coding.id in self.noted

    def batch(self):
        return self.store.transaction()
