"""What the workbench's Pilot tests share: keys sent in one burst, the screen as text, the
codings in the store."""

from __future__ import annotations

import html
import re

from textual import events

CELL = 12.2  # the width of a cell in Textual's SVG screenshots
CHARACTERS = {"slash": "/", "enter": "\r", "space": " ", "escape": "\x1b", "plus": "+",
              "colon": ":", "question_mark": "?", "full_stop": ".", "minus": "-",
              "left_square_bracket": "[", "right_square_bracket": "]", "backspace": "\x7f"}


async def burst(pilot, *keys: str) -> None:
    """Send ``keys`` as they come over SSH in one read: all posted at once, nothing waits
    for the app between them; then wait until the app has handled them."""
    app = pilot.app
    for key in keys:
        character = CHARACTERS.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))
    await settle(pilot)


async def settle(pilot, rounds: int = 4) -> None:
    """Wait until the app has handled what it was sent and its workers are done."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause(0.02)


def screen_text(app) -> str:
    """What the terminal shows, as plain text, one line of the screen per line."""
    return "\n".join(screen_lines(app))


def screen_lines(app) -> list[str]:
    """What the terminal shows, line by line, each cell in its column."""
    svg = app.export_screenshot()
    width, height = app.size
    grid = [[" "] * width for _ in range(height)]
    for x, row, text in re.findall(
            r'<text[^>]*x="([\d.]+)" y="[\d.]+"[^>]*clip-path="url\(#[\w-]+-line-(\d+)\)"'
            r'>([^<]*)</text>', svg):
        column = round(float(x) / CELL)
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            if 0 <= column + offset < width:
                grid[int(row)][column + offset] = char
    return ["".join(line) for line in grid]


def transcript_lines(app) -> list[str]:
    from casebook.tui.widgets.transcript import TranscriptView

    view = app.screen.query_one(TranscriptView)
    return ["".join(s.text for s in view.render_line(y)) for y in range(view.size.height)]


def codings(project):
    return [(c.code_id, project.store.document(c.document_id).name,
             project.store.document(c.document_id).text[c.start:c.end])
            for c in project.store.codings()]


def selected(app) -> str:
    session = app.session
    return session.text[slice(*session.selection.span)]


def notifications(app) -> list[str]:
    """Start recording what ``app`` tells the user (toasts are not in screenshots)."""
    said: list[str] = []
    notify = app.notify

    def record(message, *args, **kwargs):
        said.append(str(message))
        return notify(message, *args, **kwargs)
    app.notify = record
    return said
