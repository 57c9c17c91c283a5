"""Codebook changes keep codings attached by id; file and database agree afterwards."""

from __future__ import annotations

import difflib

import pytest

from casebook.codebook import load_yaml, service
from casebook.errors import CasebookError
from casebook.model import Code, Codebook, Coding, Document, Memo, Sentence, Speaker, Turn
from casebook.offsets import sha256
from casebook.store import Store

TEXT = "I: Wil je werken?\n\nR: Ja, maar er gaat geen bus. Ik durf het ook niet goed."


def _document(store) -> int:
    turns = [Turn(3, 17, "I"), Turn(22, len(TEXT), "R")]
    sentences = [Sentence(3, 17), Sentence(22, 50), Sentence(51, len(TEXT))]
    return store.add_document(Document(name="gesprek", text=TEXT, sha256=sha256(TEXT)),
                              turns, sentences, [Speaker("I"), Speaker("R")])


def _code(store, doc, start, end, code_id, coder="anna") -> int:
    return store.add_coding(Coding(document_id=doc, start=start, end=end, code_id=code_id,
                                   coder_id=store.coder(coder).id))


def _spans(store, code_id):
    return sorted((c.start, c.end, c.coder_name) for c in store.codings(code_ids=[code_id]))


def test_store_recode_moves_and_drops_duplicates():
    store = Store()
    store.set_codebook(Codebook(name="t", codes=[Code(id="a", name="A"), Code(id="b", name="B")]))
    doc = _document(store)
    _code(store, doc, 22, 50, "a")
    _code(store, doc, 51, 70, "a")
    _code(store, doc, 51, 70, "b")  # the same span on b already: a's copy is a duplicate
    _code(store, doc, 51, 70, "a", coder="bram")
    store.add_memo(Memo(target_kind="code", target_id="a", text="over a"))
    assert store.recode("a", "b") == (2, 1)
    assert store.coding_counts() == {"b": 3}
    assert _spans(store, "b") == [(22, 50, "anna"), (51, 70, "anna"), (51, 70, "bram")]
    assert [m.target_id for m in store.memos("code")] == ["b"]
    store.close()


@pytest.fixture
def coded(project):
    """A project with the IGM codebook in use and a few codings by two coders."""
    service.use(project, "igm")
    store = project.store
    doc = _document(store)
    ids = {
        "bus": _code(store, doc, 22, 50, "kunnen.barrieres"),
        "durf": _code(store, doc, 51, len(TEXT), "willen.eigen-kunnen"),
        "durf_b": _code(store, doc, 51, len(TEXT), "willen.eigen-kunnen", coder="bram"),
        "wil": _code(store, doc, 3, 17, "willen"),
    }
    return project, doc, ids


def _file_codes(project):
    return {c.id: c for c in load_yaml(project.root / project.settings.codebook).codes}


def test_use_copies_records_and_loads(project):
    report = service.use(project, "igm")
    assert report.path == "codebooks/igm.yaml" == project.settings.codebook
    assert (project.root / "codebooks" / "igm.yaml").is_file()
    assert "codebook: codebooks/igm.yaml" in (project.root / "casebook.yaml").read_text()
    assert [c.id for c in project.store.codes()] == [c.id for c in load_yaml(
        project.root / "codebooks" / "igm.yaml").codes]


def test_use_a_bad_file_changes_nothing(project, tmp_path):
    service.use(project, "igm")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ncodes:\n  - id: a\n    name: A\n    parent: zz\n")
    with pytest.raises(CasebookError) as err:
        service.use(project, str(bad))
    assert err.value.line == 5
    assert project.settings.codebook == "codebooks/igm.yaml"
    assert len(project.store.codes()) == 11


def test_switching_codebooks_keeps_coded_codes_as_retired(coded):
    project, _doc, ids = coded
    report = service.use(project, "gewogen-maatwerk")
    assert set(report.retired) == {"kunnen.barrieres", "willen.eigen-kunnen", "willen"}
    assert project.store.get_coding(ids["bus"]).code_id == "kunnen.barrieres"
    service.use(project, "igm")  # back again: the same ids, the codings are still there
    assert project.store.coding_counts()["willen.eigen-kunnen"] == 2


