"""`merge` between copies of one project: removals (tombstones) and renames resolved by
stable id, speakers merged, every incoming row checked, schema versions respected."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from casebook.codebook import schema, service
from casebook.coders.merge import CODE_DIFFERS, REMOVED_CHANGED, SPEAKER_DIFFERS, merge
from casebook.coding import service as coding
from casebook.errors import CasebookError
from casebook.project import Project
from casebook.store.migrations import KNOWN
from tests.integrity.conftest import casebook


@pytest.fixture
def copies(coded_project, tmp_path):
    """Project A with two codings by anna, and B: a copy of it (another coder's)."""
    a = coded_project
    coding.add(a.store, 1, 22, 37, "willen.eigen-kunnen", "anna")  # "Ik wil werken."
    coding.add(a.store, 1, 38, 58, "kunnen.barrieres", "anna", memo="eerste")
    root = a.root
    a.close()
    shutil.copytree(root, tmp_path / "b")
    a, b = Project.find(root), Project.find(tmp_path / "b")
    yield a, b
    a.close()
    b.close()


def _merge(a, b, **options):
    b.close()  # B is read as a file, as another coder's copy would be
    return merge(a.store, [b.root], project=a, **options)


def _spans(project):
    return sorted((c.code_id, c.start, c.end, c.memo) for c in project.store.codings())


def test_a_coding_removed_here_is_not_brought_back_by_an_unchanged_copy(copies):
    a, b = copies
    gone = a.store.codings(code_ids=["kunnen.barrieres"])[0]
    a.store.remove_coding(gone.id)
    report = _merge(a, b)
    assert report.applied and not report.conflicts
    assert report.codings_kept_removed == 1 and report.codings_added == 0
    assert [c[0] for c in _spans(a)] == ["willen.eigen-kunnen"]


def test_a_coding_removed_there_is_removed_here_if_unchanged_here(copies):
    a, b = copies
    b.store.remove_coding(b.store.codings(code_ids=["kunnen.barrieres"])[0].id)
    report = _merge(a, b)
    assert report.codings_removed == 1 and not report.conflicts
    assert [c[0] for c in _spans(a)] == ["willen.eigen-kunnen"]
    again = merge(a.store, [b.root], project=a)  # the removal is known here now
    assert again.codings_removed == 0 and again.codings_added == 0


@pytest.mark.parametrize("where", ["here", "there"])
def test_a_removal_against_a_changed_memo_is_a_conflict(copies, where):
    a, b = copies
    changing, removing = (a, b) if where == "here" else (b, a)
    target = changing.store.codings(code_ids=["kunnen.barrieres"])[0]
    changing.store.set_coding_memo(target.id, "herzien")
    removing.store.remove_coding(removing.store.codings(code_ids=["kunnen.barrieres"])[0].id)
    before = _spans(a)
    report = _merge(a, b)
    assert [c.kind for c in report.conflicts] == [REMOVED_CHANGED]
    assert not report.applied and _spans(a) == before


def test_a_code_merged_here_takes_the_other_copys_codings_along(copies):
    a, b = copies
    service.merge(a, ["kunnen.barrieres"], "kunnen")
    coding.add(b.store, 1, 3, 14, "kunnen.barrieres", "bram")  # B still codes with it
    report = _merge(a, b)
    assert report.applied and not report.conflicts, report.conflicts
    assert "kunnen.barrieres" not in {c.id for c in a.store.codes(include_retired=True)}
    assert ("kunnen", 3, 14, None) in _spans(a)
    assert report.codings_added == 1


def test_a_code_merged_there_is_retired_here_and_its_codings_follow(copies):
    a, b = copies
    service.merge(b, ["kunnen.barrieres"], "kunnen")
    report = _merge(a, b)
    assert report.codes_retired == ["kunnen.barrieres"] and not report.conflicts
    assert "kunnen.barrieres" not in {c.id for c in a.store.codes()}
    assert [c[0] for c in _spans(a)] == ["kunnen", "willen.eigen-kunnen"]
    on_file = {c.id for c in schema.load_yaml(a.root / "codebooks/igm.yaml").codes}
    assert "kunnen.barrieres" not in on_file  # the YAML follows


def test_a_code_removed_there_and_renamed_here_is_a_conflict(copies):
    a, b = copies
    service.merge(b, ["kunnen.barrieres"], "kunnen")
    service.rename(a, "kunnen.barrieres", "Belemmeringen")
    report = _merge(a, b)
    assert [(c.kind, c.item) for c in report.conflicts] == [(REMOVED_CHANGED,
                                                              "kunnen.barrieres")]


@pytest.mark.parametrize("renamer", ["a", "b"])
def test_a_rename_in_one_copy_is_not_a_conflict_and_wins(copies, renamer):
    a, b = copies
    service.rename(a if renamer == "a" else b, "kunnen.barrieres", "Belemmeringen")
    coding.add(b.store, 1, 3, 14, "willen", "bram")
    report = _merge(a, b)
    assert report.applied and not report.conflicts and report.codings_added == 1
    assert a.store.code("kunnen.barrieres").name == "Belemmeringen"
    assert report.codes_renamed == ([] if renamer == "a" else [
        "kunnen.barrieres: 'Randvoorwaarden en barrières' -> 'Belemmeringen'"])
    on_file = schema.load_yaml(a.root / "codebooks/igm.yaml").by_id()
    assert on_file["kunnen.barrieres"].name == "Belemmeringen"


def test_a_code_renamed_in_both_copies_is_a_conflict(copies):
    a, b = copies
    service.rename(a, "kunnen.barrieres", "Belemmeringen")
    service.rename(b, "kunnen.barrieres", "Obstakels")
    report = _merge(a, b)
    assert [(c.kind, c.item) for c in report.conflicts] == [(CODE_DIFFERS,
                                                              "kunnen.barrieres")]


def test_codes_added_there_reach_the_yaml_here(copies):
    a, b = copies
    service.add(b, "nieuw", "Nieuw")
    coding.add(b.store, 1, 3, 14, "nieuw", "bram")
    report = _merge(a, b)
    assert report.codes_added == ["nieuw"]
    assert "nieuw" in schema.load_yaml(a.root / "codebooks/igm.yaml").by_id()
    assert a.repair() == []


def test_speaker_roles_and_pseudonyms_set_there_come_here(copies):
    a, b = copies
    b.store.set_speaker(1, "R", role="client", pseudonym="Cliënt A")
    a.store.set_speaker(1, "I", role="interviewer")
    report = _merge(a, b)
    assert report.speakers_set == 1 and not report.conflicts
    assert [(s.label, s.role, s.pseudonym) for s in a.store.speakers(1)] == [
        ("I", "interviewer", None), ("R", "client", "Cliënt A")]


def test_a_role_changed_here_stays_against_an_unchanged_copy(copies):
    a, b = copies
    a.store.set_speaker(1, "R", role="client")  # was "respondent", as B still has it
    report = _merge(a, b)
    assert not report.conflicts and report.speakers_set == 0
    assert a.store.speakers(1)[1].role == "client"


def test_two_different_pseudonyms_are_a_conflict(copies):
    a, b = copies
    b.store.set_speaker(1, "R", pseudonym="Cliënt A")
    a.store.set_speaker(1, "R", pseudonym="Mevrouw B")
    report = _merge(a, b)
    assert [c.kind for c in report.conflicts] == [SPEAKER_DIFFERS]
    assert a.store.speakers(1)[1].pseudonym == "Mevrouw B"


def _crafted(copy, *statements):
    """Change another copy behind Casebook's back, its constraints lifted."""
    copy.close()
    for statement in statements:  # each on its own connection: schema edits take effect
        conn = sqlite3.connect(copy.db_path, isolation_level=None)
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(statement)
        conn.close()


CRAFTED = {
    "code id": (["UPDATE codes SET id = 'kwaad id!' WHERE id = 'doen'"], "codes 'kwaad id!'.id"),
    "memo kind": (["INSERT INTO memos (target_kind, target_id, text, created) VALUES "
                   "('shell', '1', 'x', 'nu')"], "memos 2.target_kind"),  # 1: "eerste"
    "examples": (["UPDATE codes SET examples = 'geen json' WHERE id = 'doen'"],
                 "codes doen.examples"),
    "null text": (["UPDATE sqlite_master SET sql = replace(sql, 'text TEXT NOT NULL,',"
                   " 'text TEXT,') WHERE name = 'documents'",
                   "DROP TRIGGER documents_text_immutable",
                   "UPDATE documents SET text = NULL"], "documents 'gesprek'.text"),
    "colour": (["UPDATE codes SET colour = 'red' WHERE id = 'doen'"], "codes doen.colour"),
}


@pytest.mark.parametrize("name", list(CRAFTED))
def test_a_crafted_copy_is_refused_in_one_line_naming_file_and_field(copies, name):
    a, b = copies
    statements, field = CRAFTED[name]
    _crafted(b, *statements)
    before = _spans(a), [c.id for c in a.store.codes()]
    with pytest.raises(CasebookError) as refused:
        merge(a.store, [b.root], project=a)
    assert refused.value.path == str(b.root / "casebook.db") and refused.value.field == field
    assert (_spans(a), [c.id for c in a.store.codes()]) == before
    a.close()
    done = casebook(a.root, "merge", str(b.root))
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert field in done.stderr and "casebook.db" in done.stderr


def test_a_copy_with_a_newer_schema_is_refused_and_not_written(copies):
    a, b = copies
    b.close()
    conn = sqlite3.connect(b.db_path)
    conn.execute(f"PRAGMA user_version = {len(KNOWN) + 50}")
    conn.close()
    before = b.db_path.read_bytes()
    a.close()
    done = casebook(a.root, "merge", str(b.root))
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "newer Casebook" in done.stderr and str(b.db_path) in done.stderr
    assert b.db_path.read_bytes() == before


def test_a_copy_with_an_older_schema_is_read_through_a_migrated_copy(project, tmp_path):
    from tests.foundation.test_migrations import old_database

    old = old_database(tmp_path / "old.db")
    before = old.read_bytes()
    report = merge(project.store, [old], project=project)
    assert report.applied and report.codings_added == 3
    assert old.read_bytes() == before  # never written, not even migrated
    assert list(tmp_path.glob("old.db-*")) == []
