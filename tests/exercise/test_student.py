"""The student's side: `exercise open FILE --student NAME` opens the workbench coding as NAME
(reopening keeps the work), `exercise hand-in` writes one file."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from casebook.exercise import spec
from casebook.project import Project
from casebook.store import Store
from casebook.tui.app import CasebookApp
from tests.exercise.conftest import ok, run


@pytest.fixture
def package(reviewed) -> Path:
    ok(reviewed, "exercise", "create", "week1", "--reference", "anna")
    return spec.folder(reviewed, "week1") / "week1.casebook-exercise"


def test_open_starts_the_workbench_as_the_student(package, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("casebook.tui.app.run",
                        lambda project, document=None: opened.append(
                            (project.root, project.coder_name())))
    monkeypatch.chdir(tmp_path)
    out = ok(None, "exercise", "open", str(package), "--student", "Anna de Vries")
    folder = tmp_path / "week1-anna-de-vries"
    assert opened == [(folder, "Anna de Vries")] and str(folder) in out
    assert (folder / "instructions.md").is_file() and (folder / "exercise.json").is_file()


async def test_in_the_workbench_a_hotkey_codes_under_the_students_name(package, tmp_path):
    ok(None, "exercise", "open", str(package), "--student", "Lotte", "--no-workbench",
       "--folder", str(tmp_path / "w"))
    project = Project.find(tmp_path / "w")
    try:
        app = CasebookApp(project)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("j", "1")
            await pilot.pause()
        coded = [(c.coder_name, c.code_id) for c in project.store.codings()]
    finally:
        project.close()
    assert coded == [("Lotte", "willen.houding")]


def test_reopening_keeps_the_work_and_hand_in_writes_one_file(package, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ok(None, "exercise", "open", str(package), "--student", "Lotte", "--no-workbench")
    folder = tmp_path / "week1-lotte"
    result = run(folder, "exercise", "hand-in")
    assert result.code == 2 and "nothing is coded yet" in result.err
    ok(folder, "code", "add", "clientgesprek-1", "--quote", "Werk geeft me structuur",
       "--code", "willen.houding")
    ok(None, "exercise", "open", str(package), "--student", "Lotte", "--no-workbench")
    store = Store(folder / "casebook.db")
    try:
        assert len(store.codings()) == 1  # reopened, not unpacked over the work
    finally:
        store.close()
    out = ok(folder, "exercise", "hand-in")
    assert "1 coding by Lotte" in out
    handed = tmp_path / "week1-lotte.casebook-handin"
    with zipfile.ZipFile(handed) as archive:
        assert sorted(archive.namelist()) == ["casebook.db", "exercise.json"]
        manifest = json.loads(archive.read("exercise.json"))
        (tmp_path / "handed.db").write_bytes(archive.read("casebook.db"))
    assert manifest["students"] == ["Lotte"] and manifest["kind"] == "hand-in"
    handed_db = Store(tmp_path / "handed.db", read_only=True)
    try:  # the coded copy, in small pages (what collect unpacks thirty of)
        assert handed_db.db.execute("PRAGMA page_size").fetchone()[0] == 1024
        assert [c.coder_name for c in handed_db.codings()] == ["Lotte"]
    finally:
        handed_db.close()
    own = Store(folder / "casebook.db")
    try:  # the student's own copy keeps its pages
        assert own.db.execute("PRAGMA page_size").fetchone()[0] == 4096
    finally:
        own.close()
    assert manifest["id"] == spec.load(package.parents[2], "week1").id


def test_a_folder_holding_something_else_is_refused(package, reviewed, tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    result = run(None, "exercise", "open", str(package), "--student", "Lotte",
                 "--no-workbench", "--folder", str(tmp_path / "busy"))
    assert result.code == 2 and "folder is not empty" in result.err
    ok(reviewed, "exercise", "create", "week2", "--reference", "anna")
    ok(None, "exercise", "open", str(package), "--student", "Lotte", "--no-workbench",
       "--folder", str(tmp_path / "w"))
    other = spec.folder(reviewed, "week2") / "week2.casebook-exercise"
    result = run(None, "exercise", "open", str(other), "--student", "Lotte",
                 "--no-workbench", "--folder", str(tmp_path / "w"))
    assert result.code == 2 and "holds another exercise already" in result.err
    result = run(reviewed, "exercise", "hand-in")
    assert result.code == 2 and "not an opened exercise" in result.err
