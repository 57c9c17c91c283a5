"""Messages that widgets and screens post up to the coding screen."""

from __future__ import annotations

from textual.message import Message


class DocumentChosen(Message):
    """The person chose a document in the document list."""

    def __init__(self, document_id: int) -> None:
        super().__init__()
        self.document_id = document_id


class CodeChosen(Message):
    """The person chose a code in the code tree (Enter: apply it to the selection)."""

    def __init__(self, code_id: str) -> None:
        super().__init__()
        self.code_id = code_id


class SelectionMade(Message):
    """The person selected ``[start, end)`` in the transcript with the mouse (in either
    order; equal ends place a caret)."""

    def __init__(self, start: int, end: int) -> None:
        super().__init__()
        self.start, self.end = start, end


class JumpTo(Message):
    """Open a document and select a span (from retrieval)."""

    def __init__(self, document_id: int, start: int, end: int) -> None:
        super().__init__()
        self.document_id, self.start, self.end = document_id, start, end
