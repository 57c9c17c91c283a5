"""Nothing a docent hands out names a client: the demo, reviewed (deduce and our rules, every
finding accepted), written out in every output format, holds none of what review accepted,
in no spelling; and a name planted in a field of an output is refused with that field named.

The search here is written independently of the gate (casebook.privacy.variants): every byte
of every output is decoded, NFKC-normalised, stripped of Markdown emphasis and searched for
each original in any case, each part of a person's name, and each number's digits however
they are spaced.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from casebook.cli import cli
from casebook.cli.common import run as run_main
from casebook.demo import build
from casebook.project import Project

PREFIXES = {"van", "de", "der", "den", "el", "al", "ten", "ter", "te", "het"}
TITLES = {"meneer", "mevrouw", "mevr", "mw", "dhr", "heer"}


@dataclass
class Ran:
    code: int
    out: str
    err: str


def run(root: Path, *args: str) -> Ran:
    """`casebook -p ROOT ARGS` through the real entry point (one-line errors, exit 2)."""
    runner = CliRunner()
    with runner.isolation() as (out, err, _mixed):
        saved, sys.argv = sys.argv, ["casebook", "-p", str(root), *args]
        try:
            code = run_main(cli)
        finally:
            sys.argv = saved
    return Ran(code, out.getvalue().decode(), err.getvalue().decode())


@contextmanager
def opened(root: Path):
    project = Project.find(root)
    try:
        yield project
    finally:
        project.close()


def ok(root: Path, *args: str) -> str:
    result = run(root, *args)
    assert result.code == 0, (args, result.err)
    return result.out


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Path:
    """The demo, scanned with deduce and our rules, every finding accepted, applied."""
    root = tmp_path_factory.mktemp("outputs") / "demo"
    build(root)
    for step in (["scan"], ["review", "--accept-all"], ["apply"]):
        ok(root, "pseudo", *step)
    return root


def write_every_output(root: Path, out: Path) -> dict[str, bytes]:
    """Every output format, by a name; archives unpacked into one entry per member."""
    out.mkdir()
    ok(root, "export", "-o", str(out / "book.pdf"))
    ok(root, "export", "--html", "-o", str(out / "book.html"))
    ok(root, "qdpx", "export", "-o", str(out / "project.qdpx"))
    ok(root, "codebook", "export", "-o", str(out / "codebook.qdc"))
    ok(root, "report", "workbook", str(out / "workbook.xlsx"))
    outputs: dict[str, bytes] = {}
    for kind, by in [("frequencies", "document"), ("frequencies", "speaker"),
                     ("frequencies", "role"), ("cooccurrence", None), ("speakers", None),
                     ("fragments", None)]:
        options = ["--by", by] if by else []
        name = f"report-{kind}{'-' + by if by else ''}"
        for fmt in ("table", "--json", "--csv"):
            outputs[f"{name}{fmt}"] = ok(
                root, "report", kind, *options, *([fmt] if fmt != "table" else [])).encode()
        ok(root, "report", kind, *options, "--xlsx", str(out / f"{name}.xlsx"))
    for fmt in ([], ["--csv"], ["--json"]):
        outputs[f"codings{fmt}"] = ok(root, "codings", *fmt).encode()
    for fmt in ("csv", "md"):
        ok(root, "adjudicate", "report", "--coders", "anna,bram", "--format", fmt,
           "-o", str(out / f"adjudication.{fmt}"))
    outputs["agree --json"] = ok(root, "agree", "--coders", "anna,bram", "--json").encode()
    outputs["agree --csv"] = ok(root, "agree", "--coders", "anna,bram", "--csv").encode()
    ok(root, "agree", "--coders", "anna,bram", "--report", str(out / "agreement.md"))
    for name in ("clientgesprek", "klantmanager", "leertafel", "reflectiesessie"):
        outputs[f"show {name}"] = ok(root, "show", name, "--pseudo").encode()
        outputs[f"show {name} json"] = ok(root, "show", name, "--pseudo", "--json").encode()
    outputs["book.pdf (pdftotext)"] = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out / "book.pdf"), "-"], capture_output=True,
        check=True).stdout
    for path in sorted(out.iterdir()):
        if path.suffix in (".qdpx", ".xlsx"):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():  # but xlsxwriter's fixed theme (its
                    if not member.startswith("xl/theme/"):  # fonts' script "Hans")
                        outputs[f"{path.name}/{member}"] = archive.read(member)
        elif path.suffix != ".pdf":
            outputs[path.name] = path.read_bytes()
    return outputs


def variants(store) -> list[tuple[str, re.Pattern[str]]]:
    """For every original review accepted: the original in any case (a one-word name the
    transcripts also use in lower case, like "Best", with its capital), each part of a
    person's name, and a number's digits (searched in digit runs)."""
    lower = set()
    for doc in store.documents():
        lower |= set(re.findall(r"(?<![\w@.])[a-zà-ÿ]+(?![\w@.])", store.document(doc.id).text))
    found = []
    for f in store.privacy_findings():
        if f.decision not in ("accepted", "edited") or re.fullmatch(r"\d{1,4}", f.text):
            continue
        text = unicodedata.normalize("NFKC", f.text).strip(" .")
        if f.category in ("bsn", "telefoon", "iban"):
            digits = max(re.findall(r"\d+", re.sub(r"[\s.\-]", "", text)), key=len).lstrip("0")
            found.append((text, re.compile("DIGITS:" + digits)))
            continue
        for piece in re.split(r"(?<=\.)\s+", text):
            words = [w for w in piece.split() if w.casefold().strip(".") not in TITLES]
            name = " ".join(words) if len(" ".join(words)) >= 3 else piece
            if len(words) == 1 and name.casefold() in lower:
                found.append((name, re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")))
            else:
                found.append((name, re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.I)))
            if f.category == "persoon" and len(words) > 1:
                found += [(w, re.compile(rf"(?<!\w){re.escape(w)}(?!\w)")) for w in words
                          if w.casefold() not in PREFIXES and len(w.strip(".")) >= 3]
    return found


def searchable(data: bytes) -> tuple[str, str]:
    """(text as a reader sees it, its digit runs each as digits only)."""
    text = unicodedata.normalize("NFKC", data.decode("utf-8", errors="replace"))
    text = re.sub(r"[*_~`]", "", text)
    text = re.sub(r"\s+", " ", text)
    runs = " ".join(re.sub(r"\D", "", m) for m in re.findall(r"\d(?:[\s.\-/()+]{0,3}\d)*",
                                                               text))
    return text, runs


@pytest.mark.slow
def test_no_output_names_what_review_accepted(reviewed, tmp_path):
    outputs = write_every_output(reviewed, tmp_path / "out")
    with opened(reviewed) as project:
        looked_for = variants(project.store)
        accepted = len(project.store.privacy_findings(decision="accepted"))
    assert len(outputs) > 60 and accepted > 150  # every format; the demo's many findings
    assert any(name.startswith("project.qdpx/sources/") for name in outputs)
    leaks = []
    for name, data in outputs.items():
        text, runs = searchable(data)
        for original, pattern in looked_for:
            if pattern.pattern.startswith("DIGITS:"):
                if pattern.pattern[7:] in runs:
                    leaks.append((name, original))
            elif pattern.search(text):
                leaks.append((name, original, pattern.search(text).group()))
    assert sorted(set(leaks)) == []
    # what a reader sees instead: pseudonyms, display names
    assert b"clientgesprek-1" in outputs["book.pdf (pdftotext)"]
    assert "clientgesprek-1" in json.loads(outputs["agree --json"])["documents"]
    assert "Cliënt 1" in outputs["show clientgesprek"].decode() or \
        "Persoon 1" in outputs["show clientgesprek"].decode()


def test_spelled_otherwise_it_is_still_found(reviewed, tmp_path):
    """The search above is not blind: the originals written otherwise, in a memo's place,
    are found by it (and refused by the gate)."""
    with opened(reviewed) as project:
        looked_for = variants(project.store)
    for spelling in ("El Amrani", "SAMIRA", "Sa*mira*", "Gu\u0308l", "271 849 368",
                     "06 23918457", "+31 6 2391 8457"):
        text, runs = searchable(spelling.encode())
        assert any((p.pattern[7:] in runs) if p.pattern.startswith("DIGITS:")
                   else p.search(text) for _o, p in looked_for), spelling


@pytest.fixture
def planted(reviewed, tmp_path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(reviewed, root)
    return root


def test_a_name_in_authors_is_refused_with_its_field(planted):
    case = planted / "cases" / "samira-eigen-kunnen.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("authors: [Lectoraat Werk en Participatie]",
                                 "authors: [Lectoraat Werk en Participatie, Samira el Amrani]"),
                    encoding="utf-8")
    result = run(planted, "export", "samira-eigen-kunnen", "--html")
    assert result.code == 2 and result.err.count("\n") == 1
    assert f"{case}:4: authors[2]: the case names 'Samira el Amrani'" in result.err
    assert not (planted / "exports" / "casebook.html").exists()


def test_a_name_in_a_codebook_example_is_refused_with_its_field(planted, tmp_path):
    yaml_file = next((planted / "codebooks").glob("igm*.yaml"))
    text = yaml_file.read_text(encoding="utf-8")
    first = re.search(r"^(\s*)examples:\n(\s*)- ", text, re.MULTILINE)
    planted_text = text[:first.end()] + "'Mijn buurvrouw mevrouw El Amrani zei het ook.'\n" + \
        first.group(2) + "- " + text[first.end():]
    yaml_file.write_text(planted_text, encoding="utf-8")
    ok(planted, "codebook", "use", str(yaml_file))
    line = planted_text[:first.end()].count("\n") + 1
    for args in (["codebook", "export", "-o", str(tmp_path / "c.qdc")],
                 ["export", "samira-eigen-kunnen", "--html"],
                 ["qdpx", "export", "-o", str(tmp_path / "p.qdpx")]):
        result = run(planted, *args)
        assert result.code == 2, args
        assert "examples[1]: names 'El Amrani'" in result.err, (args, result.err)
    assert f"{yaml_file}:{line}: codes[" in run(planted, "codebook", "export", "-o",
                                                str(tmp_path / "c.qdc")).err
    assert not (tmp_path / "c.qdc").exists() and not (tmp_path / "p.qdpx").exists()


def test_a_name_in_a_memo_is_refused_with_its_field(planted, tmp_path):
    memo_id = ok(planted, "memo", "add", "--on", "project", "Gesprek met meneer Amrani?")
    memo_id = memo_id.split()[1]
    result = run(planted, "qdpx", "export", "-o", str(tmp_path / "p.qdpx"))
    assert result.code == 2
    assert f"memo {memo_id} (on project): names 'Amrani'" in result.err
    raw = run(planted, "qdpx", "export", "-o", str(tmp_path / "p.qdpx"), "--raw")
    assert raw.code == 0 and "warning: --raw" in raw.err


def test_a_name_with_a_direction_mark_inside_is_refused(planted, tmp_path):
    """Text copied from a web page or a right-to-left document carries marks no reader
    sees: "Sa\\u200emira" reads "Samira" in every output."""
    memo_id = ok(planted, "memo", "add", "--on", "project", "Belde Sa\u200emira terug?")
    result = run(planted, "qdpx", "export", "-o", str(tmp_path / "p.qdpx"))
    assert result.code == 2 and not (tmp_path / "p.qdpx").exists()
    assert f"memo {memo_id.split()[1]} (on project): names 'Samira'" in result.err


def test_a_name_in_a_document_name_is_refused_with_its_field(planted, tmp_path):
    with opened(planted) as project:
        doc = project.store.document("reflectiesessie")
        project.store.set_privacy_display_name(doc.id, "reflectie-met-yassin")
    for args in (["report", "frequencies"], ["codings", "--csv"],
                 ["qdpx", "export", "-o", str(tmp_path / "p.qdpx")]):
        result = run(planted, *args)
        assert result.code == 2, args
        assert "document name: names 'yassin'" in result.err, (args, result.err)
    assert ok(planted, "pseudo", "apply", "reflectiesessie")  # a neutral name again
    assert run(planted, "report", "frequencies").code == 0


def test_json_of_show_pseudo_carries_no_source_path(reviewed):
    shown = json.loads(ok(reviewed, "show", "clientgesprek", "--pseudo", "--json"))
    assert "source" not in shown and shown["name"] == "clientgesprek-1"


def test_a_coding_cut_inside_a_word_is_checked_on_its_own(planted, tmp_path):
    """The shown text "xSamira" names no one as a whole; a coding of its "Samira" does, and
    the listing is refused (the gate lets a slice through unchecked only where it is cut
    alike the whole text: tests/privacy/test_covers.py)."""
    transcript = tmp_path / "online.txt"
    transcript.write_text("I: Hoe noemt uw dochter zich online?\n"
                          "R: Ze heet daar xSamira, met een x ervoor.\n", encoding="utf-8")
    ok(planted, "import", str(transcript))
    for step in (["scan", "--rules-only", "online"], ["review", "online", "--accept-all"],
                 ["apply", "online"]):
        ok(planted, "pseudo", *step)
    ok(planted, "code", "add", "online", "--quote", "xSamira", "--code", "willen.houding")
    assert '"text": "xSamira"' in ok(planted, "codings", "--doc", "online", "--json")
    ok(planted, "code", "add", "online", "--quote", "Samira", "--code", "willen.houding")
    result = run(planted, "codings", "--doc", "online", "--json")
    assert result.code == 2 and result.err.count("\n") == 1
    assert ": text: names 'Samira'" in result.err and not result.out
