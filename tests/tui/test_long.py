"""A 5,000-turn transcript: a search hit at the end is scrolled into view, PgDn pages on from
the selection, and the first screen comes before the rest is read."""

from __future__ import annotations

from casebook.tui.app import CasebookApp
from casebook.tui.widgets.transcript import TranscriptView
from tests.tui.helpers import screen_text, selected, settle

SIZE = (120, 40)


async def test_a_hit_at_the_end_is_scrolled_into_view(long_project):
    app = CasebookApp(long_project, "lang")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"kantelpunt", "enter")
        await settle(pilot)
        assert selected(app) == "kantelpunt"
        assert "Het zeldzame woord is kantelpunt." in screen_text(app)
        view = app.screen.query_one(TranscriptView)
        line = view.line_of(app.session.selection.span[0])
        assert view.scroll_offset.y <= line < view.scroll_offset.y + view.size.height


async def test_page_down_pages_on_from_the_selection(long_project):
    app = CasebookApp(long_project, "lang")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g", *"2000", "enter")
        assert selected(app).startswith("Dit is beurt 1999.")
        await pilot.press("pagedown")
        view = app.screen.query_one(TranscriptView)
        after = app.session.selection.span[0]
        assert 2000 < int(app.session.text[after:].split("beurt ")[1].split(".")[0]) < 2030
        line = view.line_of(after)
        assert view.scroll_offset.y <= line < view.scroll_offset.y + view.size.height
        await pilot.press("pageup")
        back = app.session.selection.span[0]
        assert back < after and "beurt 199" in app.session.text[back - 40:back + 40]


async def test_the_first_screen_comes_before_the_rest_is_read(long_project, monkeypatch):
    from casebook.tui.screens import coding

    loads = []
    monkeypatch.setattr(coding.CodingScreen, "load_rest",
                        lambda self, document_id: loads.append(document_id))
    app = CasebookApp(long_project, "lang")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.session.doc.complete and len(app.session.turns) == coding.HEAD
        assert "Dit is beurt 0." in screen_text(app) and loads


async def test_the_rest_comes_in_a_worker_and_keeps_what_was_done(long_project):
    app = CasebookApp(long_project, "lang")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")  # a coding made while the rest is still coming
        await settle(pilot)
        assert app.session.doc.complete and len(app.session.turns) == 5000
        assert [c.code_id for c in app.session.shown()] == ["willen"]
        await pilot.press("end")
        assert selected(app) == "Er wordt gewoon gepraat over werk en zorg."
