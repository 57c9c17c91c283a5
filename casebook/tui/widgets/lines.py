"""Drawing the transcript, one display line at a time.

A line has three parts: the gutter (the speaker's name, wrapped, then the time of the turn),
the text (coded spans in their code's colour, blended where codes overlap, the selection in
reverse, search hits underlined) and the margin (stripes and labels, see
:mod:`~casebook.tui.widgets.margin`). What a turn's gutter and margin need is planned once
per turn (:class:`TurnPlan`), and the layout gives the turn that many lines.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from casebook.coding.session import CodingSession
from casebook.i18n import clock
from casebook.model import DEFAULT_COLOUR
from casebook.tui.widgets import margin as mg
from casebook.tui.widgets.layout import Layout, wrap

SPEAKER = Style(bold=True, color="cyan")
TIME = Style(color="grey50")
HIT = Style(underline=True, bold=True, color="yellow")
PLAIN = Style()
NAME_LINES = 3  # a speaker's name wraps over at most this many lines


def geometry(width: int, longest: int = 10) -> tuple[int, int]:
    """(gutter, margin) in cells for a transcript ``width`` cells wide whose speakers'
    longest word is ``longest`` characters; no margin below 40 cells (the colours and the
    status line still show the codings)."""
    gutter = max(6, min(longest + 2, 18, max(8, width * 16 // 100)))
    if width < 40:
        return min(gutter, max(4, width // 5)), 0
    return gutter, max(16, min(32, width // 4))


@dataclass(slots=True)
class TurnPlan:
    """What a turn shows beside its text, line by line."""

    gutter: list[tuple[str, Style]]
    margin: list[list[Segment]]  # empty for a turn without labels

    @property
    def height(self) -> int:
        return max(len(self.gutter), len(self.margin))


class Painter:
    """Draws the lines of a :class:`Layout` of the session's open document."""

    def __init__(self, session: CodingSession, language: str = "nl") -> None:
        self.session, self.language = session, language
        self.width = 80
        self.gutter, self.margin = geometry(self.width)
        self.lanes: dict[int, int] = {}
        self.plans: dict[int, TurnPlan] = {}
        self._styles: dict[tuple, Style] = {}

    def set_width(self, width: int) -> None:
        self.width = width
        words = [len(word) for turn in self.session.turns[:2000] if turn.speaker
                 for word in turn.speaker.split()]
        self.gutter, self.margin = geometry(width, max(words, default=4))
        self.plans.clear()

    @property
    def text_width(self) -> int:
        return max(10, self.width - self.gutter - self.margin)

    def reset_lanes(self) -> None:
        """Lanes for every coding of the open document (after it was opened)."""
        self.lanes = mg.assign_lanes(self.session.doc.codings.values()) \
            if self.session.doc else {}

    def _lane(self, coding) -> int:
        lane = self.lanes.get(coding.id)
        if lane is None:  # added since: the lowest lane its neighbours leave free
            lane = self.lanes[coding.id] = mg.free_lane(
                self.lanes, self.session.overlapping(coding.start, coding.end))
        return lane

    def _codings(self, start: int, end: int) -> list:
        session = self.session
        codings = session.codings_in(start, max(end, start + 1))
        if session.selection.filter_code:
            codings = [c for c in codings if c.code_id == session.selection.filter_code]
        return codings

    def _colour(self, code_id: str) -> str:
        code = self.session.code_by_id.get(code_id)
        return code.colour if code else DEFAULT_COLOUR

    # -- planning a turn ------------------------------------------------------------
    def height(self, index: int, spans: list[tuple[int, int]]) -> int:
        """The lines turn ``index`` needs (the layout's callback); keeps its plan if it has
        labels (a plain turn's gutter is made again when drawn: fewer objects to keep)."""
        plan = self.plan(index, spans)
        if plan.margin:
            self.plans[index] = plan
        else:
            self.plans.pop(index, None)
        return max(len(spans), plan.height)

    def plan(self, index: int, spans: list[tuple[int, int]]) -> TurnPlan:
        turn = self.session.turns[index]
        return TurnPlan(self._gutter(turn), self._labels(turn, spans))

    def _gutter(self, turn) -> list[tuple[str, Style]]:
        width = self.gutter - 1
        name = turn.speaker or ""
        rows = [(name[s:e], SPEAKER) for s, e in wrap(name, 0, len(name), width)] \
            if name else [("", SPEAKER)]
        if len(rows) > NAME_LINES:
            rows = rows[:NAME_LINES]
            rows[-1] = (rows[-1][0][: width - 1] + "…", SPEAKER)
        if turn.time_start is not None:
            rows.append((clock(turn.time_start)[:width], TIME))
        return rows

    def _labels(self, turn, spans: list[tuple[int, int]]) -> list[list[Segment]]:
        if not self.margin:
            return []
        visible = self.session.selection.visible
        starts = [s for s, _ in spans]
        placed = []
        for coding in self._codings(turn.start, turn.end):
            if coding.start >= turn.start:
                row = max(0, bisect_right(starts, coding.start) - 1)
            elif not visible(coding.start):  # begun where nobody sees it: label it here
                row = 0
            else:
                continue
            placed.append((row, mg.Label(
                self.session.code_label(coding.code_id, self.language),
                self._colour(coding.code_id), self.session.has_memo(coding),
                mg.initials(coding.coder_name))))
        return mg.place(placed, self.margin - 3 - self._stripe_width())

    def _stripe_width(self) -> int:
        return min(mg.LANES, max(1, self.margin // 8))

    # -- drawing --------------------------------------------------------------------
    def render(self, layout: Layout, line: int, width: int) -> Strip:
        index = layout.turn[line]
        start, end = layout.start[line], layout.end[line]
        if index == -1:
            segments = [Segment(" " * (self.gutter + self.text_width))]
            segments += self._margin(start, end, None, 0, text=False)
            return Strip(segments).adjust_cell_length(width)
        plan = self.plans.get(index) or TurnPlan(self._gutter(self.session.turns[index]), [])
        row = layout.row[line]
        label, style = plan.gutter[row] if row < len(plan.gutter) else ("", PLAIN)
        segments = [Segment(label.ljust(self.gutter), style)]
        if layout.pad[line]:
            segments.append(Segment(" " * self.text_width))
        else:
            segments += self._text(start, end, self.session.turns[index])
        segments += self._margin(start, end, plan, row, text=not layout.pad[line])
        return Strip(segments).adjust_cell_length(width)

    def _margin(self, start: int, end: int, plan: TurnPlan | None, row: int, *,
                text: bool) -> list[Segment]:
        if not self.margin:
            return []
        covering = []
        if text:
            for coding in self._codings(start, end):
                covering.append((self._lane(coding), self._colour(coding.code_id),
                                 coding.start >= start, coding.end <= max(end, start + 1)))
        else:  # a blank line: the codings that go on past it
            for coding in self._codings(start, start + 1):
                if coding.start < start:
                    covering.append((self._lane(coding), self._colour(coding.code_id),
                                     False, False))
        label = plan.margin[row] if plan and row < len(plan.margin) else []
        return mg.margin_line(mg.stripes(covering, self._stripe_width()), label, self.margin)

    def _style(self, colours: tuple[str, ...], selected: bool, hit: bool) -> Style:
        key = (colours, selected, hit)
        style = self._styles.get(key)
        if style is None:
            style = PLAIN
            if colours:
                background = mg.blend(colours)
                style = Style(bgcolor=background, color=mg.readable_on(background))
            if hit:
                style = style + HIT
            if selected:
                style = style + Style(reverse=True)
            style = self._styles[key] = style
        return style

    def _text(self, start: int, end: int, turn) -> list[Segment]:
        session = self.session
        codings = self._codings(start, end)
        sel_start, sel_end = session.selection.span
        caret = sel_start == sel_end
        points = {start, end}
        for coding in codings:
            points.add(min(max(coding.start, start), end))
            points.add(min(max(coding.end, start), end))
        if not caret:
            points.update(min(max(p, start), end) for p in (sel_start, sel_end))
        elif start <= sel_start < end:
            points.update((sel_start, sel_start + 1))
        hits = self._hits(start, end)
        for hit in hits:
            points.update(min(max(p, start), end) for p in hit)
        colour = {c.code_id: self._colour(c.code_id) for c in codings}
        segments, used, edges = [], 0, sorted(points)
        for a, b in zip(edges, edges[1:]):
            colours = tuple(sorted({colour[c.code_id] for c in codings if c.start <= a < c.end}))
            selected = (sel_start <= a < sel_end) or (caret and a == sel_start)
            hit = any(h[0] <= a < h[1] for h in hits)
            piece = session.text[a:b]
            segments.append(Segment(piece, self._style(colours, selected, hit)))
            used += cell_len(piece)
        room = self.text_width - used
        if caret and sel_start == end and end == turn.end and room > 0:
            segments.append(Segment(" ", Style(reverse=True)))
            room -= 1
        if room > 0:
            segments.append(Segment(" " * room))
        return segments

    def _hits(self, start: int, end: int) -> list[tuple[int, int]]:
        hits = self.session.selection.hits
        if not hits:
            return []
        i = max(0, bisect_left(hits, (start, start)) - 1)
        found = []
        while i < len(hits) and hits[i][0] < end:
            if hits[i][1] > start:
                found.append(hits[i])
            i += 1
        return found
