"""Screens the workbench can open by name, for the command palette (ctrl+p) and for other
parts (adjudication, reports) to plug in without editing the app:

    from casebook.tui.registry import register
    register("adjudicate", "palette_adjudicate", open_adjudicate)

``label`` is a key of :mod:`casebook.i18n`; ``make(app)`` gets the running CasebookApp
(``app.project``, ``app.session``, ``app.language``) and returns a Screen to push. The
openers below import their screen when called: the app imports this module, and a screen
nobody opens is never loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from casebook.i18n import tr


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    label_key: str
    make: Callable  # (app) -> Screen

    def label(self, language: str) -> str:
        return tr(self.label_key, language)


SCREENS: dict[str, Entry] = {}


def register(name: str, label_key: str, make: Callable) -> None:
    SCREENS[name] = Entry(name, label_key, make)


def open_retrieval(app):
    from casebook.tui.app import retrieval_screen

    return retrieval_screen(app)


def open_help(app):
    from casebook.tui.app import help_screen

    return help_screen(app)


def open_adjudicate(app):
    from casebook.tui.screens import adjudicate

    return adjudicate.open_screen(app)


def open_reports(app):
    from casebook.tui.screens import reports

    return reports.open_screen(app)


register("retrieval", "retrieval", open_retrieval)
register("help", "help_title", open_help)
register("adjudicate", "palette_adjudicate", open_adjudicate)
register("reports", "palette_reports", open_reports)


def provider():
    """A command-palette provider listing the registered screens."""
    from textual.command import DiscoveryHit, Hit, Provider

    class ScreenCommands(Provider):
        def _entries(self):
            language = getattr(self.app, "language", "nl")
            return [(entry.label(language), entry) for entry in SCREENS.values()]

        async def discover(self):
            for label, entry in self._entries():
                yield DiscoveryHit(label, lambda e=entry: self.app.open_registered(e.name))

        async def search(self, query: str):
            matcher = self.matcher(query)
            for label, entry in self._entries():
                score = matcher.match(label)
                if score > 0:
                    yield Hit(score, matcher.highlight(label),
                              lambda e=entry: self.app.open_registered(e.name))

    return ScreenCommands
