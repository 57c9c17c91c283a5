"""The student package: one file with only pseudonymised text, the codebook and the
instructions -- never a coding, a memo, the raw text or the pseudonym mapping -- and refused
for documents whose pseudonymisation is not reviewed."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path

from casebook.demo import ROLES
from casebook.exercise import spec
from tests.demo.test_demo_content import PLANTED
from tests.exercise.conftest import ok, run

PERSONS = ["Samira el Amrani", "Anouk Visser", "Kees van Dijk", "Fatma Yıldız",
           "Dennis Hoekstra", *(label for label in ROLES if " " in label)]
PREFIXES = {"el", "van", "de", "der"}


def looked_for() -> list[tuple[str, re.Pattern[str]]]:
    """Every planted value as written, each part of a person's name, and each number's
    digits however they are spaced."""
    found = []
    for value in [v for values in PLANTED.values() for v in values] + PERSONS:
        found.append((value, re.compile(re.escape(value), re.IGNORECASE)))
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 8:
            found.append((value, re.compile(r"[\s.\-]?".join(digits))))
    for person in PERSONS:
        found += [(part, re.compile(rf"(?<!\w){re.escape(part)}(?!\w)"))
                  for part in person.split() if part.lower() not in PREFIXES]
    return found


def unzipped(package: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(package) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_no_planted_name_in_any_byte_of_the_package(reviewed):
    ok(reviewed, "exercise", "create", "week1", "--reference", "anna,bram")
    package = spec.folder(reviewed, "week1") / "week1.casebook-exercise"
    members = unzipped(package)
    books = [m for m in members if m.startswith("codebooks/")]
    assert len(books) == 1 and set(members) - set(books) == {
        "casebook.yaml", "casebook.db", "instructions.md", "exercise.json"}
    leaks = [(member, value) for member, data in members.items()
             for value, pattern in looked_for()
             if pattern.search(data.decode("utf-8", errors="replace"))]
    assert leaks == []
    raw = (reviewed / "casebook.db").read_bytes().decode("utf-8", errors="replace")
    missing = [value for value, pattern in looked_for() if not pattern.search(raw)]
    assert missing == []  # the search is not blind: the docent's own database has them all
    assert re.search(rb"Persoon \d|Cli\xc3\xabnt \d|Klantmanager 1", members["casebook.db"])


def test_the_package_holds_documents_and_codebook_but_no_coding(reviewed, tmp_path):
    ok(reviewed, "exercise", "create", "week1", "--reference", "anna", "-d",
       "clientgesprek,klantmanager", "-o", str(tmp_path / "w.casebook-exercise"))
    members = unzipped(tmp_path / "w.casebook-exercise")
    (tmp_path / "db").write_bytes(members["casebook.db"])
    db = sqlite3.connect(tmp_path / "db")
    try:
        names = [r[0] for r in db.execute("SELECT name FROM documents ORDER BY id")]
        assert names == ["clientgesprek-1", "klantmanager-interview"]
        for table in ("codings", "memos", "coders", "privacy_findings", "privacy_mapping"):
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
        codes = db.execute("SELECT count(*), sum(description != ''), sum(include != '') "
                           "FROM codes").fetchone()
        assert codes[0] == 11 and codes[1] == 11 and codes[2] >= 9
        labels = {r[0] for r in db.execute("SELECT label FROM speakers")}
        assert "Klantmanager 1" in labels and "Ellen Jansen" not in labels
    finally:
        db.close()
    manifest = json.loads(members["exercise.json"])
    assert [d["name"] for d in manifest["documents"]] == names
    kept = spec.load(reviewed, "week1").as_dict()
    assert {d["sha256"] for d in kept["documents"]}.isdisjoint(
        d["sha256"] for d in manifest["documents"])  # the raw text's hash stays home
    assert "# Oefening week1" in members["instructions.md"].decode("utf-8")


def test_a_document_not_reviewed_is_refused(tmp_path):
    root = tmp_path / "demo"
    ok(None, "demo", str(root))
    result = run(root, "exercise", "create", "week1", "--reference", "anna")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "document 'clientgesprek-samira' is not pseudonymised (status: none)" in result.err
    assert not (root / "exercises").exists()


def test_bad_references_codebooks_and_instructions_are_refused(reviewed, tmp_path):
    for args, says in [
        (["--reference", "nobody"], "no coder 'nobody'"),
        ([], "no coder 'consensus': settle one with `casebook adjudicate`"),
        (["--reference", "anna", "--codebook", "gewogen-maatwerk"], "is not a code of this"),
        (["--reference", "anna", "-d", "nothing"], "no document 'nothing'")]:
        result = run(reviewed, "exercise", "create", "week1", *args)
        assert result.code == 2 and says in result.err, (args, result.err)
    (tmp_path / "task.md").write_text("Lees eerst het verhaal van mevrouw El Amrani.\n")
    result = run(reviewed, "exercise", "create", "week1", "--reference", "anna",
                 "--instructions", str(tmp_path / "task.md"))
    assert result.code == 2 and "instructions: names 'El Amrani'" in result.err
    result = run(reviewed, "exercise", "create", "week 1", "--reference", "anna")
    assert result.code == 2 and "NAME: an exercise name is" in result.err
    assert not (reviewed / "exercises").exists()
    ok(reviewed, "exercise", "create", "week1", "--reference", "anna")
    result = run(reviewed, "exercise", "create", "week1", "--reference", "anna")
    assert result.code == 2 and "exercise 'week1' exists already" in result.err
