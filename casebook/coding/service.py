"""Coding as a service: what the CLI, the demo and scripts share (the TUI adds undo on top,
in casebook.coding.session). :class:`Resolver` names documents, codes and coders the way
`code add` takes them, each looked up once, for many codings at a time
(:mod:`casebook.coding.bulk`)."""

from __future__ import annotations

from casebook.errors import CasebookError
from casebook.model import Code, Coder, Coding, Document
from casebook.offsets import snap, trim

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def find_quote(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """The span of the ``occurrence``-th (1-based) appearance of ``quote`` in ``text``."""
    if not quote.strip():
        raise CasebookError("an empty quote anchors nothing", field="quote")
    position = -1
    for _ in range(max(1, occurrence)):
        position = text.find(quote, position + 1)
        if position == -1:
            break
    if position == -1:
        count = text.count(quote)
        detail = f"appears {count} time(s)" if count else "does not appear in the text"
        raise CasebookError(f"quote {quote[:40]!r} {detail}", field="quote")
    return position, position + len(quote)


def span(text: str, start: int, end: int, field: str = "--start/--end") -> tuple[int, int]:
    """``(start, end)`` checked against ``text``, snapped off half characters and trimmed of
    white space: the span a coding of ``text[start:end]`` gets."""
    if not (0 <= start < end <= len(text)):
        raise CasebookError(f"span {start}-{end} is outside the document (0-{len(text)})",
                            field=field)
    if not (text[start] < "\x80" and text[end - 1] < "\x80"
            and (end == len(text) or text[end] < "\x80")):  # ASCII ends split no character
        start, end = snap(text, start, end)
    start, end = trim(text, start, end)
    if start >= end:
        raise CasebookError("the span holds only white space", field=field)
    return start, end


def codable(code: Code, field: str = "--code") -> Code:
    """``code``, if a coding may carry it (a category may not)."""
    if not code.codable:
        raise CasebookError(f"'{code.name}' is a category (codable: false); code with one "
                            "of its sub-codes", field=field)
    return code


def add(store, document: str | int, start: int, end: int, code: str, coder: str,
        memo: str | None = None) -> Coding:
    """Code ``document[start:end]``; the span is snapped off half characters and trimmed."""
    doc = store.document(document)
    start, end = span(doc.text, start, end)
    with store.transaction():
        code_id = codable(store.code(code)).id
        who = store.coder(coder)
        coding = Coding(document_id=doc.id, start=start, end=end, code_id=code_id,
                        coder_id=who.id, memo=memo, coder_name=who.name)
        store.add_coding(coding)
    return coding


REMEMBERED = 10_000  # names a Resolver keeps: a file naming millions is looked up each time


def _given(value: str, field: str) -> str:
    """A name that must not be empty, stripped."""
    value = value.strip()
    if not value:
        raise CasebookError("is empty", field=field)
    return value


class Resolver:
    """Documents, codes and coders by the names people give them -- as `code add` takes
    them (:meth:`Store.document`, :meth:`Store.code`, :meth:`Store.coder`) -- each name
    looked up once, a refused one too. A coder not in the project yet is made but not
    stored: it is in ``new_coders``, for the caller to store with its codings (or not, in a
    dry run)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.new_coders: list[Coder] = []
        self._documents: dict[str, Document | CasebookError] = {}
        self._codes: dict[str, str | CasebookError] = {}
        self._named: dict[str, Coder] = {}  # as the rows name them
        self._names: dict[str, Coder] = {}  # by _nocase(name), of coders known or new
        self._ids: dict[str, Coder] = {}
        self._loaded = False

    def document(self, ref: str) -> Document:
        """A document by id, name or unique name prefix."""
        found = self._documents.get(ref)
        if found is None:
            try:
                found = self.store.document(_given(ref, "document"))
            except CasebookError as err:
                found = err
            if len(self._documents) < REMEMBERED:
                self._documents[ref] = found
        if isinstance(found, CasebookError):
            raise found.with_traceback(None)  # not a traceback that grows per row
        assert isinstance(found, Document)
        return found

    def code(self, ref: str) -> str:
        """The id of a codable code, by id, hotkey or name."""
        found = self._codes.get(ref)
        if found is None:
            try:
                found = codable(self.store.code(_given(ref, "code")), field="code").id
            except CasebookError as err:
                found = err
            if len(self._codes) < REMEMBERED:
                self._codes[ref] = found
        if isinstance(found, CasebookError):
            raise found.with_traceback(None)
        return found

    def coder(self, name: str) -> Coder:
        """The coder of that name; a new one as :meth:`Store.coder` would make it."""
        found = self._named.get(name)
        if found is None:
            found = self._coder(name)
            if len(self._named) < REMEMBERED:
                self._named[name] = found
        return found

    def _coder(self, name: str) -> Coder:
        """The coder of that name (names match as the coders table's do, ignoring ASCII
        case), or of the id that name gives; else a new one, remembered in ``new_coders``."""
        from casebook.store.codes import coder_id_for  # the store: lazily

        if not self._loaded:
            self._loaded = True
            for known in self.store.coders():
                self._ids[known.id] = self._names[_nocase(known.name)] = known
        named = name.strip()
        if not named:
            raise CasebookError("a coder needs a name", field="coder")
        found = self._names.get(_nocase(named)) or self._ids.get(coder_id_for(named))
        if found is None:
            found = Coder(id=coder_id_for(named), name=named)
            self._ids[found.id] = self._names[_nocase(named)] = found
            self.new_coders.append(found)
        return found


def _nocase(name: str) -> str:
    """A name as SQLite's NOCASE compares it: ASCII letters in lower case."""
    return name.translate(_ASCII_LOWER)


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
