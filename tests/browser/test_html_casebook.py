"""`casebook export --html` as a student opens it: one file that fetches nothing, reads with
and without JavaScript, in light and dark, with the fragments, code labels, memos and the
codebook, pseudonymised through the gate, and no serious or critical axe-core finding."""

from __future__ import annotations

import http.server
import threading

import pytest
from click.testing import CliRunner

from casebook.cli import cli
from casebook.export.contrast import contrast, rgb
from casebook.model import Code, Codebook, Coding, Document, Sentence, Speaker, Turn
from casebook.offsets import sha256
from casebook.project import Project

TEXT = ("I: Hoe gaat het nu met werk?\n"
        "R: Ik heet Samira Bakker en ik wil echt werken. Maar de opvang is een probleem.\n"
        "I: En je klantmanager?\n"
        "R: Ze vroeg eerst hoe het met de kinderen ging. Dat deed me goed.")
# colours a naive highlight gets wrong in one theme or the other
CODEBOOK = Codebook(name="Toets", codes=[
    Code(id="willen", name="Willen", colour="#ffff00", description="Motivatie.",
         include="Uitspraken over willen.", exclude="Kunnen.", examples=["ik wil werken"]),
    Code(id="kunnen", name="Kunnen", colour="#000000"),
    Code(id="kunnen.barrieres", name="Barrières", parent="kunnen", colour="#dddddd"),
    Code(id="relatie", name="Werkrelatie", colour="#1f77b4"),
])
CASE = """---
title: Een cliënt wil werken
learning_goals: [Je herkent willen en kunnen.]
fragments:
  - document: gesprek
    turns: "1-4"
---
Commentaar met **nadruk** en een [bron](https://example.org/bron).

![plaatje](http://127.0.0.1:{port}/remote.png)

## Reflectievragen

1. Wat wil Persoon 1?
2. Wat staat haar in de weg?
"""


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        _Recorder.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Recorder.hits = []
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def cli_ok(root, *args: str) -> str:
    result = CliRunner().invoke(cli, ["-p", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def web_book(tmp_path, recorder):
    """A coded, memoed and reviewed interview, a case on it, exported with --html."""
    project = Project.init(tmp_path / "proj", name="Toets")
    store = project.store
    store.set_codebook(CODEBOOK)
    turns, pos = [], 0
    for line in TEXT.split("\n"):
        turns.append(Turn(pos + 3, pos + len(line), line[0]))
        pos += len(line) + 1
    doc = store.add_document(Document(name="gesprek", text=TEXT, sha256=sha256(TEXT)), turns,
                             [Sentence(t.start, t.end) for t in turns],
                             [Speaker("I", role="interviewer"), Speaker("R", role="client")])
    coder = store.coder("anna")
    for quote, code, memo in (("ik wil echt werken", "willen", "Kern van de casus."),
                              ("de opvang is een probleem", "kunnen.barrieres", None),
                              ("Dat deed me goed.", "relatie", None),
                              ("hoe het met de kinderen ging", "kunnen", None)):
        start = TEXT.index(quote)
        store.add_coding(Coding(doc, start, start + len(quote), code, coder.id, memo=memo))
    project.close()
    (project.root / "cases" / "samira.md").write_text(CASE.replace("{port}", str(recorder)),
                                                      encoding="utf-8")
    refused = CliRunner().invoke(cli, ["-p", str(project.root), "export", "--html"])
    assert refused.exit_code == 2 and "casebook pseudo" in refused.output  # the gate
    for step in (["scan", "--rules-only"], ["review", "--accept-all"], ["apply"]):
        cli_ok(project.root, "pseudo", *step)
    out = project.root / "exports" / "casebook.html"
    assert "1 case, 1 fragment" in cli_ok(project.root, "export", "--html")
    return out


def open_book(browser, path, **options):
    context = browser.new_context(viewport={"width": 1100, "height": 900}, **options)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    return page, requests


def test_the_web_casebook_has_the_pdfs_content_and_fetches_nothing(browser, web_book,
                                                                    recorder, tmp_path):
    html = web_book.read_text(encoding="utf-8")
    assert "Samira" not in html and "Bakker" not in html  # pseudonymised by the gate
    page, requests = open_book(browser, web_book)
    assert page.title() == "Een cliënt wil werken"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("main h2").first.inner_text() == "Een cliënt wil werken"
    turns = page.locator("figure.fragment .turn")
    assert turns.count() == 4
    assert "Ik heet Persoon 1 en" in turns.nth(1).inner_text()
    assert turns.nth(1).locator("li.label").all_inner_texts() == ["Willen", "Barrières"]
    assert "Kern van de casus." in turns.nth(1).locator(".memo").inner_text()
    assert page.locator(".questions li").all_inner_texts() == [
        "Wat wil Persoon 1?", "Wat staat haar in de weg?"]
    assert page.locator("#codebook h3").all_inner_texts()[:2] == ["Willen willen",
                                                                  "Kunnen kunnen"]
    for name in ("header", "nav", "main"):
        assert page.locator(name).count() == 1
    page.screenshot(path=tmp_path / "casebook.png", full_page=True)
    assert (tmp_path / "casebook.png").stat().st_size > 20_000
    assert requests == [web_book.as_uri()] and _Recorder.hits == []  # no image, no font
    assert "[plaatje]" in page.locator(".commentary").inner_text()  # the image's alt text


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_code_colours_keep_the_text_readable_and_axe_finds_nothing_serious(browser, web_book,
                                                                           scheme):
    from axe_playwright_python.sync_playwright import Axe

    page, _ = open_book(browser, web_book, color_scheme=scheme)
    pieces = page.locator("p.said > span[title]")
    assert pieces.count() == 4
    ground = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert (ground == "rgb(255, 255, 255)") == (scheme == "light")
    for n in range(pieces.count()):
        ink, under = pieces.nth(n).evaluate(
            "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
        assert under not in (ground, "rgba(0, 0, 0, 0)")  # a highlight is there ...
        assert contrast(_rgb(ink), _rgb(under)) >= 4.5, (n, ink, under)  # ... and readable
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["impact"]) for v in violations
            if v["impact"] in ("serious", "critical")] == []


def _rgb(css: str) -> tuple[int, int, int]:
    r, g, b = (int(part) for part in css[css.index("(") + 1:css.index(")")].split(",")[:3])
    return rgb(f"#{r:02x}{g:02x}{b:02x}")


def test_codes_can_be_hidden_with_javascript_and_are_shown_without(browser, web_book):
    page, _ = open_book(browser, web_book, java_script_enabled=False)
    assert page.locator("#show-codes").count() == 0  # no switch that would do nothing
    assert page.locator("li.label").first.is_visible()

    page, _ = open_book(browser, web_book)
    first = page.locator("p.said > span[title]").first
    coloured = first.evaluate("e => getComputedStyle(e).backgroundColor")
    page.get_by_label("Codes tonen").uncheck()
    assert not page.locator("li.label").first.is_visible()
    assert not page.locator(".memo").first.is_visible()
    assert first.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert "ik wil echt werken" in page.locator("figure.fragment").inner_text()
    page.get_by_label("Codes tonen").check()
    assert page.locator("li.label").first.is_visible()
    assert first.evaluate("e => getComputedStyle(e).backgroundColor") == coloured


def test_the_web_casebook_in_english(browser, web_book):
    root = web_book.parent.parent
    settings = root / "casebook.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: nl",
                                                                     "language: en"))
    cli_ok(root, "export", "--html")
    page, _ = open_book(browser, web_book)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_label("Show codes").is_checked()
    assert page.locator("h3", has_text="Reflection questions").count() == 1
