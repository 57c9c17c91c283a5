"""``Store.add_coding_rows``: many codings as rows, in one ``executemany`` (collect's
write), checked, given ids and counted exactly as ``add_codings`` does."""

from __future__ import annotations

import pytest

from casebook.errors import CasebookError, NotFound
from casebook.model import Coding
from tests.conftest import add_small_document, two_empty_documents
from tests.foundation.test_counts import counted, stored

MADE = "2025-03-01T09:00:00+00:00"


def test_rows_get_ids_in_their_order_however_they_are_inserted(store):
    (one, two), (anna, bram) = two_empty_documents(store)
    present = store.add_coding(Coding(two, 5, 9, "willen", anna))
    rows = [(two, 50, 60, "willen", anna, MADE, None),  # later in the document: first id
            (one, 1, 2, "kunnen", bram, MADE, None),
            (two, 5, 9, "willen", anna, MADE, None),  # present already
            (one, 1, 2, "kunnen", bram, "2020-01-01T00:00:00+00:00", None),  # twice
            (one, 0, 3, "willen", anna, None, "2025-03-02T10:00:00+00:00")]
    first, new = store.add_coding_rows(rows)
    assert first == present + 1 and new == 3
    found = {(c.document_id, c.start, c.end, c.code_id, c.coder_id): c
             for c in store.codings()}
    assert found[(two, 50, 60, "willen", anna)].id == first
    assert found[(one, 1, 2, "kunnen", bram)].id == first + 1
    assert found[(one, 1, 2, "kunnen", bram)].created == MADE  # the first of the two
    assert found[(one, 0, 3, "willen", anna)].id == first + 4
    assert found[(one, 0, 3, "willen", anna)].created > MADE  # none given: now
    assert found[(one, 0, 3, "willen", anna)].changed == "2025-03-02T10:00:00+00:00"
    assert found[(two, 5, 9, "willen", anna)].id == present and len(found) == 4
    assert stored(store) == counted(store)
    assert store.add_coding(Coding(one, 7, 9, "willen", anna)) == first + 5


def test_rows_as_codings_leave_what_add_codings_leaves(store, tmp_path):
    from casebook.store import Store

    (one, two), (anna, bram) = two_empty_documents(store)
    rows = [(d, s, s + 4, code, coder, MADE, None) for d in (two, one) for s in (40, 3, 20)
            for code in ("willen", "kunnen") for coder in (bram, anna)]
    other = Store(tmp_path / "other.db")
    try:
        (o_one, o_two), _coders = two_empty_documents(other)
        assert (o_one, o_two) == (one, two)
        other.add_codings([Coding(*row[:5], created=MADE) for row in rows])
        store.add_coding_rows(rows)
        for table in ("codings", "coding_counts", "sqlite_sequence"):
            assert sorted(store.db.execute(f"SELECT * FROM {table}").fetchall()) == \
                sorted(other.db.execute(f"SELECT * FROM {table}").fetchall())
    finally:
        other.close()


def test_one_bad_row_stores_none_and_is_named(store):
    doc = add_small_document(store)
    anna = store.coder("anna").id
    good = (doc, 3, 14, "kunnen", anna, None, None)
    with pytest.raises(NotFound, match="coding 2: no code 'nope'"):
        store.add_coding_rows([good, (doc, 3, 14, "nope", anna, None, None)])
    with pytest.raises(CasebookError, match="coding 3: span 3-10000 is outside"):
        store.add_coding_rows([good, good, (doc, 3, 10_000, "kunnen", anna, None, None)])
    with pytest.raises(NotFound, match="coding 1: no document 99"):
        store.add_coding_rows([(99, 3, 14, "kunnen", anna, None, None)])
    assert store.codings() == [] and stored(store) == counted(store) == {}
    assert store.add_coding_rows([]) == (1, 0) and store.codings() == []
