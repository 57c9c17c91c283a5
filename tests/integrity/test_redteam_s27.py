"""Session 27's red-team findings on integrity: each test failed before its fix."""

from __future__ import annotations

import pytest

from casebook.codebook import schema, service, sync
from casebook.errors import CasebookError
from casebook.project import Project
from tests.integrity.conftest import casebook


@pytest.mark.parametrize("how", ["missing", "empty"])
def test_a_lost_database_is_refused_not_replaced_by_an_empty_one(coded_project, how):
    """casebook.db gone (or a 0-byte placeholder a sync tool left): opening made a new, empty
    database, and its repair then removed every original in sources/ as unreferenced."""
    root = coded_project.root
    coded_project.close()
    copies = sorted(p.name for p in (root / "sources").iterdir())
    db = root / "casebook.db"
    for extra in ("-wal", "-shm"):
        (root / f"casebook.db{extra}").unlink(missing_ok=True)
    if how == "missing":
        db.unlink()
    else:
        db.write_bytes(b"")
    done = casebook(root, "docs")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "casebook.db" in done.stderr
    assert "sources/ holds 1 original of its documents: restore casebook.db from a backup" \
        in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in (root / "sources").iterdir()) == copies
    assert db.exists() == (how == "empty") and (not db.exists() or db.stat().st_size == 0)


def test_a_project_without_originals_or_database_yet_still_opens(tmp_path):
    """init killed between casebook.yaml and casebook.db, or a starter folder with a codebook
    and no database: nothing to lose, so it opens (with a new database)."""
    project = Project.init(tmp_path / "p")
    service.use(project, "igm")
    project.close()
    (tmp_path / "p" / "casebook.db").unlink()
    again = Project.find(tmp_path / "p")
    assert again.store.documents() == [] and again.settings.codebook
    again.close()


def test_a_hand_edit_saved_while_a_change_waits_to_write_the_yaml_is_kept(coded_project,
                                                                         monkeypatch):
    """Between a codebook change's COMMIT and its YAML (written under the write lock again,
    for which it may wait) the researcher saves codebooks/igm.yaml: it was overwritten."""
    project = coded_project
    path = project.root / "codebooks" / "igm.yaml"
    edited = path.read_text(encoding="utf-8").replace("name: Houding", "name: Houding (mijn)", 1)

    def save_by_hand(step: str) -> None:
        if step == "committed:codebook":
            path.write_text(edited, encoding="utf-8")

    monkeypatch.setattr(sync, "checkpoint", save_by_hand)
    report = service.add(project, "nieuw", "Nieuw")
    assert path.read_text(encoding="utf-8") == edited
    assert any("edited by hand while this change was saved" in m for m in report.messages)
    assert "nieuw" in project.store.codebook().by_id()  # the change itself is in
    monkeypatch.undo()
    with pytest.raises(CasebookError, match="edited by hand"):  # and the next one says so
        service.add(project, "nog-een", "Nog een")
    service.use(project, path)  # the researcher's file wins when made active
    assert project.store.codebook() == schema.load_yaml(path)
    assert "Houding (mijn)" in {c.name for c in project.store.codebook().codes}


def test_a_comment_edited_before_a_change_is_still_overwritten(coded_project):
    """What check_writable lets a change overwrite (the active codebook with other comments)
    is still written after COMMIT."""
    project = coded_project
    path = project.root / "codebooks" / "igm.yaml"
    path.write_text("# mijn opmerking\n" + path.read_text(encoding="utf-8") + "# onderaan\n",
                    encoding="utf-8")
    report = service.add(project, "nieuw", "Nieuw")
    assert not any("edited by hand" in m for m in report.messages)
    assert "nieuw" in schema.load_yaml(path).by_id()
    assert path.read_text(encoding="utf-8").startswith("# mijn opmerking\n")


