"""Coders visible and owned: initials in the margin, a filter on one coder, a question
before removing or editing another coder's coding, and undo bringing back the same coding."""

from __future__ import annotations

from casebook.model import Coding
from casebook.tui.app import CasebookApp
from casebook.tui.screens.confirm import Confirm
from casebook.tui.screens.memo import MemoEditor
from tests.tui.helpers import screen_text, selected, settle, transcript_lines

SIZE = (120, 40)


def annas_coding(project) -> Coding:
    store = project.store
    doc = store.document("interview-1")
    start = doc.text.index("Hoe gaat")
    return store.get_coding(store.add_coding(
        Coding(doc.id, start, start + 38, "kunnen", store.coder("Anna de Vries").id)))


async def test_each_coding_shows_its_coder(tui_project):
    annas_coding(tui_project)
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        lines = "\n".join(transcript_lines(app))
        assert "Kunnen AV" in lines and "Willen T" in lines  # initials after each label
        assert "Kunnen (Anna de Vries)" in screen_text(app)  # the status line: the name


async def test_removing_another_coders_coding_asks_first(tui_project):
    coding = annas_coding(tui_project)
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        assert isinstance(app.screen, Confirm)
        assert "gecodeerd door Anna de Vries" in screen_text(app)
        await pilot.press("n")
        assert [c.id for c in tui_project.store.codings()] == [coding.id]
        await pilot.press("x", "j")
        assert tui_project.store.codings() == []
        await pilot.press("u")  # the same coding comes back: id and created time
        [back] = tui_project.store.codings()
        assert (back.id, back.created, back.coder_name) == \
            (coding.id, coding.created, "Anna de Vries")


async def test_editing_the_memo_of_another_coders_coding_asks_first(tui_project):
    annas_coding(tui_project)
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        assert isinstance(app.screen, Confirm)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, MemoEditor)
        await pilot.press(*"klopt", "ctrl+s")
        assert tui_project.store.codings()[0].memo == "klopt"


async def test_own_codings_are_removed_without_a_question(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "x")
        assert tui_project.store.codings() == [] and not isinstance(app.screen, Confirm)
        assert selected(app) == "Hoe gaat het met het zoeken naar werk?"
