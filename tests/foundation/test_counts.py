"""The stored counts of migration 0064: coding_counts (codings per document, code and coder)
and document_coverage (each document's coded characters as last computed) stay what counting
the codings gives, through every way codings come and go."""

import sqlite3
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.coders.merge import merge
from casebook.model import Coding
from casebook.store import Store
from tests.conftest import add_small_document, two_empty_documents
from tests.foundation.test_migrations import old_database


def counted(store) -> dict[tuple[int, str, str], int]:
    """What the codings table itself says: COUNT(*) per document, code and coder."""
    return {(d, c, k): n for d, c, k, n in store.db.execute(
        "SELECT document_id, code_id, coder_id, count(*) FROM codings"
        " GROUP BY document_id, code_id, coder_id")}


def stored(store) -> dict[tuple[int, str, str], int]:
    return {(d, c, k): n for d, c, k, n in store.db.execute(
        "SELECT document_id, code_id, coder_id, n FROM coding_counts")}


def covered(store, document_id: int) -> int:
    """The document's coded characters, position by position."""
    return len({p for s, e in store.db.execute(
        'SELECT start, "end" FROM codings WHERE document_id = ?', [document_id])
        for p in range(s, e)})


def assert_true(store) -> None:
    """Every stored figure is the one counting gives, and so is what the store reports."""
    assert stored(store) == counted(store)
    for document_id, chars in store.db.execute(
            "SELECT document_id, coded_chars FROM document_coverage").fetchall():
        assert chars == covered(store, document_id), document_id
    per_code: dict[str, int] = {}
    for (_, code, _), n in counted(store).items():
        per_code[code] = per_code.get(code, 0) + n
    assert store.coding_counts() == per_code
    for summary in store.documents():
        assert summary.codings == sum(n for (d, _, _), n in counted(store).items()
                                      if d == summary.id)
        assert summary.coded_chars == covered(store, summary.id)
    assert dict(store.db.execute("SELECT document_id, coded_chars FROM document_coverage")) \
        == {d: covered(store, d) for d in {d for d, _, _ in counted(store)}}


def test_counts_follow_adds_removals_undo_recode_and_removed_documents(tmp_path):
    store = Store(tmp_path / "casebook.db")
    one = add_small_document(store, name="one")
    two = add_small_document(store, "I: Nee.\n\nR: Ik wil wel werken, echt waar. Nu.", name="two")
    anna, bram = store.coder("anna").id, store.coder("bram").id
    assert stored(store) == {} and store.documents()[0].codings == 0
    first = store.add_coding(Coding(one, 19, 30, "willen", anna))
    store.add_coding(Coding(one, 19, 30, "willen", anna))  # present already: nothing
    store.add_codings([Coding(one, 25, 40, "kunnen", bram), Coding(two, 3, 9, "willen", anna),
                       Coding(two, 5, 12, "willen", anna), Coding(one, 19, 30, "willen", anna)])
    assert_true(store)
    gone = store.remove_coding(first)
    assert_true(store)
    store.restore_coding(replace(gone, memo=None), [])  # undo
    assert stored(store)[(one, "willen", anna)] == 1
    assert_true(store)
    moved, dropped = store.recode("willen", "kunnen")
    assert moved and (one, "willen", anna) not in stored(store)
    assert_true(store)
    with store.transaction():  # a change of a coding's span and coder
        store.db.execute('UPDATE codings SET start = 0, "end" = 50, coder_id = ?'
                         " WHERE id = ?", [bram, first])
    assert_true(store)
    with store.transaction():  # a document removed: its codings go with it
        store.db.execute("DELETE FROM documents WHERE id = ?", [two])
    assert {d for d, _, _ in stored(store)} == {one}
    assert_true(store)
    store.close()


def test_counts_roll_back_with_their_transaction(store):
    doc = add_small_document(store)
    anna = store.coder("anna").id
    store.add_coding(Coding(doc, 19, 30, "willen", anna))
    store.coded_chars()
    before = stored(store), store.coded_chars()
    try:
        with store.transaction():
            store.add_coding(Coding(doc, 31, 40, "kunnen", anna))
            store.db.execute("DELETE FROM codings WHERE code_id = 'willen'")
            assert store.coded_chars() == {doc: 9}  # stored inside, rolled back with it
            raise RuntimeError("undone")
    except RuntimeError:
        pass
    assert (stored(store), store.coded_chars()) == before
    assert_true(store)


def test_counts_follow_a_merge_of_another_coders_file(tmp_path, store):
    doc = add_small_document(store)
    store.add_coding(Coding(doc, 19, 30, "willen", store.coder("anna").id))
    other = Store(tmp_path / "bram.db")
    add_small_document(other)
    bram = other.coder("bram").id
    other.add_codings([Coding(1, 19, 30, "willen", bram), Coding(1, 35, 50, "kunnen", bram)])
    other.close()
    store.coded_chars()  # stored before the merge: the merge must make it stale
    assert merge(store, [tmp_path / "bram.db"]).codings_added == 2
    assert sum(stored(store).values()) == 3
    assert_true(store)


def test_a_migrated_database_counts_the_codings_it_had(tmp_path):
    store = Store(old_database(tmp_path / "casebook.db"))
    assert stored(store) == counted(store) and sum(counted(store).values()) == 3
    assert_true(store)
    store.close()


