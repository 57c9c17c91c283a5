"""Adjudication: walk the differences of two coders side by side and settle each one.

Keys: a (take A), b (take B), o (both), n (neither), j/k (next/previous), u (undo the
decision here -- or, right after deciding, that decision), escape/q (close). Every decision
is one transaction through :mod:`casebook.coders.adjudicate`; the result is the coder
``consensus``. The differences are found in a worker after the screen is shown.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Label, Static

from casebook.coders import adjudicate as adj
from casebook.errors import CasebookError
from casebook.i18n import LANGUAGES, tr
from casebook.tui.widgets.footer import KeyFooter

CONTEXT = 160  # characters shown before and after a group

KEYS = [("a", "take('a')", "adj_take_a"), ("b", "take('b')", "adj_take_b"),
        ("o", "take('both')", "adj_both"), ("n", "take('neither')", "adj_neither"),
        ("j,down", "move(1)", "adj_next"), ("k,up", "move(-1)", "adj_prev"),
        ("u", "undo", "k_undo"), ("escape,q", "close", "k_close")]


class AdjudicateScreen(Screen[None]):
    DEFAULT_CSS = """
    AdjudicateScreen #position { padding: 0 1; text-style: bold; }
    AdjudicateScreen .side { width: 1fr; height: 1fr; border: round $primary; padding: 0 1; }
    """
    BINDINGS = [Binding(keys, action, text, id=f"casebook.adjudicate.{action}")
                for keys, action, text in KEYS]

    def __init__(self, store, coders: list[str] | None, language: str = "nl") -> None:
        super().__init__()
        self.store, self.coders, self.language = store, coders, language
        self.problem = ""
        self.a = self.b = None
        self.items: list[adj.Disagreement] = []
        self.index = 0
        self.decided: list[str] = []  # ids of the groups decided here, in order
        self._texts: dict[int, str] = {}
        self._names = {code.id: code for code in store.codes(include_retired=True)}

    def compose(self) -> ComposeResult:
        yield Label("", id="title")
        yield Label(tr("adj_loading", self.language), id="position")
        with Horizontal():
            with VerticalScroll(classes="side", id="side-a"):
                yield Static(id="text-a")
            with VerticalScroll(classes="side", id="side-b"):
                yield Static(id="text-b")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        """Find the differences (a worker: the screen is up meanwhile)."""
        try:
            self.a, self.b = adj.pair(self.store, self.coders)
            self.items = adj.disagreements(self.store, self.coders)
        except CasebookError as err:  # fewer than two coders, or an unknown name
            self.problem = str(err)
        names = (self.a.name, self.b.name) if self.a else ("A", "B")
        self.query_one("#title", Label).update(tr("adj_title", self.language, a=names[0],
                                                  b=names[1]))
        if self.a:
            self.query_one("#side-a").border_title = f"A: {self.a.name}"
            self.query_one("#side-b").border_title = f"B: {self.b.name}"
        self.show()

    @property
    def current(self) -> adj.Disagreement | None:
        return self.items[self.index] if self.items else None

    def _text(self, document_id: int) -> str:
        if document_id not in self._texts:
            self._texts[document_id] = self.store.document(document_id).text
        return self._texts[document_id]

    def _side(self, item: adj.Disagreement, spans, colour: str) -> Text:
        text = self._text(item.document_id)
        start, end = max(0, item.start - CONTEXT), min(len(text), item.end + CONTEXT)
        tail = "…" if end < len(text) else ""
        shown = Text(("…" if start else "") + text[start:end] + tail, style="grey62")
        shift = 1 if start else 0
        for s, e in spans:
            shown.stylize(f"bold black on {colour}", s - start + shift, e - start + shift)
        if not spans:
            shown.append("\n\n" + tr("adj_nothing", self.language), style="italic")
        return shown

    def _code(self, code_id: str) -> str:
        code = self._names.get(code_id)
        if code is None:
            return code_id
        return (code.name_en or code.name) if self.language == "en" else code.name

    def show(self) -> None:
        item = self.current
        position = self.query_one("#position", Label)
        if item is None:
            position.update(self.problem or tr("adj_none", self.language))
            self.query_one("#text-a", Static).update("")
            self.query_one("#text-b", Static).update("")
            return
        decision = (tr("adj_decided", self.language, take=adj.describe(item.decision,
                                                                       self.language))
                    if item.decision else tr("adj_open", self.language))
        kind = adj.describe(item.kind, self.language)
        position.update(tr("adj_position", self.language, i=self.index + 1, n=len(self.items),
                           doc=item.document, code=self._code(item.code_id), kind=kind)
                        + f" · {decision}")
        self.query_one("#text-a", Static).update(self._side(item, item.a, "#8ecae6"))
        self.query_one("#text-b", Static).update(self._side(item, item.b, "#ffb703"))

    def action_move(self, step: int) -> None:
        if self.items:
            self.index = max(0, min(len(self.items) - 1, self.index + step))
            self.show()

    def action_take(self, take: str) -> None:
        item = self.current
        if item is None:
            return
        adj.decide(self.store, item.id, take, self.coders)
        item.decision = take
        self.decided.append(item.id)
        undecided = [i for i, it in enumerate(self.items) if it.decision is None]
        later = [i for i in undecided if i > self.index]
        self.index = (later or undecided or [self.index])[0]
        self.show()

    def action_undo(self) -> None:
        """Undo the decision on the group shown; if it has none, the last decision made
        here (and go back to it); else say why nothing happens."""
        item = self.current
        if item is not None and not item.decision:
            decided = [i for i in self.decided
                       if any(it.id == i and it.decision for it in self.items)]
            if decided:
                self.index = next(n for n, it in enumerate(self.items) if it.id == decided[-1])
                item = self.current
        if item is None or not item.decision:
            self.notify(tr("nothing_undo", self.language), severity="warning", timeout=2)
            return
        adj.undo(self.store, item.id)
        item.decision = None
        if item.id in self.decided:
            self.decided.remove(item.id)
        self.notify(tr("adj_undone", self.language), timeout=2)
        self.show()

    def action_close(self) -> None:
        self.dismiss(None)


def open_screen(app) -> AdjudicateScreen:
    """For the workbench's screen registry: compare the only two coders."""
    return AdjudicateScreen(app.project.store, None, app.language)


class AdjudicateApp(App):
    language = reactive("nl")

    def __init__(self, project, coders: list[str] | None = None) -> None:
        super().__init__()
        language = project.settings.language
        self.language = language if language in LANGUAGES else "nl"
        self.screen_to_show = AdjudicateScreen(project.store, coders, self.language)

    def on_mount(self) -> None:
        self.push_screen(self.screen_to_show, lambda _result: self.exit())


def run(project, coders: list[str] | None = None) -> None:
    """`casebook adjudicate tui`: the adjudication screen on its own; a crash exits 1."""
    app = AdjudicateApp(project, coders)
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)
