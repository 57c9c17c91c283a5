"""Files appear whole or not at all (casebook.files)."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from casebook.errors import CasebookError
from casebook.files import atomic_write, remove_stale, replacing


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


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_a_part_of_a_killed_writer_not_yet_reaped_is_stale_and_one_of_a_live_writer_is_not(
        tmp_path):
    writer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        part = tmp_path / f"book.pdf.{writer.pid}.part"
        part.write_bytes(b"%PDF-")
        assert remove_stale(tmp_path) == [] and part.exists()  # it still writes
        writer.kill()
        for _ in range(100):  # killed, not yet reaped by us (its parent): a zombie
            if Path(f"/proc/{writer.pid}/stat").read_text().rsplit(")", 1)[1][1] == "Z":
                break
            time.sleep(0.05)
        assert remove_stale(tmp_path) == [part] and not part.exists()
    finally:
        writer.kill()
        writer.wait()


def test_writing_a_file_again_removes_what_a_killed_writer_of_it_left_outside_a_project(
        tmp_path):
    """An export killed while writing /tmp/o/X.pdf leaves X.pdf.<pid>.part where no project
    opening looks; the next write of X.pdf removes it (and no other file's part)."""
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    killed = tmp_path / f"X.pdf.{gone}.part"
    other = tmp_path / f"Y.pdf.{gone}.part"
    killed.write_bytes(b"%PDF-")
    other.write_bytes(b"%PDF-")
    atomic_write(tmp_path / "X.pdf", b"%PDF-1.7 whole")
    assert (tmp_path / "X.pdf").read_bytes() == b"%PDF-1.7 whole"
    assert not killed.exists() and other.exists()
