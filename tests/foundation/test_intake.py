"""The one intake: matching by text, unique names, coders by id or name, idempotence, dry
run as a rollback, files written only after COMMIT."""

from __future__ import annotations

import pytest

from casebook.errors import CasebookError
from casebook.ingest import import_files
from casebook.ingest.intake import intake
from casebook.ingest.plan import CODER_DIFFERS, Incoming, IntakeReport, Plan, text_key, unique_name
from casebook.model import Code, Codebook, Coder, Coding, Document, Memo, Turn
from casebook.offsets import sha256

TEXT = "Lotte: Ik wil werken. Maar het lukt niet."


def document(text: str = TEXT, name: str = "gesprek", key: int = 1) -> Incoming:
    return Incoming(Document(id=key, name=name, text=text, sha256=sha256(text)),
                    [Turn(7, len(text.rstrip()), "Lotte")], [])


def plan(text: str = TEXT, **fields) -> Plan:
    """One document, one code, one coder, one coding with a memo on it."""
    defaults = dict(
        source="test", documents=[document(text)], codes=[Code(id="hoop", name="Hoop")],
        coders=[Coder(id="c0ffee00-0000-4000-8000-000000000001", name="Lotte")],
        codings=[Coding(document_id=1, start=10, end=20, code_id="hoop", id=7,
                        coder_id="c0ffee00-0000-4000-8000-000000000001")],
        memos=[Memo("coding", "7", "mooi"), Memo("document", "1", "eerste gesprek"),
               Memo("code", "hoop", "hoop is willen"), Memo("project", "", "leertafels")])
    return Plan(**{**defaults, **fields})


def state(store) -> tuple:
    return (sorted((d.name, d.sha256) for d in store.documents()),
            [(c.document_id, c.start, c.end, c.code_id, c.coder_id) for c in store.codings()],
            sorted((m.target_kind, m.target_id, m.text) for m in store.memos()),
            store.coders(), [c.id for c in store.codes(include_retired=True)])


def test_unique_name():
    taken = {"a", "a-2"}
    assert [unique_name("a", taken), unique_name("b", taken)] == ["a-3", "b"]
    assert {"a-3", "b"} <= taken


def test_applying_a_plan_twice_changes_nothing(store):
    first = IntakeReport()
    intake(store, [plan()], first)
    assert first.applied and first.documents_added == ["gesprek"]
    assert (first.codings_added, first.memos_added, first.codes_added) == (1, 4, ["hoop"])
    coding = store.codings()[0]
    assert [m.target_id for m in store.memos("coding")] == [str(coding.id)]
    before = state(store)
    again = IntakeReport()
    intake(store, [plan()], again)
    assert state(store) == before
    assert (again.documents_matched, again.codes_matched) == (["gesprek"], ["hoop"])
    assert (again.codings_added, again.codings_present, again.memos_added) == (0, 1, 0)
    assert again.coders_added == []


@pytest.mark.parametrize("here,there", [(TEXT, TEXT + "\n"), (TEXT + "\r\n", TEXT),
                                        (TEXT + "\n", TEXT + " \n\n")])
def test_the_same_text_ignores_trailing_white_space(store, here, there):
    assert text_key(here.replace("\r", "")) == text_key(there)
    intake(store, [plan(here.replace("\r", ""))], IntakeReport())
    report = IntakeReport()
    intake(store, [plan(there)], report)
    assert report.documents_matched == ["gesprek"] and report.documents_added == []
    assert len(store.documents()) == 1 and report.codings_present == 1


def test_a_taken_name_gets_a_number_and_two_equal_texts_are_one_document(store):
    intake(store, [plan()], IntakeReport())
    other = "Lotte: Iets heel anders."
    report = IntakeReport()
    intake(store, [plan(documents=[document(other, key=1), document(other + "\n", key=2)],
                        codings=[], memos=[])], report)
    assert report.documents_added == ["gesprek-2"]
    assert report.documents_matched == ["gesprek-2"]
    assert sorted(d.name for d in store.documents()) == ["gesprek", "gesprek-2"]


def test_coders_by_id_else_by_name(store):
    here = store.coder("Lotte")  # another id than the plan's
    report = IntakeReport()
    intake(store, [plan()], report)
    assert store.coders() == [here] and store.codings()[0].coder_id == here.id
    assert report.coders_added == [] and "codes as coder 'Lotte' here" in report.notes[0]
    strict = IntakeReport()
    intake(store, [plan(strict=True)], strict)
    assert [c.kind for c in strict.conflicts] == [CODER_DIFFERS] and not strict.applied


def test_a_code_id_that_means_something_else_gets_a_new_id(store):
    store.set_codebook(Codebook(name="Hier", codes=[Code(id="hoop", name="Wanhoop")]))
    report = IntakeReport()
    intake(store, [plan()], report)
    assert report.codes_added == ["hoop-2"] and store.codings()[0].code_id == "hoop-2"
    assert [m.target_id for m in store.memos("code")] == ["hoop-2"]


