"""A transcript as its reader sees it, for the detectors: without the characters no reader
sees (:mod:`casebook.privacy.unseen`), so that "Sa\\u200emira" (a direction mark copied in
from a web page) is found as "Samira" by the rules, deduce and the names the project knows,
and replaced whole. What the detectors find is moved back onto the stored text: a span
starts at its first character and ends after its last one and the marks that stand on it.
The gate folds every output alike, so what no detector sees no output shows unrefused.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache

from casebook.model import Turn
from casebook.privacy.rules import Candidate
from casebook.privacy.unseen import UNSEEN, UNSEEN_BMP, above_bmp


@cache
def _pattern(body: str) -> re.Pattern[str]:  # compiled when first used (a millisecond)
    return re.compile(f"[{body}]+")


def _unseen(text: str) -> re.Pattern[str]:
    """The runs of unseen characters, searched as fast as ``text`` allows: without the
    ranges above U+FFFF where it has no such character (the same runs; see unseen.py)."""
    return _pattern(UNSEEN if above_bmp(text) else UNSEEN_BMP)


def seen(text: str) -> str:
    """``text`` without what no reader sees."""
    return _unseen(text).sub("", text)


class Shown:
    """``source`` without its unseen runs, with the offsets between the two."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.runs = [m.span() for m in _unseen(source).finditer(source)]  # in the source
        self.starts = [start for start, _end in self.runs]
        self.text = seen(source) if self.runs else source
        self.at: list[int] = []  # where each run stands in the shown text
        self.before: list[int] = []  # unseen characters up to and with each run
        removed = 0
        for start, end in self.runs:
            self.at.append(start - removed)
            removed += end - start
            self.before.append(removed)

    def source_offset(self, offset: int) -> int:
        """Where the shown character at ``offset`` stands in the source (after the runs
        before it)."""
        i = bisect_right(self.at, offset)
        return offset + (self.before[i - 1] if i else 0)

    def shown_offset(self, offset: int) -> int:
        """Where the source offset ``offset`` falls in the shown text (a run: its end)."""
        i = bisect_right(self.starts, offset)
        if not i:
            return offset
        end = self.runs[i - 1][1]
        return self.at[i - 1] if offset < end else offset - self.before[i - 1]

    def turns(self, turns: Iterable[Turn]) -> list[Turn]:
        """``turns`` with their offsets and speaker labels as shown."""
        return [Turn(self.shown_offset(t.start), self.shown_offset(t.end),
                     seen(t.speaker) if t.speaker else t.speaker, t.time_start, t.time_end)
                for t in turns]

    def back(self, found: Iterable[Candidate]) -> list[Candidate]:
        """``found`` in the shown text, as spans of the source."""
        spans = []
        for c in found:
            start = self.source_offset(c.start)
            end = self.source_offset(c.end - 1) + 1
            while end < len(self.source) and \
                    unicodedata.category(self.source[end]) in ("Mn", "Me"):
                end += 1
            spans.append(Candidate(start, end, c.category, c.detector))
        return spans