@pytest.mark.parametrize(("text", "line", "message"), [
    ("name: Test\nlanguage: nl\nname: Ander\n", 3, "name: given twice"),
    ("name: Test\x00\nlanguage: nl\n", 1, "character #x0000 is not allowed"),
    ("language: nl\ncoder: a\x07b\n", 2, "character #x0007 is not allowed"),
])
def test_casebook_yaml_with_a_key_twice_or_a_control_character_is_one_line(coded_project, text,
                                                                          line, message):
    """A key given twice was read silently (the last one won, and the repair then wrote the
    file again without the first); a NUL was an error of two lines without a line number."""
    root = coded_project.root
    coded_project.close()
    settings = root / "casebook.yaml"
    settings.write_bytes(text.encode("utf-8"))
    done = casebook(root, "docs")
    assert done.returncode == 2
    assert done.stderr.startswith(f"casebook: {settings}:{line}: ")
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert settings.read_bytes() == text.encode("utf-8")  # nothing written


def test_a_codebook_with_a_nul_is_one_line_with_its_line(coded_project, tmp_path):
    path = tmp_path / "mijn.yaml"
    text = (coded_project.root / "codebooks" / "igm.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("name: Houding", "name: Hou\x00ding", 1), encoding="utf-8")
    line = text.split("name: Houding")[0].count("\n") + 1
    with pytest.raises(CasebookError) as refused:
        service.use(coded_project, path)
    assert refused.value.line == line and "\n" not in str(refused.value)


PAUSED_WRITER = """
import sys
from casebook.codebook import service, sync
from casebook.project import Project

def pause(step):
    if step == "committed:codebook":
        print("committed", flush=True)
        sys.stdin.readline()

sync.checkpoint = pause
project = Project.find(sys.argv[1])
service.add(project, "nieuw", "Nieuw")
project.close()
"""


def test_a_change_about_to_write_its_yaml_is_not_repaired_by_another_process(coded_project):
    """Another command opening the project between a change's COMMIT and its YAML said
    "repaired: codebooks/igm.yaml: written again ... (a change had not reached it)", as if
    a process had been killed; the writer then wrote it once more."""
    import subprocess
    import sys

    from tests.integrity.conftest import child_env

    root = coded_project.root
    coded_project.close()
    writer = subprocess.Popen([sys.executable, "-c", PAUSED_WRITER, str(root)], env=child_env(),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdin is not None
    assert writer.stdout.readline().strip() == "committed"
    other = Project.find(root)
    assert other.repaired == []
    other.close()
    writer.stdin.write("\n")
    writer.stdin.close()
    assert writer.wait(timeout=60) == 0
    project = Project.find(root)
    assert project.repaired == []
    assert schema.load_yaml(root / "codebooks" / "igm.yaml") == project.store.codebook()
    assert "nieuw" in project.store.codebook().by_id()
    assert project.store.codebook_writer() is None
    project.close()


def _copy_with_a_new_document(project: Project, tmp_path, text: str):
    """A coder's copy of ``project`` that imported one more transcript."""
    import shutil

    from casebook.ingest import import_files

    other = tmp_path / "bram"
    shutil.copytree(project.root, other)
    new = tmp_path / "tweede.txt"
    new.write_text(text, encoding="utf-8")
    copy = Project.find(other)
    import_files(copy, [new])
    return copy


def test_a_merged_document_brings_its_original_into_sources(coded_project, tmp_path):
    """A merged document named a copy in sources/ that was never brought here."""
    from casebook.coders.merge import merge

    copy = _copy_with_a_new_document(coded_project, tmp_path, "I: Nog een?\nR: Ja, graag.\n")
    [theirs] = [d for d in copy.store.documents() if d.name == "tweede"]
    original = copy.root / str(copy.store.document(theirs.id).source)
    copy.close()
    merge(coded_project.store, [copy.root], project=coded_project)
    [mine] = [d for d in coded_project.store.documents() if d.name == "tweede"]
    source = coded_project.store.document(mine.id).source
    assert source is not None and source.startswith("sources/")
    assert (coded_project.root / source).read_bytes() == original.read_bytes()
    assert coded_project.store.document_sources() == \
        {f"sources/{p.name}" for p in (coded_project.root / "sources").iterdir()}


def test_a_merged_document_whose_original_is_not_there_refers_to_none(coded_project, tmp_path):
    from casebook.coders.merge import merge

    copy = _copy_with_a_new_document(coded_project, tmp_path, "I: Nog een?\nR: Ja, graag.\n")
    for path in (copy.root / "sources").glob("*-tweede.txt"):
        path.unlink()
    copy.close()
    merge(coded_project.store, [copy.root], project=coded_project)
    [mine] = [d for d in coded_project.store.documents() if d.name == "tweede"]
    assert coded_project.store.document(mine.id).source is None


@pytest.mark.parametrize("crafted", ["/tmp/slachtoffer.txt", "../buiten.txt",
                                     "sources/../../buiten.txt", "C:/Users/x.txt"])
def test_a_crafted_source_outside_the_project_is_refused_by_merge(coded_project, tmp_path,
                                                                  crafted):
    """A coder's copy whose document names a file outside the project as its source: merged
    as it was, `pseudo purge` later removed that file (it replaces each document's source)."""
    import sqlite3

    copy = _copy_with_a_new_document(coded_project, tmp_path, "I: Nog een?\nR: Ja, graag.\n")
    copy.close()
    with sqlite3.connect(copy.root / "casebook.db") as conn:
        conn.execute("UPDATE documents SET source = ? WHERE name = 'tweede'", [crafted])
    conn.close()
    root = coded_project.root
    coded_project.close()
    done = casebook(root, "merge", str(copy.root))
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "documents 'tweede'.source" in done.stderr and "must name a file in the project" \
        in done.stderr
    project = Project.find(root)
    assert "tweede" not in {d.name for d in project.store.documents()}
    project.close()


def test_saving_settings_keeps_a_codebook_another_process_switched_to(coded_project):
    """The workbench switched its language by writing all the settings it had read when it
    opened the project: a `codebook use` in another shell since then was undone in
    casebook.yaml (and the next open 'repaired' it)."""
    root = coded_project.root
    workbench = Project.find(root)
    switched = casebook(root, "codebook", "use", "gewogen-maatwerk")
    assert switched.returncode == 0, switched.stderr
    workbench.settings.language = "en"
    workbench.save_settings()
    workbench.close()
    text = (root / "casebook.yaml").read_text(encoding="utf-8")
    assert "codebook: codebooks/gewogen-maatwerk.yaml" in text and "language: en" in text
    coded_project.close()
    again = Project.find(root)
    assert again.repaired == []
    again.close()


def test_a_huge_codebook_yaml_is_refused_unread(coded_project, monkeypatch):
    """A codebook YAML grown huge (a paste gone wrong) was read whole, parsed, and written
    over by a change; now it is refused as a codebook file larger than the limit is."""
    from casebook.codebook import schema as schema_module

    monkeypatch.setattr(sync, "MAX_BYTES", 64 * 1024)  # as 4 MB, smaller for the test
    path = coded_project.root / "codebooks" / "igm.yaml"
    huge = path.read_bytes() + b"# " + b"x" * 70 * 1024 + b"\n"
    path.write_bytes(huge)
    assert schema_module.MAX_BYTES > 64 * 1024
    with pytest.raises(CasebookError, match="larger than"):
        service.add(coded_project, "nieuw", "Nieuw")
    assert path.read_bytes() == huge
    assert "nieuw" not in {c.id for c in coded_project.store.codes()}


def test_a_project_on_a_read_only_disk_is_said_to_be_read_only(coded_project, tmp_path):
    """A project on a read-only disk (an archive share, a locked USB stick) was "not a
    Casebook database (unable to open database file)"."""
    import os
    import subprocess

    root = coded_project.root
    coded_project.close()
    mounted = tmp_path / "alleen-lezen"
    mounted.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "--bind", str(root), str(mounted)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs a read-only bind mount (root)")
    try:
        if subprocess.run(["mount", "-o", "remount,ro,bind", str(mounted)],
                          capture_output=True).returncode != 0:
            pytest.skip("no read-only remount here")
        done = casebook(mounted, "docs")
        assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
        assert "cannot be written (a read-only file, folder or disk)" in done.stderr
    finally:
        subprocess.run(["umount", str(mounted)], capture_output=True)


def test_writable_says_whether_the_file_and_its_folder_may_be_written(tmp_path, monkeypatch):
    import os

    from casebook.store import base

    db = tmp_path / "casebook.db"
    assert base._writable(str(db))
    db.write_bytes(b"")
    assert base._writable(str(db))
    monkeypatch.setattr(base.os, "access", lambda path, mode: path != str(db))
    assert not base._writable(str(db))
    monkeypatch.setattr(base.os, "access", lambda path, mode: path != str(tmp_path))
    assert not base._writable(str(db)) and os.path.exists(db)


def test_a_newer_database_names_what_is_newer(coded_project):
    """It said "schema version 19, this one knows 19" of a file with a migration this
    version does not have."""
    import sqlite3

    root = coded_project.root
    coded_project.close()
    with sqlite3.connect(root / "casebook.db") as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('casebook', '9999_van_later', 'x')")
    conn.close()
    done = casebook(root, "docs")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "made by a newer Casebook (migration 9999_van_later is unknown here)" in done.stderr


def test_deciding_reads_the_group_under_the_write_lock(demo_project, monkeypatch):
    """The workbench's decide read the group, then began its transaction: a merge or a
    `code remove` in another shell in between was decided on as it had been."""
    from casebook.coders import adjudicate
    from casebook.store import Store, StoreBusy

    store = demo_project.store
    key = adjudicate.disagreements(store, ["anna", "bram"])[0].id
    real, other, outcome = adjudicate.find, Store(demo_project.db_file, busy_wait=0.2), []

    def find_then_another_process_writes(*args):
        item = real(*args)
        try:
            other.coder("iemand-anders")  # a write by another process, after the read
            outcome.append("written in between")
        except StoreBusy:
            outcome.append("waited")
        return item

    monkeypatch.setattr(adjudicate, "find", find_then_another_process_writes)
    adjudicate.decide(store, key, "both", ["anna", "bram"])
    other.close()
    assert outcome == ["waited"]
    assert store.decision(key) is not None


def test_merge_says_it_kept_a_codebook_yaml_edited_by_hand(coded_project, tmp_path):
    """A merge that adds codes commits, then finds the codebook YAML edited by hand: the file
    is kept, and the merge's output says so (its notes were in --json only)."""
    import shutil

    root = coded_project.root
    other = tmp_path / "bram"
    shutil.copytree(root, other)
    copy = Project.find(other)
    service.add(copy, "van-bram", "Van Bram")
    copy.close()
    coded_project.close()
    path = root / "codebooks" / "igm.yaml"
    edited = path.read_text(encoding="utf-8").replace("name: Houding", "name: Houding (mijn)")
    path.write_text(edited, encoding="utf-8")
    done = casebook(root, "merge", str(other))
    assert done.returncode == 0, done.stderr
    assert "note: codebooks/igm.yaml: edited by hand while this change was saved" in done.stdout
    assert path.read_text(encoding="utf-8") == edited


def test_init_beside_a_file_that_is_no_database_makes_no_project(tmp_path):
    """`casebook init` where casebook.db is some other file: exit 2, but casebook.yaml was
    written first, leaving a project that no command could open."""
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / "casebook.db").write_text("mijn aantekeningen", encoding="utf-8")
    done = casebook(tmp_path, "init", str(folder))
    assert done.returncode == 2 and "not a Casebook database" in done.stderr
    assert not (folder / "casebook.yaml").exists()
    assert (folder / "casebook.db").read_text(encoding="utf-8") == "mijn aantekeningen"


def test_init_refuses_files_named_like_copies_it_would_remove(tmp_path):
    """`casebook init` in a folder whose sources/ held a file named like a copy: the first
    command removed it as a copy no document refers to."""
    mine = tmp_path / "map" / "sources" / "0123456789ab-interview.txt"
    mine.parent.mkdir(parents=True)
    mine.write_text("mijn eigen bestand", encoding="utf-8")
    with pytest.raises(CasebookError, match="named as Casebook's copies"):
        Project.init(tmp_path / "map")
    assert mine.exists() and not (tmp_path / "map" / "casebook.yaml").exists()


def test_init_again_beside_a_database_keeps_it(coded_project):
    """casebook.yaml lost: init again finds the database and its copies, and keeps both."""
    root = coded_project.root
    coded_project.close()
    (root / "casebook.yaml").unlink()
    copies = sorted(p.name for p in (root / "sources").iterdir())
    project = Project.init(root)
    project.close()
    again = Project.find(root)
    assert [d.name for d in again.store.documents()] == ["gesprek"]
    assert sorted(p.name for p in (root / "sources").iterdir()) == copies
    again.close()


def test_a_merge_killed_before_its_copies_brings_them_when_merged_again(coded_project,
                                                                       tmp_path):
    import signal

    copy = _copy_with_a_new_document(coded_project, tmp_path, "I: Nog een?\nR: Ja, graag.\n")
    copy.close()
    root = coded_project.root
    coded_project.close()
    killed = casebook(root, "merge", str(copy.root), CASEBOOK_KILL_AT="committed:merge")
    assert killed.returncode == -signal.SIGKILL
    project = Project.find(root)
    [doc] = [d for d in project.store.documents() if d.name == "tweede"]
    source = project.store.document(doc.id).source
    assert source is not None and not (root / source).exists()  # committed, copy not made
    project.close()
    again = casebook(root, "merge", str(copy.root))
    assert again.returncode == 0, again.stderr
    assert (root / source).is_file() and again.stderr == ""
    project = Project.find(root)
    assert project.repaired == [] and project.store.document_sources() == \
        {f"sources/{p.name}" for p in (root / "sources").iterdir()}
    project.close()


def test_a_qdpx_import_says_it_kept_a_codebook_yaml_edited_by_hand(coded_project, tmp_path):
    """A .qdpx import that adds codes commits, then finds the codebook YAML edited by hand:
    the file is kept and the import says so in a note, exit 0 (it exited 2 with "edited by
    hand", which read as "nothing imported", though everything was)."""
    import shutil

    root = coded_project.root
    other = tmp_path / "bram"
    shutil.copytree(root, other)
    copy = Project.find(other)
    service.add(copy, "van-bram", "Van Bram")
    copy.close()
    archive = tmp_path / "bram.qdpx"
    assert casebook(other, "qdpx", "export", "--raw", "-o", str(archive)).returncode == 0
    coded_project.close()
    path = root / "codebooks" / "igm.yaml"
    edited = path.read_text(encoding="utf-8").replace("name: Houding", "name: Houding (mijn)")
    path.write_text(edited, encoding="utf-8")
    done = casebook(root, "qdpx", "import", str(archive))
    assert done.returncode == 0, done.stderr
    assert "note: codebooks/igm.yaml: edited by hand while this change was saved" in done.stdout
    assert path.read_text(encoding="utf-8") == edited
    reopened = Project.find(root)
    try:
        assert "van-bram" in {code.id for code in reopened.store.codes()}
    finally:
        reopened.close()


@pytest.mark.parametrize("option", ["--role", "--pseudonym"])
@pytest.mark.parametrize("value", ["Persoon\n1", "Persoon\x1b[31m1", "Pers\toon", "P\x85"])
def test_a_speaker_s_role_or_pseudonym_with_a_control_character_is_refused(coded_project,
                                                                          option, value):
    """Outputs print a role and a pseudonym on a line: a line end or a terminal code in one
    was stored as given."""
    root = coded_project.root
    before = next(s for s in coded_project.store.speakers(1) if s.label == "R")
    coded_project.close()
    done = casebook(root, "speaker", "gesprek", "R", option, value)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "control character" in done.stderr and option.lstrip("-") in done.stderr
    again = Project.find(root)
    try:
        assert next(s for s in again.store.speakers(1) if s.label == "R") == before
    finally:
        again.close()
    ok = casebook(root, "speaker", "gesprek", "R", option, "Jan\xa0de Vries")  # a no-break space
    assert ok.returncode == 0, ok.stderr
