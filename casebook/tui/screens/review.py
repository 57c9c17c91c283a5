"""Pseudonymisation review (command palette): every finding in its context, decided with one
key -- a accept, r reject (keep the text), e edit the replacement, A accept every open finding
of the highlighted one's category -- with the progress above. Each decision is one
transaction through casebook.privacy.service; an edit also moves every other finding of
that name (the list is read again).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from casebook.i18n import tr
from casebook.model import PrivacyFinding
from casebook.privacy import service
from casebook.tui.screens.prompt import Prompt
from casebook.tui.widgets.footer import KeyFooter

MARKS = {"proposed": ("·", "yellow"), "accepted": ("✓", "green"), "rejected": ("✗", "red"),
         "edited": ("✎", "cyan")}
KEYS = [("a", "decide('accepted')", "review_accept"), ("r", "decide('rejected')", "review_reject"),
        ("e", "edit", "review_edit"), ("A", "accept_category", "review_accept_category"),
        ("j,down", "move(1)", "adj_next"), ("k,up", "move(-1)", "adj_prev"),
        ("n", "next_open", "review_next_open"), ("escape,q", "close", "k_close")]


@dataclass(frozen=True, slots=True)
class InContext:
    """A finding with its document's name and the text before and after it."""

    finding: PrivacyFinding
    document: str
    before: str
    after: str


def in_context(store) -> list[InContext]:
    """Every finding of the project in its place (casebook.privacy.service's findings and
    context), for reviewing."""
    documents: dict[int, tuple[str, str]] = {}
    rows = []
    for f in service.findings(store):
        if f.document_id not in documents:
            doc = store.document(f.document_id)
            documents[doc.id] = (doc.name, doc.text)
        name, text = documents[f.document_id]
        before, _hit, after = service.context(text, f.start, f.end)
        rows.append(InContext(f, name, before, after))
    return rows


class ReviewScreen(Screen[None]):
    DEFAULT_CSS = """
    ReviewScreen #title { padding: 0 1; text-style: bold; }
    ReviewScreen #progress { padding: 0 1; }
    ReviewScreen OptionList { height: 1fr; }
    """
    BINDINGS = [Binding(keys, action, text, priority=True, id=f"casebook.review.{action}")
                for keys, action, text in KEYS]

    def __init__(self, store, language: str = "nl") -> None:
        super().__init__()
        self.store, self.language = store, language
        self.rows: list[InContext] = []

    def compose(self) -> ComposeResult:
        yield Label(tr("palette_review", self.language), id="title")
        yield Label(tr("adj_loading", self.language), id="progress")
        yield OptionList(id="findings")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).can_focus = False
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        """Read the findings (a worker: the screen is up meanwhile)."""
        self.show(0)

    def show(self, keep: int | None = None) -> None:
        """Read the findings (again) and show them, the highlight on line ``keep``."""
        self.rows = in_context(self.store)
        findings = self.query_one(OptionList)
        findings.set_options([Option(self._prompt(row)) for row in self.rows])
        if self.rows:
            findings.highlighted = min(keep or 0, len(self.rows) - 1)
        self._progress()

    def _prompt(self, row: InContext) -> Text:
        f = row.finding
        mark, colour = MARKS.get(f.decision, ("?", "white"))
        text = Text(f"{mark} ", style=f"bold {colour}")
        text.append(f"{f.category:<11}", style="grey62")
        text.append(f.text, style="bold")
        text.append(" → ")
        text.append(f.replacement, style="bold green" if f.decision != "rejected" else "strike")
        text.append(f"   {row.document}", style="grey50")
        text.append(f"\n    …{row.before}", style="grey62")
        text.append(f.text, style="reverse")
        text.append(f"{row.after}…", style="grey62")
        return text

    def _progress(self) -> None:
        decided = sum(row.finding.decision != "proposed" for row in self.rows)
        open_ = Counter(row.finding.category for row in self.rows
                        if row.finding.decision == "proposed")
        line = tr("review_progress", self.language, n=len(self.rows), done=decided)
        if open_:
            line += "  ·  " + tr("adj_open", self.language) + ": " + ", ".join(
                f"{category} {count}" for category, count in sorted(open_.items()))
        if not self.rows:
            line = tr("review_none", self.language)
        self.query_one("#progress", Label).update(line)

    @property
    def current(self) -> InContext | None:
        index = self.query_one(OptionList).highlighted
        return self.rows[index] if self.rows and index is not None else None

    def action_move(self, step: int) -> None:
        findings = self.query_one(OptionList)
        if self.rows:
            findings.highlighted = max(0, min(len(self.rows) - 1,
                                              (findings.highlighted or 0) + step))

    def action_next_open(self) -> None:
        here = self.query_one(OptionList).highlighted or 0
        order = list(range(here + 1, len(self.rows))) + list(range(0, here + 1))
        found = [i for i in order if self.rows[i].finding.decision == "proposed"]
        if found:
            self.query_one(OptionList).highlighted = found[0]

    def _decide(self, step: int = 0, **decision) -> None:
        here = self.query_one(OptionList).highlighted or 0
        service.decide(self.store, **decision)
        self.show(here + step)

    def action_decide(self, decision: str) -> None:
        row = self.current
        if row is None:
            return
        ids = [str(row.finding.id)]
        self._decide(1, **({"accept": ids} if decision == "accepted" else {"reject": ids}))

    async def action_edit(self) -> None:
        row = self.current
        if row is None:
            return
        f = row.finding

        def answered(text: str) -> None:
            if text.strip():
                self._decide(edits=[f"{f.id}={text.strip()}"])
        await self.app.push_screen(Prompt(tr("review_edit_prompt", self.language, text=f.text),
                                          answered, f.replacement))

    def action_accept_category(self) -> None:
        row = self.current
        if row is None:
            return
        ids = [str(r.finding.id) for r in self.rows if r.finding.decision == "proposed"
               and r.finding.category == row.finding.category]
        if ids:
            self._decide(accept=ids)
            self.notify(tr("review_accepted", self.language, n=len(ids),
                           category=row.finding.category), timeout=2)

    def action_close(self) -> None:
        self.dismiss(None)
