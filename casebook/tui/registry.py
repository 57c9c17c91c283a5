"""Screens the workbench can open by name, for the command palette (ctrl+p) and for other
parts (adjudication, reports) to plug in without editing the app:

    from casebook.tui.registry import register
    register("adjudicate", "Coders vergelijken", "Compare coders",
             "casebook.tui.screens.adjudicate:open_screen")

``open_screen(app)`` gets the running CasebookApp (``app.project``, ``app.session``,
``app.language``) and returns a Screen to push.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    label_nl: str
    label_en: str
    target: str  # "module:function", the function takes the app and returns a Screen

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_nl

    def make(self, app):
        module, function = self.target.split(":")
        return getattr(importlib.import_module(module), function)(app)


SCREENS: dict[str, Entry] = {}


def register(name: str, label_nl: str, label_en: str, target: str) -> None:
    SCREENS[name] = Entry(name, label_nl, label_en, target)


register("retrieval", "Ophalen: fragmenten per code", "Retrieval: fragments by code",
         "casebook.tui.app:retrieval_screen")
register("help", "Sneltoetsen", "Keys", "casebook.tui.app:help_screen")
register("adjudicate", "Coders vergelijken en beslissen", "Adjudicate coders",
         "casebook.tui.screens.adjudicate:open_screen")
register("reports", "Rapporten: frequenties, samen voorkomen, sprekers, fragmenten",
         "Reports: frequencies, co-occurrence, speakers, fragments",
         "casebook.tui.screens.reports:open_screen")


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
