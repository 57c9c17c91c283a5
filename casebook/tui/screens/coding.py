"""The coding screen: documents and the code tree on the left, the transcript and the status
line on the right, the keys in the footer. It wires widgets to the CodingSession
(casebook.coding.session), which does the work: data goes down as reactives (``data_bind``),
widgets post messages up. Every write goes through a :class:`~casebook.tui.writer.Writer`
(one made while another process holds the database waits, never lost); what another window
writes is shown here too (casebook.tui.sync). Keys act the moment they arrive (tui.keys);
one that opens a dialog waits until it has focus. A long transcript's first turns are read
before the first paint, the rest in a worker; what needs all of it waits (tui.gate).
"""

from __future__ import annotations

from collections import Counter

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen

from casebook.coding.query import code_counts
from casebook.coding.session import CodingSession, Filters, Loaded, read
from casebook.coding.undo import Change
from casebook.i18n import tr
from casebook.tui import choices, flows, keys
from casebook.tui.gate import Gate
from casebook.tui.messages import CodeChosen, DocumentChosen, JumpTo, SelectionMade
from casebook.tui.screens.picker import Picker
from casebook.tui.sync import Sync
from casebook.tui.widgets.code_tree import CodeTree
from casebook.tui.widgets.doc_list import DocumentList
from casebook.tui.widgets.footer import KeyFooter
from casebook.tui.widgets.side import SidePanels
from casebook.tui.widgets.status import StatusLine, shorten
from casebook.tui.widgets.title import TitleBar
from casebook.tui.widgets.transcript import TranscriptView
from casebook.tui.writer import Writer

MOVES = frozenset({"next_sentence", "prev_sentence", "next_turn", "prev_turn", "next_word",
                   "prev_word", "grow_word", "shrink_word", "extend_sentence", "extend_turn",
                   "add_sentence", "drop_sentence", "first", "last"})
BACKWARD = frozenset({"prev_sentence", "prev_turn", "prev_word", "shrink_word",
                      "drop_sentence", "first"})  # moves that never need what is not read yet
HEAD = 60  # turns read before the first paint (at least a screen's height); the rest follows


