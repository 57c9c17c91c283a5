import sqlite3

import pytest

from casebook.errors import CasebookError, NotFound
from casebook.model import Coding, Document
from casebook.offsets import sha256
from casebook.store import Store
from tests.conftest import add_small_document


def test_schema_is_migrated_and_versioned(tmp_path):
    s = Store(tmp_path / "x.db")
    version = s.schema_version
    assert version >= 2 and "codings" in s.db.table_names()
    s.close()
    again = Store(tmp_path / "x.db")  # reopening applies nothing new
    assert again.migrate() == [] and again.schema_version == version
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert again.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    again.close()


def test_document_text_is_immutable(store):
    doc_id = add_small_document(store)
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        with store.transaction():
            store.db.execute("UPDATE documents SET text = 'x' WHERE id = ?", [doc_id])
    assert store.document(doc_id).text.startswith("I: Wat wil je?")


def test_transaction_rolls_back_everything_on_error(store):
    doc_id = add_small_document(store)
    anna = store.coder("anna")
    with pytest.raises(NotFound):
        with store.transaction():
            store.add_coding(Coding(doc_id, 3, 6, "willen", anna.id))
            store.add_coding(Coding(doc_id, 3, 6, "no-such-code", anna.id))
    assert store.codings() == []


def test_nested_transactions_commit_with_the_outer_one(tmp_path):
    s = Store(tmp_path / "x.db")
    doc_id = add_small_document(s)
    coder = s.coder("anna")
    with s.transaction():
        with s.transaction():
            s.add_coding(Coding(doc_id, 3, 6, "willen", coder.id))
        other = Store(tmp_path / "x.db")  # another connection does not see it yet
        assert other.codings() == []
        other.close()
    reader = Store(tmp_path / "x.db")
    assert len(reader.codings()) == 1
    reader.close()
    s.close()


def test_coding_spans_are_checked_and_duplicates_are_one(store):
    doc_id = add_small_document(store)
    anna = store.coder("anna")
    first = store.add_coding(Coding(doc_id, 19, 34, "willen.houding", anna.id))
    assert store.add_coding(Coding(doc_id, 19, 34, "willen.houding", anna.id)) == first
    with pytest.raises(CasebookError, match="outside"):
        store.add_coding(Coding(doc_id, 19, 10_000, "willen", anna.id))
    assert [c.coder_name for c in store.codings()] == ["anna"]


def test_coder_ids_are_stable_across_projects():
    a, b = Store(), Store()
    assert a.coder("Anna").id == b.coder("anna ").id
    assert a.coder("anna").name == "Anna"  # names are matched without case


def test_codebook_change_keeps_codings_attached(store):
    from casebook.model import Code, Codebook

    doc_id = add_small_document(store)
    c = store.add_coding(Coding(doc_id, 19, 34, "kunnen", store.coder("anna").id))
    store.set_codebook(Codebook(name="v2", codes=[Code(id="willen", name="Motivatie")]))
    assert store.get_coding(c).code_id == "kunnen"
    assert [x.id for x in store.codes()] == ["willen"]
    assert store.code("kunnen").name == "Kunnen"  # retired, still resolvable
    assert store.code("Motivatie").id == "willen"


def test_document_lookup_by_id_name_and_prefix(store):
    text = "een"
    store.add_document(Document(name="interview-anna", text=text, sha256=sha256(text)), [], [], [])
    store.add_document(Document(name="interview-bram", text="twee", sha256=sha256("twee")), [], [], [])
    assert store.document("interview-anna").text == "een"
    assert store.document("interview-b").name == "interview-bram"
    with pytest.raises(NotFound, match="several"):
        store.document("interview")
    with pytest.raises(NotFound):
        store.document("999")


def test_coded_chars_counts_overlaps_once(store):
    doc_id = add_small_document(store)
    anna, bram = store.coder("anna"), store.coder("bram")
    store.add_coding(Coding(doc_id, 19, 30, "willen", anna.id))
    store.add_coding(Coding(doc_id, 25, 40, "kunnen", bram.id))
    store.add_coding(Coding(doc_id, 3, 5, "kunnen", bram.id))
    assert store.coded_chars()[doc_id] == (40 - 19) + 2


def test_migration_fills_the_length_of_existing_documents(tmp_path):
    old = Store(tmp_path / "old.db")
    text = "Oud 😅 document"
    with old.transaction():
        old.db.execute("DELETE FROM _migrations WHERE name = '0003_document_length'")
        old.db.execute("ALTER TABLE documents DROP COLUMN length")
        old.db.execute(
            "INSERT INTO documents (name, format, sha256, text, imported_at)"
            " VALUES ('oud', 'text', ?, ?, 'now')", [sha256(text), text])
    old.close()
    upgraded = Store(tmp_path / "old.db")
    assert upgraded.documents()[0].length == len(text) == 14
    upgraded.close()
