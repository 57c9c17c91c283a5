import sqlite3
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.errors import CasebookError, NotFound
from casebook.model import Code, Coding, Document
from casebook.offsets import sha256
from casebook.store import Store, StoreBusy
from tests.conftest import add_small_document, two_empty_documents


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
    again = Coding(doc_id, 19, 34, "willen.houding", anna.id)
    assert store.add_coding(again) == first and again.id == first  # `code add` prints it
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
    doc = Document(name="interview-bram", text="twee", sha256=sha256("twee"))
    store.add_document(doc, [], [], [])
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


_SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 25)), max_size=40)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=_SPANS, second=_SPANS, repeat=st.integers(0, 3))
def test_coded_chars_is_the_union_of_the_spans(store, first, second, repeat):
    """Overlapping, nested, identical (of two coders) and touching spans, in two documents:
    each document's count is the number of positions some coding covers."""
    docs, coders = two_empty_documents(store)
    anna = [(doc, start, start + length, coders[0])
            for doc, spans in zip(docs, (first, second)) for start, length in spans]
    bram = [(docs[1], start, start + length, coders[1]) for start, length in second[:repeat]]
    codings = set(anna + bram)  # bram's: spans anna coded too
    store.add_codings([Coding(doc, s, e, "willen", coder) for doc, s, e, coder in codings])
    covered = {doc: len({p for d, s, e, _ in codings if d == doc for p in range(s, e)})
               for doc in docs}
    assert store.coded_chars() == {doc: n for doc, n in covered.items() if n}
    assert [d.coded_chars for d in store.documents()] == [covered[doc] for doc in docs]


def test_migration_fills_the_length_of_existing_documents(tmp_path):
    old = Store(tmp_path / "old.db")
    text = "Oud 😅 document"
    with old.transaction():
        old.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0003_document_length'")
        old.db.execute("ALTER TABLE documents DROP COLUMN length")
        old.db.execute(
            "INSERT INTO documents (name, format, sha256, text, imported_at)"
            " VALUES ('oud', 'text', ?, ?, 'now')", [sha256(text), text])
    old.close()
    upgraded = Store(tmp_path / "old.db")
    assert upgraded.documents()[0].length == len(text) == 14
    upgraded.close()


def test_many_codings_at_once_are_as_one_by_one(store):
    doc_id = add_small_document(store)
    anna, bram = store.coder("anna").id, store.coder("bram").id
    first = store.add_coding(Coding(doc_id, 19, 34, "willen.houding", anna))
    store.remove_coding(store.add_coding(Coding(doc_id, 3, 6, "willen", anna)))  # id 2 gone
    batch = [Coding(doc_id, 3, 14, "kunnen", anna, memo="mooi citaat"),
             Coding(doc_id, 19, 34, "willen.houding", anna),  # present already
             Coding(doc_id, 3, 14, "kunnen", bram),
             Coding(doc_id, 3, 14, "kunnen", anna)]  # twice in the batch
    ids = store.add_codings(batch)
    assert ids[1] == first and ids[3] == ids[0] == 3  # a removed coding's id is not reused
    assert ids[2] > 3 and [c.id for c in batch] == ids
    stored = {c.id: c for c in store.codings()}
    assert sorted(stored) == [first, 3, ids[2]]
    assert stored[3].memo == "mooi citaat" and stored[ids[2]].coder_name == "bram"
    assert store.add_coding(Coding(doc_id, 40, 45, "kunnen", anna)) > ids[2]


def test_many_codings_with_one_bad_store_none(store):
    doc_id = add_small_document(store)
    anna = store.coder("anna").id
    good = Coding(doc_id, 3, 14, "kunnen", anna)
    with pytest.raises(NotFound, match="coding 2: no code 'nope'"):
        store.add_codings([good, Coding(doc_id, 3, 14, "nope", anna)])
    with pytest.raises(CasebookError, match="coding 3: span 3-10000 is outside"):
        store.add_codings([good, good, Coding(doc_id, 3, 10_000, "kunnen", anna)])
    assert store.codings() == [] and store.add_codings([]) == []


def test_many_codings_without_a_savepoint_are_all_or_none_with_their_transaction(store):
    doc_id = add_small_document(store)
    anna = store.coder("anna").id
    good, other = Coding(doc_id, 3, 14, "kunnen", anna), Coding(doc_id, 19, 34, "willen", anna)
    stranger = Coding(doc_id, 3, 14, "willen", "no-such-coder")  # refused by SQLite itself
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.add_codings([good], savepoint=False)
        store.add_codings([other, stranger], savepoint=False)
    assert store.codings() == []
    with pytest.raises(sqlite3.IntegrityError):  # outside a transaction: one of its own
        store.add_codings([Coding(doc_id, 3, 14, "kunnen", anna), stranger], savepoint=False)
    assert store.codings() == []
    assert len(store.add_codings([good], savepoint=False)) == 1 and len(store.codings()) == 1


def test_coding_ids_are_never_reused_and_a_restored_coding_is_itself(store):
    doc_id = add_small_document(store)
    anna = store.coder("anna").id
    made = "2025-01-01T12:00:00+00:00"
    ids = [store.add_coding(Coding(doc_id, 19 + n, 25 + n, "willen", anna, created=made))
           for n in range(5)]
    assert ids == [1, 2, 3, 4, 5]
    removed = store.remove_coding(5)
    fresh = store.add_coding(Coding(doc_id, 3, 14, "kunnen", anna))
    assert fresh not in ids
    assert store.add_coding(removed) == 5  # undo: the same coding, id and time and all
    back = store.get_coding(5)
    assert (back.start, back.end, back.code_id, back.created) == (23, 29, "willen", made)
    with pytest.raises(CasebookError, match="another coding"):
        store.add_coding(Coding(doc_id, 40, 45, "kunnen", anna, id=fresh))


