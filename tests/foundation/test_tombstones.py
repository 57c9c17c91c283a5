"""Tombstones of removed codings (what `merge` and `collect` tell a removal by): a coding
stored again is no longer removed, whichever way it is stored. Since migration 0063 the
store's two inserts take the tombstone, not a trigger on every row; nothing else in
Casebook inserts codings."""

import re
import sqlite3
from pathlib import Path

from casebook.model import Coding
from casebook.store import Store
from tests.conftest import add_small_document
from tests.foundation.test_migrations import ANNA, old_database

CASEBOOK = Path(__file__).resolve().parents[2] / "casebook"


def spans(store: Store) -> list[tuple[str, int, int]]:
    return sorted((t.code_id, t.start, t.end) for t in store.removed_codings())


def test_a_coding_stored_again_whichever_way_is_no_longer_removed(store):
    doc_id = add_small_document(store)
    anna, bram = store.coder("anna").id, store.coder("bram").id
    made = [Coding(doc_id, 3, 14, "kunnen", anna), Coding(doc_id, 19, 34, "willen", anna),
            Coding(doc_id, 19, 34, "willen", bram), Coding(doc_id, 40, 45, "kunnen", anna)]
    store.add_codings(made)
    gone = [store.remove_coding(c.id) for c in made]
    assert len(spans(store)) == 4
    assert [t.coder_id for t in store.removed_codings([bram])] == [bram]
    assert store.removed_codings([]) == [] and not store.has_codings([anna, bram])
    store.add_coding(Coding(doc_id, 3, 14, "kunnen", anna))  # one by one
    assert spans(store) == [("kunnen", 40, 45), ("willen", 19, 34), ("willen", 19, 34)]
    store.add_codings([Coding(doc_id, 19, 34, "willen", bram),  # many at once: only these
                       Coding(doc_id, 3, 14, "kunnen", anna),  # (present: nothing to do)
                       Coding(doc_id, 3, 14, "willen", bram)], savepoint=False)
    assert [(t.coder_id, t.start) for t in store.removed_codings()] == [(anna, 19), (anna, 40)]
    store.restore_coding(gone[3], [])  # undo: the very coding, id and all
    assert spans(store) == [("willen", 19, 34)] and store.has_codings([bram])
    store.add_codings([])
    assert len(store.removed_codings()) == 1


def test_an_older_database_loses_the_trigger_and_keeps_its_tombstones(tmp_path):
    path = old_database(tmp_path / "casebook.db")
    Store(path).close()
    conn = sqlite3.connect(path)  # as a database migrated up to 0062 had it
    conn.execute("""CREATE TRIGGER codings_back AFTER INSERT ON codings BEGIN DELETE FROM
                    removed_codings WHERE code_id = new.code_id; END""")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0063_codings_back_by_the_store'")
    conn.execute("PRAGMA user_version = 14")
    conn.commit()
    conn.close()
    store = Store(path)
    try:
        triggers = {row[0] for row in store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert "codings_back" not in triggers and "codings_removed" in triggers
        removed, other = store.remove_coding(1), store.remove_coding(2)
        assert len(store.removed_codings()) == 2
        store.add_coding(Coding(removed.document_id, removed.start, removed.end,
                                removed.code_id, ANNA))
        assert [(t.code_id, t.start, t.end) for t in store.removed_codings()] == \
            [(other.code_id, other.start, other.end)]
    finally:
        store.close()


def test_only_the_store_inserts_codings():
    insert = re.compile(r"(INSERT|REPLACE)(\s+OR\s+\w+)?\s+INTO\s+\"?codings\b(?!_)", re.I)
    where = sorted(p.relative_to(CASEBOOK).as_posix() for p in CASEBOOK.rglob("*.py")
                   if insert.search(p.read_text(encoding="utf-8")))
    assert where == ["store/codings.py"]


def test_a_copy_s_codings_as_rows_come_in_the_order_of_its_codings(store):
    doc_id = add_small_document(store)
    anna, bram = store.coder("anna").id, store.coder("bram").id
    store.add_codings([Coding(doc_id, 19, 34, "willen", bram), Coding(doc_id, 3, 14, "kunnen",
                                                                        anna, created="x"),
                       Coding(doc_id, 19, 34, "willen", anna)])
    assert [(r[0], r[2], r[5], r[6]) for r in store.coding_tuples()] == \
        [(c.id, c.start, c.coder_id, c.created) for c in store.codings()]
    assert store.coding_tuples()[0][6] == "x"
