"""Keys that arrive in one burst, as over SSH: every prompt and picker acts on the text and
the item that are current when Enter is handled, a second Enter after it closed is harmless,
and nothing crashes. (``burst`` posts all keys before the app handles any; ``pilot.press``
waits in between.)"""

from __future__ import annotations

import pytest

from casebook.tui.app import CasebookApp, run
from casebook.tui.screens.coding import CodingScreen
from tests.tui.helpers import burst, codings, selected, settle

SIZE = (120, 40)


def mine(project) -> list[str]:
    return [c.code_id for c in project.store.codings() if c.coder_name == "tester"]


@pytest.mark.parametrize("send", ["burst", "press"])
async def test_the_picker_applies_the_code_typed_before_enter(demo_project, send):
    app = CasebookApp(demo_project)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = ("c", "O", "m", "g", "a", "a", "n", "enter")
        await (burst(pilot, *keys) if send == "burst" else pilot.press(*keys))
        await settle(pilot)
        assert mine(demo_project) == ["kunnen.lastige-situaties"]
        assert isinstance(app.screen, CodingScreen)


async def test_picker_is_case_and_accent_blind_and_ignores_a_second_enter(demo_project):
    app = CasebookApp(demo_project)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "c", *"barrieres", "enter", "enter", "j")
        assert mine(demo_project) == ["kunnen.barrieres"]  # "Randvoorwaarden en barrières"
        await burst(pilot, "c", *"rand", "down", "enter")  # "rand": one match; down stays
        assert mine(demo_project).count("kunnen.barrieres") == 2
        assert isinstance(app.screen, CodingScreen) and app.is_running


async def test_search_with_two_enters_and_a_move(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "slash", *"werk", "enter", "enter")
        assert isinstance(app.screen, CodingScreen) and app.is_running
        assert selected(app).lower() == "werk"
        await burst(pilot, "slash", "ctrl+u", *"klantmanager", "enter", "3")
        assert codings(tui_project) == [("kunnen", "interview-1", "klantmanager")]


async def test_filter_prompt_in_a_burst(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "f", *"client", "enter", "enter", "2")
        assert app.session.filters.speaker == "Client"
        assert codings(tui_project) == [("willen.houding", "interview-1",
                                         "Ik wil graag werken.")]


async def test_memo_typed_in_a_burst_is_saved_whole(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "1", "m", *"snel getypt", "ctrl+s", "enter", "j")
        [coding] = tui_project.store.codings()
        assert coding.memo == "snel getypt"
        assert tui_project.store.memos("coding")[0].text == "snel getypt"
        assert isinstance(app.screen, CodingScreen)


async def test_go_to_turn_new_code_and_autocode_in_bursts(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "g", "4", "enter", "enter")
        assert selected(app).startswith("Een café in de buurt")
        await burst(pilot, "plus", *"Netwerk", "enter", *"will", "enter", "9", "enter", "enter")
        added = tui_project.store.code("willen.netwerk")
        assert (added.name, added.parent, added.hotkey) == ("Netwerk", "willen", "9")
        await burst(pilot, "9")  # the new hotkey works at once
        assert codings(tui_project)[-1][0] == "willen.netwerk"
        await burst(pilot, "a", *"ik", "enter", "enter", "enter", *"kunn", "enter", "enter",
                    "enter")
        assert [c[2] for c in codings(tui_project) if c[0] == "kunnen"] == \
            ["Ik", "Ik", "ik", "ik"]  # every "ik" of interview-1
        assert isinstance(app.screen, CodingScreen)


async def test_remove_and_confirm_in_a_burst(tui_project):
    from casebook.model import Coding

    store = tui_project.store
    doc = store.document("interview-1")
    start = doc.text.index("Hoe gaat")
    store.add_coding(Coding(doc.id, start, start + 38, "kunnen", store.coder("anna").id))
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "x", "n", "x", "escape", "x")  # asked three times, no twice
        assert len(store.codings()) == 1 and app.screen.__class__.__name__ == "Confirm"
        await burst(pilot, "j", "j")  # yes; the second j moves on
        assert store.codings() == [] and selected(app) == "Vertel eens."


async def test_random_keys_never_crash(tui_project):
    import random

    keys = ["j", "k", "J", "K", "w", "b", "c", "x", "m", "u", "ctrl+r", "slash", "n", "f",
            "r", "enter", "escape", "a", "g", "plus", "i", "1", "2", "down", "up", "tab",
            "question_mark", "s", "t", "pagedown", "home", "end", "M", "ctrl+s", "e",
            "right_square_bracket", "shift+down"]
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        rng = random.Random(11)
        for _ in range(6):
            await burst(pilot, *rng.choices(keys, k=40))
            await burst(pilot, "escape", "escape", "escape")
        assert app.is_running and app.return_code is None


def test_a_crash_exits_non_zero(tui_project, monkeypatch):
    def crash(self):
        raise RuntimeError("boom")
    monkeypatch.setattr(CodingScreen, "action_help", crash)
    monkeypatch.setattr(CasebookApp, "run", _run_headless_pressing("question_mark"))
    with pytest.raises(SystemExit) as exit_:
        run(tui_project)
    assert exit_.value.code == 1


def _run_headless_pressing(key):
    real_run = CasebookApp.run

    def run_app(self, *args, **kwargs):
        async def press(pilot):
            await pilot.press(key)
            await pilot.pause()
        return real_run(self, headless=True, auto_pilot=press)
    return run_app


async def test_keys_typed_while_the_workbench_starts_wait_for_it(tui_project):
    async def type_at_once(pilot) -> None:  # as soon as the app runs, before the screen is up
        await burst(pilot, "j", "2")
        pilot.app.exit()

    await CasebookApp(tui_project).run_async(headless=True, size=SIZE,
                                             auto_pilot=type_at_once)
    assert codings(tui_project) == [("willen.houding", "interview-1", "Vertel eens.")]
