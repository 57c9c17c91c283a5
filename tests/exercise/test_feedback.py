"""Feedback for a student as a PDF or web page and as JSON: plain words in the exercise's
language, one figure per code, each fragment with its text and why, all of it through the
privacy gate."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from casebook.exercise import spec
from tests.exercise.conftest import ok
from tests.exercise.test_loop import simulated
from tests.exercise.test_package import looked_for


def pdf_text(path: Path) -> str:
    """The PDF's text, white space as single spaces."""
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())


@pytest.fixture
def class_of_two(reviewed, tmp_path) -> Path:
    ok(reviewed, "exercise", "create", "week1", "--reference", "anna,bram")
    simulated(reviewed, tmp_path / "class", ["Lotte", "Samira Jansen"])
    ok(reviewed, "exercise", "collect", str(tmp_path / "class"))
    return reviewed


def no_leak(text: str) -> None:
    assert [value for value, pattern in looked_for() if pattern.search(text)] == []


def test_the_feedback_pdf_speaks_to_the_student(class_of_two):
    out = ok(class_of_two, "exercise", "feedback")
    folder = spec.folder(class_of_two, "week1") / "feedback"
    assert f"{folder}: feedback for 2 students" in out
    text = pdf_text(folder / "lotte.pdf")
    for words in ("Feedback op je codering", "week1 · Lotte", "Hallo Lotte",
                  "de codering van de experts anna, bram", "Per code", "Overeenstemming",
                  "Fragment voor fragment", "✓ Gevonden", "✗ Gemist", "Wat de code betekent",
                  "clientgesprek-1", "Persoon 1"):
        assert words in text, words
    assert "kappa" in text.split("Fragment voor fragment")[0].lower()  # the one figure, named
    no_leak(text.replace("Lotte", ""))
    # a student who shares a first name with someone in the transcripts gets her feedback
    samira = pdf_text(folder / "samira-jansen.pdf")
    assert "Hallo Samira Jansen" in samira
    no_leak(samira.replace("Samira Jansen", ""))


