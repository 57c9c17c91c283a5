"""``CodingStore._check_codings`` checks all rows at once, column by column; a row it
refuses is named exactly as the loop over the rows (the definition, kept here) names it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.errors import CasebookError, NotFound
from tests.conftest import two_empty_documents


def _loop(store, rows) -> None:
    """The check as a loop over the rows (what _check_codings did before)."""
    lengths = dict(store.db.execute("SELECT id, length FROM documents").fetchall())
    codes = {row[0] for row in store.db.execute("SELECT id FROM codes")}
    for n, (document_id, start, end, code_id, *_rest) in enumerate(rows, 1):
        length = lengths.get(document_id)
        if length is None:
            raise NotFound(f"coding {n}: no document {document_id}", field="document")
        if not (0 <= start < end <= length):
            raise CasebookError(f"coding {n}: span {start}-{end} is outside"
                                f" the document (0-{length})", field="start/end")
        if code_id not in codes:
            raise NotFound(f"coding {n}: no code '{code_id}' in the codebook"
                           " (see `casebook codebook show`)", field="code")


def _outcome(check, rows):
    try:
        check(rows)
    except Exception as err:  # noqa: BLE001 - the outcome compared is any error at all
        return type(err), str(err), getattr(err, "field", None)
    return None


_ODD = [-1, 0, 1, 5, 99, 100, 101, 3.5, float("nan"), None, "7", 2, "willen", "nope"]


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_check_at_once_refuses_what_the_loop_refuses_and_names_the_same_row(store, data):
    (one, two), (anna, _bram) = two_empty_documents(store)
    good = st.tuples(st.sampled_from([one, two]), st.integers(0, 50), st.integers(1, 50),
                     st.sampled_from(["willen", "kunnen"])).map(
        lambda t: (t[0], t[1], t[1] + t[2], t[3], anna, None, None))
    odd = st.tuples(good, st.integers(0, 3), st.sampled_from(_ODD)).map(  # one field odd
        lambda t: (*t[0][:t[1]], t[2], *t[0][t[1] + 1:]))
    rows = data.draw(st.lists(st.one_of(good, good, odd), max_size=12))
    if data.draw(st.integers(0, 9)) == 0:  # now and then a row too short to unpack
        rows.insert(data.draw(st.integers(0, len(rows))), (one, 1, 2))
    assert _outcome(store._check_codings, rows) == _outcome(lambda r: _loop(store, r), rows)


def test_good_rows_pass_and_the_first_bad_one_is_named(store):
    (one, two), (anna, _bram) = two_empty_documents(store)
    rows = [(d, s, s + 10, c, anna, None, None) for d in (one, two) for s in range(0, 90, 7)
            for c in ("willen", "kunnen")]
    store._check_codings(rows)  # 100 characters each: all inside
    store._check_codings([])
    bad = [*rows[:5], (two, 95, 101, "kunnen", anna, None, None), (77, 1, 2, "x", anna,
                                                                   None, None)]
    with pytest.raises(CasebookError, match=r"coding 6: span 95-101 is outside the document"
                                            r" \(0-100\)$"):
        store._check_codings(bad)
    with pytest.raises(NotFound, match="coding 3: no code 'nope'"):
        store._check_codings([*rows[:2], (one, 1, 2, "nope", anna, None, None)])
