"""The selection in one open document, and the moves of the coding workbench.

A :class:`Selection` holds a ``(start, end)`` pair of code-point offsets into the document's
text (``span``; equal ends are a caret) and moves it the way a coder reads: by sentence, turn
and word, growing, shrinking and extending it to whole units. Filters (one speaker, or one
code) hide turns, and every move skips what is hidden; search marks hits in what is visible.
It knows nothing of the store: the session gives it the text, turns, sentences and a way to
ask which codings overlap a span.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from casebook.errors import CasebookError
from casebook.model import Coding, Turn
from casebook.offsets import snap, trim

WORD = re.compile(r"\w+(?:['’\-]\w+)*")

Span = tuple[int, int]


def paragraph_turns(text: str) -> list[Turn]:
    """Turns for a document that has none: its paragraphs."""
    turns = []
    for part in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        s, e = trim(text, part.start(), part.end())
        if e > s:
            turns.append(Turn(s, e))
    return turns


def compile_query(query: str, *, regex: bool = False) -> re.Pattern:
    """A case-insensitive pattern for ``query``: literal text, or a regular expression."""
    if not regex:
        return re.compile(re.escape(query), re.IGNORECASE)
    try:
        return re.compile(query, re.IGNORECASE)
    except re.error as err:
        raise CasebookError(f"not a regular expression: {err}", field="search") from None


def _inside(offset: int, starts: list[int], spans: list[Span]) -> bool:
    i = bisect_right(starts, offset) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


class Selection:
    """The selection in one document, its moves, filters and search (see the module)."""

    def __init__(self, text: str, turns: Sequence, sentences: Sequence[Span],
                 codings_in: Callable[[int, int], list[Coding]], *,
                 speaker: str | None = None, code: str | None = None) -> None:
        """``turns`` have ``start``, ``end`` and ``speaker``; ``sentences`` are ``(start,
        end)`` tuples, in order. A ``speaker`` filter that names nobody in this document is
        dropped, a ``code`` filter is kept."""
        self.text, self.turns, self.sentences = text, turns, sentences
        self._codings_in = codings_in
        self.span: Span = (0, 0)
        self.hits: list[Span] = []
        self.query = ""
        self.filter_speaker = speaker if speaker and speaker in self.speakers() else None
        self.filter_code = code
        self._refilter()
        if self._sentences:
            self.span = self._sentences[0]

    def speakers(self) -> list[str]:
        """The document's speakers, in the order they first speak."""
        return list(dict.fromkeys(turn.speaker for turn in self.turns if turn.speaker))

    # -- filters --------------------------------------------------------------------
    def set_filter(self, *, speaker: str | None = None, code: str | None = None) -> None:
        """Show only the turns of ``speaker``, or only turns with a coding of ``code``;
        neither: show everything. A selection that becomes hidden goes to the first
        visible sentence."""
        self.filter_speaker, self.filter_code = speaker, code
        self._refilter()
        if self._sentences and not self.visible(self.span[0]):
            self.span = self._sentences[0]

    def visible_turns(self) -> list[int]:
        """Indexes of the turns the filters show."""
        return self._visible_turns

    def visible(self, offset: int) -> bool:
        return _inside(offset, self._turn_starts, self._turn_spans)

    def _shown(self, turn) -> bool:
        if self.filter_speaker and turn.speaker != self.filter_speaker:
            return False
        return not self.filter_code or any(
            c.code_id == self.filter_code for c in self._codings_in(turn.start, turn.end))

    def _refilter(self) -> None:
        turns = self.turns
        self._visible_turns = [i for i, turn in enumerate(turns) if self._shown(turn)] \
            if self.filter_speaker or self.filter_code else list(range(len(turns)))
        spans = [(turns[i].start, turns[i].end) for i in self._visible_turns]
        self._turn_spans = spans
        self._turn_starts = [s for s, _ in spans]
        self._turn_ends = [e for _, e in spans]
        sentences = self.sentences
        if len(spans) != len(turns):
            sentences = [s for s in sentences if _inside(s[0], self._turn_starts, spans)]
        self._sentences = sentences
        self._sentence_starts = [s for s, _ in sentences]
        self._sentence_ends = [e for _, e in sentences]

    # -- sentences and turns --------------------------------------------------------
    def _next(self, spans: Sequence[Span], starts: list[int], ends: list[int]) -> None:
        start, end = self.span
        if start == end:  # a caret: the unit it is in, or the next one
            i = bisect_right(ends, start)
        else:
            i = bisect_left(starts, end)
        if i < len(spans):
            self.span = spans[i]

    def _prev(self, spans: Sequence[Span], starts: list[int], ends: list[int]) -> None:
        start, end = self.span
        if start == end:
            i = bisect_right(starts, start) - 1
        else:
            i = bisect_right(ends, start) - 1
        if i >= 0:
            self.span = spans[i]

    def next_sentence(self) -> None:
        self._next(self._sentences, self._sentence_starts, self._sentence_ends)

    def prev_sentence(self) -> None:
        self._prev(self._sentences, self._sentence_starts, self._sentence_ends)

    def next_turn(self) -> None:
        self._next(self._turn_spans, self._turn_starts, self._turn_ends)

    def prev_turn(self) -> None:
        self._prev(self._turn_spans, self._turn_starts, self._turn_ends)

    def _extend(self, starts: list[int], ends: list[int]) -> None:
        start, end = self.span
        i = bisect_right(starts, start) - 1
        j = bisect_left(ends, max(end, start + 1))
        if i >= 0:
            start = min(start, starts[i])
        if j < len(ends):
            end = max(end, ends[j])
        self.span = (start, end)

    def extend_sentence(self) -> None:
        """Grow the selection to whole sentences."""
        self._extend(self._sentence_starts, self._sentence_ends)

    def extend_turn(self) -> None:
        """Grow the selection to whole turns."""
        self._extend(self._turn_starts, self._turn_ends)

    def add_sentence(self) -> None:
        """Grow the selection by the next visible sentence, across turns."""
        start, end = self.span
        i = bisect_left(self._sentence_starts, end)
        if i < len(self._sentences):
            self.span = (start, self._sentence_ends[i])

    def drop_sentence(self) -> None:
        """Shrink the selection by its last sentence, keeping at least one."""
        start, end = self.span
        i = bisect_right(self._sentence_starts, max(start, end - 1)) - 1
        if i > 0 and self._sentence_ends[i - 1] > start:
            self.span = (start, self._sentence_ends[i - 1])

    def first(self) -> None:
        """The first visible sentence."""
        if self._sentences:
            self.span = self._sentences[0]

    def last(self) -> None:
        """The last visible sentence."""
        if self._sentences:
            self.span = self._sentences[-1]

    def turn_number(self, offset: int) -> int:
        """The 1-based number of the turn at (or before) ``offset``, counting every turn."""
        return max(1, bisect_right([t.start for t in self.turns], offset))

    def go_to_turn(self, number: int) -> bool:
        """Select turn ``number`` (1-based, counting hidden turns too), clearing filters
        that hide it. False if there is no such turn."""
        if not 1 <= number <= len(self.turns):
            return False
        turn = self.turns[number - 1]
        self.go_to(turn.start, turn.end)
        return True

    # -- words ----------------------------------------------------------------------
    def _word_after(self, offset: int) -> Span | None:
        for match in WORD.finditer(self.text, offset):
            if self.visible(match.start()):
                return match.span()
            if match.start() - offset > 100_000:
                break
        return None

    def _word_before(self, offset: int) -> Span | None:
        window = 256
        while True:
            low = max(0, offset - window)
            words = [m.span() for m in WORD.finditer(self.text, low, offset)
                     if (m.start() > low or low == 0) and self.visible(m.start())]
            if words:
                return words[-1]
            if low == 0:
                return None
            window *= 4

    def next_word(self) -> None:
        """The next word; from a selection of several words, the first of them."""
        start, end = self.span
        word = self._word_after(start)
        if word is None or word[1] >= end or word[0] < start:
            word = self._word_after(end if end > start else start)
        if word:
            self.span = word

    def prev_word(self) -> None:
        word = self._word_before(self.span[0])
        if word:
            self.span = word

    def grow_word(self) -> None:
        """Add the next word, within the same turn."""
        start, end = self.span
        word = self._word_after(end)
        if word and self._turn_of(word[0]) == self._turn_of(start):
            self.span = (start, word[1])

    def shrink_word(self) -> None:
        """Drop the last word, keeping at least one."""
        start, end = self.span
        word = self._word_before(end)
        if word and word[1] >= end:  # the selection ends in a word: drop that word
            word = self._word_before(word[0])
        if word and word[1] > start:
            self.span = (start, word[1])

    def _turn_of(self, offset: int) -> int:
        return bisect_right(self._turn_starts, offset) - 1

    # -- jumps ----------------------------------------------------------------------
    def select(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (in either order); equal ends place a caret."""
        length = len(self.text)
        start, end = sorted((max(0, min(start, length)), max(0, min(end, length))))
        self.span = (start, end)

    def go_to(self, start: int, end: int) -> None:
        """Jump to a span, clearing filters that would hide it."""
        if not self.visible(start):
            self.set_filter()
        self.select(start, end)

    def target_span(self) -> Span | None:
        """The span an apply would code: the selection, or the sentence at a caret;
        snapped to whole characters and trimmed of white space. None if that is empty."""
        start, end = self.span
        if start == end:
            i = bisect_right(self._sentence_starts, start) - 1
            if i < 0 or self._sentence_ends[i] <= start:
                return None
            start, end = self._sentences[i]
        start, end = trim(self.text, *snap(self.text, start, end))
        return (start, end) if end > start else None

    # -- search ---------------------------------------------------------------------
    def search(self, query: str, *, regex: bool = False) -> list[Span]:
        """Mark every visible case-insensitive occurrence of ``query`` (a regular
        expression if ``regex``; a bad one raises CasebookError)."""
        self.query = query
        self.hits = self.find(query, regex=regex)
        return self.hits

    def find(self, query: str, *, regex: bool = False,
             speaker: str | None = None) -> list[Span]:
        """Every visible, non-empty, case-insensitive match of ``query`` (in the turns of
        ``speaker`` only, if given)."""
        if not query:
            return []
        pattern = compile_query(query, regex=regex)
        hits = []
        for match in pattern.finditer(self.text):
            start, end = match.span()
            if end > start and self.visible(start) and (
                    speaker is None or self._speaker_at(start) == speaker):
                hits.append((start, end))
        return hits

    def _speaker_at(self, offset: int) -> str | None:
        i = self._turn_of(offset)
        return self.turns[self._visible_turns[i]].speaker if i >= 0 else None

    def next_hit(self, backwards: bool = False) -> bool:
        """Select the next (or previous) hit, wrapping around; False if there is none."""
        if not self.hits:
            return False
        starts = [s for s, _ in self.hits]
        if backwards:
            i = bisect_left(starts, self.span[0]) - 1
        else:
            i = bisect_right(starts, self.span[0])
        self.span = self.hits[i % len(self.hits)]
        return True
