"""The whole teaching loop on the demo: an exercise from the reviewed demo project, 30
simulated students (seeded codings derived from the reference: right, missed, another code,
extra), hand-in, collect, feedback and the class overview -- and the feedback counts exactly
what the simulation planted, per student and per code. With two experts as the reference,
and with the consensus from adjudication."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

from casebook.demo.students import simulate
from casebook.exercise import spec
from casebook.exercise.compare import KINDS, MISSED, OTHER
from casebook.project import Project
from tests.exercise.conftest import ok

NAMES = [f"Student {n:02d}" for n in range(1, 31)]


def simulated(root: Path, folder: Path, names: list[str], name: str = "week1") -> list:
    project = Project.find(root)
    try:
        exercise = spec.load(root, name)
        package = spec.folder(root, name) / f"{name}{spec.PACKAGE_SUFFIX}"
        return simulate(project, exercise, package, names, folder)
    finally:
        project.close()


def assert_counts_as_planted(feedback: list[dict], planted: list) -> None:
    by_name = {f["student"]: f for f in feedback}
    assert set(by_name) == {p.student for p in planted}
    for p in planted:
        mine = by_name[p.student]
        assert mine["totals"] == {kind: p.total(kind) for kind in KINDS}, p.student
        per_code = {(kind, c["code"]): c[kind] for c in mine["codes"] for kind in KINDS
                    if c[kind]}
        assert per_code == {key: n for key, n in p.counts.items() if n}, p.student


def test_thirty_students_two_experts(reviewed, tmp_path):
    ok(reviewed, "exercise", "create", "week1", "--reference", "anna,bram")
    planted = simulated(reviewed, tmp_path / "class", NAMES)
    for kind in KINDS:  # the class did all four, more than a few times
        assert sum(p.total(kind) for p in planted) >= 30, kind

    collected = json.loads(ok(reviewed, "exercise", "collect", str(tmp_path / "class"),
                              "--json"))
    handed_in = collected["codings_added"]
    assert sorted(collected["students"]) == NAMES
    assert handed_in == sum(collected["students"].values()) > 30 * 20

    feedback = json.loads(ok(reviewed, "exercise", "feedback", "--json"))
    assert_counts_as_planted(feedback, planted)
    coded_by = Counter(len(item["references"]) for f in feedback[:1] for item in f["items"]
                       if item["kind"] != "extra")
    assert coded_by[1] and coded_by[2]  # what one expert coded, and what both coded alike

    again = json.loads(ok(reviewed, "exercise", "collect", str(tmp_path / "class"), "--json"))
    assert again["codings_added"] == 0 and again["codings_present"] == handed_in
    assert json.loads(ok(reviewed, "exercise", "feedback", "--json")) == feedback

    view = json.loads(ok(reviewed, "exercise", "overview", "--json"))
    check_overview(view, planted)
    check_overview_files(reviewed, tmp_path, view)


def check_overview(view: dict, planted: list) -> None:
    """Hardest codes sorted, most-missed fragments as planted, the heat map's numbers."""
    assert view["students"] == NAMES
    graded = [c for c in view["codes"] if c["fragments"]]
    figures = [c["agreement"] for c in graded]
    assert figures == sorted(figures) and len(graded) >= 8
    expected = Counter()
    for p in planted:
        for where, kind in p.fragments.items():
            expected[where] += kind in (MISSED, OTHER)
    most = sorted(expected.values(), reverse=True)[:len(view["missed"])]
    assert [m["missed"] + m["other"] for m in view["missed"]] == most
    assert all(m["students"] == 30 for m in view["missed"])
    assert len(view["heat"]) == 30 and all(len(row) == len(view["heat_codes"])
                                            for row in view["heat"])
    assert view["grade_columns"][:2] == ["student", "fragmenten"] and len(view["grades"]) == 30


def check_overview_files(root: Path, tmp_path: Path, view: dict) -> None:
    """The PDF and web page (with the heat map as a picture) and the grade book."""
    out = ok(root, "exercise", "overview", "--grades", str(tmp_path / "grades.xlsx"))
    pdf = spec.folder(root, "week1") / "overview.pdf"
    assert str(pdf) in out and not (spec.folder(root, "week1") / "grades.csv").exists()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for heading in ("Klasoverzicht", "Moeilijkste codes", "Vaakst gemist", "Cijferlijst",
                    "Overeenstemming per student en code"):
        assert heading in text
    ok(root, "exercise", "overview", "--html", "-o", str(tmp_path / "overview.html"))
    html = (tmp_path / "overview.html").read_text(encoding="utf-8")
    picture = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html)
    assert picture and "Heatmap" in picture.group(2)
    svg = base64.b64decode(picture.group(1)).decode("utf-8")
    assert svg.count("<rect") == 30 * len(view["heat_codes"]) and "Student 30" in svg
    with zipfile.ZipFile(tmp_path / "grades.xlsx") as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert sheet.count("<row ") == 31
    ok(root, "exercise", "overview", "--grades", str(tmp_path / "grades.csv"))
    rows = list(csv.reader(io.StringIO((tmp_path / "grades.csv").read_text(encoding="utf-8"))))
    assert rows[0] == view["grade_columns"] and len(rows) == 31
    assert [int(x) for x in rows[1][2:6]] == view["grades"][0][2:6]


def test_the_consensus_as_reference(reviewed, tmp_path):
    groups = json.loads(ok(reviewed, "adjudicate", "list", "--coders", "anna,bram",
                           "--auto-agreed", "--json"))
    ok(reviewed, "adjudicate", "decide", *[g["id"] for g in groups], "--take", "both")
    made = json.loads(ok(reviewed, "exercise", "create", "week1", "--json"))
    assert made["exercise"]["references"] == ["consensus"]
    planted = simulated(reviewed, tmp_path / "class", ["Lotte", "Sem", "Iris"])
    ok(reviewed, "exercise", "collect", str(tmp_path / "class"))
    feedback = json.loads(ok(reviewed, "exercise", "feedback", "--json"))
    assert_counts_as_planted(feedback, planted)
    assert {tuple(i["references"]) for f in feedback for i in f["items"]
            if i["kind"] != "extra"} == {("consensus",)}


def test_the_casebook_draws_no_students_codings_unless_asked(reviewed, tmp_path):
    """After a class handed in, teaching material made from the project shows the experts'
    codings as before, not the students' names and codings (the next class reads it);
    --coder draws a student's when the docent asks."""
    ok(reviewed, "exercise", "create", "week1", "--reference", "anna,bram")
    simulated(reviewed, tmp_path / "class", ["Student Alfa", "Student Bravo"])
    ok(reviewed, "exercise", "collect", str(tmp_path / "class"))
    ok(reviewed, "export", "--html", "-o", str(tmp_path / "book.html"))
    book = (tmp_path / "book.html").read_text(encoding="utf-8")
    assert "anna" in book and "Student Alfa" not in book and "Student Bravo" not in book
    ok(reviewed, "export", "--html", "--coder", "Student Alfa", "-o", str(tmp_path / "iris.html"))
    assert "Student Alfa" in (tmp_path / "iris.html").read_text(encoding="utf-8")
