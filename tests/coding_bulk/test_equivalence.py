"""The fast ways of `code add --from` against the plain ones, on seeded random files: the
file read in blocks against line by line, a row taken on what earlier rows passed with
against every row checked in full, rows stored as rows against codings. Same rows stored
(ids, counts, memos, tombstones, coders), same report, same lines told in the same order,
same error for a file that cannot be read -- with refused rows, repeated rows, rows the
project holds already, unknown documents and codes, spans out of range, quotes, memos,
white space and characters of several code points at a span's ends."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from casebook.coding import bulk, rowfile
from casebook.coding.service import span
from casebook.errors import CasebookError
from casebook.model import Coding, Document, Turn
from casebook.offsets import plain_ends, sha256
from casebook.project import Project
from tests.coding_bulk.conftest import CODEBOOK, GESPREK, LEERTAFEL

# combining marks, a joiner sequence, skin tones, no-break and other spaces, a tab
SAMEN = ("Cafe\u0301 e\u0301e\u0301n 👩\u200d💻 werkt\u00a0hier. 👍🏽 Nou\tja,\u2003ok\n"
         "Re\u0308gie 🇳🇱 – maatwerk, échte moed.")
TEXTS = {"gesprek": GESPREK, "leertafel": LEERTAFEL, "samen": SAMEN}
PLAIN_TEXT = "ab c\u0301 d\u200de\u00a0f 👍🏽g\th é\n\u2003x\u0308🇳🇱"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A project with three documents, codings of "anna" and one of "tester", and the
    tombstone of a coding of "tester" that was removed."""
    root = tmp_path_factory.mktemp("equivalence") / "template"
    project = Project.init(root, name="Test")
    store = project.store
    store.set_codebook(CODEBOOK)
    ids = [store.add_document(Document(name=name, text=text, sha256=sha256(text)),
                              [Turn(0, len(text), "R")], [], []) for name, text in TEXTS.items()]
    anna, tester = store.coder("anna"), store.coder("tester")
    store.add_codings([Coding(ids[0], 19, 33, "willen", anna.id),
                       Coding(ids[1], 0, 11, "kunnen", anna.id, memo="oud"),
                       Coding(ids[0], 34, 55, "kunnen", tester.id)])
    gone = store.add_codings([Coding(ids[1], 27, 33, "willen", tester.id)])[0]
    store.remove_coding(gone)
    project.close()
    return root


def _words(text: str) -> list[tuple[int, int]]:
    """The spans of the runs of non-space characters of ``text``."""
    spans, start = [], None
    for i, char in enumerate(text + " "):
        if char.isspace() and start is not None:
            spans.append((start, i))
            start = None
        elif not char.isspace() and start is None:
            start = i
    return spans


def _row(rng: random.Random, earlier: list[dict[str, str]]) -> dict[str, str]:
    """One row of a file: mostly good, many kinds of bad."""
    if earlier and rng.random() < 0.12:
        return dict(rng.choice(earlier))  # repeated
    name = rng.choice(list(TEXTS))
    text = TEXTS[name]
    words = _words(text)
    first, last = sorted(rng.sample(range(len(words)), 2))
    start, end = words[first][0], words[last][1]
    kind = rng.random()
    if kind < 0.1:
        start, end = rng.randrange(-2, len(text) + 3), rng.randrange(-2, len(text) + 3)
    elif kind < 0.2:
        start, end = start + rng.choice((-1, 0, 1)), end + rng.choice((-1, 0, 1))
    elif kind < 0.25:
        start, end = (19, 33) if name == "gesprek" else (0, 11)  # held by anna already
    row = {"document": rng.choice([name] * 6 + [str(list(TEXTS).index(name) + 1), name[:4],
                                                "nergens", "", " gesprek"]),
           "start": str(start), "end": str(end),
           "code": rng.choice(["willen"] * 4 + ["kunnen", "Houding", "2", "W", "groep",
                                                "wilen", ""]),
           "coder": rng.choice(["", "", "", "anna", "Anna", "tester", "nieuw", " ", "bram"]),
           "memo": rng.choice([""] * 8 + ["een memo", "twee\nregels", "  "])}
    odd = rng.random()
    if odd < 0.05:
        row["start"] = rng.choice(["1e3", "", " 7", "x", "٣", "1_0", "+5", "-0", "9" * 30])
    elif odd < 0.1:
        row["quote"] = text[start:end] if 0 <= start < end <= len(text) else "niets"
        row["occurrence"] = rng.choice(["", "1", "2", "0", "x"])
        if rng.random() < 0.7:
            row["start"] = row["end"] = ""
    elif odd < 0.12:
        field = rng.choice(["document", "code", "memo", "coder", "end"])
        row[field] += "\x00"
    elif odd < 0.14:
        row["occurrence"] = rng.choice(["3", "\x00"])
    return row


def _file(seed: int, kind: str, rows: int) -> bytes:
    rng = random.Random(seed)
    made: list[dict[str, str]] = []
    for _ in range(rows):
        made.append(_row(rng, made))
    columns = ["document", "start", "end", "code", "coder", "memo", "quote", "occurrence"]
    if kind == "jsonl":
        lines = [json.dumps({k: v for k, v in row.items() if v or rng.random() < 0.5})
                 for row in made]
        for _ in range(rows // 20):
            lines.insert(rng.randrange(len(lines)), rng.choice(["", "{", "[1]", '{"x": 1}',
                                                                '{"start": 1.5}']))
        return ("\n".join(lines) + rng.choice(["", "\n"])).encode()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=rng.choice(["\n", "\r\n"]))
    writer.writerow(columns + ["extra"])
    for row in made:
        writer.writerow([row.get(c, "") for c in columns] + [""])
        if rng.random() < 0.03:
            out.write(rng.choice(["\n", ",,,\n", "a,b,c,d,e,f,g,h,i,j\n"]))
    return out.getvalue().encode()


