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
    span it shows, and whether it is the turn's first line."""

    def __init__(self, text: str, turns: list, order: list[int], width: int) -> None:
        self.text, self.turns, self.order, self.width = text, turns, order, width
        self.turn: list[int] = []
        self.start: list[int] = []
        self.end: list[int] = []
        self.first: list[bool] = []
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

    def extend(self, count: int = CHUNK) -> None:
        text, width = self.text, self.width
        turn_of, starts, ends, first = self.turn, self.start, self.end, self.first
        for index in self.order[self.done:self.done + count]:
            turn = self.turns[index]
            if starts:
                turn_of.append(-1)
                starts.append(ends[-1])
                ends.append(ends[-1])
                first.append(False)
            is_first = True
            pos = turn.start
            while pos <= turn.end:
                newline = text.find("\n", pos, turn.end)
                stop = turn.end if newline == -1 else newline
                for span in wrap(text, pos, stop, width) if stop > pos else [(pos, pos)]:
                    turn_of.append(index)
                    starts.append(span[0])
                    ends.append(span[1])
                    first.append(is_first)
                    is_first = False
                pos = stop + 1
        self.done = min(len(self.order), self.done + count)

    def until_line(self, line: int) -> None:
        while not self.complete and len(self.start) <= line:
            self.extend()

    def until_offset(self, offset: int) -> None:
        while not self.complete and (not self.end or self.end[-1] < offset):
            self.extend()

    def finish(self) -> None:
        while not self.complete:
            self.extend()
