"""Collect's own write (:func:`casebook.exercise.collect._as_rows`): hand-ins of students
new to the project go in as rows, in one ``executemany``, and leave the very database the
intake leaves; whatever else (a student collected before, a memo, a tombstone of someone
else) goes through the intake. Hand-ins of an older schema are migrated in memory, of a
newer one refused; a tampered one or one of another exercise is refused either way."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from casebook.coding import service as coding
from casebook.demo.students import simulate
from casebook.exercise import collect as collecting
from casebook.exercise import handins, package, spec
from casebook.exercise.student import hand_in, open_package
from casebook.project import Project
from casebook.store import Store
from casebook.store.migrations import KNOWN
from tests.exercise.conftest import ok, run
from tests.exercise.test_collect import SENTENCE, coded, refused
from tests.foundation.test_counts import counted, stored

STUDENTS = [f"Student {n:02d}" for n in range(1, 31)]


def tables(root: Path) -> dict[str, list[tuple]]:
    """Every table's rows, in order."""
    conn = sqlite3.connect(root / "casebook.db")
    try:
        names = [n for (n,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
                for name in names}
    finally:
        conn.close()


def through_the_intake(monkeypatch) -> None:
    """Collect as it did before it wrote rows itself: every hand-in a plan for the intake."""
    monkeypatch.setattr(collecting, "_new_students", lambda _store, _found: False)


def as_rows(monkeypatch) -> list[int]:
    """Count the collects that wrote rows themselves."""
    calls: list[int] = []
    real = collecting._as_rows

    def spy(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(collecting, "_as_rows", spy)
    return calls


def collected(root: Path, *paths: Path, dry: bool = False) -> dict:
    extra = ["--dry-run"] if dry else []
    return json.loads(ok(root, "exercise", "collect", *map(str, paths), "--json", *extra))


@pytest.fixture
def week1(reviewed) -> Path:
    ok(reviewed, "exercise", "create", "week1", "--reference", "anna")
    return reviewed


@pytest.fixture
def klass(reviewed, tmp_path) -> tuple[Path, Path]:
    """The reviewed demo with exercise week1 (anna and bram the reference) and the bench's
    thirty simulated students' hand-ins."""
    project = Project.find(reviewed)
    try:
        made = package.create(project, "week1", references=["anna", "bram"])
        simulate(project, spec.load(reviewed, "week1"), Path(made.package), STUDENTS,
                 tmp_path / "class")
    finally:
        project.close()
    return reviewed, tmp_path / "class"


def test_thirty_students_leave_the_database_the_intake_leaves(klass, tmp_path, monkeypatch):
    root, hand_ins = klass
    old = tmp_path / "old"
    shutil.copytree(root, old)
    calls = as_rows(monkeypatch)
    new_report = collected(root, hand_ins)
    assert calls == [1] and new_report["codings_added"] > 20 * len(STUDENTS)
    assert sorted(new_report["students"]) == STUDENTS
    with monkeypatch.context() as patched:
        through_the_intake(patched)
        old_report = collected(old, hand_ins)
    assert calls == [1]
    assert new_report == {**old_report, "files": new_report["files"]}
    assert tables(root) == tables(old)
    assert spec.load(root, "week1").students == spec.load(old, "week1").students == STUDENTS
    store = Store(root / "casebook.db")
    try:
        assert stored(store) == counted(store)  # migration 0064's counts kept
        seventh = store.find_coder("Student 07").id
        assert store.coding_counts(seventh) == dict(Counter(
            c.code_id for c in store.codings(coder_ids=[seventh])))
    finally:
        store.close()
    # again: every student is here now, so the intake; nothing changes
    again = collected(root, hand_ins)
    assert calls == [1] and again["codings_added"] == 0
    assert again["codings_present"] == new_report["codings_added"]
    done, before = tables(root), tables(old)
    del done["document_coverage"], before["document_coverage"]  # a cache, computed as the
    assert done == before                                       # intake read the documents


def test_a_dry_run_as_rows_writes_nothing_and_reports_what_it_would(klass, monkeypatch):
    root, hand_ins = klass
    before = tables(root)
    calls = as_rows(monkeypatch)
    dry = collected(root, hand_ins, dry=True)
    assert calls == [1] and dry["dry_run"] and not dry["applied"]
    assert tables(root) == before and spec.load(root, "week1").students == []
    wet = collected(root, hand_ins)
    assert {**dry, "dry_run": False, "applied": True} == wet


def test_two_codings_on_parts_of_one_pseudonym_are_one_as_rows_too(week1, tmp_path,
                                                                    monkeypatch):
    file = coded(week1, "Lotte", tmp_path, [("Persoon 1", "willen.sociale-invloed"),
                                            ("Persoon", "willen.sociale-invloed"),
                                            (SENTENCE, "willen.houding")])
    old = tmp_path / "old"
    shutil.copytree(week1, old)
    calls = as_rows(monkeypatch)
    report = collected(week1, file)
    assert calls == [1]
    assert (report["codings_added"], report["codings_present"]) == (2, 1)
    assert report["students"] == {"Lotte": 3}
    through_the_intake(monkeypatch)
    assert collected(old, file) == report
    assert tables(old) == tables(week1)


def test_a_student_in_two_hand_ins_or_already_here_goes_through_the_intake(week1, tmp_path,
                                                                         monkeypatch):
    first = coded(week1, "Lotte", tmp_path / "a", [(SENTENCE, "willen.houding")])
    second = coded(week1, "Lotte", tmp_path / "b", [("Persoon 1", "willen.houding")])
    calls = as_rows(monkeypatch)
    report = collected(week1, first, second)
    assert calls == [] and report["codings_added"] == 2
    assert report["coders_added"] == ["Lotte"] and report["students"] == {"Lotte": 2}
    sem = coded(week1, "Sem", tmp_path / "c", [(SENTENCE, "willen.houding")])
    again = collected(week1, sem, first)  # Lotte is here already
    assert calls == [] and (again["codings_added"], again["codings_present"]) == (1, 1)
    assert again["coders_added"] == ["Sem"]


def test_a_memo_goes_through_the_intake(week1, tmp_path, monkeypatch):
    opened = open_package(week1 / "exercises" / "week1" / f"week1{spec.PACKAGE_SUFFIX}",
                          "Lotte", tmp_path / "w")
    project = Project.find(opened)
    try:
        doc = project.store.document("clientgesprek")
        start, end = coding.find_quote(doc.text, SENTENCE)
        coding.add(project.store, doc.id, start, end, "willen.houding", "Lotte", "Twijfel")
    finally:
        project.close()
    file = Path(hand_in(opened, tmp_path / "w.casebook-handin").path)
    calls = as_rows(monkeypatch)
    assert collected(week1, file)["memos_added"] == 0  # the coding's own memo, with it
    assert calls == []
    store = Store(week1 / "casebook.db")
    try:
        assert [c.memo for c in store.codings() if c.coder_name == "Lotte"] == ["Twijfel"]
    finally:
        store.close()


def repacked(file: Path, name: str, members: dict[str, bytes], database: bytes) -> Path:
    """A hand-in named ``name`` beside ``file``: its ``members`` with ``database`` in it."""
    out = file.with_name(name + spec.HAND_IN_SUFFIX)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in {**members, "casebook.db": database}.items():
            archive.writestr(member, data)
    return out


def rewritten(file: Path, change: Callable[[sqlite3.Connection], None], name: str) -> Path:
    """``file`` with its database changed by ``change`` (triggers kept)."""
    with zipfile.ZipFile(file) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    work = file.parent / f"{name}.db"
    work.write_bytes(members["casebook.db"])
    conn = sqlite3.connect(work, isolation_level=None)
    change(conn)
    conn.close()
    database = work.read_bytes()
    work.unlink()
    return repacked(file, name, members, database)


def untriggered(sql: str) -> Callable[[sqlite3.Connection], None]:
    """Run ``sql`` with the triggers that guard the data out of the way (a tamperer's)."""
    def change(conn: sqlite3.Connection) -> None:
        for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute(sql)
    return change


def before_the_last_migration(conn: sqlite3.Connection) -> None:
    """The database as the Casebook before the last migration would have made it: every
    migration but the last on an empty database, every row copied into it (its triggers
    out of the way while they are copied, then made again), and that written over
    ``conn``."""
    import sqlite_utils

    from casebook.store import migrate

    older = sqlite3.connect(":memory:", isolation_level=None)
    migrate.migrations().apply(sqlite_utils.Database(older), stop_before=KNOWN[-1])
    older.execute(f"PRAGMA user_version = {len(KNOWN) - 1:d}")
    triggers = older.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                             ).fetchall()
    for name, _sql in triggers:
        older.execute(f'DROP TRIGGER "{name}"')
    tables = [name for (name,) in older.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name <> '_sqlite_migrations'")]
    older.execute("DELETE FROM sqlite_sequence")
    for table in [*tables, "sqlite_sequence"]:
        cursor = conn.execute(f'SELECT * FROM "{table}"')
        columns = ", ".join(f'"{d[0]}"' for d in cursor.description)
        marks = ", ".join("?" * len(cursor.description))
        older.execute(f'DELETE FROM "{table}"')
        older.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', cursor)
    for _name, sql in triggers:
        older.execute(sql)
    older.backup(conn)
    older.close()


def test_a_hand_in_of_the_casebook_before_is_migrated_and_goes_in_as_rows(week1, tmp_path,
                                                                        monkeypatch):
    file = coded(week1, "Lotte", tmp_path, [("Persoon 1", "willen.sociale-invloed"),
                                            (SENTENCE, "willen.houding")])
    older = rewritten(file, before_the_last_migration, "older")
    with zipfile.ZipFile(older) as archive:
        data = archive.read("casebook.db")
    conn = sqlite3.connect(":memory:")
    conn.deserialize(data)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(KNOWN) - 1
    assert [name for (name,) in conn.execute("SELECT name FROM _sqlite_migrations")
            ] == KNOWN[:-1]
    conn.close()
    old = tmp_path / "old"
    shutil.copytree(week1, old)
    calls = as_rows(monkeypatch)
    report = collected(week1, older)
    assert calls == [1] and report["codings_added"] == 2
    assert collected(old, file) == {**report, "files": [str(file)]}
    assert tables(old) == tables(week1)


def test_a_hand_in_of_a_newer_casebook_is_refused(week1, tmp_path):
    file = coded(week1, "Lotte", tmp_path, [(SENTENCE, "willen.houding")])
    newer = rewritten(file, lambda conn: conn.execute(
        f"PRAGMA user_version = {len(KNOWN) + 1:d}"), "newer")
    refused(week1, newer, "made by a newer Casebook")


def test_a_bad_hand_in_among_good_ones_writes_nothing(klass, tmp_path, monkeypatch):
    root, hand_ins = klass
    before = tables(root)
    good = sorted(hand_ins.glob(f"*{spec.HAND_IN_SUFFIX}"))
    bad = rewritten(good[3], untriggered("UPDATE documents SET text = replace(text, 'de', 'het')"),
                    "zz-changed")
    result = run(root, "exercise", "collect", str(hand_ins))
    assert result.code == 2 and result.err.count("\n") == 1, result.err
    assert bad.name in result.err and "was changed after it was handed out" in result.err
    bad.unlink()
    outside = rewritten(good[5], untriggered('UPDATE codings SET "end" = "end" + 10000000'
                                             " WHERE id = 3"), "zz-outside")
    result = run(root, "exercise", "collect", str(hand_ins))
    assert result.code == 2 and "coding 3 lies outside its text" in result.err, result.err
    outside.unlink()
    with zipfile.ZipFile(good[0]) as archive:
        manifest = json.loads(archive.read("exercise.json"))
    manifest["id"] = "0" * 32
    other = rewritten(good[0], lambda conn: None, "zz-other")
    with zipfile.ZipFile(other) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["exercise.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(other, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    result = run(root, "exercise", "collect", str(hand_ins))
    assert result.code == 2 and "is a hand-in of another exercise" in result.err, result.err
    assert tables(root) == before and spec.load(root, "week1").students == []


@pytest.mark.parametrize(("created", "memo", "simple"), [
    ("2025-03-01T09:00:00+00:00", None, True), (None, None, True), (b"2025", None, False),
    (20250301, None, False), ("2025-03-01T09:00:00+00:00", "", False),
    (None, "Twijfel", False)])
def test_only_text_or_no_time_and_no_memo_is_simple(created, memo, simple):
    """A hand-in goes in as rows only when each coding's time is text (or none) and no
    coding has a memo, however many codings are fine: one odd row among them is enough."""
    fine = (1, 1, 0, 4, "willen", "s1", "2025-03-01T09:00:00+00:00", None, None)
    rows = [fine] * 500
    rows.insert(250, (2, 1, 5, 9, "willen", "s1", created, None, memo))
    hand_in = collecting.HandIn("x.casebook-handin", [], {"s1": "Lotte"}, rows, [], [])
    assert hand_in.simple() is simple
    assert collecting.HandIn("y", [], {"s1": "Lotte"}, [fine], [], []).simple()


def in_utf16(file: Path, name: str) -> Path:
    """``file`` with its database written again in UTF-16 (the same rows)."""
    with zipfile.ZipFile(file) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    conn = sqlite3.connect(":memory:")
    conn.deserialize(members["casebook.db"])
    dump = "\n".join(conn.iterdump())
    conn.close()
    work = file.parent / f"{name}.db"
    conn = sqlite3.connect(work, isolation_level=None)
    conn.execute("PRAGMA encoding = 'UTF-16le'")
    conn.executescript(dump)
    assert conn.execute("PRAGMA encoding").fetchone()[0] == "UTF-16le"
    conn.close()
    database = work.read_bytes()
    work.unlink()
    return repacked(file, name, members, database)


def test_texts_compared_as_bytes_as_they_were_as_strings(week1, tmp_path, monkeypatch):
    """A hand-in's texts compared byte for byte (``Store.document_bytes``) take or refuse
    each hand-in as comparing them as strings did: the same documents, codings and error."""
    from casebook.store.documents import DocumentStore

    file = coded(week1, "Lotte", tmp_path, [("Persoon 1", "willen.sociale-invloed"),
                                            (SENTENCE, "willen.houding")])
    one_letter = "UPDATE documents SET text = substr(text, 1, 20) || '#' || substr(text, 22)" \
        " WHERE id = 1"
    files = {
        "as handed in": (file, True),
        "one letter": (rewritten(file, untriggered(one_letter), "letter"), False),
        "a blob": (rewritten(file, untriggered(
            "UPDATE documents SET text = CAST(text AS BLOB)"), "blob"), False),
        "another hash": (rewritten(file, untriggered(  # found by the hash of its text
            "UPDATE documents SET sha256 = 'x' || sha256"), "hash"), True),
        "in UTF-16": (in_utf16(file, "utf16"), True),
        "in UTF-16, a letter": (in_utf16(rewritten(file, untriggered(one_letter), "l16"),
                                         "utf16-letter"), False),
    }
    project = Project.find(week1)

    def outcome(path: Path) -> tuple[object, ...]:
        collector = handins.Collector(project, spec.load(week1, "week1"))
        try:
            found = collector.read(path, collecting.CollectReport())
        except collecting.CasebookError as err:
            return ("refused", str(err))
        return ("read", [shown.key for shown in found.shown], found.rows, found.coders)

    try:
        for what, (path, taken) in files.items():
            fast = outcome(path)
            with monkeypatch.context() as patched:
                patched.setattr(DocumentStore, "document_bytes", lambda _self: None)
                as_strings = outcome(path)
            assert fast == as_strings, what
            assert (fast[0] == "read") is taken, (what, fast)
            if not taken:
                assert "was changed after it was handed out" in fast[1], fast
            else:
                assert len(fast[2]) == 2 and list(fast[3].values()) == ["Lotte"]
    finally:
        project.close()
