"""`casebook codebook ...` through click: output, JSON and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from casebook.cli import cli
from casebook.errors import CasebookError
from casebook.project import Project

DATA = Path(__file__).with_name("data")
ROOT = Path(__file__).resolve().parents[2]


class Ran:
    """A CliRunner result: the group turns a CasebookError into one line on stderr and exit
    code 2, as the real entry point does (casebook.cli.Casebook.invoke)."""

    def __init__(self, result) -> None:
        assert not isinstance(result.exception, CasebookError), "escaped the CLI's handling"
        self.output = result.output
        self.exception = result.exception
        self.exit_code = result.exit_code
        self.message = result.output


def run(project, *args) -> Ran:
    return Ran(CliRunner().invoke(cli, ["--project", str(project.root), "codebook", *args]))


def test_real_entry_point_exit_code(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ncodes:\n  - id: a\n    name: A\n    hotkey: '12'\n")
    done = subprocess.run([sys.executable, "-m", "casebook", "codebook", "check", str(bad)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 2
    assert done.stdout.strip() == f"{bad}:5: code a.hotkey: '12' must be a single key " \
        "(a digit or a letter)"


def test_check_ok_and_problems(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(cli, ["codebook", "check", str(ROOT / "codebooks" / "igm.yaml")])
    assert ok.exit_code == 0, ok.output
    assert "OK" in ok.output and "11 codes" in ok.output and "depth 2" in ok.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ncodes:\n  - id: a\n    name: A\n    colour: '#12'\n"
                   "  - id: b\n    name: B\n    parent: q\n", encoding="utf-8")
    result = runner.invoke(cli, ["codebook", "check", str(bad)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines == [f"{bad}:5: code a.colour: '#12' is not a colour like #1f77b4 (#RRGGBB)",
                     f"{bad}:8: code b.parent: unknown parent 'q'"]
    as_json = runner.invoke(cli, ["codebook", "check", "--json", str(bad)])
    data = json.loads(as_json.output)
    assert as_json.exit_code == 2 and data["ok"] is False
    assert [p["line"] for p in data["problems"]] == [5, 8]


def test_use_show_and_changes(project):
    assert run(project, "use", "igm").exit_code == 0
    shown = run(project, "show")
    assert shown.exit_code == 0 and "Geloof in eigen kunnen" in shown.output
    result = run(project, "rename", "willen.houding", "Attitude ten opzichte van werk")
    assert result.exit_code == 0, result.output
    data = json.loads(run(project, "show", "--json").output)
    names = {c["id"]: (c["name"], c["level"], c["codings"]) for c in data["codes"]}
    assert names["willen.houding"] == ("Attitude ten opzichte van werk", 1, 0)
    assert run(project, "add", "doen.netwerken", "Netwerken", "--parent", "doen",
               "--hotkey", "9").exit_code == 0
    assert run(project, "move", "doen.netwerken", "--parent", "kunnen").exit_code == 0
    split = run(project, "split", "kunnen.barrieres", "--into", "kunnen.vervoer:Vervoer",
                "--into", "kunnen.zorg:Zorg", "--json")
    assert json.loads(split.output)["codes"] == ["kunnen.barrieres", "kunnen.vervoer",
                                                 "kunnen.zorg"]
    merged = run(project, "merge", "kunnen.vervoer", "kunnen.zorg", "--into",
                 "kunnen.barrieres")
    assert merged.exit_code == 0 and "0 codings moved" in merged.output
    data = json.loads(run(project, "show", "--json").output)
    ids = [c["id"] for c in data["codes"]]
    assert "kunnen.zorg" not in ids and ids.index("doen.netwerken") < ids.index("doen")


def test_bad_input_exits_2_in_one_line(project):
    run(project, "use", "igm")
    for args in (["rename", "nope", "X"], ["add", "bad id", "X"],
                 ["split", "doen", "--into", "no-colon"], ["use", "no-such-codebook"],
                 ["merge", "doen", "--into", "doen"]):
        result = run(project, *args)
        assert result.exit_code == 2, (args, result.output)
        assert result.message.strip() and "\n" not in result.message.strip(), args


def test_show_without_codebook_says_what_to_do(project):
    result = run(project, "show")
    assert result.exit_code == 2 and "codebook use igm" in result.message


def test_export_and_import_report(project, tmp_path):
    run(project, "use", "gewogen-maatwerk")
    out = tmp_path / "gm.qdc"
    exported = run(project, "export", "-o", str(out))
    assert exported.exit_code == 0 and "3 codes" in exported.output and out.is_file()
    dry = run(project, "import", str(DATA / "atlas.qdc"), "--dry-run", "--json")
    data = json.loads(dry.output)
    assert data["dry_run"] and data["codes"] == 4 and data["not_carried"]
    assert Project.find(project.root).settings.codebook == "codebooks/gewogen-maatwerk.yaml"
    real = run(project, "import", str(DATA / "atlas.qdc"))
    assert real.exit_code == 0 and "not carried over: set 'Hoofdthema's'" in real.output
    assert Project.find(project.root).settings.codebook == "codebooks/atlas.yaml"
    refused = run(project, "import", str(DATA / "xxe.qdc"))
    assert refused.exit_code == 2
