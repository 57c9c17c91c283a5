"""Scripted coding at scale: `casebook code add --from FILE` codes many spans from a CSV or a
JSON Lines file, all in one transaction.

A row names what `code add` takes: ``document`` (id or name), ``start`` and ``end`` (code
point offsets, end exclusive) or ``quote`` (and ``occurrence``, default 1), ``code`` (id,
name or hotkey), ``coder`` (a name, created when new; empty: the default coder) and ``memo``
-- as CSV columns or JSON Lines keys (:mod:`casebook.coding.rowfile` reads the file).

- Each row is checked as `code add` checks its one coding (span inside the document, snapped
  and trimmed, a codable code). A row that fails is refused and reported as
  ``FILE:LINE: field: reason``, LINE being where the row begins; the others are added in
  one transaction. ``strict``: if any row is refused nothing is written. ``dry_run``: check
  and report, write nothing (not even a new coder).
- A row repeating a coding (of the project, or of an earlier row) adds nothing and its memo
  is not written: loading the same file twice adds nothing the second time. Blank rows are
  skipped.
- A file that cannot be read as a whole (missing, not UTF-8, not CSV or JSON Lines, ...)
  raises one :class:`CasebookError` naming the file and line, and nothing is written.

The file is read a block (about 1% of it) at a time and each row checked as it comes; the
codings that pass are stored at the end in one ``executemany`` (:meth:`Store.add_coding_rows`,
or :meth:`Store.add_codings` when there are memos or ids to tell). Memory holds those
codings as tuples, the documents, codes and coders named (each looked up once,
:class:`~casebook.coding.service.Resolver`) and the first refusals -- never the file.
A row that names what an earlier row passed with, by offsets whose ends need no snapping
or trimming (:func:`~casebook.offsets.plain_ends`), is taken without the full check: it
would come out as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from casebook.coding.rowfile import COLUMNS, Record, printable, read
from casebook.coding.service import REMEMBERED, Resolver, find_quote, span
from casebook.errors import CasebookError
from casebook.model import Coder, Coding
from casebook.offsets import normalise, plain_ends

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import IO, Any

    from casebook.store import Store
    from casebook.store.codings import CodingRow

KEPT = 10_000  # refusals kept for the report (each one is told as it is found)
Progress = Callable[[float | None, int], None]  # (fraction of the file read or None, rows)


@dataclass(frozen=True)
class Refusal:
    """A row that was not added: its line, the field at fault (if one), and why."""

    line: int
    field: str | None
    reason: str


@dataclass
class BulkReport:
    """What a file did: rows read (blank ones not counted), codings added, rows whose coding
    was present already, rows refused (the first ``KEPT`` of them kept), notes on the file,
    coders new to the project, and whether anything was written. ``codings`` is (line,
    coding id) per row that passed, when asked for."""

    file: str
    dry_run: bool = False
    written: bool = False
    rows: int = 0
    added: int = 0
    present: int = 0
    refused: int = 0
    refusals: list[Refusal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    new_coders: list[str] = field(default_factory=list)
    codings: list[tuple[int, int]] = field(default_factory=list)

    @property
    def valid(self) -> int:
        """Rows that passed every check."""
        return self.rows - self.refused

    def line(self, refusal: Refusal) -> str:
        """A refusal as one line, ``FILE:LINE: field: reason``, control characters shown."""
        text = str(CasebookError(refusal.reason, path=self.file, line=refusal.line,
                                 field=refusal.field))
        return printable(text)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (``--json``)."""
        return {"file": printable(self.file), "dry_run": self.dry_run, "written": self.written,
                "rows": self.rows, "added": self.added, "present": self.present,
                "refused": self.refused,
                "refusals": [{"line": r.line, "field": r.field, "reason": r.reason}
                             for r in self.refusals],
                "notes": self.notes, "new_coders": self.new_coders,
                "codings": [{"line": line, "id": i} for line, i in self.codings]}