def test_rename_keeps_codings_and_writes_the_file(coded):
    project, _doc, ids = coded
    before = (project.root / "codebooks" / "igm.yaml").read_text(encoding="utf-8")
    service.rename(project, "kunnen.barrieres", "Belemmeringen")
    after = (project.root / "codebooks" / "igm.yaml").read_text(encoding="utf-8")
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                     n=0, lineterm="")
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["-  name: Randvoorwaarden en barrières", "+  name: Belemmeringen"]
    assert project.store.code("kunnen.barrieres").name == "Belemmeringen"
    assert project.store.get_coding(ids["bus"]).code_id == "kunnen.barrieres"
    assert _file_codes(project)["kunnen.barrieres"].name == "Belemmeringen"
    text = (project.root / "codebooks" / "igm.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Integratief gedragsmodel")  # the header comment is kept
    service.rename(project, "5", "Obstacles", english=True)  # by hotkey
    assert _file_codes(project)["kunnen.barrieres"].name_en == "Obstacles"


def test_move_keeps_codings_and_refuses_cycles(coded):
    project, _doc, ids = coded
    service.move(project, "willen.eigen-kunnen", "kunnen")
    code = project.store.code("willen.eigen-kunnen")
    assert code.parent == "kunnen"
    assert _file_codes(project)["willen.eigen-kunnen"].parent == "kunnen"
    assert project.store.get_coding(ids["durf"]).code_id == "willen.eigen-kunnen"
    order = [c.id for c in project.store.codes()]
    assert order.index("kunnen") < order.index("willen.eigen-kunnen") < order.index("doen")
    with pytest.raises(CasebookError):
        service.move(project, "kunnen", "willen.eigen-kunnen")
    assert project.store.code("kunnen").parent is None


def test_merge_recodes_drops_duplicates_and_removes_sources(coded):
    project, doc, ids = coded
    _code(project.store, doc, 51, len(TEXT), "kunnen.lastige-situaties")  # will duplicate
    report = service.merge(project, ["willen.eigen-kunnen"], "kunnen.lastige-situaties")
    assert (report.moved, report.dropped) == (1, 1)
    spans = _spans(project.store, "kunnen.lastige-situaties")
    assert spans == [(51, len(TEXT), "anna"), (51, len(TEXT), "bram")]
    assert "willen.eigen-kunnen" not in _file_codes(project)
    assert "willen.eigen-kunnen" not in {c.id for c in project.store.codes(include_retired=True)}
    assert project.store.get_coding(ids["bus"]).code_id == "kunnen.barrieres"


def test_merge_moves_children_under_the_target(coded):
    project, _doc, _ids = coded
    service.merge(project, ["willen"], "doen")
    codes = _file_codes(project)
    assert codes["willen.houding"].parent == "doen"
    assert project.store.coding_counts()["doen"] == 1


def test_split_adds_siblings_and_can_move_codings(coded):
    project, _doc, ids = coded
    service.split(project, "kunnen.barrieres", [("kunnen.vervoer", "Vervoer"),
                                                 ("kunnen.zorg", "Zorgtaken")])
    order = [c.id for c in project.store.codes()]
    at = order.index("kunnen.barrieres")
    assert order[at + 1:at + 3] == ["kunnen.vervoer", "kunnen.zorg"]
    assert project.store.code("kunnen.zorg").parent == "kunnen"
    assert project.store.get_coding(ids["bus"]).code_id == "kunnen.barrieres"
    colours = [c.colour for c in project.store.codes()]
    assert len(set(colours)) == len(colours)
    service.split(project, "willen.eigen-kunnen", [("willen.durf", "Durf")],
                  move_codings_to="willen.durf")
    assert project.store.get_coding(ids["durf_b"]).code_id == "willen.durf"
    with pytest.raises(CasebookError):
        service.split(project, "doen", [("kunnen.zorg", "Dubbel")])


def test_add_checks_and_places_the_code(coded):
    project, _doc, _ids = coded
    service.add(project, "willen.geld", "Geld", parent="willen", hotkey="9")
    order = [c.id for c in project.store.codes()]
    assert order.index("willen.geld") == order.index("willen.eigen-kunnen") + 1
    assert _file_codes(project)["willen.geld"].hotkey == "9"
    with pytest.raises(CasebookError) as err:
        service.add(project, "x", "X", hotkey="9")  # hotkey clash: nothing written
    assert "hotkey" in err.value.field
    assert "x" not in _file_codes(project)
    with pytest.raises(CasebookError):
        service.add(project, "y", "Y", colour="red")


def test_merge_a_parent_into_its_own_child(coded):
    project, _doc, ids = coded
    service.merge(project, ["willen"], "willen.houding")
    codes = _file_codes(project)
    assert codes["willen.houding"].parent is None
    assert codes["willen.sociale-invloed"].parent == "willen.houding"
    assert project.store.get_coding(ids["wil"]).code_id == "willen.houding"
