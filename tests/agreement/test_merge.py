"""`merge`: documents by sha256, codes by id, coders by id; conflicts reported; idempotent."""

import json

from click.testing import CliRunner

from casebook.cli import cli
from casebook.coders.merge import CODE_DIFFERS, TEXT_DIFFERS, merge
from casebook.model import Code, Codebook, Document, Memo
from casebook.project import Project
from casebook.store import Store
from tests.agreement.data import CODEBOOK, add_document, code, sentence


def _coder_file(tmp_path, name: str, coder: str, sentences: list[int], *, extra_doc=False):
    """A coder's own copy: the shared document, coded by ``coder``."""
    path = tmp_path / f"{name}.db"
    store = Store(path)
    doc = add_document(store)
    for i in sentences:
        code(store, doc, coder, "willen", *sentence(i))
    if extra_doc:
        other = add_document(store, "alleen-hier", word="uni")
        coding = code(store, other, coder, "kunnen", *sentence(1))
        store.set_coding_memo(coding, "twijfel")
        store.add_memo(Memo("document", str(other), "Gesprek twee"))
    store.close()
    return path


def _codings(store):
    return sorted((store.document(c.document_id).name, c.code_id, c.coder_name, c.start, c.end)
                  for c in store.codings())


def test_merge_adds_codings_and_a_second_merge_changes_nothing(tmp_path, store):
    add_document(store)
    code(store, 1, "anna", "willen", *sentence(0))
    bram = _coder_file(tmp_path, "bram", "bram", [0, 2], extra_doc=True)
    report = merge(store, [bram])
    assert report.applied and not report.conflicts
    assert report.documents_matched == ["doc"] and report.documents_added == ["alleen-hier"]
    assert report.coders_added == ["bram"] and report.codings_added == 3
    new = store.document("alleen-hier")
    assert len(store.sentences(new.id)) == 10 and len(store.turns(new.id)) == 2
    assert [m.text for m in store.memos("document", str(new.id))] == ["Gesprek twee"]
    assert [c.memo for c in store.codings(document_id=new.id)] == ["twijfel"]
    before = _codings(store)
    again = merge(store, [bram])
    assert again.codings_added == 0 and again.codings_present == 3 and again.memos_added == 0
    assert again.documents_added == [] and _codings(store) == before
    assert {c.coder_name for c in store.codings()} == {"anna", "bram"}


def test_dry_run_reports_the_same_and_writes_nothing(tmp_path, store):
    add_document(store)
    bram = _coder_file(tmp_path, "bram", "bram", [0, 2], extra_doc=True)
    dry = merge(store, [bram], dry_run=True)
    assert not dry.applied and dry.codings_added == 3 and dry.documents_added == ["alleen-hier"]
    assert store.codings() == [] and store.document_names() == {"doc"}
    assert store.coders() == []


def test_conflicts_are_reported_and_never_joined(tmp_path, store):
    add_document(store)
    store.set_codebook(Codebook("Test", [Code(id="willen", name="Motivatie"),
                                         *CODEBOOK.codes[1:]]))
    other_path = tmp_path / "cees.db"
    other = Store(other_path)
    add_document(other, word="ZIN")  # same name "doc", another text
    other.set_codebook(Codebook("Test", [Code(id="willen", name="Wilskracht"),  # both renamed
                                         *CODEBOOK.codes[1:]]))
    code(other, 1, "cees", "willen", *sentence(1))
    other.close()
    report = merge(store, [other_path])
    kinds = {(c.kind, c.item) for c in report.conflicts}
    assert kinds == {(TEXT_DIFFERS, "doc"), (CODE_DIFFERS, "willen")}
    assert not report.applied and store.codings() == [] and store.coders() == []
    assert store.code("willen").name == "Motivatie"
    skipped = merge(store, [other_path], skip_conflicts=True)
    assert skipped.applied and skipped.codings_skipped == 1 and skipped.codings_added == 0
    assert store.document_names() == {"doc"} and store.code("willen").name == "Motivatie"


def test_new_codes_are_added_and_the_other_file_is_untouched(tmp_path, store):
    add_document(store)
    other_path = tmp_path / "dirk.db"
    other = Store(other_path)
    add_document(other)
    other.set_codebook(Codebook("Test", [*CODEBOOK.codes, Code(id="nieuw", name="Nieuw",
                                                               parent="doen")]))
    code(other, 1, "dirk", "nieuw", *sentence(3))
    other.close()
    stamp = other_path.stat().st_mtime_ns
    report = merge(store, [other_path])
    assert report.codes_added == ["nieuw"] and store.code("nieuw").parent == "doen"
    assert [c.code_id for c in store.codings()] == ["nieuw"]
    assert other_path.stat().st_mtime_ns == stamp


def test_merge_command(tmp_path):
    target = Project.init(tmp_path / "main", name="Main")
    add_document(target.store)
    target.close()
    bram = _coder_file(tmp_path, "bram", "bram", [0, 2])
    runner = CliRunner()
    root = ["--project", str(tmp_path / "main")]
    dry = runner.invoke(cli, [*root, "merge", str(bram), "--dry-run"])
    assert dry.exit_code == 0 and "would add" in dry.output and "2 codings" in dry.output
    done = runner.invoke(cli, [*root, "merge", str(bram), "--json"])
    assert done.exit_code == 0 and json.loads(done.output)["codings_added"] == 2
    assert json.loads(runner.invoke(cli, [*root, "merge", str(bram), "--json"]).output
                      )["codings_present"] == 2
    other = Store(tmp_path / "x.db")
    add_document(other, word="XXX")
    other.close()
    conflict = runner.invoke(cli, [*root, "merge", str(tmp_path / "x.db")])
    assert conflict.exit_code == 2 and "text differs" in conflict.output
    bad = runner.invoke(cli, [*root, "merge", str(tmp_path / "main" / "casebook.yaml")])
    assert bad.exit_code != 0


def test_a_copy_whose_text_has_a_final_newline_is_the_same_document(tmp_path, store):
    from casebook.offsets import sha256

    add_document(store)
    text = store.document("doc").text + "\n"
    other_path = tmp_path / "nvivo.db"
    other = Store(other_path)
    other.set_codebook(CODEBOOK)
    doc = other.add_document(Document(name="doc", text=text, sha256=sha256(text)), [], [], [])
    code(other, doc, "bram", "willen", *sentence(2))
    other.close()
    report = merge(store, [other_path])
    assert report.applied and not report.conflicts and report.documents_matched == ["doc"]
    assert [(c.document_id, c.coder_name) for c in store.codings()] == [(1, "bram")]
