"""The other screens: adjudication (u right after a), the pseudonymisation review (one key
per decision, a category at once, progress), and the palette's entries."""

from __future__ import annotations

from casebook.coders import adjudicate as adj
from casebook.privacy import service
from casebook.tui.app import CasebookApp
from casebook.tui.screens.adjudicate import AdjudicateApp
from casebook.tui.screens.review import ReviewScreen
from tests.agreement.test_adjudicate import _consensus, _two_coders
from tests.privacy.test_service import add_doc
from tests.tui.helpers import burst, notifications, screen_text, settle

SIZE = (120, 40)


async def test_u_right_after_a_undoes_that_decision(project):
    _two_coders(project.store)
    app = AdjudicateApp(project)
    said = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert "Willen" in str(screen.query_one("#position").render())  # a name, not an id
        await pilot.press("a")  # decided; the screen moves on to the next group
        assert _consensus(project.store) != [] and screen.index == 1
        await pilot.press("u")  # undoes that decision, and goes back to it
        assert _consensus(project.store) == [] and screen.index == 0
        assert [i.decision for i in adj.disagreements(project.store)] == [None] * 3
        await pilot.press("u")  # nothing left to undo: it says so
        assert said[-1] == "Niets om ongedaan te maken"


def _findings(store) -> None:
    add_doc(store, "gesprek", [
        ("Interviewer", "Hoe gaat het, Fatima?"),
        ("Fatima Yilmaz", "Goed. Bel me op 06-12345678 of mail f.yilmaz@example.nl. "
                          "Mijn broer Ahmed belt ook op 06-87654321."),
    ])
    service.scan(store, use_deduce=False)


async def test_review_decides_with_one_key_and_a_category_at_once(project):
    store = project.store
    _findings(store)
    app = CasebookApp(project)
    async with app.run_test(size=SIZE) as pilot:
        await app.open_registered("review")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        rows = app.screen.rows
        assert rows and "0 van" in screen_text(app)
        first = rows[0].finding
        await burst(pilot, "a")  # accept, and on to the next
        assert store.privacy_finding(first.id).decision == "accepted"
        second = app.screen.rows[1].finding
        await burst(pilot, "r")
        assert store.privacy_finding(second.id).decision == "rejected"
        phones = [r.finding for r in app.screen.rows if r.finding.category == "telefoon"]
        index = next(i for i, r in enumerate(app.screen.rows) if r.finding.id == phones[0].id)
        app.screen.query_one("OptionList").highlighted = index
        await burst(pilot, "A")  # every open phone number at once
        assert {store.privacy_finding(f.id).decision for f in phones} == {"accepted"}
        open_ = [r.finding for r in app.screen.rows if r.finding.decision == "proposed"]
        index = next(i for i, r in enumerate(app.screen.rows) if r.finding.id == open_[0].id)
        app.screen.query_one("OptionList").highlighted = index
        await burst(pilot, "e", "ctrl+u", *"Persoon X", "enter")
        assert store.privacy_finding(open_[0].id).replacement == "Persoon X"
        decided = sum(r.finding.decision != "proposed" for r in app.screen.rows)
        assert f"{decided} van {len(app.screen.rows)}" in screen_text(app)


async def test_palette_entries_follow_the_language(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Pseudonimisering beoordelen" in titles and "Kleurenschema" in titles
        app.language = "en"
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Review pseudonymisation" in titles and "Theme" in titles
