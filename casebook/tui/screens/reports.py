"""Reports (command palette: "Rapporten"): the analysis reports of casebook/reports.py in a
table, each made in a worker. Keys: tab/r next report, b by document/speaker/role
(frequencies), c next coder (all coders first), escape/q close."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Label

from casebook import reports
from casebook.errors import CasebookError
from casebook.i18n import tr
from casebook.privacy.guard import Gate
from casebook.tui.widgets.footer import KeyFooter

KEYS = [("r,tab", "next_report", "k_report"), ("b", "next_by", "k_by"),
        ("c", "next_coder", "k_coder"), ("escape,q", "close", "k_close")]


class ReportsScreen(Screen[None]):
    DEFAULT_CSS = """
    ReportsScreen #title { padding: 0 1; text-style: bold; }
    ReportsScreen DataTable { height: 1fr; }
    """
    BINDINGS = [Binding(keys, action, text, id=f"casebook.reports.{action}")
                for keys, action, text in KEYS]

    def __init__(self, store, language: str = "nl") -> None:
        super().__init__()
        self.store, self.language = store, language
        self.kind, self.by, self.coder = "frequencies", "document", None
        self.coders = [c.name for c in store.coders()]

    def compose(self) -> ComposeResult:
        yield Label("", id="title")
        yield DataTable(zebra_stripes=True, cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show()
        self.query_one(DataTable).focus()

    @work(exclusive=True)
    async def show(self) -> None:
        """Make the report chosen and show it (a worker: keys stay live)."""
        title = self.query_one("#title", Label)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        try:
            report = reports.make(self.store, self.kind, by=self.by,  # the researcher's own
                                  coders=[self.coder] if self.coder else None,  # view: raw
                                  language=self.language, gate=Gate.for_project(self.store,
                                                                                raw=True))
        except CasebookError as err:
            title.update(str(err))
            return
        who = self.coder or tr("all_coders", self.language)
        title.update(f"{tr('reports', self.language)}: {report.title} ({who})")
        table.add_columns(*report.labels)
        for row in report.rows:
            table.add_row(*(" ".join(str(v).split())[:120] if isinstance(v, str) else v
                            for v in row))

    def action_next_report(self) -> None:
        kinds = reports.KINDS
        self.kind = kinds[(kinds.index(self.kind) + 1) % len(kinds)]
        self.show()

    def action_next_by(self) -> None:
        groups = reports.GROUPS
        self.kind = "frequencies"
        self.by = groups[(groups.index(self.by) + 1) % len(groups)]
        self.show()

    def action_next_coder(self) -> None:
        choices = [None, *self.coders]
        self.coder = choices[(choices.index(self.coder) + 1) % len(choices)]
        self.show()

    def action_close(self) -> None:
        self.dismiss(None)


def open_screen(app) -> ReportsScreen:
    """For the workbench's screen registry."""
    return ReportsScreen(app.project.store, app.language)
