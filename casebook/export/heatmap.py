"""A students × codes heat map as an SVG picture: one cell per student and code, darker for
more agreement with the reference, with the figure written in it (so it reads in grey and
for people who do not tell the colours apart); a cell without a figure is hatched."""

from __future__ import annotations

from base64 import b64encode
from html import escape

from casebook.export.contrast import hex_colour
from casebook.export.feedback import figure

LOW, HIGH = (247, 251, 255), (8, 48, 107)  # a sequential blue: 0 (or less) .. 1
CELL_W, CELL_H, FONT = 46, 18, 10


def colour(value: float) -> tuple[int, int, int]:
    share = min(1.0, max(0.0, value))
    r, g, b = (round(lo + share * (hi - lo)) for lo, hi in zip(LOW, HIGH))
    return r, g, b


def svg(rows: list[str], columns: list[str], values: list[list[float | None]],
        language: str = "nl", title: str = "") -> str:
    """The heat map of ``values`` (rows × columns) as an SVG document."""
    left = 12 + 6.2 * max((len(r) for r in rows), default=4)
    top = 12 + 5.0 * max((len(c) for c in columns), default=4)
    width, height = left + CELL_W * len(columns) + 8, top + CELL_H * len(rows) + 8
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
           f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
           'font-family="DejaVu Sans, sans-serif" role="img">'
           f"<title>{escape(title)}</title>"
           '<defs><pattern id="none" width="6" height="6" patternUnits="userSpaceOnUse">'
           '<path d="M0 6L6 0" stroke="#bbb" stroke-width="1"/></pattern></defs>']
    for j, name in enumerate(columns):
        x = left + CELL_W * j + CELL_W / 2
        out.append(f'<text x="{x:.1f}" y="{top - 6:.1f}" font-size="{FONT}" '
                   f'transform="rotate(-45 {x:.1f} {top - 6:.1f})">{escape(name)}</text>')
    for i, name in enumerate(rows):
        y = top + CELL_H * i
        out.append(f'<text x="{left - 6:.1f}" y="{y + CELL_H * 0.7:.1f}" font-size="{FONT}" '
                   f'text-anchor="end">{escape(name)}</text>')
        for j, value in enumerate(values[i]):
            x = left + CELL_W * j
            fill = "url(#none)" if value is None else hex_colour(colour(value))
            ink = "#ffffff" if value is not None and value > 0.55 else "#111111"
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{CELL_W - 1}" '
                       f'height="{CELL_H - 1}" fill="{fill}"/>'
                       f'<text x="{x + CELL_W / 2:.1f}" y="{y + CELL_H * 0.7:.1f}" '
                       f'font-size="{FONT - 1}" text-anchor="middle" fill="{ink}">'
                       f"{figure(value, language)}</text>")
    out.append("</svg>")
    return "".join(out)


def data_url(picture: str) -> str:
    """The SVG as a ``data:`` URL (the only kind the PDF writer and the web page load)."""
    return "data:image/svg+xml;base64," + b64encode(picture.encode("utf-8")).decode("ascii")
