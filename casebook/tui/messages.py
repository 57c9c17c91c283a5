"""Messages that widgets and screens post up to the app."""

from __future__ import annotations

from textual.message import Message


class DocumentChosen(Message):
    """The person chose a document in the document list."""

    def __init__(self, document_id: int) -> None:
        super().__init__()
        self.document_id = document_id


class SelectionChanged(Message):
    """The transcript's selection moved (by key or mouse)."""


class JumpTo(Message):
    """Open a document and select a span (from retrieval)."""

    def __init__(self, document_id: int, start: int, end: int) -> None:
        super().__init__()
        self.document_id, self.start, self.end = document_id, start, end
