"""The transcript: a virtual view that renders only the lines on screen.

The layout -- one entry per display line, holding the turn and the text offsets it shows --
is computed once per width (and filter). Lines are drawn on demand with the Line API and
their Strips cached; a coding change or a selection move drops just the lines it touches.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from casebook.coding.session import CodingSession
from casebook.i18n import clock, tr
from casebook.model import DEFAULT_COLOUR
from casebook.tui import keys
from casebook.tui.messages import SelectionChanged
from casebook.tui.widgets.layout import CHUNK, Layout
from casebook.tui.widgets.margin import blend, margin_segments, readable_on

GUTTER = 12
MARGIN = 22
CACHE = 400

SPEAKER = Style(bold=True, color="cyan")
TIME = Style(color="grey50")
HIT = Style(underline=True, bold=True, color="yellow")
PLAIN = Style()


class TranscriptView(ScrollView, can_focus=True):
    """Turns with speaker and time in a gutter, coded spans in colour, the selection in
    reverse, and the labels of codings that start on a line in the right margin."""

    DEFAULT_CSS = """
    TranscriptView { height: 1fr; overflow-x: hidden; overflow-y: scroll; }
    """

    def __init__(self, session: CodingSession, language: str = "nl", **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.language = language
        self._width = 0
        self._layout = Layout("", [], [], 10)
        self._cache: dict[int, Strip] = {}
        self._styles: dict[tuple, Style] = {}
        self._anchor: int | None = None
        self.set_language(language)

    # -- bindings -------------------------------------------------------------------
    def set_language(self, language: str) -> None:
        self.language = language
        hotkeys = {code.hotkey for code in self.session.codes if code.hotkey}
        from textual.binding import BindingsMap

        table = keys.bindings(keys.TRANSCRIPT_KEYS, language, skip=hotkeys)
        coded = [code for code in self.session.codes if code.hotkey]
        for number, code in enumerate(coded):
            # the footer shows the first hotkey for all of them ("1…0 code")
            shown = keys.hotkeys_display([c.hotkey for c in coded]) if number == 0 else None
            table.append(_hotkey_binding(code.hotkey, code.id, shown, language))
        self._bindings = BindingsMap(table)
        self._cache.clear()
        if self.is_mounted:
            self.refresh_bindings()
            self.refresh()

    # -- layout ---------------------------------------------------------------------
    @property
    def text_width(self) -> int:
        return max(10, self._width - GUTTER - MARGIN)

    def relayout(self) -> None:
        """Lay out the document again (new document, width or filter). Only the first
        screens are laid out now; the rest follows in the background or on demand."""
        self._width = self.scrollable_content_region.width
        session = self.session
        self._layout = Layout(session.text, session.turns, session.selection.visible_turns(),
                              self.text_width)
        self._cache.clear()
        if not self._width:  # not sized yet: on_resize comes back here
            return
        self._layout.until_line(self.scroll_offset.y + 2 * self.size.height)
        self._sync_size()
        self.refresh()
        if not self._layout.complete:
            self.set_timer(0.2, lambda layout=self._layout: self._grow(layout))

    def _grow(self, layout: Layout) -> None:
        if layout is not self._layout or layout.complete:
            return
        layout.extend(4 * CHUNK)
        self._sync_size()
        if not layout.complete:
            self.set_timer(0.02, lambda: self._grow(layout))

    def _sync_size(self) -> None:
        size = Size(0, self._layout.estimate())  # never wider than the view
        if size != self.virtual_size:
            self.virtual_size = size

    def set_layout(self, layout: Layout) -> None:
        """Use ``layout`` as it is (for measuring without a running app)."""
        self._layout = layout
        self._width = layout.width + GUTTER + MARGIN
        self._cache.clear()

    def on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if width != self._width:
            top = self._layout.start[self.scroll_offset.y] \
                if self.scroll_offset.y < len(self._layout) else 0
            self.relayout()
            self.scroll_to(y=self.line_of(top), animate=False, immediate=True)

    @property
    def line_count(self) -> int:
        return len(self._layout)

    def line_of(self, offset: int) -> int:
        """The display line that shows ``offset`` (the last one starting at or before it)."""
        layout = self._layout
        layout.until_offset(offset)
        line = bisect_right(layout.start, offset) - 1
        while line > 0 and layout.turn[line] == -1:
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
        for line in range(first, last + 1):
            self._cache.pop(line, None)
        top = self.scroll_offset.y
        height = self.size.height
        low, high = max(first, top), min(last, top + height - 1)
        if low <= high:
            self.refresh_lines(low, high - low + 1)

    def move_selection(self, old: tuple[int, int]) -> None:
        """After the session's selection moved from ``old``: redraw and keep it in view."""
        self.invalidate(*old)
        self.invalidate(*self.session.selection.span)
        self.show_selection()

    def show_selection(self) -> None:
        start, end = self.session.selection.span
        line = self.line_of(start)
        end_line = self.line_of(max(start, end - 1))
        top, height = self.scroll_offset.y, self.size.height
        if line < top or end_line >= top + height:
            if end_line - line < height and line >= top:
                target = end_line - height + 1
            else:
                target = line - max(1, height // 3)
            self.scroll_to(y=max(0, target), animate=False, immediate=True)

    # -- drawing --------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        if line >= len(self._layout):
            self._layout.until_line(line)
            if line >= len(self._layout):
                return Strip.blank(self.size.width)
        strip = self._cache.get(line)
        if strip is None:
            if len(self._cache) > CACHE:
                self._cache.clear()
            strip = self._cache[line] = self._render(line)
        return strip

    def _style(self, colours: tuple[str, ...], selected: bool, hit: bool) -> Style:
        key = (colours, selected, hit)
        style = self._styles.get(key)
        if style is None:
            style = PLAIN
            if colours:
                background = blend(colours)
                style = Style(bgcolor=background, color=readable_on(background))
            if hit:
                style = style + HIT
            if selected:
                style = style + Style(reverse=True)
            style = self._styles[key] = style
        return style

    def _render(self, line: int) -> Strip:
        session, layout = self.session, self._layout
        turn_index = layout.turn[line]
        width = max(self._width, self.size.width)
        if turn_index == -1:
            return Strip([Segment(" " * width)], width)
        start, end = layout.start[line], layout.end[line]
        turn = session.turns[turn_index]
        segments = [self._gutter(turn, line)]
        codings = session.codings_in(start, max(end, start + 1))
        if session.selection.filter_code:
            codings = [c for c in codings if c.code_id == session.selection.filter_code]
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
        text = session.text
        colour = {c.code_id: session.code_by_id[c.code_id].colour
                  if c.code_id in session.code_by_id else DEFAULT_COLOUR for c in codings}
        used = 0
        edges = sorted(points)
        for a, b in zip(edges, edges[1:]):
            colours = tuple(sorted({colour[c.code_id] for c in codings if c.start <= a < c.end}))
            selected = (sel_start <= a < sel_end) or (caret and a == sel_start)
            hit = any(h[0] <= a < h[1] for h in hits)
            piece = text[a:b]
            segments.append(Segment(piece, self._style(colours, selected, hit)))
            used += cell_len(piece)
        room = self.text_width - used
        if caret and sel_start == end and end == turn.end and room > 0:
            segments.append(Segment(" ", Style(reverse=True)))
            room -= 1
        if room > 0:
            segments.append(Segment(" " * room))
        starting = dict.fromkeys(  # one label per code, in order of appearance
            c.code_id for c in codings if start <= c.start < max(end, start + 1)
            or (layout.first[line] and c.start < start))  # begun before this turn
        memo = {c.code_id for c in codings if c.memo and c.code_id in starting}
        labels = [(session.code_label(code_id, self.language)
                   + (" ✎" if code_id in memo else ""), colour[code_id])
                  for code_id in starting]
        segments.extend(margin_segments(labels, MARGIN))
        return Strip(segments).adjust_cell_length(width)

    def _gutter(self, turn, line: int) -> Segment:
        first = self._layout.first
        if first[line]:
            label = turn.speaker or ""
            if len(label) > GUTTER - 2:
                label = label[: GUTTER - 3] + "…"
            return Segment(label.ljust(GUTTER), SPEAKER)
        if line > 0 and first[line - 1] and turn.time_start is not None:
            return Segment(clock(turn.time_start)[: GUTTER - 1].ljust(GUTTER), TIME)
        return Segment(" " * GUTTER)

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

    # -- paging -------------------------------------------------------------------
    def page(self, direction: int) -> None:
        """Scroll a page and select the first sentence on it."""
        layout = self._layout
        height = max(1, self.size.height - 1)
        layout.until_line(self.scroll_offset.y + 3 * height)
        self._sync_size()
        target = max(0, min(self.scroll_offset.y + direction * height,
                            len(layout) - self.size.height))
        self.scroll_to(y=target, animate=False, immediate=True)
        line = min(target, len(layout) - 1)
        while line < len(layout) - 1 and layout.turn[line] == -1:
            line += 1
        if layout.start:
            old = self.session.selection.span
            self.session.selection.select(layout.start[line], layout.start[line])
            self.session.selection.next_sentence()
            self.invalidate(*old)
            self.invalidate(*self.session.selection.span)

    # -- mouse ----------------------------------------------------------------------
    def offset_at(self, x: int, y: int) -> int | None:
        layout = self._layout
        line = self.scroll_offset.y + y
        if not (0 <= line < len(layout)) or layout.turn[line] == -1:
            return None
        start, end = layout.start[line], layout.end[line]
        column = x - GUTTER
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
        old = self.session.selection.span
        self.session.selection.select(offset, offset)
        self.capture_mouse()
        self.move_selection(old)
        self.post_message(SelectionChanged())

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._anchor is None or not event.button:
            return
        offset = self.offset_at(event.x, event.y)
        if offset is None:
            return
        old = self.session.selection.span
        self.session.selection.select(self._anchor, offset)
        if self.session.selection.span != old:
            self.move_selection(old)
            self.post_message(SelectionChanged())

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self._anchor = None
        self.release_mouse()


def _hotkey_binding(key: str, code_id: str, shown: str | None, language: str):
    from textual.binding import Binding

    return Binding(key, f"app.apply_code({code_id!r})", tr("k_pick", language) if shown
                   else code_id, show=shown is not None, key_display=shown)
