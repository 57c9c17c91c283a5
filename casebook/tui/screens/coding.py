"""The coding screen: documents and the code tree on the left, the transcript and the status
line on the right, the keys in the footer.

It wires widgets to the CodingSession (casebook.coding.session), which does the work. Data
goes down as reactives (language, selection, filters: ``data_bind``), widgets post messages
up. Every write goes through a :class:`~casebook.tui.writer.Writer`, so a coding made while
another process holds the database waits and is applied, never lost. Keys are handled the
moment they arrive (see casebook.tui.keys); an action that opens a dialog waits until the
dialog has focus, so keys typed right after it land in the dialog.
"""

from __future__ import annotations

from collections import Counter

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen

from casebook.coding.query import code_counts
from casebook.coding.session import Change, CodingSession, Filters, Loaded, read
from casebook.i18n import tr
from casebook.tui import choices, flows, keys
from casebook.tui.messages import CodeChosen, DocumentChosen, JumpTo, SelectionMade
from casebook.tui.screens.picker import Picker
from casebook.tui.screens.prompt import Prompt
from casebook.tui.widgets.code_tree import CodeTree
from casebook.tui.widgets.doc_list import DocumentList
from casebook.tui.widgets.footer import KeyFooter
from casebook.tui.widgets.status import StatusLine, shorten
from casebook.tui.widgets.title import TitleBar
from casebook.tui.widgets.transcript import TranscriptView
from casebook.tui.writer import Writer

MOVES = frozenset({"next_sentence", "prev_sentence", "next_turn", "prev_turn", "next_word",
                   "prev_word", "grow_word", "shrink_word", "extend_sentence", "extend_turn",
                   "add_sentence", "drop_sentence", "first", "last"})
