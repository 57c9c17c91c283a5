"""The coding workbench: documents on the left, the transcript on the right.

The app wires widgets to the CodingSession (casebook.coding.session), which does the work: every
coding action is one store transaction there, with undo and redo.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header

from casebook.coding.session import Change, CodingSession
from casebook.i18n import LANGUAGES, tr
from casebook.tui import keys, registry
from casebook.tui.actions import CodingActions
from casebook.tui.messages import DocumentChosen, JumpTo, SelectionChanged
from casebook.tui.screens.help import HelpScreen
from casebook.tui.screens.retrieval import RetrievalScreen
from casebook.tui.widgets.doc_list import DocumentList
from casebook.tui.widgets.margin import hex_colour
from casebook.tui.widgets.status import StatusLine
from casebook.tui.widgets.transcript import TranscriptView


class CasebookApp(CodingActions, App):
    CSS = """
    #main { height: 1fr; }
    #right { width: 1fr; }
    #empty { padding: 1 2; }
    """
    COMMANDS = App.COMMANDS | {registry.provider()}

    def __init__(self, project, document: str | int | None = None) -> None:
        super().__init__()
        self.project = project
        self.language = project.settings.language if project.settings.language in LANGUAGES \
            else "nl"
        self.session = CodingSession(project.store, project.coder_name())
        for code in self.session.codes:  # a colour rich cannot parse must not break drawing
            code.colour = hex_colour(code.colour)
        self.first_document = document
        self._counts_timer = None
        self._bindings_for(self.language)

    def _bindings_for(self, language: str) -> None:
        from textual.binding import BindingsMap

        table = dict(self._bindings.key_to_bindings)  # Textual's own (ctrl+p, ctrl+q, ...)
        for binding in keys.bindings(keys.APP_KEYS, language):
            table[binding.key] = [binding]
        self._bindings = BindingsMap.from_keys(table)
        self.title = tr("title", language)

    def compose(self) -> ComposeResult:
        # kept as attributes: a query would search the screen on top (a picker, say)
        self.doc_list = DocumentList(self.language, id="documents")
        self.transcript = TranscriptView(self.session, self.language, id="transcript")
        self.status = StatusLine(self.session, self.language, id="status")
        yield Header()
        with Horizontal(id="main"):
            yield self.doc_list
            with Vertical(id="right"):
                yield self.transcript
                yield self.status
        yield Footer()

    def on_mount(self) -> None:
        documents = self.project.store.documents()
        doc_list = self.doc_list
        doc_list.show(documents)
        if not documents:
            self.status.refresh_status()  # says how to import
            self.transcript.focus()
            return
        first = documents[0].id
        if self.first_document is not None:
            first = self.project.store.document(self.first_document).id
        self.open_document(first)
        self.transcript.focus()

    # -- documents and selection ----------------------------------------------------
    def open_document(self, document_id: int) -> None:
        if self._counts_timer is not None:
            self._counts_timer.stop()
            self._update_counts()
        self.session.open(document_id)
        self.sub_title = self.session.doc.name
        self.doc_list.mark(document_id)
        self.transcript.relayout()
        self.transcript.scroll_to(y=0, animate=False, immediate=True)
        self.status.refresh_status()

    def on_document_chosen(self, message: DocumentChosen) -> None:
        if self.session.doc is None or message.document_id != self.session.doc.id:
            self.open_document(message.document_id)
        self.transcript.focus()

    def on_selection_changed(self, message: SelectionChanged) -> None:
        self.status.refresh_status()

    def selection_moved(self, old: tuple[int, int]) -> None:
        """Push a new selection down to the views (in the same frame: one repaint)."""
        self.transcript.move_selection(old)
        self.status.refresh_status()

    MOVES = frozenset({"next_sentence", "prev_sentence", "next_turn", "prev_turn", "next_word",
                       "prev_word", "grow_word", "shrink_word", "extend_sentence",
                       "extend_turn"})

    def action_move(self, name: str) -> None:
        """A selection move of the session (see TRANSCRIPT_KEYS)."""
        if name not in self.MOVES or self.session.doc is None:
            return
        old = self.session.selection.span
        getattr(self.session.selection, name)()
        if self.session.selection.span != old:
            self.selection_moved(old)

    def action_page(self, direction: int) -> None:
        self.transcript.page(direction)
        self.status.refresh_status()

    def on_jump_to(self, message: JumpTo) -> None:
        self.jump(message.document_id, message.start, message.end)

    def jump(self, document_id: int, start: int, end: int) -> None:
        if self.session.doc is None or self.session.doc.id != document_id:
            self.open_document(document_id)
        selection = self.session.selection
        filtered, old = selection.visible_turns(), selection.span
        selection.go_to(start, end)
        if selection.visible_turns() != filtered:
            self.transcript.relayout()
        self.selection_moved(old)
        self.transcript.focus()

    def changed(self, change: Change | None, message: str | None = None) -> None:
        """After a coding action: redraw what it touched, update counts, tell the user."""
        if change is None:
            return
        if self.session.doc and change.document_id == self.session.doc.id:
            self.transcript.invalidate(change.start, change.end)
            self.status.refresh_status()
            if self._counts_timer is not None:
                self._counts_timer.stop()
            self._counts_timer = self.set_timer(0.4, self._update_counts)
        if message:
            self.notify(message, timeout=2)

    def _update_counts(self) -> None:
        """The open document's row in the list (debounced: once after a burst of actions)."""
        self._counts_timer = None
        if self.session.doc is not None:
            self.doc_list.update_counts(
                self.session.doc.id, len(self.session.doc.codings), self.session.coded_chars())

    # -- screens --------------------------------------------------------------------
    def open_registered(self, name: str) -> None:
        self.push_screen(registry.SCREENS[name].make(self))

    def action_retrieval(self) -> None:
        self.open_registered("retrieval")

    def action_help(self) -> None:
        self.open_registered("help")

    def action_toggle_language(self) -> None:
        self.language = LANGUAGES[(LANGUAGES.index(self.language) + 1) % len(LANGUAGES)]
        self._bindings_for(self.language)
        self.doc_list.language = self.language
        self.doc_list.show(self.doc_list.summaries,
                                          self.session.doc.id if self.session.doc else None)
        self.transcript.set_language(self.language)
        status = self.status
        status.language = self.language
        status.refresh_status()
        self.refresh_bindings()
        self.notify(tr("language", self.language), timeout=2)


def retrieval_screen(app: CasebookApp):
    code_id = app.session.recent[0] if app.session.recent else None
    here = app.session.codings_here()
    return RetrievalScreen(app.session, app.language, here[0].code_id if here else code_id)


def help_screen(app: CasebookApp):
    return HelpScreen(app.language, app.session.codes)


def run(project, document: str | int | None = None) -> None:
    """Open the coding workbench on ``project`` (and on ``document``, if given)."""
    CasebookApp(project, document).run()
