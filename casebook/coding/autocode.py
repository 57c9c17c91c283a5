"""Autocode: code every hit of a search in the open document at once, as MAXQDA's and
QualCoder's autocode do -- the hit itself, its sentence or its turn; text or a regular
expression; in every turn or one speaker's. :func:`plan` says what it would do (for a
preview with counts), ``CodingSession.apply_all`` does it as one undoable step.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from casebook.coding.selection import Span
from casebook.coding.session import CodingSession
from casebook.offsets import trim

UNITS = ("hit", "sentence", "turn")


@dataclass(frozen=True, slots=True)
class Plan:
    """The spans an autocode would code, from ``hits`` hits in ``turns`` turns; ``done``
    of the spans are coded so by this coder already."""

    spans: list[Span]
    hits: int
    turns: int
    done: int

    @property
    def new(self) -> int:
        return len(self.spans) - self.done


def _around(spans: list[Span], offset: int) -> Span | None:
    i = bisect_right([s for s, _ in spans], offset) - 1
    return spans[i] if i >= 0 and spans[i][0] <= offset < spans[i][1] else None


def plan(session: CodingSession, query: str, code_id: str, *, regex: bool = False,
         speaker: str | None = None, unit: str = "hit") -> Plan:
    """What autocoding ``query`` with ``code_id`` would code (a bad regular expression
    raises CasebookError)."""
    selection = session.selection
    hits = selection.find(query, regex=regex, speaker=speaker)
    turns = [(t.start, t.end) for t in session.turns]
    units = {"sentence": list(selection.sentences), "turn": turns}.get(unit)
    spans: dict[Span, None] = {}
    for hit in hits:
        span = _around(units, hit[0]) if units else hit
        span = trim(session.text, *(span or hit))
        if span[1] > span[0]:
            spans.setdefault(span, None)
    in_turns = {_around(turns, start) for start, _ in hits}
    done = sum(1 for span in spans if session.mine_exists(code_id, span))
    return Plan(list(spans), len(hits), len(in_turns - {None}), done)