def test_a_failing_inner_transaction_leaves_the_outer_one_whole(store):
    doc_id = add_small_document(store)
    anna = store.coder("anna").id
    with store.transaction():
        store.add_coding(Coding(doc_id, 3, 6, "willen", anna))
        with pytest.raises(NotFound):
            with store.transaction():
                store.add_coding(Coding(doc_id, 7, 9, "willen", anna))
                store.add_coding(Coding(doc_id, 7, 9, "no-such-code", anna))
    assert [(c.start, c.end) for c in store.codings()] == [(3, 6)]


def test_a_commit_that_fails_rolls_back_and_the_store_goes_on(store):
    from casebook.model import Code, Codebook

    broken = Codebook(name="x", codes=[Code(id="kind", name="Kind", parent="no-such-parent")])
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store.set_codebook(broken)  # a deferred foreign key: only COMMIT finds it
    assert not store.in_transaction and store.codes() == []
    store.set_codebook(Codebook(name="y", codes=[Code(id="willen", name="Willen")]))
    assert [c.id for c in store.codes()] == ["willen"]


def test_a_write_transaction_takes_the_write_lock_before_it_reads(tmp_path):
    first, second = Store(tmp_path / "x.db"), Store(tmp_path / "x.db", busy_wait=0)
    with first.transaction():
        first.codes()  # only read so far
        with pytest.raises(StoreBusy, match="busy"):
            with second.transaction():
                pass
    first.close()
    second.close()


def test_read_modify_write_from_two_connections_loses_no_update(tmp_path):
    Store(tmp_path / "x.db").close()

    def add_codes(prefix: str) -> None:
        s = Store(tmp_path / "x.db")
        for n in range(25):  # each reads max(position), then writes the next one
            s.add_code(Code(id=f"{prefix}{n}", name=f"{prefix}{n}"))
        s.close()

    workers = [threading.Thread(target=add_codes, args=(p,)) for p in "ab"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    s = Store(tmp_path / "x.db")
    positions = [r["position"] for r in s.db.query("SELECT position FROM codes")]
    assert sorted(positions) == list(range(50))
    s.close()


def test_removed_text_does_not_stay_in_the_file(tmp_path):
    path = tmp_path / "x.db"
    s = Store(path)
    # Debian builds SQLite with secure_delete on by default; other builds do not
    assert s.db.execute("PRAGMA secure_delete").fetchone()[0] == 1
    doc_id = add_small_document(s)
    anna = s.coder("anna").id
    kept = s.add_coding(Coding(doc_id, 3, 6, "willen", anna,
                               memo="Mohamed El Amrani BSN 111222333"))
    gone = s.add_coding(Coding(doc_id, 7, 9, "willen", anna, memo="woont Kerkstraat 12 Utrecht"))
    s.set_coding_memo(kept, "geen namen")
    s.remove_coding(gone)
    s.close()  # the last connection checkpoints the WAL into the file and removes it
    data = path.read_bytes()
    assert b"geen namen" in data
    assert b"Mohamed El Amrani" not in data and b"Kerkstraat 12" not in data


def test_read_only_store_reads_but_never_writes(tmp_path):
    s = Store(tmp_path / "casebook.db")
    add_small_document(s)
    s.close()
    other = Store.open(tmp_path, read_only=True)
    assert other.documents()[0].name == "doc"
    with pytest.raises(CasebookError, match="read-only"):
        other.coder("bram")
    other.close()
    assert [c.name for c in Store(tmp_path / "casebook.db").coders()] == []


@pytest.mark.parametrize("content, needle", [
    (None, "no such database file"),
    (b"not a database at all" * 100, "not a Casebook database"),
    ("sqlite", "tables missing"),
])
def test_read_only_refuses_what_is_not_a_casebook_database(tmp_path, content, needle):
    path = tmp_path / "other.db"
    if content == "sqlite":
        sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(CasebookError, match=needle) as refused:
        Store.open(path, read_only=True)
    assert refused.value.path == str(path)


def test_light_reads_of_documents_give_what_the_whole_reads_give(store):
    """``turn_speakers``, ``document_hashes`` and ``document_bytes`` (feedback's and
    collect's reads) give what ``turns`` and ``whole_documents`` give, without objects."""
    first = add_small_document(store, name="een")
    text = "I: Hoe gaat het?\n\nR: Goed, dank je. Ça va. 😅"
    second = store.add_document(Document(name="twee", text=text, sha256=sha256(text)),
                                [], [], [])
    third = add_small_document(store, "I: Ja?\n\nR: Nee, nooit meer. Of toch wel.",
                               name="drie")
    wanted = [third, second, first, 999]
    found = store.turn_speakers(wanted)
    assert found == {d: ([t.start for t in store.turns(d)], [t.speaker for t in store.turns(d)])
                     for d in wanted if store.turns(d)}
    assert second not in found and found[first] == ([3, 19], ["I", "R"])
    assert store.turn_speakers([]) == {}
    whole = store.whole_documents()
    assert store.document_hashes() == {d.id: (d.name, d.sha256) for d in whole}
    assert store.document_bytes() == [(d.id, d.name, d.sha256, d.text.encode()) for d in whole]
    with store.transaction():
        names = [r[0] for r in store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'documents'")]
        for name in names:
            store.db.execute(f'DROP TRIGGER "{name}"')
        store.db.execute("UPDATE documents SET text = CAST(text AS BLOB) WHERE id = ?", [second])
    assert [row[3] for row in store.document_bytes()] == [
        d.text.encode() if d.id != second else None for d in whole]
