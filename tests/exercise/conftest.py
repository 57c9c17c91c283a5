"""The teaching loop's fixtures: the demo project pseudonymised as a docent does it (`pseudo
scan`, `review --accept-all`, `apply` through the CLI), built once per session and copied per
test; and `casebook` through its real entry point (one-line errors, exit 2)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from casebook.cli import cli
from casebook.cli.common import run as run_main
from casebook.demo import build


@dataclass
class Ran:
    code: int
    out: str
    err: str


def run(root: Path | None, *args: str) -> Ran:
    """`casebook [-p ROOT] ARGS` as a person runs it."""
    runner = CliRunner()
    with runner.isolation() as (out, err, _mixed):
        saved = sys.argv
        sys.argv = ["casebook", *(["-p", str(root)] if root else []), *args]
        try:
            code = run_main(cli)
        finally:
            sys.argv = saved
    return Ran(code, out.getvalue().decode(), err.getvalue().decode())


def ok(root: Path | None, *args: str) -> str:
    result = run(root, *args)
    assert result.code == 0, (args, result.err)
    return result.out


@pytest.fixture(scope="session")
def _reviewed_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("exercise") / "demo"
    build(root)
    # the scan (deduce and our rules) in its own process: deduce stays out of this one,
    # where tests/privacy/test_deduce.py loads it for the first time
    subprocess.run([sys.executable, "-m", "casebook", "-p", str(root), "pseudo", "scan"],
                   check=True, capture_output=True)
    for step in (["review", "--accept-all"], ["apply"]):
        ok(root, "pseudo", *step)
    return root


@pytest.fixture
def reviewed(_reviewed_template, tmp_path) -> Path:
    """A private copy of the reviewed demo project."""
    root = tmp_path / "docent"
    shutil.copytree(_reviewed_template, root)
    return root


@pytest.fixture(autouse=True)
def _coder_from_the_folder(monkeypatch):
    """A student codes as the name they opened the package with (not $CASEBOOK_CODER)."""
    monkeypatch.delenv("CASEBOOK_CODER", raising=False)