class CodingScreen(Screen):
    BINDINGS = keys.bindings()
    DEFAULT_CSS = """
    CodingScreen #main { height: 1fr; }
    CodingScreen #side { width: 34; }
    CodingScreen #right { width: 1fr; }
    """
    language = reactive("nl")
    span = reactive((0, 0), always_update=True)
    filters = reactive(Filters(), init=False)
    notice = reactive("")

    def __init__(self, project, session: CodingSession, document: str | int | None = None):
        super().__init__()
        self.project, self.session, self.first_document = project, session, document
        self.sync = Sync(self)  # what another window writes is shown here too
        self.writer = Writer(self, self._waiting, self.sync.failed)
        self.gate = Gate(self)
        self.everywhere: Counter = Counter()
        self._counts_timer = None
        self._code_picker: Picker | None = None

    def compose(self) -> ComposeResult:
        language, span, filters = CodingScreen.language, CodingScreen.span, CodingScreen.filters
        self.doc_list = DocumentList(id="documents").data_bind(language)
        self.code_tree = CodeTree(id="codes").data_bind(language)
        self.side = SidePanels(self.doc_list, self.code_tree, id="side")
        self.transcript = TranscriptView(self.session, id="transcript").data_bind(
            language, span, filters)
        self.status = StatusLine(self.session, id="status").data_bind(
            language, span, filters, CodingScreen.notice)
        yield TitleBar()
        with Horizontal(id="main"):
            yield self.side
            with Vertical(id="right"):
                yield self.transcript
                yield self.status
        yield KeyFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "language", self._set_language)
        self.side.fit(self.app.size.width)  # before the first frame: drawn once, narrow or not
        self.set_focus(self.transcript)
        self.show_codes()
        store = self.session.store
        ids = store.document_ids()
        if not ids:
            self.status.refresh_status()  # says how to import
        else:
            self.open_document(ids[0] if self.first_document is None else
                               store.document(self.first_document).id, head=self._head())
        self.side.later(self.app.release_keys)  # the keys typed while all this was made
        self.sync.start()

    def _head(self) -> int:
        return max(HEAD, self.app.size.height)  # a turn takes two lines at least

    @property
    def laid_out(self) -> bool:
        """Whether the open document is read and laid out in full (for measuring)."""
        return self.session.doc is None or (self.session.doc.complete
                                            and self.transcript.laid_out)

    def _set_language(self, language: str) -> None:
        self.language, self.app.title = language, tr("title", language)

    # -- documents and selection ----------------------------------------------------
    def open_document(self, document_id: int, *, head: int | None = None) -> None:
        """Open a document; with ``head``, its first turns now and the rest in a worker
        (a long transcript's first screen comes at once)."""
        self.update_counts()
        self.session.open(document_id, head=head)
        self.app.sub_title = self.session.doc.name
        self.side.later(lambda: self.doc_list.mark(document_id))
        self.transcript.opened()
        self.span = self.session.selection.span
        self.side.later(self._show_counts)
        self.call_after_refresh(self.load_rest, document_id)  # after the first paint

    @work(thread=True, exclusive=True, group="load")
    def load_rest(self, document_id: int) -> None:
        """Read what the first screen did not need -- the whole document, the document
        list, the code counts -- with a connection of its own, then show it."""
        revision = self.session.revision
        with self.app.reading() as store:
            loaded = None if self.session.doc.complete else read(store, document_id,
                                                                 revision=revision)
            summaries = store.documents()
            counts = code_counts(store, self.session.coder_filter)
        self.app.call_from_thread(self._loaded, loaded, summaries, counts)

    async def _loaded(self, loaded: Loaded | None, summaries, counts: Counter) -> None:
        doc = self.session.doc
        if loaded is not None and doc and doc.id == loaded.id and not doc.complete:
            self.session.install(loaded)
            self.transcript.completed()
            self.span = self.session.selection.span
        self.side.later(lambda: self.doc_list.show(
            summaries, self.session.doc.id if self.session.doc else None))
        self.everywhere = counts
        self.side.later(self._show_counts)
        await self.gate.release()  # what waited for the rest, then the keys held meanwhile

    def show_codes(self) -> None:
        """The code tree (again: the codebook changed), once the side panels are there."""
        def show() -> None:
            self.code_tree.show(self.session.codes)
            self._show_counts()
        self.side.later(show)

    def _show_counts(self) -> None:
        self.code_tree.set_counts(self.session.counts(), self.everywhere)

    def on_document_chosen(self, message: DocumentChosen) -> None:
        if self.session.doc is None or message.document_id != self.session.doc.id:
            self.open_document(message.document_id, head=self._head())
        self.set_focus(self.transcript)

    def on_code_chosen(self, message: CodeChosen) -> None:
        self.apply_code(message.code_id)

    def on_selection_made(self, message: SelectionMade) -> None:
        self.select(message.start, message.end)

    def on_jump_to(self, message: JumpTo) -> None:
        if self.session.doc is None or self.session.doc.id != message.document_id:
            self.open_document(message.document_id)
        elif self.gate.waits(lambda: self.on_jump_to(message)):
            return
        self.select(message.start, message.end, go=True)
        self.set_focus(self.transcript)

    def select(self, start: int, end: int, *, go: bool = False) -> None:
        """Select ``[start, end)``; ``go`` clears filters that would hide it."""
        selection = self.session.selection
        if go:
            selection.go_to(start, end)
        else:
            selection.select(start, end)
        self.show_filters()
        self.span = selection.span

    def show_filters(self) -> None:
        """Push the session's filters down (after something changed them)."""
        if self.session.filters != self.filters:
            self.filters = self.session.filters

    def action_move(self, name: str) -> None:
        """A selection move of the session (see casebook.tui.keys); a move forward into
        the last turn read so far waits for the rest of the document."""
        if name not in MOVES or self.session.doc is None:
            return
        selection = self.session.selection
        before = selection.span
        getattr(selection, name)()
        if name not in BACKWARD and self.gate.beyond(selection.span):
            selection.span = before
            self.gate.waits(lambda: self.action_move(name))
            return
        self.span = selection.span

    def action_arrow(self, name: str) -> None:
        """A key the transcript and the side panels share, for the one with focus."""
        if self.focused in (self.doc_list, self.code_tree):
            chosen = self.side.press(self.focused, name)  # Enter: chosen now, in order
            if isinstance(chosen, CodeChosen):
                self.apply_code(chosen.code_id)
            elif chosen is not None:
                self.on_document_chosen(chosen)
        elif name.startswith("page_"):
            self.page(1 if name == "page_down" else -1)
        else:
            self.action_move(name)

    def page(self, direction: int) -> None:
        """PgDn/PgUp: a page on from the selection, to the first sentence there."""
        target = self.transcript.page_target(direction) if self.session.doc else None
        if direction > 0 and target is not None and self.gate.beyond((target, target)):
            self.gate.waits(lambda: self.page(direction))
            return
        if target is not None:
            selection = self.session.selection
            selection.select(target, target)
            selection.next_sentence()
            self.span = selection.span

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "arrow":  # Enter and Space: for a side panel only
            return parameters[0] not in ("choose", "fold") or self.focused is not self.transcript
        if action == "hotkey":
            return parameters[0] < len(self.app.hotkey_codes)
        return True

    def action_next_coding(self, step: int) -> None:
        if self.gate.waits(lambda: self.action_next_coding(step)):
            return
        here = self.session.codings_here()
        code_id = here[0].code_id if here else (self.session.recent or [None])[0]
        span = self.session.next_coding(code_id, step < 0) if code_id else None
        if span is None:
            self.notify(tr("no_coding_of_code", self.language), severity="warning", timeout=2)
            return
        self.select(*span)

    async def action_go_to_turn(self) -> None:
        if self.session.doc is not None and not self.gate.waits(self.action_go_to_turn):
            await flows.go_to_turn(self)

    # -- coding -----------------------------------------------------------------------
    def action_hotkey(self, slot: int) -> None:
        self.apply_code(self.app.hotkey_codes[slot])

    def apply_code(self, code_id: str) -> None:
        """Code the selection (at a caret: its sentence) with ``code_id``."""
        span = self.session.selection.target_span()
        label = self.session.code_label(code_id, self.language)
        if span is None or not self.session.codable(code_id):
            self.notify(tr("category", self.language, code=label) if span else
                        tr("nothing_selected", self.language), severity="warning", timeout=2)
            return
        self.writer.run(lambda: self.session.apply(code_id, span),
                        lambda change: self.changed(change, tr("applied", self.language,
                                                               code=label)))

    async def action_pick_code(self) -> None:
        span = self.session.selection.target_span() or (0, 0)
        title = f"{tr('pick_code', self.language)}\n“{shorten(self.session.text[slice(*span)])}”"
        items = choices.code_items(self.session, self.language)
        if self._code_picker is None:  # made once: mounting it anew is most of an open
            self._code_picker = Picker(title, items, self.apply_code)
            self.app.install_screen(self._code_picker, f"code-picker-{id(self)}")
        await self.app.push_screen(self._code_picker.again(title, items, self.apply_code))

    async def action_remove_coding(self) -> None:
        await flows.with_coding_here(self, flows.remove)

    async def action_memo(self) -> None:
        await flows.with_coding_here(self, flows.edit_memo)

    async def action_notes(self) -> None:
        await flows.notes(self)

    async def action_new_code(self) -> None:
        await flows.new_code(self, "")

    async def action_in_vivo(self) -> None:
        await flows.in_vivo(self)

    async def action_autocode(self) -> None:
        if self.session.doc is not None and not self.gate.waits(self.action_autocode):
            await flows.autocode(self)

    def action_undo(self) -> None:
        if self.gate.waits(self.action_undo):  # it may touch any part of the document
            return
        self.writer.run(self.session.undo,
                        lambda change: self.replayed(change, "undone", "nothing_undo"))

    def action_redo(self) -> None:
        if self.gate.waits(self.action_redo):
            return
        self.writer.run(self.session.redo,
                        lambda change: self.replayed(change, "redone", "nothing_redo"))

    def replayed(self, change: Change | None, done: str, nothing: str) -> None:
        if change is None:
            self.notify(tr(nothing, self.language), timeout=2)
            return
        if self.session.doc is None or change.document_id != self.session.doc.id:
            self.open_document(change.document_id)
        self.changed(change, tr(done, self.language))
        self.select(change.start, change.end, go=True)

    def changed(self, change: Change | None, message: str | None = None) -> None:
        """After a coding action: redraw what it touched, update counts, tell the user."""
        if change is None:
            return
        if self.session.doc and change.document_id == self.session.doc.id:
            self.transcript.coded(change.start, change.end)
            self.status.refresh_status()
            if self._counts_timer is not None:
                self._counts_timer.stop()
            self._counts_timer = self.set_timer(0.4, self.update_counts)
        if message:
            self.notify(message, timeout=2)

    def update_counts(self) -> None:
        """The open document's row in the list and the code tree's counts (once after a
        burst of actions)."""
        if self._counts_timer is not None:
            self._counts_timer.stop()
            self._counts_timer = None
        doc = self.session.doc
        if doc is not None:
            self.side.later(lambda: self.doc_list.update_counts(
                doc.id, len(doc.codings), self.session.coded_chars()))
            self.count_everywhere()

    @work(thread=True, exclusive=True, group="counts")
    def count_everywhere(self) -> None:
        """Codings per code in the whole project, read in a worker."""
        with self.app.reading() as store:
            counts = code_counts(store, self.session.coder_filter)
        self.app.call_from_thread(self._counted, counts)

    def _counted(self, counts: Counter) -> None:
        self.everywhere = counts
        self.side.later(self._show_counts)

    def _waiting(self, waiting: bool) -> None:
        self.notice = tr("waiting_lock", self.language) if waiting else ""

    # -- search and filter ----------------------------------------------------------
    async def action_search(self) -> None:
        await flows.search(self)  # the search itself waits for the rest of the document

    def hit(self, backwards: bool) -> None:
        """Select the next (previous) search hit."""
        if self.session.selection.next_hit(backwards):
            self.span = self.session.selection.span

    def action_next_hit(self) -> None:
        if not self.gate.waits(self.action_next_hit):
            self.hit(False)

    def action_prev_hit(self) -> None:
        if not self.gate.waits(self.action_prev_hit):
            self.hit(True)

    async def action_filter(self) -> None:
        if not self.gate.waits(self.action_filter):  # it lists every speaker
            await flows.choose_filter(self)

    def set_filters(self, filters: Filters) -> None:
        coder_changed = filters.coder != self.session.coder_filter
        self.session.set_filters(filters)
        self.filters = filters
        self.span = self.session.selection.span
        if coder_changed:
            self.count_everywhere()

    # -- panels and other screens -----------------------------------------------------
    def on_resize(self) -> None:
        self.side.fit(self.size.width)

    def action_toggle_panel(self, name: str) -> None:
        self.side.toggle(name, self.size.width)

    async def action_retrieval(self) -> None:
        await self.app.open_registered("retrieval")

    async def action_help(self) -> None:
        await self.app.open_registered("help")
