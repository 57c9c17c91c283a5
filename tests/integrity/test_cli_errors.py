"""The one error path (casebook.cli.common.run): every input the issue found a traceback
for, or wrongly accepted, is one line on stderr with exit code 2, naming the file and the
field; nothing is written. A bug is one line too, with exit code 70."""

from __future__ import annotations

import sqlite3
import sys

import pytest

from casebook.cli import cli
from casebook.cli.common import EXIT_INTERNAL, run
from casebook.codebook import service
from casebook.project import Project


def casebook(capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    """`casebook ARGS` through the real entry point, in this process."""
    monkeypatch.setattr(sys, "argv", ["casebook", *args])
    code = run(cli)
    out = capsys.readouterr()
    return code, out.out, out.err


def one_line(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    assert err.startswith("casebook: ") and err.count("\n") == 1, err
    for needle in needles:
        assert needle in err, err


@pytest.fixture
def root(coded_project):
    root = coded_project.root
    coded_project.close()
    return root


def test_a_case_path_that_is_a_folder(root, capsys, monkeypatch):
    (root / "cases" / "map.md").mkdir()
    for args in (["case", "check", str(root / "cases" / "map.md")],
                 ["export", str(root / "cases" / "map.md")]):
        code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), *args)
        one_line(code, err, "map.md", "folder")


def test_a_case_outside_the_project_is_refused(root, tmp_path, capsys, monkeypatch):
    outside = tmp_path / "elders.md"
    outside.write_text("---\ntitle: x\nfragments:\n  - {document: gesprek, turns: '1'}\n---\n")
    code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), "export", str(outside))
    one_line(code, err, "elders.md", "inside the project")


def test_a_docx_with_broken_xml(root, tmp_path, capsys, monkeypatch):
    from tests.integrity.test_hostile import W, _docx

    path = tmp_path / "kapot.docx"
    path.write_bytes(_docx(**{"word/document.xml": b"<w:document " + W + b"><w:body><w:p>"}))
    code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), "import", str(path))
    one_line(code, err, "kapot.docx", "XML")


@pytest.mark.parametrize("date", ["2024-13-45", "2023-02-29", "gisteren"])
def test_an_impossible_date_is_refused(root, tmp_path, capsys, monkeypatch, date):
    path = tmp_path / "nieuw.txt"
    path.write_text("I: Hoi\nR: Hallo\n", encoding="utf-8")
    code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), "import", str(path),
                               "--date", date)
    one_line(code, err, "--date", date)
    assert len(Project.find(root).store.documents()) == 1


def test_a_date_in_a_file_name_that_is_no_date_is_not_taken(root, tmp_path):
    from casebook.ingest import import_files

    path = tmp_path / "gesprek-2024-13-45.txt"
    path.write_text("I: Nieuw\nR: Ja\n", encoding="utf-8")
    project = Project.find(root)
    [result] = import_files(project, [path])
    assert project.store.document(result.document_id).date is None
    project.close()


@pytest.mark.parametrize("args", [["export", "-o", ""], ["codebook", "export", "-o", ""],
                                  ["qdpx", "export", "-o", ""]])
def test_an_empty_output_name_is_refused_and_overwrites_nothing(demo_project, capsys,
                                                                 monkeypatch, args):
    root = demo_project.root
    demo_project.close()
    default = root / "exports" / "casebook.pdf"
    default.write_bytes(b"eerder")
    code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), *args, "--allow-raw"
                               if args[0] == "export" else "--json")
    one_line(code, err, "no file")
    assert default.read_bytes() == b"eerder"
    assert sorted(p.name for p in (root / "exports").iterdir()) == ["casebook.pdf"]


@pytest.mark.parametrize("args", [["codebook", "export", "-o"], ["qdpx", "export", "--raw", "-o"]])
def test_an_output_where_no_file_can_be(root, capsys, monkeypatch, args):
    blocker = root / "exports" / "een-bestand"
    blocker.write_text("x")
    code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), *args,
                               str(blocker / "uit.qdx"))
    if "--raw" in args:  # the override says so first, on its own line
        warning, err = err.split("\n", 1)
        assert warning.startswith("warning: --raw")
    one_line(code, err, "een-bestand/uit.qdx")


def test_codebook_add_over_a_broken_project_yaml_is_refused(root, capsys, monkeypatch):
    yaml_file = root / "codebooks" / "igm.yaml"
    broken = yaml_file.read_text(encoding="utf-8").replace("codes:", "codes: [", 1)
    yaml_file.write_text(broken, encoding="utf-8")
    code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), "codebook", "add", "x",
                               "X")
    one_line(code, err, "codebooks/igm.yaml", "does not parse", "does not overwrite")
    assert yaml_file.read_text(encoding="utf-8") == broken
    assert "x" not in {c.id for c in Project.find(root).store.codes()}


