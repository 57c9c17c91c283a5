"""The exported casebook as a reader gets it: PDF text read back, pages rendered to PNG,
tags for accessibility, refusal of raw text, and nothing fetched from outside."""

from __future__ import annotations

import http.server
import io
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from casebook import privacy
from casebook.cli import cli
from casebook.model import Code, Codebook, Coding, Document, Sentence, Speaker, Turn
from casebook.offsets import sha256

TEXT = ("I: Hoe gaat het nu met werk?\n"
        "R: Ik ben Samira en ik wil echt werken. Maar de opvang is een probleem.\n"
        "I: En je klantmanager?\n"
        "R: Ellen vroeg eerst hoe het met de kinderen ging.")
CODEBOOK = Codebook(name="Toets", codes=[
    Code(id="willen", name="Willen", colour="#ff0000", description="Motivatie.",
         include="Uitspraken over willen.", exclude="Kunnen.", examples=["ik wil werken"]),
    Code(id="kunnen.barrieres", name="Barrières", parent=None, colour="#0000ff"),
])
CASE = """---
title: Samira wil werken
learning_goals: [Je herkent willen en kunnen.]
fragments:
  - document: gesprek
    quote: Ik ben Samira
  - document: gesprek
    turns: "3-4"
---
Commentaar met **nadruk**.

<script>alert("x")</script> en <b>vet</b>

![plaatje](http://127.0.0.1:{port}/remote.png)

## Reflectievragen

1. Wat wil Samira?
2. Wat staat haar in de weg?
"""


def _turns(text: str) -> list[Turn]:
    turns, pos = [], 0
    for line in text.split("\n"):
        label, _, said = line.partition(": ")
        turns.append(Turn(pos + len(label) + 2, pos + len(line), label))
        pos += len(line) + 1
    return turns


@pytest.fixture
def book(project):
    """A project with one coded document and a case file; returns (project, case path)."""
    store = project.store
    store.set_codebook(CODEBOOK)
    turns = _turns(TEXT)
    doc_id = store.add_document(Document(name="gesprek", text=TEXT, sha256=sha256(TEXT)), turns,
                                [Sentence(t.start, t.end) for t in turns],
                                [Speaker("I", role="interviewer"), Speaker("R", role="client")])
    coder = store.coder("anna")
    for quote, code, memo in (("ik wil echt werken", "willen", "Kern van de casus."),
                              ("Ik ben Samira en ik wil", "willen", None),
                              ("de opvang is een probleem", "kunnen.barrieres", None)):
        start = TEXT.index(quote)
        store.add_coding(Coding(doc_id, start, start + len(quote), code, coder.id, memo=memo))
    path = project.root / "cases" / "samira.md"
    path.write_text(CASE.replace("{port}", "9"), encoding="utf-8")
    return project, path


@pytest.fixture
def reviewed(monkeypatch):
    """Every document reviewed; "Samira" and "Ellen" replaced by pseudonyms of another length."""
    monkeypatch.setattr(privacy, "status", lambda store, doc_id: "reviewed")

    def replacements(store, doc_id, start, end, *, text=None, findings=None):
        found = []
        for name, pseudonym in (("Samira", "Cliënt A"), ("Ellen", "KM")):
            s = TEXT.index(name)
            if s < end and s + len(name) > start:
                found.append((s, s + len(name), pseudonym))
        return sorted(found)

    monkeypatch.setattr(privacy, "replacements", replacements)


def _export(project, path, *args):
    out = project.root / "exports" / "book.pdf"
    result = CliRunner().invoke(cli, ["-p", str(project.root), "export", str(path), "-o",
                                      str(out), *args])
    return result, out


