"""Files appear whole or not at all (casebook.files)."""

import pytest

from casebook.errors import CasebookError
from casebook.files import atomic_write, replacing


def test_atomic_write_replaces_the_file_and_leaves_nothing_else(tmp_path):
    target = tmp_path / "codebook.yaml"
    target.write_text("old")
    atomic_write(target, "nieuw: ë\r\n")
    assert target.read_bytes() == "nieuw: ë\r\n".encode()  # UTF-8, line ends as given
    atomic_write(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["codebook.yaml"]


def test_an_error_while_writing_keeps_the_old_file(tmp_path):
    target = tmp_path / "report.xlsx"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with replacing(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("killed halfway")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_a_folder_that_is_not_there_is_one_line_naming_the_file(tmp_path):
    target = tmp_path / "missing" / "out.qdc"
    with pytest.raises(CasebookError) as caught:
        atomic_write(target, "x")
    assert str(target) in str(caught.value) and "cannot write" in str(caught.value)
    assert "\n" not in str(caught.value)
