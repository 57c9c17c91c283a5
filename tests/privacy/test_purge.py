"""`casebook pseudo purge`: a dry run first, then the originals replaced by the pseudonymised
text in the database, sources/ and backups, in one transaction, codings moved along; the
text stays immutable otherwise."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from casebook.cli import cli
from casebook.errors import CasebookError
from casebook.privacy import purge

TEXT = """Interviewer: Hoe gaat het, Fatima?

Fatima Yilmaz: Goed. Ik woon op de Kerkstraat 12, bel 06-12345678.

Interviewer: Wie helpt je?

Fatima Yilmaz: Mijn zoon Kerem. Kerem helpt altijd.
"""


def run(project, *args):
    result = CliRunner().invoke(cli, ["-p", str(project.root), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def reviewed(project, tmp_path):
    from casebook.codebook.service import use

    use(project, "igm")
    path = tmp_path / "gesprek-fatima.txt"
    path.write_text(TEXT, encoding="utf-8")
    run(project, "import", str(path))
    run(project, "code", "add", "gesprek-fatima", "--quote", "Kerem helpt altijd", "--code",
        "willen", "--memo", "Kerem is haar steun.")
    run(project, "code", "add", "gesprek-fatima", "--quote", "Goed.", "--code", "kunnen")
    run(project, "memo", "add", "--on", "project", "Fatima Yilmaz was open.")
    for step in (["scan", "--rules-only"], ["review", "--accept-all"], ["apply"]):
        run(project, "pseudo", *step)
    (project.root / "casebook.db.bak").write_bytes((project.root / "casebook.db").read_bytes())
    return project


def test_dry_run_changes_nothing_then_purge_replaces_the_originals(reviewed):
    root = reviewed.root
    before = json.loads(run(reviewed, "show", "gesprek-fatima", "--pseudo", "--json"))
    codings = json.loads(run(reviewed, "codings", "--json"))
    dry = run(reviewed, "pseudo", "purge")
    assert "Nothing changed (dry run)" in dry and "casebook.db.bak to be deleted" in dry
    assert "gesprek-fatima -> gesprek-1" in dry
    assert "Fatima" in reviewed.store.document("gesprek-fatima").text

    done = run(reviewed, "pseudo", "purge", "--yes")
    assert "Purged" in done and not (root / "casebook.db.bak").exists()
    after = json.loads(run(reviewed, "show", "gesprek-1", "--json"))
    assert [t["text"] for t in after["turns"]] == [t["text"] for t in before["turns"]]
    assert [s["label"] for s in after["speakers"]] == [s["label"] for s in before["speakers"]]
    # the codings cover the same (pseudonymised) text, their memos pseudonymised
    moved = json.loads(run(reviewed, "codings", "--json"))
    assert [(c["code"], c["text"], c["memo"]) for c in moved] == \
        [(c["code"], c["text"], c["memo"]) for c in codings]
    assert "Persoon" in moved[-1]["text"] and "Kerem" not in moved[-1]["memo"]
    # nothing of the originals anywhere: database (vacuumed), sources/
    reviewed.close()
    for path in [root / "casebook.db", *(root / "sources").iterdir()]:
        data = path.read_bytes()
        for original in (b"Fatima", b"Yilmaz", b"Kerem", b"Kerkstraat", b"06-12345678"):
            assert original not in data, (path, original)
    assert [p.name for p in (root / "sources").iterdir()] == ["gesprek-1.txt"]


def test_the_text_stays_immutable_outside_a_purge(reviewed):
    with pytest.raises(sqlite3.DatabaseError, match="immutable"):
        reviewed.store.db.execute("UPDATE documents SET text = 'x' WHERE id = 1")


def test_a_document_not_reviewed_is_refused_and_nothing_changes(reviewed, tmp_path):
    other = tmp_path / "nog-een.txt"
    other.write_text("I: Hoi\n\nR: Ik ben Anouk.\n", encoding="utf-8")
    run(reviewed, "import", str(other))
    with pytest.raises(CasebookError, match="not pseudonymised"):
        purge.purge(reviewed)
    assert "Fatima" in reviewed.store.document("gesprek-fatima").text
    assert (reviewed.root / "casebook.db.bak").exists()


def test_purge_never_deletes_a_file_outside_the_project(reviewed, tmp_path):
    """A crafted row naming a file outside the project as a document's original (merge
    refuses one now; an older merge or a hand edit of the database did not): purge refuses
    in one line and deletes nothing."""
    victim = tmp_path / "van-iemand-anders.txt"
    victim.write_text("niet van dit project", encoding="utf-8")
    reviewed.store.db.execute("UPDATE documents SET source = ?", [str(victim)])
    reviewed.store.db.conn.commit()
    result = CliRunner().invoke(cli, ["-p", str(reviewed.root), "pseudo", "purge", "--yes"])
    assert result.exit_code == 2 and "lies outside the project" in result.output
    assert victim.read_text(encoding="utf-8") == "niet van dit project"
    assert "Fatima" in reviewed.store.document("gesprek-fatima").text  # nothing purged
