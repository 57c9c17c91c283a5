"""Coding as a service: what the CLI, the demo and scripts share (the TUI adds undo on top,
in casebook.coding.session)."""

from __future__ import annotations

from casebook.errors import CasebookError
from casebook.model import Coding
from casebook.offsets import snap, trim


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


def add(store, document: str | int, start: int, end: int, code: str, coder: str,
        memo: str | None = None) -> Coding:
    """Code ``document[start:end]``; the span is snapped off half characters and trimmed."""
    doc = store.document(document)
    if not (0 <= start < end <= len(doc.text)):
        raise CasebookError(f"span {start}-{end} is outside the document (0-{len(doc.text)})",
                            field="--start/--end")
    start, end = trim(doc.text, *snap(doc.text, start, end))
    if start >= end:
        raise CasebookError("the span holds only white space", field="--start/--end")
    with store.transaction():
        found = store.code(code)
        if not found.codable:
            raise CasebookError(f"'{found.name}' is a category (codable: false); code with one "
                                "of its sub-codes", field="--code")
        code_id = found.id
        who = store.coder(coder)
        coding = Coding(document_id=doc.id, start=start, end=end, code_id=code_id,
                        coder_id=who.id, memo=memo, coder_name=who.name)
        store.add_coding(coding)
    return coding
