"""The transcript: a virtual view that renders only the lines on screen.

The layout -- one entry per display line, holding the turn and the text offsets it shows --
is computed once per width (and filter), in chunks: the first screens at once, the rest in
the background or when a jump needs it. Lines are drawn on demand with the Line API (see
:mod:`~casebook.tui.widgets.lines`) and their Strips cached; a coding change or a selection
move drops just the lines it touches. The language, the selection and the filters come down
from the coding screen as reactives (``data_bind``).
"""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right

from rich.cells import get_character_cell_size
from textual import events
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from casebook.coding.session import CodingSession, Filters
from casebook.tui.messages import SelectionMade
from casebook.tui.widgets.layout import CHUNK, Layout
from casebook.tui.widgets.lines import Painter

CACHE = 400


class TranscriptView(ScrollView, can_focus=True):
    """Turns with speaker and time in a gutter, coded spans in colour, the selection in
    reverse, and the codings' stripes and labels in the right margin."""

    DEFAULT_CSS = """
    TranscriptView { height: 1fr; overflow-x: hidden; overflow-y: scroll; }
    """
    language = reactive("nl")
    span = reactive((0, 0), always_update=True)
    filters = reactive(Filters(), init=False)

    def __init__(self, session: CodingSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.painter = Painter(session)
        self._width = 0
        self._layout = Layout("", [], [], 10)
        self._cache: dict[int, Strip] = {}
        self._anchor: int | None = None
        self._turn_starts: list[int] = []

    # -- what comes down from the screen ----------------------------------------------
    def watch_language(self, language: str) -> None:
        self.painter.language = language
        if self.is_mounted:
            self.relayout()

    def watch_span(self, old: tuple[int, int], new: tuple[int, int]) -> None:
        """The selection moved from ``old``: redraw both and keep it in view."""
        self.invalidate(*old)
        self.invalidate(*new)
        self.show_selection()

    def watch_filters(self) -> None:
        self.relayout()
        self.show_selection()

    # -- layout ---------------------------------------------------------------------
    @property
    def text_width(self) -> int:
        return self.painter.text_width

    def relayout(self) -> None:
        """Lay out the document again (new document, width, filter or language). Only the
        first screens are laid out now; the rest follows in the background or on demand."""
        self._lay_out(self.scrollable_content_region.width)
        if not self._width:  # not sized yet: the first frame lays it out (render_line)
            return
        self._sync_size()
        self.refresh()
        self._schedule_growth()

    def _lay_out(self, width: int) -> None:
        """A new layout ``width`` cells wide, its first screens laid out; nothing more (it
        is also done while a frame is drawn)."""
        self._width = width
        self.painter.set_width(width or 80)
        session = self.session
        self._layout = Layout(session.text, session.turns, session.selection.visible_turns(),
                              self.text_width, self.painter.height)
        self._cache.clear()
        if width:
            self._layout.until_line(self.scroll_offset.y + 2 * self.size.height)

    def _top(self) -> int:
        """The text offset of the top line shown."""
        layout, y = self._layout, self.scroll_offset.y
        return layout.start[y] if y < len(layout) else 0

    def _keep(self, top: int) -> None:
        """After a new layout: the text at ``top`` at the top again, the selection shown."""
        self.scroll_to(y=self.line_of(top), animate=False, immediate=True)
        self.show_selection()

    def opened(self) -> None:
        """A document was opened (or loaded in full): lanes, layout, top of the text."""
        self.painter.reset_lanes()
        self._turn_starts = [turn.start for turn in self.session.turns]
        self.relayout()
        self.scroll_to(y=0, animate=False, immediate=True)

    def completed(self) -> None:
        """The open document was read in full: lay it out again, keeping what is shown."""
        top = self._top()
        self.painter.reset_lanes()
        self._turn_starts = [turn.start for turn in self.session.turns]
        self.relayout()
        self.scroll_to(y=self.line_of(top), animate=False, immediate=True)

    def _schedule_growth(self) -> None:
        if not self._layout.complete:
            self.set_timer(0.2, lambda layout=self._layout: self._grow(layout))

    def _grow(self, layout: Layout) -> None:
        if layout is not self._layout:
            return
        layout.extend(4 * CHUNK)
        self._sync_size()
        if not layout.complete:
            self.set_timer(0.02, lambda: self._grow(layout))
        else:  # a long document's text, turns, codings and layout live until it is closed:
            gc.freeze()  # the collector need not walk them on every full collection

    def _sync_size(self) -> None:
        size = Size(0, self._layout.estimate())  # never wider than the view
        if size != self.virtual_size:
            self.virtual_size = size

    def set_layout(self, layout: Layout, width: int) -> None:
        """Use ``layout`` as it is (for measuring without a running app)."""
        self._layout = layout
        self._width = width
        self._cache.clear()

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            top = self._top()
            self.relayout()
            self._keep(top)

    def _fitted(self, top: int) -> None:
        """After a frame drawn at a new width (see render_line): what a new layout needs
        besides its lines."""
        self._sync_size()
        self._schedule_growth()
        self._keep(top)

    @property
    def laid_out(self) -> bool:
        """Whether every turn is laid out (the background work is done)."""
        return self._layout.complete

    @property
    def line_count(self) -> int:
        return len(self._layout)

    def line_of(self, offset: int) -> int:
        """The display line that shows ``offset`` (the last text line starting at or
        before it)."""
        layout = self._layout
        layout.until_offset(offset)
        line = bisect_right(layout.start, offset) - 1
        while line > 0 and (layout.turn[line] == -1 or layout.pad[line]):
            line -= 1
        return max(0, line)

    # -- invalidation ---------------------------------------------------------------
    def invalidate(self, start: int, end: int) -> None:
        """Redraw the lines showing ``[start, end]``."""
        layout = self._layout
        if not layout.start:
            return
        first = max(0, bisect_left(layout.end, start) - 1)
        last = min(len(layout) - 1, bisect_right(layout.start, end))
        while last + 1 < len(layout) and layout.pad[last + 1]:
            last += 1  # the margin of a turn goes on in its pad lines
        self._redraw(first, last)

    def coded(self, start: int, end: int) -> None:
        """Codings in ``[start, end]`` changed: plan their turns' margins again; a turn
        that now needs more or fewer lines is laid out again from there on."""
        layout, starts = self._layout, self._turn_starts
        first = max(0, bisect_right(starts, start) - 1)
        last = max(first, bisect_right(starts, end) - 1)
        if last - first > 50:  # an autocode all over the document: lay it all out again
            top = self._top()
            self.relayout()
            self.scroll_to(y=self.line_of(top), animate=False, immediate=True)
            return
        for index in range(first, last + 1):
            line = self._first_line(index)
            if line is None:
                continue
            lines = list(self._turn_lines(line))
            spans = [(layout.start[i], layout.end[i]) for i in lines if not layout.pad[i]]
            if self.painter.height(index, spans) == len(lines):
                self._redraw(lines[0], lines[-1])  # its labels may sit on any of its lines
                continue
            layout.redo_turn(index, lines[0], len(lines))  # more or fewer lines for labels
            for cached in [n for n in self._cache if n >= lines[0]]:
                del self._cache[cached]
            self._sync_size()
            self.refresh()
        self.invalidate(start, end)

    def _redraw(self, first: int, last: int) -> None:
        for line in range(first, last + 1):
            self._cache.pop(line, None)
        top = self.scroll_offset.y
        low, high = max(first, top), min(last, top + self.size.height - 1)
        if low <= high:
            self.refresh_lines(low, high - low + 1)

    def _first_line(self, index: int) -> int | None:
        layout = self._layout
        position = bisect_left(layout.order, index)
        if position >= len(layout.order) or layout.order[position] != index \
                or position >= layout.done:
            return None
        line = self.line_of(self.session.turns[index].start)
        while line > 0 and layout.turn[line - 1] == index:
            line -= 1
        return line

    def _turn_lines(self, line: int):
        layout, index = self._layout, self._layout.turn[line]
        while line < len(layout) and layout.turn[line] == index:
            yield line
            line += 1

    def show_selection(self) -> None:
        """Scroll so that the selection is on screen (its start, if it is taller)."""
        if not self.size.height:
            return
        start, end = self.session.selection.span
        line = self.line_of(start)
        end_line = self.line_of(max(start, end - 1))
        self._sync_size()
        top, height = self.scroll_offset.y, self.size.height
        if line < top or end_line >= top + height:
            if end_line - line < height and line >= top:
                target = end_line - height + 1
            else:
                target = line - max(1, height // 3)
            self.scroll_to(y=max(0, target), animate=False, immediate=True)

    # -- drawing --------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._width:  # a new size is drawn before on_resize hears of it: the
            top = self._top()  # first frame, too, shows the text as wide as the view is
            self._lay_out(width)
            self.call_later(self._fitted, top)
        line = self.scroll_offset.y + y
        if line >= len(self._layout):
            self._layout.until_line(line)
            if line >= len(self._layout):
                return Strip.blank(self.size.width)
        strip = self._cache.get(line)
        if strip is None:
            if len(self._cache) > CACHE:
                self._cache.clear()
            strip = self._cache[line] = self.painter.render(
                self._layout, line, max(self._width, self.size.width))
        return strip

    # -- paging -------------------------------------------------------------------
    def page_target(self, direction: int) -> int | None:
        """The offset a page down (up) from the selection lands on: the start of the
        first text line a screen below (above) the selection's line."""
        layout = self._layout
        if not layout.start:
            return None
        height = max(1, self.size.height - 1)
        line = self.line_of(self.session.selection.span[0]) + direction * height
        layout.until_line(max(0, line) + height)
        line = max(0, min(line, len(layout) - 1))
        while line < len(layout) - 1 and (layout.turn[line] == -1 or layout.pad[line]):
            line += 1
        return layout.start[line]

    # -- mouse ----------------------------------------------------------------------
    def offset_at(self, x: int, y: int) -> int | None:
        layout = self._layout
        line = self.scroll_offset.y + y
        if not (0 <= line < len(layout)) or layout.turn[line] == -1:
            return None
        start, end = layout.start[line], layout.end[line]
        column = x - self.painter.gutter
        if column <= 0:
            return start
        cells = 0
        for i in range(start, end):
            cells += get_character_cell_size(self.session.text[i])
            if cells > column:
                return i
        return end

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self.offset_at(event.x, event.y)
        if offset is None:
            return
        self.focus()
        self._anchor = offset
        self.capture_mouse()
        self.post_message(SelectionMade(offset, offset))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._anchor is None or not event.button:
            return
        offset = self.offset_at(event.x, event.y)
        if offset is not None:
            self.post_message(SelectionMade(self._anchor, offset))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self._anchor = None
        self.release_mouse()
