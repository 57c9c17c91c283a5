"""Pilot tests: press keys, then look at the store and at the screen."""

from __future__ import annotations

import yaml
from textual.widgets import OptionList

from casebook.store import Store
from casebook.tui.app import CasebookApp
from casebook.tui.screens.help import HelpScreen
from casebook.tui.screens.memo import MemoEditor
from casebook.tui.screens.picker import Picker
from casebook.tui.screens.retrieval import RetrievalScreen
from casebook.tui.widgets.transcript import TranscriptView
from tests.tui.helpers import (
    codings,
    notifications,
    screen_lines,
    screen_text,
    selected,
    settle,
    transcript_lines,
)

SIZE = (120, 40)


async def test_first_screen_shows_documents_transcript_and_keys(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "interview-1" in text and "interview-2" in text
        assert "Hoe gaat het met het zoeken naar werk?" in text
        assert "Interviewer" in text and "01:15" in text  # the whole name, and the time
        for key in ("ongedaan", "zoek", "hulp", "filter"):
            assert key in text  # the footer, in Dutch
        assert "1-4 code" in text  # the codebook's hotkeys, in one entry
        assert "“Hoe gaat het met het zoeken naar werk?”" in text  # the selection, as text
        assert app.focused is app.screen.query_one(TranscriptView)


async def test_hotkey_codes_the_sentence_and_undo_redo(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "2")
        await pilot.pause()
        assert codings(tui_project) == [("willen.houding", "interview-1", "Vertel eens.")]
        assert any("Houding T" in line for line in transcript_lines(app))  # label, coder
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
        assert selected(app).startswith("Hoe gaat")
        await pilot.press("J", "t", "4")
        assert ("doen", "interview-1", "Ik wil graag werken. Maar het lukt niet met mijn rug 😅."
                " Mijn klantmanager denkt mee, dat helpt wel.") in codings(tui_project)


async def test_selection_across_turns_home_end_and_go_to_turn(tui_project):
    app = CasebookApp(tui_project)
    said = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "shift+down", "shift+down")
        assert selected(app) == ("Vertel eens.\n\nClient: Ik wil graag werken. Maar het lukt "
                                 "niet met mijn rug 😅.")
        await pilot.press("shift+up")
        assert selected(app).endswith("Ik wil graag werken.")
        await pilot.press("end")
        assert selected(app) == "Volgende week hoor ik meer."
        await pilot.press("home")
        assert selected(app) == "Hoe gaat het met het zoeken naar werk?"
        await pilot.press("g", "3", "enter")
        assert selected(app) == "Wat heb je nodig om weer aan de slag te gaan?"
        await pilot.press("g", "9", "enter")  # there is no turn 9: say so, stay
        assert selected(app) == "Wat heb je nodig om weer aan de slag te gaan?"
        assert said[-1] == "Geen beurt met dat nummer: 1 tot 4"


async def test_next_and_previous_coding_of_the_current_code(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "J", "J", "1", "home")  # willen on turns 1 and 3
        await pilot.press("right_square_bracket")
        assert selected(app) == "Wat heb je nodig om weer aan de slag te gaan?"
        await pilot.press("right_square_bracket")  # wraps around
        assert selected(app) == "Hoe gaat het met het zoeken naar werk?"
        await pilot.press("left_square_bracket")
        assert selected(app) == "Wat heb je nodig om weer aan de slag te gaan?"


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
        assert "“Hoe gaat het met het zoeken naar werk?”  tester" in screen_text(app)
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
        assert any("Willen ✎ T" in line for line in transcript_lines(app))
        await pilot.press("u")
        assert tui_project.store.codings()[0].memo is None


