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
    assert "restore casebook.db from a backup" in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in (root / "sources").iterdir()) == copies
    assert db.exists() == (how == "empty") and (not db.exists() or db.stat().st_size == 0)


def test_a_new_project_without_its_database_yet_still_opens(tmp_path):
    """init killed between casebook.yaml and casebook.db: nothing to lose, so it opens."""
    project = Project.init(tmp_path / "p")
    project.close()
    (tmp_path / "p" / "casebook.db").unlink()
    again = Project.find(tmp_path / "p")
    assert again.store.documents() == []
    again.close()
