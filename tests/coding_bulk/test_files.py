"""Files of every shape a person or a hostile script may hand `code add --from`: byte-order
marks, Windows line ends, other separators, NUL bytes, other encodings, huge lines, broken
quoting, empty files, folders. A file that cannot be read is one error naming the file and
line, and nothing is written; a failure half-way writes nothing either."""

from __future__ import annotations

import io

import pytest

from casebook.coding import rowfile
from casebook.coding.bulk import code_from
from casebook.errors import CasebookError
from tests.coding_bulk.conftest import held, write

GOOD = "gesprek,19,33,willen\r\ngesprek,34,55,kunnen\r\n"


def refused_file(proj, path, line: int | None, *needles: str) -> str:
    """Load ``path``; assert it is refused as a whole, at ``line``, and nothing written."""
    with pytest.raises(CasebookError) as caught:
        code_from(proj.store, path, coder="tester")
    err = caught.value
    assert (err.path, err.line) == (str(path), line), str(err)
    for needle in needles:
        assert needle in str(err), str(err)
    assert held(proj.store) == [] and [c.name for c in proj.store.coders()] == []
    return str(err)


@pytest.mark.parametrize("name,content", [
    ("bom-crlf.csv", "\ufeffdocument,start,end,code\r\n" + GOOD),
    ("excel-nl.csv", "\ufeffdocument;start;end;code;;\r\n" + GOOD.replace(",", ";")),
    ("tabs.tsv", "document\tstart\tend\tcode\n" + GOOD.replace(",", "\t")),
    ("short.csv", "document,start,end,code,coder,memo\n" + GOOD),  # fields left off the end
    ("blank-rows.csv", "\n\ndocument,start,end,code\n\n" + GOOD.replace("\r\n", "\n,,,\n")),
    ("rows.jsonl", "\ufeff" + '{"document":"gesprek","start":19,"end":33,"code":"willen"}\r\n\n'
                   '{"document":"gesprek","start":34,"end":55,"code":"kunnen"}\r\n'),
    ("rows.txt", '{"document":"gesprek","start":19,"end":33,"code":"willen"}\n'
                 '{"document":"gesprek","start":34,"end":55,"code":"kunnen"}'),  # by its first line
])
def test_files_as_spreadsheets_and_scripts_write_them(proj, tmp_path, name, content):
    report = code_from(proj.store, write(tmp_path, name, content), coder="tester")
    assert (report.added, report.refused) == (2, 0), report
    assert [c[1:4] for c in held(proj.store)] == [(19, 33, "willen"), (34, 55, "kunnen")]


@pytest.mark.parametrize("content", [b"", b"\n\r\n  \n", b"\xef\xbb\xbf", b"document,start,end,code\n"])
def test_an_empty_file_codes_nothing(proj, tmp_path, content):
    report = code_from(proj.store, write(tmp_path, "empty.csv", content), coder="tester")
    assert (report.rows, report.added, report.refused, report.written) == (0, 0, 0, False)
    assert held(proj.store) == []


def test_nul_bytes_refuse_their_row_only(proj, tmp_path):
    source = write(tmp_path, "nul.csv", b"document,start,end,code\ngesprek,19,33,willen\n"
                                        b"gesp\x00rek,19,33,willen\n")
    report = code_from(proj.store, source, coder="tester")
    assert [(r.line, r.field) for r in report.refusals] == [(3, "document")]
    assert report.added == 1
    raw_json = write(tmp_path, "nul.jsonl", b'{"document":"ges\x00prek"}\n')
    assert "not valid JSON" in code_from(proj.store, raw_json, coder="t").refusals[0].reason


def test_a_byte_that_is_not_utf8_on_the_last_line_writes_nothing(proj, tmp_path):
    source = write(tmp_path, "latin.csv", ("document,start,end,code\n" + GOOD * 50).encode()
                   + b"gesprek,19,33,caf\xe9\n")
    refused_file(proj, source, 102, "not UTF-8 text (byte 0xe9 at column 18)", "CSV UTF-8")


@pytest.mark.parametrize("content,line,needle", [
    ("document,start,end,code\n".encode("utf-16"), 1, "UTF-16"),
    ("document,start,end,cödé\n".encode("cp1252"), 1, "not UTF-8"),
    (b"document,start,end,code\n" + b"x" * (rowfile.LINE_LIMIT + 10) + b"\n", 2,
     "a line longer than 1,048,576 bytes"),
    (b"document,start,end,code\r" + GOOD.replace("\r\n", "\r").encode(), 1, "not valid CSV"),
    (b'document,start,end,code\ngesprek,19,33,willen\n"gesprek,19,33,willen\n' + b"x\n" * 5,
     3, "not valid CSV (unexpected end of data)"),
    (b'document,start,end,code\n"gesprek"x,19,33,willen\n', 2, "not valid CSV"),
    (b'document,start,end,code,memo\n' + GOOD.encode() + b'gesprek,1,2,W,"' + b"memo\n" * 40_000
     + b'"\n', 4, "not valid CSV (field larger than field limit"),
    (b"1,19,33,willen\n", 1,
     "missing column(s) document, code, start, end: the header row names 1, 19, 33, willen"),
    (b"document,quote,start\n", 1, "missing column(s) code: the header row names document,"),
    (b"document,start,end,code,Code\n", 1, "column 'code' appears twice"),
])
def test_a_file_that_cannot_be_read_is_one_error(proj, tmp_path, content, line, needle):
    refused_file(proj, write(tmp_path, "bad.csv", content), line, needle)


