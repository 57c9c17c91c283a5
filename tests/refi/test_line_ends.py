"""How a tool counted CRLF line ends in its offsets: as two characters (in the file) or as
one (ATLAS.ti: CRLF text files, offsets as if every line end were one character)."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from casebook.cli import cli
from casebook.refi.importer import import_qdpx
from casebook.refi.textmap import choose_line_ends

SOURCE = "dddddddd-0000-4000-8000-000000000001"
CODE = "aaaaaaaa-0000-4000-8000-000000000001"
LINES = ["Interviewer: Hoe gaat het nu met werk?", "Lotte: Ik heb weer hoop.",
         "Interviewer: Wat helpt?", "Lotte: Mijn klantmanager gelooft in mij.",
         "Lotte: En de proefplaatsing bij de kinderopvang."]
RAW = "\r\n".join(LINES) + "\r\n"
QUOTES = ["Ik heb weer hoop.", "Mijn klantmanager gelooft in mij.", "de kinderopvang"]


def offsets(counted: str) -> list[tuple[int, int]]:
    return [(counted.index(q), counted.index(q) + len(q)) for q in QUOTES]


def qdpx(path, spans, origin: str):
    selections = "".join(
        f'<PlainTextSelection guid="bbbbbbbb-0000-4000-8000-{n:012d}" startPosition="{a}" '
        f'endPosition="{b}"><Coding guid="cccccccc-0000-4000-8000-{n:012d}">'
        f'<CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>'
        for n, (a, b) in enumerate(spans))
    qde = (f'<?xml version="1.0"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="x" '
           f'origin="{origin}"><CodeBook><Codes><Code guid="{CODE}" name="Hoop" '
           f'isCodable="true"/></Codes></CodeBook><Sources><TextSource guid="{SOURCE}" '
           f'name="gesprek" plainTextPath="internal://{SOURCE}.txt">{selections}'
           f'</TextSource></Sources></Project>')
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde)
        zf.writestr(f"sources/{SOURCE}.txt", RAW.encode("utf-8"))
    return path


def quotes(project) -> list[str]:
    store = project.store
    return sorted(store.document(c.document_id).text[c.start:c.end] for c in store.codings())


@pytest.mark.parametrize("origin", ["ATLAS.ti 23.1", "Other QDA 1.0"])
def test_one_character_per_crlf_is_recognised(fresh, tmp_path, origin):
    spans = offsets(RAW.replace("\r\n", "\n"))
    report = import_qdpx(fresh, qdpx(tmp_path / "atlas.qdpx", spans, origin))
    assert report.line_ends == "one"
    assert quotes(fresh) == sorted(QUOTES) and not report.dropped


@pytest.mark.parametrize("origin", ["MAXQDA 2022", "ATLAS.ti 23.1"])
def test_two_characters_per_crlf_as_in_the_file(fresh, tmp_path, origin):
    report = import_qdpx(fresh, qdpx(tmp_path / "maxqda.qdpx", offsets(RAW), origin))
    assert report.line_ends == "file"
    assert quotes(fresh) == sorted(QUOTES)


def test_an_end_beyond_the_shorter_reading_means_the_file(tmp_path):
    end = len(RAW) - 1  # fits the file, not the text with one character per line end
    assert choose_line_ends([(RAW, [(0, 5), (end - 3, end)])], "codepoints",
                            "ATLAS.ti")[0] == "file"


def test_ties_follow_the_tool(tmp_path):
    spans = [(0, 11)]  # before the first line end: both readings are the same
    assert choose_line_ends([(RAW, spans)], "codepoints", "ATLAS.ti 9")[0] == "one"
    assert choose_line_ends([(RAW, spans)], "codepoints", "NVivo 14")[0] == "file"
    assert choose_line_ends([("a\nb", [(0, 3)])], "codepoints", "ATLAS.ti")[0] == "file"


def test_cli_line_ends_as_asked(fresh, tmp_path, monkeypatch):
    path = qdpx(tmp_path / "atlas.qdpx", offsets(RAW.replace("\r\n", "\n")), "Other")
    monkeypatch.chdir(fresh.root)
    result = CliRunner().invoke(cli, ["qdpx", "import", str(path), "--line-ends", "file",
                                      "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["line_ends"] == "file" and data["line_ends_reason"].startswith("as asked")
    assert quotes(fresh) != sorted(QUOTES)  # taken at its word: the wrong words
    result = CliRunner().invoke(cli, ["qdpx", "import", str(path), "--dry-run"])
    assert "a CRLF counted as" in result.output