def code_from(store: Store, path: str | Path, *, coder: str, stream: IO[bytes] | None = None,
              dry_run: bool = False, strict: bool = False, keep_ids: bool = False,
              on_message: Callable[[str], None] | None = None,
              on_progress: Progress | None = None) -> BulkReport:
    """Code every row of the file at ``path`` (or of ``stream``, named ``path``), rows
    without a coder as ``coder``; see the module docstring. ``on_message`` hears each
    refusal and note as one line when it is found, ``on_progress`` about 100 times."""
    report = BulkReport(file=str(path), dry_run=dry_run)
    tell = on_message or (lambda _line: None)

    def note(line: int, text: str) -> None:
        if len(report.notes) < KEPT:
            report.notes.append(f"line {line}: {text}")
        tell(printable(str(CasebookError(text, path=report.file, line=line))))

    resolver = Resolver(store)
    records = read(report.file, stream, note,
                   lambda done: on_progress(done, report.rows) if on_progress else None)
    lines, rows, memos = _checked(records, _Checker(resolver, coder), report, tell, keep_ids)
    report.new_coders = [who.name for who in resolver.new_coders]
    if rows and not dry_run and not (strict and report.refused):
        ids = _write(store, rows, memos, resolver.new_coders, report, keep_ids)
        if keep_ids:
            report.codings = list(zip(lines, ids))
    return report


def _write(store: Store, rows: list[CodingRow], memos: dict[int, str], coders: list[Coder],
           report: BulkReport, keep_ids: bool) -> list[int]:
    """Store the codings (and the new coders they name) in one transaction; their ids if
    ``keep_ids``. Without memos or ids to tell, as rows (:meth:`Store.add_coding_rows`: no
    object per coding); else as codings (:meth:`Store.add_codings`), ``memos`` by row.

    The store's insert goes without a savepoint of its own (in SQLite one writes twice as
    slowly), inside this transaction: it is all or nothing anyway. What was ``added`` is
    counted inside it too, so a coding another process adds while this one waits for the
    write lock is not counted as this file's (nor its rows as present)."""
    ids: list[int] = []
    with store.transaction():
        for who in coders:
            store.coder(who.name, coder_id=who.id)
        if memos or keep_ids:
            before = _count(store)  # under the write lock: only this file's changes follow
            ids = store.add_codings([Coding(*row[:5], memo=memos.get(n))
                                     for n, row in enumerate(rows)], savepoint=False)
            report.added = _count(store) - before
        else:
            report.added = store.add_coding_rows(rows, savepoint=False)[1]
    report.written = True
    report.present = report.valid - report.added
    return ids


def _count(store: Store) -> int:
    """How many codings the project holds."""
    return sum(store.coding_counts().values())


def _checked(records: Iterator[Record], checker: _Checker, report: BulkReport,
             tell: Callable[[str], None], keep_lines: bool
             ) -> tuple[list[int], list[CodingRow], dict[int, str]]:
    """The rows that pass: their codings as rows, their lines if ``keep_lines``, their
    memos by position. Each refused row is added to ``report`` and told.

    A row naming a document, code and coder that an earlier row passed with, by offsets
    whose ends are plain (:func:`~casebook.offsets.plain_ends`), without quote or memo, is
    taken as it is: the span `span` would give it is its own. Every other row is checked in
    full."""
    lines: list[int] = []
    rows: list[CodingRow] = []
    memos: dict[int, str] = {}
    documents, codes, coders = checker.documents, checker.codes, checker.coders
    for line, fields in records:
        report.rows += 1
        if fields.__class__ is tuple:  # the common row, checked here without a call:
            document, start, end, quote, occurrence, code, coder, memo = fields
            doc, code_id, coder_id = documents.get(document), codes.get(code), coders.get(coder)
            if doc and code_id and coder_id and not (quote or memo) and "\x00" not in occurrence:
                try:
                    first, after = int(start), int(end)
                except ValueError:
                    pass
                else:
                    if 0 <= first < after <= doc[1] and doc[2][first] & 1 and doc[2][after] & 2:
                        rows.append((doc[0], first, after, code_id, coder_id, None, None))
                        if keep_lines:
                            lines.append(line)
                        continue
        try:
            if isinstance(fields, CasebookError):
                raise fields
            coding = checker.coding(fields)
        except CasebookError as err:
            refusal = Refusal(line, err.field, _short(err.message))
            report.refused += 1
            if report.refused <= KEPT:
                report.refusals.append(refusal)
            tell(report.line(refusal))
            continue
        if coding.memo:
            memos[len(rows)] = coding.memo
        rows.append((coding.document_id, coding.start, coding.end, coding.code_id,
                     coding.coder_id, None, None))
        if keep_lines:
            lines.append(line)
    return lines, rows, memos