def test_json_that_is_not_json_lines(proj, tmp_path):
    refused_file(proj, write(tmp_path, "all.json", '[{"document": "gesprek"}]\n'), 1,
                 "a JSON array; give one JSON object per line")
    refused_file(proj, write(tmp_path, "rows.jsonl", "\ndocument,start\n"), 2,
                 "not JSON Lines")


def test_missing_files_and_folders(proj, tmp_path):
    assert refused_file(proj, tmp_path / "nope.csv", None) == f"{tmp_path}/nope.csv: no such file"
    assert "is a folder" in refused_file(proj, tmp_path, None)


def test_a_stream_is_read_like_a_file(proj):
    stream = io.BytesIO(("document,start,end,code\n" + GOOD).encode())
    report = code_from(proj.store, "<stdin>", coder="tester", stream=stream)
    assert report.added == 2 and not stream.closed


def test_a_failure_while_storing_writes_nothing(proj, tmp_path, monkeypatch):
    source = write(tmp_path, "memos.csv", "document,start,end,code,coder,memo\n"
                   + "".join(f"gesprek,19,{n},willen,nieuw,memo {n}\n" for n in (25, 29, 33)))
    written = []

    def failing(coding_id, coder_id, memo, created):
        written.append(memo)
        if len(written) == 2:
            raise OSError("disk full")
        real(coding_id, coder_id, memo, created)

    real = proj.store._write_memo
    monkeypatch.setattr(proj.store, "_write_memo", failing)
    with pytest.raises(OSError):
        code_from(proj.store, source, coder="tester")
    assert written == ["memo 25", "memo 29"]  # it failed half-way through
    assert held(proj.store) == [] and proj.store.memos() == []
    assert [c.name for c in proj.store.coders()] == []


def test_an_interrupt_while_reading_writes_nothing(proj, tmp_path):
    source = write(tmp_path, "big.csv", "document,start,end,code\n"
                   + "".join(f"gesprek,19,{n},willen\n" for n in range(20, 34)) * 400)

    def interrupt(done, rows):
        if rows > 1000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        code_from(proj.store, source, coder="tester", on_progress=interrupt)
    assert held(proj.store) == [] and proj.store.coders() == []


def test_progress_is_told_about_a_hundred_times_up_to_the_whole_file(proj, tmp_path):
    source = write(tmp_path, "big.csv", "document,start,end,code\n"
                   + "".join(f"gesprek,19,{n},willen\n" for n in range(20, 34)) * 300)
    heard: list[tuple[float | None, int]] = []
    code_from(proj.store, source, coder="tester", on_progress=lambda *a: heard.append(a))
    fractions = [done for done, _ in heard]
    assert 95 <= len(heard) <= 102 and fractions == sorted(fractions)
    assert heard[-1] == (1.0, 4200) and 0 < heard[0][0] < 0.02


@pytest.mark.parametrize("keep_ids", [False, True], ids=["rows", "codings"])
def test_what_another_process_adds_meanwhile_is_not_counted_as_this_file_s(proj, tmp_path,
                                                                          monkeypatch, keep_ids):
    """Another process commits codings while this one waits for the write lock: the report
    counts this file's codings as added and none as present (it said "80000 codings added,
    -40000 already present" when two files were loaded at once)."""
    from casebook.model import Coding
    from casebook.project import Project

    other = Project.find(proj.root)
    waiting = proj.store._begin

    def the_other_writes_first() -> None:
        with other.store.transaction():
            other.store.add_codings([Coding(2, 0, 9, "kunnen", other.store.coder("bram").id)])
        waiting()

    monkeypatch.setattr(proj.store, "_begin", the_other_writes_first)
    source = write(tmp_path, "c.csv", "document,start,end,code\n" + GOOD + "gesprek,0,2,willen\n")
    report = code_from(proj.store, source, coder="tester", keep_ids=keep_ids)
    other.close()
    assert (report.added, report.present, report.refused) == (3, 0, 0)
    assert len(held(proj.store)) == 4


def test_a_pipe_s_rows_are_checked_as_they_come(proj):
    """A slow writer into standard input: a refused row is told when its line has come, not
    when 64 KiB have (or the pipe closed)."""
    lines = [b"document,start,end,code\n", b"gesprek,19,33,nope\n", b"gesprek,19,33,willen\n",
             b"gesprek,34,55,kunnen\n"]
    events: list[str] = []

    class Pipe(io.RawIOBase):
        """A line per read, as a writer that writes a line now and then."""

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            line = lines.pop(0) if lines else b""
            events.append(f"read {line[:12]!r}")
            buffer[:len(line)] = line
            return len(line)

    report = code_from(proj.store, "<stdin>", stream=io.BufferedReader(Pipe()), coder="tester",
                       on_message=lambda line: events.append("told"))
    assert (report.added, report.refused) == (2, 1)
    told = events.index("told")
    assert told < events.index("read b'gesprek,34,5'"), events