async def test_help_and_language_toggle_saved_in_the_project(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        text = screen_text(app)
        assert "Sneltoetsen" in text and "volgende zin" in text
        await pilot.press("end")  # the codebook's hotkeys, at the bottom
        await pilot.pause()
        assert "Houding" in screen_text(app)
        await pilot.press("escape", "ctrl+l")
        await pilot.pause()
        text = screen_text(app)
        assert "undo" in text and "search" in text and "ongedaan" not in text
        assert "focus group" not in text and "interview" in text
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "Keys" in text and "next sentence" in text
        await pilot.press("end")
        await pilot.pause()
        assert "Attitude" in screen_text(app)
    saved = yaml.safe_load((tui_project.root / "casebook.yaml").read_text(encoding="utf-8"))
    assert saved["language"] == "en"


async def test_document_kinds_follow_the_language(tui_project):
    tui_project.store.set_document_meta(tui_project.store.document("interview-2").id,
                                        kind="focus group")
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "focusgroep" in screen_text(app)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "focus group" in screen_text(app) and "focusgroep" not in screen_text(app)


async def test_search_and_next_hit(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"ik", "enter")
        await pilot.pause()
        assert selected(app).lower() == "ik"
        first = app.session.selection.span
        await pilot.press("n")
        assert app.session.selection.span[0] > first[0]
        await pilot.press("N")
        assert app.session.selection.span == first
        assert "treffers" in screen_text(app)
        await pilot.press("slash", "ctrl+u", *"klantmanager", "enter")
        await pilot.pause()
        assert "1 treffer voor" in screen_text(app)  # singular


async def test_filter_by_speaker_and_by_coder(tui_project):
    store = tui_project.store
    from casebook.model import Coding

    doc = store.document("interview-1")
    anna = store.coder("anna")
    start = doc.text.index("Wat heb je")
    store.add_coding(Coding(doc.id, start, start + 10, "kunnen", anna.id))
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", *"client", "enter")
        await pilot.pause()
        lines = "\n".join(transcript_lines(app))
        assert "Ik wil graag werken" in lines and "Hoe gaat het" not in lines
        assert selected(app) == "Ik wil graag werken."
        await pilot.press("1", "f", "enter")  # no filter
        await pilot.press("f", *"mijn", "enter")  # only my codings
        await pilot.pause()
        lines = "\n".join(transcript_lines(app))
        assert "Willen T" in lines and "Kunnen A" not in lines
        await pilot.press("f", *"anna", "enter")
        await pilot.pause()
        lines = "\n".join(transcript_lines(app))
        assert "Kunnen A" in lines and "Willen T" not in lines
        assert "codeur anna" in screen_text(app)
        await pilot.press("f", *"alle codeurs", "enter")
        await pilot.pause()
        lines = "\n".join(transcript_lines(app))
        assert "Kunnen A" in lines and "Willen T" in lines


async def test_retrieval_shows_speakers_and_jumps_across_documents(tui_project):
    store = tui_project.store
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "down", "enter")  # the document list: interview-2
        await pilot.pause()
        assert app.session.doc.name == "interview-2"
        await pilot.press("J", "J", "4", "tab")
        await pilot.press("up", "enter")
        await pilot.pause()
        assert app.session.doc.name == "interview-1"
        await pilot.press("r")
        assert isinstance(app.screen, RetrievalScreen)
        await pilot.pause()  # it opens on the most recent code
        text = screen_text(app)
        assert "1 fragment met Doen" in text  # singular: one fragment
        assert "Soms weet ik het niet meer" in text and "Client" in text  # the speaker
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, RetrievalScreen)
        assert app.session.doc.name == "interview-2"
        assert selected(app).startswith("Soms weet ik")
        assert [c.code_id for c in store.codings()] == ["doen"]


async def test_mouse_click_and_drag_select(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(TranscriptView)
        gutter = view.painter.gutter
        await pilot.click(view, offset=(gutter + 4, 0))  # 'gaat' on the first line
        assert app.session.selection.span == (app.session.text.index("gaat"),) * 2
        await pilot.mouse_down(view, offset=(gutter, 0))
        await pilot.hover(view, offset=(gutter + 8, 0))
        await pilot.mouse_up(view, offset=(gutter + 8, 0))
        await pilot.pause()
        assert selected(app) == "Hoe gaat"
        assert "“Hoe gaat”" in screen_text(app)


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
        await settle(pilot)  # the list is read in a worker after the first paint
        assert " 0%" in screen_text(app)
        await pilot.press("t", "1")
        await pilot.pause(0.6)  # the list is updated once after a burst of actions
        share = len(selected(app)) / len(app.session.text)
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
    from casebook.tui import keys

    project = Project.init(tmp_path / "empty")
    try:
        app = CasebookApp(project)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "casebook import" in screen_text(app)
            for key, _action, _text, _show in keys.TRANSCRIPT_KEYS + keys.APP_KEYS:
                if key not in ("q", "ctrl+l"):
                    await pilot.press(key, "escape")
            assert app.is_running and project.store.codings() == []
    finally:
        project.close()


async def test_command_palette_lists_screens_in_the_language(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"ophalen")
        for _ in range(50):  # the palette searches in the background
            await pilot.pause(0.1)
            if app.screen.query(OptionList) and app.screen.query_one(OptionList).option_count:
                break
        assert "Scherm openen" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RetrievalScreen)
        assert "sluiten" in screen_text(app)  # "esc sluiten" in the footer, not "close"


async def test_narrow_terminals_fold_the_side_panels_and_keep_words_whole(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        lines = screen_lines(app)
        assert not any("Documenten" in line for line in lines)
        text = " ".join(line.split("│")[0] for line in lines[1:-3])
        for word in ("zoeken", "klantmanager", "gesprek"):
            assert word in text  # no word split over two lines
        assert any("│" in line and "Willen" in line for line in lines)  # the margin
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert any("Documenten" in line for line in screen_lines(app))
    app = CasebookApp(tui_project)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert any("│" in line and "Willen" in line for line in screen_lines(app))
