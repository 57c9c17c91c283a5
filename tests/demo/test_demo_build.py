"""`casebook demo` builds in a hidden folder beside DIRECTORY and moves it into place when
whole: a build killed or failing half-way leaves DIRECTORY as it was (a killed one left a
project with a codebook and no documents, which the next `demo` took for a finished one)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casebook import demo
from casebook.errors import CasebookError
from casebook.project import Project
from tests.integrity.conftest import child_env


def _documents(root: Path) -> int:
    project = Project.find(root)
    try:
        return len(project.store.document_ids())
    finally:
        project.close()


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_build_that_fails_half_way_leaves_no_project(tmp_path, monkeypatch):
    def broken(project, *args, **kwargs):
        raise CasebookError("kapot", field="codings")

    monkeypatch.setattr(demo, "apply_codings", broken)
    with pytest.raises(CasebookError):
        demo.build(tmp_path / "demo")
    assert not (tmp_path / "demo").exists() and _hidden(tmp_path) == []


def test_force_keeps_the_old_project_until_the_new_one_is_whole(tmp_path, monkeypatch):
    target = tmp_path / "demo"
    first = demo.build(target)
    assert first.root == str(target) and _documents(target) == 4
    (target / "mijn-notitie.txt").write_text("nog van mij", encoding="utf-8")
    monkeypatch.setattr(demo, "apply_codings", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        demo.build(target, force=True)
    assert (target / "mijn-notitie.txt").exists() and _documents(target) == 4
    monkeypatch.undo()
    demo.build(target, force=True)
    assert not (target / "mijn-notitie.txt").exists() and _documents(target) == 4
    assert _hidden(tmp_path) == []


def test_an_empty_folder_becomes_the_project(tmp_path):
    (tmp_path / "leeg").mkdir()
    report = demo.build(tmp_path / "leeg")
    assert report.root == str(tmp_path / "leeg") and _documents(tmp_path / "leeg") == 4


def test_a_killed_build_leaves_nothing_and_the_next_build_cleans_up(tmp_path):
    """Killed once its codebook is in place (where a killed build left a project with a
    codebook and no documents): no DIRECTORY, and the next `casebook demo DIR` builds it
    whole without --force and removes the killed build's folder."""
    target = tmp_path / "demo"
    child = subprocess.Popen([sys.executable, "-m", "casebook", "demo", str(target)],
                             env=child_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".demo.building-*/codebooks/igm.yaml")):
        assert child.poll() is None and time.monotonic() < deadline, "no build to kill"
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert not target.exists() and _hidden(tmp_path) == [f".demo.building-{child.pid}"]
    done = subprocess.run([sys.executable, "-m", "casebook", "demo", str(target)],
                          env=child_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _documents(target) == 4 and _hidden(tmp_path) == []