def _load(template: Path, folder: Path, content: bytes, *, reference: bool,
          keep_ids: bool, stream: bool, monkeypatch) -> tuple[object, list[str], dict]:
    """Code ``content`` on a copy of the template; (the report or the error, the lines
    told, what the database holds). ``reference``: read line by line, check every row."""
    root = folder / f"run-{reference}-{keep_ids}-{stream}"
    shutil.copytree(template, root)
    source = folder / "codings.csv"  # one name: the lines told name it
    source.write_bytes(content)
    told: list[str] = []
    with monkeypatch.context() as patched:
        patched.setattr("casebook.store.codings.now", lambda: "2026-01-01T00:00:00+00:00")
        if reference:
            patched.setattr(rowfile._Lines, "_generate", _line_by_line)
            patched.setattr(bulk, "REMEMBERED", 0)
        project = Project.find(root)
        try:
            outcome: object = bulk.code_from(
                project.store, str(source), coder="tester", keep_ids=keep_ids,
                on_message=told.append, stream=io.BytesIO(content) if stream else None)
        except CasebookError as err:
            outcome = (str(err), err.path, err.line)
        finally:
            project.close()
    return outcome, told, _held(root / "casebook.db")


def _line_by_line(self):  # the reading before blocks: each line by readline
    while raw := self.source.readline(rowfile.LINE_LIMIT + 1):
        yield self._line(raw)


def _held(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        return {table: con.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2, 3").fetchall()
                for table, columns in [
                    ("codings", 'id, document_id, start, "end", code_id, coder_id, created,'
                                " changed"),
                    ("coding_counts", "*"), ("coders", "id, name, 1"),
                    ("memos", "target_kind, target_id, text, coder_id, created"),
                    ("removed_codings", "*"), ("sqlite_sequence", "*, 1"),
                    ("document_coverage", "*, 1")]}
    finally:
        con.close()


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_fast_and_plain_ways_store_and_tell_the_same(template, tmp_path, monkeypatch, seed,
                                                     kind):
    rng = random.Random(seed)
    content = _file(seed, kind, rng.choice([5, 60, 400]))
    if seed % 4 == 3:  # a byte that is not UTF-8, or a line too long, somewhere
        lines = content.split(b"\n")
        at = rng.randrange(len(lines))
        lines[at] += [b"\xe9", b"x" * 300, b"\xff\xfe"][seed // 4 % 3]  # 7: streamed
        content = b"\n".join(lines)
        monkeypatch.setattr(rowfile, "LINE_LIMIT", 256)
    stream = seed % 3 == 1
    want = _load(template, tmp_path, content, reference=True, keep_ids=True, stream=stream,
                 monkeypatch=monkeypatch)
    for keep_ids in (True, False):
        got = _load(template, tmp_path, content, reference=False, keep_ids=keep_ids,
                    stream=stream, monkeypatch=monkeypatch)
        assert got[1:] == want[1:]
        if isinstance(want[0], bulk.BulkReport):
            assert isinstance(got[0], bulk.BulkReport)
            mine, theirs = got[0].as_dict(), want[0].as_dict()
            if not keep_ids:
                del mine["codings"], theirs["codings"]
            assert mine == theirs
        else:
            assert got[0] == want[0]


def test_the_files_hold_every_kind_of_row(template, tmp_path, monkeypatch):
    """The seeded files are not all good rows: they refuse, repeat and find present."""
    report, told, _ = _load(template, tmp_path, _file(1, "csv", 400), reference=False,
                            keep_ids=False, stream=False, monkeypatch=monkeypatch)
    assert isinstance(report, bulk.BulkReport)
    assert report.refused > 40 and report.present > 20 and report.added > 100
    assert {r.field for r in report.refusals} >= {"document", "code", "start/end", "quote"}


def test_most_rows_of_a_plain_file_take_the_fast_way(template, tmp_path, monkeypatch):
    checked: list[tuple[str, ...]] = []
    full = bulk._Checker.coding
    monkeypatch.setattr(bulk._Checker, "coding",
                        lambda self, fields: checked.append(fields) or full(self, fields))
    rows = "".join(f"{name},{s},{e},{code}\n" for name in TEXTS for code in ("willen", "2")
                   for s, e in _words(TEXTS[name]))
    report, _, _ = _load(template, tmp_path, ("document,start,end,code\n" + rows).encode(),
                         reference=False, keep_ids=False, stream=False, monkeypatch=monkeypatch)
    assert isinstance(report, bulk.BulkReport) and report.rows > 70 and report.refused == 0
    assert len(checked) < 12  # the first row of each document and code, a few odd ends


@pytest.mark.parametrize("seed", range(40))
def test_a_span_with_plain_ends_is_kept_as_it_is(seed):
    rng = random.Random(seed)
    text = "".join(rng.choice(PLAIN_TEXT) for _ in range(rng.randrange(1, 40)))
    plain = plain_ends(text)
    assert len(plain) == len(text) + 1
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            if plain[start] & 1 and plain[end] & 2:
                assert span(text, start, end) == (start, end), (text, start, end)
            else:  # not plain: not ASCII, or white space, at an end
                ends = text[start] + text[end - 1] + text[end:end + 1]
                assert not ends.isascii() or ends[0].isspace() or ends[1].isspace()
