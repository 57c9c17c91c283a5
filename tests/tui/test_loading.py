"""Keys typed right after a long transcript opens, while the rest of it is still being read:
they act at once on what is loaded, or wait -- with every key after them -- until the rest
is in; never on the wrong text, never a crash.

``rest`` holds the worker that reads the rest of the document until the test lets it go, so
the keys surely arrive before it is done.
"""

from __future__ import annotations

import threading

import pytest
from textual import events

from casebook.tui.app import CasebookApp
from casebook.tui.screens.coding import CodingScreen
from casebook.tui.screens.picker import Picker
from casebook.tui.screens.prompt import Prompt
from casebook.tui.widgets.code_tree import CodeTree
from tests.tui.helpers import CHARACTERS, codings, selected, settle

SIZE = (120, 40)
LAST = "Er wordt gewoon gepraat over werk en zorg."


@pytest.fixture
def rest(monkeypatch):
    """An event: the worker reading the rest of a document waits for it."""
    from casebook.tui.screens import coding

    go_on = threading.Event()
    read = coding.read

    def held_back(*args, **kwargs):
        go_on.wait(20)
        return read(*args, **kwargs)
    monkeypatch.setattr(coding, "read", held_back)
    yield go_on
    go_on.set()  # a failed test must not leave the worker waiting


async def typed(pilot, *keys: str) -> None:
    """Post ``keys`` at once (a burst) and let the app handle what it can, without waiting
    for its workers."""
    for key in keys:
        pilot.app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1
                                                             else None)))
    for _ in range(4):
        await pilot.pause(0.02)


async def test_moves_and_a_hotkey_act_at_once_on_what_is_loaded(long_project, rest):
    app = CasebookApp(long_project, "lang")
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, "j", "j", "1")
        assert not app.session.doc.complete  # the rest is not in yet ...
        assert codings(long_project) == [("willen", "lang", "Dit is beurt 1.")]  # ... coded
        rest.set()
        await settle(pilot)
        assert app.session.doc.complete and len(app.session.turns) == 5000
        assert [app.session.text[c.start:c.end] for c in app.session.shown()] == \
            ["Dit is beurt 1."]


async def test_end_then_a_hotkey_wait_for_the_real_last_sentence(long_project, rest):
    app = CasebookApp(long_project, "lang")
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, "end", "3")
        assert codings(long_project) == []  # not the last sentence of the first screen
        rest.set()
        await settle(pilot)
        assert codings(long_project) == [("kunnen", "lang", LAST)]
        assert app.session.selection.span[1] == len(app.session.text) - 1  # turn 5,000
        assert isinstance(app.screen, CodingScreen) and app.is_running


async def test_moves_into_the_last_loaded_turn_wait_and_keep_their_order(long_project, rest):
    app = CasebookApp(long_project, "lang")
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, *["J"] * 70, "4")
        assert not app.session.doc.complete
        assert selected(app).startswith("Dit is beurt 58.")  # the last that could be done
        rest.set()
        await settle(pilot)
        assert selected(app).startswith("Dit is beurt 70.")
        assert [code for code, _doc, _text in codings(long_project)] == ["doen"]
        assert codings(long_project)[0][2].startswith("Dit is beurt 70.")


async def test_search_finds_a_hit_in_the_part_not_yet_read(long_project, rest):
    app = CasebookApp(long_project, "lang")
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, "slash", *"kantelpunt", "enter", "2")
        assert app.session.selection.hits == [] and codings(long_project) == []
        rest.set()
        await settle(pilot)
        assert selected(app) == "kantelpunt"
        assert codings(long_project) == [("willen.houding", "lang", "kantelpunt")]


async def test_go_to_turn_and_page_down_wait_too(long_project, rest):
    app = CasebookApp(long_project, "lang")
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, "g", *"4000", "enter", "pagedown")
        assert not isinstance(app.screen, Prompt)  # the question waits for the rest too
        rest.set()
        await settle(pilot)
        number = int(app.session.text[app.session.selection.span[0]:].split("beurt ")[1]
                     .split(".")[0])
        assert 3999 < number < 4030  # a page on from turn 4,000 ("beurt 3999")


async def test_undo_waits_for_the_rest(long_project, rest):
    app = CasebookApp(long_project, "lang")
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, "1", "u")
        assert codings(long_project) == [("willen", "lang", "Dit is beurt 0.")]
        rest.set()
        await settle(pilot)
        assert codings(long_project) == []
        assert selected(app) == "Dit is beurt 0."


async def test_the_side_panels_come_after_the_first_screen(long_project, rest):
    app = CasebookApp(long_project, "lang")
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, "tab")  # typed before the panels are there: waits for them
        assert app.focused is app.screen.query_one("#documents")
        rest.set()
        await settle(pilot)
        tree = app.screen.query_one(CodeTree)
        assert [node.data for node in tree.root.children][:1] == ["willen"]


async def test_the_code_picker_opens_fresh_each_time(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c", *"kunn", "escape")
        await pilot.press("c")
        picker = app.screen
        assert isinstance(picker, Picker) and picker.query_one("#query").value == ""
        assert [item.id for item in picker.shown] == [c.id for c in app.session.codes]
        await pilot.press(*"behav", "enter")  # "Behaviour": Doen's English name
        assert codings(tui_project) == [("doen", "interview-1",
                                         "Hoe gaat het met het zoeken naar werk?")]
        await pilot.press("j", "c", "enter")  # the same picker, with the recent code first
        assert app.screen is not picker and isinstance(app.screen, CodingScreen)
        assert codings(tui_project)[-1] == ("doen", "interview-1", "Vertel eens.")


async def test_a_long_transcript_chosen_in_the_list_comes_the_same_way(long_project, rest):
    app = CasebookApp(long_project)  # interview-1 first: small, read at once
    async with app.run_test(size=SIZE) as pilot:
        rest.set()
        await settle(pilot)
        rest.clear()
        for key in ("tab", "down", "down", "enter"):  # to the list, then the third document
            await typed(pilot, key)
        await typed(pilot, "end", "4")
        assert app.session.doc.name == "lang" and not app.session.doc.complete
        assert codings(long_project) == []
        rest.set()
        await settle(pilot)
        assert codings(long_project) == [("doen", "lang", LAST)]
