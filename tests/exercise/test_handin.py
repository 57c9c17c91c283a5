"""A hand-in's database (:func:`casebook.exercise.student.hand_in`): the student's project
vacuumed into small pages, without turns and sentences (collect never reads them), of the
very schema; collect reads an older full hand-in as it reads a slim one."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from casebook.errors import CasebookError
from casebook.exercise import collect, handins, spec, student
from casebook.exercise.collect import hand_ins
from casebook.project import Project
from casebook.store import Store, migrate
from tests.exercise.test_collect import SENTENCE, coded
from tests.exercise.test_collect_rows import collected, klass, tables, week1  # noqa: F401


def database(path: Path) -> sqlite3.Connection:
    """The hand-in's casebook.db, in memory."""
    with zipfile.ZipFile(path) as archive:
        data = archive.read("casebook.db")
    conn = sqlite3.connect(":memory:")
    conn.deserialize(data)
    return conn


def rows(conn: sqlite3.Connection, table: str) -> list[tuple]:
    return conn.execute(f'SELECT * FROM "{table}" ORDER BY 1, 2').fetchall()


def test_a_hand_in_has_no_turns_or_sentences_and_the_very_schema(week1, tmp_path,  # noqa: F811
                                                                   monkeypatch):
    handed = coded(week1, "Lotte", tmp_path, [(SENTENCE, "willen.houding")])
    opened = sqlite3.connect(tmp_path / "week1-Lotte" / "casebook.db")
    slim = database(handed)
    assert rows(opened, "turns") and rows(opened, "sentences")  # the student keeps them
    assert rows(slim, "turns") == rows(slim, "sentences") == []
    for table in ("documents", "speakers", "codings", "coders", "codes", "coding_counts"):
        assert rows(slim, table) == rows(opened, table), table
    assert slim.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall(
        ) == opened.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    assert slim.execute("PRAGMA page_size").fetchone() == (1024,)
    assert slim.execute("PRAGMA freelist_count").fetchone() == (0,)
    assert slim.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with zipfile.ZipFile(handed) as archive:
        store = Store.from_bytes(archive.read("casebook.db"), handed)
    try:
        assert not migrate.pending(store.db.conn) and len(store.codings()) == 1
    finally:
        store.close()
    # the same folder handed in whole (as before): larger, the rest the same
    with monkeypatch.context() as patched:
        patched.setattr(student, "EMPTIED", ())
        whole = Path(student.hand_in(tmp_path / "week1-Lotte",
                                     tmp_path / "whole.casebook-handin").path)
    assert handed.stat().st_size < 0.8 * whole.stat().st_size
    assert rows(database(whole), "turns") == rows(opened, "turns")
    opened.close()


def test_old_whole_hand_ins_are_collected_as_slim_ones(klass, tmp_path, monkeypatch):  # noqa: F811
    """The class handed in whole (as before) and slim, collected into two copies of the
    project, once (as rows) and again (through the intake): the same reports and tables."""
    root, slim = klass
    whole = tmp_path / "whole"
    with monkeypatch.context() as patched:
        patched.setattr(student, "EMPTIED", ())
        for opened in sorted(p for p in slim.iterdir() if p.is_dir()):
            student.hand_in(opened, whole / f"{opened.name}{spec.HAND_IN_SUFFIX}")
    assert [p.name for p in hand_ins([whole])] == [p.name for p in hand_ins([slim])]
    assert rows(database(hand_ins([whole])[0]), "turns")
    assert not rows(database(hand_ins([slim])[0]), "turns")
    other = tmp_path / "other"
    shutil.copytree(root, other)
    for _ in range(2):
        from_slim, from_whole = collected(root, slim), collected(other, whole)
        assert {**from_slim, "files": []} == {**from_whole, "files": []}
        assert tables(root) == tables(other)
    assert from_slim["codings_present"] > 20 * 30 and not from_slim["codings_added"]
    project = Project.find(root)
    try:
        assert len(project.store.coders()) == 2 + 30
    finally:
        project.close()


def test_hand_ins_opened_ahead_are_read_as_one_after_another(klass, tmp_path,  # noqa: F811
                                                             monkeypatch):
    """read_all opens the next hand-ins in a thread while one is placed: the same hand-ins
    and counts as reading one after another, however many are opened ahead; with a bad
    file among them, the first bad one in order is the error and every database opened is
    closed."""
    root, folder = klass
    files = hand_ins([folder])
    project = Project.find(root)
    try:
        collector = handins.Collector(project, spec.load(root, "week1"))
        one_by_one = collect.CollectReport()
        expected = [collector.read(path, one_by_one) for path in files]
        for readers in (1, 2, 3, 40):
            monkeypatch.setattr(handins, "READERS", readers)
            report = collect.CollectReport()
            assert handins.read_all(collector, files, report) == expected
            assert report == one_by_one
        (tmp_path / f"bad{spec.HAND_IN_SUFFIX}").write_bytes(b"not a zip")
        opened, closed = [], []
        real_open, real_close = handins.Collector.open, Store.close

        def counted_open(self, path):
            store = real_open(self, path)
            opened.append(store)
            return store

        def counted_close(self):
            closed.append(self)
            real_close(self)

        monkeypatch.setattr(handins.Collector, "open", counted_open)
        monkeypatch.setattr(Store, "close", counted_close)
        for at in (0, 1, 5, 29):
            for readers in (1, 2, 3):
                monkeypatch.setattr(handins, "READERS", readers)
                bad = [*files[:at], tmp_path / f"bad{spec.HAND_IN_SUFFIX}", *files[at:]]
                with pytest.raises(CasebookError) as err:
                    handins.read_all(collector, bad, collect.CollectReport())
                assert str(err.value).startswith(f"{tmp_path / 'bad'}")
                assert len(opened) == len(closed) >= at and set(map(id, opened)) == set(
                    map(id, closed))
                opened.clear()
                closed.clear()
    finally:
        project.close()
