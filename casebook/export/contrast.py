"""Colours a reader can read: WCAG 2.1 contrast, and code highlights that keep it.

A code's colour is laid under the text at some opacity. :func:`highlight` gives the opaque
colour of that blend at the highest opacity (up to the one asked for) at which the text on
it still has a contrast of at least 4.5:1 (WCAG 2.1 AA, normal text), for a light page and a
dark one alike.
"""

from __future__ import annotations

AA = 4.5
FALLBACK = (136, 136, 136)  # a colour that cannot be read: mid grey

RGB = tuple[int, int, int]


def rgb(colour: str) -> RGB:
    """``#rrggbb`` (or ``#rgb``) as numbers; anything else the fallback grey."""
    value = colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(2 * c for c in value)
    try:
        r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return FALLBACK
    return (r, g, b) if len(value) == 6 else FALLBACK


def hex_colour(colour: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def luminance(colour: RGB) -> float:
    """Relative luminance (WCAG 2.1)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """The contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def blend(colour: RGB, alpha: float, ground: RGB) -> RGB:
    """``colour`` at opacity ``alpha`` over ``ground``, as the browser composites it."""
    r, g, b = (round(alpha * c + (1 - alpha) * g) for c, g in zip(colour, ground))
    return r, g, b


def highlight(colour: str, text: str, ground: str, alpha: float, ratio: float = AA) -> str:
    """The opaque colour of ``colour`` over ``ground`` at the highest opacity up to
    ``alpha`` at which ``text`` keeps at least ``ratio`` against it (opacity 0, the
    ground itself, when even the faintest tint would not)."""
    code, ink, page = rgb(colour), rgb(text), rgb(ground)
    low, high = 0.0, alpha
    if contrast(ink, blend(code, high, page)) >= ratio:
        return hex_colour(blend(code, high, page))
    for _ in range(20):  # bisect; ``low`` always keeps the ratio
        middle = (low + high) / 2
        if contrast(ink, blend(code, middle, page)) >= ratio:
            low = middle
        else:
            high = middle
    return hex_colour(blend(code, low, page))
