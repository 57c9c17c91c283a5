"""The open document kept in step with the database while another window codes it too.

Two workbenches (or a workbench and ``casebook code add``) may code one project at once.
Every ``INTERVAL`` seconds, and at once after a write the store refused, the codings of the
open document and the codebook are read again in a worker (with a connection of its own).
If they differ from what the screen shows, and this window wrote nothing meanwhile, the
screen takes what the database holds: the transcript's colours and margin, the status line,
the counts, the code tree and the hotkeys follow.
"""

from __future__ import annotations

from functools import partial

from casebook.coding.session import Loaded
from casebook.errors import CasebookError
from casebook.i18n import tr
from casebook.tui.widgets.margin import hex_colour

INTERVAL = 2.0  # seconds between two looks at the database


def _codings(codings) -> set[tuple]:
    return {(c.id, c.start, c.end, c.code_id, c.coder_id, c.memo or None) for c in codings}


def _codes(codes) -> list[tuple]:
    return [(c.id, c.name, c.name_en, c.parent, c.hotkey, c.codable, hex_colour(c.colour))
            for c in codes]


class Sync:
    """Looks at the database for the coding ``screen`` (see the module docstring)."""

    def __init__(self, screen) -> None:
        self.screen = screen
        self.reading = False

    def start(self) -> None:
        if self.screen.session.store.path != ":memory:":  # no other window can write there
            self.screen.set_interval(INTERVAL, self.look)

    def failed(self, error: CasebookError) -> None:
        """A write the store refused (what it touched is gone): say so, look again."""
        self.screen.notify(tr("write_failed", self.screen.language, error=str(error)),
                           severity="error", timeout=8)
        self.look()

    def look(self) -> None:
        """Read the open document's codings and the codebook again, in a worker."""
        screen, session = self.screen, self.screen.session
        doc = session.doc
        if self.reading or doc is None or not doc.complete or screen.writer.queue:
            return
        self.reading = True
        screen.run_worker(partial(self._read, doc.id, session.revision), thread=True,
                          group="sync")

    def _read(self, document_id: int, revision: int) -> None:
        from casebook.store import DatabaseError

        app = self.screen.app
        try:
            with app.reading() as store:
                read = (store.codings(document_id=document_id),
                        store.noted_codings(document_id), store.codes())
        except (CasebookError, DatabaseError):  # a moment the database cannot be read
            read = None
        app.call_from_thread(self._compare, document_id, revision, read)

    def _compare(self, document_id: int, revision: int, read) -> None:
        self.reading = False
        screen, session = self.screen, self.screen.session
        doc = session.doc
        if (read is None or doc is None or doc.id != document_id or not doc.complete
                or session.revision != revision or screen.writer.queue):
            return  # this window wrote meanwhile: the next look sees both
        codings, noted, codes = read
        if _codes(codes) != _codes(session.codes):
            screen.app.codebook_changed()
        if _codings(codings) == _codings(doc.codings.values()) and noted == session.noted:
            return
        session.install(Loaded(doc.id, doc.name, doc.text, doc.turns,
                               session.selection.sentences, codings, True, revision, noted))
        screen.transcript.completed()
        screen.span = session.selection.span
        screen.status.refresh_status()
        screen.update_counts()