class _Checker:
    """One row's fields to the coding `code add` would make of them, or why not."""

    def __init__(self, resolver: Resolver, coder: str) -> None:
        self.resolver = resolver
        self.default_coder = coder
        # what rows that passed named, as they named it (at most REMEMBERED of each):
        # document -> (id, length, plain_ends(text)); code -> id; coder -> id
        self.documents: dict[str, tuple[int, int, bytes]] = {}
        self.codes: dict[str, str] = {}
        self.coders: dict[str, str] = {}
        self._plain: dict[int, tuple[int, int, bytes]] = {}

    def coding(self, fields: tuple[str, ...]) -> Coding:
        """The coding of a row (its COLUMNS, "" where not given); raises why not."""
        if "\x00" in "".join(fields):
            raise CasebookError("holds a NUL character", field=next(
                name for name, value in zip(COLUMNS, fields) if "\x00" in value))
        document, start, end, quote, occurrence, code, coder, memo = fields
        doc = self.resolver.document(document)
        assert doc.id is not None
        if quote:
            if start.strip() or end.strip():
                raise CasebookError("give quote or start and end, not both", field="quote")
            which = _whole(occurrence, "occurrence") if occurrence.strip() else 1
            if which < 1:
                raise CasebookError(f"{which} is not 1 or more", field="occurrence")
            first, after = find_quote(doc.text, normalise(quote), which)  # as the text is
        else:
            try:
                first, after = int(start), int(end)
            except ValueError:
                if not (start.strip() or end.strip()):
                    raise CasebookError("give start and end, or quote",
                                        field="start/end") from None
                first, after = _whole(start, "start"), _whole(end, "end")
        first, after = span(doc.text, first, after, field="start/end")
        code_id = self.resolver.code(code)
        # the coder last: a refused row brings no new coder in
        who = self.resolver.coder(coder if coder.strip() else self.default_coder)
        if len(self.documents) < REMEMBERED and document not in self.documents:
            known = self._plain.get(doc.id)  # remembered for the rows after this one
            if known is None:
                known = self._plain[doc.id] = (doc.id, len(doc.text), plain_ends(doc.text))
            self.documents[document] = known
        if len(self.codes) < REMEMBERED:
            self.codes[code] = code_id
        if len(self.coders) < REMEMBERED:
            self.coders[coder] = who.id
        return Coding(doc.id, first, after, code_id, who.id, memo=memo or None,
                      coder_name=who.name)


def _short(text: str) -> str:
    """A reason cut to a line or two, its head and its tail (it may quote a hostile
    field)."""
    return text if len(text) <= 240 else f"{text[:140]}…{text[-99:]}"


def _whole(value: str, name: str) -> int:
    """A field holding a whole number."""
    value = value.strip()
    if not value:
        raise CasebookError("is empty", field=name)
    try:
        return int(value)
    except ValueError:  # not a number, or more than 4,300 digits
        raise CasebookError(f"{value[:30]!r} is not a whole number", field=name) from None
