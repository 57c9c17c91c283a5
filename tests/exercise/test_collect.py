"""`casebook exercise collect`: hand-ins come in through the one intake, each student under
their own name, placed back on the stored text; the same file twice changes nothing; a file
of another exercise, or one changed after it was handed out, is refused in one line and
nothing is written."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from casebook.coding import service as coding
from casebook.exercise import spec
from casebook.exercise.student import hand_in, open_package
from casebook.project import Project
from casebook.store import Store
from tests.exercise.conftest import ok, run

SENTENCE = "Mijn moeder zegt altijd: jij bent geen thuiszitter, "


def package(root: Path, name: str = "week1") -> Path:
    return spec.folder(root, name) / f"{name}{spec.PACKAGE_SUFFIX}"


def coded(root: Path, student: str, folder: Path, quotes: list[tuple[str, str]],
          name: str = "week1") -> Path:
    """A student opens the package, codes ``quotes`` (quote, code) and hands in."""
    opened = open_package(package(root, name), student, folder / f"{name}-{student}")
    project = Project.find(opened)
    try:
        for quote, code in quotes:
            doc = project.store.document("clientgesprek")
            start, end = coding.find_quote(doc.text, quote)
            coding.add(project.store, doc.id, start, end, code, student)
    finally:
        project.close()
    return Path(hand_in(opened, folder / f"{name}-{student}{spec.HAND_IN_SUFFIX}").path)


def codings(root: Path) -> list[tuple]:
    store = Store(root / "casebook.db")
    try:
        return sorted((c.coder_name, c.document_id, c.start, c.end, c.code_id)
                      for c in store.codings())
    finally:
        store.close()


@pytest.fixture
def week1(reviewed) -> Path:
    ok(reviewed, "exercise", "create", "week1", "--reference", "anna")
    return reviewed


def test_a_coding_on_a_pseudonym_lands_on_the_name_it_stands_for(week1, tmp_path):
    file = coded(week1, "Lotte", tmp_path, [("Persoon 1", "willen.sociale-invloed"),
                                            (SENTENCE, "willen.houding")])
    result = json.loads(ok(week1, "exercise", "collect", str(file), "--json"))
    assert result["students"] == {"Lotte": 2} and result["codings_added"] == 2
    store = Store(week1 / "casebook.db")
    try:
        text = store.document("clientgesprek-samira").text
        mine = {c.code_id: text[c.start:c.end] for c in store.codings()
                if c.coder_name == "Lotte"}
    finally:
        store.close()
    assert mine == {"willen.sociale-invloed": "Samira", "willen.houding": SENTENCE.strip()}
    assert spec.load(week1, "week1").students == ["Lotte"]


def test_without_the_placement_kept_at_create_the_gate_places_the_codings(week1, tmp_path):
    file = coded(week1, "Lotte", tmp_path, [("Persoon 1", "willen.sociale-invloed"),
                                            (SENTENCE, "willen.houding")])
    placement = spec.folder(week1, "week1") / spec.PLACEMENT_FILE
    kept = json.loads(placement.read_text(encoding="utf-8"))
    assert set(kept["documents"]) == {str(d.id) for d in spec.load(week1).documents}
    assert "Samira" not in placement.read_text(encoding="utf-8")  # offsets and pseudonyms
    clean = tmp_path / "clean"
    shutil.copytree(week1, clean)
    ok(week1, "exercise", "collect", str(file))
    (clean / placement.relative_to(week1)).unlink()  # an exercise made before it was kept
    ok(clean, "exercise", "collect", str(file))
    assert codings(clean) == codings(week1)


def test_a_placement_that_does_not_make_the_text_students_saw_is_refused(week1, tmp_path):
    file = coded(week1, "Lotte", tmp_path, [(SENTENCE, "willen.houding")])
    placement = spec.folder(week1, "week1") / spec.PLACEMENT_FILE
    kept = json.loads(placement.read_text(encoding="utf-8"))
    for reps in kept["documents"].values():
        for rep in reps:
            rep[2] = "Iemand"
    placement.write_text(json.dumps(kept), encoding="utf-8")
    refused(week1, file, "or its pseudonymisation changed since exercise 'week1' was made")
    placement.write_text("[1, 2", encoding="utf-8")
    refused(week1, file, "not a placement file")


def test_the_same_file_twice_changes_nothing(week1, tmp_path):
    file = coded(week1, "Lotte", tmp_path, [(SENTENCE, "willen.houding")])
    ok(week1, "exercise", "collect", str(file))
    before = codings(week1)
    again = json.loads(ok(week1, "exercise", "collect", str(file), str(file), str(tmp_path),
                          "--json"))
    assert again["codings_added"] == 0 and again["codings_present"] == 1
    assert codings(week1) == before


def test_dry_run_and_nested_folders(week1, tmp_path):
    coded(week1, "Lotte", tmp_path / "lms" / "lotte", [(SENTENCE, "willen.houding")])
    coded(week1, "Sem", tmp_path / "lms" / "sem", [(SENTENCE, "willen.sociale-invloed")])
    before = codings(week1)
    dry = json.loads(ok(week1, "exercise", "collect", str(tmp_path / "lms"), "--dry-run",
                        "--json"))
    assert dry["codings_added"] == 2 and sorted(dry["students"]) == ["Lotte", "Sem"]
    assert codings(week1) == before and spec.load(week1, "week1").students == []
    out = ok(week1, "exercise", "collect", str(tmp_path / "lms"))
    assert "2 files, 2 students: added 2 codings" in out


def refused(root: Path, file: Path, says: str) -> None:
    before = codings(root)
    result = run(root, "exercise", "collect", str(file), "--exercise", "week1")
    assert result.code == 2 and result.err.count("\n") == 1, result.err
    assert says in result.err, result.err
    assert codings(root) == before and spec.load(root, "week1").students == []


def test_a_hand_in_of_another_exercise_is_refused(week1, tmp_path):
    ok(week1, "exercise", "create", "week2", "--reference", "anna")
    file = coded(week1, "Lotte", tmp_path, [(SENTENCE, "willen.houding")], name="week2")
    refused(week1, file, "is a hand-in of another exercise ('week2'), not of 'week1'")


def tampered(file: Path, sql: list[str]) -> Path:
    """``file`` with its database changed by ``sql`` (triggers out of the way)."""
    work = file.parent / "tamper"
    work.mkdir()
    with zipfile.ZipFile(file) as archive:
        archive.extractall(work)
    db = sqlite3.connect(work / "casebook.db")
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        db.execute(f'DROP TRIGGER "{name}"')
    for statement in sql:
        db.execute(statement)
    db.commit()
    db.close()
    out = file.with_name("tampered" + spec.HAND_IN_SUFFIX)
    with zipfile.ZipFile(out, "w") as archive:
        for member in ("exercise.json", "casebook.db"):
            archive.write(work / member, member)
    shutil.rmtree(work)
    return out


def test_a_changed_text_or_a_coding_outside_its_text_is_refused(week1, tmp_path):
    file = coded(week1, "Lotte", tmp_path, [(SENTENCE, "willen.houding")])
    changed = tampered(file, ["UPDATE documents SET text = replace(text, 'moeder', 'vader')"])
    refused(week1, changed, "was changed after it was handed out: document 'clientgesprek-1'")
    changed.unlink()
    outside = tampered(file, ['UPDATE codings SET "end" = 10000000'])
    refused(week1, outside, "was changed after it was handed out: coding 1 lies outside")
    outside.unlink()
    gone = tampered(file, ["DELETE FROM codings", "DELETE FROM sentences WHERE document_id = 4",
                           "DELETE FROM turns WHERE document_id = 4",
                           "DELETE FROM speakers WHERE document_id = 4",
                           "DELETE FROM documents WHERE id = 4"])
    refused(week1, gone, "documents are missing")


def test_hostile_files_are_refused(week1, tmp_path):
    (tmp_path / "a.casebook-handin").write_bytes(b"not a zip")
    refused(week1, tmp_path / "a.casebook-handin", "not a Casebook exercise file")
    with zipfile.ZipFile(tmp_path / "b.casebook-handin", "w") as archive:
        archive.writestr("../../evil.sh", "echo hi")
    refused(week1, tmp_path / "b.casebook-handin", "unexpected member '../../evil.sh'")
    with zipfile.ZipFile(tmp_path / "c.casebook-handin", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("casebook.db", b"\0" * 50_000_000)
    refused(week1, tmp_path / "c.casebook-handin", "unpacks to 50,000,000 bytes")
    with zipfile.ZipFile(coded(week1, "Lotte", tmp_path, [(SENTENCE, "willen.houding")])
                         ) as archive:
        manifest = archive.read("exercise.json")
    for name, data in (("d", b"SQLite format 3\0" + b"\xff" * 4096), ("e", b"")):
        file = tmp_path / f"{name}{spec.HAND_IN_SUFFIX}"
        with zipfile.ZipFile(file, "w") as archive:
            archive.writestr("exercise.json", manifest)
            archive.writestr("casebook.db", data)
        refused(week1, file, "not a Casebook database")


def test_a_hand_in_database_is_read_in_memory_and_an_older_one_migrated_there(tmp_path):
    from tests.foundation.test_migrations import old_database

    old = old_database(tmp_path / "old.db").read_bytes()
    store = Store.from_bytes(old, "old.casebook-handin")
    try:
        assert store.read_only and store.path == "old.casebook-handin"
        assert [c.id for c in store.codings()] == [1, 5, 2]
        assert store.memos("coding", "1")[0].text == "eerste memo"
    finally:
        store.close()
    assert list(tmp_path.iterdir()) == [tmp_path / "old.db"]  # no file written beside it


def test_a_student_named_like_a_reference_is_refused(week1, tmp_path):
    file = coded(week1, "Anna", tmp_path, [(SENTENCE, "willen.houding")])
    refused(week1, file, "student name 'Anna' is a reference or another coder")


def test_codes_outside_the_exercise_are_left_out(week1, tmp_path):
    opened = open_package(package(week1), "Lotte", tmp_path / "w")
    project = Project.find(opened)
    try:
        from casebook.codebook import service as codebooks

        codebooks.add(project, "eigen", "Eigen code")
        doc = project.store.document("clientgesprek")
        start, end = coding.find_quote(doc.text, SENTENCE)
        coding.add(project.store, doc.id, start, end, "eigen", "Lotte")
        coding.add(project.store, doc.id, start, end, "willen.houding", "Lotte")
    finally:
        project.close()
    file = hand_in(opened, tmp_path / "w.casebook-handin").path
    result = run(week1, "exercise", "collect", file)
    assert result.code == 0 and "left out: 1 coding with codes outside the exercise" in \
        result.err
    assert [c[0] for c in codings(week1)].count("Lotte") == 1


def test_a_coding_removed_before_handing_in_again_goes_here_too(week1, tmp_path):
    file = coded(week1, "Lotte", tmp_path, [(SENTENCE, "willen.houding"),
                                            ("Persoon 1", "willen.sociale-invloed")])
    ok(week1, "exercise", "collect", str(file))
    opened = tmp_path / "week1-Lotte"
    project = Project.find(opened)
    try:
        first = next(c for c in project.store.codings() if c.code_id == "willen.houding")
        project.store.remove_coding(first.id)
    finally:
        project.close()
    hand_in(opened, file)
    again = json.loads(ok(week1, "exercise", "collect", str(file), "--json"))
    assert again["codings_removed"] == 1 and again["codings_added"] == 0
    assert [c[4] for c in codings(week1) if c[0] == "Lotte"] == ["willen.sociale-invloed"]


def test_a_students_memo_comes_along_with_the_coding(week1, tmp_path):
    opened = open_package(package(week1), "Lotte", tmp_path / "w")
    project = Project.find(opened)
    try:
        doc = project.store.document("clientgesprek")
        start, end = coding.find_quote(doc.text, SENTENCE)
        coding.add(project.store, doc.id, start, end, "willen.houding", "Lotte",
                   "Twijfel: is dit niet sociale invloed?")
    finally:
        project.close()
    file = hand_in(opened, tmp_path / "w.casebook-handin").path
    ok(week1, "exercise", "collect", file)
    ok(week1, "exercise", "collect", file)
    store = Store(week1 / "casebook.db")
    try:
        mine = [c for c in store.codings() if c.coder_name == "Lotte"]
        memos = [m.text for m in store.memos("coding", str(mine[0].id))]
    finally:
        store.close()
    assert [c.memo for c in mine] == ["Twijfel: is dit niet sociale invloed?"]
    assert memos == ["Twijfel: is dit niet sociale invloed?"]  # once, collected twice


def test_of_several_bad_hand_ins_read_at_a_time_the_first_is_named(week1, tmp_path):
    folder = tmp_path / "class"
    good = coded(week1, "Lotte", folder, [(SENTENCE, "willen.houding")])
    good.rename(folder / f"a{spec.HAND_IN_SUFFIX}")
    with zipfile.ZipFile(folder / f"b{spec.HAND_IN_SUFFIX}", "w") as archive:
        archive.writestr("../../evil.sh", "echo hi")
    (folder / f"c{spec.HAND_IN_SUFFIX}").write_bytes(b"not a zip")
    for _ in range(3):  # whichever reader finishes first
        result = run(week1, "exercise", "collect", str(folder))
        assert result.code == 2 and result.err.count("\n") == 1, result.err
        assert f"b{spec.HAND_IN_SUFFIX}" in result.err and "evil.sh" in result.err
    (folder / f"b{spec.HAND_IN_SUFFIX}").unlink()
    (folder / f"c{spec.HAND_IN_SUFFIX}").unlink()
    coded(week1, "Sem", folder, [(SENTENCE, "willen.sociale-invloed"),
                                 ("Persoon 1", "willen.houding")])
    result = json.loads(ok(week1, "exercise", "collect", str(folder), "--json"))
    assert list(result["students"].items()) == [("Lotte", 1), ("Sem", 2)]