def test_codebook_add_over_a_hand_edited_yaml_is_refused(root, capsys, monkeypatch):
    yaml_file = root / "codebooks" / "igm.yaml"
    edited = yaml_file.read_text(encoding="utf-8").replace("name: Willen", "name: Wil", 1)
    yaml_file.write_text(edited, encoding="utf-8")
    code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), "codebook", "add", "x",
                               "X")
    one_line(code, err, "edited by hand", "codebook use codebooks/igm.yaml")
    assert yaml_file.read_text(encoding="utf-8") == edited
    code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), "codebook", "use",
                               str(yaml_file))
    assert code == 0, err  # making the edited file active is how to keep the edit
    project = Project.find(root)
    assert project.store.code("willen").name == "Wil" and project.repaired == []
    project.close()


def test_comments_and_layout_only_are_no_hand_edit_to_refuse(root):
    project = Project.find(root)
    yaml_file = root / "codebooks" / "igm.yaml"
    yaml_file.write_text("# mijn opmerking\n" + yaml_file.read_text(encoding="utf-8"),
                         encoding="utf-8")
    service.add(project, "x", "X")
    assert yaml_file.read_text(encoding="utf-8").startswith("# mijn opmerking\n")
    project.close()


def test_a_codebook_path_outside_the_project_is_never_written(root, tmp_path, capsys,
                                                               monkeypatch):
    victim = tmp_path / "elders.yaml"
    victim.write_text("van iemand anders\n")
    settings = root / "casebook.yaml"
    settings.write_text(settings.read_text().replace("codebooks/igm.yaml", str(victim)))
    code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), "codebook", "add", "x",
                               "X")
    one_line(code, err, "casebook.yaml", "codebook", "inside the project")
    assert victim.read_text() == "van iemand anders\n"


def test_a_codebook_link_that_points_outside_is_refused(root, tmp_path, capsys, monkeypatch):
    victim = tmp_path / "elders.yaml"
    victim.write_text("van iemand anders\n")
    link = root / "codebooks" / "link.yaml"
    link.symlink_to(victim)
    settings = root / "casebook.yaml"
    settings.write_text(settings.read_text().replace("codebooks/igm.yaml",
                                                     "codebooks/link.yaml"))
    code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), "codebook", "add", "x",
                               "X")
    one_line(code, err, "casebook.yaml", "inside the project")
    assert victim.read_text() == "van iemand anders\n"


def test_a_file_that_is_not_a_database_names_itself(root, capsys, monkeypatch):
    (root / "casebook.db").write_bytes(b"dit is geen database" * 200)
    for suffix in ("-wal", "-shm"):
        (root / f"casebook.db{suffix}").unlink(missing_ok=True)
    code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), "docs")
    one_line(code, err, "casebook.db", "not a Casebook database")


def test_no_such_column_names_the_file_and_the_column(root, capsys, monkeypatch):
    conn = sqlite3.connect(root / "casebook.db")
    conn.execute("ALTER TABLE codes DROP COLUMN hotkey")
    conn.close()
    code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), "codebook", "show")
    one_line(code, err, "casebook.db: hotkey: database error: no such column: hotkey")


def test_a_constraint_failure_names_the_file(root, capsys, monkeypatch):
    conn = sqlite3.connect(root / "casebook.db")
    conn.execute("CREATE TRIGGER stuk BEFORE INSERT ON memos"
                 " BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END")
    conn.close()
    code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), "memo", "add", "--on",
                               "project", "notitie")
    one_line(code, err, "casebook.db", "FOREIGN KEY constraint failed")


def test_a_bug_is_one_line_with_exit_70(root, capsys, monkeypatch):
    from casebook import i18n  # `show` looks clock up there when it prints

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("een fout in Casebook")

    monkeypatch.setattr(i18n, "clock", broken)
    code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), "show", "gesprek")
    assert code == EXIT_INTERNAL and err.count("\n") == 1
    assert err.startswith("casebook: internal error (ZeroDivisionError: een fout")


def test_a_cue_that_ends_before_it_starts(root, tmp_path, capsys, monkeypatch):
    path = tmp_path / "omgekeerd.vtt"
    path.write_text("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\n<v Anna>Hoi\n",
                    encoding="utf-8")
    code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), "import", str(path))
    one_line(code, err, "omgekeerd.vtt:3", "before it starts")


def test_a_usage_error_is_one_line(capsys, monkeypatch):
    code, _out, err = casebook(capsys, monkeypatch, "codebook", "add", "--colour")
    one_line(code, err, "--colour")


def test_an_output_that_is_a_device_is_never_replaced(root, capsys, monkeypatch):
    """`-o /dev/null` would rename a file over the device (as root it did)."""
    import os

    fifo = root / "exports" / "pijp"
    os.mkfifo(fifo)
    code, _out, err = casebook(capsys, monkeypatch, "-p", str(root), "codebook", "export",
                               "-o", str(fifo))
    one_line(code, err, "pijp", "not a regular file")
    assert fifo.is_fifo() and sorted(p.name for p in fifo.parent.iterdir()) == ["pijp"]
