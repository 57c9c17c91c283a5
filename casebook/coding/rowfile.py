"""The rows of a file of codings (`casebook code add --from`): a CSV file with a header
row, or a JSON Lines file, read as a stream, each row as the text of its fields.

A CSV names its columns in its header row, in any order and case, with ``,``, ``;`` or a
tab between fields (whichever the header row holds); a row may leave fields off at its end,
not add any; other columns are ignored and said so. A JSON Lines file holds one object per
line, its values text or whole numbers (other keys are ignored and said so). Which of the
two a file is: by its name's suffix, else by its first line. Blank rows are skipped.

A row that cannot be read is one :class:`CasebookError` in its place; a file that cannot
be read -- missing, a folder, not UTF-8, a line over ``LINE_LIMIT``, CSV that breaks off,
a header without the columns needed -- raises one, naming the file and line.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterator
from itertools import chain
from operator import itemgetter

from casebook.errors import CasebookError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, NoReturn

COLUMNS = ("document", "start", "end", "quote", "occurrence", "code", "coder", "memo")
LINE_LIMIT = 1 << 20  # bytes in one line; a longer one is not a file of codings
Record = tuple[int, tuple[str, ...] | CasebookError]  # (line, the row's COLUMNS or why not)
Note = Callable[[int, str], None]  # (line, something said about the file)
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(32), *range(127, 160))}
# and the bytes of a file name that are not UTF-8 (as Python reads such a name: surrogates)
_CONTROLS.update({c: f"\\x{c - 0xDC00:02x}" for c in range(0xDC80, 0xDD00)})


def read(name: str, stream: IO[bytes] | None, note: Note,
         progress: Callable[[float | None], None]) -> Iterator[Record]:
    """Each non-blank row of the file ``name`` (or of ``stream``, called ``name``) as
    (line where it begins, its COLUMNS, "" where not given) or (line, why it cannot be
    read). ``progress`` hears the fraction read (None: the size is unknown) at each 1%."""
    source, size = (stream, None) if stream is not None else _open(name)
    try:
        lines = _Lines(source, name, size, progress)
        yield from _records(lines, note)
        progress(1.0 if size else None)
    finally:
        if stream is None:
            source.close()


def _open(name: str) -> tuple[IO[bytes], int]:
    """The file opened for reading, and its size; one clear error if it cannot be."""
    if os.path.isdir(name or "."):  # as pathlib.Path(name): "" is the current folder
        raise CasebookError("is a folder, not a CSV or JSON Lines file", path=name)
    try:
        source = open(name, "rb")  # noqa: SIM115 -- read() closes it
    except FileNotFoundError:
        raise CasebookError("no such file", path=name) from None
    except OSError as err:
        raise CasebookError(f"cannot be read ({err.strerror or err})", path=name) from None
    return source, os.fstat(source.fileno()).st_size


class _Lines:
    """The lines of a file, decoded as UTF-8, one at a time: counted (``number`` is the
    last one's), each at most ``LINE_LIMIT`` bytes, progress told at each 1% read.

    After the first line the file is read in blocks of about 1% of it (whole lines of a
    block decoded and split at once: a third of the time `readline` and a decode per line
    took); a block with a byte that is not UTF-8 is read again line by line, so the error
    names the line and column as ever."""

    def __init__(self, source: IO[bytes], name: str, size: int | None,
                 progress: Callable[[float | None], None]) -> None:
        self.source, self.name, self.size, self.progress = source, name, size, progress
        self.number = 0
        self._read = 0
        self._step = size / 100 if size else 8_192  # bytes, or lines when the size is unknown
        self._next = self._step
        # at most LINE_LIMIT: a line too long is one that began in a block before (_whole)
        self._block = min(max(int(self._step), 1_024) if size else 1 << 16, LINE_LIMIT)
        self._lines = self._generate()

    def __iter__(self) -> Iterator[str]:
        return self._lines

    def __next__(self) -> str:
        return next(self._lines)

    def _generate(self) -> Iterator[str]:
        """Each line, its line end kept: the first by :meth:`_line`, then block by block."""
        raw = self.source.readline(LINE_LIMIT + 1)
        if not raw:
            return
        yield self._line(raw)
        carry = b""  # the start of a line that the last block cut off
        # a stream of unknown size (a pipe): what is there, so a slow writer's rows are
        # checked (and refusals told) as they come, not once 64 KiB have come
        read = self.source.read if self.size else getattr(self.source, "read1",
                                                          self.source.read)
        while block := read(self._block):
            carry += block
            cut = carry.rfind(b"\n") + 1
            if cut:
                yield from self._whole(carry[:cut])
                carry = carry[cut:]
            elif len(carry) > LINE_LIMIT:
                self._too_long(self.number + 1)
        if carry:
            yield from self._whole(carry)

    def _whole(self, lines: bytes) -> Iterator[str]:
        """The whole lines ``lines`` (the last one's end kept, if it has one); the first
        may be one a block before began, the others lie in the block read."""
        if len(lines) > LINE_LIMIT and (lines.find(b"\n") + 1 or len(lines)) > LINE_LIMIT:
            self._too_long(self.number + 1)
        try:
            parts = lines.decode("utf-8").split("\n")
        except UnicodeDecodeError:
            yield from map(self._line, io.BytesIO(lines))  # which line and column: the
            return                                          # line by line reading says
        last = parts.pop()  # "" after a line end
        for part in parts:
            self.number += 1
            yield part + "\n"
        if last:
            self.number += 1
            yield last
        self._read += len(lines) if self.size else len(parts) + bool(last)
        while self._read >= self._next:
            self._next += self._step
            self.progress(self._read / self.size if self.size else None)

    def _too_long(self, number: int) -> NoReturn:
        raise CasebookError(f"a line longer than {LINE_LIMIT:,} bytes: not a file of"
                            " codings", path=self.name, line=number)

    def _line(self, raw: bytes) -> str:
        """One line read on its own (at most ``LINE_LIMIT + 1`` bytes), decoded, counted."""
        self.number += 1
        if len(raw) > LINE_LIMIT:
            self._too_long(self.number)
        if self.number == 1:
            raw = self._first(raw)
        self._read += len(raw) if self.size else 1
        if self._read >= self._next:
            self._next += self._step
            self.progress(self._read / self.size if self.size else None)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as err:
            column = len(raw[:err.start].decode("utf-8", "replace")) + 1
            raise CasebookError(f"not UTF-8 text (byte 0x{raw[err.start]:02x} at column "
                                f"{column}); save it as UTF-8 (in Excel: CSV UTF-8)",
                                path=self.name, line=self.number) from None

    def _first(self, raw: bytes) -> bytes:
        """The first line without its byte-order mark; UTF-16 is refused by name."""
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise CasebookError("UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8)",
                                path=self.name, line=1)
        return raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw


def _suffix(name: str) -> str:
    """The suffix of the file ``name``, in lower case, as ``pathlib.Path(name).suffix``
    reads it (without importing pathlib): of its last part that is not ``.``, not of a
    hidden file's name alone."""
    parts = name.replace(os.altsep, os.sep).split(os.sep) if os.altsep else name.split(os.sep)
    base = next((part for part in reversed(parts) if part not in ("", ".")), "")
    dot = base.rfind(".")
    return base[dot:].lower() if 0 < dot < len(base) - 1 else ""


def _records(lines: _Lines, note: Note) -> Iterator[Record]:
    """Each non-blank row of the file as (line, its COLUMNS) or (line, why it cannot be
    read); CSV or JSON Lines by the name's suffix, else by the first line. (Not a generator
    itself: a row passes through one generator fewer on its way.)"""
    first = next((text for text in lines if text.strip()), None)
    if first is None:
        return iter(())  # an empty file codes nothing

    suffix, head = _suffix(lines.name), first.lstrip()[:1]
    if suffix in (".jsonl", ".ndjson") or (suffix not in (".csv", ".tsv") and head == "{"):
        return _json_records(lines, first, note)
    if head == "[" and suffix not in (".csv", ".tsv"):
        raise CasebookError("a JSON array; give one JSON object per line (JSON Lines)",
                            path=lines.name, line=lines.number)
    return _csv_records(lines, first, note)


def _csv_records(lines: _Lines, header: str, note: Note) -> Iterator[Record]:
    """The rows of a CSV file whose header row is ``header`` (just read from ``lines``)."""
    at = begins = lines.number  # begins: the line the row being read begins on
    delimiter = max(",;\t", key=header.count)  # the column names hold none of them
    reader = csv.reader(chain([header], lines), delimiter=delimiter, strict=True)
    try:
        names = [name.strip().lower() for name in next(reader)]
        pick = itemgetter(*_columns(names, lines.name, at, note))
        width, begins = len(names), lines.number + 1
        for row in reader:
            line, begins = begins, lines.number + 1
            if len(row) != width or not row[0]:
                if not "".join(row).strip():
                    continue
                if len(row) > width:  # a comma too many, unquoted: the fields shift
                    yield line, CasebookError(f"{len(row)} fields where the header has "
                                              f"{width}")
                    continue
                row += [""] * (width - len(row))  # fields left off at the end are empty
            row.append("")
            yield line, pick(row)
    except csv.Error as err:
        raise CasebookError(f"not valid CSV ({err})", path=lines.name, line=begins) from None


def _columns(names: list[str], file: str, line: int, note: Note) -> list[int]:
    """Where each of COLUMNS is in a CSV row (``len(names)``, the empty value appended to
    each row, where it is not); refuses a header without the columns needed."""
    twice = sorted({name for name in names if name and names.count(name) > 1})
    if twice:
        raise CasebookError(f"column '{twice[0]}' appears twice", path=file, line=line)
    missing = [name for name in ("document", "code") if name not in names]
    if "quote" not in names:
        missing += [name for name in ("start", "end") if name not in names]
    if missing:
        shown = printable(", ".join(names)[:120])
        raise CasebookError(f"missing column(s) {', '.join(missing)}: the header row names "
                            f"{shown}; needed: document, start and end (or quote), code",
                            path=file, line=line)
    unknown = [name for name in names if name and name not in COLUMNS]  # "": a spreadsheet's
    if unknown:
        note(line, f"ignored column(s): {', '.join(unknown)[:120]}")
    return [names.index(name) if name in names else len(names) for name in COLUMNS]


def _json_records(lines: _Lines, first: str, note: Note) -> Iterator[Record]:
    """The rows of a JSON Lines file whose first non-blank line ``first`` was just read."""
    if not first.lstrip().startswith("{"):
        raise CasebookError("not JSON Lines: the line is not a JSON object",
                            path=lines.name, line=lines.number)
    known = set(COLUMNS)
    for text in chain([first], lines):
        if not text.strip():
            continue
        try:
            found = json.loads(text)
        except (ValueError, RecursionError) as err:  # JSONDecodeError, > 4300 digits, [[[[
            yield lines.number, CasebookError(f"not valid JSON ({str(err)[:80]})")
            continue
        if not isinstance(found, dict):
            yield lines.number, CasebookError("not a JSON object")
            continue
        unknown = found.keys() - known
        if unknown:
            known |= unknown
            note(lines.number, f"ignored key(s): {', '.join(sorted(unknown))[:120]}")
        try:
            yield lines.number, tuple(_json_value(found.get(name), name) for name in COLUMNS)
        except CasebookError as err:
            yield lines.number, err


def _json_value(value: object, name: str) -> str:
    """A JSON value as the text a CSV field would hold (null: empty)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise CasebookError(f"{json.dumps(value)[:30]} is neither text nor a whole number",
                        field=name)


def printable(text: str) -> str:
    """``text`` with its control characters, and the bytes of a file name that are not
    UTF-8, shown as escapes (a file's text on a terminal)."""
    return text.translate(_CONTROLS)
