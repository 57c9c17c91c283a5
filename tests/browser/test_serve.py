"""`casebook serve` in a browser: students give a name, code with the hotkeys, and their
codings land in the project's database under that name; a token keeps strangers out."""

from __future__ import annotations

import time
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from casebook.store import Store
from tests.browser.conftest import children, serving

SENTENCE_1 = "Hoe gaat het met het zoeken naar werk?"
SENTENCE_2 = "Vertel eens."


def codings_by_coder(root) -> set[tuple[str, str, str]]:
    store = Store(root / "casebook.db")
    try:
        names = {coder.id: coder.name for coder in store.coders()}
        text = store.document("interview-1").text
        return {(names[c.coder_id], c.code_id, text[c.start:c.end]) for c in store.codings()}
    finally:
        store.close()


def coders(root) -> set[str]:
    store = Store(root / "casebook.db")
    try:
        return {coder.name for coder in store.coders()}
    finally:
        store.close()


def open_workbench(browser, url: str, name: str):
    """A student's browser: open the address, type a name (the workbench starts)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url)
    page.get_by_label("Je naam").fill(name)
    page.keyboard.press("Enter")
    return page


def wait_for(condition, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while not (result := condition()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return result


def test_two_students_code_side_by_side_under_their_own_names(browser, served_project):
    with serving(served_project) as (url, server):
        anna = open_workbench(browser, url, "Anna de Vries")
        bram = open_workbench(browser, url, "Bram")
        for page in (anna, bram):
            page.wait_for_selector("body.-first-byte", timeout=20_000)
        assert wait_for(lambda: {"Anna de Vries", "Bram"} <= coders(served_project))
        assert len(children(server.pid)) == 2  # a workbench process for each browser
        time.sleep(0.5)  # the workbench mounts its screen after it made its coder
        for page, keys in ((anna, ["2"]), (bram, ["j", "3"])):
            page.locator(".xterm-helper-textarea").focus()
            for key in keys:
                page.keyboard.press(key)
        expected = {("Anna de Vries", "willen.houding", SENTENCE_1),
                    ("Bram", "kunnen", SENTENCE_2)}
        assert wait_for(lambda: codings_by_coder(served_project) == expected), \
            codings_by_coder(served_project)
        assert "the-server" not in coders(served_project)
        anna.context.close()
        assert wait_for(lambda: len(children(server.pid)) == 1)  # Anna's workbench ended
        still_open = children(server.pid)
    assert server.returncode == 0  # stopped with Bram's session open: his workbench quit too
    assert wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in still_open))
    bram.context.close()


def test_a_wrong_or_missing_token_gets_403_and_starts_nothing(browser, served_project):
    token = "geheim-voor-de-klas"
    with serving(served_project, "--token", token) as (url, server):
        page = browser.new_page()
        for address in (url, f"{url}/?token=fout", f"{url}/?token=geheim",
                        f"{url}/static/js/textual.js", f"{url}/?coder=Anna&token=",
                        f"{url}/ws/abc"):
            response = page.goto(address)
            assert response is not None and response.status == 403, address
        assert children(server.pid) == []
        assert coders(served_project) == set()

        page.goto(f"{url}/?token={token}")  # the right token: the name form, then the bench
        violations = Axe().run(page).response["violations"]
        assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []
        page.get_by_label("Je naam").fill("Chris")
        page.keyboard.press("Enter")
        page.wait_for_selector("body.-first-byte", timeout=20_000)
        assert wait_for(lambda: "Chris" in coders(served_project))
        page.close()
