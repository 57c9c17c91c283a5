"""The transcript's layout: which text each display line shows, at a given width.

Computed in chunks of turns, on demand, so the first screen of a long transcript is drawn
before the rest is laid out; the rest follows in the background or when it is needed.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size

CHUNK = 400  # turns per step


def wrap(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Break ``text[start:end]`` (one paragraph) into spans of at most ``width`` cells,
    at spaces where possible."""
    width = max(1, width)
    spans = []
    if text[start:end].isascii():
        pos = start
        while end - pos > width:
            cut = text.rfind(" ", pos, pos + width + 1)
            if cut <= pos:
                spans.append((pos, pos + width))
                pos += width
            else:
                spans.append((pos, cut))
                pos = cut + 1
        spans.append((pos, end))
        return spans
    pos, cells, space = start, 0, -1
    i = start
    while i < end:
        char = text[i]
        size = get_character_cell_size(char)
        if char == " ":
            space = i
        if cells + size > width and i > pos:
            if space > pos:
                spans.append((pos, space))
                pos = space + 1
            else:
                spans.append((pos, i))
                pos = i
            space = -1
            cells = cell_len(text[pos:i])
        cells += size
        i += 1
    spans.append((pos, end))
    return spans


class Layout:
    """Per display line: the turn index (-1 for the blank line between turns), the text
    span it shows, its row within the turn (0 for the first) and whether it is a blank
    line after the text (``pad``): a turn gets them when ``height(turn index, spans)`` --
    the lines its gutter and margin need, given the spans its text takes -- is more than
    its text takes."""

    def __init__(self, text: str, turns: list, order: list[int], width: int,
                 height=None) -> None:
        self.text, self.turns, self.order, self.width = text, turns, order, width
        self.height = height or (lambda index, spans: len(spans))
        self.turn: list[int] = []
        self.start: list[int] = []
        self.end: list[int] = []
        self.row: list[int] = []
        self.pad: list[bool] = []
        self.done = 0  # how many turns of ``order`` are laid out

    @property
    def complete(self) -> bool:
        return self.done >= len(self.order)

    def __len__(self) -> int:
        return len(self.start)

    def estimate(self) -> int:
        """The number of lines, estimated from the turns laid out so far."""
        if self.complete or not self.done:
            return len(self.start) if self.complete else len(self.order) * 2
        return round(len(self.start) * len(self.order) / self.done)

    def _add(self, index: int, start: int, end: int, row: int, pad: bool) -> None:
        self.turn.append(index)
        self.start.append(start)
        self.end.append(end)
        self.row.append(row)
        self.pad.append(pad)

    def spans(self, turn) -> list[tuple[int, int]]:
        """The text spans of ``turn``'s lines: paragraphs wrapped to the width."""
        text, spans, pos = self.text, [], turn.start
        while pos <= turn.end:
            newline = text.find("\n", pos, turn.end)
            stop = turn.end if newline == -1 else newline
            spans.extend(wrap(text, pos, stop, self.width) if stop > pos else [(pos, pos)])
            pos = stop + 1
        return spans

    def extend(self, count: int = CHUNK) -> None:
        for index in self.order[self.done:self.done + count]:
            turn = self.turns[index]
            if self.start:
                self._add(-1, self.end[-1], self.end[-1], -1, False)
            spans = self.spans(turn)
            for row, (start, end) in enumerate(spans):
                self._add(index, start, end, row, False)
            for row in range(len(spans), self.height(index, spans)):
                self._add(index, turn.end, turn.end, row, True)
        self.done = min(len(self.order), self.done + count)

    def redo_turn(self, index: int, first: int, count: int) -> int:
        """Lay out turn ``index`` again -- it takes the ``count`` lines from ``first`` --
        and put its new lines in their place; returns how many lines it has now."""
        turn = self.turns[index]
        spans = self.spans(turn)
        height = max(len(spans), self.height(index, spans))
        rows = range(height)
        new = (
            [index] * height,
            [spans[r][0] if r < len(spans) else turn.end for r in rows],
            [spans[r][1] if r < len(spans) else turn.end for r in rows],
            list(rows),
            [r >= len(spans) for r in rows],
        )
        for column, lines in zip((self.turn, self.start, self.end, self.row, self.pad), new):
            column[first:first + count] = lines
        return height

    def until_line(self, line: int) -> None:
        while not self.complete and len(self.start) <= line:
            self.extend()

    def until_offset(self, offset: int) -> None:
        while not self.complete and (not self.end or self.end[-1] < offset):
            self.extend()

    def finish(self) -> None:
        while not self.complete:
            self.extend()
