"""`casebook code add --from FILE` without click (casebook.cli.quick): a plain command line
runs there and does what click's command does -- the same stdout, stderr, exit code and
codings in the project -- and any other command line goes to click as before."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.cli.quick import AddFrom, plain_command
from casebook.project import Project
from tests.coding_bulk.conftest import held, write
from tests.coding_bulk.test_cli import BAD, ROWS
from tests.foundation.test_startup import HEAVY, ROOT, _under, imported

JSONL = ('{"document": "gesprek", "quote": "Ik wil werken.", "code": "W", "memo": "kort"}\n'
         '{"document": "leertafel", "quote": "echt werken", "code": "kunnen", "coder": "anna"}\n'
         '{"document": "gesprek", "quote": "niet aanwezig", "code": "W"}\n')


@pytest.fixture
def files(proj, tmp_path) -> dict[str, str]:
    """The project closed as a template folder, and the files the command lines name."""
    proj.close()
    made = {name: str(write(tmp_path, name, content)) for name, content in (
        ("ok.csv", ROWS), ("bad.csv", BAD), ("rows.jsonl", JSONL), ("leeg.csv", ""),
        ("latin.csv", ROWS.encode() + b"caf\xe9,1,2,W\n"), ("array.json", "[1, 2]\n"))}
    odd = os.fsencode(str(tmp_path)) + b"/rijen-\xff.csv"  # a name that is not UTF-8
    Path(os.fsdecode(odd)).write_text(ROWS)
    Path(os.fsdecode(odd.replace(b".csv", b"-fout.csv"))).write_text(BAD)
    made["odd"], made["oddbad"] = os.fsdecode(odd), os.fsdecode(odd.replace(b".csv", b"-fout.csv"))
    made["missing"], made["folder"] = str(tmp_path / "nergens.csv"), str(tmp_path)
    made["root"] = str(proj.root)
    return made


def _run(monkeypatch, capsys, root: Path, argv: list[str], *, quick: bool,
         stdin: bytes = b"", env: dict[str, str] | None = None):
    """``casebook ARGV`` on a fresh copy of ``root`` through casebook.cli.main, the quick
    way or forced through click: (exit code, stdout, stderr, the codings it holds after)."""
    from casebook.cli import main

    copy = root.parent / f"kopie-{quick}-{len(list(root.parent.iterdir()))}"
    shutil.copytree(root, copy)
    argv = [arg.replace("{PROJ}", str(copy)) for arg in argv]
    with monkeypatch.context() as patch:
        patch.setattr(sys, "argv", ["casebook", *argv])
        patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        for name, value in (env or {}).items():
            patch.setenv(name, value.replace("{PROJ}", str(copy)))
        with pytest.raises(SystemExit) as done:
            main(quick=quick, fast_exit=False)
    out, err = capsys.readouterr()
    opened = Project.find(copy)
    try:
        return done.value.code, out, err.replace(str(copy), "{PROJ}"), held(opened.store)
    finally:
        opened.close()


def _both_ways(monkeypatch, capsys, files, argv, *, taken=True, **given):
    """The outcome of ARGV (``{name}`` replaced by ``files[name]``) the quick way and
    through click, each on its own copy of the project; ``taken``: the quick way runs it
    without click (else it declines it, and click runs it both times)."""
    import casebook.cli.common
    import casebook.cli.quick

    for name, path in files.items():
        argv = [arg.replace(f"{{{name}}}", path) for arg in argv]
    assert (plain_command(argv) is not None) == taken, argv
    outcomes = []
    for quick in (True, False):
        with monkeypatch.context() as patch:
            def not_here(*args, **kwargs):
                raise AssertionError("the other way ran")

            patch.setattr(casebook.cli.common if quick and taken else casebook.cli.quick,
                          "run", not_here)
            outcomes.append(_run(monkeypatch, capsys, Path(files["root"]), argv, quick=quick,
                                 **given))
    return outcomes


COMMAND = ["-p", "{PROJ}", "code", "add"]
TAKEN = [  # (options, exit code, whether the project holds codings after)
    (["--from", "{ok.csv}"], 0, True), (["--from", "{ok.csv}", "--json"], 0, True),
    (["--from", "{bad.csv}"], 2, True), (["--json", "--from", "{bad.csv}"], 2, True),
    (["--from", "{bad.csv}", "--strict"], 2, False),
    (["--from", "{bad.csv}", "--dry-run", "--json"], 2, False),
    (["--dry-run", "--from", "{ok.csv}"], 0, False),
    (["--from", "{ok.csv}", "--coder", "bram"], 0, True),
    (["--coder", "bram", "--from", "{rows.jsonl}"], 2, True),
    (["--from", "{rows.jsonl}", "--coder", "bram", "--coder", "cees", "--json"], 2, True),
    (["--from", "{bad.csv}", "--from", "{ok.csv}"], 0, True),  # the last one, as click
    (["--from", "{leeg.csv}"], 0, False), (["--from", "{latin.csv}"], 2, False),
    (["--from", "{array.json}"], 2, False), (["--from", "{missing}"], 2, False),
    (["--from", "{folder}"], 2, False), (["--from", "{odd}", "--json"], 0, True),
    (["--from", "{odd}", "--dry-run"], 0, False), (["--from", "{oddbad}"], 2, True),
    (["--strict", "--strict", "--from", "{ok.csv}", "--dry-run", "--json"], 0, False),
]


@pytest.mark.parametrize("options,exit_code,written", TAKEN, ids=[" ".join(t[0]) for t in TAKEN])
def test_a_plain_command_line_codes_without_click_what_click_codes(monkeypatch, capsys, files,
                                                                  options, exit_code, written):
    quick, through_click = _both_ways(monkeypatch, capsys, files, [*COMMAND, *options])
    assert quick == through_click
    code, out, err, codings = quick
    assert code == exit_code, err
    assert bool(codings) == written
    assert bool(out) == (exit_code == 0 or any(name in options for name in (
        "{bad.csv}", "{rows.jsonl}", "{oddbad}")))
    assert err.count("casebook: ") == (exit_code == 2 and not out)  # one line, when it fails


def test_a_file_name_that_is_not_utf8_is_shown_with_escapes(monkeypatch, capsys, files):
    """Its bytes as Python reads them (surrogates) would fail to print on a UTF-8 terminal
    after the codings were written: they are shown as escapes, in the lines and in JSON."""
    code, out, err, _ = _run(monkeypatch, capsys, Path(files["root"]),
                             ["-p", "{PROJ}", "code", "add", "--from", files["oddbad"]],
                             quick=True)
    assert code == 2 and err.endswith("/rijen-\\xff-fout.csv:4: code: no code 'nope' in the"
                                      " codebook (see `casebook codebook show`)\n")
    code, out, err, _ = _run(monkeypatch, capsys, Path(files["root"]),
                             ["-p", "{PROJ}", "code", "add", "--from", files["odd"], "--json"],
                             quick=True)
    assert code == 0 and '/rijen-\\\\xff.csv",' in out


def test_a_plain_command_line_reads_standard_input(monkeypatch, capsys, files):
    for stdin in (JSONL.encode(), ROWS.encode(), b"", b"document,start,end,code\n\xff\n"):
        quick, through_click = _both_ways(monkeypatch, capsys, files,
                                          [*COMMAND, "--from", "-", "--coder", "bram"],
                                          stdin=stdin)
        assert quick == through_click
    assert quick[0] == 2 and "<stdin>:2: not UTF-8 text" in quick[2]


def test_the_project_and_the_coder_from_the_environment(monkeypatch, capsys, files):
    quick, through_click = _both_ways(monkeypatch, capsys, files,
                                      ["code", "add", "--from", "{rows.jsonl}"],
                                      env={"CASEBOOK_PROJECT": "{PROJ}",
                                           "CASEBOOK_CODER": "dana"})
    assert quick == through_click
    assert {coding[4] for coding in quick[3]} == {"dana", "anna"}


@pytest.mark.parametrize("options", [
    ["gesprek", "--from", "{ok.csv}"], ["--from={ok.csv}"], ["--from"], ["--from", "--json"],
    ["--help"], ["--from", "{ok.csv}", "-h"], ["--from", "{ok.csv}", "--code", "W"],
    ["--from", "{ok.csv}", "--occurrence", "1"], ["--from", "{ok.csv}", "extra"],
    ["--from", "{ok.csv}", "--coder"], ["--from", "{ok.csv}", "--coder", "-x"],
    ["--from", "{ok.csv}", "--jsn"], ["--from", "{ok.csv}", "--", "--json"],
    ["--strict"], [],
], ids=" ".join)
def test_any_other_command_line_goes_to_click(monkeypatch, capsys, files, options):
    quick, through_click = _both_ways(monkeypatch, capsys, files, [*COMMAND, *options],
                                      taken=False)
    assert quick == through_click


def test_the_grammar_reads_each_option():
    given = plain_command(["--project", "p", "code", "add", "--json", "--from", "a.csv",
                           "--coder", "x", "--dry-run", "--from", "-"])
    assert isinstance(given, AddFrom)
    assert (given.project_dir, given.from_file, given.coder, given.strict, given.dry_run,
            given.as_json) == ("p", "-", "x", False, True, True)
    assert plain_command(["code", "remove", "--from", "a.csv"]) is None
    assert plain_command(["code", "--from", "a.csv"]) is None
    assert plain_command(["-p", "p", "code", "add", "--coder", "-", "--from", "a"]) is None


def test_the_real_entry_point_codes_without_click_what_click_codes(files, tmp_path):
    """As processes: `python -m casebook ... code add --from` loads no click, no typing,
    pathlib or inspect, none of the heavy libraries, and prints the same bytes as the same command forced through
    click; both hold the same codings after."""
    forced = "import sys; from casebook.cli import main; sys.argv[0] = 'casebook'; main(False)"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CASEBOOK_CODER": "tester"}
    outcomes = []
    for way in ("quick", "click"):
        copy = tmp_path / f"proj-{way}"
        shutil.copytree(files["root"], copy)
        argv = ["-p", str(copy), "code", "add", "--from", files["bad.csv"], "--coder", "bram"]
        if way == "quick":
            loaded, done = imported(argv, tmp_path)
            assert not {"click", "typing", "pathlib", "inspect"} & loaded
            assert _under(loaded, HEAVY) == [] and _under(loaded, ("yaml",)) == []
            assert "casebook.coding.bulk" in loaded
            stderr = "".join(line for line in done.stderr.splitlines(keepends=True)
                             if not line.startswith("import time:"))
        else:
            done = subprocess.run([sys.executable, "-c", forced, *argv], cwd=tmp_path,
                                  capture_output=True, text=True, timeout=120, env=env)
            stderr = done.stderr
        opened = Project.find(copy)
        outcomes.append((done.returncode, done.stdout, stderr, held(opened.store)))
        opened.close()
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == 2 and outcomes[0][1].startswith("2 codings added, 1 row refused")
