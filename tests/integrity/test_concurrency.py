"""Several processes on one project: none loses another's change, and a process that has to
wait for the write lock says so once and then does its work."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from casebook.codebook import schema
from casebook.project import Project
from casebook.store import Store, StoreBusy
from tests.integrity.conftest import casebook, child_env

HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def hold_lock(db, seconds: float) -> subprocess.Popen[str]:
    """Another process that holds the write lock for ``seconds`` (as `sqlite3 casebook.db
    "BEGIN IMMEDIATE;" ".shell sleep 3" "COMMIT;"` does)."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def test_two_codebook_adds_behind_a_held_lock_both_arrive(coded_project):
    """The issue's repro: both commands wait, each says so once, neither loses the other's
    code; the YAML holds both too."""
    root = coded_project.root
    coded_project.close()
    holder = hold_lock(root / "casebook.db", 2.0)
    adds = [subprocess.Popen([sys.executable, "-m", "casebook", "--project", str(root),
                              "codebook", "add", code, name], env=child_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for code, name in (("c1", "One"), ("c2", "Two"))]
    results = [add.communicate(timeout=60) for add in adds]
    holder.wait(timeout=10)
    for add, (_out, err) in zip(adds, results):
        assert add.returncode == 0, err
        assert err.count("waiting for another casebook process") == 1, err
        assert "Traceback" not in err
    project = Project.find(root)
    ids = {c.id for c in project.store.codes()}
    assert {"c1", "c2"} <= ids
    assert {"c1", "c2"} <= {c.id for c in schema.load_yaml(root / "codebooks/igm.yaml").codes}
    project.close()


def test_on_busy_is_told_once_and_the_transaction_then_runs(tmp_path):
    path = tmp_path / "casebook.db"
    first = Store(path)
    told: list[float] = []
    second = Store(path, on_busy=lambda: told.append(time.monotonic()))
    started = time.monotonic()
    first.db.execute("BEGIN IMMEDIATE")
    releaser = threading.Timer(1.6, lambda: first.db.execute("COMMIT"))
    releaser.start()
    with second.transaction():
        second.coder("anna")
    releaser.join()
    assert len(told) == 1 and 0.3 < told[0] - started < 1.5
    assert time.monotonic() - started >= 1.5
    assert [c.name for c in first.coders()] == ["anna"]
    first.close()
    second.close()


def test_giving_up_is_one_error_and_changes_nothing(tmp_path):
    path = tmp_path / "casebook.db"
    first, second = Store(path), Store(path, busy_wait=0.4)
    first.db.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    with pytest.raises(StoreBusy) as busy:
        second.coder("anna")
    assert 0.35 < time.monotonic() - started < 2
    assert busy.value.path == str(path) and "nothing was changed" in str(busy.value)
    first.db.execute("COMMIT")
    assert second.coders() == []
    first.close()
    second.close()


def test_the_cli_gives_up_in_one_line_after_casebook_busy_wait(coded_project):
    root = coded_project.root
    coded_project.close()
    holder = hold_lock(root / "casebook.db", 2.5)
    done = casebook(root, "codebook", "add", "c1", "One", CASEBOOK_BUSY_WAIT="1")
    holder.wait(timeout=10)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[0] == "casebook: waiting for another casebook process…"
    assert len(lines) == 2 and "busy" in lines[1] and "casebook.db" in lines[1]
    project = Project.find(root)
    assert "c1" not in {c.id for c in project.store.codes()}
    project.close()


WORKER = """
import sys
from casebook.codebook import service
from casebook.coding import service as coding
from casebook.project import Project

project = Project.find(sys.argv[1])
worker, text = sys.argv[2], project.store.document(1).text
for n in range(50):
    service.add(project, f"{worker}-{n}", f"Code {worker} {n}")
    start = n % (len(text) - 10)
    coding.add(project.store, 1, start, start + 5 + n % 5, f"{worker}-{n}", worker)
project.close()
"""


def test_three_processes_fifty_changes_each_lose_nothing(coded_project):
    root = coded_project.root
    coded_project.close()
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(root), name],
                                env=child_env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
               for name in ("a", "b", "c")]
    for worker in workers:
        _out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    project = Project.find(root)
    assert project.repaired == []
    wanted = {f"{w}-{n}" for w in "abc" for n in range(50)}
    store = project.store
    assert wanted <= {c.id for c in store.codes()}
    assert wanted <= {c.id for c in schema.load_yaml(root / "codebooks/igm.yaml").codes}
    assert {c.code_id for c in store.codings()} == wanted
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
    project.close()
