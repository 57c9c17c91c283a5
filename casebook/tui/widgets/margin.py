"""The right margin of the transcript, and the colour arithmetic the transcript shares.

Each coding has a lane in the margin: a stripe in its code's colour runs from the line where
the coding starts (╻) to the line where it ends (╹), so where it begins and ends is visible
on every line. Beside the stripes, the labels of the codings that start in a turn -- the
code's name, ✎ for a memo, the coder's initials -- are placed from their first line down,
each on its own line, wrapped at word boundaries; the transcript gives a turn as many lines
as its labels need, so no label is ever hidden.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from casebook.tui.widgets.layout import wrap

SEPARATOR = Style(color="grey42")
CODER = Style(color="grey62")
LANES = 3  # stripes shown side by side; more overlapping codings share the last lane
STRIPE = {(True, True): "▮", (True, False): "╻", (False, True): "╹", (False, False): "┃"}


@lru_cache(maxsize=512)
def rgb(colour: str) -> tuple[int, int, int]:
    """A code's colour as (r, g, b); whatever rich can parse ("#abc", "#aabbcc", "red"),
    grey for anything else, so a codebook typo never breaks drawing."""
    from rich.color import Color, ColorParseError

    colour = colour.strip()
    if len(colour) == 4 and colour.startswith("#"):  # "#abc" -> "#aabbcc"
        colour = "#" + "".join(c * 2 for c in colour[1:])
    try:
        triplet = Color.parse(colour).get_truecolor()
    except (ColorParseError, AttributeError):
        return 136, 136, 136
    return triplet.red, triplet.green, triplet.blue


def hex_colour(colour: str) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb(colour))


@lru_cache(maxsize=4096)
def blend(colours: tuple[str, ...]) -> str:
    """One background for text under several codes: the mean of their colours."""
    parts = [rgb(c) for c in colours]
    r, g, b = (sum(p[i] for p in parts) // len(parts) for i in range(3))
    return f"#{r:02x}{g:02x}{b:02x}"


@lru_cache(maxsize=4096)
def readable_on(colour: str) -> str:
    r, g, b = rgb(colour)
    return "#000000" if (0.299 * r + 0.587 * g + 0.114 * b) > 140 else "#ffffff"


@lru_cache(maxsize=1024)
def label_style(colour: str) -> Style:
    return Style(color=hex_colour(colour), bold=True)


def initials(name: str | None) -> str:
    """A coder's initials: "anna" -> "A", "Bram de Wit" -> "BW"."""
    words = [w for w in (name or "").split() if w[:1].isalpha() and not w.islower()] \
        or (name or "?").split()
    return "".join(w[0].upper() for w in words[:2])


# -- lanes --------------------------------------------------------------------------
def assign_lanes(codings) -> dict[int, int]:
    """A lane per coding id, so that codings that overlap never share one (greedy by
    start: the lowest lane free at the coding's start)."""
    lanes: dict[int, int] = {}
    busy: list[tuple[int, int]] = []  # (end, lane) of codings still open
    free: list[int] = []
    next_lane = 0
    for coding in sorted(codings, key=lambda c: (c.start, -c.end, c.id)):
        while busy and busy[0][0] <= coding.start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane, next_lane = next_lane, next_lane + 1
        lanes[coding.id] = lane
        heapq.heappush(busy, (coding.end, lane))
    return lanes


def free_lane(lanes: dict[int, int], overlapping) -> int:
    """The lowest lane no coding in ``overlapping`` has (for a coding just added)."""
    used = {lanes[c.id] for c in overlapping if c.id in lanes}
    return next(lane for lane in range(len(used) + 1) if lane not in used)


def stripes(covering: list[tuple[int, str, bool, bool]], width: int) -> list[Segment]:
    """The stripe cells of one line: ``covering`` is (lane, colour, starts here, ends
    here) per coding on the line; ``width`` cells (LANES, or fewer on a narrow margin)."""
    cells: list[Segment | None] = [None] * width
    for lane, colour, starts, ends in sorted(covering):
        cells[min(lane, width - 1)] = Segment(STRIPE[(starts, ends)], label_style(colour))
    return [cell or Segment(" ") for cell in cells]


# -- labels -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Label:
    """What the margin says about one coding: the code's name, whether it has a memo, who
    coded it, in the code's colour."""

    text: str
    colour: str
    memo: bool = False
    coder: str = ""

    def pieces(self, width: int) -> list[list[Segment]]:
        """The label wrapped to ``width`` cells: one list of segments per line."""
        words = self.text + (" ✎" if self.memo else "")
        full = words + (f" {self.coder}" if self.coder else "")
        lines = [full[s:e] for s, e in wrap(full, 0, len(full), max(1, width))]
        result, used = [], 0
        for line in lines:  # the coder's initials in grey, the rest in the code's colour
            name_part = line[: max(0, len(words) - used)]
            rest = line[len(name_part):]
            used += len(line) + 1
            segments = [Segment(name_part, label_style(self.colour))] if name_part else []
            if rest:
                segments.append(Segment(rest, CODER))
            result.append(segments)
        return result


def place(labels: list[tuple[int, Label]], width: int) -> list[list[Segment]]:
    """Place ``(first line, label)`` pairs (lines counted from the turn's first line) one
    below the other, none above its first line; returns the label cells of each line,
    as many lines as they need."""
    rows: list[list[Segment]] = []
    for first, label in sorted(labels, key=lambda pair: pair[0]):
        while len(rows) < first:
            rows.append([])
        rows.extend(label.pieces(width))
    return rows


def margin_line(stripe_cells: list[Segment], label: list[Segment], width: int) -> list[Segment]:
    """One line of the margin, ``width`` cells: separator, stripes, a label piece."""
    segments = [Segment("│", SEPARATOR), *stripe_cells, Segment(" ")]
    room = width - 2 - len(stripe_cells)
    for segment in label:
        size = cell_len(segment.text)
        if size > room:
            segment = Segment(segment.text[:room], segment.style)
            size = cell_len(segment.text)
        segments.append(segment)
        room -= size
    if room > 0:
        segments.append(Segment(" " * room))
    return segments