def test_coverage_is_stored_when_read_and_not_by_a_read_only_store(tmp_path):
    path = tmp_path / "casebook.db"
    store = Store(path)
    doc = add_small_document(store)
    store.add_coding(Coding(doc, 19, 30, "willen", store.coder("anna").id))
    store.close()
    reader = Store(path, read_only=True)
    assert reader.coded_chars() == {doc: 11}
    reader.close()
    store = Store(path)
    assert store.db.execute("SELECT count(*) FROM document_coverage").fetchone()[0] == 0
    assert store.coded_chars() == {doc: 11}
    assert list(store.db.execute("SELECT * FROM document_coverage")) == [(doc, 11)]
    store.close()


def test_coverage_is_not_waited_for_while_another_process_writes(tmp_path):
    path = tmp_path / "casebook.db"
    store = Store(path, busy_wait=30)
    doc = add_small_document(store)
    store.add_coding(Coding(doc, 19, 30, "willen", store.coder("anna").id))
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # holds the write lock
    try:
        assert store.coded_chars() == {doc: 11}  # computed, not stored, without waiting
        assert not store.in_transaction
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert store.db.execute("SELECT count(*) FROM document_coverage").fetchone()[0] == 0
    assert store.coded_chars() == {doc: 11}
    assert store.db.execute("SELECT count(*) FROM document_coverage").fetchone()[0] == 1
    store.close()


_OPS = st.lists(st.tuples(st.sampled_from(["add", "remove", "undo", "many", "recode"]),
                          st.integers(0, 1), st.integers(0, 60), st.integers(1, 30),
                          st.sampled_from(["willen", "kunnen", "willen.houding"]),
                          st.integers(0, 1)), max_size=25)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_OPS)
def test_counts_stay_true_under_any_sequence_of_changes(store, ops):
    """Adds, removals, undo of the last removal, bulk adds and recodes in any order, the
    coverage read (and so stored) between them: the stored figures are always the counted
    ones."""
    docs, coders = two_empty_documents(store)
    removed = []
    for op, doc, start, length, code, coder in ops:
        coding = Coding(docs[doc], start, start + length, code, coders[coder])
        if op == "add":
            store.add_coding(coding)
        elif op == "many":
            store.add_codings([coding, replace(coding, end=coding.end + 3)])
        elif op == "remove":
            ids = [c.id for c in store.codings()]
            if ids:
                removed.append(store.remove_coding(ids[start % len(ids)]))
        elif op == "undo" and removed:
            store.restore_coding(replace(removed.pop(), memo=None), [])
        elif op == "recode":
            store.recode(code, "kunnen" if code != "kunnen" else "willen")
        if start % 3 == 0:
            store.coded_chars()
    assert_true(store)


def test_the_listing_puts_codings_at_one_span_in_order_of_their_coders_names(store):
    """`casebook codings` reads the codings in index order and sorts the few at one span and
    code by their coders' names itself: the order is that of Store.codings (SQL's ORDER BY
    ..., name), also where the coders' ids are in the other order."""
    from casebook.coding.query import listing
    from casebook.store.codes import coder_id_for

    names = [f"coder{n}" for n in range(40)]
    first = next(a for a in names if any(a < b and coder_id_for(a) > coder_id_for(b)
                                         for b in names))
    second = next(b for b in names if first < b and coder_id_for(first) > coder_id_for(b))
    doc = add_small_document(store)
    late, early = store.coder(second).id, store.coder(first).id
    store.add_codings([Coding(doc, 19, 30, "willen", late), Coding(doc, 19, 30, "willen", early),
                       Coding(doc, 3, 9, "kunnen", late), Coding(doc, 19, 30, "kunnen", early),
                       Coding(doc, 19, 25, "willen", late)])
    listed = listing(store, None, text=False)
    assert [(row[0], row[6]) for row in listed] == [(c.id, c.coder_name)
                                                    for c in store.codings()]
    assert [row[6] for row in listed if row[3:6] == (19, 30, "willen")] == [first, second]


def test_coding_again_what_is_stored_writes_nothing(tmp_path):
    """`code add` of a coding that is there (a file loaded twice) returns its id and writes
    not a page: an INSERT that does nothing would still write sqlite_sequence's."""
    path = tmp_path / "casebook.db"
    store = Store(path)
    doc = add_small_document(store)
    anna = store.coder("anna").id
    first = store.add_coding(Coding(doc, 19, 30, "willen", anna))
    wal = (tmp_path / "casebook.db-wal").stat().st_size
    again = Coding(doc, 19, 30, "willen", anna)
    assert store.add_coding(again) == first == again.id
    assert (tmp_path / "casebook.db-wal").stat().st_size == wal
    store.close()


def test_coverage_is_not_stored_from_another_thread(tmp_path):
    """A worker reading with the store the workbench writes with (an in-memory project)
    must not begin a transaction on it: there the figures are computed, not stored."""
    import threading

    store = Store(tmp_path / "casebook.db")
    doc = add_small_document(store)
    store.add_coding(Coding(doc, 19, 30, "willen", store.coder("anna").id))
    seen = []
    worker = threading.Thread(target=lambda: seen.append(store.coded_chars()))
    worker.start()
    worker.join()
    assert seen == [{doc: 11}]
    assert store.db.execute("SELECT count(*) FROM document_coverage").fetchone()[0] == 0
    assert store.coded_chars() == {doc: 11}  # the opener's thread stores it
    assert store.db.execute("SELECT count(*) FROM document_coverage").fetchone()[0] == 1
    store.close()
