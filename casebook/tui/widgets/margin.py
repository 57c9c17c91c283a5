"""The right margin of the transcript: the labels of the codings that start on a line,
each in its code's colour. Also the colour arithmetic the transcript shares."""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

SEPARATOR = Style(color="grey42")


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
def _label_style(colour: str) -> Style:
    return Style(color=hex_colour(colour), bold=True)


def margin_segments(labels: list[tuple[str, str]], width: int) -> list[Segment]:
    """``width`` cells: a separator, then ``(label, colour)`` pairs; what does not fit is
    counted as "+n"."""
    segments = [Segment("│ ", SEPARATOR)]
    room = width - 2
    for number, (label, colour) in enumerate(labels):
        gap = 1 if number else 0
        left = len(labels) - number - 1
        reserve = len(f" +{left}") if left else 0
        size = cell_len(label)
        if gap + size + reserve > room:
            if number == 0:  # the first label is cut rather than left out
                label = label[: max(1, room - reserve - 1)] + "…"
                size = cell_len(label)
            else:
                more = f" +{left + 1}"
                if len(more) <= room:
                    segments.append(Segment(more, SEPARATOR))
                    room -= len(more)
                break
        if gap:
            segments.append(Segment(" "))
        segments.append(Segment(label, _label_style(colour)))
        room -= gap + size
    if room > 0:
        segments.append(Segment(" " * room))
    return segments