def test_json_and_web_pages(class_of_two, tmp_path):
    feedback = json.loads(ok(class_of_two, "exercise", "feedback", "--json", "-s", "Lotte"))
    assert [f["student"] for f in feedback] == ["Lotte"]
    items = feedback[0]["items"]
    assert {i["kind"] for i in items} >= {"hit", "missed"}
    memos = [w["text"] for i in items for w in i["why"] if w["about"] == "memo"]
    assert memos and all(w["about"] in ("memo", "description", "include", "exclude")
                         or w["about"].startswith("not:") for i in items for w in i["why"])
    missed = next(i for i in items if i["kind"] == "missed" and not any(
        w["about"] == "memo" for w in i["why"]))
    assert [w["about"] for w in missed["why"]][:1] == ["description"]
    no_leak(json.dumps(feedback, ensure_ascii=False).replace("Lotte", ""))
    ok(class_of_two, "exercise", "feedback", "--html", "-o", str(tmp_path / "web"))
    page = (tmp_path / "web" / "lotte.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and 'lang="nl"' in page
    assert "http://" not in page and "https://" not in page


def test_the_command_writes_each_shared_item_once_and_prints_what_echo_json_would(
        class_of_two):
    """Students who met an outcome alike share one item; the command writes it once, and
    prints the very text json.dumps(indent=2) makes of every student's as_dict()."""
    from casebook.cli.exercise import _feedback_json
    from casebook.exercise.feedback import build
    from casebook.project import Project

    project = Project.find(class_of_two)
    try:
        students = build(project, spec.load(class_of_two, "week1")).students
    finally:
        project.close()
    items = [item for student in students for item in student.items]
    assert len({id(item) for item in items}) < len(items)  # shared between the two
    expected = json.dumps([s.as_dict() for s in students], ensure_ascii=False, indent=2)
    assert _feedback_json(students) == expected
    assert ok(class_of_two, "exercise", "feedback", "--json") == expected + "\n"


def test_in_english(reviewed, tmp_path):
    settings = reviewed / "casebook.yaml"
    data = yaml.safe_load(settings.read_text(encoding="utf-8"))
    settings.write_text(yaml.safe_dump({**data, "language": "en"}), encoding="utf-8")
    ok(reviewed, "exercise", "create", "week1", "--reference", "anna")
    simulated(reviewed, tmp_path / "class", ["Lotte"])
    ok(reviewed, "exercise", "collect", str(tmp_path / "class"))
    ok(reviewed, "exercise", "feedback")
    text = pdf_text(spec.folder(reviewed, "week1") / "feedback" / "lotte.pdf")
    for words in ("Feedback on your coding", "Hello Lotte", "the reference coding (anna)",
                  "Fragment by fragment", "✓ Found", "What the code means"):
        assert words in text, words
    ok(reviewed, "exercise", "overview")
    assert "Hardest codes" in pdf_text(spec.folder(reviewed, "week1") / "overview.pdf")


def test_as_dict_is_the_dataclass_written_out():
    from dataclasses import asdict

    from casebook.exercise.feedback import CodeScore, Item, StudentFeedback

    feedback = StudentFeedback("week1", "Lotte", ["anna", "bram"], "nl", [
        CodeScore("a", "Angst", 0.5, hit=2, missed=1), CodeScore("b", "Boos", None, extra=3)],
        [Item("hit", "doc-1", "a", "a", 3, 9, "tekst", "Persoon 1", ["anna"], None,
              [("memo", "waarom")]),
         Item("other", "doc-2", "a", "b", 0, 4, "ja", None, ["anna", "bram"], "ja nee",
              [("description", "d"), ("not:b", "x")])])
    expected = asdict(feedback)
    for item in expected["items"]:
        item["why"] = [{"about": about, "text": text} for about, text in item["why"]]
    expected["totals"] = {"hit": 2, "missed": 1, "other": 0, "extra": 3}
    expected["figure"] = {"name": "Cohen's kappa", "unit": "sentence",
                          "with": "the mean over the references"}
    data = feedback.as_dict()
    assert json.dumps(data) == json.dumps(expected)
    data["items"][0]["references"].append("x")  # a copy: the feedback stays as it was
    assert feedback.items[0].references == ["anna"]


def test_feedback_json_is_written_as_json_dumps_with_indent_writes_it():
    """The writer of ``feedback --json``: an item's text, at any depth, and the whole of a
    class's, are the text json.dumps(indent=2, ensure_ascii=False) makes of as_dict() --
    for empty and full lists, None, quotes, line ends, control and non-BMP characters."""
    import random

    from casebook.exercise.feedback import CodeScore, Item, StudentFeedback, to_json

    odd = ["", "é\n\"\u2028\U0001F600\\", "\x00\x1f\t", "Persoon 1", "a/b</c>"]
    rnd = random.Random(12)

    def text() -> str:
        return rnd.choice(odd) + rnd.choice(["", "x", "tekst met ‘quotes’"])

    def item() -> Item:
        return Item(rnd.choice(["hit", "missed", "other", "extra"]), text(), text(),
                    rnd.choice([None, text()]), rnd.randint(0, 10**6), rnd.randint(0, 10**6),
                    text(), rnd.choice([None, text()]),
                    [text() for _ in range(rnd.randint(0, 3))], rnd.choice([None, text()]),
                    [(text(), text()) for _ in range(rnd.randint(0, 3))])

    items = [item() for _ in range(300)]
    for one in items:
        for depth in range(3):
            newline = "\n" + "  " * depth
            assert one.as_json(newline) == json.dumps(
                one.as_dict(), ensure_ascii=False, indent=2).replace("\n", newline)
    students = [StudentFeedback("week1", text() or "s", ["anna"], "nl",
                                [CodeScore("a", "Angst", rnd.choice([None, 0.25, float("nan")]),
                                           hit=n)], rnd.sample(items, rnd.randint(0, 20)) + [items[n]] * (n % 3))
                for n in range(12)]
    assert to_json(students) == json.dumps([s.as_dict() for s in students],
                                           ensure_ascii=False, indent=2)
    assert to_json([]) == json.dumps([], indent=2)


def test_a_code_whose_words_name_someone_refuses_the_feedback(class_of_two):
    """The why a student reads (a code's description, include, exclude) and the code's name
    pass the gate too: a codebook changed since the package was made to name someone in the
    transcripts refuses the feedback, JSON and PDF, naming the field."""
    from casebook.exercise.feedback import build, to_json
    from casebook.privacy.guard import Gate
    from casebook.project import Project
    from tests.exercise.conftest import run

    project = Project.find(class_of_two)
    try:
        exercise = spec.load(class_of_two, "week1")
        students = build(project, exercise).students
        shown = {s.code for s in students[0].codes}
        code = next(c for c in exercise.codes if c in shown)
        name = next(o.text for o in Gate.for_project(project.store).originals
                    if o.category == "persoon" and " " in o.text)
        with project.store.transaction():
            project.store.db.execute("UPDATE codes SET exclude = ? WHERE id = ?",
                                     [f"niet als {name} het zegt", code])
        assert name not in to_json(students)  # as it was made before
    finally:
        project.close()
    for args in (["--json"], []):
        refused = run(class_of_two, "exercise", "feedback", *args)
        assert refused.code == 2 and f"codes[{code}].exclude" in refused.err, refused.err
        assert name not in refused.out


def test_a_document_changed_since_the_exercise_refuses_the_feedback(class_of_two):
    """Feedback is made of the texts the exercise was made of, as stored (their sha256,
    read without the texts): a document whose stored hash changed refuses it, naming the
    document; one gone refuses it as ``store.document`` does."""
    from casebook.errors import CasebookError, NotFound
    from casebook.exercise.feedback import build
    from casebook.project import Project

    project = Project.find(class_of_two)
    try:
        exercise = spec.load(class_of_two, "week1")
        assert build(project, exercise).students
        part = exercise.documents[-1]
        name = project.store.document(part.id).name
        conn = project.store.db.conn
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                                " AND tbl_name = 'documents'").fetchall()
        with project.store.transaction():
            for trigger, _sql in triggers:
                conn.execute(f'DROP TRIGGER "{trigger}"')
            conn.execute("UPDATE documents SET sha256 = ? WHERE id = ?",
                         ["0" * 64, part.id])
        with pytest.raises(CasebookError, match=f"document '{name}' is not the text the "
                                                "exercise was made of"):
            build(project, exercise)
        gone = replace(exercise, documents=[*exercise.documents[:-1],
                                            replace(part, id=9999)])
        with pytest.raises(NotFound):
            build(project, gone)
    finally:
        project.close()
