"""The adjudication screen, driven with Pilot: decisions land in the store as consensus."""

from casebook.coders import adjudicate as adj
from casebook.tui.screens.adjudicate import AdjudicateApp, AdjudicateScreen
from casebook.tui.widgets.footer import words
from tests.agreement.data import sentence
from tests.agreement.test_adjudicate import _consensus, _two_coders


async def test_walk_and_decide(project):
    _two_coders(project.store)
    app = AdjudicateApp(project)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, AdjudicateScreen)
        assert [i.kind for i in screen.items] == ["a-only", "b-only", "extent"]
        position = str(screen.query_one("#position").render())
        assert "1 van 3" in position and "alleen A" in position
        side_a = str(screen.query_one("#text-a").render())
        assert project.store.document("doc").text[slice(*sentence(2))] in side_a
        await pilot.press("a")                  # A only: keep it
        assert screen.index == 1
        await pilot.press("n")                  # B only: drop it
        await pilot.press("o")                  # extent: both -> the union
        assert _consensus(project.store) == [("kunnen", *sentence(6)),
                                             ("willen", *sentence(2))]
        await pilot.press("k")
        assert screen.index == 1
        await pilot.press("k", "u")             # undo the first decision
        assert _consensus(project.store) == [("kunnen", *sentence(6))]
        assert [i.decision for i in adj.disagreements(project.store)] == [None, "neither",
                                                                            "both"]
        active = app.active_bindings
        assert {"a", "b", "o", "n", "j", "k", "u"} <= set(active)
        assert words(active["a"].binding.description, "nl") == "neem A"  # the footer's word
        await pilot.press("q")
    assert app.return_code in (0, None)


async def test_the_workbench_opens_the_screen_from_its_registry(project):
    from casebook.tui.app import CasebookApp

    _two_coders(project.store)
    app = CasebookApp(project)
    async with app.run_test(size=(120, 30)) as pilot:
        app.open_registered("adjudicate")
        await pilot.pause()
        assert isinstance(app.screen, AdjudicateScreen) and len(app.screen.items) == 3
        await pilot.press("escape")
        assert not isinstance(app.screen, AdjudicateScreen)


async def test_one_coder_only_shows_why(project):
    from tests.agreement.data import add_document, code

    doc = add_document(project.store)
    code(project.store, doc, "anna", "willen", *sentence(0))
    app = AdjudicateApp(project)
    async with app.run_test(size=(100, 20)) as pilot:
        assert "two coders" in str(app.screen.query_one("#position").render())
        await pilot.press("a", "j", "u")  # nothing to decide: nothing happens
    assert _consensus(project.store) == []
