"""A seeded random-key fuzzer of the coding workbench (session 27): long random sequences of
the keys the footer and the help screen show (and what a dialog is typed), sent in bursts;
after every burst the app is alive, what it shows is what the store holds, every coding has
a valid span on a codable code; at the end, undoing everything brings back the start.
A longer run: /tmp/s27-tui/fuzz_long.py (see the session's report)."""

from __future__ import annotations

import random

import pytest

from casebook.tui.app import CasebookApp
from casebook.tui.screens.coding import CodingScreen
from tests.tui import test_loading
from tests.tui.helpers import (
    CHARACTERS,
    burst,
    codings,
    notifications,
    screen_text,
    selected,
    settle,
)

rest = test_loading.rest  # a fixture: the rest of a long document waits for it

SIZE = (120, 40)
MOVES = ["j", "k", "J", "K", "w", "b", "down", "up", "left", "right", "shift+right",
         "shift+left", "shift+down", "shift+up", "s", "t", "home", "end", "pagedown",
         "pageup", "right_square_bracket", "left_square_bracket", "n", "N"]
ACTIONS = ["c", "x", "m", "M", "u", "u", "ctrl+r", "slash", "f", "r", "a", "g", "plus", "i",
           "question_mark", "tab", "ctrl+t", "ctrl+o", "1", "2", "3", "4"]
DIALOG = ["enter", "enter", "escape", "backspace", "ctrl+s", "ctrl+e", "space", "y", "e",
          "o", "1", "0", "ctrl+u", "tab"]
PASTES = ["paste:kunnen", "paste:werk 😅", "paste:Cafe\u0301\n12"]  # bracketed paste
KEYS = MOVES * 2 + ACTIONS * 2 + DIALOG * 2 + PASTES
EMOJI = [("Interviewer", "Hoe gaat het? 👩🏽‍💼 Vertel."),
         ("Client", "Cafe\u0301 é 👍🏿 — ik 🇳🇱 wil 𝒳 werken. Daarna ﷽ niets."), ("Client", "x")]


def state(project) -> set[tuple]:
    """The codings as a person sees them: document, span, code, coder, memo."""
    return {(c.document_id, c.start, c.end, c.code_id, c.coder_id, c.memo)
            for c in project.store.codings()}


def check(app, project) -> None:
    """The app runs, its screen agrees with the store, every coding is valid."""
    assert app.is_running and app.return_code is None
    store = project.store
    codes = {code.id: code for code in store.codes()}
    lengths = {}
    for coding in store.codings():
        if coding.document_id not in lengths:
            lengths[coding.document_id] = len(store.document(coding.document_id).text)
        assert 0 <= coding.start < coding.end <= lengths[coding.document_id], coding
        assert codes[coding.code_id].codable, coding
    session = app.session
    doc = session.doc
    if doc is None or not doc.complete:
        return
    stored = {c.id: (c.start, c.end, c.code_id, c.coder_id, c.memo or None)
              for c in store.codings(document_id=doc.id)}
    held = {i: (c.start, c.end, c.code_id, c.coder_id, c.memo or None)
            for i, c in doc.codings.items()}
    assert held == stored
    for coding_id, coding in doc.codings.items():  # the index finds each coding
        assert coding in session.overlapping(coding.start, coding.end), coding_id
    screen = next(s for s in app.screen_stack if isinstance(s, CodingScreen))
    span = session.selection.span
    assert 0 <= span[0] <= span[1] <= len(session.text)
    assert screen.span == span and screen.transcript.span == span
    assert screen.filters == session.filters


async def send(pilot, sent: list[str]) -> None:
    """``sent`` in one burst: keys, and text pasted among them ("paste:TEXT")."""
    from textual import events

    for key in sent:
        if key.startswith("paste:"):
            message: events.Event = events.Paste(key.removeprefix("paste:"))
        else:
            message = events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None))
        pilot.app.post_message(message)
    await settle(pilot)


async def fuzz(project, seed: int, bursts: int, size: int = 30, keys=KEYS,
               document: str | None = None) -> None:
    rng = random.Random(seed)
    start = state(project)
    app = CasebookApp(project, document)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        check(app, project)
        for number in range(bursts):
            sent = rng.choices(keys, k=rng.randint(1, size))
            if rng.random() < 0.1:
                await pilot.resize_terminal(rng.choice([70, 90, 120, 160]),
                                            rng.choice([16, 24, 40]))
            on = [type(screen).__name__ for screen in app.screen_stack]
            try:
                await send(pilot, sent)
                check(app, project)
            except AssertionError as error:
                raise AssertionError(f"seed {seed}, burst {number} on {on}: {sent}") from error
        await burst(pilot, "escape", "escape", "escape", "escape")
        while not isinstance(app.screen, CodingScreen):
            app.pop_screen()
            await settle(pilot)
        await burst(pilot, *["u"] * (len(app.session.history.undo_stack) + 1))
        check(app, project)
        assert state(project) == start, (f"seed {seed}: undo did not bring back the start:"
                                         f" {state(project) ^ start}")
        assert app.is_running


