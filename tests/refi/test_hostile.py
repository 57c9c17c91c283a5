"""Hostile .qde content beyond zip-slip, bombs and XXE (those are in test_qdpx.py)."""

from __future__ import annotations

import zipfile

import pytest

from casebook.codebook.qdc import MAX_DEPTH
from casebook.errors import CasebookError
from casebook.refi.importer import import_qdpx


def nested_codes(depth: int) -> str:
    opening = "".join(f'<Code guid="aaaaaaaa-0000-4000-8000-{i:012d}" name="c{i}" '
                      f'isCodable="true">' for i in range(depth))
    return (f'<?xml version="1.0"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="x">'
            f'<CodeBook><Codes>{opening}{"</Code>" * depth}</Codes></CodeBook></Project>')


def test_absurdly_deep_nesting_is_refused(fresh, tmp_path):
    path = tmp_path / "deep.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", nested_codes(5000))
    with pytest.raises(CasebookError, match="nested more than") as err:
        import_qdpx(fresh, path)
    assert "deep.qdpx:project.qde" in str(err.value)
    assert fresh.store.codes() == []


def test_a_deep_but_sane_code_tree_is_read(fresh, tmp_path):
    path = tmp_path / "tree.qdpx"
    depth = MAX_DEPTH - 10
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", nested_codes(depth))
    import_qdpx(fresh, path)
    codes = {c.id: c for c in fresh.store.codes()}
    assert len(codes) == depth
    deepest = next(c for c in codes.values() if c.name == f"c{depth - 1}")
    chain = 1
    while deepest.parent:
        deepest, chain = codes[deepest.parent], chain + 1
    assert chain == depth


def test_a_bad_number_is_named_with_its_line(fresh, tmp_path):
    qde = ('<?xml version="1.0"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="x">\n'
           '<Sources>\n<TextSource guid="dddddddd-0000-4000-8000-000000000001" name="b">'
           '<PlainTextContent>hallo wereld</PlainTextContent>\n<PlainTextSelection '
           'guid="dddddddd-0000-4000-8000-000000000002" startPosition="x" endPosition="3"/>\n'
           '</TextSource></Sources></Project>')
    path = tmp_path / "badint.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde)
    with pytest.raises(CasebookError) as err:
        import_qdpx(fresh, path)
    assert str(err.value) == (f"{path}:project.qde:5: PlainTextSelection "
                              "dddddddd-0000-4000-8000-000000000002: startPosition='x' is "
                              "not a number")
    assert fresh.store.documents() == []
