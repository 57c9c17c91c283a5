"""`casebook code add --from FILE` through the real entry point: exit codes, the summary on
stdout, refused rows on stderr, --json, --strict, --dry-run, stdin, the progress bar (and
its silence outside a terminal and in CI), and `code add DOCUMENT` as before."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

from casebook.cli import cli
from casebook.cli.common import run
from tests.coding_bulk.conftest import held, write

ROWS = "document,start,end,code\ngesprek,19,33,willen\ngesprek,34,55,kunnen\n"
BAD = ROWS + "gesprek,19,33,nope\n"


@pytest.fixture
def casebook(proj, capsys, monkeypatch):
    """`casebook --project PROJ ARGS` in this process: (exit code, stdout, stderr)."""
    def call(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["casebook", "--project", str(proj.root), *args])
        code = run(cli)
        out = capsys.readouterr()
        return code, out.out, out.err
    return call


def test_a_good_file(proj, casebook, tmp_path):
    code, out, err = casebook("code", "add", "--from", str(write(tmp_path, "c.csv", ROWS)))
    assert (code, out, err) == (0, "2 codings added (new coders: tester)\n", "")
    assert [c[1:5] for c in held(proj.store)] == [(19, 33, "willen", "tester"),
                                                  (34, 55, "kunnen", "tester")]


def test_refused_rows_are_listed_on_stderr_and_exit_2(proj, casebook, tmp_path):
    source = write(tmp_path, "c.csv", BAD)
    code, out, err = casebook("code", "add", "--from", str(source), "--coder", "bram")
    assert code == 2 and out == "2 codings added, 1 row refused (new coders: bram)\n"
    assert err == f"{source}:4: code: no code 'nope' in the codebook (see `casebook codebook show`)\n"
    assert {c[4] for c in held(proj.store)} == {"bram"}
    code, out, _ = casebook("code", "add", "--from", str(source), "--coder", "bram")
    assert code == 2 and out == "0 codings added, 2 already present, 1 row refused\n"


def test_json_names_each_line_s_coding(proj, casebook, tmp_path):
    code, out, _ = casebook("code", "add", "--from", str(write(tmp_path, "c.csv", BAD)),
                            "--json")
    report = json.loads(out)
    assert code == 2 and (report["added"], report["refused"], report["written"]) == (2, 1, True)
    assert report["refusals"] == [{"line": 4, "field": "code",
                                   "reason": "no code 'nope' in the codebook"
                                             " (see `casebook codebook show`)"}]
    ids = {(c.start, c.end): c.id for c in proj.store.codings()}
    assert report["codings"] == [{"line": 2, "id": ids[19, 33]}, {"line": 3, "id": ids[34, 55]}]


def test_strict_and_dry_run_write_nothing(proj, casebook, tmp_path):
    source = str(write(tmp_path, "c.csv", BAD))
    code, out, _ = casebook("code", "add", "--from", source, "--strict")
    assert code == 2 and out == "nothing written (--strict): 1 row refused, 2 rows fine\n"
    code, out, _ = casebook("code", "add", "--from", source, "--dry-run")
    assert code == 2 and out.startswith("dry run: 2 rows fine, 1 row refused")
    assert held(proj.store) == [] and proj.store.coders() == []
    code, out, _ = casebook("code", "add", "--from", str(write(tmp_path, "ok.csv", ROWS)),
                            "--dry-run")
    assert code == 0 and held(proj.store) == []


@pytest.mark.parametrize("extra,named", [
    (["gesprek"], "DOCUMENT"), (["--code", "willen"], "--code"), (["--quote", "Ik"], "--quote"),
    (["--start", "1"], "--start"), (["--occurrence", "1"], "--occurrence"),
    (["--memo", "m"], "--memo"),
])
def test_from_goes_alone(proj, casebook, tmp_path, extra, named):
    code, out, err = casebook("code", "add", "--from", str(write(tmp_path, "c.csv", ROWS)),
                              *extra)
    assert code == 2 and out == ""
    assert err == f"casebook: --from: give --from or {named}, not both\n"
    assert held(proj.store) == []


@pytest.mark.parametrize("args,needle", [
    (["gesprek", "--start", "19", "--end", "33", "--code", "W", "--strict"],
     "--from: --strict and --dry-run go with --from"),
    (["gesprek", "--start", "19", "--end", "33"], "code add: Missing option '--code'."),
    (["--code", "W"], "code add: Missing argument 'DOCUMENT' (or give --from FILE)."),
])
def test_without_from_code_add_asks_what_it_did(proj, casebook, args, needle):
    code, _, err = casebook("code", "add", *args)
    assert code == 2 and err.count("\n") == 1 and needle in err, err


def test_code_add_one_span_is_unchanged(proj, casebook):
    code, out, _ = casebook("code", "add", "gesprek", "--quote", "Ik wil werken.", "--code", "1")
    assert code == 0 and out == "coding 1: willen.houding 19-33 by tester\n"


def test_a_file_that_cannot_be_read_is_one_line(proj, casebook, tmp_path):
    source = write(tmp_path, "c.csv", ROWS.encode() + b"caf\xe9\n")
    code, out, err = casebook("code", "add", "--from", str(source))
    assert (code, out) == (2, "") and held(proj.store) == []
    assert err == (f"casebook: {source}:4: not UTF-8 text (byte 0xe9 at column 4); save it as"
                   " UTF-8 (in Excel: CSV UTF-8)\n")


def test_stdin_under_click_s_runner(proj):
    jsonl = '{"document": "gesprek", "quote": "Ik wil werken.", "code": "W"}\n'
    result = CliRunner().invoke(cli, ["--project", str(proj.root), "code", "add", "--from", "-"],
                                input=jsonl)
    assert result.exit_code == 0 and result.stdout == "1 coding added (new coders: tester)\n"
    assert held(proj.store) == [(1, 19, 33, "willen", "tester", None)]


def test_the_bar_advances_to_the_end_and_counts_rows(proj, casebook, tmp_path, monkeypatch):
    from casebook.cli import progress

    shown: list[tuple[str, int | None, str]] = []

    @contextmanager
    def recording(label, total):
        yield lambda description="": shown.append((label, total, description))

    monkeypatch.setattr(progress, "progress_bar", recording)
    rows = "".join(f"gesprek,19,{n},willen\n" for n in range(20, 34)) * 100
    code, _, _ = casebook("code", "add", "--from",
                          str(write(tmp_path, "c.csv", "document,start,end,code\n" + rows)))
    assert code == 0 and len(shown) == 100 and {s[:2] for s in shown} == {("Coding", 100)}
    assert shown[-1][2] == "1400 rows"


class _Terminal:
    """A stderr that says it is a terminal, and keeps what is written to it."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


def test_a_bar_at_a_terminal_none_in_ci(proj, tmp_path, monkeypatch):
    from casebook.cli.progress import progress_bar

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.delenv("CI", raising=False)
    with progress_bar("Coding", 100) as advance:
        advance("7 rows")
    assert "Coding 7 rows" in terminal.text
    terminal.text = ""
    monkeypatch.setenv("CI", "true")
    rows = write(tmp_path, "c.csv", ROWS)
    monkeypatch.setattr(sys, "argv", ["casebook", "--project", str(proj.root), "code", "add",
                                      "--from", str(rows)])
    assert run(cli) == 0 and terminal.text == "" and len(held(proj.store)) == 2