@pytest.mark.parametrize("seed", range(3))
async def test_random_bursts_keep_the_screen_and_the_store_together(tui_project, seed):
    await fuzz(tui_project, seed, bursts=12)


async def test_random_bursts_on_emoji_and_combining_accents(tui_project):
    from tests.tui.conftest import make_document

    make_document(tui_project.store, "emoji", turns=EMOJI)
    await fuzz(tui_project, 7, bursts=10, document="emoji")


# -- what the fuzzer (and trying it as a user) found ----------------------------------
@pytest.fixture
def other(tui_project):
    """Another window on the same project: a connection of its own."""
    from casebook.store import Store

    store = Store.open(tui_project.store.path)
    yield store
    store.close()


@pytest.fixture
def quick_sync(monkeypatch):
    from casebook.tui import sync

    monkeypatch.setattr(sync, "INTERVAL", 0.05)


async def test_a_category_is_never_applied(tui_project):
    from casebook.model import Code, Codebook
    from tests.tui.conftest import CODEBOOK

    tui_project.store.set_codebook(Codebook(name="IGM", codes=[
        *CODEBOOK.codes, Code(id="cat", name="Categorie", hotkey="5", codable=False)]))
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        said = notifications(app)
        await burst(pilot, "5")  # its hotkey: refused, and said so
        assert codings(tui_project) == [] and "Categorie" in said[-1]
        await burst(pilot, "c", *"categorie")  # the picker does not offer it ...
        assert "cat" not in [item.id for item in app.screen.shown]
        await burst(pilot, "escape", "a", *"werk", "enter", "enter", "enter")
        assert "cat" not in [item.id for item in app.screen.shown]  # ... nor autocode
        assert app.session.apply("cat") is None and app.session.apply_all("cat", [(0, 3)]) \
            is None
        assert codings(tui_project) == []


async def test_a_new_codes_hotkey_is_no_workbench_key(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:  # seed 109: "u" became a hotkey, so
        await burst(pilot, "plus", *"Nieuw", "enter", "enter", "u", "enter")  # no undo
        assert tui_project.store.codes()[-1].id != "nieuw"  # refused: the form stays
        await burst(pilot, "backspace", "x", "enter", "backspace", "minus", "enter")
        assert tui_project.store.codes()[-1].id != "nieuw"  # one letter or digit
        await burst(pilot, "backspace", "9", "enter", "j", "9", "u")
        assert tui_project.store.code("nieuw").hotkey == "9"
        assert codings(tui_project) == []  # coded with 9, undone with u


async def test_two_enters_in_retrieval_jump_once(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:  # seed 123: closed the workbench too
        await burst(pilot, "J", "1", "home", "r", "enter", "enter", "enter", "enter")
        assert app.is_running and isinstance(app.screen, CodingScreen)
        assert selected(app).startswith("Ik wil graag werken. Maar")  # the coded turn


@pytest.mark.parametrize("hide", ["ctrl+o", "resize"])
async def test_a_panel_folded_away_gives_the_focus_back(tui_project, hide):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:  # seed 126: PgUp on a hidden document
        await burst(pilot, "tab", "c")              # list crashed (Textual's OptionList)
        if hide == "resize":
            await pilot.resize_terminal(70, 24)
        else:
            await burst(pilot, "escape", "ctrl+o", "c")
        await burst(pilot, "escape", "pageup", "pagedown", "enter", "home", "down")
        assert app.is_running and app.focused is app.screen.transcript
        assert selected(app) == "Vertel eens."  # the arrows move in the transcript


async def test_a_coding_removed_in_another_window(tui_project, other):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        said = notifications(app)
        await burst(pilot, "1", "j", "2", "k")
        first, second = tui_project.store.codings()
        other.remove_coding(first.id)
        await burst(pilot, "m", *"mijn memo", "ctrl+s")  # was: a crash
        assert app.is_running and "mijn memo" in said[-1]  # what was not saved is shown
        assert first.id not in app.session.doc.codings
        other.remove_coding(second.id)
        await burst(pilot, "u", "u", "u")  # the memo (gone), 2 (gone already), 1 (gone)
        assert app.is_running and codings(tui_project) == []
        await burst(pilot, "ctrl+r", "ctrl+r")  # brings back 1 and 2, as themselves
        assert [c.id for c in tui_project.store.codings()] == [first.id, second.id]
        other.remove_coding(first.id)
        await burst(pilot, "x", "home", "x")  # x on a coding gone: it is gone here too
        assert app.is_running and codings(tui_project) == []
        check(app, tui_project)


async def test_the_same_coder_in_two_windows_keeps_the_others_coding(tui_project, other):
    from casebook.model import Coding

    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        span = app.session.selection.target_span()
        doc = tui_project.store.document("interview-1").id
        other.add_coding(Coding(doc, *span, "willen", app.session.coder.id))
        await burst(pilot, "1", "u")  # coded so already elsewhere: not this window's to undo
        assert codings(tui_project) == [("willen", "interview-1", "Hoe gaat het met het "
                                         "zoeken naar werk?")]
        check(app, tui_project)


async def test_what_another_window_codes_is_shown(tui_project, other, quick_sync):
    from casebook.model import Code, Coding

    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "1")
        doc = tui_project.store.document("interview-1")
        start = doc.text.index("Een café")
        anna = other.coder("anna").id
        other.add_code(Code(id="netwerk", name="Netwerk", hotkey="7"))
        other.add_coding(Coding(doc.id, start, start + 8, "netwerk", anna))
        [mine] = other.codings(coder_ids=[app.session.coder.id])
        other.set_coding_memo(mine.id, "van elders")
        await pilot.pause(0.3)
        await settle(pilot)
        check(app, tui_project)  # the index, the spans, the memo: what the store holds
        assert "Netwerk" in screen_text(app)  # in the margin and the code tree
        await burst(pilot, "J", "J", "J", "7")  # the other window's new hotkey works here
        assert [c[2][:20] for c in codings(tui_project) if c[0] == "netwerk"] == \
            ["Een café", "Een café in de buurt"]
        other.remove_coding(mine.id)
        await pilot.pause(0.3)
        await settle(pilot)
        check(app, tui_project)


async def test_text_pasted_while_keys_wait_stays_in_its_place(long_project, rest):  # noqa: F811
    from textual import events

    from tests.tui.test_loading import typed

    app = CasebookApp(long_project, "lang")
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, "end", "c")  # End waits for the rest of the document ...
        app.post_message(events.Paste("kunnen"))  # ... so do "c", the paste and Enter
        await typed(pilot, "enter")
        rest.set()
        await settle(pilot)
        assert codings(long_project) == [("kunnen", "lang", test_loading.LAST)]


