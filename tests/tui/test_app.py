"""Pilot tests: press keys, then look at the store and at the screen."""

from __future__ import annotations

import html
import re

from textual.widgets import OptionList

from casebook.store import Store
from casebook.tui.app import CasebookApp
from casebook.tui.screens.help import HelpScreen
from casebook.tui.screens.memo import MemoEditor
from casebook.tui.screens.picker import Picker
from casebook.tui.screens.retrieval import RetrievalScreen
from casebook.tui.widgets.transcript import TranscriptView

SIZE = (120, 40)


def screen_text(app) -> str:
    """What the terminal shows, as plain text."""
    svg = app.export_screenshot()
    text = "".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    return html.unescape(text).replace("\xa0", " ")


def transcript_lines(app) -> list[str]:
    view = app.query_one(TranscriptView)
    return ["".join(s.text for s in view.render_line(y)) for y in range(view.size.height)]


def codings(project):
    return [(c.code_id, project.store.document(c.document_id).name,
             project.store.document(c.document_id).text[c.start:c.end])
            for c in project.store.codings()]


async def test_first_screen_shows_documents_transcript_and_keys(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "interview-1" in text and "interview-2" in text
        assert "Hoe gaat het met het zoeken naar werk?" in text
        assert "Interview…" in text and "01:15" in text  # speaker (cut to fit) and time
        for key in ("ongedaan", "zoek", "hulp", "filter"):
            assert key in text  # the footer, in Dutch
        assert "1-4 code" in text  # the codebook's hotkeys, in one entry
        assert app.focused is app.query_one(TranscriptView)


async def test_hotkey_codes_the_sentence_and_undo_redo(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "2")
        await pilot.pause()
        assert codings(tui_project) == [("willen.houding", "interview-1", "Vertel eens.")]
        assert any("Houding" in line for line in transcript_lines(app))  # the margin label
        await pilot.press("u")
        assert codings(tui_project) == []
        await pilot.press("ctrl+r")
        assert codings(tui_project) == [("willen.houding", "interview-1", "Vertel eens.")]


async def test_moves_and_growing_selection(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("J", "w", "shift+right", "shift+right", "shift+left", "3")
        assert codings(tui_project) == [("kunnen", "interview-1", "Ik wil")]
        await pilot.press("pagedown", "pagedown", "pageup", "pageup", "pageup")
        assert app.session.text[slice(*app.session.selection.span)].startswith("Hoe gaat")
        await pilot.press("J", "t", "4")
        assert ("doen", "interview-1", "Ik wil graag werken. Maar het lukt niet met mijn rug 😅."
                " Mijn klantmanager denkt mee, dat helpt wel.") in codings(tui_project)


async def test_code_picker_is_fuzzy_and_remembers_recent(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, Picker)
        await pilot.press(*"werkt", "enter")
        assert codings(tui_project) == [("gm.doen-wat-werkt", "interview-1",
                                         "Hoe gaat het met het zoeken naar werk?")]
        await pilot.press("j", "c")
        assert "recent" in screen_text(app)
        await pilot.press("enter")  # the recent code comes first
        assert [c[0] for c in codings(tui_project)] == ["gm.doen-wat-werkt"] * 2


async def test_remove_asks_which_when_several(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "3", "x")
        assert isinstance(app.screen, Picker)
        await pilot.press("down", "enter")  # listed by code id: kunnen, willen
        assert [c[0] for c in codings(tui_project)] == ["kunnen"]
        await pilot.press("x")  # one left: no question
        assert codings(tui_project) == []
        await pilot.press("u", "u")
        assert sorted(c[0] for c in codings(tui_project)) == ["kunnen", "willen"]


async def test_memo_on_coding(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "m")
        assert isinstance(app.screen, MemoEditor)
        await pilot.press(*"open vraag", "ctrl+s")
        [coding] = tui_project.store.codings()
        assert coding.memo == "open vraag"
        assert any("Willen ✎" in line for line in transcript_lines(app))
        await pilot.press("u")
        assert tui_project.store.codings()[0].memo is None


async def test_help_and_language_toggle(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "volgende zin" in text and "Houding" in text
        await pilot.press("escape", "ctrl+l")
        await pilot.pause()
        text = screen_text(app)
        assert "undo" in text and "search" in text and "ongedaan" not in text
        await pilot.press("question_mark")
        assert "next sentence" in screen_text(app) and "Attitude" in screen_text(app)


async def test_search_and_next_hit(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"ik", "enter")
        await pilot.pause()
        text = app.session.text
        assert text[slice(*app.session.selection.span)].lower() == "ik"
        first = app.session.selection.span
        await pilot.press("n")
        assert app.session.selection.span[0] > first[0]
        await pilot.press("N")
        assert app.session.selection.span == first
        assert "treffers" in screen_text(app)


async def test_filter_by_speaker(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", *"client", "enter")
        await pilot.pause()
        lines = "\n".join(transcript_lines(app))
        assert "Ik wil graag werken" in lines and "Hoe gaat het" not in lines
        assert app.session.text[slice(*app.session.selection.span)] == "Ik wil graag werken."


async def test_retrieval_jumps_across_documents(tui_project):
    store = tui_project.store
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "down", "enter")  # the document list: interview-2
        await pilot.pause()
        assert app.session.doc.name == "interview-2"
        await pilot.press("J", "J", "4", "tab")  # code its last turn, back to interview-1?
        await pilot.press("up", "enter")
        await pilot.pause()
        assert app.session.doc.name == "interview-1"
        await pilot.press("r")
        assert isinstance(app.screen, RetrievalScreen)
        await pilot.pause()  # it opens on the most recent code
        assert "1 fragment met Doen" in screen_text(app)  # singular: one fragment
        assert "Soms weet ik het niet meer" in screen_text(app)
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, RetrievalScreen)
        assert app.session.doc.name == "interview-2"
        assert app.session.text[slice(*app.session.selection.span)].startswith("Soms weet ik")
        assert [c.code_id for c in store.codings()] == ["doen"]


async def test_mouse_click_and_drag_select(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(TranscriptView)
        await pilot.click(view, offset=(12 + 4, 0))  # 'gaat' on the first line
        assert app.session.selection.span == (app.session.text.index("gaat"),) * 2
        await pilot.mouse_down(view, offset=(12, 0))
        await pilot.hover(view, offset=(12 + 8, 0))
        await pilot.mouse_up(view, offset=(12 + 8, 0))
        assert app.session.text[slice(*app.session.selection.span)] == "Hoe gaat"


async def test_every_action_is_committed_at_once(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "1")
        other = Store(tui_project.db_path)  # another connection sees it while the TUI runs
        try:
            assert [c.code_id for c in other.codings()] == ["willen"]
        finally:
            other.close()


async def test_document_list_shows_progress(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        assert " 0%" in screen_text(app)
        await pilot.press("t", "1")
        await pilot.pause(0.6)  # the list is updated once after a burst of actions
        share = len(app.session.text[slice(*app.session.selection.span)]) / len(app.session.text)
        assert f"{share:4.0%}" in screen_text(app)


async def test_a_colour_rich_cannot_parse_is_drawn_grey(tui_project):
    from dataclasses import replace

    from tests.tui.conftest import CODEBOOK

    codes = [replace(code, colour="#fff" if code.id == "willen" else "no colour")
             for code in CODEBOOK.codes]
    tui_project.store.set_codebook(replace(CODEBOOK, codes=codes))
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "2", "c")
        await pilot.pause()
        assert "Houding" in screen_text(app)
        assert app.session.code_by_id["willen"].colour == "#ffffff"
        assert app.session.code_by_id["kunnen"].colour == "#888888"


async def test_an_empty_project_says_what_to_do_and_survives_every_key(tmp_path):
    from casebook.project import Project

    project = Project.init(tmp_path / "empty")
    try:
        app = CasebookApp(project)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "casebook import" in screen_text(app)
            for key in ("j", "J", "w", "shift+right", "s", "t", "pagedown", "1", "x", "m",
                        "u", "ctrl+r", "n", "c", "escape", "f", "escape", "slash", "escape",
                        "r", "escape", "question_mark", "escape", "ctrl+l"):
                await pilot.press(key)
            assert app.is_running and project.store.codings() == []
    finally:
        project.close()


async def test_command_palette_opens_registered_screens(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"ophalen")
        for _ in range(50):  # the palette searches in the background
            await pilot.pause(0.1)
            if app.screen.query(OptionList) and app.screen.query_one(OptionList).option_count:
                break
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RetrievalScreen)