def _text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_pdf_reads_back_with_pseudonyms_codes_questions_and_appendix(book, reviewed):
    project, path = book
    result, out = _export(project, path, "--title", "Socioprudentie 2026")
    assert result.exit_code == 0, result.output
    text = " ".join(_text(out).split())
    for expected in ("Socioprudentie 2026", "Samira wil werken", "Leerdoelen",
                     "ik wil echt werken", "de opvang is een probleem", "Cliënt A", "KM vroeg",
                     "Willen", "Barrières", "Wat wil Samira?", "Bijlage: codeboek",
                     "kunnen.barrieres", "Uitspraken over willen.", "Kern van de casus."):
        assert expected in text, expected
    assert "Ik ben Samira" not in text and "Ellen" not in text
    reader = PdfReader(out)
    assert len(reader.pages) > 2  # title page, contents, the case, the appendix
    case_page = next(n for n, page in enumerate(reader.pages, 1)
                     if "Leerdoelen" in page.extract_text())
    contents = reader.pages[1].extract_text()
    assert "Inhoud" in contents
    assert any(line.startswith("Samira wil werken") and line.endswith(f" {case_page}")
               for line in contents.splitlines())  # the contents has the case's page number
    assert f"pagina {case_page}" in reader.pages[case_page - 1].extract_text()


def test_pdf_is_tagged_for_accessibility(book, reviewed):
    project, path = book
    _result, out = _export(project, path)
    root = PdfReader(out).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]) == "nl"


def _pixels(png: Path):
    from PIL import Image

    return Image.open(png).convert("RGB")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_rendered_fragment_page_shows_code_colours(book, reviewed, tmp_path):
    project, path = book
    _result, out = _export(project, path)
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "3", "-l", "3", str(out),
                    str(tmp_path / "page")], check=True)
    image = _pixels(next(tmp_path.glob("page*.png")))
    counts = {"red": 0, "blue": 0}
    data = image.tobytes()  # RGB bytes (getdata() is deprecated in Pillow 12 and later)
    for r, g, b in zip(data[0::3], data[1::3], data[2::3], strict=True):
        if r > 230 and 140 < g < 200 and 140 < b < 200:  # #ff0000 at 32 % on white
            counts["red"] += 1
        if b > 230 and 140 < r < 200 and 140 < g < 200:  # #0000ff at 32 % on white
            counts["blue"] += 1
    assert counts["red"] > 50 and counts["blue"] > 50, counts


def test_refuses_unreviewed_text_in_one_line_and_writes_nothing(book):
    project, path = book
    result, out = _export(project, path)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "gesprek" in lines[0] and "--allow-raw" in lines[0]
    assert not out.exists()


def test_allow_raw_exports_with_a_visible_mark(book):
    project, path = book
    result, out = _export(project, path, "--allow-raw")
    assert result.exit_code == 0, result.output
    text = _text(out)
    assert "NIET GEPSEUDONIMISEERD" in text or "niet gepseudonimiseerd" in text.lower()
    assert "Ik ben Samira" in " ".join(text.split())


def test_markdown_raw_html_is_escaped(book, reviewed):
    project, path = book
    out = project.root / "exports" / "book.html"
    result = CliRunner().invoke(cli, ["-p", str(project.root), "export", str(path), "--html",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    from casebook.export.web import SCRIPT  # the web page's own switch is its one script

    assert re.findall(r"<script>(.*?)</script>", html, re.S) == [SCRIPT]
    assert "&lt;script&gt;" in html
    assert "<b>vet</b>" not in html and "&lt;b&gt;vet&lt;/b&gt;" in html
    assert "<strong>nadruk</strong>" in html
    # the pseudonym is longer than the name, and the highlight still covers exactly the code
    highlighted = "".join(re.findall(r'<span class="c0[^"]*"[^>]*>([^<]*)</span>', html))
    assert highlighted == "Ik ben Cliënt A en ik wil echt werken"


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(b"")

    def log_message(self, *args):
        pass


def test_remote_images_are_not_fetched(book, reviewed):
    project, path = book
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        path.write_text(CASE.replace("{port}", str(port)) +
                        f'\n<img src="http://127.0.0.1:{port}/raw.png">\n', encoding="utf-8")
        result, out = _export(project, path)
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    finally:
        server.shutdown()
        server.server_close()
    assert _Recorder.hits == []


def test_write_pdf_counts_pages_and_fetches_no_file(tmp_path):
    from casebook.export import write_pdf

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    html = (f'<html lang="nl"><body><p>Een</p><img src="file://{secret}">'
            '<p style="page-break-before: always">Twee</p></body></html>')
    data, pages = write_pdf(html)
    assert pages == 2
    assert b"not an image" not in data
    assert "Twee" in PdfReader(io.BytesIO(data)).pages[1].extract_text()
