"""The reports screen: opened through the workbench's screen registry (command palette)."""

from __future__ import annotations

from textual.widgets import DataTable

from casebook import reports
from casebook.privacy.guard import Gate
from casebook.tui.app import CasebookApp
from casebook.tui.registry import SCREENS
from casebook.tui.screens.reports import ReportsScreen


def cells(app) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(v) for v in table.get_row_at(i)] for i in range(table.row_count)]


async def test_reports_screen_from_the_registry(demo_project):
    assert "reports" in SCREENS
    store = demo_project.store
    app = CasebookApp(demo_project)
    async with app.run_test(size=(140, 40)) as pilot:
        app.open_registered("reports")
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)
        table = app.screen.query_one(DataTable)
        names = [c.name for c in store.codes()]
        rows = cells(app)
        assert [r[1] for r in rows] == names  # code names in the table
        houding = next(r for r in rows if r[0] == "willen.houding")
        assert int(houding[-1]) == len(store.codings(code_ids=["willen.houding"]))
        assert [str(c.label) for c in table.columns.values()][-1] == "totaal"
        await pilot.press("b")  # by speaker
        labels = [str(c.label) for c in app.screen.query_one(DataTable).columns.values()]
        assert labels == reports.frequencies(store, "speaker", gate=Gate.for_project(
            store, raw=True)).labels and "R" in labels
        await pilot.press("r", "r", "r")  # co-occurrence, speakers, fragments
        rows = cells(app)
        assert len(rows) == len(store.codings())
        await pilot.press("c")  # the first coder only
        coder = store.coders()[0]
        assert len(cells(app)) == len(store.codings(coder_ids=[coder.id]))
        assert coder.name in str(app.screen.query_one("#title").render())
        await pilot.press("escape")
        assert not isinstance(app.screen, ReportsScreen)
