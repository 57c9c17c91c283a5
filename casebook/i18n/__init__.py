"""Every word Casebook shows people, in Dutch and English: one catalogue, one lookup.

``tr(key, language, **values)`` is the text for ``key`` in ``language`` ("en"; anything else
is Dutch, the project default) with ``values`` filled in (``str.format``). An entry is
``(nl, en)``; a text with a count has a pair ``(one, more)`` on each side, chosen by the
value ``n``, the same rule in both languages (one for exactly 1, more otherwise, also 0):
``tr("hits", "nl", n=1, q="werk")`` is "1 treffer voor “werk”", with ``n=2`` "2 treffers …".

The CLI's own messages are English (scripts read them, README shows them); the workbench,
the reports and tables (in the TUI, printed by the CLI, or written to a file) and the
exported casebook follow the project's language. :func:`clock` is the one way a time in a
recording is shown.
"""

from __future__ import annotations

from casebook.i18n import coders, common, exercise, outputs, workbench
from casebook.i18n.text import Entry

LANGUAGES = ("nl", "en")

PARTS = (common, workbench, coders, outputs, exercise)  # by concept; no key in two of them
CATALOGUE: dict[str, Entry] = {key: entry for part in PARTS for key, entry in part.WORDS.items()}


def tr(key: str, language: str = "nl", **values: object) -> str:
    """The text for ``key`` in ``language`` (en, else nl), with ``values`` filled in; a text
    with a count takes its form from ``n``."""
    text = CATALOGUE[key][1 if language == "en" else 0]
    if isinstance(text, tuple):
        text = text[0] if values["n"] == 1 else text[1]
    return text.format(**values) if values else text


def clock(seconds: float | None) -> str:
    """A time in a recording: "01:05", "1:02:03" (whole seconds); "" for no time."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"