async def test_autocode_never_codes_half_a_character(tui_project):
    from casebook.offsets import snap
    from tests.tui.conftest import make_document

    make_document(tui_project.store, "accent",
                  turns=[("A", "Een cafe\u0301 en q\u0301 hier. Goed 👍🏿 zo.")])
    app = CasebookApp(tui_project, "accent")
    async with app.run_test(size=SIZE) as pilot:
        for query, code in [("e", "kunn"), ("👍", "doen"), ("q", "will")]:
            await burst(pilot, "a", "ctrl+u", *query, "enter", "enter", "enter", *code,
                        "enter", "enter")
        stored = tui_project.store.codings()
        text = tui_project.store.document("accent").text
        assert {text[c.start:c.end] for c in stored} >= {"e\u0301", "q\u0301", "👍🏿"}
        assert all(snap(text, c.start, c.end) == (c.start, c.end) for c in stored)


async def test_keys_in_a_side_panel_keep_their_place_in_a_burst(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "tab", "tab")  # the code tree
        assert app.focused is app.screen.code_tree
        await burst(pilot, "down", "down", "enter", "j", "j")  # was: coded the third sentence
        assert codings(tui_project) == [("willen.houding", "interview-1",
                                         "Hoe gaat het met het zoeken naar werk?")]
        await burst(pilot, "shift+tab", "down", "enter", "1")  # was: coded interview-1
        assert codings(tui_project)[-1] == ("willen", "interview-2", "Hoe gaat het met het "
                                            "zoeken naar werk?")
        await burst(pilot, "tab", "c", *"kunn", "enter")  # was: the Tab moved the picker's
        assert ("kunnen", "interview-2",  # focus, "kunn" missed the query
                "Hoe gaat het met het zoeken naar werk?") in codings(tui_project)


async def test_which_coding_keys_in_a_burst_act_in_order(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:  # the differential fuzz's seed 2: keys for
        await burst(pilot, "1", "3")  # the memo went to the list, Enter came after them
        await burst(pilot, "m", "down", "enter", *"snel", "ctrl+s", "u", "u")
        assert [(c.code_id, c.memo) for c in tui_project.store.codings()] == [("willen", None)]
        await burst(pilot, "3", "x", "down", "enter", "j", "2")  # remove the second: willen
        assert codings(tui_project) == [
            ("kunnen", "interview-1", "Hoe gaat het met het zoeken naar werk?"),
            ("willen.houding", "interview-1", "Vertel eens.")]


async def test_keys_after_a_dialog_closes_act_in_order(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(5):  # whatever the dialog has in its queue when it closes
            await burst(pilot, "c", *"kunn", "enter", "j", "shift+down", "k", "1", "u", "u")
        await burst(pilot, "c", *"doen", "enter", "j", "shift+down", "s", "2")
        assert codings(tui_project) == [
            ("doen", "interview-1", "Hoe gaat het met het zoeken naar werk?"),
            ("willen.houding", "interview-1", "Vertel eens.\n\nClient: Ik wil graag werken.")]



async def test_tab_in_a_picker_keeps_the_keys_in_its_query(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:  # the differential fuzz's seed 21: after
        await burst(pilot, "c", "tab")  # Tab, then Escape came late and "1" was lost
        await burst(pilot, "escape", "1")
        assert codings(tui_project) == [("willen", "interview-1",
                                         "Hoe gaat het met het zoeken naar werk?")]
        await burst(pilot, "c", "tab")
        await burst(pilot, *"kunn", "enter")
        assert codings(tui_project)[0][0] == "kunnen"
