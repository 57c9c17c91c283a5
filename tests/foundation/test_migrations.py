"""The schema over time: a database made by Casebook 0.1 is migrated and keeps working; one
made by a newer Casebook is refused, not written to."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.errors import CasebookError
from casebook.model import Coding
from casebook.store import Store
from casebook.store.migrations import KNOWN

OLD_SQL = Path(__file__).with_name("casebook_v6.sql")
ANNA = "9f1c7c6e-0000-5000-8000-000000000001"


def old_database(path: Path) -> Path:
    """casebook.db as Casebook 0.1 left it: schema version 6, its own migrations table."""
    conn = sqlite3.connect(path)
    conn.executescript(OLD_SQL.read_text(encoding="utf-8"))
    conn.close()
    return path


def test_a_database_of_casebook_0_1_is_migrated_and_keeps_its_data(tmp_path):
    store = Store(old_database(tmp_path / "casebook.db"))
    assert store.schema_version == len(KNOWN)
    assert "_migrations" not in store.db.table_names()
    assert [r["name"] for r in store.db.query(
        "SELECT name FROM _sqlite_migrations ORDER BY id")] == KNOWN
    old = store.get_coding(1)
    assert (old.start, old.end, old.code_id, old.coder_name, old.created, old.memo) == \
        (19, 33, "willen", "anna", "2025-01-02T10:00:00+00:00", "wil werken")
    assert [c.id for c in store.codings()] == [1, 5, 2]
    assert [f.text for f in store.report_codings()] == ["Ik wil werken.", "Ik wil werken.",
                                                         "Maar het lukt niet."]
    assert store.decisions()[0].coding_ids == (5, 9)
    assert store.memos("coding", "1")[0].text == "eerste memo"
    store.close()
    Store(tmp_path / "casebook.db").close()  # reopening applies nothing and breaks nothing


def test_the_rebuilt_codings_table_keeps_its_constraints_and_indexes(tmp_path):
    store = Store(old_database(tmp_path / "casebook.db"))
    sql = store.db.execute("SELECT sql FROM sqlite_master WHERE name = 'codings'").fetchone()[0]
    assert "AUTOINCREMENT" in sql
    indexes = {i.name for i in store.db["codings"].indexes}  # sqlite-utils' API still works
    assert indexes >= {"codings_document", "codings_by_code"} and "codings_code" not in indexes
    assert store.add_coding(Coding(1, 19, 33, "willen", ANNA)) == 1  # UNIQUE: the same one
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        with store.transaction():
            store.db.execute('INSERT INTO codings (document_id, start, "end", code_id, coder_id,'
                             " created) VALUES (1, 5, 5, 'willen', ?, 'x')", [ANNA])
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store.add_coding(Coding(1, 3, 14, "willen", "no-such-coder"))
    # a new coding gets an id above every id ever given out, 9 included (an adjudication
    # names it), so the decision can never come to point at another coding
    assert store.add_coding(Coding(1, 3, 14, "kunnen", ANNA)) > 9
    store.close()


def test_a_database_of_a_newer_casebook_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "casebook.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")  # opening it must not even turn on WAL
    conn.execute(f"PRAGMA user_version = {len(KNOWN) + 1}")
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                 " VALUES ('casebook', '9999_from_the_future', 'later')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    for read_only in (False, True):
        with pytest.raises(CasebookError, match="newer Casebook") as refused:
            Store.open(path, read_only=read_only)
        assert refused.value.path == str(path)
    assert path.read_bytes() == before


def test_an_unknown_migration_alone_is_refused_too(tmp_path):
    path = tmp_path / "casebook.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                 " VALUES ('casebook', '9999_from_the_future', 'later')")
    conn.commit()
    conn.close()
    with pytest.raises(CasebookError, match="newer Casebook"):
        Store(path)


def test_the_cli_says_so_in_one_line_with_exit_2(tmp_path):
    from casebook.project import Project

    project = Project.init(tmp_path / "proj")
    project.close()
    conn = sqlite3.connect(project.db_path)
    conn.execute(f"PRAGMA user_version = {len(KNOWN) + 1}")
    conn.close()
    done = subprocess.run([sys.executable, "-m", "casebook", "--project", str(project.root),
                           "docs"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "casebook.db" in done.stderr
    assert "newer Casebook" in done.stderr


def test_read_only_opens_an_old_database_without_migrating_it(tmp_path):
    path = old_database(tmp_path / "casebook.db")
    other = Store.open(tmp_path, read_only=True)  # the folder holding it will do
    assert other.schema_version == 6 and "_migrations" in other.db.table_names()
    other.close()
    before = path.read_bytes()
    copy = Store.snapshot(tmp_path)  # its rows are read from a migrated copy
    assert copy.schema_version == len(KNOWN) and copy.path == str(path) and copy.read_only
    assert [c.id for c in copy.codings()] == [1, 5, 2]
    folder = Path(copy.db.execute("PRAGMA database_list").fetchone()[2]).parent
    copy.close()
    assert not folder.exists()  # the copy is gone
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 6
    assert path.read_bytes() == before


def test_a_migrated_database_keeps_the_gates_words_only_for_texts_it_has(tmp_path):
    """0065: privacy_words, whose rows go with their document's text (removed or changed)."""
    store = Store(old_database(tmp_path / "casebook.db"))
    sha = store.db.execute("SELECT sha256 FROM documents WHERE id = 1").fetchone()[0]
    assert store.store_privacy_words("rules", {sha: "wil werken", "no-such-text": "x"})
    assert list(store.db.execute("SELECT document_sha256, words FROM privacy_words")) == \
        [(sha, "wil werken")]  # a text no document has is not kept
    assert store.privacy_words("rules")[0] == (1, sha, "wil werken")
    with store.transaction():
        store.db.execute("DELETE FROM documents WHERE id = 1")
    assert list(store.db.execute("SELECT * FROM privacy_words")) == []
    store.close()
