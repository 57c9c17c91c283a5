"""Screens the workbench can open by name, listed in the command palette (ctrl+p) as system
commands in the project's language, so other parts (adjudication, reports, the
pseudonymisation review) plug in without editing the app:

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
    from casebook.tui.screens.retrieval import RetrievalScreen

    session = app.session
    here = session.codings_here()
    code_id = here[0].code_id if here else (session.recent or [None])[0]
    return RetrievalScreen(session, app.language, code_id)


def open_help(app):
    from casebook.tui.screens.help import HelpScreen

    return HelpScreen(app.language, app.session.codes)


def open_adjudicate(app):
    from casebook.tui.screens import adjudicate

    return adjudicate.open_screen(app)


def open_reports(app):
    from casebook.tui.screens import reports

    return reports.open_screen(app)


def open_review(app):
    from casebook.tui.screens.review import ReviewScreen

    return ReviewScreen(app.project.store, app.language)


register("retrieval", "retrieval", open_retrieval)
register("help", "help_title", open_help)
register("adjudicate", "palette_adjudicate", open_adjudicate)
register("reports", "palette_reports", open_reports)
register("review", "palette_review", open_review)