def test_a_dry_run_rolls_back_and_writes_no_files(store):
    written = []
    report = IntakeReport()
    intake(store, [plan()], report, dry_run=True, after_commit=written.append)
    assert report.dry_run and not report.applied and report.codings_added == 1
    assert state(store) == ([], [], [], [], []) and written == []
    intake(store, [plan()], IntakeReport(), after_commit=written.append)
    assert len(written) == 1 and written[0][0].document_id(1) == store.documents()[0].id


def test_an_error_writes_nothing_and_no_files(store):
    bad = plan(codings=[Coding(document_id=1, start=10, end=999, code_id="hoop",
                               coder_id="c0ffee00-0000-4000-8000-000000000001")])
    written = []
    with pytest.raises(CasebookError, match="outside the document"):
        intake(store, [bad], IntakeReport(), after_commit=written.append)
    assert state(store) == ([], [], [], [], []) and written == []


def test_import_keeps_originals_only_after_commit(project, tmp_path):
    good = tmp_path / "goed.txt"
    good.write_text("I: Hoi\nR: Hallo\n")
    results = import_files(project, [good, good])
    assert [r.status for r in results] == ["imported", "duplicate"]
    assert results[1].duplicate_of == "goed"
    assert results[1].document_id == results[0].document_id
    kept = project.root / project.store.document("goed").source
    assert kept.read_text() == good.read_text()


def test_a_markdown_heading_is_the_title_attribute(project, tmp_path):
    path = tmp_path / "leertafel-3.md"
    path.write_text("# Leertafel 3 — wat werkt\n\n**Marieke:** Welkom.\n\n"
                    "**Jeroen:** Dank je.\n")
    [result] = import_files(project, [path])
    doc = project.store.document(result.document_id)
    assert doc.name == "leertafel-3"
    assert doc.attributes == {"title": "Leertafel 3 — wat werkt"}
    assert doc.text.startswith("Marieke: Welkom.")
    assert [t.speaker for t in project.store.turns(doc.id)] == ["Marieke", "Jeroen"]
    other = tmp_path / "leertafel-4.md"
    other.write_text("# Kop\n\nI: Hoi\nR: Dag\n")
    [again] = import_files(project, [other], attributes={"title": "Eigen titel"})
    assert project.store.document(again.document_id).attributes == {"title": "Eigen titel"}


def test_an_import_reactivates_a_code_retired_here_and_a_merge_does_not(store):
    intake(store, [plan()], IntakeReport())
    store.set_codebook(Codebook(name="Hier", codes=[Code(id="ander", name="Ander")]))
    assert [c.id for c in store.codes()] == ["ander"]  # hoop keeps its coding: retired
    intake(store, [plan(strict=True, coders=[], codings=[])], IntakeReport())
    assert [c.id for c in store.codes()] == ["ander"]
    intake(store, [plan()], IntakeReport())
    assert [c.id for c in store.codes()] == ["ander", "hoop"]


def test_many_codings_go_in_together_and_the_same_one_twice_is_present(store):
    coder = "c0ffee00-0000-4000-8000-000000000001"
    codings = [Coding(document_id=1, start=s, end=s + 5, code_id="hoop", coder_id=coder, id=s)
               for s in range(0, 30)] + \
        [Coding(document_id=1, start=3, end=8, code_id="hoop", coder_id=coder, id=99)]
    memos = [Memo("coding", "3", "op de eerste"), Memo("coding", "99", "op de tweede")]
    report = IntakeReport()
    intake(store, [plan(codings=codings, memos=memos)], report)
    assert (report.codings_added, report.codings_present) == (30, 1)
    [on_it] = [c for c in store.codings() if (c.start, c.end) == (3, 8)]
    assert {m.text for m in store.memos("coding", str(on_it.id))} == {"op de eerste",
                                                                     "op de tweede"}
    again = IntakeReport()
    intake(store, [plan(codings=codings, memos=memos)], again)
    assert (again.codings_added, again.codings_present, again.memos_added) == (0, 31, 0)


def test_a_bad_coding_among_many_is_one_line_and_nothing_is_written(store):
    coder = "c0ffee00-0000-4000-8000-000000000001"
    codings = [Coding(document_id=1, start=s, end=s + 5, code_id="hoop", coder_id=coder, id=s)
               for s in range(0, 20)]
    codings[12] = Coding(document_id=1, start=30, end=30, code_id="hoop", coder_id=coder,
                         id=12)  # empty: no coding
    with pytest.raises(CasebookError) as err:
        intake(store, [plan(codings=codings)], IntakeReport())
    assert str(err.value) == f"test: coding 12: span 30-30 is outside the document " \
                             f"(0-{len(TEXT)})"
    assert state(store) == ([], [], [], [], [])
