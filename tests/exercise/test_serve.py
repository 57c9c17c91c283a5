"""`casebook serve --exercise PACKAGE`: a class codes the student package in the browser,
each under their own name; the folder is handed in as one file and collected."""

from __future__ import annotations

import json

from casebook.exercise import spec
from casebook.store import Store
from tests.browser.conftest import browser, serving  # noqa: F401 (the browser fixture)
from tests.browser.test_serve import open_workbench, wait_for
from tests.exercise.conftest import ok, run


def coded(root) -> list[tuple[str, str]]:
    store = Store(root / "casebook.db")
    try:
        return sorted((c.coder_name or "", c.code_id) for c in store.codings())
    finally:
        store.close()


def test_a_class_codes_the_package_in_the_browser(browser, reviewed, tmp_path):  # noqa: F811
    ok(reviewed, "exercise", "create", "week1", "--reference", "anna")
    package = spec.folder(reviewed, "week1") / "week1.casebook-exercise"
    klas = tmp_path / "klas"
    with serving(klas, "--exercise", str(package)) as (url, _server):
        page = open_workbench(browser, url, "Lotte")
        page.wait_for_selector("body.-first-byte", timeout=20_000)
        assert wait_for(lambda: (klas / "casebook.db").is_file())
        page.wait_for_timeout(1500)  # the workbench mounts its screen
        page.locator(".xterm-helper-textarea").focus()
        for key in ("j", "1"):
            page.keyboard.press(key)
        assert wait_for(lambda: coded(klas) == [("Lotte", "willen.houding")]), coded(klas)
        page.context.close()
    assert (klas / "instructions.md").is_file()
    out = ok(klas, "exercise", "hand-in", "-o", str(tmp_path / "klas.casebook-handin"))
    assert "1 coding by Lotte" in out
    collected = json.loads(ok(reviewed, "exercise", "collect",
                              str(tmp_path / "klas.casebook-handin"), "--json"))
    assert collected["students"] == {"Lotte": 1}
    # the server refuses a package it cannot read, in one line
    (tmp_path / "bad.casebook-exercise").write_bytes(b"PK")
    result = run(None, "serve", str(tmp_path / "elsewhere"), "--exercise",
                 str(tmp_path / "bad.casebook-exercise"))
    assert result.code == 2 and "not a Casebook exercise file" in result.err
