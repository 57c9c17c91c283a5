"""The YAML codebook schema: every problem with its file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.codebook import check, depth, dump_yaml, load_yaml, parse_text
from casebook.errors import CasebookError

SHIPPED = Path(__file__).resolve().parents[2] / "codebooks"
IGM_IDS = ["willen", "willen.houding", "willen.sociale-invloed", "willen.eigen-kunnen",
           "kunnen", "kunnen.kennis-vaardigheden", "kunnen.barrieres",
           "kunnen.lastige-situaties", "doen", "doen.intentie", "doen.gedrag"]


def line_of(text: str, marker: str, occurrence: int = 1) -> int:
    """1-based number of the line holding the ``occurrence``-th ``marker``."""
    lines = [i for i, line in enumerate(text.splitlines(), 1) if marker in line]
    return lines[occurrence - 1]


def problems(tmp_path, text: str):
    path = tmp_path / "book.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path), check(path)


GOOD = """\
name: Test
version: "2"
codes:
  - id: a
    name: A
    colour: "#112233"
    hotkey: "1"
  - id: a.b
    name: B
    parent: a
"""


def test_good_file_has_no_problems(tmp_path):
    path, found = problems(tmp_path, GOOD)
    assert found == []
    book = load_yaml(path)
    assert [c.id for c in book.codes] == ["a", "a.b"]
    assert book.codes[0].hotkey == "1" and book.codes[1].parent == "a"
    assert book.version == "2" and depth(book) == 2


def test_duplicate_id_names_its_line(tmp_path):
    text = GOOD + "  - id: a\n    name: Again\n"
    path, found = problems(tmp_path, text)
    assert len(found) == 1
    assert found[0].line == line_of(text, "id: a", 3)  # a, a.b, then the duplicate
    assert found[0].field == "code a.id" and "duplicate" in found[0].message
    assert str(found[0]).startswith(f"{path}:{found[0].line}: code a.id: ")


def test_unknown_parent_bad_colour_hotkey_clash_all_reported(tmp_path):
    text = GOOD + ("  - id: c\n    name: C\n    parent: nope\n    colour: blue\n"
                   "    hotkey: \"1\"\n")
    _, found = problems(tmp_path, text)
    by_field = {p.field: p for p in found}
    assert set(by_field) == {"code c.parent", "code c.colour", "code c.hotkey"}
    assert by_field["code c.parent"].line == line_of(text, "parent: nope")
    assert by_field["code c.colour"].line == line_of(text, "colour: blue")
    assert by_field["code c.hotkey"].line == line_of(text, 'hotkey: "1"', 2)
    assert "'a'" in by_field["code c.hotkey"].message


def test_missing_name_and_cycle(tmp_path):
    text = ("name: T\ncodes:\n  - id: x\n    parent: y\n    name: X\n"
            "  - id: y\n    parent: x\n    name: Y\n  - id: z\n    colour: '#000000'\n")
    _, found = problems(tmp_path, text)
    missing = [p for p in found if p.field == "code z.name"]
    assert missing and missing[0].line == line_of(text, "id: z")
    cycles = [p for p in found if "cycle" in p.message]
    assert {p.field for p in cycles} == {"code x.parent", "code y.parent"}
    assert {p.line for p in cycles} == {line_of(text, "parent: y"), line_of(text, "parent: x")}


def test_children_lists_and_unknown_fields(tmp_path):
    text = ("name: T\ncodes:\n  - id: top\n    name: Top\n    children:\n"
            "      - id: top.kid\n        name: Kid\n        colur: '#fff'\n")
    path, found = problems(tmp_path, text)
    assert [(p.field, p.line) for p in found] == [("code top.kid.colur",
                                                   line_of(text, "colur"))]
    fixed = text.replace("colur: '#fff'", "hotkey: '2'")
    (tmp_path / "book.yaml").write_text(fixed, encoding="utf-8")
    book = load_yaml(path)
    assert [(c.id, c.parent) for c in book.codes] == [("top", None), ("top.kid", "top")]


def test_workbench_key_is_a_warning_only(tmp_path):
    text = "name: T\ncodes:\n  - id: a\n    name: A\n    hotkey: j\n"
    path, found = problems(tmp_path, text)
    assert len(found) == 1 and found[0].warning and found[0].line == 5
    assert load_yaml(path).codes[0].hotkey == "j"


def test_load_yaml_raises_first_error_with_line(tmp_path):
    text = GOOD + "  - id: bad id\n    name: X\n"
    path, _ = problems(tmp_path, text)
    with pytest.raises(CasebookError) as err:
        load_yaml(path)
    assert err.value.line == line_of(text, "bad id") and err.value.field == "code bad id.id"
    assert str(err.value).startswith(f"{path}:{line_of(text, 'bad id')}: ")


def test_yaml_syntax_error_has_a_line(tmp_path):
    text = "name: T\ncodes:\n  - id: a\n    name: [unclosed\n"
    _, found = problems(tmp_path, text)
    assert len(found) == 1 and found[0].field == "yaml" and found[0].line >= 4


@pytest.mark.parametrize("name", ["igm", "gewogen-maatwerk"])
def test_shipped_codebooks_are_valid_and_complete(name):
    path = SHIPPED / f"{name}.yaml"
    assert check(path) == []
    book = load_yaml(path)
    for code in book.codes:
        assert code.name and code.name_en and len(code.description) > 80, code.id
        assert code.include and code.exclude and code.examples, code.id
        assert code.hotkey and len(code.hotkey) == 1, code.id
    assert len({c.colour for c in book.codes}) == len(book.codes)
    if name == "igm":
        assert [c.id for c in book.codes] == IGM_IDS
        leaves = [c for c in book.codes if "." in c.id]
        assert all(c.hotkey.isdigit() for c in leaves)
    else:
        assert [c.id for c in book.codes] == ["gm.doen-wat-werkt", "gm.positieve-basishouding",
                                              "gm.meten-en-aanpassen"]


def test_dump_and_read_back_is_the_same_codebook():
    book = load_yaml(SHIPPED / "igm.yaml")
    again, found = parse_text(dump_yaml(book), "dumped.yaml")
    assert found == [] and again == book


@pytest.mark.parametrize("name", ["igm", "gewogen-maatwerk"])
def test_shipped_codebooks_are_written_as_casebook_writes_them(name):
    """So the first change a project makes to its copy shows as a small git diff."""
    text = (SHIPPED / f"{name}.yaml").read_text(encoding="utf-8")
    body = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
    assert dump_yaml(load_yaml(SHIPPED / f"{name}.yaml")) == body


def test_codable_false_marks_a_category_and_round_trips(tmp_path):
    text = GOOD.replace("    hotkey: \"1\"\n", "    hotkey: \"1\"\n    codable: false\n")
    path, found = problems(tmp_path, text)
    assert found == []
    book = load_yaml(path)
    assert [c.codable for c in book.codes] == [False, True]
    again = tmp_path / "again.yaml"
    again.write_text(dump_yaml(book), encoding="utf-8")
    assert [c.codable for c in load_yaml(again).codes] == [False, True]


def test_codable_must_be_true_or_false(tmp_path):
    text = GOOD.replace("    hotkey: \"1\"\n", "    hotkey: \"1\"\n    codable: soms\n")
    _path, found = problems(tmp_path, text)
    assert [(p.line, p.field) for p in found] == [(line_of(text, "codable"), "code a.codable")]