NARROW = 100  # below this many columns the side panels start folded away
HEAD = 60  # turns read before the first paint; the rest follows in a worker


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
        self.writer = Writer(self, self._waiting)
        self.panels: dict[str, bool | None] = {"documents": None, "codes": None}
        self.everywhere: Counter = Counter()
        self._counts_timer = None

    def compose(self) -> ComposeResult:
        language, span, filters = CodingScreen.language, CodingScreen.span, CodingScreen.filters
        self.doc_list = DocumentList(id="documents").data_bind(language)
        self.code_tree = CodeTree(id="codes").data_bind(language)
        self.transcript = TranscriptView(self.session, id="transcript").data_bind(
            language, span, filters)
        self.status = StatusLine(self.session, id="status").data_bind(
            language, span, filters, CodingScreen.notice)
        yield TitleBar()
        with Horizontal(id="main"):
            with Vertical(id="side"):
                yield self.doc_list
                yield self.code_tree
            with Vertical(id="right"):
                yield self.transcript
                yield self.status
        yield KeyFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "language", self._set_language)
        self.set_focus(self.transcript)
        store = self.session.store
        ids = store.document_ids()
        if not ids:
            self.status.refresh_status()  # says how to import
        else:
            self.open_document(ids[0] if self.first_document is None else
                               store.document(self.first_document).id, head=HEAD)
        self.app.coding_ready()

    @property
    def laid_out(self) -> bool:
        """Whether the open document is read and laid out in full (for measuring)."""
        return self.session.doc is None or (self.session.doc.complete
                                            and self.transcript.laid_out)

    def _set_language(self, language: str) -> None:
        self.language = language
        self.app.title = tr("title", language)

    # -- documents and selection ----------------------------------------------------
    def open_document(self, document_id: int, *, head: int | None = None) -> None:
        """Open a document; with ``head``, its first turns now and the rest in a worker
        (a long transcript's first screen comes at once)."""
        self._update_counts()
        self.session.open(document_id, head=head)
        self.app.sub_title = self.session.doc.name
        self.doc_list.mark(document_id)
        self.transcript.opened()
        self.span = self.session.selection.span
        self.code_tree.set_counts(self.session.counts(), self.everywhere)
        self.load_rest(document_id)

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

    def _loaded(self, loaded: Loaded | None, summaries, counts: Counter) -> None:
        if loaded is not None and self.session.doc and self.session.doc.id == loaded.id:
            self.session.install(loaded)
            self.transcript.completed()
            self.span = self.session.selection.span
        if not self.code_tree.codes:  # the side panels are filled after the first paint
            self.code_tree.show(self.session.codes)
        self.doc_list.show(summaries, self.session.doc.id if self.session.doc else None)
        self.everywhere = counts
        self.code_tree.set_counts(self.session.counts(), self.everywhere)

    def on_document_chosen(self, message: DocumentChosen) -> None:
        if self.session.doc is None or message.document_id != self.session.doc.id:
            self.open_document(message.document_id)
        self.set_focus(self.transcript)

    def on_code_chosen(self, message: CodeChosen) -> None:
        self.apply_code(message.code_id)

    def on_selection_made(self, message: SelectionMade) -> None:
        self.select(message.start, message.end)

    def on_jump_to(self, message: JumpTo) -> None:
        if self.session.doc is None or self.session.doc.id != message.document_id:
            self.open_document(message.document_id)
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
        """A selection move of the session (see casebook.tui.keys)."""
        if name in MOVES and self.session.doc is not None:
            getattr(self.session.selection, name)()
            self.span = self.session.selection.span

    def action_arrow(self, name: str) -> None:
        if name.startswith("page_"):
            self.page(1 if name == "page_down" else -1)
        else:
            self.action_move(name)

    def page(self, direction: int) -> None:
        """PgDn/PgUp: a page on from the selection, to the first sentence there."""
        target = self.transcript.page_target(direction) if self.session.doc else None
        if target is not None:
            selection = self.session.selection
            selection.select(target, target)
            selection.next_sentence()
            self.span = selection.span

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "arrow":  # the side panels use these keys themselves
            return self.focused is None or self.focused is self.transcript
        if action == "hotkey":
            return parameters[0] < len(self.app.hotkey_codes)
        return True

    def action_next_coding(self, step: int) -> None:
        here = self.session.codings_here()
        code_id = here[0].code_id if here else (self.session.recent or [None])[0]
        span = self.session.next_coding(code_id, step < 0) if code_id else None
        if span is None:
            self.notify(tr("no_coding_of_code", self.language), severity="warning", timeout=2)
            return
        self.select(*span)

    async def action_go_to_turn(self) -> None:
        if self.session.doc is None:
            return

        def go(text: str) -> None:
            if not (text.isdigit() and self.session.selection.go_to_turn(int(text))):
                self.notify(tr("no_such_turn", self.language, n=len(self.session.turns)),
                            severity="warning", timeout=2)
                return
            self.show_filters()
            self.span = self.session.selection.span
        await self.app.push_screen(Prompt(tr("turn_prompt", self.language,
                                             n=len(self.session.turns)), go,
                                          restrict=r"[0-9]*"))

    # -- coding -----------------------------------------------------------------------
    def action_hotkey(self, slot: int) -> None:
        self.apply_code(self.app.hotkey_codes[slot])

    def apply_code(self, code_id: str) -> None:
        """Code the selection (at a caret: its sentence) with ``code_id``."""
        span = self.session.selection.target_span()
        if span is None:
            self.notify(tr("nothing_selected", self.language), severity="warning", timeout=2)
            return
        label = self.session.code_label(code_id, self.language)
        self.writer.run(lambda: self.session.apply(code_id, span),
                        lambda change: self.changed(change, tr("applied", self.language,
                                                               code=label)))

    async def action_pick_code(self) -> None:
        span = self.session.selection.target_span() or (0, 0)
        title = f"{tr('pick_code', self.language)}\n“{shorten(self.session.text[slice(*span)])}”"
        await self.app.push_screen(Picker(title, choices.code_items(self.session,
                                                                    self.language),
                                          self.apply_code))

    async def action_remove_coding(self) -> None:
        await flows.with_coding_here(self, flows.remove)

    async def action_memo(self) -> None:
        await flows.with_coding_here(self, flows.edit_memo)

    async def action_notes(self) -> None:
        await flows.notes(self)

    async def action_new_code(self) -> None:
        await flows.new_code(self, "")

    async def action_in_vivo(self) -> None:
        span = self.session.selection.target_span()
        if span is None:
            self.notify(tr("nothing_selected", self.language), severity="warning", timeout=2)
            return
        words = " ".join(self.session.text[span[0]:span[1]].split())
        await flows.new_code(self, words[:60].strip(" .,;:!?"), span=span)

    async def action_autocode(self) -> None:
        if self.session.doc is not None:
            await flows.autocode(self)

    def action_undo(self) -> None:
        self.writer.run(self.session.undo,
                        lambda change: self.replayed(change, "undone", "nothing_undo"))

    def action_redo(self) -> None:
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
            self._counts_timer = self.set_timer(0.4, self._update_counts)
        if message:
            self.notify(message, timeout=2)

    def _update_counts(self) -> None:
        """The open document's row in the list and the code tree's counts (once after a
        burst of actions)."""
        if self._counts_timer is not None:
            self._counts_timer.stop()
            self._counts_timer = None
        if self.session.doc is not None:
            self.doc_list.update_counts(
                self.session.doc.id, len(self.session.doc.codings), self.session.coded_chars())
            self.count_everywhere()

    @work(thread=True, exclusive=True, group="counts")
    def count_everywhere(self) -> None:
        """Codings per code in the whole project, read in a worker."""
        with self.app.reading() as store:
            counts = code_counts(store, self.session.coder_filter)
        self.app.call_from_thread(self._counted, counts)

    def _counted(self, counts: Counter) -> None:
        self.everywhere = counts
        self.code_tree.set_counts(self.session.counts(), self.everywhere)

    def _waiting(self, waiting: bool) -> None:
        self.notice = tr("waiting_lock", self.language) if waiting else ""

    # -- search and filter ----------------------------------------------------------
    async def action_search(self) -> None:
        def found(query: str) -> None:
            hits = self.session.selection.search(query)
            self.transcript.relayout()  # redraw the marks of old and new hits
            if hits:
                self.notify(tr("hits", self.language, n=len(hits), q=query), timeout=2)
                self._hit(False)
            elif query:
                self.notify(tr("no_hits", self.language), severity="warning", timeout=2)
            self.status.refresh_status()
        await self.app.push_screen(Prompt(tr("search_prompt", self.language), found,
                                          self.session.selection.query))

    def _hit(self, backwards: bool) -> None:
        if self.session.selection.next_hit(backwards):
            self.span = self.session.selection.span

    def action_next_hit(self) -> None:
        self._hit(False)

    def action_prev_hit(self) -> None:
        self._hit(True)

    async def action_filter(self) -> None:
        rows = choices.filter_items(self.session, self.language)
        made = {item.id: (item, filters) for item, filters in rows}

        def chosen(item_id: str) -> None:
            item, filters = made[item_id]
            self.set_filters(filters)
            self.notify(tr("filter_off", self.language) if filters == Filters() else
                        tr("filter_on", self.language, what=item.label), timeout=2)
        await self.app.push_screen(Picker(tr("filter_prompt", self.language),
                                          [item for item, _ in rows], chosen))

    def set_filters(self, filters: Filters) -> None:
        coder_changed = filters.coder != self.session.coder_filter
        self.session.set_filters(filters)
        self.filters = filters
        self.span = self.session.selection.span
        if coder_changed:
            self.count_everywhere()

    # -- panels and other screens -----------------------------------------------------
    def on_resize(self) -> None:
        self._show_panels()

    def action_toggle_panel(self, name: str) -> None:
        self.panels[name] = not self._panel_shown(name)
        self._show_panels()

    def _panel_shown(self, name: str) -> bool:
        shown = self.panels[name]
        return self.size.width >= NARROW if shown is None else shown

    def _show_panels(self) -> None:
        self.doc_list.display = self._panel_shown("documents")
        self.code_tree.display = self._panel_shown("codes")
        self.query_one("#side").display = self.doc_list.display or self.code_tree.display

    async def action_retrieval(self) -> None:
        await self.app.open_registered("retrieval")

    async def action_help(self) -> None:
        await self.app.open_registered("help")
